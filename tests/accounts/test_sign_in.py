import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_pages_need_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_sign_in_with_email_case_insensitively(client):
    UserFactory(email="casey@example.org")
    response = client.post(
        reverse("accounts:login"), {"username": "Casey@Example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_wrong_password_is_refused_with_a_clear_message(client):
    UserFactory(email="casey@example.org")
    response = client.post(
        reverse("accounts:login"), {"username": "casey@example.org", "password": "nope"}
    )
    assert response.status_code == 200
    assert "do not match an active account" in response.content.decode()


def test_sign_out_is_a_post(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_reset_sends_an_email_with_a_working_link(client):
    user = UserFactory(email="forgetful@example.org")
    response = client.post(reverse("accounts:password-reset"), {"email": "forgetful@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    path = link.split("testserver", 1)[1]
    page = client.get(path, follow=True)
    assert page.status_code == 200
    new_password = "a-much-longer-new-password-42"
    confirm = client.post(
        page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )
    assert confirm.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_password_change_enforces_the_length_rule(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": "short1!",
            "new_password2": "short1!",
        },
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()


def test_home_fits_the_role(manager_a, peer_worker_a, peer_a, initiative_a, client_for):
    manager_home = client_for(manager_a).get(reverse("home")).content.decode()
    assert "Your initiatives" in manager_home and initiative_a.name in manager_home
    peer_home = client_for(peer_a).get(reverse("home")).content.decode()
    assert "Your peer worker post" in peer_home
    assert "Your initiatives" not in peer_home
