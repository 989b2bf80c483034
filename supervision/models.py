"""Supervision of peer workers: arrangements, session records, actions, sign-off.

Privacy tiers (DOMAIN.md §5):

1. a private reflection is readable only by its author. The record's author writes
   ``SupervisionSession.private_reflection``; the other party keeps their own reflection on the
   same record in ``counterpart_reflection``. Both are encrypted at rest;
2. the shared record (summary, topics, actions, addenda) is for the peer worker and the
   supervisor of the session's arrangement while that arrangement is active;
3. managers of the employing organisation (and administrators) see only that supervision
   happened: dates, type, duration, on time;
4. researchers see nothing here.
"""

from __future__ import annotations

import datetime as dt
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Organisation, PeerWorker, Vocabulary
from peerwork.lib.constraints import choices_check
from peerwork.lib.dates import active_on
from supervision.fields import EncryptedTextField

# Free text written by people, and links that identify them, for the erasure command.
IDENTIFYING_FIELDS: dict[str, tuple[str, ...]] = {
    "SupervisionArrangement": ("supervisor",),
    "SupervisionSession": (
        "author",
        "shared_summary",
        "private_reflection",
        "counterpart_reflection",
    ),
    "SessionAction": ("text",),
    "SessionAddendum": ("author", "text"),
    "SessionEvent": ("actor", "comment"),
    "SessionRead": ("reader",),
    "DigestSent": ("recipient",),
}

MAX_DURATION_MINUTES = 8 * 60
MAX_DAYS_AHEAD = 7


class SupervisionType(models.TextChoices):
    PEER = "peer", _("Peer (supervisor has lived experience)")
    MANAGERIAL = "managerial", _("Managerial / line")
    CLINICAL = "clinical", _("Clinical")
    GROUP = "group", _("Group reflective")


class SessionMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video")
    PHONE = "phone", _("Phone")


class SessionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for sign-off")
    RETURNED = "returned", _("Returned for revision")
    SIGNED = "signed", _("Signed by both")


class ActionOwner(models.TextChoices):
    PEER_WORKER = "peer_worker", _("Peer worker")
    SUPERVISOR = "supervisor", _("Supervisor")
    BOTH = "both", _("Both")


class EventKind(models.TextChoices):
    CREATED = "created", _("Drafted")
    EDITED = "edited", _("Edited")
    SUBMITTED = "submitted", _("Submitted for sign-off")
    RETURNED = "returned", _("Returned with a comment")
    SIGNED = "signed", _("Signed")
    ADDENDUM = "addendum", _("Addendum added")


class DigestKind(models.TextChoices):
    SUPERVISOR = "supervisor", _("Supervisor digest")
    PEER_WORKER = "peer_worker", _("Peer worker actions")


# --- Vocabulary -----------------------------------------------------------------------


class SupervisionTopic(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("supervision topic")


# --- Arrangements ---------------------------------------------------------------------


class ArrangementQuerySet(models.QuerySet):
    def active(self, on: dt.date | None = None):
        on = on or timezone.localdate()
        return self.filter(active_on(on))

    def for_user(self, user):
        """Arrangements in which ``user`` is the peer worker or the supervisor."""
        return self.filter(Q(peer_worker__user=user) | Q(supervisor=user))

    def overdue(self, on: dt.date | None = None):
        on = on or timezone.localdate()
        return self.active(on).filter(next_due_on__lt=on)


class SupervisionArrangement(models.Model):
    """Who supervises a peer worker, how, and how often."""

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    peer_worker = models.ForeignKey(
        PeerWorker,
        on_delete=models.CASCADE,
        related_name="supervision_arrangements",
        verbose_name=_("peer worker"),
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="supervision_arrangements",
        verbose_name=_("supervisor"),
    )
    supervisor_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="supervision_arrangements",
        verbose_name=_("supervisor's organisation"),
        help_text=_("In a partnership this may not be the employer."),
    )
    supervision_type = models.CharField(_("type"), max_length=20, choices=SupervisionType.choices)
    supervisor_has_lived_experience = models.BooleanField(
        _("supervisor has lived experience"), default=False
    )
    frequency_days = models.PositiveSmallIntegerField(
        _("expected every (days)"), default=28, help_text=_("For example 28 for monthly.")
    )
    started = models.DateField(_("start date"))
    ended = models.DateField(_("end date"), null=True, blank=True)
    # Kept by services: last signed session (or the start) + frequency.
    next_due_on = models.DateField(_("next session due"), editable=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = ArrangementQuerySet.as_manager()

    class Meta:
        ordering = ["peer_worker__full_name", "started"]
        constraints = [
            choices_check(
                "supervision_type", SupervisionType, name="supervision_arrangement_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(frequency_days__gte=1) & Q(frequency_days__lte=365),
                name="supervision_arrangement_frequency_range",
            ),
            models.CheckConstraint(
                condition=Q(ended__isnull=True) | Q(ended__gte=models.F("started")),
                name="supervision_arrangement_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["peer_worker", "supervisor", "supervision_type", "started"],
                name="supervision_arrangement_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_supervision_type_display()}: {self.supervisor} → {self.peer_worker}"

    def is_active_on(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.started <= on and (self.ended is None or self.ended >= on)

    @property
    def is_active(self) -> bool:
        return self.is_active_on()

    @property
    def is_overdue(self) -> bool:
        today = timezone.localdate()
        return self.is_active_on(today) and self.next_due_on < today

    def compute_next_due(self, last_signed_on: dt.date | None) -> dt.date:
        return (last_signed_on or self.started) + dt.timedelta(days=self.frequency_days)


# --- Sessions -------------------------------------------------------------------------


class SessionQuerySet(models.QuerySet):
    def for_party(self, user):
        """Sessions whose shared content ``user`` may read: the worker, or the supervisor
        of the session's arrangement while it is active."""
        today = timezone.localdate()
        return self.filter(
            Q(arrangement__peer_worker__user=user)
            | (Q(arrangement__supervisor=user) & active_on(today, "arrangement"))
        )

    def without_reflections(self):
        return self.defer("private_reflection", "counterpart_reflection")

    def awaiting_signature_by(self, user):
        """Submitted records where ``user`` is the other party (not the author)."""
        return self.for_party(user).filter(status=SessionStatus.SUBMITTED).exclude(author=user)


class SupervisionSession(models.Model):
    """One supervision session's record, written by one party and signed by the other."""

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    arrangement = models.ForeignKey(
        SupervisionArrangement,
        on_delete=models.CASCADE,
        related_name="sessions",
        verbose_name=_("supervision arrangement"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="authored_supervision_sessions",
        help_text=_("The party who drafted the record."),
    )
    held_on = models.DateField(_("date of the session"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    mode = models.CharField(_("how you met"), max_length=20, choices=SessionMode.choices)
    supervision_type = models.CharField(_("type"), max_length=20, choices=SupervisionType.choices)
    topics = models.ManyToManyField(
        SupervisionTopic, related_name="sessions", blank=True, verbose_name=_("topics")
    )
    shared_summary = models.TextField(
        _("shared summary"),
        blank=True,
        help_text=_("Seen by you and the other party of this supervision."),
    )
    private_reflection = EncryptedTextField(
        _("private reflection"),
        blank=True,
        help_text=_("Only the author of the record can ever read this."),
    )
    counterpart_reflection = EncryptedTextField(
        _("the other party's private reflection"),
        blank=True,
        help_text=_("Only the other party (not the author) can ever read this."),
    )
    next_session_on = models.DateField(_("next session"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.DRAFT
    )
    author_signed_at = models.DateTimeField(null=True, blank=True, editable=False)
    counterpart_signed_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1)
                & Q(duration_minutes__lte=MAX_DURATION_MINUTES),
                name="supervision_session_duration_range",
            ),
            choices_check("mode", SessionMode, name="supervision_session_mode_valid"),
            choices_check(
                "supervision_type", SupervisionType, name="supervision_session_type_valid"
            ),
            choices_check("status", SessionStatus, name="supervision_session_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=SessionStatus.SIGNED)
                | (Q(author_signed_at__isnull=False) & Q(counterpart_signed_at__isnull=False)),
                name="supervision_session_signed_by_both",
            ),
            models.CheckConstraint(
                condition=Q(next_session_on__isnull=True)
                | Q(next_session_on__gte=models.F("held_on")),
                name="supervision_session_next_after_held",
            ),
        ]
        indexes = [models.Index(fields=["arrangement", "status", "held_on"])]

    def __str__(self) -> str:
        return f"{self.get_supervision_type_display()} supervision on {self.held_on:%d %b %Y}"

    @property
    def is_locked(self) -> bool:
        return self.status == SessionStatus.SIGNED

    @property
    def is_editable(self) -> bool:
        return self.status in (SessionStatus.DRAFT, SessionStatus.RETURNED)

    def is_author(self, user) -> bool:
        return user.is_authenticated and self.author_id == user.pk

    def counterpart_id(self) -> int | None:
        """The user id of the party who did not author the record."""
        arrangement = self.arrangement
        if self.author_id == arrangement.supervisor_id:
            return arrangement.peer_worker.user_id
        return arrangement.supervisor_id

    def reflection_for(self, user) -> str:
        """The viewer's own private reflection on this record ('' for everyone else)."""
        if self.author_id == user.pk:
            return self.private_reflection
        if self.counterpart_id() == user.pk:
            return self.counterpart_reflection
        return ""


class ActionQuerySet(models.QuerySet):
    def open(self) -> ActionQuerySet:
        """Not done and not carried forward into a later record."""
        return self.filter(is_done=False, carried_into__isnull=True)

    def carriable(self) -> ActionQuerySet:
        """Open actions a new record may carry forward: only from records that were submitted
        or signed (a draft's actions were never agreed; its author may still change them)."""
        return self.open().filter(
            session__status__in=[SessionStatus.SUBMITTED, SessionStatus.SIGNED]
        )


class SessionAction(models.Model):
    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    session = models.ForeignKey(
        SupervisionSession, on_delete=models.CASCADE, related_name="actions"
    )
    text = models.CharField(_("action"), max_length=300)
    owner = models.CharField(
        _("who"), max_length=20, choices=ActionOwner.choices, default=ActionOwner.PEER_WORKER
    )
    due_on = models.DateField(_("due"))
    is_done = models.BooleanField(_("done"), default=False)
    carried_from = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_into",
        help_text=_("The open action of an earlier session this one continues."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["session", "position", "pk"]
        constraints = [
            choices_check("owner", ActionOwner, name="supervision_action_owner_valid"),
            models.CheckConstraint(
                condition=Q(text__gt=""), name="supervision_action_text_nonempty"
            ),
        ]

    def __str__(self) -> str:
        # Never the text: __str__ shows up in admin screens (e.g. delete confirmations).
        return f"Action due {self.due_on:%d %b %Y}"


class SessionAddendum(models.Model):
    """A later correction to a signed record; the record itself never changes."""

    session = models.ForeignKey(
        SupervisionSession, on_delete=models.CASCADE, related_name="addenda"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("addendum"))
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["session", "created"]
        verbose_name_plural = _("addenda")
        constraints = [
            models.CheckConstraint(
                condition=Q(text__gt=""), name="supervision_addendum_text_nonempty"
            ),
        ]

    def __str__(self) -> str:
        return f"Addendum to {self.session} ({self.created:%d %b %Y})"


class SessionEvent(models.Model):
    """The workflow history of a record: who did what, with the return comment."""

    session = models.ForeignKey(SupervisionSession, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    comment = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["session", "created", "pk"]
        constraints = [
            choices_check("kind", EventKind, name="supervision_event_kind_valid"),
            models.CheckConstraint(
                condition=~Q(kind=EventKind.RETURNED) | Q(comment__gt=""),
                name="supervision_event_return_has_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.actor} ({self.created:%d %b %Y %H:%M})"


class SessionRead(models.Model):
    """One read of a session's shared content (who, when), shown to the peer worker."""

    session = models.ForeignKey(SupervisionSession, on_delete=models.CASCADE, related_name="reads")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now, db_index=True)
    via = models.CharField(max_length=20, default="page")

    class Meta:
        ordering = ["-read_at"]

    def __str__(self) -> str:
        return f"{self.reader} read {self.session} at {self.read_at:%d %b %Y %H:%M}"


class DigestSent(models.Model):
    """Makes ``supervision_digest`` idempotent per recipient, kind and day."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=DigestKind.choices)
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "day"], name="supervision_digestsent_unique"
            ),
            choices_check("kind", DigestKind, name="supervision_digestsent_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient} on {self.day}"
