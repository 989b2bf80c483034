"""A synthetic national landscape of peer worker initiatives, for benchmarks and query-count tests.

``build_landscape(2000, sessions=1_000_000)`` makes what a national roll-out would hold after about
six years: 2,000 initiatives across the statutory, voluntary and partnership contexts with their
organisations, partners, regions, settings, teams and roles (dated terms: some roles start as
volunteer posts and become paid), about 20,000 peer workers with realistic starts and ends,
recruitment campaigns with 50,000 applications, interviews and panels, training programmes with
their sessions and about 200,000 enrolments (peer-specific courses, brief inductions, mandatory
training, team preparation of host-team colleagues), supervision arrangements with 1,000,000
supervision sessions in realistic statuses, and practice declarations for a share of initiatives.

Rows go straight to the tables: PostgreSQL's ``COPY`` on PostgreSQL, batched ``INSERT`` elsewhere.
No model ``save()`` runs, so no signal fires: nothing is audited and no practice profile is
computed (``comparison.services.profiles_rebuild`` does that afterwards). The landscape is
deterministic for a seed and a day; names are obviously made up. Call it again with a larger
``count`` to grow an existing landscape: only the missing initiatives are added.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import random
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from cases.models import (
    Context,
    Contract,
    Employment,
    Initiative,
    InitiativePartner,
    InitiativeStatus,
    LeavingReason,
    LivedExperienceCriterion,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    PartnerPart,
    PayBand,
    PeerWorker,
    PeerWorkerRole,
    Region,
    RoleFunction,
    RoleTerms,
    Sector,
    ServiceSetting,
    SharingExpectation,
    Team,
    YesNoUnknown,
)
from comparison.models import PracticeDeclaration
from comparison.vocabularies import (
    Aim,
    FormalSupervision,
    InformalRecruitment,
    RoleMode,
    SupportModel,
    TeamPreparation,
)
from recruitment.models import (
    ACTIVE_STAGES,
    NON_APPOINTMENT_REASONS,
    WITHDRAWAL_REASONS,
    Application,
    Campaign,
    CampaignStatus,
    EndReason,
    Interview,
    InterviewOutcome,
    LivedExperienceDeclared,
    PanelMember,
    Perspective,
    Route,
    Stage,
)
from supervision.models import (
    SessionMode,
    SessionStatus,
    SupervisionArrangement,
    SupervisionSession,
    SupervisionType,
)
from training.models import (
    Attendance,
    Audience,
    Category,
    Colleague,
    Enrolment,
    LivedExperienceDelivery,
    Mode,
    RequiredTraining,
    Session,
    TrainingProgramme,
)

PREFIX = "Synthetic"
FIRST_CODE = 1000
MAX_INITIATIVES = 8999  # research codes run from P-1000 to P-9998

# Per initiative, on average: the national landscape's proportions.
SESSIONS_PER_INITIATIVE = 500  # 1,000,000 supervision sessions at 2,000 initiatives
APPLICATIONS_PER_INITIATIVE = 25  # 50,000 applications
WORKERS_PER_INITIATIVE = (5, 15)  # uniform: 10 on average, 20,000 peer workers
HISTORY_DAYS = 6 * 365  # the oldest initiatives started six years ago


def _existing() -> int:
    return Initiative.objects.filter(name__startswith=f"{PREFIX} initiative").count()


# --- Writing rows ---------------------------------------------------------------------------


def _copy_escape(text: str) -> str:
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


def _copy_converter(model_field: models.Field):
    """The function turning a Python value of ``model_field`` into COPY text (not None)."""
    kind = model_field.get_internal_type()
    if kind == "BooleanField":
        return lambda value: "t" if value else "f"
    if kind in ("DateField", "DateTimeField"):
        return lambda value: value.isoformat()
    if kind == "JSONField":
        return lambda value: _copy_escape(json.dumps(value))
    if isinstance(model_field, models.CharField | models.TextField):
        prepare = model_field.get_prep_value  # e.g. encryption at rest
        return lambda value: _copy_escape(str(prepare(value)))
    return str  # integers, keys, decimals, UUIDs


class _Writer:
    """Inserts rows given as tuples of Python values, column by column as named.

    Columns left out are filled: ``public_id`` with a fresh UUID per row (drawn from the seeded
    generator), ``auto_now``/``auto_now_add`` with the build time, anything else with its
    default (or NULL). The primary key is allocated here when a caller needs the ids
    (``allocate``) and left to the database otherwise.
    """

    CHUNK = 50_000

    def __init__(self, rng: random.Random, now: dt.datetime) -> None:
        self.rng = rng
        self.now = now
        self.is_postgres = connection.vendor == "postgresql"
        self._next_ids: dict[type[models.Model], int] = {}
        self.counts: dict[str, int] = {}

    def allocate(self, model: type[models.Model], count: int) -> int:
        """Reserve ``count`` consecutive primary keys; returns the first."""
        if model not in self._next_ids:
            self._next_ids[model] = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        first = self._next_ids[model]
        self._next_ids[model] += count
        return first

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def _fillers(self, model, given: Sequence[str]):
        per_row, constant = [], []
        for model_field in model._meta.concrete_fields:
            if model_field.name in given or model_field.attname in given:
                continue
            if model_field.primary_key:
                continue
            if model_field.name == "public_id":
                per_row.append(model_field)
            elif getattr(model_field, "auto_now", False) or getattr(
                model_field, "auto_now_add", False
            ):
                constant.append((model_field, self.now))
            else:
                # The default, "" for optional text, or NULL.
                value = model_field.get_default()
                if value is None and not model_field.null:
                    raise ValueError(f"{model.__name__}.{model_field.name} needs a value")
                constant.append((model_field, value))
        return per_row, constant

    def insert(
        self, model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]
    ) -> int:
        meta = model._meta
        fields = [meta.get_field(name) for name in columns]
        per_row, constant = self._fillers(model, columns)
        all_fields = [*fields, *per_row, *(model_field for model_field, _value in constant)]
        names = ", ".join(connection.ops.quote_name(f.column) for f in all_fields)
        table = connection.ops.quote_name(meta.db_table)
        if self.is_postgres:
            written = self._copy(table, names, fields, per_row, constant, rows)
        else:
            written = self._insert(table, names, all_fields, fields, per_row, constant, rows)
        self.counts[meta.label] = self.counts.get(meta.label, 0) + written
        return written

    def _copy(self, table, names, fields, per_row, constant, rows) -> int:
        converters = [_copy_converter(model_field) for model_field in fields]
        suffix = "".join(
            "\t" + ("\\N" if value is None else _copy_converter(model_field)(value))
            for model_field, value in constant
        )
        uuids = len(per_row)
        buffer, pending, written = io.StringIO(), 0, 0
        with connection.cursor() as cursor:
            for row in rows:
                line = "\t".join(
                    "\\N" if value is None else convert(value)
                    for convert, value in zip(converters, row, strict=True)
                )
                for _index in range(uuids):
                    line += "\t" + str(self.uuid())
                buffer.write(line + suffix + "\n")
                pending += 1
                if pending == self.CHUNK:
                    written += self._flush(cursor, table, names, buffer)
                    buffer, pending = io.StringIO(), 0
            if pending:
                written += self._flush(cursor, table, names, buffer)
        return written

    @staticmethod
    def _flush(cursor, table, names, buffer: io.StringIO) -> int:
        buffer.seek(0)
        cursor.cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", buffer)
        return cursor.cursor.rowcount

    def _insert(self, table, names, all_fields, fields, per_row, constant, rows) -> int:
        prepare = [model_field.get_db_prep_save for model_field in fields]
        tail = [model_field.get_db_prep_save(value, connection) for model_field, value in constant]
        uuid_prepare = [model_field.get_db_prep_save for model_field in per_row]
        placeholders = ", ".join(["%s"] * len(all_fields))
        # Table and column names come from the models, quoted; the values are parameters.
        sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608
        batch, written = [], 0
        with connection.cursor() as cursor:
            for row in rows:
                values = [
                    None if value is None else convert(value, connection)
                    for convert, value in zip(prepare, row, strict=True)
                ]
                values += [convert(self.uuid(), connection) for convert in uuid_prepare]
                batch.append((*values, *tail))
                if len(batch) == 5_000:
                    cursor.executemany(sql, batch)
                    written += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                written += len(batch)
        return written

    def reset_sequences(self) -> None:
        """Move the id sequences past the ids allocated here."""
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(self._next_ids)):
                cursor.execute(statement)


# --- The plan of one initiative ---------------------------------------------------------------


@dataclass
class _Worker:
    pk: int
    role: _Role
    started: dt.date
    ended: dt.date | None
    user_id: int | None = None  # half of the peer workers use peerwork

    def last_day(self, today: dt.date) -> dt.date:
        return min(self.ended, today) if self.ended else today


@dataclass
class _Role:
    pk: int
    started: dt.date
    team_id: int
    functions: list[str]
    workers: list[_Worker] = field(default_factory=list)


@dataclass
class _Plan:
    index: int
    pk: int
    context: str
    started: dt.date
    closed_on: dt.date | None
    employer_id: int
    route: str  # the recruitment route it mostly uses
    peer_panels: float  # share of interviews with a peer on the panel
    formal_supervision: bool
    roles: list[_Role] = field(default_factory=list)
    team_ids: list[int] = field(default_factory=list)
    supervisor_ids: list[int] = field(default_factory=list)  # [line supervisor, peer supervisor?]
    peer_programme: str = ""  # "course", "induction" or ""
    team_preparation: bool = False

    @property
    def workers(self) -> list[_Worker]:
        return [worker for role in self.roles for worker in role.workers]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


# Terms of employment by context: (pattern, weight). "change" roles start as volunteer posts and
# become paid; "hours" roles change their hours once.
_TERMS_PATTERNS = {
    Context.STATUTORY: [
        ("paid", 65),
        ("hours", 10),
        ("change", 10),
        ("sessional", 10),
        ("volunteer", 5),
    ],
    Context.VOLUNTARY: [
        ("paid", 30),
        ("hours", 5),
        ("change", 25),
        ("sessional", 15),
        ("volunteer", 25),
    ],
    Context.PARTNERSHIP: [
        ("paid", 45),
        ("hours", 10),
        ("change", 20),
        ("sessional", 15),
        ("volunteer", 10),
    ],
}
_ROLE_TITLES = ("Peer support worker", "Senior peer support worker", "Peer trainer")


def _weighted(rng: random.Random, pairs):
    return rng.choices([value for value, _weight in pairs], [weight for _value, weight in pairs])[0]


def _terms(rng: random.Random, employment: str, *, hours=None) -> dict:
    """One version of a role's terms; hours and contract are 'not stated' one time in ten."""
    stated = rng.random() >= 0.1
    if employment == Employment.VOLUNTEER:
        terms = {
            "employment": Employment.VOLUNTEER,
            "pay_band": PayBand.NONE,
            "pay_grade_other": "",
            "pay_parity": YesNoUnknown.UNKNOWN,
            "hours_per_week": Decimal(rng.choice([4, 6, 8, 12, 16])),
            "contract": Contract.VOLUNTEER,
        }
    elif employment == Employment.SESSIONAL:
        is_band = rng.random() < 0.5
        terms = {
            "employment": Employment.SESSIONAL,
            "pay_band": PayBand.BAND_3 if is_band else PayBand.OTHER,
            "pay_grade_other": "" if is_band else "£13.50 an hour",
            "pay_parity": rng.choice(YesNoUnknown.values),
            "hours_per_week": Decimal(rng.choice([6, 7.5, 10, 15])),
            "contract": Contract.SESSIONAL,
        }
    else:
        terms = {
            "employment": Employment.PAID,
            "pay_band": rng.choice(
                [PayBand.BAND_3, PayBand.BAND_4, PayBand.BAND_4, PayBand.BAND_5]
            ),
            "pay_grade_other": "",
            "pay_parity": rng.choice(YesNoUnknown.values),
            "hours_per_week": Decimal(rng.choice([15, 18.5, 22.5, 30, 37.5, 37.5])),
            "contract": rng.choice([Contract.PERMANENT, Contract.PERMANENT, Contract.FIXED_TERM]),
        }
    if hours is not None:
        terms["hours_per_week"] = Decimal(hours)
    terms["has_flexible_hours"] = rng.random() < 0.4
    if not stated:
        terms["hours_per_week"] = None
        terms["contract"] = Contract.NOT_STATED
    return terms


_TERMS_COLUMNS = (
    "employment",
    "pay_band",
    "pay_grade_other",
    "pay_parity",
    "hours_per_week",
    "has_flexible_hours",
    "contract",
)


# --- Building ---------------------------------------------------------------------------------


def _skip_deferred_checks() -> None:
    """On PostgreSQL, load without firing the foreign-key triggers of this transaction.

    Django's foreign keys are ``DEFERRABLE INITIALLY DEFERRED``: every copied row queues a
    check that runs at COMMIT, one by one, which at a million sessions takes far longer than
    the copy itself. The landscape's keys are consistent by construction (rows are written in
    dependency order with keys handed out by ``_Writer.allocate``), and the tests check them
    on a small landscape. Needs a superuser, as for ``pg_restore --disable-triggers``;
    otherwise the checks simply run.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
        if row and row[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")


@transaction.atomic
def build_landscape(
    count: int,
    *,
    sessions: int | None = None,
    seed: int = 7,
    today: dt.date | None = None,
) -> int:
    """Make sure ``count`` synthetic initiatives exist; returns how many were added.

    ``sessions`` is the number of supervision sessions of a landscape of ``count`` initiatives
    (default: 500 per initiative); when growing, the new initiatives get their share of it.
    """
    start = _existing()
    if start >= count:
        return 0
    _skip_deferred_checks()
    if count > MAX_INITIATIVES:
        raise ValueError(f"At most {MAX_INITIATIVES} synthetic initiatives.")
    total_sessions = SESSIONS_PER_INITIATIVE * count if sessions is None else sessions
    new_sessions = round(total_sessions * (count - start) / count)
    rng = random.Random(seed * 1_000_003 + start)
    today = today or timezone.localdate()
    writer = _Writer(rng, timezone.now())
    plans = _cases(writer, rng, range(start, count), today)
    _people(writer, rng, plans, today)
    _recruitment(writer, rng, plans, today)
    _training(writer, rng, plans, today)
    _supervision(writer, rng, plans, today, new_sessions)
    _declarations(writer, rng, plans)
    writer.reset_sequences()
    return len(plans)


def _cases(writer: _Writer, rng: random.Random, indexes: range, today: dt.date) -> list[_Plan]:
    """Organisations, initiatives, partners, settings, teams, roles with dated terms."""
    settings = list(ServiceSetting.objects.order_by("position", "slug").values_list("pk", "slug"))
    functions = list(RoleFunction.objects.order_by("position", "slug").values_list("pk", "slug"))
    function_ids = {slug: pk for pk, slug in functions}
    contexts = list(Context)
    regions = list(Region)

    organisations, initiatives, partners, setting_links, teams = [], [], [], [], []
    roles, terms_rows, function_links, plans = [], [], [], []
    first_org = writer.allocate(Organisation, 2 * len(indexes))
    first_initiative = writer.allocate(Initiative, len(indexes))
    next_org = first_org
    for offset, index in enumerate(indexes):
        context = contexts[index % 3]
        region = rng.choice(regions)
        started = today - dt.timedelta(days=rng.randint(150, HISTORY_DAYS))
        age = (today - started).days
        closed_on, status = None, InitiativeStatus.ACTIVE
        roll = rng.random()
        if roll < 0.06 and age > 900:
            closed_on = started + dt.timedelta(days=rng.randint(700, age - 90))
            status = InitiativeStatus.CLOSED
        elif roll < 0.10:
            status = InitiativeStatus.PAUSED
        sectors = {
            Context.STATUTORY: [Sector.STATUTORY],
            Context.VOLUNTARY: [Sector.VOLUNTARY],
            Context.PARTNERSHIP: [Sector.STATUTORY, Sector.VOLUNTARY],
        }[context]
        own = []
        for position, sector in enumerate(sectors):
            if sector == Sector.STATUTORY:
                kind = (
                    OrganisationKind.NHS_TRUST
                    if rng.random() < 0.8
                    else OrganisationKind.LOCAL_AUTHORITY
                )
            else:
                kind = rng.choice(
                    [
                        OrganisationKind.CHARITY,
                        OrganisationKind.CHARITY,
                        OrganisationKind.USER_LED,
                        OrganisationKind.SOCIAL_ENTERPRISE,
                    ]
                )
            organisations.append(
                (
                    next_org,
                    f"{PREFIX} organisation {index:05d}-{position}",
                    sector,
                    kind,
                    region if rng.random() < 0.85 else rng.choice(regions),
                )
            )
            own.append(next_org)
            next_org += 1
        lead = own[0]
        employer = own[-1] if rng.random() < 0.6 else own[0]
        pk = first_initiative + offset
        initiatives.append(
            (
                pk,
                f"{PREFIX} initiative {index:05d}",
                f"P-{FIRST_CODE + index}",
                started,
                status,
                context,
                f"A made-up {Context(context).label.lower()} peer support programme.",
                _at(started, 9),
                _at(started, 9),
            )
        )
        partners.append((pk, lead, PartnerPart.LEAD))
        partners.append((pk, employer, PartnerPart.EMPLOYER))
        for organisation in own:
            if organisation not in (lead, employer):
                partners.append((pk, organisation, PartnerPart.HOST))
        if len(own) > 1 and rng.random() < 0.3:
            partners.append((pk, own[0], PartnerPart.FUNDER))
        preferred = {Context.VOLUNTARY: "voluntary-community"}.get(context, "")
        chosen = rng.sample(settings, k=rng.randint(1, 2))
        if preferred and rng.random() < 0.6 and all(slug != preferred for _pk, slug in chosen):
            chosen[0] = next(item for item in settings if item[1] == preferred)
        for setting_id, _slug in chosen:
            setting_links.append((pk, setting_id))
        plan = _Plan(
            index=index,
            pk=pk,
            context=context,
            started=started,
            closed_on=closed_on,
            employer_id=employer,
            route=_weighted(
                rng,
                [
                    (Route.OPEN_ADVERT, 50),
                    (Route.INFORMAL, 20),
                    (Route.TARGETED, 20),
                    (Route.INTERNAL, 10),
                ],
            ),
            peer_panels=0.85 if rng.random() < 0.55 else 0.1,
            formal_supervision=rng.random() < 0.85,
        )
        team_count = 1 + (rng.random() < 0.4)
        first_team = writer.allocate(Team, team_count)
        for position in range(team_count):
            plan.team_ids.append(first_team + position)
            teams.append(
                (
                    first_team + position,
                    employer,
                    f"{PREFIX} team {index:05d}-{position + 1}",
                    chosen[position % len(chosen)][0],
                )
            )
        role_count = 1 + (rng.random() < 0.6) + (rng.random() < 0.2)
        first_role = writer.allocate(PeerWorkerRole, role_count)
        last_start = (
            min(closed_on - dt.timedelta(days=120), today)
            if closed_on
            else today - dt.timedelta(days=60)
        )
        for position in range(role_count):
            role_started = started
            if position:
                role_started = min(started + dt.timedelta(days=rng.randint(0, 540)), last_start)
            role_started = max(started, role_started)
            role = _Role(
                pk=first_role + position,
                started=role_started,
                team_id=plan.team_ids[position % team_count],
                functions=[slug for _pk, slug in rng.sample(functions, k=rng.randint(1, 3))],
            )
            plan.roles.append(role)
            pattern = _weighted(rng, _TERMS_PATTERNS[context])
            versions = []
            if pattern == "change":
                versions.append(_terms(rng, Employment.VOLUNTEER))
                versions.append(_terms(rng, Employment.PAID, hours=rng.choice([15, 18.5, 22.5])))
            elif pattern == "hours":
                versions.append(_terms(rng, Employment.PAID, hours=rng.choice([15, 18.5])))
                versions.append(_terms(rng, Employment.PAID, hours=rng.choice([22.5, 30, 37.5])))
            else:
                versions.append(_terms(rng, pattern if pattern != "paid" else Employment.PAID))
            changed_on = role_started + dt.timedelta(days=rng.randint(180, 1000))
            if len(versions) > 1 and changed_on >= today:
                versions = versions[:1]
            dates = [role_started, changed_on][: len(versions)]
            for effective_from, version in zip(dates, versions, strict=True):
                terms_rows.append(
                    (
                        role.pk,
                        effective_from,
                        *(version[name] for name in _TERMS_COLUMNS),
                        _at(effective_from),
                    )
                )
            current = versions[-1]
            plans_peer = rng.random() < 0.6
            roles.append(
                (
                    role.pk,
                    pk,
                    _ROLE_TITLES[position],
                    employer,
                    role.team_id,
                    *(current[name] for name in _TERMS_COLUMNS),
                    _weighted(
                        rng,
                        [
                            (LivedExperienceCriterion.ESSENTIAL, 55),
                            (LivedExperienceCriterion.DESIRABLE, 35),
                            (LivedExperienceCriterion.NOT_STATED, 10),
                        ],
                    ),
                    rng.random() < 0.6,
                    _weighted(rng, [(True, 20), (False, 65), (None, 15)]),
                    plans_peer,
                    True,
                    rng.random() < 0.4,
                    rng.random() < 0.35,
                    rng.choice(SharingExpectation.values),
                    rng.random() < 0.5,
                    rng.random() < 0.75,
                    rng.randint(2, 6),
                    Decimal(rng.choice(["1.00", "1.60", "2.00", "2.40", "3.00"])),
                    _at(role_started),
                )
            )
            for slug in role.functions:
                function_links.append((role.pk, function_ids[slug]))
        plans.append(plan)

    writer.insert(Organisation, ("id", "name", "sector", "kind", "region"), organisations)
    writer.insert(
        Initiative,
        (
            "id",
            "name",
            "research_code",
            "started",
            "status",
            "context",
            "description",
            "created",
            "updated",
        ),
        initiatives,
    )
    writer.insert(InitiativePartner, ("initiative", "organisation", "part"), partners)
    writer.insert(Initiative.settings.through, ("initiative", "servicesetting"), setting_links)
    writer.insert(Team, ("id", "organisation", "name", "setting"), teams)
    writer.insert(
        PeerWorkerRole,
        (
            "id",
            "initiative",
            "title",
            "employer",
            "host_team",
            *_TERMS_COLUMNS,
            "lived_experience_criterion",
            "is_jd_coproduced",
            "has_peer_line_manager",
            "plans_peer_supervision",
            "plans_managerial_supervision",
            "plans_clinical_supervision",
            "plans_group_supervision",
            "sharing_expectation",
            "has_clinical_record_access",
            "attends_team_meetings",
            "funded_headcount",
            "funded_wte",
            "created",
        ),
        roles,
    )
    writer.insert(RoleTerms, ("role", "effective_from", *_TERMS_COLUMNS, "created"), terms_rows)
    writer.insert(
        PeerWorkerRole.functions.through, ("peerworkerrole", "rolefunction"), function_links
    )
    return plans


def _people(writer: _Writer, rng: random.Random, plans: list[_Plan], today: dt.date) -> None:
    """About ten peer workers per initiative over its life; about half have left. Half of them
    sign in to peerwork (an account and a membership of the employer)."""
    reasons = [value for value in LeavingReason.values if value]
    rows, users, memberships = [], [], []
    low, high = WORKERS_PER_INITIATIVE
    for plan in plans:
        count = rng.randint(low, high)
        first = writer.allocate(PeerWorker, count)
        last_start = today - dt.timedelta(days=7)
        if plan.closed_on:
            last_start = plan.closed_on - dt.timedelta(days=60)
        weights = [1.0 + position * -0.3 for position in range(len(plan.roles))]
        for position in range(count):
            role = rng.choices(plan.roles, weights)[0]
            span = max(0, (last_start - role.started).days)
            started = role.started + dt.timedelta(days=rng.randint(0, span))
            ended = None
            if plan.closed_on or rng.random() < 0.5:
                tenure = 30 + int(rng.expovariate(1 / 520))
                ended = started + dt.timedelta(days=tenure)
                if plan.closed_on:
                    ended = min(ended, plan.closed_on)
                elif ended >= today:
                    ended = None
            worker = _Worker(pk=first + position, role=role, started=started, ended=ended)
            role.workers.append(worker)
            name = f"{PREFIX} person {plan.index:05d}-{position:02d}"
            if rng.random() < 0.5:
                worker.user_id = writer.allocate(User, 1)
                users.append(
                    (
                        worker.user_id,
                        f"synthetic-peer-{plan.index:05d}-{position:02d}@example.invalid",
                        name,
                        "!",
                        _at(started, 8),
                    )
                )
                memberships.append(
                    (worker.user_id, plan.employer_id, MembershipRole.PEER_WORKER, _at(started, 8))
                )
            rows.append(
                (
                    worker.pk,
                    role.pk,
                    worker.user_id,
                    name,
                    f"S{plan.index:05d}-{position:02d}",
                    started,
                    ended,
                    rng.choice(reasons) if ended else "",
                    _at(started, 8),
                )
            )
    writer.insert(User, ("id", "email", "full_name", "password", "date_joined"), users)
    writer.insert(Membership, ("user", "organisation", "role", "created"), memberships)
    writer.insert(
        PeerWorker,
        (
            "id",
            "role",
            "user",
            "full_name",
            "pseudonym",
            "started",
            "ended",
            "leaving_reason",
            "created",
        ),
        rows,
    )


def _recruitment(writer: _Writer, rng: random.Random, plans: list[_Plan], today: dt.date) -> None:
    """A campaign for every one to three appointments, applicants who were not appointed or
    withdrew, interviews with their panels, and a few campaigns open now."""
    campaigns, applications, interviews, panel = [], [], [], []
    routes = Route.values
    criteria = LivedExperienceCriterion.values

    def add_interview(
        application_id: int, held_on: dt.date, outcome: str, peer_panels: float
    ) -> None:
        interview_id = writer.allocate(Interview, 1)
        interviews.append((interview_id, application_id, held_on, outcome, _at(held_on)))
        panel.append((interview_id, "Panel chair", Perspective.MANAGER))
        if rng.random() < peer_panels:
            perspective = (
                Perspective.PEER_WORKER if rng.random() < 0.7 else Perspective.SERVICE_USER
            )
            panel.append((interview_id, "Panel member with lived experience", perspective))
        if rng.random() < 0.4:
            panel.append((interview_id, "Clinician", Perspective.CLINICIAN))
        if rng.random() < 0.3:
            panel.append((interview_id, "HR adviser", Perspective.HR))

    for plan in plans:
        rounds = []  # (role, workers appointed, status)
        for role in plan.roles:
            hires = sorted(role.workers, key=lambda worker: worker.started)
            while hires:
                size = min(len(hires), rng.randint(1, 3))
                rounds.append((role, hires[:size], CampaignStatus.FILLED))
                hires = hires[size:]
        if not plan.closed_on and rng.random() < 0.1:
            rounds.append((rng.choice(plan.roles), [], CampaignStatus.OPEN))
        if not rounds:
            continue
        extra = max(0, APPLICATIONS_PER_INITIATIVE + rng.randint(-6, 6) - len(plan.workers))
        extras = [0] * len(rounds)
        for _index in range(extra):
            extras[rng.randrange(len(rounds))] += 1
        first_campaign = writer.allocate(Campaign, len(rounds))
        for position, (role, hired, status) in enumerate(rounds):
            campaign_id = first_campaign + position
            if status == CampaignStatus.OPEN:
                opened = today - dt.timedelta(days=rng.randint(3, 40))
                closed_on = None
            else:
                opened = hired[0].started - dt.timedelta(days=rng.randint(45, 120))
                closed_on = opened + dt.timedelta(days=rng.randint(35, 40))
            closes_on = opened + dt.timedelta(days=28)
            campaigns.append(
                (
                    campaign_id,
                    role.pk,
                    f"{PREFIX} campaign {plan.index:05d}-{position + 1}",
                    max(1, len(hired)),
                    plan.route if rng.random() < 0.7 else rng.choice(routes),
                    opened,
                    closes_on,
                    rng.random() < 0.5,
                    rng.choice(criteria),
                    status,
                    closed_on,
                    _at(opened),
                )
            )
            received_by = min(closes_on, today)
            count = len(hired) + extras[position]
            first_application = writer.allocate(Application, count)
            interview_on = closes_on + dt.timedelta(days=rng.randint(5, 14))
            for number in range(count):
                application_id = first_application + number
                received = opened + dt.timedelta(
                    days=rng.randint(0, max(0, (received_by - opened).days))
                )
                worker_id, reason = None, ""
                if number < len(hired):
                    stage, worker_id = Stage.APPOINTED, hired[number].pk
                    outcome = InterviewOutcome.APPOINTABLE
                elif status == CampaignStatus.OPEN:
                    stage = rng.choice(ACTIVE_STAGES)
                    outcome = InterviewOutcome.PENDING
                elif rng.random() < 0.6:
                    stage, reason = Stage.NOT_APPOINTED, rng.choice(NON_APPOINTMENT_REASONS)
                    outcome = InterviewOutcome.NOT_APPOINTABLE
                else:
                    stage, reason = Stage.WITHDRAWN, rng.choice(WITHDRAWAL_REASONS)
                    outcome = InterviewOutcome.RESERVE
                applications.append(
                    (
                        application_id,
                        campaign_id,
                        f"{PREFIX} applicant {application_id}",
                        rng.choice(LivedExperienceDeclared.values),
                        received,
                        stage,
                        reason,
                        worker_id,
                        _at(received),
                    )
                )
                interviewed = (
                    stage == Stage.APPOINTED
                    or reason in (EndReason.INTERVIEW, EndReason.REFERENCES_CHECKS)
                    or (stage == Stage.WITHDRAWN and rng.random() < 0.4)
                    or stage in (Stage.INTERVIEW, Stage.OFFERED, Stage.CHECKS)
                )
                if interviewed:
                    add_interview(application_id, interview_on, outcome, plan.peer_panels)
    writer.insert(
        Campaign,
        (
            "id",
            "role",
            "title",
            "vacancies",
            "route",
            "opened",
            "closes_on",
            "is_criteria_coproduced",
            "lived_experience_criterion",
            "status",
            "closed_on",
            "created",
        ),
        campaigns,
    )
    writer.insert(
        Application,
        (
            "id",
            "campaign",
            "full_name",
            "lived_experience",
            "received",
            "stage",
            "end_reason",
            "peer_worker",
            "created",
        ),
        applications,
    )
    writer.insert(Interview, ("id", "application", "held_on", "outcome", "created"), interviews)
    writer.insert(PanelMember, ("interview", "name", "perspective"), panel)


def _training(writer: _Writer, rng: random.Random, plans: list[_Plan], today: dt.date) -> None:
    """Each employer's peer-specific course (run in cohorts of weekly sessions) or a brief
    induction, mandatory training renewed yearly, and team preparation for host teams."""
    programmes, sessions, enrolments, required, colleagues = [], [], [], [], []

    def programme(plan: _Plan, title: str, **values) -> int:
        programme_id = writer.allocate(TrainingProgramme, 1)
        accredited = values.pop("is_accredited", False)
        programmes.append(
            (
                programme_id,
                plan.employer_id,
                title,
                f"{PREFIX} training provider",
                values["audience"],
                values["category"],
                accredited,
                "Synthetic awarding body" if accredited else "",
                values.get("delivery", LivedExperienceDelivery.NOT_INVOLVED),
                values.get("is_induction", False),
                Decimal(values["hours"]),
                values["session_count"],
            )
        )
        return programme_id

    def session(programme_id: int, day: dt.date) -> int:
        session_id = writer.allocate(Session, 1)
        sessions.append(
            (session_id, programme_id, day, Mode.IN_PERSON, "Synthetic venue", _at(day, 8))
        )
        return session_id

    for plan in plans:
        roll = rng.random()
        peer_id, meetings = None, 1
        if roll < 0.78:
            meetings = rng.choice([8, 10, 12, 14])
            plan.peer_programme = "course"
            peer_id = programme(
                plan,
                "Peer support training",
                audience=Audience.PEER_WORKERS,
                category=Category.PEER_SPECIFIC,
                is_accredited=rng.random() < 0.35,
                delivery=rng.choice(LivedExperienceDelivery.values),
                hours=meetings * rng.choice([2.5, 3, 3.5]),
                session_count=meetings,
            )
        elif roll < 0.93:
            plan.peer_programme = "induction"
            peer_id = programme(
                plan,
                "Peer worker induction",
                audience=Audience.PEER_WORKERS,
                category=Category.OTHER,
                is_induction=True,
                hours=rng.choice([3.5, 7]),
                session_count=1,
            )
        mandatory = [
            (
                programme(
                    plan,
                    title,
                    audience=Audience.PEER_WORKERS,
                    category=Category.GENERIC_MANDATORY,
                    hours=hours,
                    session_count=1,
                ),
                offset,
            )
            for title, hours, offset in (
                ("Mandatory training", 7, 21),
                ("Safeguarding adults and children", 3.5, 45),
            )
        ]
        for role in plan.roles:
            if peer_id and rng.random() < 0.9:
                required.append((role.pk, peer_id, None, _at(role.started)))
            for mandatory_id, _offset in mandatory:
                required.append((role.pk, mandatory_id, 12, _at(role.started)))

        # The peer-specific programme runs in cohorts; people join the first after they start.
        if peer_id:
            gap = rng.randint(120, 240)
            cohorts: dict[int, list[tuple[int, dt.date]]] = {}
            for worker in plan.workers:
                if rng.random() < 0.08:
                    continue  # never enrolled: shows as incomplete training
                number = max(0, math.ceil(((worker.started - plan.started).days - 14) / gap))
                first_day = plan.started + dt.timedelta(days=14 + number * gap)
                if first_day > today or (worker.ended and worker.ended < first_day):
                    continue
                if number not in cohorts:
                    cohorts[number] = [
                        (
                            session(peer_id, first_day + dt.timedelta(weeks=week)),
                            first_day + dt.timedelta(weeks=week),
                        )
                        for week in range(meetings)
                    ]
                absent = 0
                last = len(cohorts[number]) - 1
                for position, (session_id, day) in enumerate(cohorts[number]):
                    if worker.ended and day > worker.ended:
                        break
                    attendance, completed = Attendance.UNRECORDED, None
                    if day <= today:
                        attendance = (
                            Attendance.ATTENDED if rng.random() < 0.96 else Attendance.ABSENT
                        )
                        absent += attendance == Attendance.ABSENT
                        if position == last and attendance == Attendance.ATTENDED and absent <= 1:
                            completed = day
                    enrolments.append(
                        (session_id, worker.pk, None, attendance, completed, _at(day, 8))
                    )

        # Mandatory training: a session a month; everyone goes once a year while in post.
        monthly: dict[tuple[int, int, int], tuple[int, dt.date]] = {}
        for (mandatory_id, offset), worker in (
            (course, worker) for course in mandatory for worker in plan.workers
        ):
            due = worker.started + dt.timedelta(days=offset)
            while due <= worker.last_day(today):
                key = (mandatory_id, due.year, due.month)
                if key not in monthly:
                    day = dt.date(due.year, due.month, 10)
                    monthly[key] = (session(mandatory_id, day), day)
                session_id, day = monthly[key]
                attended = day <= today and rng.random() < 0.95
                enrolments.append(
                    (
                        session_id,
                        worker.pk,
                        None,
                        Attendance.ATTENDED
                        if attended
                        else (Attendance.ABSENT if day <= today else Attendance.UNRECORDED),
                        day if attended else None,
                        _at(day, 8),
                    )
                )
                due += dt.timedelta(days=365)

        # Team preparation: colleagues of the host teams, mostly before the first peer worker.
        if rng.random() < 0.55:
            plan.team_preparation = True
            prep_id = programme(
                plan,
                "Working alongside peer workers",
                audience=Audience.TEAM_COLLEAGUES,
                category=Category.OTHER,
                hours=3,
                session_count=1,
            )
            for team_id in plan.team_ids:
                starts = [
                    w.started
                    for role in plan.roles
                    if role.team_id == team_id
                    for w in role.workers
                ]
                if not starts:
                    continue
                day = min(min(starts) - dt.timedelta(days=rng.randint(-45, 120)), today)
                session_id = session(prep_id, day)
                count = rng.randint(3, 8)
                first_colleague = writer.allocate(Colleague, count)
                for number in range(count):
                    colleague_id = first_colleague + number
                    colleagues.append((colleague_id, team_id, f"{PREFIX} colleague {number + 1}"))
                    attended = rng.random() < 0.9
                    enrolments.append(
                        (
                            session_id,
                            None,
                            colleague_id,
                            Attendance.ATTENDED if attended else Attendance.ABSENT,
                            day if attended else None,
                            _at(day, 8),
                        )
                    )
    writer.insert(
        TrainingProgramme,
        (
            "id",
            "organisation",
            "title",
            "provider_name",
            "audience",
            "category",
            "is_accredited",
            "accredited_by",
            "lived_experience_delivery",
            "is_induction",
            "total_hours",
            "session_count",
        ),
        programmes,
    )
    writer.insert(Session, ("id", "programme", "starts_on", "mode", "place", "created"), sessions)
    writer.insert(RequiredTraining, ("role", "programme", "renewal_months", "created"), required)
    writer.insert(Colleague, ("id", "team", "full_name"), colleagues)
    writer.insert(
        Enrolment,
        ("session", "peer_worker", "colleague", "attendance", "completed_on", "created"),
        enrolments,
    )


def _supervision(
    writer: _Writer, rng: random.Random, plans: list[_Plan], today: dt.date, total: int
) -> None:
    """Supervisors, an arrangement (sometimes two) per peer worker where supervision is formal,
    and ``total`` sessions spread over the arrangements in proportion to their length and
    frequency; older records are mostly signed, recent ones still drafts or awaiting sign-off."""
    users, memberships, arrangements = [], [], []
    for plan in plans:
        supervisors = 1 + (rng.random() < 0.4)
        first_user = writer.allocate(User, supervisors)
        for number in range(supervisors):
            user_id = first_user + number
            plan.supervisor_ids.append(user_id)
            users.append(
                (
                    user_id,
                    f"synthetic-supervisor-{plan.index:05d}-{number + 1}@example.invalid",
                    f"{PREFIX} supervisor {plan.index:05d}-{number + 1}",
                    "!",
                    _at(plan.started),
                )
            )
            memberships.append(
                (user_id, plan.employer_id, MembershipRole.SUPERVISOR, _at(plan.started))
            )
        if not plan.formal_supervision:
            continue
        for worker in plan.workers:
            kinds = [
                _weighted(
                    rng,
                    [
                        (SupervisionType.MANAGERIAL, 50),
                        (SupervisionType.PEER, 25),
                        (SupervisionType.CLINICAL, 25),
                    ],
                )
            ]
            if rng.random() < 0.3:
                kinds.append(
                    SupervisionType.GROUP
                    if kinds[0] != SupervisionType.GROUP
                    else SupervisionType.CLINICAL
                )
            for kind in kinds:
                started = min(
                    worker.started + dt.timedelta(days=rng.randint(0, 21)), worker.last_day(today)
                )
                is_peer = kind == SupervisionType.PEER and len(plan.supervisor_ids) > 1
                arrangements.append(
                    {
                        "worker": worker,
                        "supervisor": plan.supervisor_ids[-1]
                        if is_peer
                        else plan.supervisor_ids[0],
                        "organisation": plan.employer_id,
                        "kind": kind,
                        "lived": is_peer or rng.random() < 0.1,
                        "frequency": rng.choice([14, 28, 28, 28, 42, 56]),
                        "started": started,
                        "ended": worker.ended,
                    }
                )
    writer.insert(User, ("id", "email", "full_name", "password", "date_joined"), users)
    writer.insert(Membership, ("user", "organisation", "role", "created"), memberships)

    # How many sessions each arrangement had: its expected number, scaled to ``total``.
    spans = [
        (arrangement["worker"].last_day(today) - arrangement["started"]).days + 1
        for arrangement in arrangements
    ]
    expected = [
        span / arrangement["frequency"]
        for span, arrangement in zip(spans, arrangements, strict=True)
    ]
    scale = total / sum(expected) if expected and sum(expected) else 0
    counts = [int(value * scale + rng.random()) for value in expected]
    difference = total - sum(counts)
    while difference and arrangements:
        position = rng.randrange(len(arrangements))
        if difference > 0:
            counts[position] += 1
            difference -= 1
        elif counts[position]:
            counts[position] -= 1
            difference += 1
    first_arrangement = writer.allocate(SupervisionArrangement, len(arrangements))
    for number, arrangement in enumerate(arrangements):
        arrangement["id"] = first_arrangement + number
        arrangement["last_signed"] = None

    recent = today - dt.timedelta(days=28)
    modes = SessionMode.values
    durations = [30, 45, 60, 60, 60, 90]
    settled = [
        (SessionStatus.SIGNED, 97),
        (SessionStatus.SUBMITTED, 1),
        (SessionStatus.RETURNED, 1),
        (SessionStatus.DRAFT, 1),
    ]
    fresh = [
        (SessionStatus.SIGNED, 40),
        (SessionStatus.SUBMITTED, 30),
        (SessionStatus.DRAFT, 20),
        (SessionStatus.RETURNED, 10),
    ]
    now = writer.now

    def session_rows():
        for arrangement, span, count in zip(arrangements, spans, counts, strict=True):
            step = span / count if count else 0
            for number in range(count):
                held_on = arrangement["started"] + dt.timedelta(
                    days=int((number + rng.uniform(0.1, 0.9)) * step)
                )
                status = _weighted(rng, settled if held_on < recent else fresh)
                held_at = _at(held_on, 11)
                submitted = signed = None
                if status in (SessionStatus.SUBMITTED, SessionStatus.SIGNED):
                    submitted = min(held_at + dt.timedelta(days=1), now)
                if status == SessionStatus.SIGNED:
                    signed = min(held_at + dt.timedelta(days=3), now)
                    if held_on <= today:
                        arrangement["last_signed"] = held_on
                author = arrangement["supervisor"]
                if arrangement["worker"].user_id and rng.random() < 0.3:
                    author = arrangement["worker"].user_id  # the peer worker wrote it up
                yield (
                    arrangement["id"],
                    author,
                    held_on,
                    rng.choice(durations),
                    rng.choice(modes),
                    arrangement["kind"],
                    held_on + dt.timedelta(days=arrangement["frequency"])
                    if rng.random() < 0.7
                    else None,
                    status,
                    submitted,
                    signed,
                    held_at,
                    held_at,
                )

    # Sessions first (the keys are checked at commit), so each arrangement's next due date can
    # be worked out from its last signed session as the rows stream past.
    writer.insert(
        SupervisionSession,
        (
            "arrangement",
            "author",
            "held_on",
            "duration_minutes",
            "mode",
            "supervision_type",
            "next_session_on",
            "status",
            "author_signed_at",
            "counterpart_signed_at",
            "created",
            "updated",
        ),
        session_rows(),
    )
    writer.insert(
        SupervisionArrangement,
        (
            "id",
            "peer_worker",
            "supervisor",
            "supervisor_organisation",
            "supervision_type",
            "supervisor_has_lived_experience",
            "frequency_days",
            "started",
            "ended",
            "next_due_on",
            "created",
        ),
        (
            (
                arrangement["id"],
                arrangement["worker"].pk,
                arrangement["supervisor"],
                arrangement["organisation"],
                arrangement["kind"],
                arrangement["lived"],
                arrangement["frequency"],
                arrangement["started"],
                arrangement["ended"],
                (arrangement["last_signed"] or arrangement["started"])
                + dt.timedelta(days=arrangement["frequency"]),
                _at(arrangement["started"]),
            )
            for arrangement in arrangements
        ),
    )


def _declarations(writer: _Writer, rng: random.Random, plans: list[_Plan]) -> None:
    """What four managers in ten have declared; some facts left 'not known', a few in conflict
    with the records."""
    aims = [value for value in Aim.values if value != Aim.OTHER]
    informal = [
        InformalRecruitment.GROUP_MEMBER,
        InformalRecruitment.COURSE_COMPLETER,
        InformalRecruitment.WORD_OF_MOUTH,
    ]
    rows = []

    def known(value, share: float = 0.8):
        return value if rng.random() < share else None

    for plan in plans:
        if rng.random() >= 0.4:
            continue
        functions = sorted({slug for role in plan.roles for slug in role.functions})
        if plan.route == Route.INFORMAL:
            recruitment = rng.sample(informal, k=rng.randint(1, 2))
        else:
            recruitment = [InformalRecruitment.OPEN_ADVERT]
        support = rng.sample(
            [SupportModel.PEER_NETWORK, SupportModel.TEAM_TRAINING, SupportModel.REFLECTIVE_GROUP],
            k=rng.randint(0, 2),
        )
        if not plan.formal_supervision:
            support.append(SupportModel.INFORMAL_ONE_TO_ONE)
            formal = FormalSupervision.NO if rng.random() < 0.7 else ""
        else:
            formal = FormalSupervision.YES if rng.random() < 0.85 else ""
            if rng.random() < 0.03:
                formal = FormalSupervision.NO  # contradicts the arrangements on record
        if plan.team_preparation:
            preparation = TeamPreparation.TRAINING
        else:
            preparation = rng.choice(
                [TeamPreparation.BRIEFING, TeamPreparation.ONGOING, TeamPreparation.NONE, ""]
            )
        rows.append(
            (
                plan.pk,
                known(sorted(rng.sample(aims, k=rng.randint(1, 3)))),
                known({slug: rng.choice(RoleMode.values) for slug in functions}, 0.6),
                known(sorted(recruitment)),
                known(sorted(support), 0.7),
                formal,
                preparation,
            )
        )
    writer.insert(
        PracticeDeclaration,
        (
            "initiative",
            "aims",
            "role_modes",
            "informal_recruitment",
            "ongoing_support",
            "formal_supervision",
            "team_preparation",
        ),
        rows,
    )
