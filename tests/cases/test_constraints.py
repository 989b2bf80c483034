"""Bad data is refused by the database itself, not only by forms."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from cases.models import (
    ImplementationMilestone,
    Membership,
    PayBand,
    PeerWorker,
    PeerWorkerRole,
)
from tests.factories import (
    InitiativeFactory,
    MembershipFactory,
    PeerWorkerFactory,
    PeerWorkerRoleFactory,
)

pytestmark = pytest.mark.django_db


def test_peer_worker_cannot_end_before_starting(role_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        PeerWorker.objects.create(
            role=role_a,
            full_name="X",
            pseudonym="X-1",
            started=dt.date(2024, 5, 1),
            ended=dt.date(2024, 4, 1),
            leaving_reason="health",
        )


def test_leaving_reason_needs_an_end_date(role_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        PeerWorker.objects.create(
            role=role_a,
            full_name="X",
            pseudonym="X-2",
            started=dt.date(2024, 5, 1),
            leaving_reason="health",
        )


@pytest.mark.parametrize("hours", [Decimal("-1"), Decimal("60.5"), Decimal("99")])
def test_hours_per_week_must_be_within_0_and_60(initiative_a, hours):
    with pytest.raises(IntegrityError), transaction.atomic():
        PeerWorkerRoleFactory(initiative=initiative_a, hours_per_week=hours)


def test_hours_at_the_limits_are_accepted(initiative_a):
    none = PeerWorkerRoleFactory(initiative=initiative_a, hours_per_week=Decimal("0"))
    most = PeerWorkerRoleFactory(initiative=initiative_a, hours_per_week=Decimal("60"))
    none.full_clean()
    most.full_clean()
    stored = dict(
        PeerWorkerRole.objects.filter(pk__in=[none.pk, most.pk]).values_list("pk", "hours_per_week")
    )
    assert stored == {none.pk: Decimal("0"), most.pk: Decimal("60")}


def test_whole_time_equivalent_cannot_be_negative(initiative_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        PeerWorkerRoleFactory(initiative=initiative_a, funded_wte=Decimal("-0.5"))


def test_other_grade_must_be_named(initiative_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        PeerWorkerRoleFactory(initiative=initiative_a, pay_band=PayBand.OTHER, pay_grade_other="")
    with pytest.raises(IntegrityError), transaction.atomic():
        PeerWorkerRoleFactory(
            initiative=initiative_a, pay_band=PayBand.BAND_3, pay_grade_other="Grade C"
        )


def test_role_titles_are_unique_within_an_initiative(initiative_a):
    PeerWorkerRoleFactory(initiative=initiative_a, title="Peer worker")
    with pytest.raises(IntegrityError), transaction.atomic():
        PeerWorkerRoleFactory(initiative=initiative_a, title="Peer worker")


def test_research_codes_are_unique():
    InitiativeFactory(research_code="P-42")
    with pytest.raises(IntegrityError), transaction.atomic():
        InitiativeFactory(research_code="P-42")


def test_pseudonyms_are_unique(role_a):
    PeerWorkerFactory(role=role_a, pseudonym="P-01-W09")
    with pytest.raises(IntegrityError), transaction.atomic():
        PeerWorkerFactory(role=role_a, pseudonym="P-01-W09")


def test_one_membership_per_user_and_organisation(manager_a, org_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(user=manager_a, organisation=org_a, role="supervisor")
    assert Membership.objects.filter(user=manager_a).count() == 1


def test_unknown_choice_values_are_refused(org_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(organisation=org_a, role="overlord")


def test_milestone_needs_a_type_or_a_title(initiative_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        ImplementationMilestone.objects.create(
            initiative=initiative_a, phase="preparation", milestone_type=None, custom_title=""
        )
