"""The compliance matrix page: filters, totals, CSV download."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tests.factories import PeerWorkerFactory, PeerWorkerRoleFactory
from tests.training.factories import RequiredTrainingFactory, TrainingProgrammeFactory, complete

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(dt.datetime(2026, 3, 15, 12, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def matrix(org_a, initiative_a, role_a, programme_a, requirement_a):
    safeguarding = TrainingProgrammeFactory(organisation=org_a, title="Safeguarding")
    RequiredTrainingFactory(role=role_a, programme=safeguarding, renewal_months=12)
    other_role = PeerWorkerRoleFactory(initiative=initiative_a, employer=org_a, title="Senior peer")
    RequiredTrainingFactory(role=other_role, programme=safeguarding, renewal_months=12)
    ada = PeerWorkerFactory(role=role_a, full_name="Ada Overdue")
    complete(ada, safeguarding, dt.date(2025, 1, 1))
    complete(ada, programme_a, dt.date(2026, 1, 1))
    ben = PeerWorkerFactory(role=other_role, full_name="Ben Senior")
    complete(ben, safeguarding, dt.date(2025, 3, 20))
    return {"safeguarding": safeguarding, "other_role": other_role}


def page(client, initiative, **query):
    return client.get(reverse("training:compliance-matrix", args=[initiative.public_id]), query)


def test_matrix_shows_each_peer_worker_against_required_programmes(
    matrix, manager_a, initiative_a, client_for
):
    content = page(client_for(manager_a), initiative_a).content.decode()
    assert "Ada Overdue" in content and "Ben Senior" in content
    assert 'data-total="overdue">1<' in content
    assert 'data-total="due_soon">1<' in content
    assert 'data-total="compliant">1<' in content
    assert "Not required for this role" in content  # Ben's role does not need foundations


def test_filter_by_status(matrix, manager_a, initiative_a, client_for):
    content = page(client_for(manager_a), initiative_a, status="overdue").content.decode()
    assert "Ada Overdue" in content
    assert "Ben Senior" not in content


def test_filter_by_role_and_programme(matrix, manager_a, initiative_a, client_for):
    content = page(
        client_for(manager_a),
        initiative_a,
        role=str(matrix["other_role"].public_id),
        programme=str(matrix["safeguarding"].public_id),
    ).content.decode()
    assert "Ben Senior" in content
    assert "Ada Overdue" not in content


def test_an_invalid_filter_is_refused(matrix, manager_a, initiative_a, client_for):
    response = page(client_for(manager_a), initiative_a, status="bogus")
    assert response.status_code == 400
    assert "One of the filters is not valid" in response.content.decode()


def test_a_role_of_another_initiative_is_not_a_valid_filter(
    matrix, manager_a, initiative_a, client_for
):
    foreign = PeerWorkerRoleFactory()
    response = page(client_for(manager_a), initiative_a, role=str(foreign.public_id))
    assert response.status_code == 400


def test_csv_download_follows_the_filters(matrix, manager_a, initiative_a, client_for):
    response = client_for(manager_a).get(
        reverse("training:compliance-csv", args=[initiative_a.public_id]),
        {"programme": str(matrix["safeguarding"].public_id)},
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "compliance-P-01-2026-03-15.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["peer_worker"], row["status"], row["due_on"]) for row in rows] == [
        ("Ada Overdue", "overdue", "2026-01-01"),
        ("Ben Senior", "due_soon", "2026-03-20"),
    ]


def test_csv_neutralises_spreadsheet_formulas(matrix, manager_a, initiative_a, role_a, client_for):
    PeerWorkerFactory(role=role_a, full_name="=HYPERLINK(1)")
    content = (
        client_for(manager_a)
        .get(reverse("training:compliance-csv", args=[initiative_a.public_id]))
        .content.decode()
    )
    assert "'=HYPERLINK(1)" in content


def test_manager_of_a_partner_organisation_sees_the_matrix(
    matrix, initiative_a, org_b, manager_b, client_for
):
    from cases.models import InitiativePartner, PartnerPart

    InitiativePartner.objects.create(
        initiative=initiative_a, organisation=org_b, part=PartnerPart.HOST
    )
    assert page(client_for(manager_b), initiative_a).status_code == 200
