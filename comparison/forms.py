from __future__ import annotations

import datetime as dt
import re

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import PlatformRole, User
from cases.models import Context, Initiative, Region, ServiceSetting
from comparison.models import PracticeDeclaration
from comparison.selectors import CONTEXT_ORDER, ENGLAND, Selection, people_year_for
from comparison.vocabularies import (
    Aim,
    FormalSupervision,
    InformalRecruitment,
    RoleMode,
    SupportModel,
    TeamPreparation,
)
from peerwork.lib.dates import quarter_label


def quarter_value(quarter: dt.date) -> str:
    """``2025-Q3``: how a quarter travels in a URL."""
    return quarter_label(quarter).replace(" ", "-")


def parse_quarter(value: str) -> dt.date | None:
    match = re.fullmatch(r"(\d{4})-Q([1-4])", value or "")
    if not match:
        return None
    return dt.date(int(match.group(1)), 3 * int(match.group(2)) - 2, 1)


class ComparisonForm(forms.Form):
    """The period (a quarter or a span of whole quarters) and the filters of a comparison.

    Quarters are offered only where profiles exist; anything else is refused with a message.
    """

    first = forms.ChoiceField(label=_("From"), required=False)
    last = forms.ChoiceField(label=_("To"), required=False)
    context = forms.MultipleChoiceField(
        label=_("Contexts"),
        choices=Context.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for every context."),
    )
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        help_text=_("Regions are shown only where at least %(k)s similar initiatives share them."),
    )
    setting = forms.ChoiceField(label=_("Service setting"), required=False)

    def __init__(self, data=None, *, quarters: list[dt.date], years: list[int], k: int, **kwargs):
        super().__init__(data, **kwargs)
        self.quarters = quarters
        self.years = years
        options = [(quarter_value(q), quarter_label(q)) for q in quarters]
        self.fields["first"].choices = options
        self.fields["last"].choices = options
        self.fields["region"].choices = [
            ("", _("All regions")),
            *Region.choices,
            (ENGLAND, _("England (region not shown)")),
        ]
        self.fields["region"].help_text = self.fields["region"].help_text % {"k": k}
        self.fields["setting"].choices = [
            ("", _("All settings")),
            *ServiceSetting.objects.order_by("position", "name").values_list("slug", "name"),
        ]
        first, last = self.default_period()
        self.initial.setdefault("first", quarter_value(first) if first else "")
        self.initial.setdefault("last", quarter_value(last) if last else "")

    def default_period(self) -> tuple[dt.date | None, dt.date | None]:
        """The latest published whole year, else the latest quarter."""
        if not self.quarters:
            return None, None
        if self.years:
            year = self.years[-1]
            return dt.date(year, 1, 1), dt.date(year, 10, 1)
        return self.quarters[-1], self.quarters[-1]

    def clean(self):
        cleaned = super().clean()
        if not self.quarters:
            raise ValidationError(_("There are no practice profiles yet."), code="empty")
        default_first, default_last = self.default_period()
        first = parse_quarter(cleaned.get("first") or "") or default_first
        last = parse_quarter(cleaned.get("last") or "") or default_last
        if first > last:
            self.add_error("last", _("The end of the period cannot be before its start."))
        cleaned["first_quarter"], cleaned["last_quarter"] = first, last
        return cleaned

    def selection(self, page: int = 1) -> Selection:
        data = self.cleaned_data
        first, last = data["first_quarter"], data["last_quarter"]
        return Selection(
            first=first,
            last=last,
            contexts=tuple(
                context for context in CONTEXT_ORDER if context in (data.get("context") or [])
            ),
            region=data.get("region") or "",
            setting=data.get("setting") or "",
            people_year=people_year_for(first, last, self.years),
            page=page,
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


# --- Declared practice ----------------------------------------------------------------------

NOT_KNOWN = "not_known"
NONE_OF_THESE = "none"


class KnownMultipleChoiceField(forms.MultipleChoiceField):
    """Checkboxes for a list that may be "not known" (None) or "none of these" ([]).

    The two special boxes exclude every other choice, so a manager says explicitly which it is.
    """

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, choices, allow_none: bool = True, none_label=None, **kwargs):
        extra = [(NOT_KNOWN, _("Not known"))]
        if allow_none:
            extra.insert(0, (NONE_OF_THESE, none_label or _("None of these")))
        super().__init__(choices=[*choices, *extra], **kwargs)

    def prepare_value(self, value):
        if value is None:
            return [NOT_KNOWN]
        if value == []:
            return [NONE_OF_THESE]
        return value

    def clean(self, value):
        values = super().clean(value)
        special = [choice for choice in values if choice in (NOT_KNOWN, NONE_OF_THESE)]
        if special and len(values) > 1:
            raise ValidationError(
                _("“%(choice)s” cannot be combined with other answers.")
                % {"choice": dict(self.choices)[special[0]]},
                code="exclusive",
            )
        if values == [NOT_KNOWN]:
            return None
        if values == [NONE_OF_THESE]:
            return []
        return values


class PracticeDeclarationForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    aims = KnownMultipleChoiceField(
        label=_("Aims of the service"),
        choices=Aim.choices,
        allow_none=False,
        help_text=_(
            "What the service the peer workers belong to sets out to do. Tick all that apply."
        ),
    )
    informal_recruitment = KnownMultipleChoiceField(
        label=_("How peer workers were recruited"),
        choices=InformalRecruitment.choices,
        none_label=_("None of these (only the campaigns on record)"),
        help_text=_(
            "Include ways your recruitment campaigns do not record, such as inviting a group member."
        ),
    )
    ongoing_support = KnownMultipleChoiceField(
        label=_("Ongoing support beyond formal supervision"),
        choices=SupportModel.choices,
        none_label=_("None beyond formal supervision"),
    )

    class Meta:
        model = PracticeDeclaration
        fields = [
            "aims",
            "aim_other",
            "informal_recruitment",
            "ongoing_support",
            "formal_supervision",
            "team_preparation",
        ]
        labels = {
            "formal_supervision": _("Do peer workers have regular formal supervision?"),
            "team_preparation": _("How were teams prepared for peer workers?"),
        }
        help_texts = {
            "aim_other": _("Only when “Other” is ticked."),
            "formal_supervision": _(
                "Supervision arrangements you record in peerwork count too; say “No” only if there is none."
            ),
        }

    def __init__(self, *args, functions: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.functions = functions
        self.fields["formal_supervision"].choices = [
            ("", _("Not known")),
            *FormalSupervision.choices,
        ]
        self.fields["team_preparation"].choices = [("", _("Not known")), *TeamPreparation.choices]
        modes = (self.instance.role_modes or {}) if self.instance.pk else {}
        for slug, name in functions:
            self.fields[f"mode_{slug}"] = forms.ChoiceField(
                label=name,
                choices=[("", _("Not known")), *RoleMode.choices],
                required=False,
                initial=modes.get(slug, ""),
            )
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    @property
    def mode_fields(self):
        return [self[f"mode_{slug}"] for slug, _name in self.functions]

    def clean(self):
        cleaned = super().clean()
        aims = cleaned.get("aims") or []
        other = (cleaned.get("aim_other") or "").strip()
        if Aim.OTHER in aims and not other:
            self.add_error("aim_other", _("Say what the other aim is."))
        elif other and Aim.OTHER not in aims:
            self.add_error("aim_other", _("Tick “Other” for this aim, or leave it empty."))
        cleaned["aim_other"] = other
        modes = {
            slug: cleaned.get(f"mode_{slug}")
            for slug, _name in self.functions
            if cleaned.get(f"mode_{slug}")
        }
        cleaned["role_modes"] = modes or None
        return cleaned
