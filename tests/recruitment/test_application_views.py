"""Application pages: history, moves (including a second manager's stale move), appointing,
interview scores."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from cases.models import PeerWorker
from recruitment import services
from recruitment.models import Application, Score, Stage
from tests.factories import MembershipFactory, UserFactory
from tests.recruitment.factories import application_at


def test_application_page_shows_its_history(campaign_a, manager_a, client_for):
    application = application_at(campaign_a, Stage.INTERVIEW, by=manager_a, name="Hana History")
    response = client_for(manager_a).get(
        reverse("recruitment:application-detail", args=[application.public_id])
    )
    history = response.context["history"]
    assert [(c.from_stage, c.to_stage) for c in history] == [
        ("", Stage.APPLIED),
        (Stage.APPLIED, Stage.SHORTLISTED),
        (Stage.SHORTLISTED, Stage.INTERVIEW),
    ]
    content = response.content.decode()
    assert "Mina Manager" in content  # who moved it
    assert "Every change of stage" in content


def test_move_form_offers_only_allowed_stages(campaign_a, manager_a, client_for):
    application = application_at(campaign_a, Stage.SHORTLISTED, by=manager_a)
    response = client_for(manager_a).get(
        reverse("recruitment:application-detail", args=[application.public_id])
    )
    form = response.context["move_form"]
    forward, (group, ending) = form.fields["to_stage"].widget.choices
    assert forward[0] == Stage.INTERVIEW
    assert group == "End the application"
    assert [value for value, _ in ending] == [Stage.WITHDRAWN, Stage.NOT_APPOINTED]
    assert form.initial["to_stage"] == Stage.INTERVIEW  # the forward step is the default


def test_at_checks_ending_needs_an_explicit_choice_and_a_blank_post_ends_nothing(
    campaign_a, manager_a, client_for
):
    application = application_at(campaign_a, Stage.CHECKS, by=manager_a)
    client = client_for(manager_a)
    response = client.get(reverse("recruitment:application-detail", args=[application.public_id]))
    form = response.context["move_form"]
    assert form.ends_only and form.initial["to_stage"] == ""
    assert [value for value, _ in form.fields["to_stage"].widget.choices] == [
        "",
        Stage.WITHDRAWN,
        Stage.NOT_APPOINTED,
    ]
    response = client.post(
        reverse("recruitment:application-move", args=[application.public_id]),
        {"to_stage": "", "end_reason": "", "note": "", "version": application.version},
    )
    assert "Choose the next stage, or how the application ends." in response.content.decode()
    application.refresh_from_db()
    assert application.stage == Stage.CHECKS


def test_board_move_uses_the_same_rules_and_history(campaign_a, manager_a, client_for):
    application = application_at(campaign_a, Stage.APPLIED, by=manager_a)
    client = client_for(manager_a)
    url = reverse("recruitment:application-move", args=[application.public_id])
    board = reverse("recruitment:campaign-board", args=[campaign_a.public_id])
    skip = client.post(
        url, {"from": "board", "to_stage": "offered", "version": application.version}
    )
    assert skip.status_code == 302 and skip["Location"] == board
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED  # skipping steps is refused on the board too
    moved = client.post(
        url, {"from": "board", "to_stage": "shortlisted", "version": application.version}
    )
    assert moved["Location"] == board
    application.refresh_from_db()
    assert application.stage == Stage.SHORTLISTED
    assert application.stage_changes.filter(
        to_stage=Stage.SHORTLISTED, changed_by=manager_a
    ).exists()


def test_appointment_links_to_the_new_peer_worker(campaign_a, manager_a, client_for):
    from tests.recruitment.factories import appoint

    application = application_at(campaign_a, Stage.CHECKS, by=manager_a)
    peer_worker = appoint(application, by=manager_a)
    body = (
        client_for(manager_a)
        .get(reverse("recruitment:application-detail", args=[application.public_id]))
        .content.decode()
    )
    role_url = reverse("cases:role-detail", args=[campaign_a.role.public_id])
    assert f'href="{role_url}#peer-worker-{peer_worker.public_id}"' in body


def test_skipping_steps_by_a_crafted_post_is_refused_with_a_message(
    campaign_a, manager_a, client_for
):
    application = application_at(campaign_a, Stage.APPLIED, by=manager_a)
    response = client_for(manager_a).post(
        reverse("recruitment:application-move", args=[application.public_id]),
        {"to_stage": Stage.APPOINTED, "version": application.version},
    )
    assert response.status_code == 200
    assert "steps cannot be skipped" in response.content.decode()
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


def test_withdrawing_without_a_reason_keeps_the_note(campaign_a, manager_a, client_for):
    application = application_at(campaign_a, Stage.APPLIED, by=manager_a)
    response = client_for(manager_a).post(
        reverse("recruitment:application-move", args=[application.public_id]),
        {"to_stage": Stage.WITHDRAWN, "note": "Phoned on Monday", "version": application.version},
    )
    content = response.content.decode()
    assert "Choose why the application ended" in content
    assert "Phoned on Monday" in content
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


def test_two_managers_move_at_once_and_the_second_is_told(campaign_a, manager_a, org_a, client_for):
    colleague = UserFactory(full_name="Colin Colleague")
    MembershipFactory(user=colleague, organisation=org_a, role="service_manager")
    application = application_at(campaign_a, Stage.SHORTLISTED, by=manager_a)
    url = reverse("recruitment:application-move", args=[application.public_id])
    loaded = application.version  # both opened the page at this version

    first = client_for(manager_a).post(url, {"to_stage": Stage.INTERVIEW, "version": loaded})
    second = client_for(colleague).post(
        url,
        {
            "to_stage": Stage.NOT_APPOINTED,
            "end_reason": "criteria_not_met",
            "note": "Colin's note",
            "version": loaded,
        },
    )

    assert first.status_code == 302
    assert second.status_code == 200
    content = second.content.decode()
    assert "changed by someone else" in content
    assert "Colin&#x27;s note" in content or "Colin's note" in content
    application.refresh_from_db()
    assert application.stage == Stage.INTERVIEW
    assert not application.stage_changes.filter(changed_by=colleague).exists()


def test_appointing_through_the_page_creates_the_peer_worker(
    campaign_a, manager_a, role_a, client_for
):
    application = application_at(campaign_a, Stage.CHECKS, by=manager_a, name="Nia Newhire")
    client = client_for(manager_a)
    response = client.post(
        reverse("recruitment:application-appoint", args=[application.public_id]),
        {"started": "2025-03-03", "full_name": "Nia Newhire", "version": application.version},
        follow=True,
    )
    assert "is appointed and now a peer worker" in response.content.decode()
    peer_worker = PeerWorker.objects.get(role=role_a, full_name="Nia Newhire")
    assert Application.objects.get(pk=application.pk).peer_worker == peer_worker
    campaign_page = client.get(reverse("recruitment:campaign-detail", args=[campaign_a.public_id]))
    assert "Nia Newhire" in campaign_page.content.decode()
    assert "Filled" in campaign_page.content.decode()


def test_appointing_twice_through_the_page_is_refused(campaign_a, manager_a, client_for):
    campaign_a.vacancies = 2
    campaign_a.save()
    application = application_at(campaign_a, Stage.CHECKS, by=manager_a)
    url = reverse("recruitment:application-appoint", args=[application.public_id])
    data = {"started": "2025-03-03", "full_name": "Once Only", "version": application.version}
    client = client_for(manager_a)
    client.post(url, data)
    again = client.post(url, data)
    assert "cannot be appointed twice" in again.content.decode()
    assert PeerWorker.objects.filter(full_name="Once Only").count() == 1


def test_interview_is_recorded_with_its_panel(campaign_a, manager_a, client_for):
    application = application_at(campaign_a, Stage.INTERVIEW, by=manager_a)
    response = client_for(manager_a).post(
        reverse("recruitment:interview-create", args=[application.public_id]),
        {
            "held_on": "2025-02-10",
            "outcome": "pending",
            "panel-TOTAL_FORMS": "3",
            "panel-INITIAL_FORMS": "0",
            "panel-MIN_NUM_FORMS": "0",
            "panel-MAX_NUM_FORMS": "8",
            "panel-0-name": "Mina Manager",
            "panel-0-perspective": "manager",
            "panel-1-name": "Pat Peer",
            "panel-1-perspective": "peer_worker",
            "panel-2-name": "",
            "panel-2-perspective": "",
        },
    )
    interview = application.interviews.get()
    assert response.url == reverse("recruitment:interview-detail", args=[interview.public_id])
    assert interview.has_peer_on_panel
    assert sorted(interview.panel.values_list("name", flat=True)) == ["Mina Manager", "Pat Peer"]


def test_score_outside_the_scale_is_refused_on_the_page(campaign_a, manager_a, client_for):
    application = application_at(campaign_a, Stage.INTERVIEW, by=manager_a)
    interview = services.interview_create(
        application=application, held_on=dt.date(2025, 2, 10), panel=[("Mina", "manager")]
    )
    member = interview.panel.get()
    first, second = campaign_a.criteria.order_by("position")
    response = client_for(manager_a).post(
        reverse("recruitment:interview-detail", args=[interview.public_id]),
        {
            "outcome": "appointable",
            f"score_{member.pk}_{first.pk}": "3",
            f"score_{member.pk}_{second.pk}": "7",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Scores run from 0 to 4." in content
    assert 'value="7"' in content
    assert not Score.objects.exists()


def test_scores_are_saved_from_the_page(campaign_a, manager_a, client_for):
    application = application_at(campaign_a, Stage.INTERVIEW, by=manager_a)
    interview = services.interview_create(
        application=application, held_on=dt.date(2025, 2, 10), panel=[("Mina", "manager")]
    )
    member = interview.panel.get()
    first, second = campaign_a.criteria.order_by("position")
    client_for(manager_a).post(
        reverse("recruitment:interview-detail", args=[interview.public_id]),
        {
            "outcome": "appointable",
            f"score_{member.pk}_{first.pk}": "3",
            f"score_{member.pk}_{second.pk}": "4",
        },
    )
    assert sorted(Score.objects.values_list("score", flat=True)) == [3, 4]
    interview.refresh_from_db()
    assert interview.outcome == "appointable"


def test_erased_application_shows_no_personal_data(campaign_a, manager_a, client_for):
    application = application_at(campaign_a, Stage.APPLIED, by=manager_a, name="Gone Person")
    Application.objects.filter(pk=application.pk).update(
        full_name="", email="", erased=dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    )
    content = (
        client_for(manager_a)
        .get(reverse("recruitment:application-detail", args=[application.public_id]))
        .content.decode()
    )
    assert "Gone Person" not in content and "someone@example.org" not in content
    assert "Erased applicant" in content
