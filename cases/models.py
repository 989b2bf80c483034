from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import uuid4

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwork.lib.constraints import choices_check
from peerwork.lib.dates import active_on

# --- Choices --------------------------------------------------------------------------


class Sector(models.TextChoices):
    STATUTORY = "statutory", _("Statutory")
    VOLUNTARY = "voluntary", _("Voluntary")


class Context(models.TextChoices):
    """An initiative's organisational context, derived from its partners' sectors."""

    STATUTORY = "statutory", _("Statutory")
    VOLUNTARY = "voluntary", _("Voluntary")
    PARTNERSHIP = "partnership", _("Partnership")


class OrganisationKind(models.TextChoices):
    NHS_TRUST = "nhs_trust", _("NHS trust")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    CHARITY = "charity", _("Charity")
    USER_LED = "user_led", _("User-led organisation")
    SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
    OTHER = "other", _("Other")


class Region(models.TextChoices):
    """NHS England regions."""

    NORTH_EAST_YORKSHIRE = "north_east_yorkshire", _("North East and Yorkshire")
    NORTH_WEST = "north_west", _("North West")
    MIDLANDS = "midlands", _("Midlands")
    EAST_OF_ENGLAND = "east_of_england", _("East of England")
    LONDON = "london", _("London")
    SOUTH_EAST = "south_east", _("South East")
    SOUTH_WEST = "south_west", _("South West")


class MembershipRole(models.TextChoices):
    SERVICE_MANAGER = "service_manager", _("Service manager")
    SUPERVISOR = "supervisor", _("Supervisor")
    PEER_WORKER = "peer_worker", _("Peer worker")


class PartnerPart(models.TextChoices):
    LEAD = "lead", _("Lead")
    EMPLOYER = "employer", _("Employer")
    HOST = "host", _("Host")
    FUNDER = "funder", _("Funder")
    TRAINING_PROVIDER = "training_provider", _("Training provider")


class InitiativeStatus(models.TextChoices):
    PLANNING = "planning", _("Planning")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


class Phase(models.TextChoices):
    """The four ImROC implementation phases."""

    PREPARATION = "preparation", _("Preparation")
    RECRUITMENT = "recruitment", _("Recruitment")
    EMPLOYMENT = "employment", _("Employment")
    ONGOING_DEVELOPMENT = "ongoing_development", _("Ongoing development")


class Employment(models.TextChoices):
    PAID = "paid", _("Paid")
    SESSIONAL = "sessional", _("Sessional")
    VOLUNTEER = "volunteer", _("Volunteer")


class PayBand(models.TextChoices):
    """NHS Agenda for Change bands; ``OTHER`` means a grade given as text."""

    BAND_2 = "2", _("AfC band 2")
    BAND_3 = "3", _("AfC band 3")
    BAND_4 = "4", _("AfC band 4")
    BAND_5 = "5", _("AfC band 5")
    BAND_6 = "6", _("AfC band 6")
    BAND_7 = "7", _("AfC band 7")
    BAND_8 = "8", _("AfC band 8")
    OTHER = "other", _("Other grade")
    NONE = "none", _("Unpaid")


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class Contract(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    FIXED_TERM = "fixed_term", _("Fixed term")
    SESSIONAL = "sessional", _("Sessional")
    VOLUNTEER = "volunteer", _("Volunteer")
    NOT_STATED = "not_stated", _("Not stated")


class LivedExperienceCriterion(models.TextChoices):
    ESSENTIAL = "essential", _("Essential")
    DESIRABLE = "desirable", _("Desirable")
    NOT_STATED = "not_stated", _("Not stated")


class SharingExpectation(models.TextChoices):
    """What the organisation expects about peer workers sharing their lived experience."""

    ENCOURAGED = "encouraged", _("Encouraged as part of the role")
    WORKER_CHOICE = "worker_choice", _("At the peer worker's discretion")
    CAUTIOUS = "cautious", _("Limited or only with approval")
    NOT_DISCUSSED = "not_discussed", _("Not discussed")


class LeavingReason(models.TextChoices):
    NONE = "", _("—")
    OTHER_JOB = "other_job", _("Another job")
    EDUCATION = "education", _("Education or training")
    HEALTH = "health", _("Health")
    END_OF_CONTRACT = "end_of_contract", _("End of contract or funding")
    ROLE_MISMATCH = "role_mismatch", _("Role not as expected")
    TEAM_RELATIONSHIPS = "team_relationships", _("Team relationships")
    RELOCATION = "relocation", _("Moved away")
    DISMISSED = "dismissed", _("Dismissed")
    OTHER = "other", _("Other")


# --- Vocabularies ---------------------------------------------------------------------


class VocabularyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Vocabulary(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(
        _("in use"), default=True, help_text=_("Retired entries stay on old records.")
    )

    objects = VocabularyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class ServiceSetting(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("service setting")


class RoleFunction(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("role function")


class MilestoneType(Vocabulary):
    phase = models.CharField(_("phase"), max_length=30, choices=Phase.choices)

    class Meta(Vocabulary.Meta):
        verbose_name = _("milestone type")
        constraints = [choices_check("phase", Phase, name="cases_milestonetype_phase_valid")]


# --- Organisations and people -------------------------------------------------------------


class Organisation(models.Model):
    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    region = models.CharField(_("NHS England region"), max_length=30, choices=Region.choices)

    class Meta:
        ordering = ["name"]
        constraints = [
            choices_check("sector", Sector, name="cases_organisation_sector_valid"),
            choices_check("kind", OrganisationKind, name="cases_organisation_kind_valid"),
            choices_check("region", Region, name="cases_organisation_region_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet):
    def managers(self) -> MembershipQuerySet:
        return self.filter(role=MembershipRole.SERVICE_MANAGER)


class Membership(models.Model):
    """A user's role in one organisation. One membership per user and organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=MembershipRole.choices)
    created = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="cases_membership_unique"
            ),
            choices_check("role", MembershipRole, name="cases_membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.organisation}"


# --- Initiatives ------------------------------------------------------------------------


class InitiativeQuerySet(models.QuerySet["Initiative"]):
    def for_organisation(self, organisation: Organisation):
        return self.filter(partners__organisation=organisation).distinct()

    def visible_to(self, user: Any) -> InitiativeQuerySet:
        """Initiatives a user may open: any in which one of their organisations is a partner."""
        if not user.is_authenticated:
            return self.none()
        if getattr(user, "is_administrator", False):
            return self.all()
        return self.filter(partners__organisation__memberships__user=user).distinct()

    def managed_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            partners__organisation__memberships__user=user,
            partners__organisation__memberships__role=MembershipRole.SERVICE_MANAGER,
        ).distinct()


class Initiative(models.Model):
    """One peer worker programme: one case of the comparative study."""

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    research_code = models.CharField(
        _("research code"),
        max_length=12,
        unique=True,
        validators=[RegexValidator(r"^P-\d{2,4}$", _("Use the form P-07."))],
        help_text=_("Pseudonymous code researchers see instead of the name, e.g. P-07."),
    )
    settings = models.ManyToManyField(
        ServiceSetting,
        verbose_name=_("service settings"),
        related_name="initiatives",
        blank=True,
    )
    started = models.DateField(_("start date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=InitiativeStatus.choices, default="planning"
    )
    context = models.CharField(
        _("organisational context"),
        max_length=20,
        choices=Context.choices,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("Derived from the partners' sectors."),
    )
    description = models.TextField(_("description"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            choices_check("context", Context, name="cases_initiative_context_valid", blank=True),
            choices_check("status", InitiativeStatus, name="cases_initiative_status_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def context_for_sectors(sectors: set[str]) -> str:
        """All statutory → statutory, all voluntary → voluntary, mixed → partnership."""
        if not sectors:
            return ""
        if sectors == {Sector.STATUTORY}:
            return Context.STATUTORY
        if sectors == {Sector.VOLUNTARY}:
            return Context.VOLUNTARY
        return Context.PARTNERSHIP

    def derive_context(self) -> str:
        sectors = set(
            Organisation.objects.filter(partnerships__initiative=self).values_list(
                "sector", flat=True
            )
        )
        return self.context_for_sectors(sectors)

    def refresh_context(self) -> str:
        """Recompute and store the context; returns it."""
        context = self.derive_context()
        if context != self.context:
            # save(), not update(): the audit log records the change of context.
            self.context = context
            self.save(update_fields=["context"])
        return context


class InitiativePartner(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partnerships"
    )
    part = models.CharField(_("part"), max_length=30, choices=PartnerPart.choices)

    class Meta:
        ordering = ["initiative", "part", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "organisation", "part"],
                name="cases_initiativepartner_unique",
            ),
            choices_check("part", PartnerPart, name="cases_initiativepartner_part_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_part_display()}) in {self.initiative}"


class Team(models.Model):
    """A team where peer workers work, in one organisation."""

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("name"), max_length=200)
    setting = models.ForeignKey(
        ServiceSetting, on_delete=models.PROTECT, related_name="teams", verbose_name=_("setting")
    )

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="cases_team_unique")
        ]

    def __str__(self) -> str:
        return self.name


# Full-time hours: a role with fewer contracted hours a week is part-time.
FULL_TIME_HOURS = Decimal("37.5")


class RoleTermsFields(models.Model):
    """A role's terms and conditions: how it is paid, its hours and its contract.

    ``PeerWorkerRole`` carries the terms in force now; ``RoleTerms`` keeps every dated version,
    so "volunteer from 2019-03, paid part-time from 2020-01" is on record.
    """

    employment = models.CharField(
        _("paid, sessional or volunteer"), max_length=20, choices=Employment.choices
    )
    pay_band = models.CharField(
        _("pay band"),
        max_length=10,
        choices=PayBand.choices,
        help_text=_("NHS Agenda for Change band, or 'Other grade' with the grade below."),
    )
    pay_grade_other = models.CharField(
        _("other grade"), max_length=100, blank=True, help_text=_("Only for 'Other grade'.")
    )
    pay_parity = models.CharField(
        _("pay parity"),
        max_length=10,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
        help_text=_("Paid on a par with a comparable non-peer role in the team?"),
    )
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(60))],
        help_text=_("Contracted hours, 0 to 60. Leave empty if they were not stated."),
    )
    has_flexible_hours = models.BooleanField(_("flexible hours"), default=False)
    contract = models.CharField(
        _("contract"), max_length=20, choices=Contract.choices, default=Contract.NOT_STATED
    )

    TERMS_FIELDS = (
        "employment",
        "pay_band",
        "pay_grade_other",
        "pay_parity",
        "hours_per_week",
        "has_flexible_hours",
        "contract",
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True)
                | (Q(hours_per_week__gte=0) & Q(hours_per_week__lte=60)),
                name="%(app_label)s_%(class)s_hours_range",
            ),
            models.CheckConstraint(
                condition=Q(pay_band="other", pay_grade_other__gt="")
                | (~Q(pay_band="other") & Q(pay_grade_other="")),
                name="%(app_label)s_%(class)s_other_grade_named",
            ),
            choices_check(
                "employment", Employment, name="%(app_label)s_%(class)s_employment_valid"
            ),
            choices_check("pay_band", PayBand, name="%(app_label)s_%(class)s_pay_band_valid"),
            choices_check("contract", Contract, name="%(app_label)s_%(class)s_contract_valid"),
            choices_check(
                "pay_parity", YesNoUnknown, name="%(app_label)s_%(class)s_pay_parity_valid"
            ),
        ]

    @property
    def pay_display(self) -> str:
        if self.pay_band == PayBand.OTHER:
            return self.pay_grade_other
        return str(self.get_pay_band_display())

    @property
    def is_part_time(self) -> bool | None:
        """Fewer than 37.5 contracted hours a week; None when the hours were not stated."""
        if self.hours_per_week is None:
            return None
        return self.hours_per_week < FULL_TIME_HOURS

    def terms_values(self) -> dict:
        return {name: getattr(self, name) for name in self.TERMS_FIELDS}


class PeerWorkerRoleQuerySet(models.QuerySet):
    def for_initiative(self, initiative: Initiative):
        return self.filter(initiative=initiative)


class PeerWorkerRole(RoleTermsFields):
    """A post type in an initiative, carrying the dimensions the research compares.

    Its terms fields (``RoleTermsFields``) are the terms in force now, kept equal to the latest
    ``RoleTerms`` version by ``cases.services.role_save`` and ``role_terms_*``.
    """

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="roles")
    title = models.CharField(_("title"), max_length=200)
    functions = models.ManyToManyField(
        RoleFunction, verbose_name=_("functions"), related_name="roles", blank=True
    )
    employer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="employed_roles",
        verbose_name=_("employer"),
        help_text=_("Must be one of the initiative's partners."),
    )
    host_team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_roles",
        verbose_name=_("host team"),
    )
    lived_experience_criterion = models.CharField(
        _("lived experience criterion"),
        max_length=20,
        choices=LivedExperienceCriterion.choices,
        help_text=_("How the person specification treats lived experience."),
    )
    is_jd_coproduced = models.BooleanField(
        _("job description co-produced"),
        default=False,
        help_text=_("Written together with people with lived experience."),
    )
    has_peer_line_manager = models.BooleanField(
        _("line manager is a peer"),
        null=True,
        blank=True,
        help_text=_(
            "Does the line manager have lived experience and a peer role? Leave 'Not known' if unsure."
        ),
    )
    line_manager_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="line_managed_roles",
        verbose_name=_("line manager's organisation"),
    )
    plans_peer_supervision = models.BooleanField(_("peer supervision"), default=False)
    plans_managerial_supervision = models.BooleanField(_("managerial supervision"), default=False)
    plans_clinical_supervision = models.BooleanField(_("clinical supervision"), default=False)
    plans_group_supervision = models.BooleanField(_("group reflective supervision"), default=False)
    sharing_expectation = models.CharField(
        _("expectation about sharing lived experience"),
        max_length=20,
        choices=SharingExpectation.choices,
        default=SharingExpectation.NOT_DISCUSSED,
    )
    has_clinical_record_access = models.BooleanField(_("access to clinical records"), default=False)
    attends_team_meetings = models.BooleanField(_("attends team meetings"), default=False)
    funded_headcount = models.PositiveSmallIntegerField(_("funded posts (headcount)"), default=1)
    funded_wte = models.DecimalField(
        _("funded posts (whole-time equivalent)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal(0))],
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = PeerWorkerRoleQuerySet.as_manager()

    class Meta:
        ordering = ["initiative__name", "title"]
        constraints = [
            *RoleTermsFields.Meta.constraints,
            models.UniqueConstraint(fields=["initiative", "title"], name="cases_role_unique_title"),
            models.CheckConstraint(condition=Q(funded_wte__gte=0), name="cases_role_wte_nonneg"),
            models.CheckConstraint(
                condition=Q(funded_headcount__gte=0), name="cases_role_headcount_nonneg"
            ),
            choices_check(
                "lived_experience_criterion",
                LivedExperienceCriterion,
                name="cases_role_lived_experience_valid",
            ),
            choices_check(
                "sharing_expectation", SharingExpectation, name="cases_role_sharing_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def planned_supervision_labels(self) -> list[str]:
        labels = []
        for field in (
            "plans_peer_supervision",
            "plans_managerial_supervision",
            "plans_clinical_supervision",
            "plans_group_supervision",
        ):
            if getattr(self, field):
                labels.append(str(self._meta.get_field(field).verbose_name))
        return labels


class RoleTermsQuerySet(models.QuerySet):
    def in_force_on(self, day: dt.date):
        """The version of each role's terms in force on ``day`` (at most one per role)."""
        latest_start = (
            RoleTerms.objects.filter(role=models.OuterRef("role"), effective_from__lte=day)
            .order_by("-effective_from")
            .values("effective_from")[:1]
        )
        return self.filter(effective_from=models.Subquery(latest_start))


class RoleTerms(RoleTermsFields):
    """One dated version of a role's terms: in force from ``effective_from`` until the next."""

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    role = models.ForeignKey(PeerWorkerRole, on_delete=models.CASCADE, related_name="terms_history")
    effective_from = models.DateField(
        _("in force from"), help_text=_("The first day these terms applied.")
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = RoleTermsQuerySet.as_manager()

    class Meta:
        ordering = ["role", "effective_from"]
        verbose_name = _("role terms")
        verbose_name_plural = _("role terms")
        constraints = [
            *RoleTermsFields.Meta.constraints,
            models.UniqueConstraint(
                fields=["role", "effective_from"], name="cases_roleterms_one_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} from {self.effective_from:%Y-%m-%d}"


class PeerWorkerQuerySet(models.QuerySet):
    def current(self, on: dt.date | None = None):
        on = on or timezone.localdate()
        return self.filter(active_on(on))

    def for_initiative(self, initiative: Initiative):
        return self.filter(role__initiative=initiative)


class PeerWorker(models.Model):
    """A person in a peer worker role."""

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    role = models.ForeignKey(PeerWorkerRole, on_delete=models.PROTECT, related_name="peer_workers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="peer_worker_posts",
        verbose_name=_("user account"),
        help_text=_("Link an account if the peer worker uses peerwork."),
    )
    full_name = models.CharField(_("name"), max_length=150)
    pseudonym = models.CharField(
        _("pseudonymous code"),
        max_length=20,
        unique=True,
        help_text=_("Code used in research views instead of the name."),
    )
    started = models.DateField(_("start date"))
    ended = models.DateField(_("end date"), null=True, blank=True)
    leaving_reason = models.CharField(
        _("leaving reason"), max_length=30, choices=LeavingReason.choices, blank=True, default=""
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = PeerWorkerQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended__isnull=True) | Q(ended__gte=models.F("started")),
                name="cases_peerworker_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended__isnull=False) | Q(leaving_reason=""),
                name="cases_peerworker_reason_needs_end",
            ),
            choices_check("leaving_reason", LeavingReason, name="cases_peerworker_reason_valid"),
            models.UniqueConstraint(
                fields=["role", "user", "started"],
                condition=Q(user__isnull=False),
                name="cases_peerworker_unique_post",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.started <= today and (self.ended is None or self.ended >= today)


class ImplementationMilestone(models.Model):
    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="milestones")
    phase = models.CharField(_("phase"), max_length=30, choices=Phase.choices)
    milestone_type = models.ForeignKey(
        MilestoneType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("milestone"),
    )
    custom_title = models.CharField(_("or a milestone of your own"), max_length=200, blank=True)
    planned = models.DateField(_("planned date"), null=True, blank=True)
    achieved = models.DateField(_("achieved date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["initiative", "planned", "achieved", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(milestone_type__isnull=False) | Q(custom_title__gt=""),
                name="cases_milestone_named",
            ),
            choices_check("phase", Phase, name="cases_milestone_phase_valid"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.custom_title or (self.milestone_type.name if self.milestone_type else "")

    @property
    def is_late(self) -> bool:
        """Planned but not achieved by the planned date, or achieved after it."""
        if self.planned is None:
            return False
        if self.achieved is None:
            return self.planned < timezone.localdate()
        return self.achieved > self.planned

    @property
    def is_overdue(self) -> bool:
        """Planned before today and still not achieved: something to act on."""
        return (
            self.achieved is None
            and self.planned is not None
            and self.planned < timezone.localdate()
        )

    @property
    def is_achieved_late(self) -> bool:
        """Achieved, but after its planned date: history, not a to-do."""
        return (
            self.achieved is not None and self.planned is not None and self.achieved > self.planned
        )

    @property
    def days_late(self) -> int:
        if not self.is_late:
            return 0
        end = self.achieved or timezone.localdate()
        return (end - self.planned).days


class OrganisationMerge(models.Model):
    """A record that an administrator merged one organisation into another.

    The removed organisation's row is gone after the merge; its name, sector and how many
    references moved stay here (and in the audit log) so the merge can be explained later.
    """

    kept = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="merges", verbose_name=_("kept")
    )
    removed_name = models.CharField(_("merged organisation"), max_length=200)
    removed_public_id = models.UUIDField(_("merged organisation's id"))
    moved = models.JSONField(
        _("references moved"), default=dict, help_text=_("Model label → number of records.")
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisation_merges",
    )
    merged = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-merged"]
        verbose_name = _("organisation merge")

    def __str__(self) -> str:
        return f"{self.removed_name} merged into {self.kept}"
