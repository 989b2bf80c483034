"""Phone-sized journey: the peer worker records and submits a session with a private
reflection and an action; the supervisor returns it; after revision the supervisor signs."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from cryptography.fernet import Fernet
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import MembershipRole, PartnerPart, Sector
from supervision.models import SessionStatus, SupervisionSession, SupervisionType
from tests.factories import (
    InitiativeFactory,
    MembershipFactory,
    OrganisationFactory,
    PeerWorkerFactory,
    PeerWorkerRoleFactory,
    UserFactory,
)
from tests.supervision.factories import ArrangementFactory

pytestmark = pytest.mark.browser

REFLECTION = "I held back about my own story; that is mine to think about."


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}}


@pytest.fixture
def people(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PEERWORK_FIELD_KEYS = [Fernet.generate_key().decode()]
    settings.PEERWORK_FIELD_KEY_FILE = None
    organisation = OrganisationFactory(name="Alderbank NHS Trust", sector=Sector.STATUTORY)
    peer = UserFactory(email="peer.phone@example.org", full_name="Pat Peerworker")
    supervisor = UserFactory(email="sup.phone@example.org", full_name="Suki Supervisor")
    MembershipFactory(user=peer, organisation=organisation, role=MembershipRole.PEER_WORKER)
    MembershipFactory(user=supervisor, organisation=organisation, role=MembershipRole.SUPERVISOR)
    initiative = InitiativeFactory(
        partners=[(organisation, PartnerPart.LEAD), (organisation, PartnerPart.EMPLOYER)]
    )
    role = PeerWorkerRoleFactory(initiative=initiative, employer=organisation)
    worker = PeerWorkerFactory(role=role, user=peer, full_name=peer.full_name)
    ArrangementFactory(
        peer_worker=worker,
        supervisor=supervisor,
        supervisor_organisation=organisation,
        supervision_type=SupervisionType.PEER,
        started=dt.date(2024, 3, 1),
    )
    return peer, supervisor


def _switch(page, live_server, login, user):
    page.context.clear_cookies()
    login(page, live_server, user)


def test_record_return_revise_and_sign_on_a_phone(page, live_server, login, people):
    peer, supervisor = people
    login(page, live_server, peer)
    page.goto(f"{live_server.url}/supervision/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a supervision session")

    page.get_by_text("Video", exact=True).click()
    page.get_by_text("Boundaries", exact=True).click()
    page.get_by_label("Shared summary").fill("Talked about boundaries on the ward.")
    page.get_by_label("My private reflection").fill(REFLECTION)
    page.locator("#id_actions-0-text").fill("Ask to join the weekly team meeting")
    due = timezone.localdate() + dt.timedelta(days=14)
    page.locator("#id_actions-0-due_on").fill(due.isoformat())
    page.get_by_role("button", name="Save and send for sign-off").click()

    expect(page.get_by_text("Waiting for sign-off").first).to_be_visible()
    expect(page.get_by_text("Ask to join the weekly team meeting")).to_be_visible()
    detail_url = page.url
    session = SupervisionSession.objects.get()
    assert session.status == SessionStatus.SUBMITTED
    assert session.private_reflection == REFLECTION

    # The supervisor returns it, and never sees the reflection.
    _switch(page, live_server, login, supervisor)
    page.goto(detail_url)
    expect(page.get_by_text("Talked about boundaries on the ward.")).to_be_visible()
    assert REFLECTION not in page.content()
    page.get_by_label("What needs changing").fill("Please add the date we agreed for the course.")
    page.get_by_role("button", name="Return with comment").click()
    expect(page.get_by_text("Returned to the author with your comment.")).to_be_visible()

    # The peer worker revises and resubmits.
    _switch(page, live_server, login, peer)
    page.goto(detail_url)
    expect(page.get_by_test_id("return-comment")).to_contain_text("Please add the date")
    page.get_by_role("link", name="Edit").click()
    expect(page.get_by_label("My private reflection")).to_have_value(REFLECTION)
    page.get_by_label("Shared summary").fill("Talked about boundaries. Course starts 3 March.")
    page.get_by_role("button", name="Save and send for sign-off").click()
    expect(page.get_by_text("Record saved and sent for sign-off.")).to_be_visible()

    # The supervisor signs; the record is locked.
    _switch(page, live_server, login, supervisor)
    page.goto(detail_url)
    page.get_by_role("button", name="Sign this record").click()
    expect(page.get_by_text(re.compile("signed by both and locked"))).to_be_visible()
    session.refresh_from_db()
    assert session.status == SessionStatus.SIGNED
    assert session.shared_summary == "Talked about boundaries. Course starts 3 March."
    assert page.evaluate("window.innerWidth") == 390
