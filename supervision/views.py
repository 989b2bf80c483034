from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.access import managed_organisation_ids, roles_by_organisation, uuid_or_404
from cases.models import MembershipRole
from peerwork.lib.exports import csv_response
from peerwork.lib.forms import add_service_errors
from peerwork.lib.navigation import record_links
from supervision import selectors, services
from supervision.access import Standing, get_arrangement_for, get_session_for
from supervision.forms import (
    ActionFormSet,
    AddendumForm,
    ArrangementForm,
    ArrangementManyForm,
    ReflectionForm,
    ReturnForm,
    SessionForm,
    action_inputs,
)
from supervision.models import (
    SessionAction,
    SessionStatus,
    SupervisionArrangement,
    SupervisionSession,
)


def _require_member(request: HttpRequest) -> None:
    """Supervision pages are for people with a role in an organisation."""
    if not roles_by_organisation(request.user):
        raise PermissionDenied


def _is_supervisor(user) -> bool:
    roles = roles_by_organisation(user).values()
    return MembershipRole.SUPERVISOR in roles or MembershipRole.SERVICE_MANAGER in roles


# --- Lists and dashboards -------------------------------------------------------------


SESSIONS_PER_PAGE = 25


def session_list(request: HttpRequest) -> HttpResponse:
    """The records the user is a party to (worker or supervisor)."""
    _require_member(request)
    page = Paginator(selectors.sessions_for_party(request.user), SESSIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "supervision/session_list.html", {"sessions": page.object_list, "page": page}
    )


def supervisor_dashboard(request: HttpRequest) -> HttpResponse:
    """Supervisees with last session, next due and overdue flags; records awaiting signature."""
    if not _is_supervisor(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    supervisees = list(selectors.supervisees_of(request.user, on=today))
    awaiting = list(selectors.awaiting_signature_of(request.user))
    return render(
        request,
        "supervision/supervisor_dashboard.html",
        {
            "supervisees": supervisees,
            "awaiting": awaiting,
            "today": today,
            "overdue_count": sum(
                1 for arrangement in supervisees if arrangement.next_due_on < today
            ),
        },
    )


def oversight(request: HttpRequest) -> HttpResponse:
    """Managers: that supervision happens and is on time. Never its content."""
    if not (request.user.is_administrator or managed_organisation_ids(request.user)):
        raise PermissionDenied
    today = timezone.localdate()
    arrangements = list(selectors.oversight_for(request.user, on=today))
    return render(
        request, "supervision/oversight.html", {"arrangements": arrangements, "today": today}
    )


def read_log(request: HttpRequest) -> HttpResponse:
    """Who has read the peer worker's records."""
    _require_member(request)
    reads = list(selectors.reads_of_worker_records(request.user)[:500])
    return render(request, "supervision/read_log.html", {"reads": reads})


# --- Session form ---------------------------------------------------------------------


def _apply_service_errors(exc: ValidationError, form, action_errors: list[str]) -> None:
    """Errors about the actions go above the actions table; the rest onto the form."""
    if hasattr(exc, "error_dict") and "actions" in exc.error_dict:
        action_errors.extend(" ".join(error.messages) for error in exc.error_dict["actions"])
        rest = {field: errors for field, errors in exc.error_dict.items() if field != "actions"}
        if not rest:
            return
        exc = ValidationError(rest)
    add_service_errors(form, exc)


def _action_initial(session: SupervisionSession) -> list[dict]:
    return [
        {
            "action_id": action.public_id,
            "text": action.text,
            "owner": action.owner,
            "due_on": action.due_on,
            "is_done": action.is_done,
            "carried_from_date": action.carried_from.session.held_on
            if action.carried_from_id
            else None,
        }
        for action in session.actions.select_related("carried_from__session")
    ]


def _bind_formset(request: HttpRequest, form, initial=None):
    form.is_valid()  # even when invalid, a valid date lets the actions be checked against it
    held_on = form.cleaned_data.get("held_on")
    return ActionFormSet(
        request.POST, prefix="actions", initial=initial, form_kwargs={"held_on": held_on}
    )


def session_create(request: HttpRequest) -> HttpResponse:
    _require_member(request)
    action_errors: list[str] = []
    if request.method == "POST":
        form = SessionForm(request.POST, user=request.user)
        # The open actions the page showed for review, for the arrangement it showed them for.
        shown_for = _arrangement_in(form, request.POST.get("carry_for"))
        formset = _bind_formset(
            request, form, initial=_carried_rows(shown_for) if shown_for else []
        )
        is_valid = form.is_valid() and formset.is_valid()
        chosen = form.cleaned_data.get("arrangement")
        if chosen is not None and chosen != shown_for and services.carriable_actions(chosen):
            # The person chose another arrangement than the page showed the open actions of:
            # show them now, so nothing is carried into the record unseen.
            form.add_error(
                None,
                _(
                    "This arrangement has open actions from earlier records. They are shown "
                    "under “Agreed actions”: mark each done or drop it, then save again."
                ),
            )
            formset = ActionFormSet(
                prefix="actions",
                initial=_carried_rows(chosen) + _own_rows(formset),
                form_kwargs={"held_on": form.cleaned_data.get("held_on")},
            )
            shown_for = chosen
        elif is_valid:
            data = form.cleaned_data
            try:
                with transaction.atomic():  # a refused submit leaves nothing half-saved
                    session = services.session_create(
                        actor=request.user,
                        arrangement=data["arrangement"],
                        held_on=data["held_on"],
                        duration_minutes=data["duration_minutes"],
                        mode=data["mode"],
                        supervision_type=data["supervision_type"] or None,
                        topics=data["topics"],
                        shared_summary=data["shared_summary"],
                        private_reflection=data["reflection"],
                        next_session_on=data["next_session_on"],
                        actions=action_inputs(formset),
                        carry_open_actions=False,
                    )
                    if "submit" in request.POST:
                        services.session_submit(actor=request.user, session=session)
                if "submit" in request.POST:
                    messages.success(request, _("Record saved and sent for sign-off."))
                else:
                    messages.success(request, _("Draft saved."))
                return redirect("supervision:session-detail", public_id=session.public_id)
            except ValidationError as exc:
                _apply_service_errors(exc, form, action_errors)
    else:
        initial = {"held_on": timezone.localdate(), "duration_minutes": 60, "mode": "in_person"}
        form = SessionForm(initial=initial, user=request.user)
        arrangement_id = request.GET.get("arrangement")
        if arrangement_id:
            arrangement = get_arrangement_for(request, uuid_or_404(arrangement_id))
            form.initial["arrangement"] = arrangement.pk
        elif "arrangement" in form.fields:
            only = list(form.fields["arrangement"].queryset[:2])
            if len(only) == 1:
                form.initial["arrangement"] = only[0].pk
        shown_for = _arrangement_in(form, form["arrangement"].value())
        formset = ActionFormSet(
            prefix="actions", initial=_carried_rows(shown_for) if shown_for else []
        )
    return render(
        request,
        "supervision/session_form.html",
        {
            "form": form,
            "formset": formset,
            "action_errors": action_errors,
            "session": None,
            "is_author": True,
            "carry_for": shown_for.pk if shown_for else "",
            "carried": bool(shown_for and _carried_rows(shown_for)),
            "sharing_links": record_links("supervision-summary", request, None),
        },
    )


def _arrangement_in(form, arrangement_id) -> SupervisionArrangement | None:
    """The arrangement with this key among those the form offers the user, if any."""
    if not arrangement_id or "arrangement" not in form.fields:
        return None
    try:
        return form.fields["arrangement"].queryset.get(pk=arrangement_id)
    except (ValueError, TypeError, ValidationError, SupervisionArrangement.DoesNotExist):
        return None


def _carried_rows(arrangement: SupervisionArrangement) -> list[dict]:
    """Action rows for the open actions of the arrangement's submitted and signed records."""
    return [
        {
            "carried_from": action.public_id,
            "text": action.text,
            "owner": action.owner,
            "due_on": action.due_on,
            "is_done": False,
            "carried_from_date": action.session.held_on,
        }
        for action in services.carriable_actions(arrangement)
    ]


def _own_rows(formset) -> list[dict]:
    """The new actions a person typed (not carried ones), to show them again."""
    rows = []
    for action_form in formset.forms:
        data = getattr(action_form, "cleaned_data", None) or {}
        if data.get("text") and not data.get("DELETE") and not data.get("carried_from"):
            rows.append({key: data.get(key) for key in ("text", "owner", "due_on", "is_done")})
    return rows


def session_update(request: HttpRequest, public_id) -> HttpResponse:
    session = get_session_for(request, public_id)
    if not session.is_editable:
        messages.error(request, _("This record cannot be edited now."))
        return redirect("supervision:session-detail", public_id=session.public_id)
    action_errors: list[str] = []
    conflict = None
    initial_actions = _action_initial(session)
    is_author = session.author_id == request.user.pk
    submit = is_author and "submit" in request.POST
    if request.method == "POST":
        form = SessionForm(request.POST, user=request.user, session=session)
        formset = _bind_formset(request, form, initial=initial_actions)
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():  # a refused submit also undoes the save
                    session = services.session_update(
                        actor=request.user,
                        session=session,
                        version=data["version"] or 0,
                        held_on=data["held_on"],
                        duration_minutes=data["duration_minutes"],
                        mode=data["mode"],
                        supervision_type=data["supervision_type"],
                        topics=data["topics"],
                        shared_summary=data["shared_summary"],
                        reflection=data["reflection"],
                        next_session_on=data["next_session_on"],
                        actions=action_inputs(formset),
                    )
                    if submit:
                        services.session_submit(actor=request.user, session=session)
                if submit:
                    messages.success(request, _("Record saved and sent for sign-off."))
                else:
                    messages.success(request, _("Changes saved."))
                return redirect("supervision:session-detail", public_id=session.public_id)
            except ValidationError as exc:
                if exc.code == "stale":
                    conflict = (
                        SupervisionSession.objects.without_reflections()
                        .prefetch_related("topics", "actions")
                        .get(pk=session.pk)
                    )
                    # Let the user save again on top of the current version once they have
                    # merged the two texts; their own text stays in the form.
                    form.data = form.data.copy()
                    form.data["version"] = str(conflict.version)
                    form.add_error(None, exc)
                else:
                    _apply_service_errors(exc, form, action_errors)
    else:
        form = SessionForm(
            initial={
                "held_on": session.held_on,
                "duration_minutes": session.duration_minutes,
                "mode": session.mode,
                "supervision_type": session.supervision_type,
                "topics": list(session.topics.all()),
                "shared_summary": session.shared_summary,
                "reflection": session.reflection_for(request.user),
                "next_session_on": session.next_session_on,
                "version": session.version,
            },
            user=request.user,
            session=session,
        )
        formset = ActionFormSet(prefix="actions", initial=initial_actions)
    return render(
        request,
        "supervision/session_form.html",
        {
            "form": form,
            "formset": formset,
            "action_errors": action_errors,
            "session": session,
            "conflict": conflict,
            "is_author": is_author,
            "return_comment": _last_return_comment(session),
            "sharing_links": record_links("supervision-summary", request, session),
        },
    )


def _last_return_comment(session: SupervisionSession) -> str:
    if session.status != SessionStatus.RETURNED:
        return ""
    event = session.events.filter(kind="returned").order_by("-created", "-pk").first()
    return event.comment if event else ""


# --- Session detail and workflow ------------------------------------------------------


def session_detail(request: HttpRequest, public_id) -> HttpResponse:
    session = get_session_for(request, public_id, need=Standing.OVERSIGHT)
    if session.standing != Standing.PARTY:
        return render(request, "supervision/session_metadata.html", {"session": session})
    user = request.user
    topics = list(session.topics.all())
    actions = list(session.actions.select_related("carried_from__session"))
    addenda = list(session.addenda.select_related("author"))
    events = list(session.events.select_related("actor"))
    own_reflection = session.reflection_for(user)
    services.reads_log(reader=user, sessions=[session])
    is_author = session.author_id == user.pk
    return render(
        request,
        "supervision/session_detail.html",
        {
            "session": session,
            "topics": topics,
            "actions": actions,
            "addenda": addenda,
            "events": events,
            "is_author": is_author,
            "can_sign": not is_author and session.status == SessionStatus.SUBMITTED,
            "can_submit": is_author and session.is_editable,
            "reflection_form": ReflectionForm(initial={"reflection": own_reflection}),
            "own_reflection": own_reflection,
            "return_form": ReturnForm(),
            "addendum_form": AddendumForm(),
            "return_comment": _last_return_comment(session),
        },
    )


def _workflow(request: HttpRequest, public_id, step) -> HttpResponse:
    session = get_session_for(request, public_id)
    try:
        step(session)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("supervision:session-detail", public_id=session.public_id)


@require_POST
def session_submit(request: HttpRequest, public_id) -> HttpResponse:
    def step(session):
        services.session_submit(actor=request.user, session=session)
        messages.success(request, _("Sent to the other party for sign-off."))

    return _workflow(request, public_id, step)


@require_POST
def session_sign(request: HttpRequest, public_id) -> HttpResponse:
    def step(session):
        services.session_sign(actor=request.user, session=session)
        messages.success(request, _("Signed. The record is now signed by both and locked."))

    return _workflow(request, public_id, step)


@require_POST
def session_return(request: HttpRequest, public_id) -> HttpResponse:
    def step(session):
        services.session_return(
            actor=request.user, session=session, comment=request.POST.get("comment", "")
        )
        messages.success(request, _("Returned to the author with your comment."))

    return _workflow(request, public_id, step)


@require_POST
def session_addendum(request: HttpRequest, public_id) -> HttpResponse:
    def step(session):
        services.addendum_add(
            actor=request.user, session=session, text=request.POST.get("text", "")
        )
        messages.success(request, _("Addendum added."))

    return _workflow(request, public_id, step)


@require_POST
def session_reflection(request: HttpRequest, public_id) -> HttpResponse:
    def step(session):
        services.reflection_save(
            actor=request.user, session=session, text=request.POST.get("reflection", "")
        )
        messages.success(request, _("Your private reflection is saved. Only you can read it."))

    return _workflow(request, public_id, step)


@require_POST
def action_toggle(request: HttpRequest, public_id) -> HttpResponse:
    action = get_object_or_404(SessionAction.objects.select_related("session"), public_id=public_id)
    session = get_session_for(request, action.session.public_id)
    action.session = session
    try:
        services.action_set_done(
            actor=request.user, action=action, is_done=request.POST.get("is_done") == "1"
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        # A URL, never a view name: redirect() would try to reverse a bare word.
        return HttpResponseRedirect(next_url)
    return redirect("supervision:session-detail", public_id=session.public_id)


# --- Subject access export ------------------------------------------------------------

EXPORT_COLUMNS = [
    "session_id",
    "date",
    "duration_minutes",
    "mode",
    "type",
    "status",
    "peer_worker",
    "supervisor",
    "author",
    "topics",
    "shared_summary",
    "my_private_reflection",
    "actions",
    "addenda",
    "next_session",
]


def export_csv(request: HttpRequest) -> HttpResponse:
    """Subject access: every record the user is a party to, with their own reflections."""
    _require_member(request)
    sessions = selectors.export_sessions(request.user)
    services.reads_log(reader=request.user, sessions=sessions, via="export")
    rows = (
        [
            session.public_id,
            session.held_on,
            session.duration_minutes,
            session.get_mode_display(),
            session.get_supervision_type_display(),
            session.get_status_display(),
            session.arrangement.peer_worker.full_name,
            session.arrangement.supervisor.full_name,
            session.author.full_name,
            "; ".join(topic.name for topic in session.topics.all()),
            session.shared_summary,
            session.own_reflection,
            "; ".join(
                f"{action.text} ({action.get_owner_display()}, due {action.due_on}"
                f"{', done' if action.is_done else ''})"
                for action in session.actions.all()
            ),
            "; ".join(addendum.text for addendum in session.addenda.all()),
            session.next_session_on,
        ]
        for session in sessions
    )
    return csv_response(filename="my-supervision-records.csv", header=EXPORT_COLUMNS, rows=rows)


def export_print(request: HttpRequest) -> HttpResponse:
    _require_member(request)
    sessions = selectors.export_sessions(request.user)
    services.reads_log(reader=request.user, sessions=sessions, via="export")
    return render(
        request,
        "supervision/export_print.html",
        {"sessions": sessions, "generated": timezone.now()},
    )


# --- Arrangements ---------------------------------------------------------------------


def arrangement_create(request: HttpRequest) -> HttpResponse:
    """Service managers set up who supervises whom."""
    managed = managed_organisation_ids(request.user)
    if not (managed or request.user.is_administrator):
        raise PermissionDenied
    form = ArrangementForm(
        request.POST or None, managed_ids=managed, is_administrator=request.user.is_administrator
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.arrangement_create(
                peer_worker=data["peer_worker"],
                supervisor=data["supervisor"].user,
                supervisor_organisation=form.supervisor_organisation,
                supervision_type=data["supervision_type"],
                supervisor_has_lived_experience=data["supervisor_has_lived_experience"],
                frequency_days=data["frequency_days"],
                started=data["started"],
                ended=data["ended"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Supervision arrangement saved."))
            return redirect("supervision:oversight")
    return render(request, "supervision/arrangement_form.html", {"form": form})


def arrangement_sessions(request: HttpRequest, public_id) -> HttpResponse:
    """One arrangement's records: content for parties, dates only for oversight."""
    arrangement = get_arrangement_for(request, public_id, need=Standing.OVERSIGHT)
    sessions = list(
        arrangement.sessions.without_reflections().select_related("author").order_by("-held_on")
    )
    return render(
        request,
        "supervision/arrangement_detail.html",
        {
            "arrangement": arrangement,
            "sessions": sessions,
            "is_party": arrangement.standing == Standing.PARTY,
        },
    )


def arrangement_create_many(request: HttpRequest) -> HttpResponse:
    """Service managers give one supervisor many peer workers in one step."""
    managed = managed_organisation_ids(request.user)
    if not (managed or request.user.is_administrator):
        raise PermissionDenied
    form = ArrangementManyForm(
        request.POST or None, managed_ids=managed, is_administrator=request.user.is_administrator
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            arrangements = services.arrangements_create_many(
                peer_workers=list(data["peer_workers"]),
                supervisor=data["supervisor"].user,
                supervisor_organisation=form.supervisor_organisation,
                supervision_type=data["supervision_type"],
                supervisor_has_lived_experience=data["supervisor_has_lived_experience"],
                frequency_days=data["frequency_days"],
                started=data["started"],
                ended=data["ended"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(count)s supervision arrangements saved.") % {"count": len(arrangements)},
            )
            return redirect("supervision:oversight")
    return render(
        request,
        "supervision/arrangement_form.html",
        {"form": form, "many": True},
        status=400 if form.errors else 200,
    )
