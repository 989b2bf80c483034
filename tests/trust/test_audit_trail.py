"""The audit trail: what is recorded, what is redacted, who made the change."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import ImplementationMilestone, Initiative
from peerwork.lib.audit import REDACTED, log_read
from tests.factories import ImplementationMilestoneFactory, InitiativeFactory
from tests.trust.helpers import verified_client

SECRET = "I felt unsafe in the team meeting on Tuesday"


def entries_for(record):
    return LogEntry.objects.get_for_object(record).order_by("pk")


def all_log_text() -> str:
    return " ".join(
        f"{entry.object_repr} {entry.changes} {entry.changes_text}"
        for entry in LogEntry.objects.all()
    )


@pytest.mark.django_db
def test_create_update_and_delete_of_a_domain_record_are_logged(initiative_a):
    created = entries_for(initiative_a).get(action=LogEntry.Action.CREATE)
    assert created.changes["name"][1] == "Alderbank ward peers"
    initiative_a.name = "Alderbank ward peer support"
    initiative_a.save()
    updated = entries_for(initiative_a).filter(action=LogEntry.Action.UPDATE).last()
    assert updated.changes["name"] == ["Alderbank ward peers", "Alderbank ward peer support"]
    milestone = ImplementationMilestoneFactory(initiative=initiative_a)
    milestone_pk = milestone.pk
    milestone.delete()
    assert LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ImplementationMilestone),
        object_pk=str(milestone_pk),
        action=LogEntry.Action.DELETE,
    ).exists()


# Derived tables, rebuilt from audited records: logging them would only repeat those records.
# Derived from audited records (and, for Generation, a counter of writes to them): logging
# them would only repeat the records.
DERIVED = {"comparison.PracticeProfile", "comparison.PeopleYear", "comparison.Generation"}


@pytest.mark.django_db
def test_every_model_of_the_local_apps_is_audited_without_registration():
    from auditlog.registry import auditlog
    from django.apps import apps

    local = {
        "accounts",
        "cases",
        "recruitment",
        "training",
        "supervision",
        "comparison",
        "qualitative",
    }
    unaudited = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in local and not auditlog.contains(model)
    ]
    assert set(unaudited) == DERIVED


@pytest.mark.django_db
def test_sign_in_machinery_is_not_audited(researcher):
    TOTPDevice.objects.create(user=researcher, name="x")
    assert not LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(TOTPDevice)
    ).exists()


@pytest.mark.django_db
@override_settings(PEERWORK_AUDIT_REDACTED_FIELDS={"cases.implementationmilestone": ["note"]})
def test_redacted_field_logs_that_it_changed_but_never_its_text(initiative_a):
    milestone = ImplementationMilestoneFactory(initiative=initiative_a, note=SECRET)
    milestone.note = SECRET + " — and again"
    milestone.save()
    changes = [entry.changes for entry in entries_for(milestone)]
    assert changes[0]["note"] == [REDACTED, REDACTED]
    assert changes[1]["note"] == [REDACTED, REDACTED]
    assert "unsafe" not in all_log_text()


@pytest.mark.django_db
@override_settings(PEERWORK_AUDIT_REDACTED_FIELD_PARTS=("reflection", "descr"))
def test_any_field_whose_name_matches_a_redacted_part_is_redacted(org_a):
    initiative = InitiativeFactory(description=SECRET)
    created = entries_for(initiative).get(action=LogEntry.Action.CREATE)
    assert created.changes["description"] == [REDACTED, REDACTED]
    assert "unsafe" not in all_log_text()


def test_supervision_reflections_are_redacted_by_default_without_the_supervision_app():
    """The supervision app lands later; its model only needs the field names to match."""
    from types import SimpleNamespace

    from peerwork.lib.audit import redacted_field_names

    fields = [SimpleNamespace(name=name) for name in ("summary", "private_reflection", "mood")]
    stand_in = SimpleNamespace(
        _meta=SimpleNamespace(
            label_lower="supervision.supervisionsession", get_fields=lambda: fields
        )
    )
    assert redacted_field_names(stand_in) == {"private_reflection"}
    other = SimpleNamespace(
        _meta=SimpleNamespace(
            label_lower="training.note",
            get_fields=lambda: [SimpleNamespace(name="weekly_reflection")],
        )
    )
    assert redacted_field_names(other) == {"weekly_reflection"}


@pytest.mark.django_db
def test_password_hashes_never_enter_the_log(manager_a):
    manager_a.set_password("another-long-password-42")
    manager_a.save()
    entry = entries_for(manager_a).filter(action=LogEntry.Action.UPDATE).last()
    assert entry.changes["password"] == [REDACTED, REDACTED]
    assert "pbkdf2" not in all_log_text() and "md5$" not in all_log_text()


@pytest.mark.django_db
def test_actor_and_address_come_from_the_request(administrator, manager_a):
    client = verified_client(administrator)
    response = client.post(
        reverse("admin:accounts_user_change", args=[manager_a.pk]),
        {
            "email": manager_a.email,
            "full_name": "Mina Manager-Jones",
            "platform_role": "",
            "is_active": "on",
            "date_joined_0": "2024-01-01",
            "date_joined_1": "09:00:00",
        },
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = entries_for(manager_a).filter(action=LogEntry.Action.UPDATE).last()
    assert entry.actor == administrator
    assert entry.remote_addr == "192.0.2.7"
    assert entry.changes["full_name"] == ["Mina Manager", "Mina Manager-Jones"]


@pytest.mark.django_db
def test_reads_of_sensitive_records_can_be_logged(initiative_a):
    log_read(initiative_a)
    assert entries_for(initiative_a).filter(action=LogEntry.Action.ACCESS).count() == 1


@pytest.mark.django_db
def test_log_cannot_be_changed_or_deleted_in_the_admin(administrator, initiative_a):
    entry = entries_for(initiative_a).first()
    client = verified_client(administrator)
    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 200
    assert client.get(reverse("admin:auditlog_logentry_delete", args=[entry.pk])).status_code == 403
    response = client.post(
        reverse("admin:auditlog_logentry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert LogEntry.objects.filter(pk=entry.pk).exists()
    assert response.status_code in (200, 302)
    search = client.get(reverse("admin:auditlog_logentry_changelist"), {"q": "Alderbank"})
    assert search.status_code == 200
    assert Initiative.objects.filter(pk=initiative_a.pk).exists()
