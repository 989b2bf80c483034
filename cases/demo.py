"""Demo landscape for the cases app: fictional organisations, initiatives, roles, people.

Every name here is invented. Objects are found by natural keys (names, research codes,
e-mails), so running the seed twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from accounts.demo import enrol_demo_devices
from accounts.models import PlatformRole, User
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
    Region,
    RoleFunction,
    RoleTerms,
    Sector,
    ServiceSetting,
    SharingExpectation,
    Team,
    YesNoUnknown,
)

PASSWORD = "demo-peerwork"  # noqa: S105 - the published demo password

PERSONAS = [
    ("manager@demo.peerwork", "service manager, Northvale NHS Foundation Trust"),
    ("manager2@demo.peerwork", "service manager, Harbour Minds (a different organisation)"),
    ("supervisor@demo.peerwork", "supervisor, Northvale NHS Foundation Trust"),
    ("peer@demo.peerwork", "peer worker at Northvale, supervised by supervisor@"),
    (
        "researcher@demo.peerwork",
        "researcher (pseudonymised data only; two-factor code: manage.py demo_otp_code)",
    ),
    ("admin@demo.peerwork", "administrator (two-factor code: manage.py demo_otp_code)"),
]

# name, sector, kind, region
ORGANISATIONS = [
    (
        "Northvale NHS Foundation Trust",
        Sector.STATUTORY,
        OrganisationKind.NHS_TRUST,
        Region.NORTH_EAST_YORKSHIRE,
    ),
    (
        "Eastmere Mental Health NHS Trust",
        Sector.STATUTORY,
        OrganisationKind.NHS_TRUST,
        Region.EAST_OF_ENGLAND,
    ),
    ("Riverbend NHS Foundation Trust", Sector.STATUTORY, OrganisationKind.NHS_TRUST, Region.LONDON),
    (
        "Westbrook County Council",
        Sector.STATUTORY,
        OrganisationKind.LOCAL_AUTHORITY,
        Region.SOUTH_WEST,
    ),
    (
        "Open Door Peer Support",
        Sector.VOLUNTARY,
        OrganisationKind.CHARITY,
        Region.NORTH_EAST_YORKSHIRE,
    ),
    ("Lantern Recovery Network", Sector.VOLUNTARY, OrganisationKind.USER_LED, Region.NORTH_WEST),
    ("Harbour Minds", Sector.VOLUNTARY, OrganisationKind.CHARITY, Region.SOUTH_EAST),
    (
        "Kinship Collective CIC",
        Sector.VOLUNTARY,
        OrganisationKind.SOCIAL_ENTERPRISE,
        Region.MIDLANDS,
    ),
    ("Bridgewell Community Trust", Sector.VOLUNTARY, OrganisationKind.CHARITY, Region.MIDLANDS),
]

# organisation, team name, setting slug
TEAMS = [
    ("Northvale NHS Foundation Trust", "Aire Ward", "inpatient"),
    ("Northvale NHS Foundation Trust", "Northvale Early Intervention Team", "eip"),
    ("Northvale NHS Foundation Trust", "Northvale North CMHT", "cmht"),
    ("Eastmere Mental Health NHS Trust", "Eastmere Crisis Resolution Team", "crisis"),
    ("Eastmere Mental Health NHS Trust", "Fenland Ward", "inpatient"),
    ("Riverbend NHS Foundation Trust", "Riverbend South CMHT", "cmht"),
    ("Riverbend NHS Foundation Trust", "Riverbend Recovery College", "recovery-college"),
    ("Westbrook County Council", "Westbrook Community Wellbeing Service", "specialist-community"),
    ("Open Door Peer Support", "Open Door Drop-in", "voluntary-community"),
    ("Lantern Recovery Network", "Lantern Peer Groups", "voluntary-community"),
    ("Harbour Minds", "Harbour Drop-in", "voluntary-community"),
    ("Harbour Minds", "Harbour Community Groups", "specialist-community"),
    ("Kinship Collective CIC", "Kinship Learning Hub", "recovery-college"),
    ("Bridgewell Community Trust", "Bridgewell Recovery College", "recovery-college"),
]

# code, name, partners [(organisation, part)], settings, status, years ago started
INITIATIVES = [
    (
        "P-01",
        "Northvale inpatient peer support",
        [
            ("Northvale NHS Foundation Trust", PartnerPart.LEAD),
            ("Northvale NHS Foundation Trust", PartnerPart.EMPLOYER),
            ("Northvale NHS Foundation Trust", PartnerPart.HOST),
        ],
        ["inpatient"],
        InitiativeStatus.ACTIVE,
        3,
    ),
    (
        "P-02",
        "Northvale early intervention peer workers",
        [
            ("Northvale NHS Foundation Trust", PartnerPart.LEAD),
            ("Northvale NHS Foundation Trust", PartnerPart.EMPLOYER),
        ],
        ["eip"],
        InitiativeStatus.ACTIVE,
        2,
    ),
    (
        "P-03",
        "Eastmere crisis peer team",
        [
            ("Eastmere Mental Health NHS Trust", PartnerPart.LEAD),
            ("Eastmere Mental Health NHS Trust", PartnerPart.EMPLOYER),
        ],
        ["crisis", "inpatient"],
        InitiativeStatus.ACTIVE,
        4,
    ),
    (
        "P-04",
        "Riverbend community peer support workers",
        [
            ("Riverbend NHS Foundation Trust", PartnerPart.LEAD),
            ("Riverbend NHS Foundation Trust", PartnerPart.EMPLOYER),
        ],
        ["cmht"],
        InitiativeStatus.ACTIVE,
        2,
    ),
    (
        "P-05",
        "Open Door community peer support",
        [
            ("Open Door Peer Support", PartnerPart.LEAD),
            ("Open Door Peer Support", PartnerPart.EMPLOYER),
        ],
        ["voluntary-community"],
        InitiativeStatus.ACTIVE,
        5,
    ),
    (
        "P-06",
        "Lantern peer-led groups",
        [
            ("Lantern Recovery Network", PartnerPart.LEAD),
            ("Lantern Recovery Network", PartnerPart.EMPLOYER),
        ],
        ["voluntary-community"],
        InitiativeStatus.ACTIVE,
        3,
    ),
    (
        "P-07",
        "Harbour Minds drop-in peers",
        [("Harbour Minds", PartnerPart.LEAD), ("Harbour Minds", PartnerPart.EMPLOYER)],
        ["voluntary-community", "specialist-community"],
        InitiativeStatus.ACTIVE,
        2,
    ),
    (
        "P-08",
        "Bridgewell and Kinship recovery education",
        [
            ("Bridgewell Community Trust", PartnerPart.LEAD),
            ("Bridgewell Community Trust", PartnerPart.EMPLOYER),
            ("Kinship Collective CIC", PartnerPart.TRAINING_PROVIDER),
        ],
        ["recovery-college"],
        InitiativeStatus.ACTIVE,
        1,
    ),
    (
        "P-09",
        "Northvale wards with Open Door peers",
        [
            ("Northvale NHS Foundation Trust", PartnerPart.LEAD),
            ("Northvale NHS Foundation Trust", PartnerPart.HOST),
            ("Open Door Peer Support", PartnerPart.EMPLOYER),
        ],
        ["inpatient", "cmht"],
        InitiativeStatus.ACTIVE,
        2,
    ),
    (
        "P-10",
        "Eastmere and Lantern crisis café partnership",
        [
            ("Eastmere Mental Health NHS Trust", PartnerPart.FUNDER),
            ("Eastmere Mental Health NHS Trust", PartnerPart.HOST),
            ("Lantern Recovery Network", PartnerPart.LEAD),
            ("Lantern Recovery Network", PartnerPart.EMPLOYER),
        ],
        ["crisis"],
        InitiativeStatus.ACTIVE,
        1,
    ),
    (
        "P-11",
        "Riverbend and Kinship recovery college",
        [
            ("Riverbend NHS Foundation Trust", PartnerPart.LEAD),
            ("Riverbend NHS Foundation Trust", PartnerPart.HOST),
            ("Kinship Collective CIC", PartnerPart.EMPLOYER),
        ],
        ["recovery-college"],
        InitiativeStatus.ACTIVE,
        3,
    ),
    (
        "P-12",
        "Westbrook community peer support",
        [
            ("Westbrook County Council", PartnerPart.LEAD),
            ("Westbrook County Council", PartnerPart.EMPLOYER),
        ],
        ["specialist-community"],
        InitiativeStatus.PLANNING,
        0,
    ),
]

FIRST_NAMES = [
    "Alex",
    "Sam",
    "Jordan",
    "Priya",
    "Tomasz",
    "Amara",
    "Niamh",
    "Kofi",
    "Ruth",
    "Dev",
    "Hannah",
    "Imran",
    "Leah",
    "Marcus",
    "Chloe",
    "Yusuf",
    "Grace",
    "Owen",
    "Fatima",
    "Ellis",
    "Bea",
    "Callum",
    "Sunita",
    "Rhys",
    "Zara",
    "Joel",
    "Maya",
    "Ifeoma",
    "Patrick",
    "Lin",
]
LAST_NAMES = [
    "Ashdown",
    "Brierley",
    "Calloway",
    "Denholm",
    "Ellery",
    "Fairbairn",
    "Gorrie",
    "Hatherley",
    "Ingleby",
    "Jarrow",
    "Kettering",
    "Lomax",
    "Marchetti",
    "Northam",
    "Okonjo",
    "Pendle",
    "Quayle",
    "Rowntree",
    "Sefton",
    "Threlkeld",
    "Usher",
    "Varley",
    "Wetherby",
    "Yardley",
]


def _user(
    email: str,
    name: str,
    *,
    platform_role: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "full_name": name,
            "platform_role": platform_role,
            "is_staff": is_staff,
            "is_superuser": is_superuser,
        },
    )
    if created:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return user


def seed(*, stdout=None) -> None:
    rng = random.Random(20150601)
    today = timezone.localdate()
    settings_by_slug = {setting.slug: setting for setting in ServiceSetting.objects.all()}
    functions = list(RoleFunction.objects.all())

    organisations: dict[str, Organisation] = {}
    for name, sector, kind, region in ORGANISATIONS:
        organisations[name], _ = Organisation.objects.get_or_create(
            name=name, defaults={"sector": sector, "kind": kind, "region": region}
        )

    teams: dict[str, Team] = {}
    for organisation_name, team_name, setting_slug in TEAMS:
        teams[team_name], _ = Team.objects.get_or_create(
            organisation=organisations[organisation_name],
            name=team_name,
            defaults={"setting": settings_by_slug[setting_slug]},
        )

    manager = _user("manager@demo.peerwork", "Morgan Hale")
    manager2 = _user("manager2@demo.peerwork", "Robin Achebe")
    supervisor = _user("supervisor@demo.peerwork", "Sasha Whitlock")
    peer = _user("peer@demo.peerwork", "Jamie Rivers")
    _user("researcher@demo.peerwork", "Nell Ambrose", platform_role=PlatformRole.RESEARCHER)
    _user(
        "admin@demo.peerwork",
        "Ari Castellan",
        platform_role=PlatformRole.ADMINISTRATOR,
        is_staff=True,
        is_superuser=True,
    )

    northvale = organisations["Northvale NHS Foundation Trust"]
    for user, organisation, role in [
        (manager, northvale, MembershipRole.SERVICE_MANAGER),
        (manager2, organisations["Harbour Minds"], MembershipRole.SERVICE_MANAGER),
        (supervisor, northvale, MembershipRole.SUPERVISOR),
        (peer, northvale, MembershipRole.PEER_WORKER),
    ]:
        Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": role}
        )

    # A service manager for every other organisation, so each has someone to run it.
    for name, organisation in organisations.items():
        if organisation in (northvale, organisations["Harbour Minds"]):
            continue
        slug = name.split()[0].lower()
        other = _user(
            f"manager.{slug}@demo.peerwork", f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        )
        Membership.objects.get_or_create(
            user=other, organisation=organisation, defaults={"role": MembershipRole.SERVICE_MANAGER}
        )

    milestone_types = list(MilestoneType.objects.order_by("position"))
    pseudonym_number = 0
    for code, name, partners, setting_slugs, status, years in INITIATIVES:
        started = today.replace(day=1) - dt.timedelta(days=365 * years + 30)
        initiative, created = Initiative.objects.get_or_create(
            research_code=code,
            defaults={
                "name": name,
                "status": status,
                "started": started,
                "description": "A fictional peer worker programme created for the demo.",
            },
        )
        for organisation_name, part in partners:
            InitiativePartner.objects.get_or_create(
                initiative=initiative, organisation=organisations[organisation_name], part=part
            )
        initiative.settings.add(*[settings_by_slug[slug] for slug in setting_slugs])
        pseudonym_number += 10
        if not created:
            continue
        _seed_initiative(
            initiative,
            partners,
            organisations,
            teams,
            functions,
            milestone_types,
            rng,
            today,
            started,
            code,
            peer if code == "P-01" else None,
        )

    # The demo researcher and administrator sign in with the published authenticator.
    enrol_demo_devices(stdout=stdout)
    if stdout is not None:
        stdout.write(
            f"  cases: {Initiative.objects.count()} initiatives, "
            f"{PeerWorker.objects.count()} peer workers"
        )


def _seed_initiative(
    initiative,
    partners,
    organisations,
    teams,
    functions,
    milestone_types,
    rng,
    today,
    started,
    code,
    peer_user,
) -> None:
    employer_name = next(o for o, part in partners if part == PartnerPart.EMPLOYER)
    employer = organisations[employer_name]
    host_names = [o for o, part in partners if part == PartnerPart.HOST] or [employer_name]
    host_teams = [team for team in teams.values() if team.organisation.name in host_names]
    is_voluntary = employer.sector == Sector.VOLUNTARY
    number = int(code.split("-")[1])

    role_specs = [("Peer support worker", Employment.PAID)]
    if number % 3 == 0:
        role_specs.append(("Senior peer support worker", Employment.PAID))
    if is_voluntary and number % 2 == 1:
        role_specs.append(("Volunteer peer supporter", Employment.VOLUNTEER))

    worker_index = 0
    for title, employment in role_specs:
        is_volunteer = employment == Employment.VOLUNTEER
        senior = title.startswith("Senior")
        role = PeerWorkerRole.objects.create(
            initiative=initiative,
            title=title,
            employer=employer,
            host_team=rng.choice(host_teams) if host_teams else None,
            employment=employment,
            pay_band=PayBand.NONE
            if is_volunteer
            else (
                PayBand.OTHER if is_voluntary else (PayBand.BAND_4 if senior else PayBand.BAND_3)
            ),
            pay_grade_other="" if (is_volunteer or not is_voluntary) else "Charity grade C",
            pay_parity=YesNoUnknown.NO
            if is_volunteer
            else rng.choice(
                [YesNoUnknown.YES, YesNoUnknown.YES, YesNoUnknown.NO, YesNoUnknown.UNKNOWN]
            ),
            hours_per_week=Decimal(
                rng.choice([8, 15, 18.75, 22.5, 30, 37.5]) if not is_volunteer else 6
            ),
            has_flexible_hours=is_voluntary or rng.random() < 0.3,
            contract=Contract.VOLUNTEER
            if is_volunteer
            else rng.choice([Contract.PERMANENT, Contract.FIXED_TERM, Contract.FIXED_TERM]),
            lived_experience_criterion=LivedExperienceCriterion.ESSENTIAL
            if rng.random() < 0.75
            else LivedExperienceCriterion.DESIRABLE,
            is_jd_coproduced=is_voluntary or rng.random() < 0.5,
            has_peer_line_manager=is_voluntary and rng.random() < 0.6,
            line_manager_organisation=employer,
            plans_peer_supervision=is_voluntary or rng.random() < 0.4,
            plans_managerial_supervision=True,
            plans_clinical_supervision=not is_voluntary,
            plans_group_supervision=rng.random() < 0.5,
            sharing_expectation=(
                SharingExpectation.ENCOURAGED
                if is_voluntary
                else rng.choice(
                    [
                        SharingExpectation.CAUTIOUS,
                        SharingExpectation.WORKER_CHOICE,
                        SharingExpectation.NOT_DISCUSSED,
                    ]
                )
            ),
            has_clinical_record_access=not is_voluntary and rng.random() < 0.7,
            attends_team_meetings=not is_voluntary or rng.random() < 0.5,
            funded_headcount=rng.randint(2, 6) if not senior else 1,
            funded_wte=Decimal(rng.choice(["1.00", "1.60", "2.40", "3.00", "4.20"]))
            if not senior
            else Decimal("1.00"),
        )
        role.functions.set(rng.sample(functions, k=rng.randint(1, 3)))
        # A role's terms in force are always its latest dated version (as role_save keeps them).
        RoleTerms.objects.create(
            role=role,
            effective_from=started if started and started <= today else today,
            **role.terms_values(),
        )
        if initiative.status == InitiativeStatus.PLANNING:
            continue
        for _position in range(role.funded_headcount + rng.randint(0, 1)):
            worker_index += 1
            start = started + dt.timedelta(days=rng.randint(60, 500))
            if start > today:
                start = today - dt.timedelta(days=rng.randint(10, 60))
            ended, reason = None, ""
            if rng.random() < 0.25:
                ended = min(
                    start + dt.timedelta(days=rng.randint(90, 500)), today - dt.timedelta(days=5)
                )
                if ended < start:
                    ended = start
                reason = rng.choice([r for r in LeavingReason.values if r])
            full_name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            PeerWorker.objects.create(
                role=role,
                full_name=full_name,
                pseudonym=f"{code}-W{worker_index:02d}",
                started=start,
                ended=ended,
                leaving_reason=reason,
            )
        if peer_user is not None and title == "Peer support worker":
            PeerWorker.objects.create(
                role=role,
                user=peer_user,
                full_name=peer_user.full_name,
                pseudonym=f"{code}-W{worker_index + 1:02d}",
                started=today - dt.timedelta(days=400),
            )

    for position, milestone_type in enumerate(milestone_types):
        if initiative.status == InitiativeStatus.PLANNING and position > 5:
            break
        planned = started + dt.timedelta(days=30 * position)
        achieved = None
        if planned < today:
            slip = rng.choice([-5, 0, 0, 7, 21, 45])
            achieved = planned + dt.timedelta(days=slip)
            if achieved > today or rng.random() < 0.08:
                achieved = None
        ImplementationMilestone.objects.create(
            initiative=initiative,
            phase=milestone_type.phase,
            milestone_type=milestone_type,
            planned=planned,
            achieved=achieved,
        )
