"""Recruitment to peer worker roles: campaigns, applications and their stages, interviews.

Applicant records are personal data about people who may have declared a mental health
history. Only a small set of fields identifies an applicant; they are listed in
``IDENTIFYING_FIELDS`` so that erasure (``purge_applicants``) can blank them while the
anonymous pipeline facts (stages, dates, reasons, scores) stay for the dashboards.
"""

from __future__ import annotations

import datetime as dt
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import LivedExperienceCriterion, PeerWorker, PeerWorkerRole
from peerwork.lib.constraints import choices_check

# Fields of ``Application`` that identify the applicant or describe their health. Erasure
# sets each of them to "" (they are all blank-able text fields) and stamps ``erased``.
IDENTIFYING_FIELDS: tuple[str, ...] = (
    "full_name",
    "email",
    "phone",
    "adjustments_requested",
    "adjustments_offered",
)

# Free text on related records that may mention the applicant; blanked with them.
IDENTIFYING_RELATED_FIELDS: dict[str, tuple[str, ...]] = {
    "StageChange": ("note",),
}


# --- Choices --------------------------------------------------------------------------


class Route(models.TextChoices):
    OPEN_ADVERT = "open_advert", _("Open advert")
    TARGETED = "targeted", _("Targeted through service-user networks")
    INFORMAL = "informal", _("Informal (e.g. a group member invited to apply)")
    INTERNAL = "internal", _("Internal")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    FILLED = "filled", _("Filled")
    CANCELLED = "cancelled", _("Cancelled")


# Statuses that end a campaign; ``closed_on`` is set exactly for these.
ENDED_STATUSES = (CampaignStatus.CLOSED, CampaignStatus.FILLED, CampaignStatus.CANCELLED)


class Stage(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    INTERVIEW = "interview", _("Interview")
    OFFERED = "offered", _("Offered")
    CHECKS = "checks", _("Pre-employment checks")
    APPOINTED = "appointed", _("Appointed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NOT_APPOINTED = "not_appointed", _("Not appointed")


# The main line, in order. Each step may only move to the next one, or end.
PIPELINE = (
    Stage.APPLIED,
    Stage.SHORTLISTED,
    Stage.INTERVIEW,
    Stage.OFFERED,
    Stage.CHECKS,
    Stage.APPOINTED,
)
ACTIVE_STAGES = PIPELINE[:-1]
END_STAGES = (Stage.APPOINTED, Stage.WITHDRAWN, Stage.NOT_APPOINTED)


def next_stages(stage: str) -> tuple[str, ...]:
    """Stages an application in ``stage`` may move to (appointed only through appointing)."""
    if stage not in ACTIVE_STAGES:
        return ()
    following = PIPELINE[PIPELINE.index(stage) + 1]
    return (following, Stage.WITHDRAWN, Stage.NOT_APPOINTED)


class EndReason(models.TextChoices):
    NONE = "", _("—")
    # Withdrawn
    OTHER_WORK = "other_work", _("Withdrawn: took other work")
    HEALTH = "health", _("Withdrawn: health")
    CHECK_DELAYS = "check_delays", _("Withdrawn: pre-employment check delays")
    CHANGED_MIND = "changed_mind", _("Withdrawn: changed their mind")
    WITHDRAWN_OTHER = "withdrawn_other", _("Withdrawn: other reason")
    # Not appointed
    CRITERIA_NOT_MET = "criteria_not_met", _("Not appointed: criteria not met")
    INTERVIEW = "interview", _("Not appointed: interview")
    REFERENCES_CHECKS = "references_checks", _("Not appointed: references or checks")
    NOT_APPOINTED_OTHER = "not_appointed_other", _("Not appointed: other reason")


WITHDRAWAL_REASONS = (
    EndReason.OTHER_WORK,
    EndReason.HEALTH,
    EndReason.CHECK_DELAYS,
    EndReason.CHANGED_MIND,
    EndReason.WITHDRAWN_OTHER,
)
NON_APPOINTMENT_REASONS = (
    EndReason.CRITERIA_NOT_MET,
    EndReason.INTERVIEW,
    EndReason.REFERENCES_CHECKS,
    EndReason.NOT_APPOINTED_OTHER,
)
REASONS_FOR_STAGE = {
    Stage.WITHDRAWN: WITHDRAWAL_REASONS,
    Stage.NOT_APPOINTED: NON_APPOINTMENT_REASONS,
}


def reason_label(code: str) -> str:
    """The reason without its "Withdrawn: " / "Not appointed: " prefix, for use beside the stage."""
    if not code:
        return ""
    label = str(EndReason(code).label).split(": ", 1)[-1]
    return label[:1].upper() + label[1:]


class LivedExperienceDeclared(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PREFER_NOT_TO_SAY = "prefer_not_to_say", _("Prefer not to say")


class Perspective(models.TextChoices):
    MANAGER = "manager", _("Manager")
    CLINICIAN = "clinician", _("Clinician")
    PEER_WORKER = "peer_worker", _("Peer worker")
    SERVICE_USER = "service_user", _("Service user")
    HR = "hr", _("Human resources")


# Panel members who bring lived experience: their presence makes "a peer on the panel".
PEER_PERSPECTIVES = (Perspective.PEER_WORKER, Perspective.SERVICE_USER)


class PeerPanelPlan(models.TextChoices):
    """The campaign plan's answer to "will a peer worker sit on the interview panel?"."""

    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNDECIDED = "undecided", _("Not decided")


class InterviewOutcome(models.TextChoices):
    PENDING = "pending", _("Decision pending")
    APPOINTABLE = "appointable", _("Appointable")
    RESERVE = "reserve", _("Appointable (reserve)")
    NOT_APPOINTABLE = "not_appointable", _("Not appointable")


SCORE_MIN = 0
SCORE_MAX = 4
SCORE_SCALE_HELP = _(
    "0 = no evidence, 1 = limited, 2 = meets the criterion, 3 = good, 4 = excellent."
)


# --- Campaigns ----------------------------------------------------------------------------


class CampaignQuerySet(models.QuerySet):
    # Scoped through a subquery on initiatives, so rows are never duplicated by the joins
    # and aggregates over the result stay correct.

    def managed_by(self, user):
        """Campaigns in initiatives where the user manages a partner organisation."""
        from cases.models import Initiative

        return self.filter(role__initiative__in=Initiative.objects.managed_by(user).values("pk"))

    def for_organisation(self, organisation):
        """Campaigns in every initiative the organisation is a partner in."""
        from cases.models import Initiative

        return self.filter(
            role__initiative__in=Initiative.objects.filter(
                partners__organisation=organisation
            ).values("pk")
        )

    def for_initiative(self, initiative):
        return self.filter(role__initiative=initiative)


class Campaign(models.Model):
    """One recruitment round for a peer worker role."""

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    role = models.ForeignKey(
        PeerWorkerRole, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("role")
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("For example 'Ward peer workers, spring 2025'.")
    )
    vacancies = models.PositiveSmallIntegerField(
        _("vacancies"), default=1, help_text=_("How many people this campaign will appoint.")
    )
    route = models.CharField(_("recruitment route"), max_length=20, choices=Route.choices)
    opened = models.DateField(_("opening date"))
    closes_on = models.DateField(_("closing date"))
    advert_channels = models.CharField(
        _("advert channels"),
        max_length=300,
        blank=True,
        help_text=_("Where it was advertised, e.g. NHS Jobs, peer networks, recovery college."),
    )
    is_criteria_coproduced = models.BooleanField(
        _("criteria co-produced"),
        default=False,
        help_text=_("Were the selection criteria written with people with lived experience?"),
    )
    lived_experience_criterion = models.CharField(
        _("lived experience criterion"),
        max_length=20,
        choices=LivedExperienceCriterion.choices,
        help_text=_("Starts as the role's criterion; change it here for this campaign only."),
    )
    peer_on_panel_planned = models.CharField(
        _("a peer worker will sit on the interview panel"),
        max_length=20,
        choices=PeerPanelPlan.choices,
        default=PeerPanelPlan.UNDECIDED,
        help_text=_(
            "The plan. Whether it happened is read from the interview panels as they are recorded."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    closed_on = models.DateField(
        _("closed on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the campaign was closed, filled or cancelled."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-opened", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opened")),
                name="recruitment_campaign_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(vacancies__gte=1), name="recruitment_campaign_vacancies_positive"
            ),
            choices_check("route", Route, name="recruitment_campaign_route_valid"),
            choices_check("status", CampaignStatus, name="recruitment_campaign_status_valid"),
            choices_check(
                "lived_experience_criterion",
                LivedExperienceCriterion,
                name="recruitment_campaign_lived_experience_valid",
            ),
            choices_check(
                "peer_on_panel_planned",
                PeerPanelPlan,
                name="recruitment_campaign_peer_on_panel_planned_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=list(ENDED_STATUSES), closed_on__isnull=False)
                | (~Q(status__in=list(ENDED_STATUSES)) & Q(closed_on__isnull=True)),
                name="recruitment_campaign_closed_on_iff_ended",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def initiative(self):
        return self.role.initiative

    @property
    def is_ended(self) -> bool:
        return self.status in ENDED_STATUSES

    @property
    def accepts_applications(self) -> bool:
        return self.status == CampaignStatus.OPEN

    @property
    def is_historical(self) -> bool:
        """Ended, or past its closing date: records are being entered after the fact."""
        return self.is_ended or self.closes_on < timezone.localdate()

    @property
    def peer_panel_result(self) -> str:
        """What the panels show, read against the plan.

        Needs ``has_peer_on_panel`` (annotated by the selectors, or set by the view).
        """
        if getattr(self, "has_peer_on_panel", False):
            return str(_("Yes"))
        if self.peer_on_panel_planned == PeerPanelPlan.YES:
            return str(_("Not yet met"))
        return str(_("No"))

    @property
    def peer_panel_not_met(self) -> bool:
        """The plan says yes but no interview panel has had a peer on it."""
        return self.peer_on_panel_planned == PeerPanelPlan.YES and not getattr(
            self, "has_peer_on_panel", False
        )


class SelectionCriterion(models.Model):
    """A named criterion of the person specification, scored at interview."""

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(
        _("criterion"),
        max_length=200,
        help_text=_("For example 'Can use their lived experience purposefully'."),
    )
    is_essential = models.BooleanField(_("essential"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["campaign", "position", "pk"]
        verbose_name_plural = _("selection criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "name"], name="recruitment_selectioncriterion_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


# --- Applications -------------------------------------------------------------------------


class ApplicationQuerySet(models.QuerySet):
    def for_campaign(self, campaign: Campaign):
        return self.filter(campaign=campaign)

    def in_progress(self):
        return self.filter(stage__in=list(ACTIVE_STAGES))

    def erasable(self, *, before: dt.date) -> ApplicationQuerySet:
        """Not yet erased, in campaigns that ended before ``before`` (a date)."""
        return self.filter(
            erased__isnull=True,
            campaign__status__in=list(ENDED_STATUSES),
            campaign__closed_on__lt=before,
        )


class Application(models.Model):
    """One person's application to one campaign, and where it has got to."""

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="applications")
    # Identifying fields (IDENTIFYING_FIELDS): blank only once erased.
    full_name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    adjustments_requested = models.TextField(
        _("reasonable adjustments requested"),
        blank=True,
        help_text=_("Only what is needed to arrange the process, e.g. interview format."),
    )
    adjustments_offered = models.TextField(_("reasonable adjustments offered"), blank=True)
    # Anonymous facts kept after erasure.
    lived_experience = models.CharField(
        _("lived experience declared"),
        max_length=20,
        choices=LivedExperienceDeclared.choices,
        default=LivedExperienceDeclared.PREFER_NOT_TO_SAY,
    )
    received = models.DateField(_("received on"), default=timezone.localdate)
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.APPLIED
    )
    end_reason = models.CharField(
        _("reason"), max_length=30, choices=EndReason.choices, blank=True, default=""
    )
    peer_worker = models.OneToOneField(
        PeerWorker,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("peer worker record"),
    )
    erased = models.DateTimeField(_("personal data erased"), null=True, blank=True, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "received", "pk"]
        constraints = [
            choices_check("stage", Stage, name="recruitment_application_stage_valid"),
            choices_check(
                "lived_experience",
                LivedExperienceDeclared,
                name="recruitment_application_lived_experience_valid",
            ),
            models.CheckConstraint(
                condition=Q(stage=Stage.WITHDRAWN, end_reason__in=list(WITHDRAWAL_REASONS))
                | Q(stage=Stage.NOT_APPOINTED, end_reason__in=list(NON_APPOINTMENT_REASONS))
                | (~Q(stage__in=[Stage.WITHDRAWN, Stage.NOT_APPOINTED]) & Q(end_reason="")),
                name="recruitment_application_end_reason_matches_stage",
            ),
            models.CheckConstraint(
                condition=Q(full_name__gt="") | Q(erased__isnull=False),
                name="recruitment_application_named_unless_erased",
            ),
            models.CheckConstraint(
                condition=Q(peer_worker__isnull=True) | Q(stage=Stage.APPOINTED),
                name="recruitment_application_peer_worker_only_when_appointed",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or str(_("Erased applicant"))

    @property
    def reason_label(self) -> str:
        return reason_label(self.end_reason)

    @property
    def is_erased(self) -> bool:
        return self.erased is not None

    @property
    def is_active(self) -> bool:
        return self.stage in ACTIVE_STAGES

    @property
    def allowed_moves(self) -> tuple[str, ...]:
        return next_stages(self.stage)

    @property
    def can_be_appointed(self) -> bool:
        return self.stage == Stage.CHECKS

    @property
    def forward_stage(self) -> str | None:
        """The next stage along the pipeline that a move reaches (appointing is its own step)."""
        forward = [stage for stage in self.allowed_moves if stage not in END_STAGES]
        return forward[0] if forward else None

    @property
    def forward_stage_label(self) -> str:
        return str(Stage(self.forward_stage).label) if self.forward_stage else ""


class StageChange(models.Model):
    """One move of an application from a stage to another; the history is never edited."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(
        _("from"),
        max_length=20,
        choices=Stage.choices,
        blank=True,
        help_text=_("Empty for the first entry, when the application was received."),
    )
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    end_reason = models.CharField(
        _("reason"), max_length=30, choices=EndReason.choices, blank=True, default=""
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    changed_at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["application", "changed_at", "pk"]
        constraints = [
            choices_check("to_stage", Stage, name="recruitment_stagechange_to_valid"),
            choices_check(
                "from_stage", Stage, name="recruitment_stagechange_from_valid", blank=True
            ),
            models.CheckConstraint(
                condition=~Q(from_stage=F("to_stage")), name="recruitment_stagechange_moves"
            ),
        ]
        indexes = [models.Index(fields=["to_stage", "changed_at"])]

    def __str__(self) -> str:
        return f"{self.get_from_stage_display() or '—'} → {self.get_to_stage_display()}"

    @property
    def reason_label(self) -> str:
        return reason_label(self.end_reason)


# --- Interviews ---------------------------------------------------------------------------


class Interview(models.Model):
    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="interviews"
    )
    held_on = models.DateField(_("interview date"))
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=InterviewOutcome.choices,
        default=InterviewOutcome.PENDING,
    )
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["application", "held_on", "pk"]
        constraints = [
            choices_check("outcome", InterviewOutcome, name="recruitment_interview_outcome_valid")
        ]

    def __str__(self) -> str:
        return f"{_('Interview')} {self.held_on:%d %b %Y}"

    @property
    def has_peer_on_panel(self) -> bool:
        """Derived from the panel: someone with a peer worker or service user perspective."""
        return any(member.perspective in PEER_PERSPECTIVES for member in self.panel.all())


class PanelMember(models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="panel")
    name = models.CharField(
        _("name or title"),
        max_length=150,
        help_text=_("A staff member's name, or a title such as 'Expert by experience'."),
    )
    perspective = models.CharField(_("perspective"), max_length=20, choices=Perspective.choices)

    class Meta:
        ordering = ["interview", "pk"]
        constraints = [
            choices_check(
                "perspective", Perspective, name="recruitment_panelmember_perspective_valid"
            ),
            models.UniqueConstraint(
                fields=["interview", "name"], name="recruitment_panelmember_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_perspective_display()})"


class Score(models.Model):
    """One panel member's score for one selection criterion, on the 0–4 scale."""

    panel_member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        SelectionCriterion, on_delete=models.PROTECT, related_name="scores"
    )
    score = models.PositiveSmallIntegerField(_("score"), help_text=SCORE_SCALE_HELP)

    class Meta:
        ordering = ["panel_member", "criterion__position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=SCORE_MIN) & Q(score__lte=SCORE_MAX),
                name="recruitment_score_range",
            ),
            models.UniqueConstraint(
                fields=["panel_member", "criterion"], name="recruitment_score_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"
