from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Max, QuerySet, Value, When
from django.db.models.functions import Cast, Substr
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _

from cases.models import (
    ImplementationMilestone,
    Initiative,
    MilestoneType,
    Organisation,
    PartnerPart,
    PayBand,
    PeerWorker,
    PeerWorkerRole,
    RoleFunction,
    RoleTerms,
    ServiceSetting,
    Team,
)
from cases.services import next_pseudonym
from peerwork.lib.forms import BoundedModelChoiceField, BoundedModelMultipleChoiceField
from peerwork.lib.widgets import DateInput, YesNoNotKnownSelect


class VersionedForm(forms.ModelForm):
    """A model form that carries the version it was loaded at, for stale-edit refusal."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


def next_research_code() -> str:
    highest = Initiative.objects.filter(research_code__regex=r"^P-\d+$").aggregate(
        highest=Max(Cast(Substr("research_code", 3), output_field=IntegerField()))
    )["highest"]
    return f"P-{(highest or 0) + 1:02d}"


class InitiativeForm(VersionedForm):
    settings = BoundedModelMultipleChoiceField(
        label=_("Service settings"),
        queryset=ServiceSetting.objects.active(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Where the peer workers in this programme work."),
    )

    class Meta:
        model = Initiative
        fields = ["name", "research_code", "status", "started", "settings", "description"]
        widgets = {
            "started": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "name": _("The programme's everyday name (never shown to researchers)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("research_code", next_research_code())


def organisation_label(organisation: Organisation) -> str:
    """How the partner picker names an organisation: with its sector and kind."""
    return f"{organisation.name} — {organisation.get_sector_display()}, {organisation.get_kind_display()}"


class OrganisationChoiceField(BoundedModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return organisation_label(obj)


def organisations_relevant_first(relevant_ids: Iterable[int]) -> QuerySet[Organisation]:
    """Every organisation, those in ``relevant_ids`` first, each part by name."""
    ids = list(relevant_ids)
    return Organisation.objects.annotate(
        relevance=Case(When(pk__in=ids, then=Value(0)), default=Value(1))
    ).order_by("relevance", "name")


class PartnerForm(forms.Form):
    organisation = OrganisationChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        help_text=_("Type in the filter box to narrow the list; your organisations come first."),
    )
    part = forms.ChoiceField(label=_("Part"), choices=PartnerPart.choices)

    def __init__(self, *args, relevant_organisation_ids: Iterable[int] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_relevant_first(
            relevant_organisation_ids
        )


class BasePartnerFormSet(BaseFormSet):
    def __init__(
        self,
        *args,
        managed_organisation_ids: set[int] | None = None,
        relevant_organisation_ids: Iterable[int] = (),
        **kwargs,
    ):
        self.managed_organisation_ids = managed_organisation_ids
        kwargs.setdefault("form_kwargs", {})["relevant_organisation_ids"] = list(
            relevant_organisation_ids
        )
        super().__init__(*args, **kwargs)

    def clean(self) -> None:
        if any(self.errors):
            return
        pairs = []
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            pair = (form.cleaned_data["organisation"], form.cleaned_data["part"])
            if pair in pairs:
                raise ValidationError(
                    _("%(organisation)s is listed twice as %(part)s.")
                    % {"organisation": pair[0], "part": PartnerPart(pair[1]).label}
                )
            pairs.append(pair)
        if not pairs:
            raise ValidationError(_("Add at least one partner organisation."))
        if self.managed_organisation_ids is not None and not any(
            organisation.pk in self.managed_organisation_ids for organisation, _part in pairs
        ):
            raise ValidationError(
                _(
                    "One of the partners must be an organisation you manage, or you would lose access to the initiative."
                )
            )
        self.pairs = pairs


# max_num/absolute_max: a submission asking for more rows than this is refused, not built.
PartnerFormSet = formset_factory(
    PartnerForm,
    formset=BasePartnerFormSet,
    extra=0,
    can_delete=True,
    min_num=1,
    max_num=50,
    absolute_max=50,
)


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "setting"]

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["setting"].queryset = ServiceSetting.objects.active()

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = Team.objects.filter(organisation=self.organisation, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(
                _("This organisation already has a team called “%(name)s”.") % {"name": name}
            )
        return name


def _clean_other_grade(form: forms.BaseForm, cleaned: dict) -> None:
    """A grade is named exactly when the band is 'Other grade'."""
    band = cleaned.get("pay_band")
    other = (cleaned.get("pay_grade_other") or "").strip()
    if band == PayBand.OTHER and not other:
        form.add_error("pay_grade_other", _("Name the grade when the band is 'Other grade'."))
    elif band and band != PayBand.OTHER and other:
        form.add_error("pay_grade_other", _("Leave this empty unless the band is 'Other grade'."))
    cleaned["pay_grade_other"] = other


class PeerWorkerRoleForm(VersionedForm):
    functions = BoundedModelMultipleChoiceField(
        label=_("Functions"),
        queryset=RoleFunction.objects.active(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    terms_from = forms.DateField(
        label=_("These terms apply from"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "When the terms changed (for example from volunteer to paid), give the date the new "
            "terms started: the earlier terms stay in the role's history. Keep the date to "
            "correct the current terms."
        ),
    )

    class Meta:
        model = PeerWorkerRole
        fields = [
            "title",
            "functions",
            "employer",
            "host_team",
            "employment",
            "pay_band",
            "pay_grade_other",
            "pay_parity",
            "hours_per_week",
            "has_flexible_hours",
            "contract",
            "lived_experience_criterion",
            "is_jd_coproduced",
            "has_peer_line_manager",
            "line_manager_organisation",
            "plans_peer_supervision",
            "plans_managerial_supervision",
            "plans_clinical_supervision",
            "plans_group_supervision",
            "sharing_expectation",
            "has_clinical_record_access",
            "attends_team_meetings",
            "funded_headcount",
            "funded_wte",
        ]
        widgets = {"has_peer_line_manager": YesNoNotKnownSelect()}

    def __init__(self, *args, initiative: Initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiative = initiative
        if not self.is_bound:
            latest = (
                self.instance.terms_history.order_by("-effective_from").first()
                if self.instance.pk
                else None
            )
            if latest is not None:
                self.initial["terms_from"] = latest.effective_from
            elif initiative.started:
                self.initial["terms_from"] = initiative.started
        partners = Organisation.objects.filter(partnerships__initiative=initiative).distinct()
        self.fields["employer"].queryset = partners
        self.fields["line_manager_organisation"].queryset = partners
        self.fields["host_team"].queryset = Team.objects.filter(
            organisation__in=partners
        ).select_related("organisation")
        self.fields["host_team"].label_from_instance = lambda team: (
            f"{team.name} ({team.organisation.name})"
        )
        self.fields["funded_wte"].help_text = _("Whole-time equivalent funded, e.g. 2.4.")

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        clash = PeerWorkerRole.objects.filter(initiative=self.initiative, title__iexact=title)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(
                _("This initiative already has a role called “%(title)s”.") % {"title": title}
            )
        return title

    def clean(self):
        cleaned = super().clean()
        _clean_other_grade(self, cleaned)
        if cleaned.get("has_peer_line_manager") and not cleaned.get("line_manager_organisation"):
            self.add_error(
                "line_manager_organisation",
                _("Say which organisation the peer line manager works for."),
            )
        return cleaned


class PeerWorkerForm(forms.ModelForm):
    class Meta:
        model = PeerWorker
        fields = ["full_name", "pseudonym", "user", "started", "ended", "leaving_reason"]
        widgets = {
            "started": DateInput(),
            "ended": DateInput(),
        }

    def __init__(self, *args, role: PeerWorkerRole, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts.models import User

        self.role = role
        partner_ids = role.initiative.partners.values_list("organisation_id", flat=True)
        self.fields["user"].queryset = User.objects.filter(
            memberships__organisation_id__in=partner_ids, memberships__role="peer_worker"
        ).distinct()
        self.fields["user"].help_text = _(
            "Peer workers who are members of a partner organisation and have an account."
        )
        if not self.instance.pk and not self.is_bound:
            self.initial["pseudonym"] = next_pseudonym(role.initiative)

    def clean(self):
        cleaned = super().clean()
        started, ended = cleaned.get("started"), cleaned.get("ended")
        if started and ended and ended < started:
            self.add_error("ended", _("The end date cannot be before the start date."))
        if cleaned.get("leaving_reason") and not ended:
            self.add_error(
                "leaving_reason", _("Give an end date when you record a leaving reason.")
            )
        if ended and not cleaned.get("leaving_reason"):
            self.add_error("leaving_reason", _("Choose why the peer worker left."))
        return cleaned


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = ImplementationMilestone
        fields = ["phase", "milestone_type", "custom_title", "planned", "achieved", "note"]
        widgets = {
            "planned": DateInput(),
            "achieved": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone_type"].queryset = MilestoneType.objects.active()
        self.fields["milestone_type"].help_text = _(
            "Choose a standard milestone, or name your own below. Standard milestones are "
            "ticked by the events that achieve them (an appointment, team training, a first "
            "peer worker starting)."
        )
        self.fields["phase"].required = False
        self.fields["phase"].help_text = _(
            "A standard milestone belongs to its own phase; choose one for a milestone of your own."
        )

    def clean(self):
        cleaned = super().clean()
        milestone_type = cleaned.get("milestone_type")
        custom_title = (cleaned.get("custom_title") or "").strip()
        if not milestone_type and not custom_title:
            self.add_error("milestone_type", _("Choose a milestone or name one of your own."))
        if milestone_type and not custom_title:
            cleaned["phase"] = milestone_type.phase
        elif not cleaned.get("phase"):
            self.add_error("phase", _("Choose the phase of your own milestone."))
        if not cleaned.get("planned") and not cleaned.get("achieved"):
            self.add_error("planned", _("Give a planned date, an achieved date, or both."))
        return cleaned


class RoleTermsForm(forms.ModelForm):
    """One dated version of a role's terms, for the role's terms history."""

    class Meta:
        model = RoleTerms
        fields = ["effective_from", *RoleTerms.TERMS_FIELDS]
        widgets = {"effective_from": DateInput()}

    def clean(self):
        cleaned = super().clean()
        _clean_other_grade(self, cleaned)
        return cleaned


class OrganisationForm(forms.ModelForm):
    """A service manager adds an organisation their initiative works with. Prefixed: it sits
    on the initiative form's page, whose own fields have the same names."""

    prefix = "organisation"

    is_distinct = forms.BooleanField(
        label=_("It is a different organisation"),
        required=False,
        help_text=_("Tick only if the similar names shown are other organisations."),
    )

    class Meta:
        model = Organisation
        fields = ["name", "sector", "kind", "region"]
        help_texts = {
            "name": _("The organisation's full name, as on its letterhead."),
            "sector": _("NHS trusts and local authorities are statutory; charities voluntary."),
        }

    def validate_unique(self) -> None:
        # organisation_create refuses duplicates with a message that names the existing one.
        pass
