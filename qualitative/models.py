"""Qualitative research corpus: sources, codebook, codings, consented excerpts.

Source text is stored only after pseudonymisation (qualitative/pseudonymise.py): the original is
never written to the database. Excerpts are character offsets into that stored text, so
re-pseudonymising a source also moves its excerpts (qualitative.services does both at once).
"""

from __future__ import annotations

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwork.lib.constraints import choices_check


class IntervieweeGroup(models.TextChoices):
    PEER_WORKER = "peer_worker", _("Peer worker")
    SERVICE_USER = "service_user", _("Service user")
    COLLEAGUE = "colleague", _("Colleague")
    MANAGER = "manager", _("Manager")
    STRATEGIC = "strategic", _("Strategic manager / commissioner")
    SUPERVISION_RECORD = "supervision_record", _("Peer worker (supervision record)")


class SourceKind(models.TextChoices):
    TRANSCRIPT = "transcript", _("Interview transcript")
    FIELD_NOTES = "field_notes", _("Field notes")
    DOCUMENT = "document", _("Document")
    SUPERVISION = "supervision", _("Supervision record excerpt")


class ResearchProject(models.Model):
    """A body of qualitative material with its own pseudonymisation list.

    The project with ``receives_supervision_offers`` set is where consented supervision
    excerpts arrive; there is at most one.
    """

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    receives_supervision_offers = models.BooleanField(
        _("receives supervision excerpts"),
        default=False,
        help_text=_("Excerpts peer workers offer from their supervision records arrive here."),
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["receives_supervision_offers"],
                condition=Q(receives_supervision_offers=True),
                name="qualitative_researchproject_one_offer_target",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Replacement(models.Model):
    """One entry of a project's pseudonymisation list: a name or place and what replaces it."""

    project = models.ForeignKey(
        ResearchProject, on_delete=models.CASCADE, related_name="replacements"
    )
    term = models.CharField(
        _("name or place"),
        max_length=120,
        help_text=_("Matched as a whole word, ignoring case."),
    )
    replacement = models.CharField(
        _("replace with"), max_length=120, help_text=_("For example [peer worker 1] or [town].")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["project", "term"]
        constraints = [
            models.UniqueConstraint(
                Lower("term"), "project", name="qualitative_replacement_unique_term"
            ),
            models.CheckConstraint(
                condition=Q(term__gt=""), name="qualitative_replacement_term_set"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term} → {self.replacement}"


class SourceQuerySet(models.QuerySet):
    def filtered(self, *, group: str = "", wave: int | None = None):
        sources = self
        if group:
            sources = sources.filter(interviewee_group=group)
        if wave is not None:
            sources = sources.filter(wave=wave)
        return sources


class Source(models.Model):
    """A pseudonymised transcript, field note or consented supervision excerpt."""

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    project = models.ForeignKey(ResearchProject, on_delete=models.PROTECT, related_name="sources")
    initiative = models.ForeignKey(
        "cases.Initiative",
        on_delete=models.PROTECT,
        related_name="research_sources",
        verbose_name=_("initiative"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=SourceKind.choices, default=SourceKind.TRANSCRIPT
    )
    interviewee_group = models.CharField(
        _("interviewee group"), max_length=30, choices=IntervieweeGroup.choices
    )
    interviewed_on = models.DateField(_("date"), null=True, blank=True)
    wave = models.PositiveSmallIntegerField(
        _("wave"), null=True, blank=True, help_text=_("Data collection wave, e.g. 1 or 2.")
    )
    text = models.TextField(_("text (pseudonymised)"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["initiative__research_code", "title"]
        constraints = [
            choices_check(
                "interviewee_group", IntervieweeGroup, name="qualitative_source_group_valid"
            ),
            choices_check("kind", SourceKind, name="qualitative_source_kind_valid"),
            models.CheckConstraint(
                condition=Q(wave__isnull=True) | Q(wave__gte=1),
                name="qualitative_source_wave_positive",
            ),
            models.CheckConstraint(condition=Q(text__gt=""), name="qualitative_source_text_set"),
        ]

    def __str__(self) -> str:
        return self.title


class Theme(models.Model):
    """A code of the hierarchical codebook.

    ``path`` is the chain of ``public_id`` hex strings from the root, each followed by "/", so
    a theme's subtree is ``path__startswith`` and counts at any level stay in the database.
    """

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent theme"),
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        max_length=60, blank=True, help_text=_("Set for seeded themes so seeding is idempotent.")
    )
    definition = models.TextField(_("definition"), blank=True)
    memo = models.TextField(_("memo"), blank=True, help_text=_("Analytic notes on this theme."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    path = models.CharField(max_length=400, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "parent", name="qualitative_theme_unique_name_in_parent"
            ),
            models.UniqueConstraint(
                Lower("name"),
                condition=Q(parent__isnull=True),
                name="qualitative_theme_unique_root_name",
            ),
            models.UniqueConstraint(
                fields=["slug"], condition=~Q(slug=""), name="qualitative_theme_unique_slug"
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")), name="qualitative_theme_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.path:
            prefix = self.parent.path if self.parent_id else ""
            self.path = f"{prefix}{self.public_id.hex}/"
            self.depth = self.parent.depth + 1 if self.parent_id else 0
        super().save(*args, **kwargs)


class Excerpt(models.Model):
    """A passage of a source: ``text[start:end]`` of its stored (pseudonymised) text."""

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="excerpts")
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["source", "start", "end"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "start", "end"], name="qualitative_excerpt_unique_span"
            ),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="qualitative_excerpt_span"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} [{self.start}:{self.end}]"

    @property
    def text(self) -> str:
        return self.source.text[self.start : self.end]


class Coding(models.Model):
    """One theme applied to one excerpt by one coder."""

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    excerpt = models.ForeignKey(Excerpt, on_delete=models.CASCADE, related_name="codings")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="codings")
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="research_codings"
    )
    memo = models.TextField(_("memo"), blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["excerpt", "theme__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["excerpt", "theme"], name="qualitative_coding_unique_theme"
            )
        ]

    def __str__(self) -> str:
        return f"{self.theme} on {self.excerpt}"


class CellSummary(models.Model):
    """The researcher's written summary for one initiative × theme cell of the framework."""

    initiative = models.ForeignKey(
        "cases.Initiative", on_delete=models.CASCADE, related_name="research_cell_summaries"
    )
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="cell_summaries")
    text = models.TextField(_("summary"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["initiative__research_code", "theme__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "theme"], name="qualitative_cellsummary_unique_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative.research_code} × {self.theme}"


class SupervisionOfferQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn__isnull=True)

    def for_user(self, user):
        return self.filter(peer_worker__user=user)


class SupervisionOffer(models.Model):
    """A peer worker's recorded consent to share one passage of a supervision shared summary.

    The session is referenced by its ``public_id`` (the supervision app may be migrated
    independently). The shared text lives only in ``source``; withdrawing deletes the source
    (and with it every excerpt and coding) and keeps this record of what happened and when.
    """

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    peer_worker = models.ForeignKey(
        "cases.PeerWorker", on_delete=models.CASCADE, related_name="research_offers"
    )
    session_public_id = models.UUIDField(_("supervision session"))
    session_date = models.DateField(_("session date"), null=True, blank=True)
    source = models.OneToOneField(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervision_offer",
    )
    offered = models.DateTimeField(_("offered"), default=timezone.now)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    withdrawn = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = SupervisionOfferQuerySet.as_manager()

    class Meta:
        ordering = ["-offered"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn__isnull=True, source__isnull=False)
                | Q(withdrawn__isnull=False, source__isnull=True),
                name="qualitative_supervisionoffer_withdrawn_xor_source",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn__isnull=True) | Q(withdrawn__gte=F("offered")),
                name="qualitative_supervisionoffer_withdrawn_after_offered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.peer_worker.pseudonym} offer {self.offered:%Y-%m-%d}"
