import pytest
from django.core.management import call_command

from accounts.models import User
from cases.models import Context, ImplementationMilestone, Initiative, PeerWorker

pytestmark = pytest.mark.django_db

PERSONA_EMAILS = [
    "manager@demo.peerwork",
    "manager2@demo.peerwork",
    "supervisor@demo.peerwork",
    "peer@demo.peerwork",
    "researcher@demo.peerwork",
    "admin@demo.peerwork",
]


def test_seed_demo_builds_the_landscape_and_is_safe_to_run_twice(capsys):
    call_command("seed_demo")
    counts = (
        Initiative.objects.count(),
        PeerWorker.objects.count(),
        ImplementationMilestone.objects.count(),
        User.objects.count(),
    )
    call_command("seed_demo")
    assert (
        Initiative.objects.count(),
        PeerWorker.objects.count(),
        ImplementationMilestone.objects.count(),
        User.objects.count(),
    ) == counts
    assert counts[0] >= 10
    assert set(Initiative.objects.values_list("context", flat=True)) == {c.value for c in Context}
    for email in PERSONA_EMAILS:
        assert User.objects.get(email=email).check_password("demo-peerwork")
    output = capsys.readouterr().out
    assert all(email in output for email in PERSONA_EMAILS)


def test_demo_managers_do_not_share_initiatives():
    call_command("seed_demo")
    manager = User.objects.get(email="manager@demo.peerwork")
    manager2 = User.objects.get(email="manager2@demo.peerwork")
    assert not set(Initiative.objects.visible_to(manager)) & set(
        Initiative.objects.visible_to(manager2)
    )
    assert PeerWorker.objects.filter(user__email="peer@demo.peerwork").exists()
