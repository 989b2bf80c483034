"""Demo training data: for every employing organisation, a peer-specific foundation course,
two generic mandatory courses with expiring certificates, and team-preparation training for
the host teams; sessions, attendance, completions and required training for every role.

Certificates are spread so that some have expired and some expire within 30 days. Every
name is invented. Runs once: a second run finds the first programme and stops.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from cases.demo import FIRST_NAMES, LAST_NAMES
from cases.models import Organisation, PeerWorker, PeerWorkerRole, Sector, Team
from training.models import (
    Attendance,
    Audience,
    Category,
    Colleague,
    CompetenceDomain,
    Enrolment,
    LivedExperienceDelivery,
    Mode,
    RequiredTraining,
    Session,
    TrainingProgramme,
)
from training.selectors import add_months

FOUNDATIONS = "Peer support foundations"
SAFEGUARDING = "Safeguarding adults (level 2)"
INFORMATION_GOVERNANCE = "Information governance and confidentiality"
TEAM_PREPARATION = "Working alongside peer workers"

# Session start dates relative to today (days); negative is in the past.
FOUNDATIONS_OFFSETS = [-1500, -1100, -800, -600, -400, -250, -90, 28]
SAFEGUARDING_OFFSETS = [-730, -560, -400, -345, -250, -120, -30, 21]
GOVERNANCE_OFFSETS = [-900, -700, -500, -200, -60, 35]


def seed(*, stdout=None) -> None:
    if TrainingProgramme.objects.filter(title=FOUNDATIONS).exists():
        return
    rng = random.Random(20200301)
    today = timezone.localdate()
    domains = {domain.slug: domain for domain in CompetenceDomain.objects.all()}
    employers = (
        Organisation.objects.filter(employed_roles__isnull=False).distinct().order_by("name")
    )
    for organisation in employers:
        _seed_organisation(organisation, domains, rng, today)
    if stdout is not None:
        stdout.write(
            f"  training: {TrainingProgramme.objects.count()} programmes, "
            f"{Session.objects.count()} sessions, {Enrolment.objects.count()} enrolments"
        )


def _seed_organisation(organisation: Organisation, domains, rng: random.Random, today) -> None:
    is_voluntary = organisation.sector == Sector.VOLUNTARY
    foundations = TrainingProgramme.objects.create(
        organisation=organisation,
        title=FOUNDATIONS,
        description="Five days on the values and practice of peer support.",
        provider_organisation=organisation if is_voluntary else None,
        provider_name="" if is_voluntary else "Meadowlark Peer Training CIC",
        audience=Audience.PEER_WORKERS,
        category=Category.PEER_SPECIFIC,
        is_accredited=not is_voluntary,
        accredited_by="" if is_voluntary else "Northern Skills Accreditation Board",
        lived_experience_delivery=LivedExperienceDelivery.DELIVERED
        if is_voluntary
        else LivedExperienceDelivery.CO_DELIVERED,
        total_hours=Decimal("30.0"),
        session_count=1,
        has_certificate=True,
    )
    foundations.domains.set(
        [
            domains[slug]
            for slug in ("values", "relational", "supporting", "self-care")
            if slug in domains
        ]
    )
    safeguarding = TrainingProgramme.objects.create(
        organisation=organisation,
        title=SAFEGUARDING,
        provider_name="Civic Safeguarding Training Ltd",
        audience=Audience.PEER_WORKERS,
        category=Category.GENERIC_MANDATORY,
        total_hours=Decimal("3.5"),
        session_count=1,
        has_certificate=True,
        certificate_valid_months=12,
    )
    safeguarding.domains.set([domains["knowledge"]] if "knowledge" in domains else [])
    governance = TrainingProgramme.objects.create(
        organisation=organisation,
        title=INFORMATION_GOVERNANCE,
        provider_organisation=organisation,
        audience=Audience.PEER_WORKERS,
        category=Category.GENERIC_MANDATORY,
        total_hours=Decimal("1.5"),
        session_count=1,
        has_certificate=True,
        certificate_valid_months=24,
    )
    governance.domains.set([domains["organisational"]] if "organisational" in domains else [])
    team_preparation = TrainingProgramme.objects.create(
        organisation=organisation,
        title=TEAM_PREPARATION,
        description="A half day for teams about to welcome peer workers.",
        provider_organisation=organisation,
        audience=Audience.TEAM_COLLEAGUES,
        category=Category.OTHER,
        lived_experience_delivery=LivedExperienceDelivery.DELIVERED,
        total_hours=Decimal("3.0"),
        session_count=1,
    )
    team_preparation.domains.set([domains["teams-rights"]] if "teams-rights" in domains else [])

    for role in PeerWorkerRole.objects.filter(employer=organisation):
        for programme, months in ((foundations, None), (safeguarding, 12), (governance, 24)):
            RequiredTraining.objects.get_or_create(
                role=role, programme=programme, defaults={"renewal_months": months}
            )

    workers = list(PeerWorker.objects.filter(role__employer=organisation).order_by("pseudonym"))
    venue = f"{organisation.name}, training room 2"
    _deliver(foundations, workers, FOUNDATIONS_OFFSETS, rng, today, venue, days=5, months=None)
    _deliver(safeguarding, workers, SAFEGUARDING_OFFSETS, rng, today, venue, days=1, months=12)
    _deliver(governance, workers, GOVERNANCE_OFFSETS, rng, today, venue, days=1, months=24)
    _prepare_teams(team_preparation, organisation, rng, today)


def _deliver(
    programme, workers, offsets, rng, today, venue, *, days: int, months: int | None
) -> None:
    sessions = []
    for index, offset in enumerate(offsets):
        starts_on = today + dt.timedelta(days=offset)
        online = index % 3 == 1
        sessions.append(
            Session.objects.create(
                programme=programme,
                starts_on=starts_on,
                ends_on=starts_on + dt.timedelta(days=days - 1) if days > 1 else None,
                start_time=dt.time(9, 30),
                end_time=dt.time(16, 30)
                if days > 1 or programme.total_hours > 3
                else dt.time(11, 0),
                mode=Mode.ONLINE if online else Mode.IN_PERSON,
                place="Video call; link sent by e-mail" if online else venue,
            )
        )
    upcoming = sessions[-1]
    for worker in workers:
        last_day = worker.ended or today
        candidates = [
            session
            for session in sessions[:-1]
            if worker.started - dt.timedelta(days=30) <= session.starts_on <= last_day
        ]
        if worker.user_id and programme.title == SAFEGUARDING:
            # The demo peer's certificate runs out within 30 days.
            candidates = [s for s in sessions if s.starts_on == today - dt.timedelta(days=345)]
        if not candidates or rng.random() < 0.1:
            if worker.ended is None and rng.random() < 0.5:
                Enrolment.objects.create(session=upcoming, peer_worker=worker)
            continue
        session = candidates[0] if programme.title == FOUNDATIONS else rng.choice(candidates)
        attended = worker.user_id is not None or rng.random() < 0.9
        if not attended:
            Enrolment.objects.create(
                session=session, peer_worker=worker, attendance=Attendance.ABSENT
            )
            continue
        completed_on = session.last_day
        Enrolment.objects.create(
            session=session,
            peer_worker=worker,
            attendance=Attendance.ATTENDED,
            completed_on=completed_on,
            certificate_issued_on=completed_on,
            certificate_expires_on=add_months(completed_on, months) if months else None,
            certificate_number=f"{programme.pk:03d}-{worker.pk:05d}",
        )


def _prepare_teams(programme, organisation, rng, today) -> None:
    teams = Team.objects.filter(hosted_roles__employer=organisation).distinct().order_by("name")
    for team in teams:
        first_start = (
            PeerWorker.objects.filter(role__host_team=team)
            .order_by("started")
            .values_list("started", flat=True)
            .first()
        )
        draw = rng.random()
        if first_start is None or draw < 0.15:
            continue
        if draw < 0.7:
            starts_on = first_start - dt.timedelta(days=rng.randint(10, 40))
        else:
            starts_on = min(
                first_start + dt.timedelta(days=rng.randint(30, 120)), today - dt.timedelta(days=1)
            )
        session = Session.objects.create(
            programme=programme,
            starts_on=starts_on,
            start_time=dt.time(13, 30),
            end_time=dt.time(16, 30),
            mode=Mode.IN_PERSON,
            place=f"{team.name} team base",
        )
        for _number in range(rng.randint(4, 8)):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            colleague = Colleague.objects.filter(team=team, full_name__iexact=name).first()
            if colleague is None:
                colleague = Colleague.objects.create(team=team, full_name=name)
            if Enrolment.objects.filter(session=session, colleague=colleague).exists():
                continue
            attended = rng.random() < 0.85
            Enrolment.objects.create(
                session=session,
                colleague=colleague,
                attendance=Attendance.ATTENDED if attended else Attendance.ABSENT,
                completed_on=starts_on if attended else None,
            )
