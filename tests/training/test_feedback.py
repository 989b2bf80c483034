"""Only attendees can leave feedback, once each; managers read it without names."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from training import services
from training.models import Attendance, Feedback


@pytest.fixture
def attended(enrolment_a):
    enrolment_a.attendance = Attendance.ATTENDED
    enrolment_a.save()
    return enrolment_a


def test_an_attendee_leaves_feedback(attended, peer_a, programme_a, client_for):
    response = client_for(peer_a).post(
        reverse("training:feedback-create", args=[programme_a.public_id]),
        {"rating": "5", "comment": "Really useful on boundaries."},
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.programme, feedback.author, feedback.rating) == (programme_a, peer_a, 5)


def test_someone_enrolled_who_did_not_attend_is_refused_with_a_reason(
    enrolment_a, peer_a, programme_a, client_for
):
    enrolment_a.attendance = Attendance.ABSENT
    enrolment_a.save()
    response = client_for(peer_a).post(
        reverse("training:feedback-create", args=[programme_a.public_id]), {"rating": "1"}
    )
    assert response.status_code == 403
    assert "Only attendees can leave feedback" in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_manager_who_did_not_attend_cannot_leave_feedback(
    attended, manager_a, programme_a, client_for
):
    response = client_for(manager_a).post(
        reverse("training:feedback-create", args=[programme_a.public_id]), {"rating": "5"}
    )
    assert response.status_code == 403
    assert not Feedback.objects.exists()


def test_outsiders_do_not_learn_the_programme_exists(attended, manager_b, programme_a, client_for):
    response = client_for(manager_b).get(
        reverse("training:feedback-create", args=[programme_a.public_id])
    )
    assert response.status_code == 404


def test_the_service_refuses_non_attendees(programme_a, manager_a):
    with pytest.raises(ValidationError, match="Only people who attended"):
        services.feedback_create(programme=programme_a, author=manager_a, rating=3)


def test_feedback_only_once(attended, peer_a, programme_a):
    services.feedback_create(programme=programme_a, author=peer_a, rating=4)
    with pytest.raises(ValidationError, match="already left feedback"):
        services.feedback_create(programme=programme_a, author=peer_a, rating=2)
    assert Feedback.objects.count() == 1


def test_rating_out_of_range_is_refused(attended, peer_a, programme_a, client_for):
    response = client_for(peer_a).post(
        reverse("training:feedback-create", args=[programme_a.public_id]), {"rating": "6"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Feedback.objects.exists()


def test_managers_read_feedback_without_the_authors_name(
    attended, peer_a, manager_a, programme_a, client_for
):
    services.feedback_create(programme=programme_a, author=peer_a, rating=4, comment="Good pace")
    page = (
        client_for(manager_a)
        .get(reverse("training:programme-detail", args=[programme_a.public_id]))
        .content.decode()
    )
    assert "Good pace" in page
    assert "4 out of 5" in page
    assert peer_a.full_name not in page


def test_supervisors_do_not_see_feedback(attended, peer_a, supervisor_a, programme_a, client_for):
    services.feedback_create(programme=programme_a, author=peer_a, rating=4, comment="Good pace")
    page = (
        client_for(supervisor_a)
        .get(reverse("training:programme-detail", args=[programme_a.public_id]))
        .content.decode()
    )
    assert "Good pace" not in page
