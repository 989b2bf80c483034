"""A role's terms over time: "volunteer at first, later paid part-time" is on record."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.forms.models import model_to_dict
from django.urls import reverse

from cases.models import Contract, Employment, PayBand, PeerWorkerRole, RoleTerms
from tests.cases.test_role_views import role_data
from tests.formparse import main_form_data

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 6, 15, 12, 0), tick=False):
        yield


def _create_role(client, initiative, employer, **overrides):
    response = client.post(
        reverse("cases:role-create", args=[initiative.public_id]),
        role_data(employer, **overrides),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return PeerWorkerRole.objects.get(initiative=initiative, title=role_data(employer)["title"])


def _edit(client, role, **changes):
    url = reverse("cases:role-update", args=[role.public_id])
    data = main_form_data(client.get(url).content.decode())
    for name, value in changes.items():
        data[name] = [value]
    return client.post(url, data)


def test_a_new_role_starts_its_terms_history_on_the_given_date(
    manager_a, initiative_a, org_a, client_for
):
    role = _create_role(
        client_for(manager_a),
        initiative_a,
        org_a,
        employment="volunteer",
        pay_band="none",
        contract="volunteer",
        hours_per_week="6",
        terms_from="2019-03-01",
    )

    versions = list(role.terms_history.all())
    assert [(v.effective_from, v.employment, v.hours_per_week) for v in versions] == [
        (dt.date(2019, 3, 1), Employment.VOLUNTEER, Decimal("6.0"))
    ]


def test_a_change_of_terms_from_a_later_date_keeps_the_earlier_terms(
    manager_a, initiative_a, org_a, client_for
):
    client = client_for(manager_a)
    role = _create_role(
        client,
        initiative_a,
        org_a,
        employment="volunteer",
        pay_band="none",
        contract="volunteer",
        hours_per_week="6",
        terms_from="2019-03-01",
    )

    response = _edit(
        client,
        role,
        employment="paid",
        pay_band="3",
        contract="permanent",
        hours_per_week="22.5",
        terms_from="2020-01-06",
    )

    assert response.status_code == 302
    history = [
        (v.effective_from, v.employment, v.hours_per_week)
        for v in RoleTerms.objects.filter(role=role).order_by("effective_from")
    ]
    assert history == [
        (dt.date(2019, 3, 1), Employment.VOLUNTEER, Decimal("6.0")),
        (dt.date(2020, 1, 6), Employment.PAID, Decimal("22.5")),
    ]
    role.refresh_from_db()
    assert (role.employment, role.hours_per_week) == (Employment.PAID, Decimal("22.5"))
    assert role.is_part_time is True


def test_changing_terms_without_a_new_date_corrects_the_current_terms(
    manager_a, initiative_a, org_a, client_for
):
    client = client_for(manager_a)
    role = _create_role(client, initiative_a, org_a, terms_from="2024-01-01")

    assert _edit(client, role, hours_per_week="37.5").status_code == 302

    versions = list(role.terms_history.values_list("effective_from", "hours_per_week"))
    assert versions == [(dt.date(2024, 1, 1), Decimal("37.5"))]
    role.refresh_from_db()
    assert role.hours_per_week == Decimal("37.5") and role.is_part_time is False


def test_saving_the_role_unchanged_changes_neither_role_nor_history(
    manager_a, initiative_a, org_a, client_for
):
    client = client_for(manager_a)
    role = _create_role(client, initiative_a, org_a, terms_from="2024-01-01")
    before_role = model_to_dict(PeerWorkerRole.objects.get(pk=role.pk), exclude=["version"])
    before_terms = list(RoleTerms.objects.filter(role=role).values())

    assert _edit(client, role).status_code == 302

    after_role = model_to_dict(PeerWorkerRole.objects.get(pk=role.pk), exclude=["version"])
    assert after_role == before_role
    assert list(RoleTerms.objects.filter(role=role).values()) == before_terms


def test_hours_and_contract_may_be_not_stated(manager_a, initiative_a, org_a, client_for):
    role = _create_role(
        client_for(manager_a), initiative_a, org_a, hours_per_week="", contract="not_stated"
    )

    assert role.hours_per_week is None and role.contract == Contract.NOT_STATED
    assert role.is_part_time is None
    page = client_for(manager_a).get(reverse("cases:role-detail", args=[role.public_id]))
    assert "hours not stated" in page.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"terms_from": "2026-07-01"}, "cannot be in the future"),
        ({"terms_from": "2025-01-01"}, "same as those in force since"),
    ],
)
def test_bad_terms_dates_are_refused_and_nothing_is_saved(
    manager_a, initiative_a, org_a, client_for, changes, message
):
    client = client_for(manager_a)
    role = _create_role(client, initiative_a, org_a, terms_from="2024-01-01")
    before = list(RoleTerms.objects.filter(role=role).values())

    response = _edit(client, role, title="Renamed while failing", **changes)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(RoleTerms.objects.filter(role=role).values()) == before
    assert PeerWorkerRole.objects.get(pk=role.pk).title == role.title


def test_moving_the_current_terms_before_earlier_terms_is_refused(
    manager_a, initiative_a, org_a, client_for
):
    client = client_for(manager_a)
    role = _create_role(client, initiative_a, org_a, terms_from="2024-01-01")
    RoleTerms.objects.create(
        role=role,
        effective_from=dt.date(2022, 1, 1),
        employment=Employment.VOLUNTEER,
        pay_band=PayBand.NONE,
        contract=Contract.VOLUNTEER,
    )

    response = _edit(client, role, terms_from="2021-06-01")

    assert response.status_code == 200
    assert "Earlier terms are on record from 01 Jan 2022" in response.content.decode()
    assert role.terms_history.get(employment=Employment.PAID).effective_from == dt.date(2024, 1, 1)


def test_earlier_terms_can_be_added_to_the_history(manager_a, initiative_a, org_a, client_for):
    client = client_for(manager_a)
    role = _create_role(client, initiative_a, org_a, terms_from="2020-01-06")

    response = client.post(
        reverse("cases:role-terms-create", args=[role.public_id]),
        {
            "effective_from": "2019-03-01",
            "employment": "volunteer",
            "pay_band": "none",
            "pay_grade_other": "",
            "pay_parity": "no",
            "hours_per_week": "",
            "contract": "volunteer",
        },
    )

    assert response.status_code == 302
    assert list(
        role.terms_history.order_by("effective_from").values_list("employment", flat=True)
    ) == [
        "volunteer",
        "paid",
    ]
    role.refresh_from_db()
    assert role.employment == Employment.PAID  # the latest terms stay in force


def test_later_terms_added_to_the_history_become_the_terms_in_force(
    manager_a, initiative_a, org_a, client_for
):
    client = client_for(manager_a)
    role = _create_role(client, initiative_a, org_a, terms_from="2020-01-06")

    client.post(
        reverse("cases:role-terms-create", args=[role.public_id]),
        {
            "effective_from": "2025-04-01",
            "employment": "sessional",
            "pay_band": "3",
            "pay_grade_other": "",
            "pay_parity": "yes",
            "hours_per_week": "12",
            "contract": "sessional",
        },
    )

    role.refresh_from_db()
    assert (role.employment, role.contract, role.hours_per_week) == (
        Employment.SESSIONAL,
        Contract.SESSIONAL,
        Decimal("12.0"),
    )


def test_the_only_terms_of_a_role_cannot_be_removed(manager_a, initiative_a, org_a, client_for):
    client = client_for(manager_a)
    role = _create_role(client, initiative_a, org_a)
    version = role.terms_history.get()

    response = client.post(
        reverse("cases:role-terms-delete", args=[version.public_id]), follow=True
    )

    assert "the only version" in response.content.decode()
    assert role.terms_history.count() == 1


def test_removing_the_latest_terms_puts_the_previous_terms_back_in_force(
    manager_a, initiative_a, org_a, client_for
):
    client = client_for(manager_a)
    role = _create_role(
        client,
        initiative_a,
        org_a,
        employment="volunteer",
        pay_band="none",
        contract="volunteer",
        terms_from="2019-03-01",
    )
    _edit(
        client, role, employment="paid", pay_band="3", contract="permanent", terms_from="2020-01-06"
    )
    latest = role.terms_history.get(effective_from=dt.date(2020, 1, 6))

    client.post(reverse("cases:role-terms-delete", args=[latest.public_id]))

    role.refresh_from_db()
    assert role.employment == Employment.VOLUNTEER
    assert role.terms_history.count() == 1


def test_terms_in_force_on_a_day(role_a):
    RoleTerms.objects.create(
        role=role_a,
        effective_from=dt.date(2019, 3, 1),
        employment=Employment.VOLUNTEER,
        pay_band=PayBand.NONE,
        contract=Contract.VOLUNTEER,
    )
    RoleTerms.objects.create(
        role=role_a,
        effective_from=dt.date(2020, 1, 1),
        employment=Employment.PAID,
        pay_band=PayBand.BAND_3,
        contract=Contract.PERMANENT,
        hours_per_week=Decimal("22.5"),
    )

    def in_force(day):
        return list(RoleTerms.objects.in_force_on(day).values_list("employment", flat=True))

    assert in_force(dt.date(2018, 12, 31)) == []
    assert in_force(dt.date(2019, 12, 31)) == ["volunteer"]
    assert in_force(dt.date(2020, 1, 1)) == ["paid"]


@pytest.mark.parametrize(
    ("persona", "status"), [("manager_b", 404), ("supervisor_a", 403), ("peer_a", 403)]
)
def test_only_the_initiatives_managers_change_terms(
    persona, status, request, manager_a, initiative_a, org_a, client_for
):
    role = _create_role(client_for(manager_a), initiative_a, org_a)
    version = role.terms_history.get()
    client = client_for(request.getfixturevalue(persona))

    assert (
        client.get(reverse("cases:role-terms-create", args=[role.public_id])).status_code == status
    )
    assert (
        client.post(reverse("cases:role-terms-delete", args=[version.public_id])).status_code
        == status
    )
    assert role.terms_history.count() == 1
