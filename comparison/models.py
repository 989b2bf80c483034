"""The comparison's records: identified-access grants, managers' declared practice, each
initiative's practice profile per quarter, and the published people figures per year."""

from __future__ import annotations

import datetime as dt
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Initiative
from comparison.vocabularies import (
    Aim,
    FormalSupervision,
    InformalRecruitment,
    SupportModel,
    TeamPreparation,
)
from peerwork.lib.dates import quarter_label


class IdentifiedAccessQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked__isnull=True)


class IdentifiedAccessGrant(models.Model):
    """An administrator's grant letting one researcher see one initiative's real names."""

    researcher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identified_access_grants"
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="identified_access_grants"
    )
    reason = models.TextField(_("reason"), help_text=_("Why this researcher needs real names."))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted = models.DateTimeField(default=timezone.now)
    revoked = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = IdentifiedAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-granted"]
        constraints = [
            models.UniqueConstraint(
                fields=["researcher", "initiative"],
                condition=Q(revoked__isnull=True),
                name="comparison_identifiedaccess_one_active",
            ),
            models.CheckConstraint(
                condition=Q(revoked__isnull=True) | Q(revoked__gte=models.F("granted")),
                name="comparison_identifiedaccess_revoked_after_granted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.researcher} → {self.initiative.research_code}"


# --- Practice profiles ------------------------------------------------------------------


def _flag(label) -> models.BooleanField:
    """A fact that is true, false, or not known (None)."""
    return models.BooleanField(label, null=True, blank=True)


class PracticeDeclaration(models.Model):
    """What a service manager states about how an initiative works, where records cannot say.

    Each list is None when not known and ``[]`` for "none of these".
    """

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    initiative = models.OneToOneField(
        Initiative, on_delete=models.CASCADE, related_name="practice_declaration"
    )
    aims = models.JSONField(_("aims of the service"), null=True, blank=True)
    aim_other = models.CharField(_("other aim"), max_length=200, blank=True)
    role_modes = models.JSONField(
        _("how peer workers take part in each function"), null=True, blank=True
    )
    informal_recruitment = models.JSONField(_("how people were recruited"), null=True, blank=True)
    ongoing_support = models.JSONField(
        _("ongoing support beyond formal supervision"), null=True, blank=True
    )
    formal_supervision = models.CharField(
        _("regular formal supervision"),
        max_length=10,
        choices=FormalSupervision.choices,
        blank=True,
    )
    team_preparation = models.CharField(
        _("how teams were prepared"), max_length=20, choices=TeamPreparation.choices, blank=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(formal_supervision__in=["", *FormalSupervision.values]),
                name="comparison_declaration_formal_supervision_valid",
            ),
            models.CheckConstraint(
                condition=Q(team_preparation__in=["", *TeamPreparation.values]),
                name="comparison_declaration_team_preparation_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Practice declared for {self.initiative}"

    def save(self, *args, **kwargs) -> None:
        # Lists are kept in their vocabulary's order (the order the form shows them), so the
        # same answers are always stored alike and saving a form unchanged changes nothing.
        for name, vocabulary in (
            ("aims", Aim),
            ("informal_recruitment", InformalRecruitment),
            ("ongoing_support", SupportModel),
        ):
            values = getattr(self, name)
            if values:
                order = {value: index for index, value in enumerate(vocabulary.values)}
                setattr(self, name, sorted(values, key=lambda v: (order.get(v, len(order)), v)))
        super().save(*args, **kwargs)


class PracticeProfileQuerySet(models.QuerySet):
    def for_quarter(self, quarter: dt.date):
        return self.filter(quarter=quarter)


class PracticeProfile(models.Model):
    """An initiative's practices and people figures for one calendar quarter.

    The current quarter is kept up to date as records change (``comparison.services``); a
    closed quarter is frozen: it changes only through an explicit rebuild. Figures describe
    ``as_of``: the quarter's last day, or, while the quarter is open, the day they were computed.
    """

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="practice_profiles"
    )
    quarter = models.DateField(_("quarter"), help_text=_("The first day of the quarter."))
    as_of = models.DateField(_("figures as of"))
    computed = models.DateTimeField(_("computed"))
    frozen = models.DateTimeField(_("frozen"), null=True, blank=True)
    is_stale = models.BooleanField(
        _("records changed since frozen"),
        default=False,
        help_text=_("Records behind this closed quarter changed after it was frozen."),
    )
    # Place
    context = models.CharField(_("context"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=20)
    region = models.CharField(_("region"), max_length=30, blank=True)
    settings = models.JSONField(_("service settings"), default=list)
    is_started = models.BooleanField(_("started"), default=False)
    # Declared
    aims = models.JSONField(null=True, blank=True)
    aim_other = models.CharField(max_length=200, blank=True)
    role_modes = models.JSONField(null=True, blank=True)
    informal_recruitment = models.JSONField(null=True, blank=True)
    ongoing_support = models.JSONField(null=True, blank=True)
    formal_supervision_declared = models.CharField(max_length=10, blank=True)
    team_preparation = models.CharField(max_length=20, blank=True)
    # Roles and their terms, for the case table (words), and facts for counting
    roles = models.JSONField(default=list)
    functions = models.JSONField(null=True, blank=True)
    employs_paid = _flag(_("paid posts"))
    employs_sessional = _flag(_("sessional posts"))
    employs_volunteer = _flag(_("volunteer posts"))
    part_time = _flag(_("part-time posts"))
    terms_changed = _flag(_("terms changed over time"))
    lived_experience_essential = _flag(_("lived experience essential"))
    peer_line_manager = _flag(_("peer line manager"))
    # Recruitment
    campaigns = models.PositiveIntegerField(default=0)
    recruitment_routes = models.JSONField(null=True, blank=True)
    campaigns_interviewed = models.PositiveIntegerField(default=0)
    campaigns_peer_panel = models.PositiveIntegerField(default=0)
    peer_on_panel = _flag(_("peer on the interview panel"))
    # Training
    peer_training = _flag(_("peer-specific training course"))
    induction_only = _flag(_("brief induction only"))
    training_sessions = models.PositiveSmallIntegerField(null=True, blank=True)
    training_hours = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    training_accredited = _flag(_("accredited training"))
    training_co_delivered = _flag(_("training co-delivered by peers"))
    team_prepared = _flag(_("team prepared before the first start"))
    # Supervision and support
    formal_supervision = _flag(_("formal supervision"))
    supervision_types = models.JSONField(null=True, blank=True)
    supervision_frequency_days = models.PositiveSmallIntegerField(null=True, blank=True)
    supervisor_lived_experience = _flag(_("supervisor with lived experience"))
    # Facts that do not apply this quarter (e.g. team preparation before anyone started)
    not_applicable = models.JSONField(default=dict)
    conflicts = models.JSONField(default=list)
    # People, with their denominators
    workers_recorded = models.PositiveIntegerField(default=0)
    headcount = models.PositiveIntegerField(default=0)
    wte = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    wte_not_stated = models.PositiveIntegerField(default=0)
    starters = models.PositiveIntegerField(default=0)
    leavers = models.PositiveIntegerField(default=0)
    cohort_6 = models.PositiveIntegerField(default=0)
    retained_6 = models.PositiveIntegerField(default=0)
    cohort_12 = models.PositiveIntegerField(default=0)
    retained_12 = models.PositiveIntegerField(default=0)
    training_required = models.PositiveIntegerField(default=0)
    training_completed = models.PositiveIntegerField(default=0)
    arrangements_recorded = models.PositiveIntegerField(default=0)
    supervision_people = models.PositiveIntegerField(default=0)
    supervision_on_time = models.PositiveIntegerField(default=0)

    objects = PracticeProfileQuerySet.as_manager()

    class Meta:
        ordering = ["initiative", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "quarter"], name="comparison_profile_one_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(retained_6__lte=F("cohort_6")) & Q(retained_12__lte=F("cohort_12")),
                name="comparison_profile_retained_within_cohort",
            ),
            models.CheckConstraint(
                condition=Q(training_completed__lte=F("training_required"))
                & Q(supervision_on_time__lte=F("supervision_people")),
                name="comparison_profile_parts_within_whole",
            ),
        ]
        indexes = [models.Index(fields=["quarter", "context"], name="comparison_profile_q_ctx")]

    def __str__(self) -> str:
        return f"{self.initiative} {quarter_label(self.quarter)}"


class PeopleYear(models.Model):
    """The published people figures of one calendar year for one column: an initiative, a
    context, or every initiative (``context`` and ``initiative`` both empty).

    Written once per closed year with disclosure control applied (``comparison.disclosure``);
    suppressed figures are stored without their numbers.
    """

    year = models.PositiveSmallIntegerField()
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    context = models.CharField(max_length=20, blank=True)
    figures = models.JSONField(default=dict)
    computed = models.DateTimeField()

    class Meta:
        ordering = ["year", "context", "initiative"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "initiative"],
                condition=Q(initiative__isnull=False),
                name="comparison_peopleyear_one_per_initiative",
            ),
            models.UniqueConstraint(
                fields=["year", "context"],
                condition=Q(initiative__isnull=True),
                name="comparison_peopleyear_one_per_total",
            ),
        ]

    def __str__(self) -> str:
        if self.initiative_id:
            return f"{self.year}: {self.initiative}"
        return f"{self.year}: {self.context or 'all initiatives'}"


class Generation(models.Model):
    """One row counting the writes the comparison's pages depend on: the comparison keeps
    rendered pages under these numbers, so a write retires every page it could change.

    ``closed`` moves with writes to frozen quarters and published years (rebuilds, freezing,
    publication): pages of closed periods depend on nothing else. ``open`` moves with every
    refresh of the open quarter, which only pages showing it depend on.
    """

    closed = models.BigIntegerField(default=0)
    open = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="comparison_generation_single_row")
        ]

    def __str__(self) -> str:
        return f"generation {self.closed}/{self.open}"
