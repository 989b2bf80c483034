"""Recruitment views: service managers' tools for campaigns, applicants and interviews.

Every view fetches its record through ``recruitment.access`` (404 for outsiders, 403 for members
who are not managers) and writes through ``recruitment.services``.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from cases.access import organisations_for
from cases.models import Initiative, MembershipRole
from peerwork.lib.charts import Series, bar_chart_svg
from peerwork.lib.forms import add_service_errors
from recruitment import selectors, services
from recruitment.access import (
    get_application_for,
    get_campaign_for,
    get_initiative_dashboard_for,
    get_interview_for,
    get_organisation_dashboard_for,
    require_recruiting_manager,
)
from recruitment.forms import (
    ApplicationForm,
    AppointForm,
    CampaignForm,
    CriterionForm,
    InterviewForm,
    MoveForm,
    PanelFormSet,
    ScoresForm,
)
from recruitment.models import Application, CampaignStatus, SelectionCriterion, Stage


def _uuid_or_none(value: str | None) -> UUID | None:
    try:
        return UUID(value) if value else None
    except ValueError:
        return None


# --- Campaigns ----------------------------------------------------------------------------


def campaign_list(request: HttpRequest) -> HttpResponse:
    require_recruiting_manager(request)
    return render(
        request,
        "recruitment/campaign_list.html",
        {
            "campaigns": list(selectors.campaigns_for_manager(request.user)),
            "organisations": list(
                organisations_for(request.user, roles={MembershipRole.SERVICE_MANAGER})
            ),
            "initiatives": list(Initiative.objects.managed_by(request.user).order_by("name")),
        },
    )


def campaign_create(request: HttpRequest) -> HttpResponse:
    require_recruiting_manager(request)
    initial = {"opened": timezone.localdate(), "status": "open", "vacancies": 1}
    form = CampaignForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "GET" and (role_id := _uuid_or_none(request.GET.get("role"))):
        role = form.fields["role"].queryset.filter(public_id=role_id).first()
        if role is not None:
            form.initial.update(
                role=role, lived_experience_criterion=role.lived_experience_criterion
            )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.campaign_create(
                role=data["role"],
                by=request.user,
                title=data["title"],
                vacancies=data["vacancies"],
                route=data["route"],
                opened=data["opened"],
                closes_on=data["closes_on"],
                advert_channels=data["advert_channels"],
                is_criteria_coproduced=data["is_criteria_coproduced"],
                lived_experience_criterion=data["lived_experience_criterion"] or None,
                status=data["status"],
                criteria=form.criteria_names,
                peer_on_panel_planned=data["peer_on_panel_planned"] or "undecided",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Campaign '%(title)s' saved.") % {"title": campaign.title})
            return redirect("recruitment:campaign-detail", public_id=campaign.public_id)
    return render(request, "recruitment/campaign_form.html", {"form": form, "campaign": None})


def campaign_detail(request: HttpRequest, public_id) -> HttpResponse:
    campaign = get_campaign_for(request, public_id)
    campaign.has_peer_on_panel = selectors.campaign_has_peer_on_panel(campaign)
    applications = selectors.campaign_applications(campaign)
    return render(
        request,
        "recruitment/campaign_detail.html",
        {
            "campaign": campaign,
            "criteria": list(campaign.criteria.all()),
            "applications": applications,
            "appointed": campaign.applications.filter(stage=Stage.APPOINTED).count(),
            "peer_workers": selectors.role_peer_workers(campaign),
        },
    )


def campaign_update(request: HttpRequest, public_id) -> HttpResponse:
    campaign = get_campaign_for(request, public_id)
    initial = {
        field: getattr(campaign, field)
        for field in (
            "title",
            "vacancies",
            "route",
            "opened",
            "closes_on",
            "advert_channels",
            "is_criteria_coproduced",
            "lived_experience_criterion",
            "peer_on_panel_planned",
            "status",
            "version",
        )
    }
    form = CampaignForm(request.POST or None, campaign=campaign, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.campaign_update(
                campaign=campaign,
                loaded_version=data["version"],
                title=data["title"],
                vacancies=data["vacancies"],
                route=data["route"],
                opened=data["opened"],
                closes_on=data["closes_on"],
                advert_channels=data["advert_channels"],
                is_criteria_coproduced=data["is_criteria_coproduced"],
                lived_experience_criterion=data["lived_experience_criterion"],
                status=data["status"],
                peer_on_panel_planned=data["peer_on_panel_planned"] or None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("recruitment:campaign-detail", public_id=campaign.public_id)
    return render(request, "recruitment/campaign_form.html", {"form": form, "campaign": campaign})


def campaign_board(request: HttpRequest, public_id) -> HttpResponse:
    campaign = get_campaign_for(request, public_id)
    return render(
        request,
        "recruitment/campaign_board.html",
        {
            "campaign": campaign,
            "columns": selectors.pipeline_board(campaign),
            "can_move": campaign.status != CampaignStatus.CANCELLED,
        },
    )


def criterion_create(request: HttpRequest, public_id) -> HttpResponse:
    campaign = get_campaign_for(request, public_id)
    form = CriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_add(
                campaign=campaign,
                name=form.cleaned_data["name"],
                is_essential=form.cleaned_data["is_essential"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Criterion added."))
            return redirect("recruitment:campaign-detail", public_id=campaign.public_id)
    return render(request, "recruitment/criterion_form.html", {"form": form, "campaign": campaign})


def criterion_delete(request: HttpRequest, public_id, criterion_id) -> HttpResponse:
    campaign = get_campaign_for(request, public_id)
    criterion = campaign.criteria.filter(public_id=criterion_id).first()
    if criterion is None:
        raise Http404("Not found")
    error = None
    if request.method == "POST":
        try:
            services.criterion_remove(criterion=criterion)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, _("Criterion removed."))
            return redirect("recruitment:campaign-detail", public_id=campaign.public_id)
    return render(
        request,
        "recruitment/criterion_confirm_delete.html",
        {"campaign": campaign, "criterion": criterion, "error": error},
    )


# --- Applications -------------------------------------------------------------------------


def application_create(request: HttpRequest, public_id) -> HttpResponse:
    campaign = get_campaign_for(request, public_id)
    form = ApplicationForm(request.POST or None, initial={"received": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.application_create(
                campaign=campaign,
                by=request.user,
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                lived_experience=data["lived_experience"],
                adjustments_requested=data["adjustments_requested"],
                adjustments_offered=data["adjustments_offered"],
                received=data["received"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Application recorded."))
            return redirect("recruitment:application-detail", public_id=application.public_id)
    return render(
        request,
        "recruitment/application_form.html",
        {"form": form, "campaign": campaign, "application": None},
    )


def _move_form(application: Application, data=None) -> MoveForm:
    # Appointing has its own form (it creates the peer worker), so it is not offered here.
    allowed = tuple(stage for stage in application.allowed_moves if stage != Stage.APPOINTED)
    return MoveForm(data, allowed=allowed, initial={"version": application.version})


def _appoint_form(application: Application, data=None) -> AppointForm:
    return AppointForm(
        data,
        initial={
            "version": application.version,
            "full_name": application.full_name,
            "started": timezone.localdate(),
        },
    )


def application_detail(request: HttpRequest, public_id) -> HttpResponse:
    application = get_application_for(request, public_id)
    can_change = application.campaign.status != CampaignStatus.CANCELLED
    return render(
        request,
        "recruitment/application_detail.html",
        {
            "application": application,
            "campaign": application.campaign,
            "history": selectors.application_history(application),
            "interviews": selectors.application_interviews(application),
            "move_form": _move_form(application)
            if can_change and application.allowed_moves
            else None,
            "appoint_form": _appoint_form(application)
            if can_change and application.can_be_appointed
            else None,
        },
    )


def application_update(request: HttpRequest, public_id) -> HttpResponse:
    application = get_application_for(request, public_id)
    initial = {
        field: getattr(application, field)
        for field in (
            "full_name",
            "email",
            "phone",
            "lived_experience",
            "adjustments_requested",
            "adjustments_offered",
            "version",
        )
    }
    form = ApplicationForm(request.POST or None, is_update=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.application_update(
                application=application,
                loaded_version=data["version"],
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                lived_experience=data["lived_experience"],
                adjustments_requested=data["adjustments_requested"],
                adjustments_offered=data["adjustments_offered"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Applicant details saved."))
            return redirect("recruitment:application-detail", public_id=application.public_id)
    return render(
        request,
        "recruitment/application_form.html",
        {"form": form, "campaign": application.campaign, "application": application},
    )


def application_move(request: HttpRequest, public_id) -> HttpResponse:
    application = get_application_for(request, public_id)
    form = _move_form(application, request.POST or None)
    from_board = request.method == "POST" and request.POST.get("from") == "board"
    if from_board:
        # A move from the pipeline board: the same service, rules and history as the form;
        # success or refusal is reported on the board, which is shown again.
        board = redirect("recruitment:campaign-board", public_id=application.campaign.public_id)
        if not form.is_valid():
            messages.error(
                request, " ".join(str(e) for errors in form.errors.values() for e in errors)
            )
            return board
        try:
            moved = services.application_move(
                application=application,
                to_stage=form.cleaned_data["to_stage"],
                end_reason="",
                note=form.cleaned_data["note"],
                by=request.user,
                loaded_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s moved to '%(stage)s'.")
                % {"name": moved.full_name, "stage": moved.get_stage_display()},
            )
        return board
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            moved = services.application_move(
                application=application,
                to_stage=data["to_stage"],
                end_reason=data["end_reason"],
                note=data["note"],
                by=request.user,
                loaded_version=data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Moved to '%(stage)s'.") % {"stage": moved.get_stage_display()}
            )
            return redirect("recruitment:application-detail", public_id=application.public_id)
    return render(
        request,
        "recruitment/application_move.html",
        {"form": form, "application": application, "campaign": application.campaign},
    )


def application_appoint(request: HttpRequest, public_id) -> HttpResponse:
    application = get_application_for(request, public_id)
    form = _appoint_form(application, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            peer_worker = services.application_appoint(
                application=application,
                by=request.user,
                loaded_version=data["version"],
                started=data["started"],
                full_name=data["full_name"],
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is appointed and now a peer worker in '%(role)s' (code %(code)s).")
                % {
                    "name": peer_worker.full_name,
                    "role": application.campaign.role.title,
                    "code": peer_worker.pseudonym,
                },
            )
            return redirect("recruitment:application-detail", public_id=application.public_id)
    return render(
        request,
        "recruitment/application_appoint.html",
        {"form": form, "application": application, "campaign": application.campaign},
    )


# --- Interviews ---------------------------------------------------------------------------


def interview_create(request: HttpRequest, public_id) -> HttpResponse:
    application = get_application_for(request, public_id)
    form = InterviewForm(request.POST or None, initial={"held_on": timezone.localdate()})
    panel_forms = PanelFormSet(request.POST or None, prefix="panel")
    if request.method == "POST" and form.is_valid() and panel_forms.is_valid():
        panel = [
            (member.cleaned_data.get("name", ""), member.cleaned_data.get("perspective", ""))
            for member in panel_forms
        ]
        try:
            interview = services.interview_create(
                application=application,
                held_on=form.cleaned_data["held_on"],
                outcome=form.cleaned_data["outcome"],
                panel=panel,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            for warning in services.interview_date_warnings(
                campaign=application.campaign, held_on=interview.held_on
            ):
                messages.warning(request, warning)
            messages.success(request, _("Interview recorded. Now enter the panel's scores."))
            return redirect("recruitment:interview-detail", public_id=interview.public_id)
    return render(
        request,
        "recruitment/interview_form.html",
        {
            "form": form,
            "panel_forms": panel_forms,
            "application": application,
            "campaign": application.campaign,
        },
    )


def interview_detail(request: HttpRequest, public_id) -> HttpResponse:
    interview = get_interview_for(request, public_id)
    application = interview.application
    panel = list(
        interview.panel.annotate(total=Sum("scores__score"))
        .prefetch_related("scores")
        .order_by("pk")
    )
    criteria = list(SelectionCriterion.objects.filter(campaign_id=application.campaign_id))
    form = ScoresForm(request.POST or None, interview=interview, panel=panel, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_score(
                interview=interview,
                outcome=form.cleaned_data["outcome"],
                scores=form.score_items(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Scores saved."))
            return redirect("recruitment:interview-detail", public_id=interview.public_id)
    return render(
        request,
        "recruitment/interview_detail.html",
        {
            "interview": interview,
            "application": application,
            "campaign": application.campaign,
            "panel": panel,
            "criteria": criteria,
            "form": form,
            "grid": form.bound_grid(),
            "has_peer_on_panel": interview.has_peer_on_panel,
        },
    )


# --- Dashboards ---------------------------------------------------------------------------


def _charts(dashboard: selectors.Dashboard) -> dict[str, str]:
    funnel = bar_chart_svg(
        id_prefix="chart-funnel",
        title=_("Applications reaching each stage"),
        categories=[figure.label for figure in dashboard.stages],
        series=[Series(_("Applications"), [figure.reached for figure in dashboard.stages])],
        description=_("How many applications reached each stage of the pipeline."),
    )
    days = bar_chart_svg(
        id_prefix="chart-days",
        title=_("Median days in each stage"),
        categories=[figure.label for figure in dashboard.stages[:-1]],
        series=[Series(_("Median days"), [figure.median_days for figure in dashboard.stages[:-1]])],
        description=_("Median days from entering a stage to leaving it, over completed stays."),
        unit=_(" days"),
    )
    withdrawals = bar_chart_svg(
        id_prefix="chart-withdrawals",
        title=_("Why applicants withdrew"),
        categories=[reason.label for reason in dashboard.withdrawal_reasons],
        series=[
            Series(_("Applications"), [reason.count for reason in dashboard.withdrawal_reasons])
        ],
        description=_("Withdrawn applications by reason."),
        width=520,
    )
    non_appointments = bar_chart_svg(
        id_prefix="chart-non_appointments",
        title=_("Why applicants were not appointed"),
        categories=[reason.label for reason in dashboard.non_appointment_reasons],
        series=[
            Series(
                _("Applications"), [reason.count for reason in dashboard.non_appointment_reasons]
            )
        ],
        description=_("Applications not appointed, by reason."),
        width=520,
    )
    charts = {
        "funnel": funnel,
        "days": days,
        "withdrawals": withdrawals,
        "non_appointments": non_appointments,
    }
    return {name: mark_safe(svg) for name, svg in charts.items()}  # noqa: S308 - escaped SVG


def _dashboard(request: HttpRequest, *, heading: str, scope: str, campaigns) -> HttpResponse:
    dashboard = selectors.recruitment_dashboard(campaigns)
    return render(
        request,
        "recruitment/dashboard.html",
        {"dashboard": dashboard, "heading": heading, "scope": scope, "charts": _charts(dashboard)},
    )


def organisation_dashboard(request: HttpRequest, public_id) -> HttpResponse:
    organisation = get_organisation_dashboard_for(request, public_id)
    return _dashboard(
        request,
        heading=_("Recruitment at %(name)s") % {"name": organisation.name},
        scope=_("Campaigns in every initiative %(name)s is a partner in.")
        % {"name": organisation.name},
        campaigns=selectors.campaigns_for_organisation(organisation),
    )


def initiative_dashboard(request: HttpRequest, public_id) -> HttpResponse:
    initiative = get_initiative_dashboard_for(request, public_id)
    return _dashboard(
        request,
        heading=_("Recruitment in %(name)s") % {"name": initiative.name},
        scope=_("Campaigns for the roles of this initiative."),
        campaigns=selectors.campaigns_for_initiative(initiative),
    )
