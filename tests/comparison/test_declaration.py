"""A manager states what the records cannot say: saving, "not known" against "none", stale
edits, disagreements with the records, and the profile card that reads it all back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from comparison.models import PracticeDeclaration, PracticeProfile
from comparison.vocabularies import SupportModel
from tests.formparse import form_data
from tests.supervision.factories import ArrangementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(initiative_a):
    return reverse("comparison:declaration-edit", args=[initiative_a.public_id])


def _declaration_form(html: str) -> dict:
    """The declaration form's fields as a browser would submit them (the page's other forms,
    such as signing out, are skipped)."""
    for index in range(5):
        data = form_data(html, form_index=index)
        if "aims" in data:
            return data
    raise AssertionError("no declaration form on the page")


def _rendered(client, url) -> dict:
    return _declaration_form(client.get(url).content.decode())


def test_a_new_declaration_starts_as_not_known_everywhere(manager_a, client_for, url):
    data = _rendered(client_for(manager_a), url)
    for name in ("aims", "informal_recruitment", "ongoing_support"):
        assert data[name] == ["not_known"], name


def test_saving_the_form_unchanged_records_not_known_not_none(
    manager_a, client_for, url, initiative_a, django_capture_on_commit_callbacks
):
    client = client_for(manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _rendered(client, url))
    assert response.status_code == 302
    declaration = PracticeDeclaration.objects.get(initiative=initiative_a)
    assert (declaration.aims, declaration.ongoing_support) == (None, None)
    # Saving again unchanged changes nothing, not even the version.
    version = declaration.version
    client.post(url, _rendered(client, url))
    declaration.refresh_from_db()
    assert declaration.version == version


def test_informal_support_is_saved_and_read_back_on_the_card(
    manager_a, client_for, url, initiative_a, django_capture_on_commit_callbacks
):
    client = client_for(manager_a)
    data = _rendered(client, url)
    data["ongoing_support"] = [SupportModel.INFORMAL_ONE_TO_ONE, SupportModel.PEER_NETWORK]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, follow=True)
    assert "Practice saved." in response.content.decode()
    assert PracticeDeclaration.objects.get(initiative=initiative_a).ongoing_support == [
        "informal_one_to_one",
        "peer_network",
    ]
    card = response.content.decode()
    assert "Informal one-to-one support as needed" in card
    assert "peer support network" in card.lower()
    # The current quarter's profile followed the commit.
    profile = PracticeProfile.objects.get(initiative=initiative_a)
    assert profile.ongoing_support == {"informal_one_to_one": True, "peer_network": True}


def test_none_of_these_is_kept_apart_from_not_known(manager_a, client_for, url, initiative_a):
    client = client_for(manager_a)
    data = _rendered(client, url)
    data["ongoing_support"] = ["none"]
    client.post(url, data)
    assert PracticeDeclaration.objects.get(initiative=initiative_a).ongoing_support == []
    assert _rendered(client, url)["ongoing_support"] == ["none"]


def test_not_known_with_an_answer_is_refused_and_the_answers_are_kept(
    manager_a, client_for, url, initiative_a
):
    client = client_for(manager_a)
    data = _rendered(client, url)
    data["ongoing_support"] = ["not_known", SupportModel.PEER_NETWORK]
    data["aims"] = ["inclusion"]
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "“Not known” cannot be combined with other answers." in page
    assert not PracticeDeclaration.objects.filter(initiative=initiative_a).exists()
    # What the manager ticked is still ticked.
    again = _declaration_form(page)
    assert again["aims"] == ["inclusion"]


def test_a_stale_edit_is_refused_without_overwriting(manager_a, client_for, url, initiative_a):
    client = client_for(manager_a)
    client.post(url, _rendered(client, url))
    first_tab = _rendered(client, url)
    second_tab = _rendered(client, url)
    second_tab["ongoing_support"] = [SupportModel.REFLECTIVE_GROUP]
    assert client.post(url, second_tab).status_code == 302

    first_tab["ongoing_support"] = [SupportModel.PEER_NETWORK]
    response = client.post(url, first_tab)
    assert response.status_code == 200
    assert "changed" in response.content.decode().lower()
    assert PracticeDeclaration.objects.get(initiative=initiative_a).ongoing_support == [
        "reflective_group"
    ]


def test_declaring_no_formal_supervision_beside_arrangements_is_shown_as_a_disagreement(
    manager_a, client_for, url, initiative_a, peer_worker_a, django_capture_on_commit_callbacks
):
    ArrangementFactory(peer_worker=peer_worker_a, started=dt.date(2024, 1, 8))
    client = client_for(manager_a)
    data = _rendered(client, url)
    data["formal_supervision"] = "no"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)

    for page in (
        client.get(reverse("comparison:initiative-profile", args=[initiative_a.public_id])),
        client.get(url),
    ):
        text = page.content.decode()
        assert "Records show 1 active supervision arrangement(s)" in text
    # Neither side was overwritten: the declaration says no, the record stays.
    assert PracticeDeclaration.objects.get(initiative=initiative_a).formal_supervision == "no"
    assert peer_worker_a.supervision_arrangements.count() == 1


def test_the_card_prompts_for_what_is_not_known(manager_a, client_for, initiative_a):
    page = client_for(manager_a).get(
        reverse("comparison:initiative-profile", args=[initiative_a.public_id])
    )
    assert page.status_code == 200
    assert page.context["card"].prompts, "an empty declaration leaves facts to complete"
    assert "Describe your practice" in page.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("manager_b", 404), ("researcher", 404), ("peer_a", 403), ("supervisor_a", 403)],
)
def test_only_the_initiatives_managers_may_declare(personas, client_for, url, persona, status):
    client = client_for(personas[persona])
    assert client.get(url).status_code == status
    assert client.post(url, {"aims": ["inclusion"]}).status_code == status
    assert not PracticeDeclaration.objects.exists()
