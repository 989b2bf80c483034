"""Reads for the cases domain, with their joins and aggregates done in the database."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Count,
    Exists,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import (
    FULL_TIME_HOURS,
    ImplementationMilestone,
    Initiative,
    InitiativePartner,
    Membership,
    Organisation,
    PartnerPart,
    PeerWorker,
    PeerWorkerRole,
    RoleTerms,
    RoleTermsFields,
    Team,
)
from peerwork.lib.dates import active_on, add_months

_M = TypeVar("_M", bound=Model)


def initiative_list(*, user: User | AnonymousUser) -> QuerySet[Initiative]:
    """Initiatives the user can open, with counts for the list page (2 queries in all:
    the initiatives with their counts, and their service settings)."""
    today = timezone.localdate()
    current_workers = PeerWorker.objects.filter(role__initiative=OuterRef("pk")).current(today)
    return (
        Initiative.objects.visible_to(user)
        .annotate(
            role_count=Count("roles", distinct=True),
            current_worker_count=_subquery_count(current_workers),
            late_milestone_count=Count(
                "milestones",
                filter=Q(milestones__achieved__isnull=True, milestones__planned__lt=today),
                distinct=True,
            ),
        )
        .prefetch_related("settings")
        .order_by("name")
    )


def _subquery_count(queryset: QuerySet[PeerWorker]) -> Coalesce:
    from django.db.models import IntegerField, Subquery

    counted = queryset.order_by().values("role__initiative").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def initiative_detail(*, initiative: Initiative) -> dict[str, Any]:
    """Everything the initiative page shows, in a fixed number of queries."""
    partners = list(
        InitiativePartner.objects.filter(initiative=initiative)
        .select_related("organisation")
        .order_by("organisation__name", "part")
    )
    today = timezone.localdate()
    roles = list(
        PeerWorkerRole.objects.filter(initiative=initiative)
        .select_related("employer", "host_team", "host_team__setting")
        .prefetch_related(
            "functions",
            Prefetch(
                "peer_workers",
                queryset=PeerWorker.objects.select_related("user").order_by("-started"),
            ),
        )
        .annotate(
            current_count=Count(
                "peer_workers",
                filter=active_on(today, "peer_workers"),
            )
        )
        .order_by("title")
    )
    milestones = list(
        ImplementationMilestone.objects.filter(initiative=initiative)
        .select_related("milestone_type")
        .order_by("planned", "achieved", "pk")
    )
    partner_groups: dict[Organisation, list[str]] = {}
    for partner in partners:
        partner_groups.setdefault(partner.organisation, []).append(partner.get_part_display())
    return {
        "partners": partners,
        "partner_groups": list(partner_groups.items()),
        "roles": roles,
        "milestones": milestones,
    }


def teams_for_organisation(*, organisation: Organisation) -> QuerySet[Team]:
    has_roles = PeerWorkerRole.objects.filter(host_team=OuterRef("pk"))
    return (
        Team.objects.filter(organisation=organisation)
        .select_related("setting")
        .annotate(role_count=Count("hosted_roles"), is_hosting=Exists(has_roles))
        .order_by("name")
    )


def posts_for_user(*, user: User) -> QuerySet[PeerWorker]:
    return PeerWorker.objects.filter(user=user).select_related(
        "role", "role__initiative", "role__employer", "role__host_team"
    )


# --- Practice profiles ------------------------------------------------------------------
#
# The comparison builds each initiative's practice profile per quarter from these reads. Each
# takes ``initiative_ids`` (None: every initiative) and runs a fixed number of queries, whatever
# the number of initiatives, roles or people.

# Retention: a peer worker is retained at 6 (12) months when still in post on the same date 6
# (12) calendar months after they started (``add_months``).
RETENTION_MONTHS = (6, 12)


@dataclass(frozen=True)
class Workforce:
    """People in an initiative's peer worker roles over a window ``[start, end]``.

    A retention cohort holds the people whose 6- or 12-month point fell in the window, so
    windows that do not overlap have disjoint cohorts, and a year's 12-month cohort is exactly
    the people who started the year before.
    """

    recorded: int  # peer workers recorded as starting on or before ``end``
    headcount: int  # in post on ``end``
    starters: int
    leavers: int
    in_post_by_role: dict[int, int] = field(default_factory=dict)  # role id → people in post
    cohort_6: int = 0
    retained_6: int = 0
    cohort_12: int = 0
    retained_12: int = 0


def _in_scope(
    queryset: QuerySet[_M], path: str, initiative_ids: Iterable[int] | None
) -> QuerySet[_M]:
    if initiative_ids is None:
        return queryset
    return queryset.filter(**{f"{path}__in": list(initiative_ids)})


def workforce_by_initiative(
    *, start: dt.date, end: dt.date, initiative_ids: Iterable[int] | None = None
) -> dict[int, Workforce]:
    """Headcount on ``end``, starters and leavers in the window, retention cohorts (two queries:
    the counts, and the start and end dates of the people in a retention cohort)."""
    workers = _in_scope(PeerWorker.objects.all(), "role__initiative_id", initiative_ids)
    in_post = active_on(end)
    rows = (
        workers.filter(started__lte=end)
        .order_by()
        .values("role__initiative_id", "role_id")
        .annotate(
            recorded=Count("pk"),
            headcount=Count("pk", filter=in_post),
            starters=Count("pk", filter=Q(started__gte=start)),
            leavers=Count("pk", filter=Q(ended__gte=start, ended__lte=end)),
        )
    )
    totals: dict[int, dict[str, Any]] = {}
    for row in rows:
        total = totals.setdefault(
            row["role__initiative_id"],
            {"recorded": 0, "headcount": 0, "starters": 0, "leavers": 0, "in_post_by_role": {}},
        )
        for name in ("recorded", "headcount", "starters", "leavers"):
            total[name] += row[name]
        if row["headcount"]:
            total["in_post_by_role"][row["role_id"]] = row["headcount"]
    earliest = add_months(start, -max(RETENTION_MONTHS))
    for initiative_id, started, ended in workers.filter(
        started__gte=earliest, started__lte=add_months(end, -min(RETENTION_MONTHS))
    ).values_list("role__initiative_id", "started", "ended"):
        total = totals[initiative_id]
        for months in RETENTION_MONTHS:
            point = add_months(started, months)
            if start <= point <= end:
                total[f"cohort_{months}"] = total.get(f"cohort_{months}", 0) + 1
                if ended is None or ended >= point:
                    total[f"retained_{months}"] = total.get(f"retained_{months}", 0) + 1
    return {initiative_id: Workforce(**values) for initiative_id, values in totals.items()}


@dataclass(frozen=True)
class TermsVersion:
    effective_from: dt.date | None  # None: a role with no dated terms on record
    employment: str
    pay_band: str
    pay_grade_other: str
    pay_parity: str
    hours_per_week: Decimal | None
    has_flexible_hours: bool
    contract: str

    @property
    def is_part_time(self) -> bool | None:
        if self.hours_per_week is None:
            return None
        return self.hours_per_week < FULL_TIME_HOURS


@dataclass(frozen=True)
class RolePractice:
    """One role of an initiative as it stood on a day: its terms then and how it works."""

    role_id: int
    title: str
    functions: tuple[str, ...]  # role function slugs
    terms: TermsVersion  # in force on the day
    history: tuple[TermsVersion, ...]  # every version in force on or before the day, oldest first
    lived_experience_criterion: str
    has_peer_line_manager: bool | None
    planned_supervision: tuple[str, ...]  # "peer", "managerial", "clinical", "group"
    sharing_expectation: str
    has_clinical_record_access: bool
    attends_team_meetings: bool
    is_jd_coproduced: bool
    host_team_id: int | None
    funded_headcount: int
    funded_wte: Decimal


_PLANNED_SUPERVISION = (
    ("plans_peer_supervision", "peer"),
    ("plans_managerial_supervision", "managerial"),
    ("plans_clinical_supervision", "clinical"),
    ("plans_group_supervision", "group"),
)


def roles_by_initiative(
    *, on: dt.date, initiative_ids: Iterable[int] | None = None
) -> dict[int, list[RolePractice]]:
    """Each initiative's roles in force on ``on`` (three queries).

    A role is in force once its first dated terms apply; a role with no dated terms on
    record counts with its current terms throughout.
    """
    roles = list(
        _in_scope(PeerWorkerRole.objects.all(), "initiative_id", initiative_ids)
        .order_by("initiative_id", "title", "pk")
        .values(
            "pk",
            "initiative_id",
            "title",
            "lived_experience_criterion",
            "has_peer_line_manager",
            "sharing_expectation",
            "has_clinical_record_access",
            "attends_team_meetings",
            "is_jd_coproduced",
            "host_team_id",
            "funded_headcount",
            "funded_wte",
            *(field_name for field_name, _kind in _PLANNED_SUPERVISION),
            *RoleTermsFields.TERMS_FIELDS,
        )
    )
    functions: dict[int, list[str]] = {}
    for role_id, slug in (
        _in_scope(
            PeerWorkerRole.functions.through.objects.all(),
            "peerworkerrole__initiative_id",
            initiative_ids,
        )
        .order_by("rolefunction__position", "rolefunction__slug")
        .values_list("peerworkerrole_id", "rolefunction__slug")
    ):
        functions.setdefault(role_id, []).append(slug)
    versions: dict[int, list[TermsVersion]] = {}
    dated_roles: set[int] = set()
    for row in (
        _in_scope(RoleTerms.objects.all(), "role__initiative_id", initiative_ids)
        .order_by("role_id", "effective_from")
        .values("role_id", "effective_from", *RoleTermsFields.TERMS_FIELDS)
    ):
        role_id = row.pop("role_id")
        dated_roles.add(role_id)
        if row["effective_from"] <= on:
            versions.setdefault(role_id, []).append(TermsVersion(**row))
    result: dict[int, list[RolePractice]] = {}
    for role in roles:
        history = versions.get(role["pk"])
        if history is None:
            if role["pk"] in dated_roles:
                continue  # its first terms start after ``on``: not in force yet
            history = [
                TermsVersion(
                    effective_from=None,
                    **{name: role[name] for name in RoleTermsFields.TERMS_FIELDS},
                )
            ]
        result.setdefault(role["initiative_id"], []).append(
            RolePractice(
                role_id=role["pk"],
                title=role["title"],
                functions=tuple(functions.get(role["pk"], ())),
                terms=history[-1],
                history=tuple(history),
                lived_experience_criterion=role["lived_experience_criterion"],
                has_peer_line_manager=role["has_peer_line_manager"],
                planned_supervision=tuple(
                    kind for field_name, kind in _PLANNED_SUPERVISION if role[field_name]
                ),
                sharing_expectation=role["sharing_expectation"],
                has_clinical_record_access=role["has_clinical_record_access"],
                attends_team_meetings=role["attends_team_meetings"],
                is_jd_coproduced=role["is_jd_coproduced"],
                host_team_id=role["host_team_id"],
                funded_headcount=role["funded_headcount"],
                funded_wte=role["funded_wte"],
            )
        )
    return result


@dataclass(frozen=True)
class InitiativeFacts:
    """What describes an initiative's place: its region (from its lead partner) and settings."""

    initiative_id: int
    research_code: str
    context: str
    status: str
    started: dt.date | None
    region: str
    settings: tuple[str, ...]  # service setting slugs


def initiative_facts(*, initiative_ids: Iterable[int] | None = None) -> dict[int, InitiativeFacts]:
    """Research code, context, status, region and settings of each initiative (three queries).

    The region is the lead partner's (else the employer's, else any partner's).
    """
    rows = _in_scope(Initiative.objects.all(), "pk", initiative_ids).values(
        "pk", "research_code", "context", "status", "started"
    )
    part_rank: dict[str, int] = {PartnerPart.LEAD: 0, PartnerPart.EMPLOYER: 1}
    regions: dict[int, tuple[int, str]] = {}
    for initiative_id, part, region in _in_scope(
        InitiativePartner.objects.all(), "initiative_id", initiative_ids
    ).values_list("initiative_id", "part", "organisation__region"):
        rank = part_rank.get(part, 2)
        if initiative_id not in regions or rank < regions[initiative_id][0]:
            regions[initiative_id] = (rank, region)
    settings: dict[int, list[str]] = {}
    for initiative_id, slug in (
        _in_scope(Initiative.settings.through.objects.all(), "initiative_id", initiative_ids)
        .order_by("servicesetting__slug")
        .values_list("initiative_id", "servicesetting__slug")
    ):
        settings.setdefault(initiative_id, []).append(slug)
    return {
        row["pk"]: InitiativeFacts(
            initiative_id=row["pk"],
            research_code=row["research_code"],
            context=row["context"],
            status=row["status"],
            started=row["started"],
            region=regions.get(row["pk"], (0, ""))[1],
            settings=tuple(settings.get(row["pk"], ())),
        )
        for row in rows
    }


# --- Organisations: the partner picker and near-duplicate detection ----------------------

# Words that mean the same in organisation names, mapped to one spelling before comparing.
_NAME_SYNONYMS: tuple[tuple[str, str], ...] = (
    (r"\bnational health service\b", "nhs"),
    (r"\bfoundation trust\b", "ft"),
    (r"\bfoundation\b", "ft"),
    (r"\bco operative\b", "cooperative"),
    (r"\bcentre\b", "center"),
    (r"\bmental health\b", "mh"),
)
# Words that do not tell two organisations apart.
_NAME_NOISE = frozenset({"the", "ltd", "limited", "plc", "cic", "cio", "inc", "uk"})
# Names this similar (0..1, difflib's ratio over the normalised names) are offered as likely
# matches.
NEAR_DUPLICATE_RATIO = 0.88


def organisation_name_key(name: str) -> str:
    """The name as compared for duplicates: case, accents, punctuation, "&" and common
    abbreviations ("NHS Foundation Trust" = "NHS FT") do not count."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = text.replace("&", " and ")
    # "N.H.S." is "NHS" and "St Mary's" is "St Marys": these marks join, not separate.
    text = re.sub(r"[.'\u2019]", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    for pattern, replacement in _NAME_SYNONYMS:
        text = re.sub(pattern, replacement, text)
    return " ".join(word for word in text.split() if word not in _NAME_NOISE)


def organisation_near_duplicates(name: str, *, limit: int = 5) -> list[Organisation]:
    """Existing organisations whose names are the same or nearly the same as ``name``, the
    closest first (2 queries: the names, then the matches)."""
    key = organisation_name_key(name)
    if not key:
        return []
    scored: list[tuple[float, int]] = []
    for pk, other in Organisation.objects.values_list("pk", "name"):
        other_key = organisation_name_key(other)
        if other_key == key:
            scored.append((1.0, pk))
            continue
        matcher = SequenceMatcher(None, key, other_key)
        if matcher.real_quick_ratio() < NEAR_DUPLICATE_RATIO:
            continue
        ratio = matcher.ratio()
        if ratio >= NEAR_DUPLICATE_RATIO:
            scored.append((ratio, pk))
    scored.sort(key=lambda pair: -pair[0])
    ids = [pk for _ratio, pk in scored[:limit]]
    by_id = Organisation.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def relevant_organisation_ids(user: User) -> tuple[set[int], set[int]]:
    """``(own, partners)``: the organisations the user belongs to, and the other partners of
    initiatives their organisations are in (2 queries)."""
    own_ids = set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
    partner_ids = (
        set(
            InitiativePartner.objects.filter(
                initiative__partners__organisation_id__in=own_ids
            ).values_list("organisation_id", flat=True)
        )
        - own_ids
    )
    return own_ids, partner_ids


@dataclass(frozen=True)
class PickerGroup:
    label: str
    organisations: list[Organisation]


PICKER_LIMIT = 50


def organisation_picker(
    *, user: User, query: str = "", selected: Organisation | None = None, limit: int = PICKER_LIMIT
) -> list[PickerGroup]:
    """Organisations for the partner picker, those relevant to the user first: their own,
    then those already partnering with them, then the rest; each narrowed by ``query``
    (every word must appear in the name). 4 queries: memberships, partners, the relevant
    matches, the others."""
    own_ids, partner_ids = relevant_organisation_ids(user)
    matches = Organisation.objects.all()
    for word in query.split()[:8]:
        matches = matches.filter(name__icontains=word)
    relevant = own_ids | partner_ids
    # The relevant organisations always fit, then the rest up to the limit.
    chosen = list(matches.filter(pk__in=relevant).order_by("name")) + list(
        matches.exclude(pk__in=relevant).order_by("name")[:limit]
    )
    if selected is not None and selected not in chosen:
        chosen.insert(0, selected)  # the current choice stays choosable
    groups = [
        PickerGroup(_("Your organisations"), [o for o in chosen if o.pk in own_ids]),
        PickerGroup(_("Partners in your initiatives"), [o for o in chosen if o.pk in partner_ids]),
        PickerGroup(_("Other organisations"), [o for o in chosen if o.pk not in relevant]),
    ]
    return [group for group in groups if group.organisations]


# --- Leavers ------------------------------------------------------------------------------


def leavers(*, days: int, today: dt.date) -> QuerySet[Any]:
    """Active accounts whose every peer worker post ended more than ``days`` ago.

    Accounts with any other standing (a platform role, staff, or a manager or supervisor
    membership) are left alone: they still need to sign in.
    """
    from django.contrib.auth import get_user_model

    from cases.models import Membership, MembershipRole

    cutoff = today - dt.timedelta(days=days)
    open_or_recent = PeerWorker.objects.filter(user=OuterRef("pk")).filter(
        Q(ended__isnull=True) | Q(ended__gt=cutoff)
    )
    other_role = Membership.objects.filter(user=OuterRef("pk")).exclude(
        role=MembershipRole.PEER_WORKER
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=False, is_superuser=False, platform_role="")
        .filter(Exists(PeerWorker.objects.filter(user=OuterRef("pk"))))
        .exclude(Exists(open_or_recent))
        .exclude(Exists(other_role))
    )


def overdue_milestones(
    *, organisation_ids: Iterable[int], on: dt.date, limit: int = 10
) -> list[ImplementationMilestone]:
    """Milestones of the organisations' initiatives planned before ``on`` and not achieved,
    longest overdue first (milestones achieved late are history, not a to-do). One query."""
    return list(
        ImplementationMilestone.objects.filter(
            initiative__in=Initiative.objects.filter(
                partners__organisation_id__in=list(organisation_ids)
            ),
            achieved__isnull=True,
            planned__lt=on,
        )
        .select_related("initiative", "milestone_type")
        .order_by("planned", "pk")[:limit]
    )
