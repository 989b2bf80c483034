"""Training: programmes, their sessions, who enrolled and attended, completions with
certificates, the training each peer worker role requires, and feedback from attendees.

A ``Session`` is one scheduled meeting of a programme (a day, or a block of consecutive
days). People are enrolled per session and their attendance is recorded on that enrolment.
Completion of the programme (and any certificate) is recorded on the enrolment of the
session through which the person completed it — usually the last one they attended.

Team colleagues (for team-preparation training) are not users: a ``Colleague`` is a team
and a name only.
"""

from __future__ import annotations

from uuid import uuid4

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from cases.models import Organisation, PeerWorker, PeerWorkerRole, Team, Vocabulary
from peerwork.lib.constraints import choices_check

# Fields holding personal data that identifies someone other than a signed-in user; a later
# erasure command blanks or deletes these. ``model label → field names``.
IDENTIFYING_FIELDS: dict[str, tuple[str, ...]] = {
    "training.Colleague": ("full_name",),
    "training.Enrolment": ("certificate_number",),
    "training.Feedback": ("comment",),
}

DUE_SOON_DAYS = 30


# --- Choices --------------------------------------------------------------------------


class Audience(models.TextChoices):
    PEER_WORKERS = "peer_workers", _("Peer workers")
    TEAM_COLLEAGUES = "team_colleagues", _("Team colleagues (team preparation)")
    SUPERVISORS = "supervisors", _("Supervisors")
    MANAGERS = "managers", _("Managers")


class Category(models.TextChoices):
    PEER_SPECIFIC = "peer_specific", _("Peer-specific")
    GENERIC_MANDATORY = "generic_mandatory", _("Generic mandatory")
    OTHER = "other", _("Other")


class LivedExperienceDelivery(models.TextChoices):
    DELIVERED = "delivered", _("Delivered by people with lived experience")
    CO_DELIVERED = "co_delivered", _("Co-delivered with people with lived experience")
    NOT_INVOLVED = "not_involved", _("No lived experience involvement in delivery")


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("In person and online")


class Attendance(models.TextChoices):
    UNRECORDED = "unrecorded", _("Not recorded yet")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Did not attend")


class ComplianceStatus(models.TextChoices):
    COMPLIANT = "compliant", _("Compliant")
    DUE_SOON = "due_soon", _("Due within 30 days")
    OVERDUE = "overdue", _("Overdue")
    MISSING = "missing", _("Missing")


class ReminderKind(models.TextChoices):
    COMPLIANCE = "compliance", _("Training due or overdue")


# --- Vocabulary -------------------------------------------------------------------------


class CompetenceDomain(Vocabulary):
    """A domain of the HEE competence framework for peer support workers (2020)."""

    description = models.TextField(_("description"), blank=True)

    class Meta(Vocabulary.Meta):
        verbose_name = _("competence domain")


# --- Programmes -------------------------------------------------------------------------


class TrainingProgrammeQuerySet(models.QuerySet):
    def for_organisations(self, organisation_ids):
        return self.filter(organisation_id__in=organisation_ids)

    def active(self):
        return self.filter(is_active=True)

    def team_preparation(self):
        return self.filter(audience=Audience.TEAM_COLLEAGUES)


class TrainingProgramme(models.Model):
    """A course an organisation offers or buys in. The owning ``organisation`` is the tenant."""

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="training_programmes",
        verbose_name=_("organisation"),
        help_text=_("The organisation that runs this training for its people."),
    )
    title = models.CharField(_("title"), max_length=200)
    provider_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="provided_programmes",
        verbose_name=_("provider (an organisation in peerwork)"),
    )
    provider_name = models.CharField(
        _("or an external provider"),
        max_length=200,
        blank=True,
        help_text=_("The provider's name when it is not one of the organisations listed."),
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    category = models.CharField(
        _("kind of training"),
        max_length=20,
        choices=Category.choices,
        help_text=_("Peer-specific training, or generic mandatory training every employee does."),
    )
    is_accredited = models.BooleanField(_("accredited"), default=False)
    accredited_by = models.CharField(
        _("accredited by"), max_length=200, blank=True, help_text=_("Only when accredited.")
    )
    lived_experience_delivery = models.CharField(
        _("lived experience in delivery"),
        max_length=20,
        choices=LivedExperienceDelivery.choices,
        default=LivedExperienceDelivery.NOT_INVOLVED,
    )
    is_induction = models.BooleanField(
        _("a brief induction"),
        default=False,
        help_text=_("A short induction to the role, rather than a course of training."),
    )
    total_hours = models.DecimalField(
        _("total hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0, _("Hours cannot be negative."))],
    )
    session_count = models.PositiveSmallIntegerField(
        _("number of sessions"),
        default=1,
        validators=[MinValueValidator(1, _("A programme has at least one session."))],
    )
    domains = models.ManyToManyField(
        CompetenceDomain,
        verbose_name=_("HEE competence domains covered"),
        related_name="programmes",
        blank=True,
    )
    has_certificate = models.BooleanField(_("leads to a certificate"), default=False)
    certificate_valid_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("Leave empty if the certificate does not expire."),
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(
        _("offered"), default=True, help_text=_("Programmes no longer offered stay on records.")
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = TrainingProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("training programme")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "title"], name="training_programme_unique_title"
            ),
            models.CheckConstraint(
                condition=(Q(provider_organisation__isnull=False) & Q(provider_name=""))
                | (Q(provider_organisation__isnull=True) & Q(provider_name__gt="")),
                name="training_programme_one_provider",
                violation_error_message=_(
                    "Choose the provider organisation or name an external provider (one, not both)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(is_accredited=True, accredited_by__gt="")
                | Q(is_accredited=False, accredited_by=""),
                name="training_programme_accreditor_named",
                violation_error_message=_(
                    "Say who accredits the programme (only when it is accredited)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(total_hours__gte=0),
                name="training_programme_hours_nonneg",
                violation_error_message=_("Hours cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(session_count__gte=1),
                name="training_programme_sessions_positive",
                violation_error_message=_("A programme has at least one session."),
            ),
            models.CheckConstraint(
                condition=Q(certificate_valid_months__isnull=True)
                | Q(has_certificate=True, certificate_valid_months__gte=1),
                name="training_programme_validity_needs_certificate",
                violation_error_message=_(
                    "Only programmes that lead to a certificate have a validity."
                ),
            ),
            choices_check("audience", Audience, name="training_programme_audience_valid"),
            choices_check("category", Category, name="training_programme_category_valid"),
            choices_check(
                "lived_experience_delivery",
                LivedExperienceDelivery,
                name="training_programme_delivery_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def provider_display(self) -> str:
        return self.provider_organisation.name if self.provider_organisation else self.provider_name

    @property
    def is_team_preparation(self) -> bool:
        return self.audience == Audience.TEAM_COLLEAGUES


class Session(models.Model):
    """One scheduled meeting of a programme: a day, or consecutive days."""

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        TrainingProgramme, on_delete=models.CASCADE, related_name="sessions"
    )
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("Only if it runs over several days.")
    )
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    mode = models.CharField(_("in person or online"), max_length=20, choices=Mode.choices)
    place = models.CharField(
        _("place"),
        max_length=200,
        help_text=_("The venue, or how people join online."),
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="training_session_end_after_start",
                violation_error_message=_("The last day cannot be before the first."),
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(end_time__gt=F("start_time")),
                name="training_session_time_order",
                violation_error_message=_("The end time must be after the start time."),
            ),
            choices_check("mode", Mode, name="training_session_mode_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} — {self.starts_on:%d %b %Y}"

    @property
    def last_day(self):
        return self.ends_on or self.starts_on


class Colleague(models.Model):
    """A team colleague who takes team-preparation training: a team and a name, not a user."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="training_colleagues")
    full_name = models.CharField(_("colleague's name"), max_length=150)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team__name", "full_name"]
        constraints = [
            models.UniqueConstraint(
                F("team"), Lower("full_name"), name="training_colleague_unique_name"
            ),
            models.CheckConstraint(condition=Q(full_name__gt=""), name="training_colleague_named"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.team})"


class EnrolmentQuerySet(models.QuerySet):
    def completed(self):
        return self.filter(completed_on__isnull=False)

    def attended(self):
        return self.filter(attendance=Attendance.ATTENDED)

    def for_programme(self, programme: TrainingProgramme):
        return self.filter(session__programme=programme)


class Enrolment(models.Model):
    """A peer worker or a team colleague enrolled in one session."""

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="enrolments")
    peer_worker = models.ForeignKey(
        PeerWorker,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="training_enrolments",
        verbose_name=_("peer worker"),
    )
    colleague = models.ForeignKey(
        Colleague,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("team colleague"),
    )
    attendance = models.CharField(
        _("attendance"), max_length=20, choices=Attendance.choices, default=Attendance.UNRECORDED
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    certificate_issued_on = models.DateField(_("certificate issued on"), null=True, blank=True)
    certificate_expires_on = models.DateField(_("certificate expires on"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["session__starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(peer_worker__isnull=False, colleague__isnull=True)
                | Q(peer_worker__isnull=True, colleague__isnull=False),
                name="training_enrolment_one_person",
                violation_error_message=_("Enrol either a peer worker or a team colleague."),
            ),
            models.UniqueConstraint(
                fields=["session", "peer_worker"],
                condition=Q(peer_worker__isnull=False),
                name="training_enrolment_unique_peer_worker",
            ),
            models.UniqueConstraint(
                fields=["session", "colleague"],
                condition=Q(colleague__isnull=False),
                name="training_enrolment_unique_colleague",
            ),
            choices_check("attendance", Attendance, name="training_enrolment_attendance_valid"),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(attendance=Attendance.ATTENDED),
                name="training_enrolment_completion_needs_attendance",
                violation_error_message=_("Completion needs recorded attendance."),
            ),
            models.CheckConstraint(
                condition=Q(certificate_issued_on__isnull=True) | Q(completed_on__isnull=False),
                name="training_enrolment_certificate_needs_completion",
                violation_error_message=_("A certificate needs a completion date."),
            ),
            models.CheckConstraint(
                condition=Q(certificate_expires_on__isnull=True)
                | Q(certificate_issued_on__isnull=False),
                name="training_enrolment_expiry_needs_certificate",
                violation_error_message=_("An expiry date needs the date of issue."),
            ),
            models.CheckConstraint(
                condition=Q(certificate_expires_on__isnull=True)
                | Q(certificate_expires_on__gt=F("certificate_issued_on")),
                name="training_enrolment_expiry_after_issue",
                violation_error_message=_(
                    "The certificate must expire after the date it was issued."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} in {self.session}"

    @property
    def person_name(self) -> str:
        if self.peer_worker_id:
            return self.peer_worker.full_name
        return self.colleague.full_name if self.colleague_id else ""

    @property
    def is_colleague(self) -> bool:
        return self.colleague_id is not None


class RequiredTraining(models.Model):
    """A programme every peer worker in a role must complete, and how often to renew it."""

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    role = models.ForeignKey(
        PeerWorkerRole, on_delete=models.CASCADE, related_name="required_trainings"
    )
    programme = models.ForeignKey(
        TrainingProgramme,
        on_delete=models.PROTECT,
        related_name="requirements",
        verbose_name=_("programme"),
    )
    renewal_months = models.PositiveSmallIntegerField(
        _("renew every (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Leave empty if completing it once is enough."),
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role__title", "programme__title"]
        verbose_name = _("required training")
        verbose_name_plural = _("required training")
        constraints = [
            models.UniqueConstraint(
                fields=["role", "programme"], name="training_requiredtraining_unique"
            ),
            models.CheckConstraint(
                condition=Q(renewal_months__isnull=True) | Q(renewal_months__gte=1),
                name="training_requiredtraining_renewal_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} for {self.role}"


class Feedback(models.Model):
    """An attendee's rating of a programme. One per attendee and programme."""

    programme = models.ForeignKey(
        TrainingProgramme, on_delete=models.CASCADE, related_name="feedback"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_feedback"
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 = poor, 5 = excellent."),
    )
    comment = models.TextField(_("comment"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "author"], name="training_feedback_one_per_attendee"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5),
                name="training_feedback_rating_range",
                violation_error_message=_("The rating must be from 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating}/5 for {self.programme}"


class ReminderLog(models.Model):
    """One reminder e-mail sent; the unique key makes the reminder command idempotent per day."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_reminders"
    )
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    day = models.DateField()
    sent = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "day"], name="training_reminderlog_unique"
            ),
            choices_check("kind", ReminderKind, name="training_reminderlog_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient} on {self.day}"
