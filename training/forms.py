"""Forms for training. Each receives its tenant so that its choices are scoped."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import Organisation, PeerWorkerRole
from peerwork.lib.forms import BoundedModelChoiceField, BoundedModelMultipleChoiceField
from peerwork.lib.widgets import DateInput, TimeInput
from training.models import (
    Attendance,
    Audience,
    Colleague,
    CompetenceDomain,
    ComplianceStatus,
    Enrolment,
    RequiredTraining,
    Session,
    TrainingProgramme,
)
from training.selectors import eligible_peer_workers, eligible_teams


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = TrainingProgramme
        fields = [
            "organisation",
            "title",
            "description",
            "provider_organisation",
            "provider_name",
            "audience",
            "category",
            "is_accredited",
            "accredited_by",
            "lived_experience_delivery",
            "total_hours",
            "session_count",
            "domains",
            "has_certificate",
            "certificate_valid_months",
            "is_active",
        ]
        field_classes = {"domains": BoundedModelMultipleChoiceField}
        widgets = {
            "domains": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "total_hours": _("Across all sessions, e.g. 37.5."),
            "domains": _("The HEE competence framework domains the curriculum covers."),
        }

    def __init__(self, *args, managed_organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        if self.instance.pk:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = managed_organisations
            if managed_organisations.count() == 1:
                self.fields["organisation"].initial = managed_organisations.first()
        self.fields["provider_organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["provider_organisation"].required = False
        # Retired domains stay selectable on programmes that already cover them.
        in_use = Q(is_active=True)
        if self.instance.pk:
            in_use |= Q(pk__in=self.instance.domains.values("pk"))
        self.fields["domains"].queryset = CompetenceDomain.objects.filter(in_use)
        self.fields["total_hours"].error_messages["min_value"] = _("Hours cannot be negative.")

    def clean(self):
        cleaned = super().clean()
        provider_organisation = cleaned.get("provider_organisation")
        provider_name = (cleaned.get("provider_name") or "").strip()
        if provider_organisation and provider_name:
            self.add_error(
                "provider_name",
                _("Choose an organisation or name an external provider, not both."),
            )
        elif not provider_organisation and not provider_name:
            self.add_error(
                "provider_organisation",
                _("Choose the provider, or name an external provider below."),
            )
        if cleaned.get("is_accredited") and not (cleaned.get("accredited_by") or "").strip():
            self.add_error("accredited_by", _("Say who accredits it."))
        if cleaned.get("certificate_valid_months") and not cleaned.get("has_certificate"):
            self.add_error(
                "certificate_valid_months",
                _("Only programmes that lead to a certificate have a validity."),
            )
        return cleaned


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["starts_on", "ends_on", "start_time", "end_time", "mode", "place"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The last day cannot be before the first."))
        start_time, end_time = cleaned.get("start_time"), cleaned.get("end_time")
        if start_time and end_time and end_time <= start_time:
            self.add_error("end_time", _("The end time must be after the start time."))
        return cleaned


class EnrolmentForm(forms.Form):
    PEER_WORKER = "peer_worker"
    COLLEAGUE = "colleague"

    who = forms.ChoiceField(
        label=_("Who are you enrolling?"),
        choices=[(PEER_WORKER, _("A peer worker")), (COLLEAGUE, _("A team colleague"))],
        widget=forms.RadioSelect,
        initial=PEER_WORKER,
    )
    peer_worker = BoundedModelChoiceField(
        label=_("Peer worker"),
        queryset=None,
        required=False,
        help_text=_("Peer workers in your organisation's initiatives."),
    )
    team = BoundedModelChoiceField(label=_("Colleague's team"), queryset=None, required=False)
    colleague_name = forms.CharField(
        label=_("Colleagues' names"),
        max_length=6000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One name per line to enrol several colleagues of the team at once. Colleagues "
            "are recorded by team and name only."
        ),
    )

    def __init__(self, *args, programme: TrainingProgramme, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.fields["peer_worker"].queryset = eligible_peer_workers(programme)
        self.fields["peer_worker"].label_from_instance = lambda peer_worker: (
            f"{peer_worker.full_name} — {peer_worker.role.title}, "
            f"{peer_worker.role.initiative.name}"
        )
        self.fields["team"].queryset = eligible_teams(programme)
        self.fields["team"].label_from_instance = lambda team: (
            f"{team.name} ({team.organisation.name})"
        )
        if programme.audience == Audience.TEAM_COLLEAGUES:
            self.fields["who"].initial = self.COLLEAGUE

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("who") == self.PEER_WORKER:
            if not cleaned.get("peer_worker"):
                self.add_error("peer_worker", _("Choose the peer worker."))
            cleaned["team"], cleaned["colleague_name"] = None, ""
        elif cleaned.get("who") == self.COLLEAGUE:
            if not cleaned.get("team"):
                self.add_error("team", _("Choose the colleague's team."))
            if not (cleaned.get("colleague_name") or "").strip():
                self.add_error("colleague_name", _("Enter at least one colleague's name."))
            cleaned["peer_worker"] = None
        return cleaned


class AttendanceForm(forms.Form):
    """One radio group per enrolment of the session, keyed by the enrolment's public id."""

    def __init__(self, *args, enrolments: list[Enrolment], **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolments = enrolments
        for enrolment in enrolments:
            self.fields[str(enrolment.public_id)] = forms.ChoiceField(
                label=enrolment.person_name,
                choices=Attendance.choices,
                initial=enrolment.attendance,
                widget=forms.RadioSelect,
            )

    def rows(self):
        return [(enrolment, self[str(enrolment.public_id)]) for enrolment in self.enrolments]


class CompletionForm(forms.ModelForm):
    class Meta:
        model = Enrolment
        fields = [
            "completed_on",
            "certificate_issued_on",
            "certificate_expires_on",
            "certificate_number",
        ]
        widgets = {
            "completed_on": DateInput(),
            "certificate_issued_on": DateInput(),
            "certificate_expires_on": DateInput(),
        }
        help_texts = {
            "certificate_expires_on": _(
                "Leave empty to use the programme's validity from the date of issue."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.fields["completed_on"].required = True
        if not self.instance.session.programme.has_certificate:
            for name in ("certificate_issued_on", "certificate_expires_on", "certificate_number"):
                del self.fields[name]


class RequiredTrainingForm(forms.ModelForm):
    class Meta:
        model = RequiredTraining
        fields = ["role", "programme", "renewal_months"]

    def __init__(self, *args, initiative, partner_organisation_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.fields["role"].queryset = PeerWorkerRole.objects.for_initiative(initiative).order_by(
            "title"
        )
        self.fields["programme"].queryset = (
            TrainingProgramme.objects.for_organisations(partner_organisation_ids)
            .active()
            .filter(audience=Audience.PEER_WORKERS)
            .order_by("title")
        )


class ComplianceFilterForm(forms.Form):
    role = BoundedModelChoiceField(
        label=_("Role"),
        queryset=PeerWorkerRole.objects.none(),
        required=False,
        empty_label=_("All roles"),
        to_field_name="public_id",
    )
    programme = BoundedModelChoiceField(
        label=_("Programme"),
        queryset=TrainingProgramme.objects.none(),
        required=False,
        empty_label=_("All programmes"),
        to_field_name="public_id",
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *ComplianceStatus.choices],
    )

    def __init__(self, *args, requirements: list[RequiredTraining], **kwargs):
        super().__init__(*args, **kwargs)
        roles = {requirement.role.pk: requirement.role for requirement in requirements}
        programmes = {
            requirement.programme.pk: requirement.programme for requirement in requirements
        }
        # Querysets evaluated only when a value is submitted (to validate it).
        self.fields["role"].queryset = PeerWorkerRole.objects.filter(pk__in=list(roles))
        self.fields["programme"].queryset = TrainingProgramme.objects.filter(
            pk__in=list(programmes)
        )
        self.role_options = sorted(roles.values(), key=lambda role: role.title)
        self.programme_options = sorted(programmes.values(), key=lambda p: p.title)


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How would you rate this training?"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 = poor, 5 = excellent."),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Managers of the programme read feedback without your name."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class EnrolManyForm(forms.Form):
    """Enrol a list of peer workers and/or a team's colleagues, with attendance and
    completion if the session has taken place."""

    peer_workers = BoundedModelMultipleChoiceField(
        label=_("Peer workers"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick everyone to enrol. People already enrolled are not listed."),
    )
    team = forms.ModelChoiceField(
        label=_("Team colleagues from"),
        queryset=None,
        required=False,
        help_text=_("Choose a team to enrol its colleagues on record, and add new names below."),
    )
    colleagues = forms.ModelMultipleChoiceField(
        label=_("Colleagues on record"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    colleague_names = forms.CharField(
        label=_("New colleagues (one name a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    attendance = forms.ChoiceField(
        label=_("Attendance"),
        choices=[
            (Attendance.UNRECORDED, _("Not recorded yet")),
            (Attendance.ATTENDED, _("Everyone listed attended")),
        ],
        initial=Attendance.UNRECORDED,
        widget=forms.RadioSelect,
    )
    completed_on = forms.DateField(
        label=_("Completed on"),
        required=False,
        widget=DateInput(),
        help_text=_("Optional: record that everyone listed completed the programme."),
    )
    certificate_issued_on = forms.DateField(
        label=_("Certificate issued on"),
        required=False,
        widget=DateInput(),
        help_text=_("Only for programmes that lead to a certificate."),
    )

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        programme = session.programme
        enrolled = session.enrolments.values("peer_worker_id")
        self.fields["peer_workers"].queryset = eligible_peer_workers(programme).exclude(
            pk__in=enrolled
        )
        self.fields["peer_workers"].label_from_instance = lambda peer_worker: (
            f"{peer_worker.full_name} — {peer_worker.role.title}, {peer_worker.role.initiative.name}"
        )
        teams = eligible_teams(programme)
        self.fields["team"].queryset = teams
        self.fields["team"].label_from_instance = lambda team: (
            f"{team.name} ({team.organisation.name})"
        )
        self.fields["colleagues"].queryset = (
            Colleague.objects.filter(team__in=teams.values("pk"))
            .exclude(enrolments__session=session)
            .select_related("team")
            .order_by("team__name", "full_name")
        )
        self.fields["colleagues"].label_from_instance = lambda colleague: (
            f"{colleague.full_name} ({colleague.team.name})"
        )
        if not programme.has_certificate:
            del self.fields["certificate_issued_on"]

    def clean(self):
        cleaned = super().clean()
        names = [line.strip() for line in (cleaned.get("colleague_names") or "").splitlines()]
        names = [name for name in names if name]
        colleagues = list(cleaned.get("colleagues") or [])
        team = cleaned.get("team")
        if names and team is None:
            self.add_error("team", _("Choose the team of the new colleagues."))
        if any(colleague.team_id != getattr(team, "pk", None) for colleague in colleagues):
            if team is None or len({colleague.team_id for colleague in colleagues}) > 1:
                self.add_error("colleagues", _("Choose colleagues of one team at a time."))
            else:
                self.add_error("colleagues", _("These colleagues are not in the team chosen."))
        if colleagues and team is None and not self.has_error("colleagues"):
            team = colleagues[0].team
            cleaned["team"] = team
        cleaned["names"] = [c.full_name for c in colleagues] + names
        if not cleaned.get("peer_workers") and not cleaned["names"]:
            raise forms.ValidationError(_("Choose at least one person to enrol."))
        return cleaned


class SessionCompleteForm(forms.Form):
    """Completion for every attendee of a session who has not completed yet."""

    enrolments = forms.ModelMultipleChoiceField(
        label=_("Attendees who completed"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    completed_on = forms.DateField(label=_("Completed on"), widget=DateInput())
    certificate_issued_on = forms.DateField(
        label=_("Certificate issued on"), required=False, widget=DateInput()
    )

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        pending = (
            Enrolment.objects.filter(
                session=session, attendance=Attendance.ATTENDED, completed_on__isnull=True
            )
            .select_related("peer_worker", "colleague", "session__programme")
            .order_by("peer_worker__full_name", "colleague__full_name", "pk")
        )
        self.fields["enrolments"].queryset = pending
        self.fields["enrolments"].to_field_name = "public_id"
        self.fields["enrolments"].label_from_instance = lambda enrolment: enrolment.person_name
        self.fields["enrolments"].initial = [str(enrolment.public_id) for enrolment in pending]
        if not session.programme.has_certificate:
            del self.fields["certificate_issued_on"]


class CompletionGridForm(forms.Form):
    """One date field per peer worker × programme that has no completion on record."""

    def __init__(self, *args, workers, programmes, completed: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.workers, self.programmes, self.completed = workers, programmes, completed
        for worker in workers:
            for programme in programmes:
                if (worker.pk, programme.pk) in completed:
                    continue
                self.fields[self.key(worker, programme)] = forms.DateField(
                    label=_("%(name)s completed %(title)s on")
                    % {"name": worker.full_name, "title": programme.title},
                    required=False,
                    widget=DateInput(),
                )

    @staticmethod
    def key(worker, programme) -> str:
        return f"c-{worker.public_id}-{programme.public_id}"

    def rows(self):
        for worker in self.workers:
            cells = []
            for programme in self.programmes:
                latest = self.completed.get((worker.pk, programme.pk))
                field = None if latest else self[self.key(worker, programme)]
                cells.append((programme, latest, field))
            yield worker, cells

    def filled(self):
        """``(worker, programme, day)`` for every date entered."""
        for worker in self.workers:
            for programme in self.programmes:
                day = self.cleaned_data.get(self.key(worker, programme))
                if day:
                    yield worker, programme, day
