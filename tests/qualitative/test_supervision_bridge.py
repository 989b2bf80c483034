"""The consent bridge against the real supervision models.

Only the worker's own, signed sessions are offered, and only their shared summary is read.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from qualitative import selectors
from qualitative.models import SupervisionOffer
from tests.supervision import factories as supervision_factories

pytestmark = pytest.mark.django_db

SUMMARY = "We discussed boundaries with the people I support and agreed a plan."
PRIVATE = "Honestly I am exhausted and thinking of leaving."


@pytest.fixture(autouse=True)
def field_keys(settings):
    from cryptography.fernet import Fernet

    settings.PEERWORK_FIELD_KEYS = [Fernet.generate_key().decode()]
    settings.PEERWORK_FIELD_KEY_FILE = None


@pytest.fixture
def signed_session(peer_worker_a, supervisor_a, org_a):
    arrangement = supervision_factories.ArrangementFactory(
        peer_worker=peer_worker_a, supervisor=supervisor_a, supervisor_organisation=org_a
    )
    supervision_factories.SessionFactory(
        arrangement=arrangement, status="draft", shared_summary="Draft summary not agreed yet."
    )
    return supervision_factories.SessionFactory(
        arrangement=arrangement, status="signed", shared_summary=SUMMARY, private_reflection=PRIVATE
    )


def test_only_signed_shared_summaries_of_the_worker_are_offered(signed_session, peer_worker_a):
    other_session = supervision_factories.SessionFactory(
        status="signed", shared_summary="Someone else's."
    )
    sessions = selectors.shared_sessions_for(peer_worker_a)
    assert [(s.public_id, s.shared_summary) for s in sessions] == [
        (signed_session.public_id, SUMMARY)
    ]
    assert not hasattr(sessions[0], "private_reflection")
    assert selectors.shared_session_for(peer_worker_a, other_session.public_id) is None


def test_private_reflection_of_a_real_session_cannot_be_offered(client_for, peer_a, signed_session):
    url = reverse("qualitative:sharing-offer", args=[signed_session.public_id])
    response = client_for(peer_a).post(url, {"passage": PRIVATE, "action": "confirm"})
    assert response.status_code == 400
    assert PRIVATE not in client_for(peer_a).get(url).content.decode()
    assert not SupervisionOffer.objects.exists()


def test_passage_of_a_real_shared_summary_is_offered(client_for, peer_a, signed_session):
    url = reverse("qualitative:sharing-offer", args=[signed_session.public_id])
    response = client_for(peer_a).post(url, {"passage": "agreed a plan", "action": "confirm"})
    assert response.status_code == 302
    offer = SupervisionOffer.objects.get()
    assert offer.session_public_id == signed_session.public_id
    assert offer.session_date == signed_session.held_on
    assert offer.source.text == "agreed a plan"


def test_supervisors_name_is_replaced_in_what_is_shared(
    client_for, peer_a, supervisor_a, signed_session
):
    signed_session.shared_summary = f"{supervisor_a.full_name} suggested a peer network."
    signed_session.save(update_fields=["shared_summary"])
    url = reverse("qualitative:sharing-offer", args=[signed_session.public_id])
    client_for(peer_a).post(url, {"passage": signed_session.shared_summary, "action": "confirm"})
    assert SupervisionOffer.objects.get().source.text == "[supervisor] suggested a peer network."
