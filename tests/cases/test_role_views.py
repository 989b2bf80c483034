import pytest
from django.urls import reverse

from cases.models import PeerWorker, PeerWorkerRole

pytestmark = pytest.mark.django_db


def role_data(employer, **overrides):
    data = {
        "title": "Peer support worker (wards)",
        "employer": employer.pk,
        "employment": "paid",
        "pay_band": "3",
        "pay_grade_other": "",
        "pay_parity": "yes",
        "hours_per_week": "30",
        "contract": "permanent",
        "lived_experience_criterion": "essential",
        "sharing_expectation": "encouraged",
        "funded_headcount": "3",
        "funded_wte": "2.4",
    }
    data.update(overrides)
    return data


def test_manager_adds_a_role(manager_a, initiative_a, org_a, client_for):
    response = client_for(manager_a).post(
        reverse("cases:role-create", args=[initiative_a.public_id]), role_data(org_a)
    )
    role = PeerWorkerRole.objects.get(title="Peer support worker (wards)")
    assert response.status_code == 302
    assert role.initiative == initiative_a and role.funded_headcount == 3


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"hours_per_week": "61"}, "less than or equal to 60"),
        ({"hours_per_week": "-2"}, "greater than or equal to 0"),
        ({"funded_headcount": "-1"}, "greater than or equal to 0"),
        ({"pay_band": "other"}, "Name the grade"),
        ({"pay_grade_other": "Grade C"}, "Leave this empty"),
        ({"has_peer_line_manager": "true"}, "Say which organisation"),
    ],
)
def test_bad_role_input_is_refused_clearly(
    manager_a, initiative_a, org_a, client_for, overrides, message
):
    response = client_for(manager_a).post(
        reverse("cases:role-create", args=[initiative_a.public_id]), role_data(org_a, **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PeerWorkerRole.objects.filter(title="Peer support worker (wards)").exists()


def test_employer_must_be_a_partner(manager_a, initiative_a, org_b, client_for):
    response = client_for(manager_a).post(
        reverse("cases:role-create", args=[initiative_a.public_id]), role_data(org_b)
    )
    assert "Select a valid choice" in response.content.decode()


def test_peer_worker_dates_are_checked(manager_a, role_a, client_for):
    url = reverse("cases:peer-worker-create", args=[role_a.public_id])
    response = client_for(manager_a).post(
        url,
        {
            "full_name": "Dee Leaver",
            "pseudonym": "P-01-W05",
            "started": "2025-03-01",
            "ended": "2025-01-01",
            "leaving_reason": "health",
        },
    )
    assert "The end date cannot be before the start date." in response.content.decode()
    assert not PeerWorker.objects.filter(full_name="Dee Leaver").exists()


def test_manager_adds_a_peer_worker_and_sees_them_in_the_role(manager_a, role_a, client_for):
    url = reverse("cases:peer-worker-create", args=[role_a.public_id])
    response = client_for(manager_a).post(
        url,
        {
            "full_name": "Newt Starter",
            "pseudonym": "P-01-W07",
            "started": "2025-03-01",
        },
    )
    assert response.status_code == 302
    page = client_for(manager_a).get(reverse("cases:role-detail", args=[role_a.public_id]))
    assert "Newt Starter" in page.content.decode()
