"""Every form that comes back with errors opens on a summary linking to each field."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse

from peerwork.lib.error_summary import page_errors
from tests.cases.test_role_views import role_data

pytestmark = pytest.mark.django_db


def test_long_role_form_with_an_error_below_the_fold_opens_on_a_linked_summary(
    manager_a, initiative_a, org_a, client_for
):
    response = client_for(manager_a).post(
        reverse("cases:role-create", args=[initiative_a.public_id]),
        role_data(org_a, hours_per_week="61", funded_wte=""),
    )
    assert response.status_code == 200
    html = response.content.decode()
    summary = html[
        html.index("data-error-summary") : html.index("</ul>", html.index("data-error-summary"))
    ]
    assert "2 things to correct" in summary
    assert 'href="#id_hours_per_week"' in summary and "less than or equal to 60" in summary
    assert 'href="#id_funded_wte"' in summary
    # The summary comes before the form, right at the top of the main content.
    main = html.index("<main")
    assert main < html.index("data-error-summary") < html.index("<form", main)


def test_a_page_without_errors_has_no_summary(manager_a, initiative_a, client_for):
    response = client_for(manager_a).get(
        reverse("cases:role-create", args=[initiative_a.public_id])
    )
    assert b"data-error-summary" not in response.content


class _Form(forms.Form):
    name = forms.CharField(label="Name")

    def clean(self):
        raise forms.ValidationError("The whole thing is wrong.")


def test_page_errors_lists_non_field_errors_and_formset_forms_once():
    form = _Form(data={})
    formset = forms.formset_factory(_Form, extra=0)(
        data={"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-name": ""}
    )
    errors = page_errors([form, form, formset])
    messages = [(error.field_id, error.message) for error in errors]
    assert messages == [
        (None, "The whole thing is wrong."),
        ("id_name", "This field is required."),
        (None, "The whole thing is wrong."),
        ("id_form-0-name", "This field is required."),
    ]
