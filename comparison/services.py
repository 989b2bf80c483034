"""Writes: identified-access grants for researchers (recorded with who, when and why)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import Initiative
from comparison.disclosure import (
    MEASURES,
    Figure,
    Table,
    add,
    count_figure,
    protect,
    share_figure,
)
from comparison.models import (
    Generation,
    IdentifiedAccessGrant,
    PeopleYear,
    PracticeDeclaration,
    PracticeProfile,
)
from comparison.profiles import derive
from peerwork.lib.concurrency import StaleEditError, save_if_current
from peerwork.lib.dates import (
    add_months,
    quarter_end,
    quarter_label,
    quarter_start,
    quarters_between,
)
from supervision import selectors as supervision_selectors


@transaction.atomic
def identified_access_grant(
    *, researcher: User, initiative: Initiative, reason: str, granted_by: User
) -> IdentifiedAccessGrant:
    if not getattr(granted_by, "is_administrator", False):
        raise ValidationError(_("Only an administrator can grant identified access."))
    if not researcher.is_researcher:
        raise ValidationError(_("Identified access can only be granted to a researcher."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for the grant."))
    if (
        IdentifiedAccessGrant.objects.active()
        .filter(researcher=researcher, initiative=initiative)
        .exists()
    ):
        raise ValidationError(
            _("%(researcher)s already has identified access to %(code)s.")
            % {"researcher": researcher.full_name, "code": initiative.research_code}
        )
    try:
        with transaction.atomic():
            return IdentifiedAccessGrant.objects.create(
                researcher=researcher,
                initiative=initiative,
                reason=reason,
                granted_by=granted_by,
                granted=timezone.now(),
            )
    except IntegrityError:
        raise ValidationError(_("This researcher already has identified access to it.")) from None


@transaction.atomic
def identified_access_revoke(
    *, grant: IdentifiedAccessGrant, revoked_by: User
) -> IdentifiedAccessGrant:
    if not getattr(revoked_by, "is_administrator", False):
        raise ValidationError(_("Only an administrator can revoke identified access."))
    # Re-read under a lock and save(), never update(): the audit log records the revocation.
    current = IdentifiedAccessGrant.objects.select_for_update().filter(pk=grant.pk).first()
    if current is None or current.revoked is not None:
        raise ValidationError(_("This grant has already been revoked."))
    current.revoked = timezone.now()
    current.revoked_by = revoked_by
    current.save(update_fields=["revoked", "revoked_by"])
    grant.refresh_from_db()
    return grant


# --- Declared practice ----------------------------------------------------------------------

DECLARATION_FIELDS = (
    "aims",
    "aim_other",
    "role_modes",
    "informal_recruitment",
    "ongoing_support",
    "formal_supervision",
    "team_preparation",
)


@transaction.atomic
def declaration_save(
    *, initiative: Initiative, expected_version: int | None, values: dict
) -> PracticeDeclaration:
    """Record what a manager states about the initiative's practice; refuses a stale edit.

    The profile of the current quarter follows once the transaction commits.
    """
    declaration = PracticeDeclaration.objects.filter(initiative=initiative).first()
    if declaration is None:
        if expected_version not in (None, 0):
            raise StaleEditError()
        declaration = PracticeDeclaration(initiative=initiative, **values)
        declaration.full_clean(exclude=["initiative"])
        declaration.save()
        return declaration
    unknown = set(values) - set(DECLARATION_FIELDS)
    if unknown:
        raise TypeError(f"declaration_save() got unexpected fields {sorted(unknown)}")
    if all(getattr(declaration, name) == value for name, value in values.items()):
        return declaration  # saved unchanged: nothing to write, no new version
    for name, value in values.items():
        setattr(declaration, name, value)
    declaration.full_clean(exclude=["initiative", "version"])
    save_if_current(declaration, expected_version=expected_version, fields=list(values))
    return declaration


# --- Practice profiles ----------------------------------------------------------------------

logger = logging.getLogger("peerwork.comparison")

# Fields of a profile written by ``derive`` (everything but the keys and bookkeeping).
PROFILE_FIELDS = [
    field.name
    for field in PracticeProfile._meta.concrete_fields
    if field.name not in {"id", "initiative", "quarter", "computed", "frozen", "is_stale"}
]


class FrozenQuarterError(ValidationError):
    pass


def _first_quarters(initiative_ids: Iterable[int] | None = None) -> dict[int, dt.date]:
    """The first quarter each initiative has a profile for: the earliest of its start, its
    roles' first terms, its first peer worker's start and the day it was entered."""
    initiatives = Initiative.objects.all()
    if initiative_ids is not None:
        initiatives = initiatives.filter(pk__in=list(initiative_ids))
    rows = initiatives.annotate(
        first_terms=Min("roles__terms_history__effective_from"),
        first_worker=Min("roles__peer_workers__started"),
    ).values_list("pk", "started", "first_terms", "first_worker", "created")
    return {
        pk: quarter_start(
            min(day for day in (started, terms, worker, created.date()) if day is not None)
        )
        for pk, started, terms, worker, created in rows
    }


def generation_bump(*, closed: bool) -> None:
    """Retire the kept comparison pages a write may change: those of closed periods when it
    wrote a frozen quarter or a published year, those showing the open quarter otherwise.
    Called by each write to profiles or published figures, in its transaction."""
    name = "closed" if closed else "open"
    if not Generation.objects.filter(pk=1).update(**{name: F(name) + 1}):
        Generation.objects.get_or_create(pk=1, defaults={name: 1})


def _write(quarter: dt.date, derived: dict[int, dict], *, frozen: dt.datetime | None) -> int:
    now = timezone.now()
    rows = [
        PracticeProfile(
            initiative_id=initiative_id,
            quarter=quarter,
            computed=now,
            frozen=frozen,
            is_stale=False,
            **values,
        )
        for initiative_id, values in derived.items()
    ]
    PracticeProfile.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["initiative", "quarter"],
        update_fields=[*PROFILE_FIELDS, "computed", "frozen", "is_stale"],
    )
    generation_bump(closed=frozen is not None)
    return len(rows)


def profiles_refresh(*, initiative_ids: Iterable[int], today: dt.date | None = None) -> int:
    """Recompute the current quarter's profiles of the given initiatives (after a write)."""
    today = today or timezone.localdate()
    quarter = quarter_start(today)
    ids = list(initiative_ids)
    first = _first_quarters(ids)
    ids = [pk for pk in ids if pk in first and first[pk] <= quarter]
    if not ids:
        return 0
    return _write(quarter, derive(quarter=quarter, as_of=today, initiative_ids=ids), frozen=None)


def profiles_refresh_on_time(*, initiative_ids: Iterable[int], today: dt.date | None = None) -> int:
    """After a signature: move who is on time in the current quarter's profiles (two queries
    and an update each) instead of recomputing them whole.

    A profile computed on an earlier day is recomputed whole, so every figure of a profile
    always describes the same day.
    """
    today = today or timezone.localdate()
    quarter = quarter_start(today)
    ids = list(initiative_ids)
    fresh = set(
        PracticeProfile.objects.filter(
            initiative_id__in=ids, quarter=quarter, as_of=today, frozen__isnull=True
        ).values_list("initiative_id", flat=True)
    )
    stale = [initiative_id for initiative_id in ids if initiative_id not in fresh]
    updated = profiles_refresh(initiative_ids=stale, today=today) if stale else 0
    if not fresh:
        return updated
    supervision = supervision_selectors.formal_supervision_by_initiative(
        on=today, initiative_ids=sorted(fresh)
    )
    now = timezone.now()
    for initiative_id in sorted(fresh):
        figures = supervision.get(initiative_id)
        updated += PracticeProfile.objects.filter(
            initiative_id=initiative_id, quarter=quarter
        ).update(
            supervision_people=figures.people if figures else 0,
            supervision_on_time=figures.on_time if figures else 0,
            computed=now,
        )
    generation_bump(closed=False)
    return updated


def profiles_mark_stale(*, initiative_ids: Iterable[int], since: dt.date) -> int:
    """Flag the frozen quarters from ``since`` on whose records have changed."""
    return PracticeProfile.objects.filter(
        initiative_id__in=list(initiative_ids),
        quarter__gte=quarter_start(since),
        frozen__isnull=False,
    ).update(is_stale=True)


@dataclass
class RebuildReport:
    quarters: int = 0
    profiles: int = 0
    changes: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)


def _differences(before: PracticeProfile, after: dict) -> list[str]:
    changed = []
    for name, value in after.items():
        old = getattr(before, name)
        if isinstance(old, Decimal) or isinstance(value, Decimal):
            same = (old is None and value is None) or (
                old is not None and value is not None and Decimal(old) == Decimal(value)
            )
        else:
            same = old == value
        if not same:
            changed.append(f"{name}: {old!r} → {value!r}")
    return changed


@transaction.atomic
def profiles_rebuild(
    *,
    quarters: Sequence[dt.date] | None = None,
    initiative_ids: Iterable[int] | None = None,
    force: bool = False,
    today: dt.date | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> RebuildReport:
    """Compute profiles for ``quarters`` (default: every quarter from the first initiative's to
    the current one), freeze the closed ones and publish the people figures of closed years.

    A frozen quarter is recomputed only with ``force``; the changes are logged and returned.
    """
    today = today or timezone.localdate()
    current = quarter_start(today)
    ids = list(initiative_ids) if initiative_ids is not None else None
    first = _first_quarters(ids)
    if not first:
        return RebuildReport()
    wanted = sorted(
        {quarter_start(q) for q in quarters}
        if quarters is not None
        else set(quarters_between(min(first.values()), today))
    )
    wanted = [quarter for quarter in wanted if quarter <= current]
    frozen_scope = PracticeProfile.objects.filter(quarter__in=wanted, frozen__isnull=False)
    if ids is not None:
        frozen_scope = frozen_scope.filter(initiative_id__in=ids)
    if frozen_scope.exists() and not force:
        closed = sorted({quarter_label(q) for q in frozen_scope.values_list("quarter", flat=True)})
        raise FrozenQuarterError(
            _("%(quarters)s are frozen. Rebuild them with --force; the changes are logged.")
            % {"quarters": ", ".join(closed[:4]) + ("…" if len(closed) > 4 else "")}
        )
    report = RebuildReport()
    now = timezone.now()
    for index, quarter in enumerate(wanted, start=1):
        members = [pk for pk, first_quarter in first.items() if first_quarter <= quarter]
        if not members:
            continue
        is_closed = quarter < current
        as_of = quarter_end(quarter) if is_closed else today
        derived = derive(quarter=quarter, as_of=as_of, initiative_ids=members if ids else None)
        derived = {pk: values for pk, values in derived.items() if pk in set(members)}
        if force:
            existing = PracticeProfile.objects.filter(
                quarter=quarter, initiative_id__in=list(derived), frozen__isnull=False
            ).select_related("initiative")
            for profile in existing:
                for change in _differences(profile, derived[profile.initiative_id]):
                    line = f"{profile.initiative.research_code} {quarter_label(quarter)} {change}"
                    report.changes.append(line)
                    logger.info("profile rebuild changed %s", line)
        report.profiles += _write(quarter, derived, frozen=now if is_closed else None)
        report.quarters += 1
        if progress:
            progress(quarter_label(quarter), index, len(wanted))
    # A year's published figures depend on the year before (rule 5 of comparison.disclosure),
    # so every closed year from the first rebuilt one on is published again, in order.
    first_year = min((q.year for q in wanted), default=None)
    closed_years = (
        [
            year
            for year in range(first_year, today.year)
            if PracticeProfile.objects.filter(quarter=dt.date(year, 10, 1)).exists()
        ]
        if first_year is not None
        else []
    )
    for year in closed_years:
        if people_year_publish(year=year, force=True):
            report.years.append(year)
    return report


def profiles_freeze(*, today: dt.date | None = None) -> RebuildReport:
    """Freeze every closed quarter that is not frozen yet (computed at its last day), publish
    the people figures of years that have closed since, and bring the open quarter up to
    today. Run daily; safe to run more often."""
    today = today or timezone.localdate()
    first = _first_quarters()
    if not first:
        return RebuildReport()
    closed = quarters_between(min(first.values()), add_months(quarter_start(today), -3))
    frozen = set(
        PracticeProfile.objects.filter(frozen__isnull=False)
        .order_by()
        .values("quarter")
        .annotate(n=Count("pk"))
        .values_list("quarter", "n")
    )
    expected = {q: sum(1 for f in first.values() if f <= q) for q in closed}
    missing = [q for q in closed if (q, expected[q]) not in frozen]
    report = RebuildReport()
    now = timezone.now()
    for quarter in missing:
        done = set(
            PracticeProfile.objects.filter(quarter=quarter, frozen__isnull=False).values_list(
                "initiative_id", flat=True
            )
        )
        members = [pk for pk, f in first.items() if f <= quarter and pk not in done]
        if not members:
            continue
        derived = derive(quarter=quarter, as_of=quarter_end(quarter), initiative_ids=members)
        report.profiles += _write(quarter, derived, frozen=now)
        report.quarters += 1
    published = set(PeopleYear.objects.values_list("year", flat=True).distinct())
    for year in sorted({q.year for q in closed}):
        is_new = dt.date(year, 12, 31) < today and year not in published
        if is_new and people_year_publish(year=year):
            report.years.append(year)
    # The open quarter describes today, and days change it with no write: people reach their
    # last day, supervision falls due.
    profiles_refresh(initiative_ids=list(first), today=today)
    return report


def _raw_people(profiles: Sequence[PracticeProfile]) -> dict[str, Figure]:
    """One initiative's people figures for a year from its four quarterly profiles."""
    by_quarter = sorted(profiles, key=lambda profile: profile.quarter)
    last = by_quarter[-1]
    recorded = last.workers_recorded > 0
    return {
        "headcount": count_figure(last.headcount, recorded=recorded, wte=last.wte),
        "starters": count_figure(sum(p.starters for p in by_quarter), recorded=recorded),
        "leavers": count_figure(sum(p.leavers for p in by_quarter), recorded=recorded),
        "retention_6": share_figure(
            sum(p.retained_6 for p in by_quarter),
            sum(p.cohort_6 for p in by_quarter),
            recorded=recorded,
        ),
        "retention_12": share_figure(
            sum(p.retained_12 for p in by_quarter),
            sum(p.cohort_12 for p in by_quarter),
            recorded=recorded,
        ),
        "training": share_figure(
            last.training_completed, last.training_required, recorded=recorded
        ),
        "supervision": share_figure(
            last.supervision_on_time,
            last.supervision_people,
            recorded=last.arrangements_recorded > 0,
        ),
    }


ALL = ("all", "")


def yearly_people(initiative_ids: Iterable[int], year: int) -> dict[int, dict[str, Figure]]:
    """Unsuppressed people figures of ``year`` for the given initiatives (for their own
    managers, and for publication)."""
    quarters = [dt.date(year, month, 1) for month in (1, 4, 7, 10)]
    by_initiative: dict[int, list[PracticeProfile]] = {}
    for profile in PracticeProfile.objects.filter(
        quarter__in=quarters, initiative_id__in=list(initiative_ids)
    ).order_by():
        by_initiative.setdefault(profile.initiative_id, []).append(profile)
    return {
        pk: _raw_people(rows)
        for pk, rows in by_initiative.items()
        if any(row.quarter == quarters[-1] for row in rows)
    }


def people_year_publish(*, year: int, force: bool = False) -> bool:
    """Publish the people figures of ``year`` (closed): one protected table, stored.

    Needs the four quarters frozen; a published year is replaced only with ``force``. Returns
    whether it published.
    """
    quarters = [dt.date(year, month, 1) for month in (1, 4, 7, 10)]
    if PeopleYear.objects.filter(year=year).exists() and not force:
        return False
    profiles = list(
        PracticeProfile.objects.filter(quarter__in=quarters, frozen__isnull=False).order_by()
    )
    by_initiative: dict[int, list[PracticeProfile]] = {}
    for profile in profiles:
        by_initiative.setdefault(profile.initiative_id, []).append(profile)
    # An initiative counts in a year when it has a profile for the year's last quarter.
    members = {
        pk: rows
        for pk, rows in by_initiative.items()
        if any(p.quarter == quarters[-1] for p in rows)
    }
    raw: Table = {}
    hierarchy: dict = {ALL: []}
    for initiative_id, rows in members.items():
        context = next(p.context for p in rows if p.quarter == quarters[-1]) or "none"
        raw[("initiative", initiative_id)] = _raw_people(rows)
        hierarchy.setdefault(("context", context), []).append(("initiative", initiative_id))
    for column, parts in list(hierarchy.items()):
        if column == ALL:
            continue
        hierarchy[ALL].append(column)
        raw[column] = {
            measure.key: add([raw[part][measure.key] for part in parts], measure.kind)
            for measure in MEASURES
        }
    raw[ALL] = {
        measure.key: add([raw[part][measure.key] for part in hierarchy[ALL]], measure.kind)
        for measure in MEASURES
    }
    previous = _published_table(year - 1)
    table = protect(
        raw, hierarchy=hierarchy, k=settings.PEERWORK_SUPPRESSION_THRESHOLD, previous=previous
    )
    now = timezone.now()
    PeopleYear.objects.filter(year=year).delete()
    PeopleYear.objects.bulk_create(
        [
            PeopleYear(
                year=year,
                initiative_id=key if kind == "initiative" else None,
                context=key if kind == "context" else "",
                figures={measure: figure.as_dict() for measure, figure in figures.items()},
                computed=now,
            )
            for (kind, key), figures in table.items()
        ],
        batch_size=1000,
    )
    generation_bump(closed=True)
    return True


def _published_table(year: int) -> Table:
    kinds = {measure.key: measure.kind for measure in MEASURES}
    table: Table = {}
    for row in PeopleYear.objects.filter(year=year):
        if row.initiative_id is not None:
            column = ("initiative", row.initiative_id)
        elif row.context:
            column = ("context", row.context)
        else:
            column = ALL
        table[column] = {
            measure: Figure.from_dict(kinds[measure], data) for measure, data in row.figures.items()
        }
    return table
