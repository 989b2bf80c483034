"""A record's history for the people who manage it, and the administrators' log search."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from peerwork.lib.audit import history_for
from tests.factories import InitiativeFactory
from tests.trust.helpers import client_as


@pytest.mark.django_db
def test_managers_of_the_record_see_its_history_and_nobody_else_does(
    personas, initiative_a, peer_worker_a
):
    initiative_a.name = "Renamed"
    initiative_a.save()
    expected = {
        "manager_a": True,
        "administrator": True,
        "manager_b": False,
        "supervisor_a": False,
        "peer_a": False,
        "researcher": False,
    }
    for name, sees in expected.items():
        user = personas[name]
        assert bool(history_for(initiative_a, user)) is sees, name
        assert bool(history_for(peer_worker_a, user)) is sees, name
        assert bool(history_for(peer_worker_a.role, user)) is sees, name


@pytest.mark.django_db
def test_history_include_renders_changes_newest_first(manager_a, initiative_a):
    initiative_a.name = "Renamed <b>bold</b>"
    initiative_a.save()
    request = RequestFactory().get("/")
    request.user = manager_a
    html = render_to_string(
        "includes/history.html", {"history": history_for(initiative_a, manager_a)}, request
    )
    assert "History" in html
    assert "Alderbank ward peers → Renamed &lt;b&gt;bold&lt;/b&gt;" in html
    assert html.index("Renamed") < html.lower().index("create")
    from django.template import Context, Template

    tag_html = Template("{% load peerwork_audit %}{% record_history initiative %}").render(
        Context({"initiative": initiative_a, "request": request})
    )
    assert "Renamed &lt;b&gt;" in tag_html
    assert "History" not in render_to_string("includes/history.html", {"history": []})


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("manager_a", 403),
        ("manager_b", 403),
        ("supervisor_a", 403),
        ("peer_a", 403),
        ("researcher", 403),
        ("administrator", 200),
    ],
)
@pytest.mark.django_db
def test_audit_log_page_is_for_administrators_only(personas, persona, status):
    response = client_as(personas[persona]).get(reverse("audit:log"))
    assert response.status_code == status


@pytest.mark.django_db
def test_audit_log_filters_by_actor_model_date_and_text(administrator, manager_a, org_a):
    from auditlog.context import set_actor

    with set_actor(manager_a):
        InitiativeFactory(name="Harbour crisis peers", partners=[(org_a, "lead")])
    InitiativeFactory(name="Quayside peers")
    client = client_as(administrator)
    page = client.get(reverse("audit:log"), {"actor": "manager.a@"})
    names = [entry.object_repr for entry, _rows in page.context["entries"]]
    assert "Harbour crisis peers" in names and "Quayside peers" not in names
    page = client.get(reverse("audit:log"), {"text": "quayside"})
    names = {entry.object_repr for entry, _rows in page.context["entries"]}
    assert "Quayside peers" in names and all("Quayside" in name for name in names)
    from django.contrib.contenttypes.models import ContentType

    from cases.models import Initiative

    content_type = ContentType.objects.get_for_model(Initiative)
    page = client.get(reverse("audit:log"), {"model": content_type.pk})
    assert {entry.content_type_id for entry, _rows in page.context["entries"]} == {content_type.pk}
    page = client.get(reverse("audit:log"), {"date_from": "2000-01-01", "date_to": "2000-01-02"})
    assert page.context["entries"] == []
    page = client.get(reverse("audit:log"), {"date_from": "2001-01-02", "date_to": "2000-01-01"})
    assert page.status_code == 200
    assert "must be on or before" in page.content.decode()


@pytest.mark.django_db
def test_audit_log_page_query_count_does_not_grow(administrator, django_assert_num_queries):
    client = client_as(administrator)
    client.get(reverse("audit:log"))  # warm the session and content type caches

    def count_queries():
        # session, user, OTP device, COUNT(*) of entries, one page of entries with actor and
        # content type joined, the user's memberships (navigation of the organisation apps)
        with django_assert_num_queries(6):
            response = client.get(reverse("audit:log"))
        assert response.status_code == 200
        return response

    count_queries()
    for index in range(26):  # each adds two entries (initiative, partner)
        InitiativeFactory(name=f"Initiative {index}")
    response = count_queries()
    assert len(response.context["entries"]) == 50
    assert LogEntry.objects.count() > 52
