"""Forms for recruitment. Plain forms: the services hold the rules, the forms gather input.

Forms receive the tenant (the user, the campaign, the interview) so their choices are scoped.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import LivedExperienceCriterion, PeerWorkerRole
from peerwork.lib.forms import BoundedModelChoiceField
from peerwork.lib.widgets import DateInput
from recruitment.models import (
    END_STAGES,
    SCORE_MAX,
    SCORE_MIN,
    SCORE_SCALE_HELP,
    Campaign,
    CampaignStatus,
    EndReason,
    Interview,
    InterviewOutcome,
    LivedExperienceDeclared,
    PeerPanelPlan,
    Perspective,
    Route,
    Stage,
)


class VersionField(forms.IntegerField):
    """The version of the record the form was loaded with (optimistic concurrency)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(min_value=1, **kwargs)


class CampaignForm(forms.Form):
    role = BoundedModelChoiceField(
        label=_("Peer worker role"),
        queryset=PeerWorkerRole.objects.none(),
        help_text=_("The post you are recruiting to."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example 'Ward peer workers, spring 2025'."),
    )
    vacancies = forms.IntegerField(
        label=_("Vacancies"),
        min_value=1,
        max_value=100,
        initial=1,
        help_text=_("How many people this campaign will appoint."),
    )
    route = forms.ChoiceField(label=_("Recruitment route"), choices=Route.choices)
    opened = forms.DateField(label=_("Opening date"), widget=DateInput())
    closes_on = forms.DateField(label=_("Closing date"), widget=DateInput())
    advert_channels = forms.CharField(
        label=_("Advert channels"),
        max_length=300,
        required=False,
        help_text=_("Where it was advertised, e.g. NHS Jobs, peer networks, recovery college."),
    )
    is_criteria_coproduced = forms.BooleanField(
        label=_("Selection criteria co-produced with people with lived experience"),
        required=False,
    )
    lived_experience_criterion = forms.ChoiceField(
        label=_("Lived experience criterion"),
        choices=[
            ("", _("As in the role's person specification")),
            *LivedExperienceCriterion.choices,
        ],
        required=False,
        help_text=_("Change it here for this campaign only; the role keeps its own."),
    )
    peer_on_panel_planned = forms.ChoiceField(
        label=_("A peer worker will sit on the interview panel"),
        choices=PeerPanelPlan.choices,
        initial=PeerPanelPlan.UNDECIDED,
        required=False,  # left out: not decided (new) or unchanged (edit)
        help_text=_(
            "The plan. Whether it happened is read from the interview panels as you record them."
        ),
    )
    status = forms.ChoiceField(label=_("Status"), choices=CampaignStatus.choices)
    criteria = forms.CharField(
        label=_("Selection criteria"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line. Panel members score each of them at interview (0–4)."),
    )
    version = VersionField(required=False)

    def __init__(self, *args, user=None, campaign: Campaign | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        if campaign is None:
            self.fields["role"].queryset = (
                PeerWorkerRole.objects.filter(initiative__in=_managed_initiatives(user))
                .select_related("initiative")
                .order_by("initiative__name", "title")
            )
            self.fields["role"].label_from_instance = lambda role: (
                f"{role.title} — {role.initiative}"
            )
            self.fields["status"].choices = [
                (value, label)
                for value, label in CampaignStatus.choices
                if value in (CampaignStatus.DRAFT, CampaignStatus.OPEN)
            ]
            del self.fields["version"]
        else:
            del self.fields["role"]
            del self.fields["criteria"]
            self.fields["version"].required = True
            self.fields["lived_experience_criterion"].required = True
            self.fields["lived_experience_criterion"].choices = LivedExperienceCriterion.choices
            if campaign.status != CampaignStatus.FILLED:
                self.fields["status"].choices = [
                    (value, label)
                    for value, label in CampaignStatus.choices
                    if value != CampaignStatus.FILLED
                ]

    def clean(self):
        cleaned = super().clean()
        opened, closes_on = cleaned.get("opened"), cleaned.get("closes_on")
        if opened and closes_on and closes_on < opened:
            self.add_error("closes_on", _("The closing date is before the opening date."))
        return cleaned

    @property
    def criteria_names(self) -> list[str]:
        return self.cleaned_data.get("criteria", "").splitlines()


def _managed_initiatives(user):
    from cases.models import Initiative

    return Initiative.objects.managed_by(user).values("pk")


class CriterionForm(forms.Form):
    name = forms.CharField(
        label=_("Criterion"),
        max_length=200,
        help_text=_("For example 'Can use their lived experience purposefully'."),
    )
    is_essential = forms.BooleanField(label=_("Essential"), required=False, initial=True)


class ApplicationForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)
    lived_experience = forms.ChoiceField(
        label=_("Lived experience declared"),
        choices=LivedExperienceDeclared.choices,
        initial=LivedExperienceDeclared.PREFER_NOT_TO_SAY,
        help_text=_("As the applicant declared it. Record no details of their history."),
    )
    adjustments_requested = forms.CharField(
        label=_("Reasonable adjustments requested"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only what is needed to arrange the process, e.g. interview format."),
    )
    adjustments_offered = forms.CharField(
        label=_("Reasonable adjustments offered"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    received = forms.DateField(label=_("Received on"), widget=DateInput())
    version = VersionField(required=False)

    def __init__(self, *args, is_update: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if is_update:
            del self.fields["received"]
            self.fields["version"].required = True
        else:
            del self.fields["version"]


class MoveForm(forms.Form):
    """Move an application. The select offers only allowed stages; the service explains refusals
    of anything else (e.g. a hand-made request that skips steps)."""

    to_stage = forms.ChoiceField(label=_("Move to"), choices=Stage.choices)
    end_reason = forms.ChoiceField(
        label=_("Reason (if withdrawn or not appointed)"),
        choices=EndReason.choices,
        required=False,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional. Keep it about the process, not the person's health."),
    )
    version = VersionField()

    def __init__(self, *args, allowed: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        forward = [
            (value, label)
            for value, label in Stage.choices
            if value in allowed and value not in END_STAGES
        ]
        ending = [
            (value, label)
            for value, label in Stage.choices
            if value in allowed and value in END_STAGES
        ]
        field = self.fields["to_stage"]
        field.error_messages["required"] = _("Choose the next stage, or how the application ends.")
        if forward:
            # The forward step is preselected; ending the application is a choice of its own.
            field.widget.choices = (
                [*forward, (_("End the application"), ending)] if ending else forward
            )
            self.initial.setdefault("to_stage", forward[0][0])
        else:
            # Nothing forward to move to here (appointing has its own form): no default, so
            # an application is never ended by a click on the preselected option.
            field.label = _("End the application as")
            field.widget.choices = [("", _("— choose —")), *ending]
            self.initial["to_stage"] = ""
        self.ends_only = not forward


class AppointForm(forms.Form):
    started = forms.DateField(
        label=_("Start date"),
        widget=DateInput(),
        help_text=_("The peer worker's first day in the role."),
    )
    full_name = forms.CharField(
        label=_("Name on the peer worker's record"),
        max_length=150,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = VersionField()


class InterviewForm(forms.Form):
    held_on = forms.DateField(label=_("Interview date"), widget=DateInput())
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=InterviewOutcome.choices, initial=InterviewOutcome.PENDING
    )


class PanelMemberForm(forms.Form):
    name = forms.CharField(
        label=_("Panel member"),
        max_length=150,
        required=False,
        help_text=_("A name, or a title such as 'Expert by experience'."),
    )
    perspective = forms.ChoiceField(
        label=_("Perspective"), choices=[("", "—"), *Perspective.choices], required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name") and not cleaned.get("perspective"):
            self.add_error("perspective", _("Choose the perspective this member brings."))
        if cleaned.get("perspective") and not cleaned.get("name"):
            self.add_error("name", _("Name the panel member, or clear the perspective."))
        return cleaned


# absolute_max: a submission asking for more rows than the page offers is refused, not built.
PanelFormSet = forms.formset_factory(PanelMemberForm, extra=4, max_num=8, absolute_max=8)


class ScoresForm(forms.Form):
    """One score field per panel member × criterion, plus the outcome."""

    outcome = forms.ChoiceField(label=_("Outcome"), choices=InterviewOutcome.choices)

    def __init__(self, *args, interview: Interview, panel, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = []
        existing = {
            (score.panel_member_id, score.criterion_id): score.score
            for member in panel
            for score in member.scores.all()
        }
        self.fields["outcome"].initial = interview.outcome
        for member in panel:
            row = []
            for criterion in criteria:
                name = f"score_{member.pk}_{criterion.pk}"
                self.fields[name] = forms.IntegerField(
                    label=f"{member.name}: {criterion.name}",
                    required=False,
                    min_value=SCORE_MIN,
                    max_value=SCORE_MAX,
                    initial=existing.get((member.pk, criterion.pk)),
                    help_text=SCORE_SCALE_HELP,
                    error_messages={
                        "min_value": _("Scores run from %(min)d to %(max)d.")
                        % {"min": SCORE_MIN, "max": SCORE_MAX},
                        "max_value": _("Scores run from %(min)d to %(max)d.")
                        % {"min": SCORE_MIN, "max": SCORE_MAX},
                    },
                    widget=forms.NumberInput(attrs={"min": SCORE_MIN, "max": SCORE_MAX}),
                )
                row.append((criterion, name))
            self.grid.append((member, row))

    def score_items(self) -> dict[tuple[int, int], int | None]:
        return {
            (member.pk, criterion.pk): self.cleaned_data.get(name)
            for member, row in self.grid
            for criterion, name in row
        }

    def bound_grid(self):
        return [
            (member, [(criterion, self[name]) for criterion, name in row])
            for member, row in self.grid
        ]
