import pytest
from django.urls import reverse

from cases.models import Context, Initiative, PartnerPart
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def partner_data(*pairs, prefix="partners"):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(pairs)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, (organisation, part) in enumerate(pairs):
        data[f"{prefix}-{index}-organisation"] = str(organisation.pk)
        data[f"{prefix}-{index}-part"] = part
    return data


def test_manager_creates_a_partnership_initiative(manager_a, org_a, org_b, client_for):
    data = {
        "name": "Ward peers with Beacon",
        "research_code": "P-31",
        "status": "planning",
        "started": "2025-04-01",
        **partner_data((org_a, PartnerPart.HOST), (org_b, PartnerPart.EMPLOYER)),
    }
    response = client_for(manager_a).post(reverse("cases:initiative-create"), data)
    initiative = Initiative.objects.get(research_code="P-31")
    assert response.status_code == 302
    assert response.url == reverse("cases:initiative-detail", args=[initiative.public_id])
    assert initiative.context == Context.PARTNERSHIP
    assert initiative.partners.count() == 2


def test_bad_input_redisplays_with_errors_and_saves_nothing(manager_a, org_a, client_for):
    data = {
        "name": "Keep this name",
        "research_code": "P7",
        "status": "planning",
        "started": "not a date",
        **partner_data((org_a, PartnerPart.LEAD)),
    }
    response = client_for(manager_a).post(reverse("cases:initiative-create"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Use the form P-07." in body
    assert "Enter a valid date." in body
    assert 'value="Keep this name"' in body
    assert not Initiative.objects.filter(name="Keep this name").exists()


def test_initiative_must_include_one_of_the_managers_organisations(manager_a, client_for):
    stranger = OrganisationFactory()
    data = {
        "name": "Not mine",
        "research_code": "P-32",
        "status": "planning",
        "started": "",
        **partner_data((stranger, PartnerPart.LEAD)),
    }
    response = client_for(manager_a).post(reverse("cases:initiative-create"), data)
    assert response.status_code == 200
    assert "must be an organisation you manage" in response.content.decode()
    assert not Initiative.objects.filter(research_code="P-32").exists()


def test_initiative_needs_a_partner(manager_a, client_for):
    data = {"name": "No partners", "research_code": "P-33", "status": "planning", **partner_data()}
    response = client_for(manager_a).post(reverse("cases:initiative-create"), data)
    assert "Add at least one partner organisation." in response.content.decode()
    assert not Initiative.objects.filter(research_code="P-33").exists()


def test_duplicate_partner_rows_are_refused(manager_a, org_a, client_for):
    data = {
        "name": "Twice",
        "research_code": "P-34",
        "status": "planning",
        **partner_data((org_a, PartnerPart.LEAD), (org_a, PartnerPart.LEAD)),
    }
    response = client_for(manager_a).post(reverse("cases:initiative-create"), data)
    assert "is listed twice" in response.content.decode()
    assert not Initiative.objects.filter(research_code="P-34").exists()


def test_a_stale_edit_is_refused_without_overwriting(manager_a, initiative_a, org_a, client_for):
    url = reverse("cases:initiative-update", args=[initiative_a.public_id])
    loaded_version = initiative_a.version
    base = {
        "research_code": "P-01",
        "status": "active",
        "started": "2024-01-01",
        **partner_data((org_a, PartnerPart.LEAD)),
    }
    first = client_for(manager_a).post(
        url, {**base, "name": "First edit", "version": loaded_version}
    )
    assert first.status_code == 302
    second = client_for(manager_a).post(
        url, {**base, "name": "Second edit", "version": loaded_version}
    )
    assert second.status_code == 200
    body = second.content.decode()
    assert "Someone else changed this record" in body
    assert 'value="Second edit"' in body  # what the user typed is kept
    initiative_a.refresh_from_db()
    assert initiative_a.name == "First edit"


def test_detail_shows_partners_roles_and_context(manager_a, initiative_a, role_a, client_for):
    response = client_for(manager_a).get(
        reverse("cases:initiative-detail", args=[initiative_a.public_id])
    )
    body = response.content.decode()
    assert initiative_a.name in body
    assert role_a.title in body
    assert "Statutory" in body


def test_a_submission_asking_for_thousands_of_partner_rows_is_refused_unbuilt(
    manager_a, org_a, client_for
):
    # The row count is the client's to say: the formset builds at most absolute_max rows.
    data = {
        "name": "Too many rows",
        "research_code": "P-33",
        "status": "planning",
        "started": "2025-04-01",
        **partner_data((org_a, PartnerPart.LEAD)),
        "partners-TOTAL_FORMS": "99999",
    }
    response = client_for(manager_a).post(reverse("cases:initiative-create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Please submit at most 50 forms." in body
    assert 'name="partners-49-part"' in body
    assert 'name="partners-50-part"' not in body
    assert not Initiative.objects.filter(name="Too many rows").exists()
