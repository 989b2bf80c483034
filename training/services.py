"""Writes for training. Each validates, raises ``ValidationError`` with a clear message, and
runs in one transaction so nothing is half-saved."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases import services as cases_services
from cases.models import (
    Initiative,
    InitiativePartner,
    Membership,
    PeerWorker,
    PeerWorkerRole,
    Team,
)
from peerwork.lib.audit import bulk_create_audited
from peerwork.lib.dates import add_months
from training.models import (
    Attendance,
    Audience,
    Colleague,
    CompetenceDomain,
    ComplianceStatus,
    Enrolment,
    Feedback,
    Mode,
    ReminderKind,
    ReminderLog,
    RequiredTraining,
    Session,
    TrainingProgramme,
)
from training.selectors import (
    attended_programme,
    compliance_cells,
    eligible_peer_workers,
    eligible_teams,
)

# --- Programmes and sessions ------------------------------------------------------------


@transaction.atomic
def programme_save(
    *, programme: TrainingProgramme, domains: Iterable[CompetenceDomain]
) -> TrainingProgramme:
    """Create or update a programme and the competence domains it covers."""
    if not programme.has_certificate:
        programme.certificate_valid_months = None
    if not programme.is_accredited:
        programme.accredited_by = ""
    programme.full_clean()
    programme.save()
    programme.domains.set(list(domains))
    return programme


@transaction.atomic
def session_save(*, session: Session) -> Session:
    """Create or update a session of a programme."""
    session.full_clean()
    session.save()
    return session


# --- Enrolment, attendance, completion --------------------------------------------------


@transaction.atomic
def enrolment_create(
    *,
    session: Session,
    peer_worker: PeerWorker | None = None,
    team: Team | None = None,
    colleague_name: str = "",
) -> Enrolment:
    """Enrol a peer worker, or a team colleague given by team and name, in a session."""
    programme = session.programme
    colleague_name = " ".join(colleague_name.split())
    if (peer_worker is None) == (team is None):
        raise ValidationError(_("Choose a peer worker, or a team and a colleague's name."))
    if peer_worker is not None:
        if not eligible_peer_workers(programme).filter(pk=peer_worker.pk).exists():
            raise ValidationError(
                {
                    "peer_worker": _(
                        "This peer worker is not in one of your organisation's initiatives."
                    )
                }
            )
        if Enrolment.objects.filter(session=session, peer_worker=peer_worker).exists():
            raise ValidationError(
                {
                    "peer_worker": _("%(name)s is already enrolled in this session.")
                    % {"name": peer_worker.full_name}
                }
            )
        return Enrolment.objects.create(session=session, peer_worker=peer_worker)

    assert team is not None  # exactly one of peer_worker and team was given
    if not colleague_name:
        raise ValidationError({"colleague_name": _("Enter the colleague's name.")})
    if not eligible_teams(programme).filter(pk=team.pk).exists():
        raise ValidationError({"team": _("This team is not one your organisation works with.")})
    colleague = Colleague.objects.filter(team=team, full_name__iexact=colleague_name).first()
    if colleague is None:
        colleague = Colleague.objects.create(team=team, full_name=colleague_name)
    elif Enrolment.objects.filter(session=session, colleague=colleague).exists():
        raise ValidationError(
            {
                "colleague_name": _("%(name)s from %(team)s is already enrolled in this session.")
                % {"name": colleague.full_name, "team": team.name}
            }
        )
    try:
        with transaction.atomic():
            return Enrolment.objects.create(session=session, colleague=colleague)
    except IntegrityError:
        raise ValidationError(_("This person is already enrolled in this session.")) from None


def colleague_names(text: str) -> list[str]:
    """The names in ``text``, one per line, spaces tidied, blank lines and repeats dropped."""
    names: list[str] = []
    for line in text.splitlines():
        name = " ".join(line.split())
        if name and name.casefold() not in {known.casefold() for known in names}:
            names.append(name)
    return names


@transaction.atomic
def enrolments_create_for_team(*, session: Session, team: Team, names: str) -> list[Enrolment]:
    """Enrol several colleagues of ``team`` in ``session`` (one name per line); enrols no
    one if any name is refused, and says which."""
    enrolled: list[Enrolment] = []
    problems: list[str] = []
    for name in colleague_names(names):
        if len(name) > 150:
            problems.append(_("“%(name)s…” is longer than 150 characters.") % {"name": name[:30]})
            continue
        try:
            with transaction.atomic():
                enrolled.append(enrolment_create(session=session, team=team, colleague_name=name))
        except ValidationError as error:
            problems.extend(error.messages)
    if not enrolled and not problems:
        problems.append(_("Enter at least one colleague's name."))
    if problems:
        raise ValidationError({"colleague_name": problems})
    return enrolled


@transaction.atomic
def attendance_record(*, session: Session, marks: Mapping[str, str]) -> int:
    """Record attendance for enrolments of ``session``: ``{enrolment public_id: Attendance}``.

    Refuses (and saves nothing) if any mark is for someone not enrolled in the session, is
    not a valid choice, or would undo the attendance of someone who has completed.
    Returns how many enrolments changed.
    """
    enrolments = {
        str(enrolment.public_id): enrolment
        for enrolment in Enrolment.objects.filter(session=session)
        .select_related("peer_worker", "colleague")
        .select_for_update(of=("self",))
    }
    unknown = [key for key in marks if key not in enrolments]
    if unknown:
        raise ValidationError(
            _("Attendance can only be recorded for people enrolled in this session.")
        )
    errors = []
    changed = []
    for key, value in marks.items():
        if value not in Attendance.values:
            errors.append(_("“%(value)s” is not a valid attendance.") % {"value": value})
            continue
        enrolment = enrolments[key]
        if enrolment.attendance == value:
            continue
        if enrolment.completed_on is not None:
            errors.append(
                _(
                    "%(name)s has completed the programme through this session, so their "
                    "attendance cannot be changed."
                )
                % {"name": enrolment.person_name}
            )
            continue
        if value != Attendance.UNRECORDED and session.starts_on > timezone.localdate():
            errors.append(_("Attendance cannot be recorded before the session has taken place."))
            break
        enrolment.attendance = value
        changed.append(enrolment)
    if errors:
        raise ValidationError(errors)
    for enrolment in changed:  # save() each, not bulk_update(): the audit log records them
        enrolment.save(update_fields=["attendance"])
    return len(changed)


@transaction.atomic
def enrolment_complete(
    *,
    enrolment: Enrolment,
    completed_on: dt.date,
    certificate_issued_on: dt.date | None = None,
    certificate_expires_on: dt.date | None = None,
    certificate_number: str = "",
) -> Enrolment:
    """Record that the person completed the programme, and any certificate issued."""
    session = enrolment.session
    programme = session.programme
    errors: dict[str, list[str]] = defaultdict(list)
    if enrolment.attendance != Attendance.ATTENDED:
        errors["completed_on"].append(
            _("Record that they attended the session before recording completion.")
        )
    if completed_on < session.last_day:
        errors["completed_on"].append(
            _("Completion cannot be before the session (%(day)s).")
            % {"day": session.last_day.strftime("%d/%m/%Y")}
        )
    if completed_on > timezone.localdate():
        errors["completed_on"].append(_("Completion cannot be in the future."))
    has_certificate_details = bool(
        certificate_issued_on or certificate_expires_on or certificate_number
    )
    if has_certificate_details and not programme.has_certificate:
        errors["certificate_issued_on"].append(_("This programme does not lead to a certificate."))
    if (certificate_expires_on or certificate_number) and not certificate_issued_on:
        errors["certificate_issued_on"].append(_("Enter the date the certificate was issued."))
    if certificate_issued_on and certificate_issued_on < completed_on:
        errors["certificate_issued_on"].append(
            _("A certificate cannot be issued before the programme was completed.")
        )
    if (
        certificate_issued_on
        and certificate_expires_on
        and (certificate_expires_on <= certificate_issued_on)
    ):
        errors["certificate_expires_on"].append(
            _("The certificate must expire after the date it was issued.")
        )
    if errors:
        raise ValidationError(dict(errors))
    if (
        certificate_issued_on
        and certificate_expires_on is None
        and programme.certificate_valid_months
    ):
        certificate_expires_on = add_months(
            certificate_issued_on, programme.certificate_valid_months
        )
    enrolment.completed_on = completed_on
    enrolment.certificate_issued_on = certificate_issued_on
    enrolment.certificate_expires_on = certificate_expires_on
    enrolment.certificate_number = certificate_number.strip()
    enrolment.save(
        update_fields=[
            "completed_on",
            "certificate_issued_on",
            "certificate_expires_on",
            "certificate_number",
        ]
    )
    if programme.audience == Audience.TEAM_COLLEAGUES and enrolment.colleague_id is not None:
        # Team training delivered: the initiatives whose roles this team hosts are prepared.
        hosting = PeerWorkerRole.objects.filter(
            host_team__training_colleagues=enrolment.colleague_id
        )
        cases_services.milestones_tick(
            initiative_ids=hosting.values_list("initiative_id", flat=True).distinct(),
            type_slug=cases_services.MILESTONE_TEAM_PREPARATION,
            on=completed_on,
        )
    return enrolment


# --- Required training ------------------------------------------------------------------


@transaction.atomic
def required_training_create(
    *, role: PeerWorkerRole, programme: TrainingProgramme, renewal_months: int | None
) -> RequiredTraining:
    """Require a programme of every peer worker in ``role``."""
    partners = set(
        InitiativePartner.objects.filter(initiative_id=role.initiative_id).values_list(
            "organisation_id", flat=True
        )
    )
    if programme.organisation_id not in partners:
        raise ValidationError(
            {"programme": _("Choose a programme run by one of the initiative's partners.")}
        )
    if programme.audience != Audience.PEER_WORKERS:
        raise ValidationError({"programme": _("Only programmes for peer workers can be required.")})
    if RequiredTraining.objects.filter(role=role, programme=programme).exists():
        raise ValidationError(
            {
                "programme": _("%(programme)s is already required for %(role)s.")
                % {"programme": programme.title, "role": role.title}
            }
        )
    requirement = RequiredTraining(role=role, programme=programme, renewal_months=renewal_months)
    requirement.full_clean()
    requirement.save()
    return requirement


@transaction.atomic
def required_training_delete(*, requirement: RequiredTraining) -> None:
    requirement.delete()


# --- Feedback ---------------------------------------------------------------------------


@transaction.atomic
def feedback_create(
    *, programme: TrainingProgramme, author: User, rating: int, comment: str = ""
) -> Feedback:
    """Feedback from someone who attended a session of the programme; one each."""
    if not attended_programme(author, programme):
        raise ValidationError(
            _("Only people who attended a session of this programme can leave feedback.")
        )
    if Feedback.objects.filter(programme=programme, author=author).exists():
        raise ValidationError(_("You have already left feedback on this programme."))
    feedback = Feedback(programme=programme, author=author, rating=rating, comment=comment.strip())
    feedback.full_clean()
    feedback.save()
    return feedback


# --- Reminders --------------------------------------------------------------------------


def reminders_send(*, today: dt.date | None = None) -> int:
    """E-mail each service manager what is due or overdue in their organisations' initiatives.

    Grouped by initiative; a manager with nothing due gets nothing. A ``ReminderLog`` row per
    recipient and day makes a second run on the same day send nothing new. Returns the number
    of e-mails sent.
    """
    today = today or timezone.localdate()
    cells = compliance_cells(
        on=today, statuses=[ComplianceStatus.DUE_SOON, ComplianceStatus.OVERDUE]
    )
    if not cells:
        return 0
    cells_by_initiative = defaultdict(list)
    for cell in cells:
        cells_by_initiative[cell.initiative_id].append(cell)
    initiatives_by_organisation = defaultdict(set)
    for initiative_id, organisation_id in InitiativePartner.objects.filter(
        initiative_id__in=list(cells_by_initiative)
    ).values_list("initiative_id", "organisation_id"):
        initiatives_by_organisation[organisation_id].add(initiative_id)
    initiatives = Initiative.objects.in_bulk(list(cells_by_initiative))
    already_sent = set(
        ReminderLog.objects.filter(kind=ReminderKind.COMPLIANCE, day=today).values_list(
            "recipient_id", flat=True
        )
    )
    initiatives_by_manager: defaultdict[int, set[int]] = defaultdict(set)
    managers = {}
    for membership in (
        Membership.objects.managers()
        .filter(Q(organisation_id__in=list(initiatives_by_organisation)), user__is_active=True)
        .select_related("user")
    ):
        managers[membership.user_id] = membership.user
        initiatives_by_manager[membership.user_id] |= initiatives_by_organisation[
            membership.organisation_id
        ]
    sent = 0
    for user_id, initiative_ids in initiatives_by_manager.items():
        if user_id in already_sent:
            continue
        manager = managers[user_id]
        groups = [
            (initiatives[initiative_id], cells_by_initiative[initiative_id])
            for initiative_id in sorted(initiative_ids, key=lambda pk: initiatives[pk].name)
        ]
        with transaction.atomic():
            _log, created = ReminderLog.objects.get_or_create(
                recipient=manager, kind=ReminderKind.COMPLIANCE, day=today
            )
            if not created:
                continue
            context = {"manager": manager, "groups": groups, "today": today}
            send_mail(
                subject=_("Training due or overdue in %(count)s initiative(s)")
                % {"count": len(groups)},
                message=render_to_string("training/email/reminder.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[manager.email],
            )
        sent += 1
    return sent


# --- Completions recorded in bulk (spreadsheet import, the completion grid) ---------------

# Where a completion recorded without a session of its own is said to have taken place.
RECORDED_SESSION_PLACE = "Recorded from an earlier record of completion"


@dataclass(frozen=True)
class CompletionRecord:
    """One completion to record: who completed which programme on which day, and any
    certificate. The programme must be one the peer worker's organisations may enrol them on."""

    peer_worker: PeerWorker
    programme: TrainingProgramme
    completed_on: dt.date
    certificate_issued_on: dt.date | None = None
    certificate_expires_on: dt.date | None = None
    certificate_number: str = ""


def completion_problems(
    record: CompletionRecord, *, today: dt.date | None = None
) -> dict[str, str]:
    """What is wrong with ``record`` (``{field: message}``), without touching the database.

    The rules of ``enrolment_complete`` for a completion with no session of its own."""
    today = today or timezone.localdate()
    problems: dict[str, str] = {}
    programme = record.programme
    if record.completed_on > today:
        problems["completed_on"] = _("Completion cannot be in the future.")
    issued, expires = record.certificate_issued_on, record.certificate_expires_on
    if (issued or expires or record.certificate_number) and not programme.has_certificate:
        problems["certificate_issued_on"] = _("This programme does not lead to a certificate.")
    elif (expires or record.certificate_number) and not issued:
        problems["certificate_issued_on"] = _("Enter the date the certificate was issued.")
    elif issued and issued < record.completed_on:
        problems["certificate_issued_on"] = _(
            "A certificate cannot be issued before the programme was completed."
        )
    if issued and expires and expires <= issued:
        problems["certificate_expires_on"] = _(
            "The certificate must expire after the date it was issued."
        )
    if len(record.certificate_number.strip()) > 60:
        problems["certificate_number"] = _("A certificate number has at most 60 characters.")
    return problems


def completion_values(record: CompletionRecord) -> dict[str, object]:
    expires = record.certificate_expires_on
    if (
        record.certificate_issued_on
        and expires is None
        and record.programme.certificate_valid_months
    ):
        expires = add_months(
            record.certificate_issued_on, record.programme.certificate_valid_months
        )
    return {
        "certificate_issued_on": record.certificate_issued_on,
        "certificate_expires_on": expires,
        "certificate_number": record.certificate_number.strip(),
    }


@transaction.atomic
def completions_record(
    *,
    records: Sequence[CompletionRecord],
    on_progress: Callable[[int], None] | None = None,
) -> tuple[int, int]:
    """Record many completions at once: all, or (on any problem) none.

    A completion already on record (same person, programme and day) has its certificate
    details updated; a new one is recorded as attended and completed on a session of the
    programme on that day (an existing one, or one marked as recorded from an earlier record).
    Thousands of new records are written in bulk, each with its own audit entry
    (``bulk_create_audited``); updates are saved one by one. ``on_progress(n)`` is called
    every 500 records. Returns ``(created, updated)``.
    """
    today = timezone.localdate()
    errors = []
    for index, record in enumerate(records, start=1):
        problems = completion_problems(record, today=today)
        if problems:
            errors.append(
                _("Completion %(index)s (%(code)s, %(programme)s): %(problems)s")
                % {
                    "index": index,
                    "code": record.peer_worker.pseudonym,
                    "programme": record.programme.title,
                    "problems": " ".join(problems.values()),
                }
            )
    partners_by_initiative: dict[int, set[int]] = defaultdict(set)
    for initiative_id, organisation_id in InitiativePartner.objects.filter(
        initiative__roles__peer_workers__in={record.peer_worker.pk for record in records}
    ).values_list("initiative_id", "organisation_id"):
        partners_by_initiative[initiative_id].add(organisation_id)
    for index, record in enumerate(records, start=1):
        partners = partners_by_initiative[record.peer_worker.role.initiative_id]
        if record.programme.organisation_id not in partners:
            errors.append(
                _(
                    "Completion %(index)s: %(programme)s is run by an organisation that is not "
                    "a partner of %(code)s's initiative."
                )
                % {
                    "index": index,
                    "code": record.peer_worker.pseudonym,
                    "programme": record.programme.title,
                }
            )
    if errors:
        raise ValidationError(errors)
    programme_ids = {record.programme.pk for record in records}
    worker_ids = {record.peer_worker.pk for record in records}
    days = {record.completed_on for record in records}
    sessions = {
        (session.programme_id, session.starts_on): session
        for session in Session.objects.filter(
            programme_id__in=programme_ids, starts_on__in=days, ends_on__isnull=True
        ).order_by("-pk")
    }
    existing: dict[tuple[int | None, int, dt.date | None], Enrolment] = {}
    for known in Enrolment.objects.filter(
        peer_worker_id__in=worker_ids, session__programme_id__in=programme_ids
    ).select_related("session"):
        key_day = known.completed_on or known.session.starts_on
        existing[(known.peer_worker_id, known.session.programme_id, key_day)] = known
    created = updated = 0
    new_sessions: list[Session] = []
    new_enrolments: list[Enrolment] = []
    for index, record in enumerate(records, start=1):
        values = completion_values(record)
        key = (record.peer_worker.pk, record.programme.pk, record.completed_on)
        enrolment = existing.get(key)
        if enrolment is not None and enrolment.completed_on is not None:
            changed = [name for name, value in values.items() if getattr(enrolment, name) != value]
            if changed:
                for name in changed:
                    setattr(enrolment, name, values[name])
                enrolment.save(update_fields=changed)
                updated += 1
        elif enrolment is not None:
            enrolment.attendance = Attendance.ATTENDED
            enrolment.completed_on = record.completed_on
            for name, value in values.items():
                setattr(enrolment, name, value)
            enrolment.save()
            updated += 1
        else:
            session = sessions.get((record.programme.pk, record.completed_on))
            if session is None:
                session = Session(
                    programme=record.programme,
                    starts_on=record.completed_on,
                    mode=Mode.IN_PERSON,
                    place=RECORDED_SESSION_PLACE,
                )
                new_sessions.append(session)
                sessions[(record.programme.pk, record.completed_on)] = session
            enrolment = Enrolment(
                session=session,
                peer_worker=record.peer_worker,
                attendance=Attendance.ATTENDED,
                completed_on=record.completed_on,
                **values,
            )
            new_enrolments.append(enrolment)
            existing[key] = enrolment
            created += 1
        if on_progress is not None and index % 500 == 0:
            on_progress(index)
    bulk_create_audited(Session, new_sessions)
    # The earliest new completion of each initiative is saved as usual, so that whatever
    # listens for completions (the practice profiles) hears of each initiative and day; the
    # others are written in bulk, each with its own audit entry.
    earliest: dict[int, Enrolment] = {}
    for enrolment in new_enrolments:
        # every enrolment written here is a peer worker's completion: both are set
        assert enrolment.peer_worker is not None and enrolment.completed_on is not None
        initiative_id = enrolment.peer_worker.role.initiative_id
        first = earliest.get(initiative_id)
        if first is None or enrolment.completed_on < (first.completed_on or dt.date.max):
            earliest[initiative_id] = enrolment
    for enrolment in earliest.values():
        enrolment.save()
    chosen = {id(enrolment) for enrolment in earliest.values()}
    bulk_create_audited(
        Enrolment, [enrolment for enrolment in new_enrolments if id(enrolment) not in chosen]
    )
    if on_progress is not None:
        on_progress(len(records))
    return created, updated


# --- Bulk entry on the session page -------------------------------------------------------


@transaction.atomic
def enrolments_create_many(
    *,
    session: Session,
    peer_workers: Sequence[PeerWorker] = (),
    team: Team | None = None,
    colleague_names: Sequence[str] = (),
    attendance: str = Attendance.UNRECORDED,
    completed_on: dt.date | None = None,
    certificate_issued_on: dt.date | None = None,
) -> list[Enrolment]:
    """Enrol many people in one step and, optionally, record their attendance and their
    completion too. All or nothing: any refusal (named per person) saves nobody."""
    errors: list[str] = []
    enrolments: list[Enrolment] = []
    people: list[tuple[str, dict[str, object]]] = [
        (peer_worker.full_name, {"peer_worker": peer_worker}) for peer_worker in peer_workers
    ]
    people += [
        (name, {"team": team, "colleague_name": name})
        for name in dict.fromkeys(" ".join(n.split()) for n in colleague_names if n.strip())
    ]
    if not people:
        raise ValidationError(_("Choose at least one person to enrol."))
    if completed_on is not None and attendance != Attendance.ATTENDED:
        raise ValidationError(
            {"completed_on": _("Record that they attended to record their completion.")}
        )
    for name, who in people:
        try:
            with transaction.atomic():
                enrolments.append(enrolment_create(session=session, **who))  # type: ignore[arg-type]
        except ValidationError as error:
            errors.append(f"{name}: {' '.join(error.messages)}")
    if errors:
        raise ValidationError(errors)
    if attendance != Attendance.UNRECORDED:
        attendance_record(
            session=session,
            marks={str(enrolment.public_id): attendance for enrolment in enrolments},
        )
    if completed_on is not None:
        fresh = list(
            Enrolment.objects.filter(pk__in=[enrolment.pk for enrolment in enrolments])
            .select_related("session__programme", "peer_worker", "colleague")
            .order_by("pk")
        )
        session_complete(
            session=session,
            enrolments=fresh,
            completed_on=completed_on,
            certificate_issued_on=certificate_issued_on,
        )
    return enrolments


@transaction.atomic
def session_complete(
    *,
    session: Session,
    enrolments: Sequence[Enrolment],
    completed_on: dt.date,
    certificate_issued_on: dt.date | None = None,
) -> int:
    """Record completion (and a certificate issued on a day) for many attendees of one
    session at once; all or nothing, with each refusal named. Returns how many."""
    errors: list[str] = []
    for enrolment in enrolments:
        if enrolment.session_id != session.pk:
            raise ValidationError(_("Completion can only be recorded for people in this session."))
        try:
            with transaction.atomic():
                enrolment_complete(
                    enrolment=enrolment,
                    completed_on=completed_on,
                    certificate_issued_on=certificate_issued_on
                    if session.programme.has_certificate
                    else None,
                )
        except ValidationError as error:
            errors.append(f"{enrolment.person_name}: {' '.join(error.messages)}")
    if errors:
        raise ValidationError(errors)
    return len(enrolments)
