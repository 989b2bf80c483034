"""Training's navigation entry and home-page panel, by role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from training.models import IDENTIFYING_FIELDS


@pytest.mark.parametrize(
    ("persona", "sees_nav", "panel_text"),
    [
        ("manager_a", True, "Training dashboards and compliance"),
        ("peer_a", True, "My training and certificates"),
        ("supervisor_a", True, None),
        ("researcher", False, None),
    ],
)
def test_nav_and_home_panel(persona, sees_nav, panel_text, personas, client_for):
    content = client_for(personas[persona]).get(reverse("home")).content.decode()
    assert (f'href="{reverse("training:index")}"' in content) is sees_nav
    if panel_text:
        assert panel_text in content
    else:
        assert 'id="training-panel-heading"' not in content


def test_identifying_fields_name_real_fields():
    from django.apps import apps

    for label, field_names in IDENTIFYING_FIELDS.items():
        model = apps.get_model(label)
        for field_name in field_names:
            model._meta.get_field(field_name)
    assert "full_name" in IDENTIFYING_FIELDS["training.Colleague"]


def test_enrolment_form_loads_its_script_from_static(manager_a, session_a, client_for):
    content = (
        client_for(manager_a)
        .get(reverse("training:enrolment-create", args=[session_a.public_id]))
        .content.decode()
    )
    assert "/static/training/enrolment.js" in content
    assert "<script>" not in content and " style=" not in content
