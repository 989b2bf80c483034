"""Research codes for peer workers come from one service and are never given twice."""

import pytest
from django.urls import reverse

from cases.services import next_pseudonym
from tests.factories import InitiativeFactory, PeerWorkerFactory, PeerWorkerRoleFactory

pytestmark = pytest.mark.django_db


def test_the_first_worker_gets_w01(role_a):
    assert next_pseudonym(role_a.initiative) == "P-01-W01"


def test_the_next_code_follows_the_highest_and_never_fills_a_gap(role_a):
    PeerWorkerFactory(role=role_a, pseudonym="P-01-W01")
    PeerWorkerFactory(role=role_a, pseudonym="P-01-W03")
    assert next_pseudonym(role_a.initiative) == "P-01-W04"


def test_codes_of_other_initiatives_and_other_shapes_are_ignored(role_a):
    other = PeerWorkerRoleFactory(initiative=InitiativeFactory(research_code="P-011"))
    PeerWorkerFactory(role=other, pseudonym="P-011-W09")
    PeerWorkerFactory(role=role_a, pseudonym="P-01-Wx")
    assert next_pseudonym(role_a.initiative) == "P-01-W01"


def test_the_new_worker_form_proposes_the_service_code(client_for, manager_a, role_a):
    PeerWorkerFactory(role=role_a, pseudonym="P-01-W02")
    html = (
        client_for(manager_a)
        .get(reverse("cases:peer-worker-create", args=[role_a.public_id]))
        .content.decode()
    )
    assert 'value="P-01-W03"' in html
