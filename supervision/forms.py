from __future__ import annotations

import datetime as dt

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Membership, Organisation, PeerWorker
from peerwork.lib.forms import BoundedModelChoiceField, BoundedModelMultipleChoiceField
from peerwork.lib.widgets import DateInput
from supervision.models import (
    MAX_DAYS_AHEAD,
    MAX_DURATION_MINUTES,
    ActionOwner,
    SessionMode,
    SupervisionArrangement,
    SupervisionTopic,
    SupervisionType,
)
from supervision.services import ActionInput


class ArrangementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: SupervisionArrangement) -> str:
        return _("%(type)s: %(worker)s with %(supervisor)s") % {
            "type": obj.get_supervision_type_display(),
            "worker": obj.peer_worker.full_name,
            "supervisor": obj.supervisor.full_name,
        }


class SessionForm(forms.Form):
    """The phone-first record form: short, topics as tap targets, actions inline."""

    arrangement = ArrangementChoiceField(
        label=_("Supervision"),
        queryset=SupervisionArrangement.objects.none(),
        help_text=_("Which supervision this session belongs to."),
        error_messages={
            "invalid_choice": _("You have no supervision arrangement with this peer worker.")
        },
    )
    held_on = forms.DateField(label=_("Date of the session"), widget=DateInput)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=1,
        max_value=MAX_DURATION_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "min_value": _("Enter how long the session lasted, in minutes (at least 1)."),
            "max_value": _("A session cannot last more than 8 hours (480 minutes)."),
        },
    )
    mode = forms.ChoiceField(
        label=_("How you met"), choices=SessionMode.choices, widget=forms.RadioSelect
    )
    supervision_type = forms.ChoiceField(label=_("Type"), choices=SupervisionType.choices)
    topics = BoundedModelMultipleChoiceField(
        label=_("Topics"),
        queryset=SupervisionTopic.objects.active(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tap every topic you talked about."),
    )
    shared_summary = forms.CharField(
        label=_("Shared summary"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Seen by you and the other party of this supervision only."),
    )
    reflection = forms.CharField(
        label=_("My private reflection"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "Only you can ever read this: not the other party, managers or administrators."
        ),
    )
    next_session_on = forms.DateField(label=_("Next session"), widget=DateInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        if session is None:
            arrangements = (
                SupervisionArrangement.objects.active()
                .for_user(user)
                .select_related("peer_worker", "supervisor")
            )
            self.fields["arrangement"].queryset = arrangements
            if not self.is_bound and len(arrangements) == 1:
                # Most peer workers have one supervisor: save them a tap.
                self.initial.setdefault("arrangement", arrangements[0].pk)
            self.fields["supervision_type"].required = False
            self.fields["supervision_type"].help_text = _("Leave as is to use the arrangement's.")
            self.fields["supervision_type"].choices = [
                ("", _("As arranged")),
                *SupervisionType.choices,
            ]
        else:
            del self.fields["arrangement"]

    def clean_held_on(self) -> dt.date:
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate() + dt.timedelta(days=MAX_DAYS_AHEAD):
            raise forms.ValidationError(
                _("The session date cannot be more than a week in the future.")
            )
        return held_on

    def clean(self):
        cleaned = super().clean()
        held_on, next_on = cleaned.get("held_on"), cleaned.get("next_session_on")
        if held_on and next_on and next_on < held_on:
            self.add_error("next_session_on", _("The next session cannot be before this one."))
        return cleaned


class ActionForm(forms.Form):
    action_id = forms.UUIDField(widget=forms.HiddenInput, required=False)
    # On a new record: the earlier record's open action this row carries forward.
    carried_from = forms.UUIDField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.ChoiceField(
        label=_("Who"), choices=ActionOwner.choices, initial=ActionOwner.PEER_WORKER
    )
    due_on = forms.DateField(label=_("Due"), widget=DateInput)
    is_done = forms.BooleanField(label=_("Done"), required=False)

    def __init__(self, *args, held_on: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.held_on = held_on

    def clean(self):
        cleaned = super().clean()
        due_on = cleaned.get("due_on")
        is_carried = bool(self.initial.get("carried_from_date") or cleaned.get("carried_from"))
        if self.held_on and due_on and due_on < self.held_on and not is_carried:
            self.add_error("due_on", _("The action is due before the session."))
        return cleaned

    def to_input(self) -> ActionInput:
        data = self.cleaned_data
        return ActionInput(
            text=data["text"],
            owner=data["owner"],
            due_on=data["due_on"],
            is_done=data.get("is_done", False),
            public_id=data.get("action_id"),
            carried_from=data.get("carried_from"),
        )


# absolute_max bounds the rows a submission can ask for (its TOTAL_FORMS), not only the blank
# rows offered: room for the open actions carried from earlier records, and no more.
ActionFormSet = forms.formset_factory(
    ActionForm, extra=1, can_delete=True, max_num=30, absolute_max=60
)


def action_inputs(formset) -> list[ActionInput]:
    """The kept actions of a valid formset (blank extra rows and deleted rows dropped)."""
    return [
        form.to_input()
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs changing"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The author sees this comment and revises the record."),
    )


class AddendumForm(forms.Form):
    text = forms.CharField(
        label=_("Addendum"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A later correction or addition; the signed record itself never changes."),
    )


class ReflectionForm(forms.Form):
    reflection = forms.CharField(
        label=_("My private reflection"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Only you can ever read this."),
    )


class ArrangementForm(forms.Form):
    peer_worker = BoundedModelChoiceField(
        label=_("Peer worker"), queryset=PeerWorker.objects.none()
    )
    supervisor = BoundedModelChoiceField(
        label=_("Supervisor"),
        queryset=Membership.objects.none(),
        help_text=_("A supervisor at one of the initiative's partner organisations."),
    )
    supervision_type = forms.ChoiceField(label=_("Type"), choices=SupervisionType.choices)
    supervisor_has_lived_experience = forms.BooleanField(
        label=_("The supervisor has lived experience"), required=False
    )
    frequency_days = forms.IntegerField(
        label=_("Expected every (days)"),
        min_value=1,
        max_value=365,
        initial=28,
        help_text=_("For example 28 for monthly."),
    )
    started = forms.DateField(label=_("Start date"), widget=DateInput)
    ended = forms.DateField(label=_("End date"), widget=DateInput, required=False)

    def __init__(self, *args, managed_ids: set[int], is_administrator: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        workers = PeerWorker.objects.current().select_related("role__initiative")
        if not is_administrator:
            workers = workers.filter(role__employer_id__in=managed_ids)
        self.fields["peer_worker"].queryset = workers
        supervisors = Membership.objects.filter(role__in=["supervisor", "service_manager"])
        if not is_administrator:
            # Supervisors of any organisation that shares an initiative with one we manage.
            supervisors = supervisors.filter(
                organisation__partnerships__initiative__partners__organisation_id__in=managed_ids
            ).distinct()
        self.fields["supervisor"].queryset = supervisors.select_related("user", "organisation")
        self.fields["supervisor"].label_from_instance = lambda membership: (
            f"{membership.user.full_name} ({membership.organisation})"
        )

    def clean(self):
        cleaned = super().clean()
        started, ended = cleaned.get("started"), cleaned.get("ended")
        if started and ended and ended < started:
            self.add_error("ended", _("The end date cannot be before the start date."))
        return cleaned

    @property
    def supervisor_organisation(self) -> Organisation:
        return self.cleaned_data["supervisor"].organisation


class ArrangementManyForm(ArrangementForm):
    """One supervisor for many peer workers, set up in one step."""

    peer_workers = BoundedModelMultipleChoiceField(
        label=_("Peer workers"),
        queryset=PeerWorker.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick everyone this supervisor will supervise."),
    )

    field_order = ["supervisor", "peer_workers"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["peer_workers"].queryset = self.fields["peer_worker"].queryset.order_by(
            "full_name", "pk"
        )
        self.fields["peer_workers"].label_from_instance = lambda worker: (
            f"{worker.full_name} — {worker.role.title}, {worker.role.initiative.name}"
        )
        del self.fields["peer_worker"]
        self.order_fields(["supervisor", "peer_workers"])
