"""Choice fields refuse keys beyond the database's integer range instead of failing."""

from __future__ import annotations

import pytest
from django import forms

from cases.models import ServiceSetting
from peerwork.lib.forms import BoundedModelChoiceField, BoundedModelMultipleChoiceField


class SettingsForm(forms.Form):
    settings = BoundedModelMultipleChoiceField(queryset=ServiceSetting.objects.all())
    setting = BoundedModelChoiceField(queryset=ServiceSetting.objects.all(), required=False)


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["-112656853692439298048", str(2**63), "abc"])
def test_out_of_range_or_junk_keys_are_invalid_choices(value):
    form = SettingsForm({"settings": [value], "setting": value})
    assert not form.is_valid()
    assert "settings" in form.errors and "setting" in form.errors


@pytest.mark.django_db
def test_real_keys_still_work():
    setting = ServiceSetting.objects.first()
    form = SettingsForm({"settings": [str(setting.pk)], "setting": str(setting.pk)})
    assert form.is_valid(), form.errors
    assert list(form.cleaned_data["settings"]) == [setting]
