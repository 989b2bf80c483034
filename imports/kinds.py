"""What can be imported: one ``Kind`` per kind of record, each with its columns, its key, a
template (the records already in the manager's scope, so an export imports unchanged), a
check of each row, and the write through the owning app's services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import services as cases_services
from cases.access import managed_organisation_ids
from cases.models import (
    ImplementationMilestone,
    Initiative,
    LeavingReason,
    MilestoneType,
    Organisation,
    OrganisationKind,
    PeerWorker,
    PeerWorkerRole,
    Phase,
    Region,
    Sector,
)
from cases.selectors import organisation_name_key, relevant_organisation_ids
from imports.models import RowAction
from imports.reading import parse_date
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


KINDS: dict[str, Kind] = {
    kind.slug: kind
    for kind in (Organisations(), PeerWorkers(), TrainingCompletions(), Milestones())
}


def kind_for(slug: str) -> Kind:
    return KINDS[slug]
