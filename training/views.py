"""Training views: programmes, sessions, attendance, required training, compliance,
team preparation, the organisation dashboard and a peer worker's own record."""

from __future__ import annotations

import copy
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases.access import (
    Need,
    get_initiative_for,
    get_organisation_for,
    managed_organisation_ids,
    organisations_for,
    partner_ids,
    require_manager_somewhere,
    roles_by_organisation,
)
from cases.models import Initiative, MembershipRole, Organisation, PeerWorker
from peerwork.lib.charts import Series, bar_chart_svg
from peerwork.lib.exports import csv_response
from peerwork.lib.forms import add_service_errors
from training import selectors, services
from training.access import (
    get_enrolment_for,
    get_programme_for,
    get_programme_for_feedback,
    get_required_training_for,
    get_session_for,
)
from training.forms import (
    AttendanceForm,
    CompletionForm,
    CompletionGridForm,
    ComplianceFilterForm,
    EnrolManyForm,
    EnrolmentForm,
    FeedbackForm,
    ProgrammeForm,
    RequiredTrainingForm,
    SessionCompleteForm,
    SessionForm,
)
from training.models import (
    ComplianceStatus,
    Enrolment,
    Feedback,
    RequiredTraining,
    Session,
    TrainingProgramme,
)


def _member_or_403(request: HttpRequest) -> None:
    if getattr(request.user, "is_administrator", False):
        return
    if not roles_by_organisation(request.user):
        raise PermissionDenied


def _visible_organisation_ids(request: HttpRequest) -> list[int] | None:
    """None means all (administrators)."""
    if getattr(request.user, "is_administrator", False):
        return None
    return list(roles_by_organisation(request.user))


# --- Landing ----------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    """Where to go in training: dashboards, initiatives, one's own record."""
    _member_or_403(request)
    if getattr(request.user, "is_administrator", False):
        organisations = Organisation.objects.order_by("name")
        initiatives = Initiative.objects.order_by("name")
    else:
        managed = managed_organisation_ids(request.user)
        organisations = organisations_for(
            request.user, roles={MembershipRole.SERVICE_MANAGER}
        ).order_by("name")
        initiatives = (
            Initiative.objects.filter(partners__organisation_id__in=managed)
            .distinct()
            .order_by("name")
        )
    has_record = PeerWorker.objects.filter(user=request.user).exists()
    return render(
        request,
        "training/index.html",
        {"organisations": organisations, "initiatives": initiatives, "has_record": has_record},
    )


# --- Programmes -------------------------------------------------------------------------


def programme_list(request: HttpRequest) -> HttpResponse:
    _member_or_403(request)
    programmes = TrainingProgramme.objects.select_related("organisation", "provider_organisation")
    organisation_ids = _visible_organisation_ids(request)
    if organisation_ids is not None:
        programmes = programmes.for_organisations(organisation_ids)
    programmes = programmes.order_by("organisation__name", "-is_active", "title")
    return render(
        request,
        "training/programme_list.html",
        {
            "programmes": programmes,
            "can_create": bool(managed_organisation_ids(request.user))
            or request.user.is_administrator,
        },
    )


def _managed_organisations(request: HttpRequest):
    if request.user.is_administrator:
        return Organisation.objects.order_by("name")
    return organisations_for(request.user, roles={MembershipRole.SERVICE_MANAGER}).order_by("name")


@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    require_manager_somewhere(request)
    form = ProgrammeForm(
        request.POST or None, managed_organisations=_managed_organisations(request)
    )
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_save(
                programme=form.save(commit=False), domains=form.cleaned_data["domains"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Programme “%(title)s” added.") % {"title": programme.title}
            )
            return redirect("training:programme-detail", public_id=programme.public_id)
    return render(
        request, "training/form.html", {"form": form, "heading": _("Add a training programme")}
    )


def programme_detail(request: HttpRequest, public_id) -> HttpResponse:
    programme = get_programme_for(request, public_id, need=Need.VIEW)
    is_manager = request.user.is_administrator or (
        programme.organisation_id in managed_organisation_ids(request.user)
    )
    sessions = programme.sessions.order_by("starts_on", "start_time", "pk")
    context = {
        "programme": programme,
        "domains": programme.domains.all(),
        "sessions": sessions,
        "is_manager": is_manager,
        "today": timezone.localdate(),
        "can_give_feedback": selectors.attended_programme(request.user, programme)
        and not Feedback.objects.filter(programme=programme, author=request.user).exists(),
    }
    if is_manager:
        context["feedback"] = Feedback.objects.filter(programme=programme).order_by("-created")
    return render(request, "training/programme_detail.html", context)


@require_http_methods(["GET", "POST"])
def programme_update(request: HttpRequest, public_id) -> HttpResponse:
    programme = get_programme_for(request, public_id, need=Need.MANAGE)
    form = ProgrammeForm(
        request.POST or None,
        instance=programme,
        managed_organisations=_managed_organisations(request),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_save(
                programme=form.save(commit=False), domains=form.cleaned_data["domains"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Programme saved."))
            return redirect("training:programme-detail", public_id=programme.public_id)
    return render(
        request,
        "training/form.html",
        {
            "form": form,
            "heading": _("Edit %(title)s") % {"title": programme.title},
            "back": programme,
        },
    )


# --- Sessions, enrolment, attendance, completion ----------------------------------------


@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, public_id) -> HttpResponse:
    programme = get_programme_for(request, public_id, need=Need.MANAGE)
    form = SessionForm(request.POST or None, instance=Session(programme=programme))
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_save(session=form.save(commit=False))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Session scheduled."))
            return redirect("training:session-detail", public_id=session.public_id)
    return render(
        request,
        "training/form.html",
        {
            "form": form,
            "heading": _("Schedule a session of %(title)s") % {"title": programme.title},
            "back": programme,
        },
    )


@require_http_methods(["GET", "POST"])
def session_update(request: HttpRequest, public_id) -> HttpResponse:
    session = get_session_for(request, public_id, need=Need.MANAGE)
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_save(session=form.save(commit=False))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Session saved."))
            return redirect("training:session-detail", public_id=session.public_id)
    return render(
        request,
        "training/form.html",
        {"form": form, "heading": _("Edit session"), "back": session.programme},
    )


def _session_enrolments(session: Session) -> list[Enrolment]:
    return list(
        session.enrolments.select_related(
            "peer_worker", "peer_worker__role", "colleague", "colleague__team"
        ).order_by("colleague__team__name", "peer_worker__full_name", "colleague__full_name", "pk")
    )


def session_detail(request: HttpRequest, public_id) -> HttpResponse:
    session = get_session_for(request, public_id, need=Need.MANAGE)
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "programme": session.programme,
            "enrolments": _session_enrolments(session),
            "has_happened": session.starts_on <= timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def enrolment_create(request: HttpRequest, public_id) -> HttpResponse:
    session = get_session_for(request, public_id, need=Need.MANAGE)
    initial = {}
    team_id = request.GET.get("team", "")
    if team_id.isdigit() and len(team_id) < 19:
        initial = {"who": EnrolmentForm.COLLEAGUE, "team": int(team_id)}
    form = EnrolmentForm(request.POST or None, programme=session.programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["team"] is not None:
                enrolments = services.enrolments_create_for_team(
                    session=session,
                    team=form.cleaned_data["team"],
                    names=form.cleaned_data["colleague_name"],
                )
            else:
                enrolments = [
                    services.enrolment_create(
                        session=session, peer_worker=form.cleaned_data["peer_worker"]
                    )
                ]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            names = ", ".join(enrolment.person_name for enrolment in enrolments)
            messages.success(request, _("%(name)s enrolled.") % {"name": names})
            if "another" in request.POST:
                url = reverse("training:enrolment-create", args=[session.public_id])
                team = form.cleaned_data["team"]
                # The next colleague is usually from the same team: keep it chosen.
                return redirect(f"{url}?team={team.pk}" if team else url)
            return redirect("training:session-detail", public_id=session.public_id)
    return render(
        request,
        "training/enrolment_form.html",
        {"form": form, "session": session, "programme": session.programme},
    )


@require_http_methods(["GET", "POST"])
def attendance_record(request: HttpRequest, public_id) -> HttpResponse:
    session = get_session_for(request, public_id, need=Need.MANAGE)
    enrolments = _session_enrolments(session)
    form = AttendanceForm(request.POST or None, enrolments=enrolments)
    if request.method == "POST":
        if request.POST.get("mark_all") in {"attended", "absent"}:
            # "Everyone attended": those who completed keep their attendance.
            marks = {
                str(enrolment.public_id): request.POST["mark_all"]
                for enrolment in enrolments
                if enrolment.completed_on is None
            }
        else:
            marks = {
                key: value
                for key, value in request.POST.items()
                if key not in {"csrfmiddlewaretoken", "mark_all"}
            }
        try:
            changed = services.attendance_record(session=session, marks=marks)
        except ValidationError as error:
            form.is_valid()
            form.add_error(None, error.messages)
        else:
            messages.success(
                request, _("Attendance saved (%(count)s changed).") % {"count": changed}
            )
            return redirect("training:session-detail", public_id=session.public_id)
    return render(
        request,
        "training/attendance_form.html",
        {"form": form, "session": session, "programme": session.programme},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def enrolment_complete(request: HttpRequest, public_id) -> HttpResponse:
    enrolment = get_enrolment_for(request, public_id, need=Need.MANAGE)
    session, programme = enrolment.session, enrolment.session.programme
    initial = {}
    if enrolment.completed_on is None:
        completed_on = min(session.last_day, timezone.localdate())
        initial = {"completed_on": completed_on}
        if programme.has_certificate:
            initial["certificate_issued_on"] = completed_on
    # The form validates a copy, so the service sees the enrolment as it is stored.
    form = CompletionForm(request.POST or None, instance=copy.copy(enrolment), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.enrolment_complete(
                enrolment=enrolment,
                completed_on=data["completed_on"],
                certificate_issued_on=data.get("certificate_issued_on"),
                certificate_expires_on=data.get("certificate_expires_on"),
                certificate_number=data.get("certificate_number") or "",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Completion recorded for %(name)s.") % {"name": enrolment.person_name}
            )
            return redirect("training:session-detail", public_id=session.public_id)
    return render(
        request,
        "training/form.html",
        {
            "form": form,
            "heading": _("Completion of %(title)s by %(name)s")
            % {"title": programme.title, "name": enrolment.person_name},
            "back": programme,
        },
    )


# --- Required training and compliance ---------------------------------------------------


@require_http_methods(["GET", "POST"])
def required_training_list(request: HttpRequest, public_id) -> HttpResponse:
    initiative = get_initiative_for(request, public_id, need=Need.MANAGE)
    form = RequiredTrainingForm(
        request.POST or None,
        initiative=initiative,
        partner_organisation_ids=partner_ids(initiative),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.required_training_create(
                role=form.cleaned_data["role"],
                programme=form.cleaned_data["programme"],
                renewal_months=form.cleaned_data["renewal_months"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Required training added."))
            return redirect("training:required-list", public_id=initiative.public_id)
    requirements = (
        RequiredTraining.objects.filter(role__initiative=initiative)
        .select_related("role", "programme")
        .order_by("role__title", "programme__title")
    )
    return render(
        request,
        "training/required_list.html",
        {"initiative": initiative, "requirements": requirements, "form": form},
    )


@require_POST
def required_training_delete(request: HttpRequest, public_id) -> HttpResponse:
    requirement = get_required_training_for(request, public_id, need=Need.MANAGE)
    initiative = requirement.role.initiative
    services.required_training_delete(requirement=requirement)
    messages.success(request, _("Requirement removed."))
    return redirect("training:required-list", public_id=initiative.public_id)


def _compliance(request: HttpRequest, public_id):
    initiative = get_initiative_for(request, public_id, need=Need.MANAGE)
    requirements = list(
        RequiredTraining.objects.filter(role__initiative=initiative).select_related(
            "role", "programme"
        )
    )
    filters = ComplianceFilterForm(request.GET or None, requirements=requirements)
    role = programme = status = None
    if filters.is_bound and filters.is_valid():
        role = filters.cleaned_data["role"]
        programme = filters.cleaned_data["programme"]
        status = filters.cleaned_data["status"] or None
    matrix = selectors.compliance_matrix(
        initiative,
        requirements=requirements,
        role_id=role.pk if role else None,
        programme_id=programme.pk if programme else None,
        status=status,
    )
    return initiative, requirements, filters, matrix


def compliance_matrix(request: HttpRequest, public_id) -> HttpResponse:
    initiative, requirements, filters, matrix = _compliance(request, public_id)
    return render(
        request,
        "training/compliance_matrix.html",
        {
            "initiative": initiative,
            "has_requirements": bool(requirements),
            "filters": filters,
            "matrix": matrix,
            "statuses": ComplianceStatus,
            "today": timezone.localdate(),
        },
        status=400 if filters.errors else 200,
    )


def compliance_csv(request: HttpRequest, public_id) -> HttpResponse:
    initiative, _requirements, filters, matrix = _compliance(request, public_id)
    if filters.errors:
        return HttpResponse(_("Invalid filter."), status=400, content_type="text/plain")
    header = [
        "peer_worker",
        "role",
        "programme",
        "status",
        "last_completed",
        "certificate_expires",
        "due_on",
        "renewal_months",
        "next_booked",
    ]
    rows = (
        [
            cell.peer_worker_name,
            cell.role_title,
            cell.programme_title,
            cell.status,
            cell.latest_completed,
            cell.latest_expires,
            cell.due_on,
            cell.renewal_months or "",
            cell.next_booked,
        ]
        for _first, cells in matrix.rows
        for cell in cells
        if cell is not None
    )
    return csv_response(
        filename=f"compliance-{initiative.research_code}-{timezone.localdate():%Y-%m-%d}.csv",
        header=header,
        rows=rows,
    )


# --- Team preparation -------------------------------------------------------------------


def team_preparation(request: HttpRequest, public_id) -> HttpResponse:
    initiative = get_initiative_for(request, public_id, need=Need.VIEW)
    summary = selectors.team_preparation_by_initiative([initiative.pk]).get(initiative.pk)
    managed = managed_organisation_ids(request.user)
    programmes = (
        selectors.team_preparation_programmes(initiative=initiative, organisation_ids=managed)
        if managed
        else []
    )
    return render(
        request,
        "training/team_preparation.html",
        {
            "initiative": initiative,
            "summary": summary,
            "programmes": programmes,
            "can_manage": bool(managed),
        },
    )


# --- Dashboard --------------------------------------------------------------------------


def _chart(key: str, **options) -> str:
    """An SVG bar chart whose element ids are unique on a page with several charts."""
    return mark_safe(bar_chart_svg(id_prefix=f"chart-{key}", **options))  # noqa: S308 - bar_chart_svg escapes every text


def dashboard(request: HttpRequest, public_id) -> HttpResponse:
    organisation = get_organisation_for(request, public_id, need=Need.MANAGE)
    today = timezone.localdate()
    programmes = list(selectors.programme_statistics(organisation))
    for programme in programmes:
        enrolled = programme.peer_workers_enrolled + programme.colleagues_enrolled
        completed = programme.peer_workers_completed + programme.colleagues_completed
        programme.completion_rate = round(100 * completed / enrolled, 1) if enrolled else None
    initiatives = list(
        Initiative.objects.filter(partners__organisation=organisation).distinct().order_by("name")
    )
    initiative_ids = [initiative.pk for initiative in initiatives]
    compliance = selectors.compliance_rate_by_initiative(initiative_ids, on=today)
    hours = selectors.peer_specific_hours_by_initiative(initiative_ids, on=today)
    preparation = selectors.team_preparation_by_initiative(initiative_ids)
    initiative_rows = [
        {
            "initiative": initiative,
            "compliance": compliance.get(initiative.pk),
            "hours": hours.get(initiative.pk),
            "preparation": preparation.get(initiative.pk),
        }
        for initiative in initiatives
    ]
    peer_workers = list(selectors.peer_specific_hours_by_peer_worker(initiative_ids, on=today))
    certificates = list(selectors.expiring_certificates(organisation, on=today))
    charts = {
        "completion": _chart(
            "completion",
            title=_("Completion rate by programme"),
            categories=[programme.title for programme in programmes],
            series=[Series(_("Completed"), [p.completion_rate for p in programmes])],
            unit="%",
            max_value=100,
        ),
        "compliance": _chart(
            "compliance",
            title=_("Required training currently valid, by initiative"),
            categories=[row["initiative"].name for row in initiative_rows],
            series=[
                Series(
                    _("Valid"),
                    [
                        row["compliance"].rate if row["compliance"] else None
                        for row in initiative_rows
                    ],
                )
            ],
            unit="%",
            max_value=100,
        ),
        "hours": _chart(
            "hours",
            title=_("Peer-specific training hours per peer worker, by initiative"),
            categories=[row["initiative"].name for row in initiative_rows],
            series=[
                Series(
                    _("Mean hours"),
                    [
                        float(row["hours"].mean_hours)
                        if row["hours"] and row["hours"].peer_workers
                        else None
                        for row in initiative_rows
                    ],
                )
            ],
            unit=" h",
        ),
    }
    return render(
        request,
        "training/dashboard.html",
        {
            "organisation": organisation,
            "programmes": programmes,
            "initiative_rows": initiative_rows,
            "peer_workers": peer_workers,
            "certificates": certificates,
            "charts": charts,
            "today": today,
            "zero": Decimal(0),
        },
    )


# --- A peer worker's own record and feedback --------------------------------------------


def my_training(request: HttpRequest) -> HttpResponse:
    """The signed-in peer worker's enrolments, certificates and required training."""
    posts = list(PeerWorker.objects.filter(user=request.user).select_related("role__initiative"))
    enrolments = list(selectors.training_record(request.user)) if posts else []
    cells = selectors.compliance_cells(peer_worker_ids=[post.pk for post in posts]) if posts else []
    given = (
        set(Feedback.objects.filter(author=request.user).values_list("programme_id", flat=True))
        if posts
        else set()
    )
    return render(
        request,
        "training/my_training.html",
        {
            "posts": posts,
            "enrolments": enrolments,
            "cells": cells,
            "feedback_given": given,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def feedback_create(request: HttpRequest, public_id) -> HttpResponse:
    """Feedback from an attendee. Members who did not attend are told why they cannot."""
    programme = get_programme_for_feedback(request, public_id)
    if not selectors.attended_programme(request.user, programme):
        return render(
            request, "training/feedback_refused.html", {"programme": programme}, status=403
        )
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_create(
                programme=programme,
                author=request.user,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect("training:my-training")
    return render(
        request,
        "training/form.html",
        {"form": form, "heading": _("Feedback on %(title)s") % {"title": programme.title}},
    )


# --- Bulk entry ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def enrolment_bulk(request: HttpRequest, public_id) -> HttpResponse:
    """Enrol a list of people or a team in one step, with attendance and completion."""
    session = get_session_for(request, public_id, need=Need.MANAGE)
    form = EnrolManyForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enrolments = services.enrolments_create_many(
                session=session,
                peer_workers=list(data["peer_workers"] or []),
                team=data["team"],
                colleague_names=data["names"],
                attendance=data["attendance"],
                completed_on=data["completed_on"],
                certificate_issued_on=data.get("certificate_issued_on"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(count)s people enrolled.") % {"count": len(enrolments)})
            return redirect("training:session-detail", public_id=session.public_id)
    return render(
        request,
        "training/enrol_many.html",
        {"form": form, "session": session, "programme": session.programme},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def session_complete(request: HttpRequest, public_id) -> HttpResponse:
    """Completion for all of a session's attendees at once."""
    session = get_session_for(request, public_id, need=Need.MANAGE)
    initial = {"completed_on": min(session.last_day, timezone.localdate())}
    if session.programme.has_certificate:
        initial["certificate_issued_on"] = initial["completed_on"]
    form = SessionCompleteForm(request.POST or None, session=session, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            count = services.session_complete(
                session=session,
                enrolments=list(data["enrolments"]),
                completed_on=data["completed_on"],
                certificate_issued_on=data.get("certificate_issued_on"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Completion recorded for %(count)s.") % {"count": count})
            return redirect("training:session-detail", public_id=session.public_id)
    return render(
        request,
        "training/form.html",
        {
            "form": form,
            "heading": _("Completion of %(title)s for everyone who attended on %(day)s")
            % {"title": session.programme.title, "day": session.starts_on.strftime("%d %b %Y")},
            "back": session.programme,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def completion_grid(request: HttpRequest, public_id) -> HttpResponse:
    """Completions for many peer workers and programmes on one screen."""
    initiative = get_initiative_for(request, public_id, need=Need.MANAGE)
    workers, programmes, completed = selectors.completion_grid(initiative)
    form = CompletionGridForm(
        request.POST or None, workers=workers, programmes=programmes, completed=completed
    )
    if request.method == "POST" and form.is_valid():
        records = [
            services.CompletionRecord(peer_worker=worker, programme=programme, completed_on=day)
            for worker, programme, day in form.filled()
        ]
        if not records:
            form.add_error(None, _("Enter at least one completion date."))
        else:
            try:
                created, _updated = services.completions_record(records=records)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(count)s completions recorded.") % {"count": created})
                return redirect("training:compliance-matrix", public_id=initiative.public_id)
    return render(
        request,
        "training/completion_grid.html",
        {"form": form, "initiative": initiative, "programmes": programmes},
        status=400 if form.errors else 200,
    )
