"""Reads for training: compliance, team preparation, hours, dashboard figures.

Compliance of one peer worker with one required programme (``ComplianceStatus``), on a day:

- **missing**: no completion of the programme is recorded for them;
- otherwise the latest completion is *due* on the earlier of its certificate's expiry date
  and the completion date plus the requirement's renewal interval (either may be absent;
  with neither it never falls due);
- **overdue**: the due date is before the day;
- **due within 30 days**: the due date is the day itself or up to 30 days after it;
- **compliant**: later than that, or never due.

Only current peer workers (started, not yet ended) count. Month arithmetic clamps to the end
of the month (31 January + 1 month = 28/29 February).

For the research comparison, three functions compute *every* initiative at once in a fixed
number of queries (whatever the number of initiatives, teams or peer workers); each takes an
optional ``initiative_ids`` iterable to restrict it, and returns ``{initiative_id: summary}``
with an entry only for initiatives that have something to count:

``team_preparation_by_initiative(initiative_ids=None)`` → ``TeamPreparationSummary``
    One query. For each host team of the initiative's roles: how many distinct colleagues
    completed team-preparation training (a programme whose audience is team colleagues), the
    date of the first such completion, the date the team's first peer worker of *that
    initiative* started (peer workers an earlier initiative placed there do not count), and whether the team was prepared before that start, i.e. at least one
    colleague completed on or before that date (``None`` while no peer worker has started).
    The summary counts host teams, teams prepared, teams prepared before start, and colleagues.

``peer_specific_hours_by_initiative(initiative_ids=None, on=None)`` → ``HoursSummary``
    Two queries. Current peer workers, and the total hours of *peer-specific* programmes they
    completed (each completion counts the programme's total hours once), with the mean per
    peer worker.

``compliance_rate_by_initiative(initiative_ids=None, on=None)`` → ``ComplianceSummary``
    Two queries. Counts of required (peer worker × required programme) items by status, and
    the rate of items currently valid (compliant or due within 30 days) out of all required.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.models import Initiative, Organisation, PeerWorker, PeerWorkerRole, Team
from peerwork.lib.dates import add_months, earliest_completion_reaching, not_ended_by
from training.models import (
    DUE_SOON_DAYS,
    Attendance,
    Audience,
    Category,
    ComplianceStatus,
    Enrolment,
    Feedback,
    LivedExperienceDelivery,
    RequiredTraining,
    TrainingProgramme,
)

# --- Dates ------------------------------------------------------------------------------


def due_on(
    latest_completed: dt.date | None,
    certificate_expires: dt.date | None,
    renewal_months: int | None,
) -> dt.date | None:
    """When a completion falls due: the earlier of certificate expiry and renewal date."""
    if latest_completed is None:
        return None
    candidates = [certificate_expires] if certificate_expires else []
    if renewal_months:
        candidates.append(add_months(latest_completed, renewal_months))
    return min(candidates) if candidates else None


# --- Compliance -------------------------------------------------------------------------


def _status_expression(on: dt.date, renewal_values: Iterable[int]) -> Case:
    """A database expression for ``ComplianceStatus`` over the annotations of ``_cells``."""
    soon = on + dt.timedelta(days=DUE_SOON_DAYS)
    overdue = Q(latest_expires__lt=on)
    due = Q(latest_expires__lte=soon)
    for months in sorted(set(renewal_values)):
        overdue |= Q(
            renewal_months=months,
            latest_completed__lt=earliest_completion_reaching(on, months),
        )
        due |= Q(
            renewal_months=months,
            latest_completed__lt=earliest_completion_reaching(soon + dt.timedelta(days=1), months),
        )
    return Case(
        When(latest_completed__isnull=True, then=Value(ComplianceStatus.MISSING.value)),
        When(overdue, then=Value(ComplianceStatus.OVERDUE.value)),
        When(due, then=Value(ComplianceStatus.DUE_SOON.value)),
        default=Value(ComplianceStatus.COMPLIANT.value),
        output_field=CharField(),
    )


def _cells(on: dt.date, renewal_values: Iterable[int]) -> QuerySet[PeerWorker]:
    """One row per current peer worker × programme their role requires, with its status."""
    return _cells_base(on).annotate(status=_status_expression(on, renewal_values))


def _cells_base(on: dt.date) -> QuerySet[PeerWorker]:
    """One row per current peer worker × required programme, with its latest completion."""
    completions = Enrolment.objects.filter(
        peer_worker=OuterRef("pk"),
        session__programme=OuterRef("programme_id"),
        completed_on__isnull=False,
    ).order_by("-completed_on", "-pk")
    booked = Enrolment.objects.filter(
        peer_worker=OuterRef("pk"),
        session__programme=OuterRef("programme_id"),
        session__starts_on__gte=on,
        completed_on__isnull=True,
    ).order_by("session__starts_on")
    return (
        PeerWorker.objects.current(on)
        .annotate(
            requirement_id=F("role__required_trainings__id"),
            programme_id=F("role__required_trainings__programme_id"),
            renewal_months=F("role__required_trainings__renewal_months"),
        )
        .filter(requirement_id__isnull=False)
        .annotate(
            latest_completed=Subquery(completions.values("completed_on")[:1]),
            latest_expires=Subquery(completions.values("certificate_expires_on")[:1]),
            next_booked=Subquery(booked.values("session__starts_on")[:1]),
        )
    )


@dataclass(frozen=True)
class ComplianceCell:
    peer_worker_id: int
    peer_worker_public_id: object
    peer_worker_name: str
    pseudonym: str
    initiative_id: int
    role_title: str
    programme_id: int
    programme_title: str
    renewal_months: int | None
    latest_completed: dt.date | None
    latest_expires: dt.date | None
    next_booked: dt.date | None
    status: str

    @property
    def due_on(self) -> dt.date | None:
        return due_on(self.latest_completed, self.latest_expires, self.renewal_months)

    @property
    def status_label(self) -> str:
        return str(ComplianceStatus(self.status).label)


def compliance_cells(
    *,
    on: dt.date | None = None,
    initiative_ids: Iterable[int] | None = None,
    peer_worker_ids: Iterable[int] | None = None,
    role_id: int | None = None,
    programme_id: int | None = None,
    statuses: Iterable[str] | None = None,
    renewal_values: Iterable[int] | None = None,
) -> list[ComplianceCell]:
    """Compliance cells, filtered, ordered by peer worker then programme.

    One query when the caller passes ``renewal_values`` (the distinct renewal intervals of
    the requirements involved — often already loaded); two otherwise.
    """
    on = on or timezone.localdate()
    if renewal_values is None:
        renewal_values = _renewal_values(initiative_ids)
    cells = _cells(on, renewal_values)
    if initiative_ids is not None:
        cells = cells.filter(role__initiative_id__in=list(initiative_ids))
    if peer_worker_ids is not None:
        cells = cells.filter(pk__in=list(peer_worker_ids))
    if role_id is not None:
        cells = cells.filter(role_id=role_id)
    if programme_id is not None:
        cells = cells.filter(programme_id=programme_id)
    if statuses:
        cells = cells.filter(status__in=list(statuses))
    rows = cells.order_by(
        "full_name", "pk", "role__required_trainings__programme__title"
    ).values_list(
        "pk",
        "public_id",
        "full_name",
        "pseudonym",
        "role__initiative_id",
        "role__title",
        "programme_id",
        "role__required_trainings__programme__title",
        "renewal_months",
        "latest_completed",
        "latest_expires",
        "next_booked",
        "status",
    )
    return [ComplianceCell(*row) for row in rows]


def _renewal_values(initiative_ids: Iterable[int] | None) -> list[int]:
    requirements = RequiredTraining.objects.filter(renewal_months__isnull=False)
    if initiative_ids is not None:
        requirements = requirements.filter(role__initiative_id__in=list(initiative_ids))
    return list(requirements.order_by().values_list("renewal_months", flat=True).distinct())


@dataclass
class ComplianceMatrix:
    """Rows of peer workers, columns of required programmes, a cell where required."""

    programmes: list[tuple[int, str]]
    rows: list[tuple[ComplianceCell, list[ComplianceCell | None]]]
    totals: dict[str, int]


def compliance_matrix(
    initiative: Initiative,
    *,
    requirements: list[RequiredTraining],
    on: dt.date | None = None,
    role_id: int | None = None,
    programme_id: int | None = None,
    status: str | None = None,
) -> ComplianceMatrix:
    """The matrix for one initiative, in one query given its loaded ``requirements``."""
    cells = compliance_cells(
        on=on,
        initiative_ids=[initiative.pk],
        role_id=role_id,
        programme_id=programme_id,
        statuses=[status] if status else None,
        renewal_values={r.renewal_months for r in requirements if r.renewal_months},
    )
    programmes = sorted(
        {(cell.programme_id, cell.programme_title) for cell in cells}, key=lambda pair: pair[1]
    )
    column = {programme_id: index for index, (programme_id, _title) in enumerate(programmes)}
    rows: list[tuple[ComplianceCell, list[ComplianceCell | None]]] = []
    for cell in cells:
        if not rows or rows[-1][0].peer_worker_id != cell.peer_worker_id:
            rows.append((cell, [None] * len(programmes)))
        rows[-1][1][column[cell.programme_id]] = cell
    totals = {choice.value: 0 for choice in ComplianceStatus}
    for cell in cells:
        totals[cell.status] += 1
    return ComplianceMatrix(programmes=programmes, rows=rows, totals=totals)


@dataclass(frozen=True)
class ComplianceSummary:
    required: int
    compliant: int
    due_soon: int
    overdue: int
    missing: int

    @property
    def valid(self) -> int:
        return self.compliant + self.due_soon

    @property
    def rate(self) -> float | None:
        """Percentage of required items currently valid; None when nothing is required."""
        return round(100 * self.valid / self.required, 1) if self.required else None


def compliance_rate_by_initiative(
    initiative_ids: Iterable[int] | None = None, *, on: dt.date | None = None
) -> dict[int, ComplianceSummary]:
    """Compliance counts per initiative (two queries). See the module docstring.

    The counting runs in the database over a derived table, so each peer worker ×
    requirement row evaluates its latest-completion subqueries once, not once per
    reference in the status expression (which made this slow at scale on PostgreSQL).
    """
    on = on or timezone.localdate()
    ids = list(initiative_ids) if initiative_ids is not None else None
    renewal_values = sorted(set(_renewal_values(ids)))
    cells = _cells_base(on)
    if ids is not None:
        cells = cells.filter(role__initiative_id__in=ids)
    inner_sql, inner_params = (
        cells.annotate(initiative_key=F("role__initiative_id"))
        .values("initiative_key", "latest_completed", "latest_expires", "renewal_months")
        .order_by()
        .query.sql_with_params()
    )
    status_sql, status_params = _status_sql(on, renewal_values)
    counted = ", ".join(
        f"SUM(CASE WHEN status = %s THEN 1 ELSE 0 END) AS {status.value}"
        for status in ComplianceStatus
    )
    sql = (
        f"SELECT initiative_key, COUNT(*) AS required, {counted} "  # noqa: S608 - no user input
        f"FROM (SELECT initiative_key, {status_sql} AS status FROM ({inner_sql}) cells) statuses "
        "GROUP BY initiative_key"
    )
    params = [status.value for status in ComplianceStatus] + status_params + list(inner_params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [column[0] for column in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return {
        row["initiative_key"]: ComplianceSummary(
            required=row["required"],
            compliant=int(row[ComplianceStatus.COMPLIANT.value] or 0),
            due_soon=int(row[ComplianceStatus.DUE_SOON.value] or 0),
            overdue=int(row[ComplianceStatus.OVERDUE.value] or 0),
            missing=int(row[ComplianceStatus.MISSING.value] or 0),
        )
        for row in rows
    }


def _status_sql(on: dt.date, renewal_values: list[int]) -> tuple[str, list]:
    """The SQL twin of ``_status_expression`` over the columns of the derived table."""
    adapt = connection.ops.adapt_datefield_value
    soon = on + dt.timedelta(days=DUE_SOON_DAYS)
    overdue, due = ["latest_expires < %s"], ["latest_expires <= %s"]
    overdue_params, due_params = [adapt(on)], [adapt(soon)]
    for months in renewal_values:
        overdue.append("(renewal_months = %s AND latest_completed < %s)")
        overdue_params += [months, adapt(earliest_completion_reaching(on, months))]
        due.append("(renewal_months = %s AND latest_completed < %s)")
        due_params += [
            months,
            adapt(earliest_completion_reaching(soon + dt.timedelta(days=1), months)),
        ]
    sql = (
        f"CASE WHEN latest_completed IS NULL THEN %s "
        f"WHEN {' OR '.join(overdue)} THEN %s "
        f"WHEN {' OR '.join(due)} THEN %s ELSE %s END"
    )
    params = [
        ComplianceStatus.MISSING.value,
        *overdue_params,
        ComplianceStatus.OVERDUE.value,
        *due_params,
        ComplianceStatus.DUE_SOON.value,
        ComplianceStatus.COMPLIANT.value,
    ]
    return sql, params


# --- Team preparation -------------------------------------------------------------------


@dataclass(frozen=True)
class TeamPreparation:
    team_id: int
    team_name: str
    colleagues_completed: int
    colleagues_completed_before_start: int
    first_completed: dt.date | None
    first_peer_worker_started: dt.date | None

    @property
    def is_prepared(self) -> bool:
        return self.colleagues_completed > 0

    @property
    def prepared_before_start(self) -> bool | None:
        """None while no peer worker has started in the team."""
        if self.first_peer_worker_started is None:
            return None
        return self.colleagues_completed_before_start > 0


@dataclass
class TeamPreparationSummary:
    teams: list[TeamPreparation] = field(default_factory=list)

    @property
    def host_teams(self) -> int:
        return len(self.teams)

    @property
    def teams_prepared(self) -> int:
        return sum(1 for team in self.teams if team.is_prepared)

    @property
    def teams_prepared_before_start(self) -> int:
        return sum(1 for team in self.teams if team.prepared_before_start)

    @property
    def colleagues_completed(self) -> int:
        return sum(team.colleagues_completed for team in self.teams)


def team_preparation_by_initiative(
    initiative_ids: Iterable[int] | None = None,
) -> dict[int, TeamPreparationSummary]:
    """Team preparation of each initiative's host teams (one query). See the module docstring."""
    team_completions = (
        Enrolment.objects.filter(
            colleague__team=OuterRef("host_team_id"),
            completed_on__isnull=False,
            session__programme__audience=Audience.TEAM_COLLEAGUES,
        )
        .order_by()
        .values("colleague__team")
    )
    # The team's first peer worker *in this initiative*: a team that hosted peer workers of
    # an earlier initiative is judged afresh when a new initiative places peer workers there.
    first_started = Subquery(
        PeerWorker.objects.filter(
            role__host_team=OuterRef("host_team_id"), role__initiative=OuterRef("initiative_id")
        )
        .order_by()
        .values("role__host_team")
        .annotate(first=Min("started"))
        .values("first")
    )
    roles = PeerWorkerRole.objects.filter(host_team__isnull=False)
    if initiative_ids is not None:
        roles = roles.filter(initiative_id__in=list(initiative_ids))
    rows = (
        roles.order_by()
        .values("initiative_id", "host_team_id", "host_team__name")
        .distinct()
        .annotate(
            first_started=first_started,
            colleagues=Subquery(
                team_completions.annotate(n=Count("colleague", distinct=True)).values("n")
            ),
            colleagues_before=Subquery(
                team_completions.filter(completed_on__lte=OuterRef("first_started"))
                .annotate(n=Count("colleague", distinct=True))
                .values("n")
            ),
            first_completed=Subquery(
                team_completions.annotate(first=Min("completed_on")).values("first")
            ),
        )
        .order_by("initiative_id", "host_team__name")
    )
    summaries: dict[int, TeamPreparationSummary] = {}
    for row in rows:
        summaries.setdefault(row["initiative_id"], TeamPreparationSummary()).teams.append(
            TeamPreparation(
                team_id=row["host_team_id"],
                team_name=row["host_team__name"],
                colleagues_completed=row["colleagues"] or 0,
                colleagues_completed_before_start=row["colleagues_before"] or 0,
                first_completed=row["first_completed"],
                first_peer_worker_started=row["first_started"],
            )
        )
    return summaries


def team_preparation_programmes(
    *, initiative: Initiative, organisation_ids: Iterable[int]
) -> list[TrainingProgramme]:
    """Team-preparation programmes the given organisations run, if they are partners of
    ``initiative``, with their sessions (newest first): where a manager records the training
    and enrols a team's colleagues. Two queries."""
    from django.db.models import Prefetch

    from training.models import Session

    partners = initiative.partners.filter(organisation_id__in=list(organisation_ids)).values(
        "organisation_id"
    )
    return list(
        TrainingProgramme.objects.team_preparation()
        .active()
        .filter(organisation_id__in=partners)
        .prefetch_related(
            Prefetch("sessions", queryset=Session.objects.order_by("-starts_on", "-pk"))
        )
        .order_by("title")
    )


# --- Hours ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HoursSummary:
    peer_workers: int
    total_hours: Decimal

    @property
    def mean_hours(self) -> Decimal | None:
        if not self.peer_workers:
            return None
        return (self.total_hours / self.peer_workers).quantize(Decimal("0.1"))


_PEER_SPECIFIC_COMPLETED = Q(
    training_enrolments__completed_on__isnull=False,
    training_enrolments__session__programme__category=Category.PEER_SPECIFIC,
)


def peer_specific_hours_by_initiative(
    initiative_ids: Iterable[int] | None = None, *, on: dt.date | None = None
) -> dict[int, HoursSummary]:
    """Peer-specific training hours of current peer workers (two queries)."""
    on = on or timezone.localdate()
    workers = PeerWorker.objects.current(on)
    if initiative_ids is not None:
        workers = workers.filter(role__initiative_id__in=list(initiative_ids))
    counts = dict(
        workers.order_by()
        .values("role__initiative_id")
        .annotate(n=Count("pk"))
        .values_list("role__initiative_id", "n")
    )
    hours = dict(
        workers.filter(_PEER_SPECIFIC_COMPLETED)
        .order_by()
        .values("role__initiative_id")
        .annotate(hours=Sum("training_enrolments__session__programme__total_hours"))
        .values_list("role__initiative_id", "hours")
    )
    return {
        initiative_id: HoursSummary(
            peer_workers=count, total_hours=Decimal(hours.get(initiative_id) or 0)
        )
        for initiative_id, count in counts.items()
    }


def peer_specific_hours_by_peer_worker(initiative_ids: Iterable[int], *, on: dt.date | None = None):
    """Current peer workers of the initiatives with ``hours`` of peer-specific training (one query)."""
    on = on or timezone.localdate()
    return (
        PeerWorker.objects.current(on)
        .filter(role__initiative_id__in=list(initiative_ids))
        .annotate(
            hours=Coalesce(
                Sum(
                    "training_enrolments__session__programme__total_hours",
                    filter=_PEER_SPECIFIC_COMPLETED,
                ),
                Value(Decimal(0)),
                output_field=DecimalField(max_digits=8, decimal_places=1),
            )
        )
        .select_related("role", "role__initiative")
        .order_by("role__initiative__name", "full_name", "pk")
    )


# --- Dashboard --------------------------------------------------------------------------


def programme_statistics(organisation: Organisation) -> QuerySet[TrainingProgramme]:
    """The organisation's programmes with people enrolled and completed, and feedback (one query)."""
    feedback = Feedback.objects.filter(programme=OuterRef("pk")).order_by().values("programme")
    return (
        TrainingProgramme.objects.for_organisations([organisation.pk])
        .annotate(
            sessions_scheduled=Count("sessions", distinct=True),
            peer_workers_enrolled=Count("sessions__enrolments__peer_worker", distinct=True),
            colleagues_enrolled=Count("sessions__enrolments__colleague", distinct=True),
            peer_workers_completed=Count(
                "sessions__enrolments__peer_worker",
                distinct=True,
                filter=Q(sessions__enrolments__completed_on__isnull=False),
            ),
            colleagues_completed=Count(
                "sessions__enrolments__colleague",
                distinct=True,
                filter=Q(sessions__enrolments__completed_on__isnull=False),
            ),
            feedback_count=Subquery(feedback.annotate(n=Count("pk")).values("n")),
            average_rating=Subquery(feedback.annotate(mean=Avg("rating")).values("mean")),
        )
        .order_by("title")
    )


def expiring_certificates(
    organisation: Organisation, *, on: dt.date | None = None, within_days: int = 60
) -> QuerySet[Enrolment]:
    """Latest certificates from the organisation's programmes that expired or expire soon."""
    on = on or timezone.localdate()
    later = Enrolment.objects.filter(
        Q(peer_worker_id=OuterRef("peer_worker_id")) | Q(colleague_id=OuterRef("colleague_id")),
        session__programme_id=OuterRef("session__programme_id"),
        completed_on__gt=OuterRef("completed_on"),
    )
    return (
        Enrolment.objects.filter(
            session__programme__organisation=organisation,
            certificate_expires_on__lte=on + dt.timedelta(days=within_days),
        )
        .exclude(Exists(later))
        .select_related("session__programme", "peer_worker", "colleague")
        .order_by("certificate_expires_on", "pk")
    )


def attended_programme(user, programme: TrainingProgramme) -> bool:
    """Did this user (as a peer worker) attend any session of the programme?"""
    return Enrolment.objects.filter(
        session__programme=programme,
        peer_worker__user=user,
        attendance=Attendance.ATTENDED,
    ).exists()


def training_record(user):
    """A peer worker's own enrolments across their posts, newest first."""
    return (
        Enrolment.objects.filter(peer_worker__user=user)
        .select_related("session__programme", "peer_worker")
        .order_by("-session__starts_on", "-pk")
    )


def eligible_peer_workers(programme: TrainingProgramme, *, on: dt.date | None = None):
    """Peer workers the programme's organisation may enrol: not yet left, in an initiative
    in which the organisation is a partner."""
    on = on or timezone.localdate()
    partner_initiatives = Initiative.objects.filter(
        partners__organisation_id=programme.organisation_id
    ).values("pk")
    return (
        PeerWorker.objects.filter(not_ended_by(on))
        .filter(role__initiative_id__in=partner_initiatives)
        .select_related("role", "role__initiative")
        .order_by("full_name", "pk")
    )


def eligible_teams(programme: TrainingProgramme):
    """Teams whose colleagues the organisation may enrol: its own teams and the host teams
    of roles in initiatives in which it is a partner."""
    partner_initiatives = Initiative.objects.filter(
        partners__organisation_id=programme.organisation_id
    ).values("pk")
    hosted = PeerWorkerRole.objects.filter(initiative_id__in=partner_initiatives).values(
        "host_team_id"
    )
    return (
        Team.objects.filter(Q(organisation_id=programme.organisation_id) | Q(pk__in=hosted))
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


# --- Practice profiles ----------------------------------------------------------------------


@dataclass(frozen=True)
class PeerTrainingDesign:
    """The initial peer-specific training of an initiative's peer workers, as it stood on a day.

    The initial programme is the peer-specific programme (or brief induction) for peer workers
    that the initiative's peer workers first attended; when nobody has attended one yet, the
    one its roles require. ``programme_id`` is None when neither exists.
    """

    has_records: bool  # any training on record for the initiative's roles or peer workers
    programme_id: int | None = None
    session_count: int | None = None
    total_hours: Decimal | None = None
    is_accredited: bool | None = None
    is_co_delivered: bool | None = None  # delivered or co-delivered by people with lived experience
    is_induction_only: bool | None = None  # every peer-specific programme on record is an induction


_PEER_PROGRAMMES = Q(audience=Audience.PEER_WORKERS) & (
    Q(category=Category.PEER_SPECIFIC) | Q(is_induction=True)
)


def peer_training_design_by_initiative(
    *, on: dt.date, initiative_ids: Iterable[int] | None = None
) -> dict[int, PeerTrainingDesign]:
    """Each initiative's initial peer-specific training on ``on`` (four queries)."""
    ids = list(initiative_ids) if initiative_ids is not None else None
    enrolments = Enrolment.objects.filter(peer_worker__isnull=False, session__starts_on__lte=on)
    requirements = RequiredTraining.objects.all()
    if ids is not None:
        enrolments = enrolments.filter(peer_worker__role__initiative_id__in=ids)
        requirements = requirements.filter(role__initiative_id__in=ids)
    recorded = dict(
        enrolments.order_by()
        .values("peer_worker__role__initiative_id")
        .annotate(n=Count("pk"))
        .values_list("peer_worker__role__initiative_id", "n")
    )
    first_attended: dict[int, list[tuple[dt.date, int]]] = {}
    for initiative_id, programme_id, first in (
        enrolments.filter(
            attendance=Attendance.ATTENDED,
            session__programme__in=TrainingProgramme.objects.filter(_PEER_PROGRAMMES),
        )
        .order_by()
        .values("peer_worker__role__initiative_id", "session__programme_id")
        .annotate(first=Min("session__starts_on"))
        .values_list("peer_worker__role__initiative_id", "session__programme_id", "first")
    ):
        first_attended.setdefault(initiative_id, []).append((first, programme_id))
    required: dict[int, set[int]] = {}
    for initiative_id, programme_id, is_peer in (
        requirements.order_by()
        .annotate(
            is_peer=Exists(
                TrainingProgramme.objects.filter(_PEER_PROGRAMMES, pk=OuterRef("programme_id"))
            )
        )
        .values_list("role__initiative_id", "programme_id", "is_peer")
    ):
        recorded[initiative_id] = recorded.get(initiative_id, 0) + 1
        if is_peer:
            required.setdefault(initiative_id, set()).add(programme_id)
    programme_ids = {pid for rows in first_attended.values() for _first, pid in rows}
    programme_ids |= {pid for pids in required.values() for pid in pids}
    programmes = {
        row["pk"]: row
        for row in TrainingProgramme.objects.filter(pk__in=programme_ids).values(
            "pk",
            "session_count",
            "total_hours",
            "is_accredited",
            "lived_experience_delivery",
            "is_induction",
        )
    }
    designs: dict[int, PeerTrainingDesign] = {}
    for initiative_id in recorded.keys() | first_attended.keys():
        attended = sorted(first_attended.get(initiative_id, []))
        candidates = [pid for _first, pid in attended] or sorted(required.get(initiative_id, ()))
        if not candidates:
            designs[initiative_id] = PeerTrainingDesign(has_records=True)
            continue
        known = {pid for _first, pid in attended} | required.get(initiative_id, set())
        courses = [pid for pid in candidates if not programmes[pid]["is_induction"]]
        initial = programmes[(courses or candidates)[0]]
        designs[initiative_id] = PeerTrainingDesign(
            has_records=True,
            programme_id=initial["pk"],
            session_count=initial["session_count"],
            total_hours=initial["total_hours"],
            is_accredited=initial["is_accredited"],
            is_co_delivered=initial["lived_experience_delivery"]
            != LivedExperienceDelivery.NOT_INVOLVED,
            is_induction_only=all(programmes[pid]["is_induction"] for pid in known),
        )
    return designs


@dataclass(frozen=True)
class TrainingCompletion:
    """Peer workers in post on a day whose role requires training, and how many had completed
    every programme it requires (at least once) by then."""

    required: int
    completed: int


def training_completion_by_initiative(
    *, on: dt.date, initiative_ids: Iterable[int] | None = None
) -> dict[int, TrainingCompletion]:
    """Training completion of the peer workers in post on ``on`` (one query)."""
    workers = PeerWorker.objects.current(on).filter(
        Exists(RequiredTraining.objects.filter(role=OuterRef("role")))
    )
    if initiative_ids is not None:
        workers = workers.filter(role__initiative_id__in=list(initiative_ids))
    not_completed = RequiredTraining.objects.filter(role=OuterRef("role")).exclude(
        Exists(
            Enrolment.objects.filter(
                peer_worker=OuterRef(OuterRef("pk")),
                session__programme=OuterRef("programme"),
                completed_on__lte=on,
            )
        )
    )
    rows = (
        workers.order_by()
        .values("role__initiative_id")
        .annotate(required=Count("pk"), completed=Count("pk", filter=~Q(Exists(not_completed))))
    )
    return {
        row["role__initiative_id"]: TrainingCompletion(
            required=row["required"], completed=row["completed"]
        )
        for row in rows
    }


# --- The completion grid ------------------------------------------------------------------


def completion_grid(initiative: Initiative, *, on: dt.date | None = None):
    """``(workers, programmes, completed)`` for recording completions in a grid: the
    initiative's current peer workers, the programmes for peer workers its partners run
    (those its roles require first), and each worker's latest completion of each programme
    as ``{(worker_id, programme_id): day}``. 4 queries."""
    on = on or timezone.localdate()
    workers = list(
        PeerWorker.objects.for_initiative(initiative)
        .current(on)
        .select_related("role__initiative")
        .order_by("full_name", "pk")
    )
    required = RequiredTraining.objects.filter(
        role__initiative=initiative, programme=OuterRef("pk")
    )
    programmes = list(
        TrainingProgramme.objects.filter(
            organisation__partnerships__initiative=initiative,
            audience=Audience.PEER_WORKERS,
            is_active=True,
        )
        .annotate(is_required=Exists(required))
        .select_related("organisation")
        .distinct()
        .order_by("-is_required", "title")
    )
    completed = {
        (worker_id, programme_id): day
        for worker_id, programme_id, day in Enrolment.objects.filter(
            peer_worker__in=[worker.pk for worker in workers],
            session__programme__in=[programme.pk for programme in programmes],
            completed_on__isnull=False,
        )
        .values_list("peer_worker_id", "session__programme_id")
        .annotate(latest=Max("completed_on"))
    }
    return workers, programmes, completed
