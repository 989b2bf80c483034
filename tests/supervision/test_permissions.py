"""Every supervision URL × every persona → expected status.

Parties (the peer worker and their supervisor) read records; the manager of the employing
organisation and the administrator see dates only (record pages render without content, and
everything that reads or changes content is 403); outsiders get 404; researchers have no
standing here at all.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from supervision.models import SessionStatus
from tests.supervision.factories import ActionFactory, SessionFactory

PERSONAS = ["peer_a", "supervisor_a", "manager_a", "manager_b", "researcher", "administrator"]

GET_MATRIX = {
    # url name: statuses in PERSONAS order
    "session-list": [200, 200, 200, 200, 403, 403],
    "session-create": [200, 200, 200, 200, 403, 403],
    "supervisor-dashboard": [403, 200, 200, 200, 403, 403],
    "oversight": [403, 403, 200, 200, 403, 200],
    "read-log": [200, 200, 200, 200, 403, 403],
    "export-csv": [200, 200, 200, 200, 403, 403],
    "export-print": [200, 200, 200, 200, 403, 403],
    "arrangement-create": [403, 403, 200, 200, 403, 200],
    "arrangement-create-many": [403, 403, 200, 200, 403, 200],
    "arrangement-detail": [200, 200, 200, 404, 404, 200],
    "session-detail": [200, 200, 200, 404, 404, 200],
    "session-update": [200, 200, 403, 404, 404, 403],
}
POST_MATRIX = {
    "session-submit": [302, 302, 403, 404, 404, 403],
    "session-sign": [302, 302, 403, 404, 404, 403],
    "session-return": [302, 302, 403, 404, 404, 403],
    "session-addendum": [302, 302, 403, 404, 404, 403],
    "session-reflection": [302, 302, 403, 404, 404, 403],
    "action-toggle": [302, 302, 403, 404, 404, 403],
}


@pytest.fixture
def record(arrangement_a, peer_a):
    session = SessionFactory(arrangement=arrangement_a, author=peer_a, status=SessionStatus.DRAFT)
    session.first_action = ActionFactory(session=session)
    return session


def _url(name: str, record) -> str:
    if name.startswith("session-") and name not in ("session-list", "session-create"):
        return reverse(f"supervision:{name}", args=[record.public_id])
    if name == "arrangement-detail":
        return reverse(f"supervision:{name}", args=[record.arrangement.public_id])
    if name == "action-toggle":
        return reverse(f"supervision:{name}", args=[record.first_action.public_id])
    return reverse(f"supervision:{name}")


GET_CASES = [
    (name, persona, expected)
    for name, statuses in GET_MATRIX.items()
    for persona, expected in zip(["anonymous", *PERSONAS], [302, *statuses], strict=True)
]
POST_CASES = [
    (name, persona, expected)
    for name, statuses in POST_MATRIX.items()
    for persona, expected in zip(["anonymous", *PERSONAS], [302, *statuses], strict=True)
]


@pytest.mark.parametrize(("name", "persona", "expected"), GET_CASES)
def test_get_matrix(name, persona, expected, personas, record, client_for):
    response = client_for(personas[persona]).get(_url(name, record))

    assert response.status_code == expected
    if persona == "anonymous":
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize(("name", "persona", "expected"), POST_CASES)
def test_post_matrix(name, persona, expected, personas, record, client_for):
    response = client_for(personas[persona]).post(_url(name, record), {"comment": "c", "text": "t"})

    assert response.status_code == expected
    if persona == "anonymous":
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    elif expected == 302:
        assert response["Location"].startswith("/supervision/")


@pytest.mark.parametrize("name", list(POST_MATRIX))
def test_post_only_urls_refuse_get(name, personas, record, client_for):
    assert client_for(personas["peer_a"]).get(_url(name, record)).status_code == 405


def test_unknown_and_malformed_ids_are_404(peer_a, client_for):
    client = client_for(peer_a)
    assert (
        client.get("/supervision/sessions/00000000-0000-0000-0000-000000000000/").status_code == 404
    )
    assert client.get("/supervision/sessions/not-a-uuid/").status_code == 404
