"""What can be imported: one ``Kind`` per kind of record, each with its columns, its key, a
template (the records already in the manager's scope, so an export imports unchanged), a
check of each row, and the write through the owning app's services."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import services as cases_services
from cases.access import managed_organisation_ids
from cases.models import (
    Contract,
    Employment,
    ImplementationMilestone,
    Initiative,
    InitiativePartner,
    InitiativeStatus,
    LeavingReason,
    LivedExperienceCriterion,
    Membership,
    MembershipRole,
    MilestoneType,
    Organisation,
    OrganisationKind,
    PartnerPart,
    PayBand,
    PeerWorker,
    PeerWorkerRole,
    Phase,
    Region,
    Sector,
    ServiceSetting,
    YesNoUnknown,
)
from cases.selectors import organisation_name_key, relevant_organisation_ids
from imports.models import RowAction
from imports.reading import parse_date
from supervision import services as supervision_services
from supervision.models import SupervisionArrangement, SupervisionType
from training import services as training_services
from training.models import Enrolment, TrainingProgramme

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Column:
    name: str
    help: Any
    required: bool = True


@dataclass
class Scope:
    """What the importing user may write: administrators everything, a service manager the
    initiatives in which an organisation they manage is a partner, and those organisations."""

    user: Any
    is_administrator: bool
    organisation_ids: set[int]

    @classmethod
    def for_user(cls, user) -> Scope:
        return cls(
            user=user,
            is_administrator=bool(getattr(user, "is_administrator", False)),
            organisation_ids=managed_organisation_ids(user),
        )

    def initiatives(self):
        if self.is_administrator:
            return Initiative.objects.all()
        return Initiative.objects.filter(
            partners__organisation_id__in=self.organisation_ids
        ).distinct()

    def organisations(self):
        if self.is_administrator:
            return Organisation.objects.all()
        return Organisation.objects.filter(pk__in=self.organisation_ids)


@dataclass
class Checked:
    """One row after checking: what would happen, its key, problems by column, and what the
    write needs (only for rows to create or update)."""

    action: str
    key: str
    errors: dict[str, str] = field(default_factory=dict)
    payload: Any = None


class Kind:
    slug: str
    label: Any
    description: Any
    key_help: Any
    columns: Sequence[Column]

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def template_rows(self, scope: Scope) -> list[list[Any]]:
        raise NotImplementedError

    def prepare(self, scope: Scope) -> Any:
        """Everything ``check`` needs, loaded in a fixed number of queries."""
        raise NotImplementedError

    def check(self, values: dict[str, str], lookups: Any) -> Checked:
        raise NotImplementedError

    def write(self, payloads: list[Any], lookups: Any, on_progress: Progress) -> None:
        raise NotImplementedError


def _choice(text: str, choices, column: str, errors: dict[str, str]) -> str:
    """A choice given by its value or its label, in any case."""
    wanted = text.strip().lower()
    for value, label in choices.choices:
        if wanted in {str(value).lower(), str(label).lower()}:
            return value
    errors[column] = _("“%(text)s” is not one of: %(choices)s.") % {
        "text": text,
        "choices": ", ".join(str(label) for _value, label in choices.choices if _value),
    }
    return ""


def _date(values: dict[str, str], column: str, errors: dict[str, str], *, required: bool):
    text = values.get(column, "").strip()
    if not text:
        if required:
            errors[column] = _("Enter a date.")
        return None
    try:
        return parse_date(text)
    except ValueError as error:
        errors[column] = str(error)
        return None


def _required(values: dict[str, str], column: str, errors: dict[str, str]) -> str:
    text = " ".join(values.get(column, "").split())
    if not text:
        errors[column] = _("This column cannot be empty.")
    return text


# --- Training completions ------------------------------------------------------------------


@dataclass
class CompletionLookups:
    workers: dict[str, PeerWorker]
    programmes: dict[str, list[TrainingProgramme]]
    partners: dict[int, set[int]]
    existing: dict[tuple[int, int, dt.date], tuple]
    today: dt.date
    seen: dict[tuple[int, int, dt.date], int] = field(default_factory=dict)


class TrainingCompletions(Kind):
    slug = "training-completions"
    label = gettext_lazy("Training completions")
    description = gettext_lazy(
        "Who completed which programme and when, with any certificate. A completion with no "
        "session on record is recorded on a session of the programme on that day."
    )
    key_help = gettext_lazy(
        "A row is matched on the peer worker's code, the programme and the completion date: "
        "the same three update the certificate details of a completion already on record."
    )
    columns = (
        Column(
            "peer_worker_code", gettext_lazy("The peer worker's pseudonymous code, e.g. P-01-W03.")
        ),
        Column("programme", gettext_lazy("The programme's title, as in peerwork.")),
        Column(
            "completed_on", gettext_lazy("The day they completed it (2024-03-31 or 31/03/2024).")
        ),
        Column(
            "certificate_issued_on",
            gettext_lazy("Optional: when the certificate was issued."),
            False,
        ),
        Column(
            "certificate_expires_on",
            gettext_lazy("Optional: when it expires (empty: the programme's validity)."),
            False,
        ),
        Column("certificate_number", gettext_lazy("Optional."), False),
    )

    def _programmes(self, scope: Scope):
        return TrainingProgramme.objects.filter(
            organisation_id__in=scope.organisations().values("pk")
        )

    def _workers(self, scope: Scope):
        return PeerWorker.objects.filter(
            role__initiative_id__in=scope.initiatives().values("pk")
        ).select_related("role")

    def template_rows(self, scope: Scope) -> list[list[Any]]:
        enrolments = (
            Enrolment.objects.filter(
                completed_on__isnull=False,
                peer_worker__in=self._workers(scope).values("pk"),
                session__programme__in=self._programmes(scope).values("pk"),
            )
            .select_related("peer_worker", "session__programme")
            .order_by("peer_worker__pseudonym", "session__programme__title", "completed_on")
        )
        return [
            [
                enrolment.peer_worker.pseudonym,
                enrolment.session.programme.title,
                enrolment.completed_on,
                enrolment.certificate_issued_on,
                enrolment.certificate_expires_on,
                enrolment.certificate_number,
            ]
            for enrolment in enrolments
        ]

    def prepare(self, scope: Scope) -> CompletionLookups:
        workers = {worker.pseudonym.lower(): worker for worker in self._workers(scope)}
        programmes: dict[str, list[TrainingProgramme]] = {}
        for programme in self._programmes(scope).select_related("organisation"):
            programmes.setdefault(programme.title.lower(), []).append(programme)
        partners: dict[int, set[int]] = {}
        for initiative_id, organisation_id in scope.initiatives().values_list(
            "pk", "partners__organisation_id"
        ):
            partners.setdefault(initiative_id, set()).add(organisation_id)
        existing = {
            (worker_id, programme_id, completed_on): (issued, expires, number)
            for worker_id, programme_id, completed_on, issued, expires, number in Enrolment.objects.filter(
                completed_on__isnull=False,
                peer_worker__in=self._workers(scope).values("pk"),
            ).values_list(
                "peer_worker_id",
                "session__programme_id",
                "completed_on",
                "certificate_issued_on",
                "certificate_expires_on",
                "certificate_number",
            )
        }
        return CompletionLookups(workers, programmes, partners, existing, timezone.localdate())

    def check(self, values: dict[str, str], lookups: CompletionLookups) -> Checked:
        errors: dict[str, str] = {}
        code = _required(values, "peer_worker_code", errors)
        title = _required(values, "programme", errors)
        completed_on = _date(values, "completed_on", errors, required=True)
        issued = _date(values, "certificate_issued_on", errors, required=False)
        expires = _date(values, "certificate_expires_on", errors, required=False)
        number = values.get("certificate_number", "").strip()
        key = f"{code} · {title} · {values.get('completed_on', '')}"
        worker = lookups.workers.get(code.lower()) if code else None
        if code and worker is None:
            errors["peer_worker_code"] = _(
                "No peer worker with the code %(code)s in the initiatives you manage."
            ) % {"code": code}
        programme = None
        if title:
            candidates = lookups.programmes.get(title.lower(), [])
            if worker is not None:
                partners = lookups.partners.get(worker.role.initiative_id, set())
                candidates = [p for p in candidates if p.organisation_id in partners] or candidates
            if not candidates:
                errors["programme"] = _(
                    "No programme called “%(title)s” in the organisations you manage."
                ) % {"title": title}
            elif len(candidates) > 1:
                errors["programme"] = _(
                    "More than one programme is called “%(title)s”; rename one of them first."
                ) % {"title": title}
            else:
                programme = candidates[0]
        if worker is not None and programme is not None:
            partners = lookups.partners.get(worker.role.initiative_id, set())
            if programme.organisation_id not in partners:
                errors["programme"] = _(
                    "%(organisation)s runs this programme and is not a partner of %(code)s's "
                    "initiative."
                ) % {"organisation": programme.organisation.name, "code": worker.pseudonym}
        if errors or worker is None or programme is None or completed_on is None:
            return Checked(RowAction.REFUSE, key, errors)
        record = training_services.CompletionRecord(
            peer_worker=worker,
            programme=programme,
            completed_on=completed_on,
            certificate_issued_on=issued,
            certificate_expires_on=expires,
            certificate_number=number,
        )
        errors = training_services.completion_problems(record, today=lookups.today)
        if errors:
            return Checked(RowAction.REFUSE, key, errors)
        identity = (worker.pk, programme.pk, completed_on)
        if identity in lookups.seen:
            return Checked(
                RowAction.REFUSE,
                key,
                {
                    "peer_worker_code": _("The same completion is on row %(row)s.")
                    % {"row": lookups.seen[identity]}
                },
            )
        lookups.seen[identity] = values["_row"]  # type: ignore[assignment]
        current = lookups.existing.get(identity)
        if current is None:
            return Checked(RowAction.CREATE, key, payload=record)
        values_ = training_services.completion_values(record)
        stated = (
            values_["certificate_issued_on"],
            values_["certificate_expires_on"],
            values_["certificate_number"],
        )
        if stated == current:
            return Checked(RowAction.UNCHANGED, key)
        return Checked(RowAction.UPDATE, key, payload=record)

    def write(self, payloads: list[Any], lookups: Any, on_progress: Progress) -> None:
        training_services.completions_record(records=payloads, on_progress=on_progress)


# --- Peer workers --------------------------------------------------------------------------


@dataclass
class PeerWorkerLookups:
    roles: dict[tuple[str, str], PeerWorkerRole]
    workers: dict[str, PeerWorker]
    in_scope: set[int]
    seen: dict[str, int] = field(default_factory=dict)


class PeerWorkers(Kind):
    slug = "peer-workers"
    label = gettext_lazy("Peer workers")
    description = gettext_lazy("People in peer worker roles, with their start and end dates.")
    key_help = gettext_lazy(
        "A row is matched on the pseudonymous code: a code already on record updates that "
        "peer worker, a new code adds one."
    )
    columns = (
        Column("code", gettext_lazy("Pseudonymous code used in research views, e.g. P-01-W03.")),
        Column("name", gettext_lazy("The peer worker's name.")),
        Column("initiative", gettext_lazy("The initiative's research code, e.g. P-01.")),
        Column("role", gettext_lazy("The role's title in that initiative.")),
        Column("started", gettext_lazy("Start date.")),
        Column("ended", gettext_lazy("Optional: end date."), False),
        Column("leaving_reason", gettext_lazy("Optional, with an end date: why they left."), False),
    )

    def template_rows(self, scope: Scope) -> list[list[Any]]:
        workers = (
            PeerWorker.objects.filter(role__initiative__in=scope.initiatives().values("pk"))
            .select_related("role__initiative")
            .order_by("pseudonym")
        )
        return [
            [
                worker.pseudonym,
                worker.full_name,
                worker.role.initiative.research_code,
                worker.role.title,
                worker.started,
                worker.ended,
                worker.get_leaving_reason_display() if worker.leaving_reason else "",
            ]
            for worker in workers
        ]

    def prepare(self, scope: Scope) -> PeerWorkerLookups:
        roles = {
            (role.initiative.research_code.lower(), role.title.lower()): role
            for role in PeerWorkerRole.objects.filter(
                initiative__in=scope.initiatives().values("pk")
            ).select_related("initiative")
        }
        in_scope = {role.initiative_id for role in roles.values()}
        workers = {
            worker.pseudonym.lower(): worker
            for worker in PeerWorker.objects.select_related("role__initiative")
        }
        return PeerWorkerLookups(roles, workers, in_scope)

    def check(self, values: dict[str, str], lookups: PeerWorkerLookups) -> Checked:
        errors: dict[str, str] = {}
        code = _required(values, "code", errors)
        name = _required(values, "name", errors)
        initiative = _required(values, "initiative", errors)
        title = _required(values, "role", errors)
        started = _date(values, "started", errors, required=True)
        ended = _date(values, "ended", errors, required=False)
        reason = ""
        if values.get("leaving_reason", "").strip():
            reason = _choice(values["leaving_reason"], LeavingReason, "leaving_reason", errors)
        key = code
        role = lookups.roles.get((initiative.lower(), title.lower()))
        if initiative and title and role is None:
            errors["role"] = _(
                "No role “%(role)s” in initiative %(initiative)s among the initiatives you manage."
            ) % {"role": title, "initiative": initiative}
        existing = lookups.workers.get(code.lower()) if code else None
        if existing is not None and existing.role.initiative_id not in lookups.in_scope:
            errors["code"] = _("This code is already used by another organisation; use another.")
        if code.lower() in lookups.seen:
            errors["code"] = _("The same code is on row %(row)s.") % {
                "row": lookups.seen[code.lower()]
            }
        if started and ended and ended < started:
            errors["ended"] = _("The end date cannot be before the start date.")
        if reason and not ended:
            errors["leaving_reason"] = _("A leaving reason needs an end date.")
        if len(name) > 150:
            errors["name"] = _("A name has at most 150 characters.")
        if len(code) > 20:
            errors["code"] = _("A code has at most 20 characters.")
        if errors or role is None or started is None:
            return Checked(RowAction.REFUSE, key, errors)
        lookups.seen[code.lower()] = values["_row"]  # type: ignore[assignment]
        wanted = {
            "pseudonym": code,
            "full_name": name,
            "role": role,
            "started": started,
            "ended": ended,
            "leaving_reason": reason,
        }
        if existing is None:
            return Checked(RowAction.CREATE, key, payload=(None, wanted))
        if all(getattr(existing, name_) == value for name_, value in wanted.items()):
            return Checked(RowAction.UNCHANGED, key)
        return Checked(RowAction.UPDATE, key, payload=(existing, wanted))

    def write(self, payloads: list[Any], lookups: Any, on_progress: Progress) -> None:
        for index, (existing, wanted) in enumerate(payloads, start=1):
            worker = existing or PeerWorker()
            for name, value in wanted.items():
                setattr(worker, name, value)
            cases_services.peer_worker_save(peer_worker=worker)
            if index % 200 == 0:
                on_progress(index)


# --- Organisations -------------------------------------------------------------------------


@dataclass
class OrganisationLookups:
    by_key: dict[str, Organisation]
    seen: dict[str, int] = field(default_factory=dict)


class Organisations(Kind):
    slug = "organisations"
    label = gettext_lazy("Organisations")
    description = gettext_lazy(
        "Partner organisations. An organisation already in peerwork is left as it is; "
        "only an administrator changes one."
    )
    key_help = gettext_lazy(
        "A row is matched on the name, ignoring case, punctuation and abbreviations such as "
        "“NHS FT” for “NHS Foundation Trust”."
    )
    columns = (
        Column("name", gettext_lazy("The organisation's full name.")),
        Column("sector", gettext_lazy("Statutory or voluntary.")),
        Column(
            "kind",
            gettext_lazy(
                "NHS trust, local authority, charity, user-led organisation, social enterprise or other."
            ),
        ),
        Column("region", gettext_lazy("NHS England region, e.g. London.")),
    )

    def template_rows(self, scope: Scope) -> list[list[Any]]:
        own, partners = relevant_organisation_ids(scope.user)
        organisations = Organisation.objects.filter(pk__in=own | partners).order_by("name")
        return [
            [o.name, o.get_sector_display(), o.get_kind_display(), o.get_region_display()]
            for o in organisations
        ]

    def prepare(self, scope: Scope) -> OrganisationLookups:
        return OrganisationLookups(
            {organisation_name_key(o.name): o for o in Organisation.objects.all()}
        )

    def check(self, values: dict[str, str], lookups: OrganisationLookups) -> Checked:
        errors: dict[str, str] = {}
        name = _required(values, "name", errors)
        sector = _choice(values.get("sector", ""), Sector, "sector", errors)
        kind = _choice(values.get("kind", ""), OrganisationKind, "kind", errors)
        region = _choice(values.get("region", ""), Region, "region", errors)
        if len(name) > 200:
            errors["name"] = _("A name has at most 200 characters.")
        key = organisation_name_key(name)
        if key in lookups.seen:
            errors["name"] = _("The same organisation is on row %(row)s.") % {
                "row": lookups.seen[key]
            }
        if errors:
            return Checked(RowAction.REFUSE, name, errors)
        lookups.seen[key] = values["_row"]  # type: ignore[assignment]
        existing = lookups.by_key.get(key)
        if existing is None:
            return Checked(
                RowAction.CREATE,
                name,
                payload={"name": name, "sector": sector, "kind": kind, "region": region},
            )
        if (existing.sector, existing.kind, existing.region) == (sector, kind, region):
            return Checked(RowAction.UNCHANGED, name)
        return Checked(
            RowAction.REFUSE,
            name,
            {
                "name": _(
                    "Already in peerwork as “%(existing)s” (%(sector)s, %(kind)s, %(region)s); "
                    "ask an administrator to change it."
                )
                % {
                    "existing": existing.name,
                    "sector": existing.get_sector_display(),
                    "kind": existing.get_kind_display(),
                    "region": existing.get_region_display(),
                }
            },
        )

    def write(self, payloads: list[Any], lookups: Any, on_progress: Progress) -> None:
        for values in payloads:
            cases_services.organisation_create(**values, is_distinct=True)


# --- Milestones ----------------------------------------------------------------------------


@dataclass
class MilestoneLookups:
    initiatives: dict[str, Initiative]
    types: dict[str, MilestoneType]
    existing: dict[tuple[int, str], ImplementationMilestone]
    seen: dict[tuple[int, str], int] = field(default_factory=dict)


class Milestones(Kind):
    slug = "milestones"
    label = gettext_lazy("Implementation milestones")
    description = gettext_lazy("Planned and achieved milestones of your initiatives.")
    key_help = gettext_lazy(
        "A row is matched on the initiative's research code and the milestone's name: the "
        "same two update that milestone's dates and note."
    )
    columns = (
        Column("initiative", gettext_lazy("The initiative's research code, e.g. P-01.")),
        Column("milestone", gettext_lazy("A standard milestone's name, or one of your own.")),
        Column("phase", gettext_lazy("Only for a milestone of your own: its ImROC phase."), False),
        Column(
            "planned", gettext_lazy("Planned date (a planned or an achieved date, or both)."), False
        ),
        Column("achieved", gettext_lazy("Achieved date."), False),
        Column("note", gettext_lazy("Optional note."), False),
    )

    def template_rows(self, scope: Scope) -> list[list[Any]]:
        milestones = (
            ImplementationMilestone.objects.filter(initiative__in=scope.initiatives().values("pk"))
            .select_related("initiative", "milestone_type")
            .order_by("initiative__research_code", "planned", "pk")
        )
        return [
            [
                m.initiative.research_code,
                m.title,
                "" if m.milestone_type and not m.custom_title else m.get_phase_display(),
                m.planned,
                m.achieved,
                m.note,
            ]
            for m in milestones
        ]

    def prepare(self, scope: Scope) -> MilestoneLookups:
        initiatives = {i.research_code.lower(): i for i in scope.initiatives()}
        types = {t.name.lower(): t for t in MilestoneType.objects.all()}
        existing = {
            (m.initiative_id, m.title.lower()): m
            for m in ImplementationMilestone.objects.filter(
                initiative__in=[i.pk for i in initiatives.values()]
            ).select_related("milestone_type")
        }
        return MilestoneLookups(initiatives, types, existing)

    def check(self, values: dict[str, str], lookups: MilestoneLookups) -> Checked:
        errors: dict[str, str] = {}
        code = _required(values, "initiative", errors)
        title = _required(values, "milestone", errors)
        planned = _date(values, "planned", errors, required=False)
        achieved = _date(values, "achieved", errors, required=False)
        note = values.get("note", "").strip()
        key = f"{code} · {title}"
        initiative = lookups.initiatives.get(code.lower()) if code else None
        if code and initiative is None:
            errors["initiative"] = _("No initiative %(code)s among those you manage.") % {
                "code": code
            }
        milestone_type = lookups.types.get(title.lower())
        phase = ""
        if values.get("phase", "").strip():
            phase = _choice(values["phase"], Phase, "phase", errors)
        elif title and milestone_type is None:
            errors["phase"] = _("Give the phase of a milestone of your own.")
        if milestone_type is not None and not phase:
            phase = milestone_type.phase
        if (
            not planned
            and not achieved
            and not errors.get("planned")
            and not errors.get("achieved")
        ):
            errors["planned"] = _("Give a planned date, an achieved date, or both.")
        if len(title) > 200:
            errors["milestone"] = _("A milestone's name has at most 200 characters.")
        if errors or initiative is None:
            return Checked(RowAction.REFUSE, key, errors)
        identity = (initiative.pk, title.lower())
        if identity in lookups.seen:
            return Checked(
                RowAction.REFUSE,
                key,
                {
                    "milestone": _("The same milestone is on row %(row)s.")
                    % {"row": lookups.seen[identity]}
                },
            )
        lookups.seen[identity] = values["_row"]  # type: ignore[assignment]
        wanted = {"phase": phase, "planned": planned, "achieved": achieved, "note": note}
        existing = lookups.existing.get(identity)
        if existing is None:
            milestone = ImplementationMilestone(
                initiative=initiative,
                milestone_type=milestone_type,
                custom_title="" if milestone_type else title,
                **wanted,
            )
            return Checked(RowAction.CREATE, key, payload=(milestone, wanted))
        if all(getattr(existing, name) == value for name, value in wanted.items()):
            return Checked(RowAction.UNCHANGED, key)
        return Checked(RowAction.UPDATE, key, payload=(existing, wanted))

    def write(self, payloads: list[Any], lookups: Any, on_progress: Progress) -> None:
        for milestone, wanted in payloads:
            for name, value in wanted.items():
                setattr(milestone, name, value)
            cases_services.milestone_save(milestone=milestone)


# --- Initiatives with their partners --------------------------------------------------------


def _partners_text(initiative: Initiative) -> str:
    return "; ".join(
        f"{partner.organisation.name} ({partner.get_part_display()})"
        for partner in initiative.partners.all()
    )


@dataclass
class InitiativeLookups:
    scope: Scope
    by_code: dict[str, Initiative]
    organisations: dict[str, Organisation]
    settings: dict[str, ServiceSetting]
    seen: dict[str, int] = field(default_factory=dict)


class Initiatives(Kind):
    slug = "initiatives"
    label = gettext_lazy("Initiatives with their partners")
    description = gettext_lazy(
        "Peer worker programmes, their partner organisations and the part each plays."
    )
    key_help = gettext_lazy(
        "A row is matched on the research code: a code on record updates that initiative "
        "(only one your organisations are a partner in), a new code adds one."
    )
    columns = (
        Column("research_code", gettext_lazy("Pseudonymous code, e.g. P-07.")),
        Column("name", gettext_lazy("The programme's everyday name.")),
        Column("status", gettext_lazy("Planning, active, paused or closed.")),
        Column("started", gettext_lazy("Optional: start date."), False),
        Column("description", gettext_lazy("Optional."), False),
        Column(
            "partners",
            gettext_lazy(
                "Partners and their parts, separated by semicolons: “Alderbank NHS Trust (Lead); "
                "Beacon Voices (Employer)”. Parts: lead, employer, host, funder, training provider."
            ),
        ),
        Column(
            "settings", gettext_lazy("Optional: service settings, separated by semicolons."), False
        ),
    )

    def _loaded(self, queryset):
        return queryset.prefetch_related("partners__organisation", "settings")

    def template_rows(self, scope: Scope) -> list[list[Any]]:
        return [
            [
                initiative.research_code,
                initiative.name,
                initiative.get_status_display(),
                initiative.started,
                initiative.description,
                _partners_text(initiative),
                "; ".join(setting.name for setting in initiative.settings.all()),
            ]
            for initiative in self._loaded(scope.initiatives()).order_by("research_code")
        ]

    def prepare(self, scope: Scope) -> InitiativeLookups:
        return InitiativeLookups(
            scope,
            {i.research_code.lower(): i for i in self._loaded(Initiative.objects.all())},
            {organisation_name_key(o.name): o for o in Organisation.objects.all()},
            {s.name.lower(): s for s in ServiceSetting.objects.all()},
        )

    def check(self, values: dict[str, str], lookups: InitiativeLookups) -> Checked:
        errors: dict[str, str] = {}
        code = _required(values, "research_code", errors)
        name = _required(values, "name", errors)
        status = _choice(values.get("status", ""), InitiativeStatus, "status", errors)
        started = _date(values, "started", errors, required=False)
        description = values.get("description", "").strip()
        partners: list[tuple[Organisation, str]] = []
        for part_text in (p.strip() for p in values.get("partners", "").split(";")):
            if not part_text:
                continue
            match = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", part_text)
            if not match:
                errors["partners"] = _("Write each partner as “Name (part)”: “%(text)s”.") % {
                    "text": part_text
                }
                break
            organisation = lookups.organisations.get(organisation_name_key(match.group(1)))
            if organisation is None:
                errors["partners"] = _(
                    "“%(name)s” is not in peerwork: import or add the organisation first."
                ) % {"name": match.group(1)}
                break
            part = _choice(match.group(2), PartnerPart, "partners", errors)
            if part and (organisation, part) not in partners:
                partners.append((organisation, part))
        if not partners and "partners" not in errors:
            errors["partners"] = _("Add at least one partner organisation.")
        settings_ = []
        for setting_name in (n.strip() for n in values.get("settings", "").split(";")):
            if setting_name:
                setting = lookups.settings.get(setting_name.lower())
                if setting is None:
                    errors["settings"] = _("“%(name)s” is not a service setting.") % {
                        "name": setting_name
                    }
                else:
                    settings_.append(setting)
        if code and not re.fullmatch(r"P-\d{2,4}", code):
            errors["research_code"] = _("Use the form P-07.")
        if (
            partners
            and not lookups.scope.is_administrator
            and not any(
                organisation.pk in lookups.scope.organisation_ids
                for organisation, _part in partners
            )
        ):
            errors["partners"] = _("One of the partners must be an organisation you manage.")
        existing = lookups.by_code.get(code.lower()) if code else None
        if existing is not None and not lookups.scope.is_administrator:
            partner_ids = {partner.organisation_id for partner in existing.partners.all()}
            if not partner_ids & lookups.scope.organisation_ids:
                errors["research_code"] = _("This code is used by an initiative you do not manage.")
        if code.lower() in lookups.seen:
            errors["research_code"] = _("The same code is on row %(row)s.") % {
                "row": lookups.seen[code.lower()]
            }
        if errors:
            return Checked(RowAction.REFUSE, code, errors)
        lookups.seen[code.lower()] = values["_row"]  # type: ignore[assignment]
        wanted = {"name": name, "status": status, "started": started, "description": description}
        payload = (
            existing,
            wanted if existing else {**wanted, "research_code": code},
            settings_,
            partners,
        )
        if existing is None:
            return Checked(RowAction.CREATE, code, payload=payload)
        same = (
            all(getattr(existing, key) == value for key, value in wanted.items())
            and {(p.organisation_id, p.part) for p in existing.partners.all()}
            == {(o.pk, part) for o, part in partners}
            and {s.pk for s in existing.settings.all()} == {s.pk for s in settings_}
        )
        if same:
            return Checked(RowAction.UNCHANGED, code)
        return Checked(RowAction.UPDATE, code, payload=payload)

    def write(self, payloads: list[Any], lookups: Any, on_progress: Progress) -> None:
        for existing, wanted, settings_, partners in payloads:
            if existing is None:
                cases_services.initiative_create(settings=settings_, partners=partners, **wanted)
            else:
                cases_services.initiative_update(
                    initiative=existing,
                    expected_version=existing.version,
                    settings=settings_,
                    partners=partners,
                    research_code=existing.research_code,
                    **wanted,
                )


# --- Roles with their terms -----------------------------------------------------------------

ROLE_FIELDS = (
    "employment",
    "pay_band",
    "pay_grade_other",
    "pay_parity",
    "hours_per_week",
    "contract",
    "lived_experience_criterion",
    "funded_headcount",
    "funded_wte",
)


@dataclass
class RoleLookups:
    initiatives: dict[str, Initiative]
    partners: dict[int, dict[str, Organisation]]
    roles: dict[tuple[int, str], PeerWorkerRole]
    terms_from: dict[int, dt.date]
    seen: dict[tuple[int, str], int] = field(default_factory=dict)


class Roles(Kind):
    slug = "roles"
    label = gettext_lazy("Peer worker roles with their terms")
    description = gettext_lazy(
        "Posts in your initiatives with their terms and conditions. A change of terms from a "
        "later date is kept as a new version of the terms; earlier terms stay in the history."
    )
    key_help = gettext_lazy(
        "A row is matched on the initiative's research code and the role's title."
    )
    columns = (
        Column("initiative", gettext_lazy("The initiative's research code, e.g. P-01.")),
        Column("title", gettext_lazy("The role's title.")),
        Column("employer", gettext_lazy("The employing organisation (one of the partners).")),
        Column("employment", gettext_lazy("Paid, sessional or volunteer.")),
        Column("pay_band", gettext_lazy("AfC band 2–8, other grade, or unpaid.")),
        Column("pay_grade_other", gettext_lazy("Only for “Other grade”: the grade."), False),
        Column("pay_parity", gettext_lazy("Optional: yes, no or unknown."), False),
        Column("hours_per_week", gettext_lazy("Optional: contracted hours, 0 to 60."), False),
        Column(
            "contract",
            gettext_lazy("Optional: permanent, fixed term, sessional, volunteer."),
            False,
        ),
        Column("lived_experience_criterion", gettext_lazy("Essential, desirable or not stated.")),
        Column("funded_headcount", gettext_lazy("Optional: funded posts (headcount)."), False),
        Column(
            "funded_wte", gettext_lazy("Optional: funded posts (whole-time equivalent)."), False
        ),
        Column("terms_from", gettext_lazy("Optional: since when these terms apply."), False),
    )

    def template_rows(self, scope: Scope) -> list[list[Any]]:
        roles = (
            PeerWorkerRole.objects.filter(initiative__in=scope.initiatives().values("pk"))
            .select_related("initiative", "employer")
            .annotate(terms_from=Max("terms_history__effective_from"))
            .order_by("initiative__research_code", "title")
        )
        return [
            [
                role.initiative.research_code,
                role.title,
                role.employer.name,
                role.get_employment_display(),
                role.get_pay_band_display(),
                role.pay_grade_other,
                role.get_pay_parity_display(),
                role.hours_per_week,
                role.get_contract_display(),
                role.get_lived_experience_criterion_display(),
                role.funded_headcount,
                role.funded_wte,
                role.terms_from,
            ]
            for role in roles
        ]

    def prepare(self, scope: Scope) -> RoleLookups:
        initiatives = {i.research_code.lower(): i for i in scope.initiatives()}
        partners: dict[int, dict[str, Organisation]] = {}
        for partner in InitiativePartner.objects.filter(
            initiative__in=[i.pk for i in initiatives.values()]
        ).select_related("organisation"):
            partners.setdefault(partner.initiative_id, {})[
                organisation_name_key(partner.organisation.name)
            ] = partner.organisation
        roles = {
            (role.initiative_id, role.title.lower()): role
            for role in PeerWorkerRole.objects.filter(
                initiative__in=[i.pk for i in initiatives.values()]
            ).annotate(latest_terms=Max("terms_history__effective_from"))
        }
        terms_from = {role.pk: role.latest_terms for role in roles.values()}
        return RoleLookups(initiatives, partners, roles, terms_from)

    def check(self, values: dict[str, str], lookups: RoleLookups) -> Checked:
        errors: dict[str, str] = {}
        code = _required(values, "initiative", errors)
        title = _required(values, "title", errors)
        employer_name = _required(values, "employer", errors)
        key = f"{code} · {title}"
        wanted: dict[str, Any] = {
            "employment": _choice(values.get("employment", ""), Employment, "employment", errors),
            "pay_band": _choice(values.get("pay_band", ""), PayBand, "pay_band", errors),
            "pay_grade_other": values.get("pay_grade_other", "").strip(),
            "pay_parity": _choice(
                values.get("pay_parity") or "unknown", YesNoUnknown, "pay_parity", errors
            ),
            "contract": _choice(
                values.get("contract") or "not_stated", Contract, "contract", errors
            ),
            "lived_experience_criterion": _choice(
                values.get("lived_experience_criterion", ""),
                LivedExperienceCriterion,
                "lived_experience_criterion",
                errors,
            ),
        }
        for column, default, kind in (
            ("hours_per_week", None, Decimal),
            ("funded_headcount", 1, int),
            ("funded_wte", Decimal("1.00"), Decimal),
        ):
            text = values.get(column, "").strip()
            if not text:
                wanted[column] = default
                continue
            try:
                wanted[column] = kind(text)
            except (InvalidOperation, ValueError):
                errors[column] = _("“%(text)s” is not a number.") % {"text": text}
        hours = wanted.get("hours_per_week")
        if hours is not None and not Decimal(0) <= hours <= Decimal(60):
            errors["hours_per_week"] = _("Contracted hours are from 0 to 60.")
        if wanted["pay_band"] == PayBand.OTHER and not wanted["pay_grade_other"]:
            errors["pay_grade_other"] = _("Name the grade for “Other grade”.")
        if wanted["pay_band"] != PayBand.OTHER and wanted["pay_grade_other"]:
            errors["pay_grade_other"] = _("Give a grade only with “Other grade”.")
        terms_from = _date(values, "terms_from", errors, required=False)
        initiative = lookups.initiatives.get(code.lower()) if code else None
        if code and initiative is None:
            errors["initiative"] = _("No initiative %(code)s among those you manage.") % {
                "code": code
            }
        employer = None
        if initiative is not None and employer_name:
            employer = lookups.partners.get(initiative.pk, {}).get(
                organisation_name_key(employer_name)
            )
            if employer is None:
                errors["employer"] = _("“%(name)s” is not a partner of %(code)s.") % {
                    "name": employer_name,
                    "code": code,
                }
        identity = (initiative.pk if initiative else 0, title.lower())
        if identity in lookups.seen:
            errors["title"] = _("The same role is on row %(row)s.") % {
                "row": lookups.seen[identity]
            }
        if errors or initiative is None or employer is None:
            return Checked(RowAction.REFUSE, key, errors)
        lookups.seen[identity] = values["_row"]  # type: ignore[assignment]
        wanted["employer"] = employer
        existing = lookups.roles.get(identity)
        if existing is None:
            role = PeerWorkerRole(initiative=initiative, title=title, **wanted)
            return Checked(RowAction.CREATE, key, payload=(role, None, terms_from))
        same = all(getattr(existing, name) == value for name, value in wanted.items()) and (
            terms_from is None or terms_from == lookups.terms_from.get(existing.pk)
        )
        if same:
            return Checked(RowAction.UNCHANGED, key)
        return Checked(RowAction.UPDATE, key, payload=(existing, wanted, terms_from))

    def write(self, payloads: list[Any], lookups: Any, on_progress: Progress) -> None:
        for role, wanted, terms_from in payloads:
            if wanted is None:
                cases_services.role_save(role=role, functions=[], terms_from=terms_from)
                continue
            for name, value in wanted.items():
                setattr(role, name, value)
            cases_services.role_save(
                role=role,
                functions=list(role.functions.all()),
                expected_version=role.version,
                terms_from=terms_from,
            )


# --- Supervision arrangements ---------------------------------------------------------------


@dataclass
class ArrangementLookups:
    workers: dict[str, PeerWorker]
    supervisors: dict[str, dict[int, Any]]
    partners: dict[int, set[int]]
    existing: dict[tuple[int, int, str, dt.date], SupervisionArrangement]
    organisations: dict[int, Organisation]
    seen: dict[tuple[int, int, str, dt.date], int] = field(default_factory=dict)


class Arrangements(Kind):
    slug = "supervision-arrangements"
    label = gettext_lazy("Supervision arrangements")
    description = gettext_lazy(
        "Who supervises whom, how and how often. An arrangement on record is left as it is; "
        "change one on its page."
    )
    key_help = gettext_lazy(
        "A row is matched on the peer worker's code, the supervisor's e-mail, the type and the "
        "start date."
    )
    columns = (
        Column("peer_worker_code", gettext_lazy("The peer worker's pseudonymous code.")),
        Column("supervisor_email", gettext_lazy("The supervisor's e-mail in peerwork.")),
        Column("supervision_type", gettext_lazy("Peer, managerial, clinical or group reflective.")),
        Column("started", gettext_lazy("Start date.")),
        Column(
            "frequency_days", gettext_lazy("Optional: expected every so many days (28)."), False
        ),
        Column("supervisor_has_lived_experience", gettext_lazy("Optional: yes or no (no)."), False),
        Column("ended", gettext_lazy("Optional: end date."), False),
        Column(
            "supervisor_organisation",
            gettext_lazy("Optional: the supervisor's organisation, if they belong to several."),
            False,
        ),
    )

    def _workers(self, scope: Scope):
        return PeerWorker.objects.filter(
            role__initiative__in=scope.initiatives().values("pk")
        ).select_related("role")

    def template_rows(self, scope: Scope) -> list[list[Any]]:
        arrangements = (
            SupervisionArrangement.objects.filter(peer_worker__in=self._workers(scope).values("pk"))
            .select_related("peer_worker", "supervisor", "supervisor_organisation")
            .order_by("peer_worker__pseudonym", "started", "pk")
        )
        return [
            [
                a.peer_worker.pseudonym,
                a.supervisor.email,
                a.get_supervision_type_display(),
                a.started,
                a.frequency_days,
                "yes" if a.supervisor_has_lived_experience else "no",
                a.ended,
                a.supervisor_organisation.name,
            ]
            for a in arrangements
        ]

    def prepare(self, scope: Scope) -> ArrangementLookups:
        workers = {w.pseudonym.lower(): w for w in self._workers(scope)}
        initiative_ids = {w.role.initiative_id for w in workers.values()}
        partners: dict[int, set[int]] = {}
        for initiative_id, organisation_id in InitiativePartner.objects.filter(
            initiative_id__in=initiative_ids
        ).values_list("initiative_id", "organisation_id"):
            partners.setdefault(initiative_id, set()).add(organisation_id)
        organisation_ids = set().union(*partners.values()) if partners else set()
        supervisors: dict[str, dict[int, Any]] = {}
        for membership in Membership.objects.filter(
            organisation_id__in=organisation_ids,
            role__in=[MembershipRole.SUPERVISOR, MembershipRole.SERVICE_MANAGER],
        ).select_related("user"):
            supervisors.setdefault(membership.user.email.lower(), {})[
                membership.organisation_id
            ] = membership.user
        existing = {
            (a.peer_worker_id, a.supervisor_id, a.supervision_type, a.started): a
            for a in SupervisionArrangement.objects.filter(
                peer_worker__in=[w.pk for w in workers.values()]
            )
        }
        organisations = Organisation.objects.in_bulk(list(organisation_ids))
        return ArrangementLookups(workers, supervisors, partners, existing, organisations)

    def check(self, values: dict[str, str], lookups: ArrangementLookups) -> Checked:
        errors: dict[str, str] = {}
        code = _required(values, "peer_worker_code", errors)
        email = _required(values, "supervisor_email", errors)
        kind = _choice(
            values.get("supervision_type", ""), SupervisionType, "supervision_type", errors
        )
        started = _date(values, "started", errors, required=True)
        ended = _date(values, "ended", errors, required=False)
        frequency_text = values.get("frequency_days", "").strip() or "28"
        frequency = int(frequency_text) if frequency_text.isdigit() else 0
        if not 1 <= frequency <= 365:
            errors["frequency_days"] = _("Give a whole number of days from 1 to 365.")
        lived = values.get("supervisor_has_lived_experience", "").strip().lower()
        if lived not in {"", "yes", "no", "y", "n", "true", "false"}:
            errors["supervisor_has_lived_experience"] = _("Write yes or no.")
        key = f"{code} · {email} · {values.get('started', '')}"
        worker = lookups.workers.get(code.lower()) if code else None
        if code and worker is None:
            errors["peer_worker_code"] = _(
                "No peer worker with the code %(code)s in the initiatives you manage."
            ) % {"code": code}
        supervisor = organisation = None
        if worker is not None and email:
            candidates = {
                organisation_id: user
                for organisation_id, user in lookups.supervisors.get(email.lower(), {}).items()
                if organisation_id in lookups.partners.get(worker.role.initiative_id, set())
            }
            wanted_organisation = values.get("supervisor_organisation", "").strip()
            if wanted_organisation:
                candidates = {
                    organisation_id: user
                    for organisation_id, user in candidates.items()
                    if organisation_name_key(lookups.organisations[organisation_id].name)
                    == organisation_name_key(wanted_organisation)
                }
            if not candidates:
                errors["supervisor_email"] = _(
                    "%(email)s is not a supervisor or manager at a partner of this peer worker's "
                    "initiative."
                ) % {"email": email}
            elif len(candidates) > 1:
                errors["supervisor_organisation"] = _(
                    "The supervisor belongs to several partners: name their organisation."
                )
            else:
                organisation_id, supervisor = next(iter(candidates.items()))
                organisation = lookups.organisations[organisation_id]
                if worker.user_id == supervisor.pk:
                    errors["supervisor_email"] = _("A peer worker cannot supervise themselves.")
        if started and ended and ended < started:
            errors["ended"] = _("The end date cannot be before the start date.")
        if errors or worker is None or supervisor is None or started is None:
            return Checked(RowAction.REFUSE, key, errors)
        identity = (worker.pk, supervisor.pk, kind, started)
        if identity in lookups.seen:
            return Checked(
                RowAction.REFUSE,
                key,
                {
                    "started": _("The same arrangement is on row %(row)s.")
                    % {"row": lookups.seen[identity]}
                },
            )
        lookups.seen[identity] = values["_row"]  # type: ignore[assignment]
        wanted = {
            "frequency_days": frequency,
            "supervisor_has_lived_experience": lived in {"yes", "y", "true"},
            "ended": ended,
        }
        existing = lookups.existing.get(identity)
        if existing is None:
            return Checked(
                RowAction.CREATE,
                key,
                payload={
                    "peer_worker": worker,
                    "supervisor": supervisor,
                    "supervisor_organisation": organisation,
                    "supervision_type": kind,
                    "started": started,
                    **wanted,
                },
            )
        if all(getattr(existing, name) == value for name, value in wanted.items()):
            return Checked(RowAction.UNCHANGED, key)
        return Checked(
            RowAction.REFUSE,
            key,
            {
                "frequency_days": _(
                    "This arrangement is on record with other details; change it on its page."
                )
            },
        )

    def write(self, payloads: list[Any], lookups: Any, on_progress: Progress) -> None:
        for values in payloads:
            supervision_services.arrangement_create(**values)


KINDS: dict[str, Kind] = {
    kind.slug: kind
    for kind in (
        Organisations(),
        Initiatives(),
        Roles(),
        PeerWorkers(),
        TrainingCompletions(),
        Arrangements(),
        Milestones(),
    )
}


def kind_for(slug: str) -> Kind:
    return KINDS[slug]
