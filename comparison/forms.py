from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import PlatformRole, User
from cases.models import Initiative, Region, RoleFunction, ServiceSetting
from comparison.filters import ComparisonFilters
from peerwork.lib.widgets import DateInput


class ComparisonFilterForm(forms.Form):
    setting = forms.ModelChoiceField(
        label=_("Service setting"),
        queryset=ServiceSetting.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All settings"),
        help_text=_("Initiatives working in this setting."),
    )
    region = forms.ChoiceField(
        label=_("Region"),
        choices=[("", _("All regions")), *Region.choices],
        required=False,
        help_text=_("NHS England region of the lead organisation."),
    )
    role_function = forms.ModelChoiceField(
        label=_("Role function"),
        queryset=RoleFunction.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All functions"),
        help_text=_("Only roles with this function (and their peer workers)."),
    )
    period_start = forms.DateField(
        label=_("Period from"),
        required=False,
        widget=DateInput(),
        help_text=_("Starters, leavers and events from this day."),
    )
    period_end = forms.DateField(
        label=_("Period to"),
        required=False,
        widget=DateInput(),
        help_text=_("Defaults to today; 'in post' is counted on this day."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("setting", css_class="col-md-4"),
                Column("region", css_class="col-md-4"),
                Column("role_function", css_class="col-md-4"),
            ),
            Row(
                Column("period_start", css_class="col-md-4"),
                Column("period_end", css_class="col-md-4"),
            ),
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and start > end:
            raise ValidationError(
                _("The period must start on or before the day it ends."), code="period_order"
            )
        return cleaned

    def filters(self) -> ComparisonFilters:
        """The filters, once the form is valid."""
        data = self.cleaned_data
        return ComparisonFilters(
            setting=data.get("setting"),
            region=data.get("region") or "",
            role_function=data.get("role_function"),
            period_start=data.get("period_start"),
            period_end=data.get("period_end"),
        )


class ResearcherChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} <{obj.email}>"


class InitiativeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Initiative) -> str:
        return f"{obj.research_code} — {obj.name}"


class IdentifiedAccessGrantForm(forms.Form):
    researcher = ResearcherChoiceField(
        label=_("Researcher"),
        queryset=User.objects.filter(platform_role=PlatformRole.RESEARCHER, is_active=True),
        to_field_name="public_id",
        help_text=_("Only accounts with the researcher role can be granted identified access."),
    )
    initiative = InitiativeChoiceField(
        label=_("Initiative"),
        queryset=Initiative.objects.order_by("research_code"),
        to_field_name="public_id",
        help_text=_("The researcher will see this initiative's name and partner organisations."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Why this researcher needs real names, e.g. the ethics approval it rests on."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 10:
            raise ValidationError(_("Give a reason of at least 10 characters."), code="short")
        return reason
