"""Factories for the foundation models (accounts, cases).

Apps add their own in ``tests/<app>/factories.py`` and build on these.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from cases.models import (
    Contract,
    Employment,
    ImplementationMilestone,
    Initiative,
    InitiativePartner,
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
    RoleFunction,
    Sector,
    ServiceSetting,
    Team,
)

PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class ServiceSettingFactory(DjangoModelFactory):
    class Meta:
        model = ServiceSetting
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"setting-{n}")
    name = factory.Sequence(lambda n: f"Setting {n}")


class RoleFunctionFactory(DjangoModelFactory):
    class Meta:
        model = RoleFunction
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"function-{n}")
    name = factory.Sequence(lambda n: f"Function {n}")


class MilestoneTypeFactory(DjangoModelFactory):
    class Meta:
        model = MilestoneType
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"milestone-{n}")
    name = factory.Sequence(lambda n: f"Milestone {n}")
    phase = Phase.PREPARATION


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    sector = Sector.STATUTORY
    kind = factory.LazyAttribute(
        lambda o: (
            OrganisationKind.NHS_TRUST if o.sector == Sector.STATUTORY else OrganisationKind.CHARITY
        )
    )
    region = Region.LONDON


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MembershipRole.SERVICE_MANAGER


class InitiativeFactory(DjangoModelFactory):
    """An initiative; pass ``partners=[(organisation, part), ...]`` or get one lead partner."""

    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Initiative {n}")
    research_code = factory.Sequence(lambda n: f"P-{n + 100:03d}")
    started = dt.date(2024, 1, 1)
    status = "active"

    @factory.post_generation
    def partners(obj, create, extracted, **kwargs):  # noqa: N805
        if not create:
            return
        pairs = extracted if extracted is not None else [(OrganisationFactory(), PartnerPart.LEAD)]
        for organisation, part in pairs:
            InitiativePartner.objects.create(initiative=obj, organisation=organisation, part=part)
        obj.refresh_from_db()


class InitiativePartnerFactory(DjangoModelFactory):
    class Meta:
        model = InitiativePartner

    initiative = factory.SubFactory(InitiativeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    part = PartnerPart.EMPLOYER


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    setting = factory.LazyFunction(lambda: ServiceSetting.objects.get(slug="cmht"))


class PeerWorkerRoleFactory(DjangoModelFactory):
    class Meta:
        model = PeerWorkerRole

    initiative = factory.SubFactory(InitiativeFactory)
    title = factory.Sequence(lambda n: f"Peer support worker {n}")
    employer = factory.LazyAttribute(lambda o: o.initiative.partners.first().organisation)
    employment = Employment.PAID
    pay_band = PayBand.BAND_3
    hours_per_week = Decimal("30.0")
    contract = Contract.PERMANENT
    lived_experience_criterion = LivedExperienceCriterion.ESSENTIAL
    funded_headcount = 2
    funded_wte = Decimal("1.60")


class PeerWorkerFactory(DjangoModelFactory):
    class Meta:
        model = PeerWorker

    role = factory.SubFactory(PeerWorkerRoleFactory)
    full_name = factory.Faker("name", locale="en_GB")
    pseudonym = factory.Sequence(lambda n: f"W-{n:05d}")
    started = dt.date(2024, 3, 1)


class ImplementationMilestoneFactory(DjangoModelFactory):
    class Meta:
        model = ImplementationMilestone

    initiative = factory.SubFactory(InitiativeFactory)
    phase = Phase.PREPARATION
    milestone_type = factory.LazyFunction(lambda: MilestoneType.objects.get(slug="business-case"))
    planned = dt.date(2024, 2, 1)
