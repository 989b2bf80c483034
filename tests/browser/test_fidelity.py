"""Two researchers rate the same interview blind, resolve their disagreement, and see the
site's domain score in the comparison, beside the framework matrix and in the trajectory."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from fidelity.models import Consensus, InformantType
from tests.fidelity.factories import InterviewFactory, ResearcherFactory, WaveFactory, items_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def rate_in_browser(page, scores: dict[int, int], *, note: str = "") -> None:
    for item_id, score in scores.items():
        page.locator(f"input[name='score_{item_id}'][value='{score}']").check()
    if note:
        page.locator(f"textarea[name='note_{next(iter(scores))}']").fill(note)
    page.get_by_role("button", name="Submit rating").click()
    expect(page.locator(".alert-success")).to_contain_text("Rating submitted")


def test_two_researchers_rate_blind_agree_and_see_the_score(
    page, browser, live_server, login, initiative_a, settings
):
    settings.PEERWORK_SUPPRESSION_THRESHOLD = 1
    first = ResearcherFactory(email="first@example.org", full_name="Fran First")
    second = ResearcherFactory(email="second@example.org", full_name="Sol Second")
    wave = WaveFactory(name="Wave B", starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2024, 6, 30))
    interview = InterviewFactory(
        wave=wave,
        initiative=initiative_a,
        informant_type=InformantType.PEER_WORKER,
        reference="P-01-PW",
    )
    items = items_for(interview)
    interview_url = f"{live_server.url}/fidelity/interviews/{interview.public_id}/"

    login(page, live_server, first)
    page.goto(interview_url)
    page.get_by_role("button", name="Rate this interview").click()
    rate_in_browser(page, {item.pk: 3 for item in items}, note="Talks openly about recovery")

    other = browser.new_context().new_page()
    login(other, live_server, second)
    other.goto(interview_url)
    expect(other.get_by_text("Talks openly about recovery")).to_have_count(0)
    other.get_by_role("button", name="Rate as the second (blind) rater").click()
    expect(other.get_by_text("Talks openly about recovery")).to_have_count(0)
    scores = {item.pk: 3 for item in items}
    scores[items[0].pk] = 1
    rate_in_browser(other, scores)

    expect(other.get_by_role("heading", name="Both ratings")).to_be_visible()
    expect(other.get_by_text("Talks openly about recovery")).to_be_visible()
    expect(other.get_by_text("1 item differs.")).to_be_visible()
    other.locator(f"input[name='score_{items[0].pk}'][value='2']").check()
    other.get_by_role("button", name="Record the consensus").click()
    expect(other.locator(".alert-success")).to_contain_text("Consensus recorded")
    consensus = Consensus.objects.get(interview=interview)
    assert consensus.scores.get(item=items[0]).score == 2

    # Trust: items T1 (agreed 2), T2 (3), T3 (3) → 2.67.
    other.goto(f"{live_server.url}/fidelity/waves/{wave.public_id}/comparison/")
    expect(other.locator("table").first).to_contain_text("2.67")
    other.goto(f"{live_server.url}/fidelity/matrix/")
    expect(other.locator("tr[data-initiative='P-01'] td[data-domain='trust']")).to_have_text("2.67")
    other.goto(f"{live_server.url}/fidelity/trajectories/")
    expect(other.locator("svg[aria-labelledby^='fidelity-trajectories']")).to_contain_text("P-01")
    expect(other.get_by_text("trust 2.67")).to_be_visible()
