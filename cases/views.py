"""Service managers' screens for initiatives, teams, roles, peer workers and milestones.

Every view fetches tenant data through ``cases.access``; these are management pages, so
they need ``Need.MANAGE`` (supervisors and peer workers of the organisation get 403, outsiders
404).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import selectors, services
from cases.access import (
    Need,
    get_initiative_for,
    get_milestone_for,
    get_organisation_for,
    get_peer_worker_for,
    get_role_for,
    get_role_terms_for,
    get_team_for,
    managed_organisation_ids,
    organisations_for,
    require_manager_somewhere,
)
from cases.forms import (
    InitiativeForm,
    MilestoneForm,
    OrganisationForm,
    PartnerFormSet,
    PeerWorkerForm,
    PeerWorkerRoleForm,
    RoleTermsForm,
    TeamForm,
)
from cases.models import (
    ImplementationMilestone,
    MembershipRole,
    Organisation,
    PartnerPart,
    PeerWorker,
    Phase,
    RoleTerms,
)
from peerwork.lib.forms import add_service_errors
from peerwork.lib.navigation import record_links


def initiative_list(request: HttpRequest) -> HttpResponse:
    require_manager_somewhere(request)
    initiatives = selectors.initiative_list(user=request.user)
    if not request.user.is_administrator:
        initiatives = initiatives.filter(
            partners__organisation_id__in=managed_organisation_ids(request.user)
        )
    return render(request, "cases/initiative_list.html", {"initiatives": initiatives})


def _partner_formset(request: HttpRequest, initial=None):
    managed = None if request.user.is_administrator else managed_organisation_ids(request.user)
    own, partners = selectors.relevant_organisation_ids(request.user)
    return PartnerFormSet(
        request.POST or None,
        prefix="partners",
        initial=initial,
        managed_organisation_ids=managed,
        relevant_organisation_ids=own | partners,
    )


def initiative_create(request: HttpRequest) -> HttpResponse:
    require_manager_somewhere(request)
    own = organisations_for(request.user, roles={MembershipRole.SERVICE_MANAGER}).first()
    form = InitiativeForm(request.POST or None)
    partners = _partner_formset(
        request, initial=[{"organisation": own, "part": PartnerPart.LEAD}] if own else None
    )
    if request.method == "POST" and form.is_valid() and partners.is_valid():
        data = form.cleaned_data
        initiative = services.initiative_create(
            name=data["name"],
            research_code=data["research_code"],
            status=data["status"],
            started=data["started"],
            description=data["description"],
            settings=data["settings"],
            partners=partners.pairs,
        )
        messages.success(
            request,
            _("Initiative “%(name)s” created (context: %(context)s).")
            % {"name": initiative.name, "context": initiative.get_context_display()},
        )
        return redirect("cases:initiative-detail", initiative.public_id)
    return render(
        request,
        "cases/initiative_form.html",
        {
            "form": form,
            "partners": partners,
            "initiative": None,
            "organisation_form": OrganisationForm(),
        },
    )


def initiative_detail(request: HttpRequest, public_id) -> HttpResponse:
    initiative = get_initiative_for(request, public_id, need=Need.MANAGE)
    context = selectors.initiative_detail(initiative=initiative)
    links = record_links("initiative", request, initiative)
    return render(
        request,
        "cases/initiative_detail.html",
        {"initiative": initiative, "links": links, **context},
    )


def initiative_update(request: HttpRequest, public_id) -> HttpResponse:
    initiative = get_initiative_for(request, public_id, need=Need.MANAGE)
    form = InitiativeForm(request.POST or None, instance=initiative)
    initial = [
        {"organisation": partner.organisation, "part": partner.part}
        for partner in initiative.partners.select_related("organisation")
    ]
    partners = _partner_formset(request, initial=initial)
    if request.method == "POST" and form.is_valid() and partners.is_valid():
        data = form.cleaned_data
        try:
            services.initiative_update(
                initiative=initiative,
                expected_version=data.get("version"),
                settings=data["settings"],
                partners=partners.pairs,
                **{field: data[field] for field in services.INITIATIVE_FIELDS},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Initiative saved."))
            return redirect("cases:initiative-detail", initiative.public_id)
    return render(
        request,
        "cases/initiative_form.html",
        {
            "form": form,
            "partners": partners,
            "initiative": initiative,
            "organisation_form": OrganisationForm(),
        },
    )


def milestone_list(request: HttpRequest, public_id) -> HttpResponse:
    initiative = get_initiative_for(request, public_id, need=Need.MANAGE)
    milestones = list(
        ImplementationMilestone.objects.filter(initiative=initiative)
        .select_related("milestone_type")
        .order_by("planned", "achieved", "pk")
    )
    phases = [
        (phase, [milestone for milestone in milestones if milestone.phase == phase.value])
        for phase in Phase
    ]
    overdue = sum(1 for milestone in milestones if milestone.is_overdue)
    achieved_late = sum(1 for milestone in milestones if milestone.is_achieved_late)
    achieved = sum(1 for milestone in milestones if milestone.achieved)
    return render(
        request,
        "cases/milestone_list.html",
        {
            "initiative": initiative,
            "phases": phases,
            "overdue_count": overdue,
            "achieved_late_count": achieved_late,
            "achieved_count": achieved,
            "total": len(milestones),
        },
    )


def milestone_create(request: HttpRequest, public_id) -> HttpResponse:
    initiative = get_initiative_for(request, public_id, need=Need.MANAGE)
    form = MilestoneForm(
        request.POST or None, instance=ImplementationMilestone(initiative=initiative)
    )
    if request.method == "POST" and form.is_valid():
        services.milestone_save(milestone=form.instance)
        messages.success(request, _("Milestone added."))
        return redirect("cases:milestone-list", initiative.public_id)
    return render(
        request,
        "cases/simple_form.html",
        {
            "form": form,
            "initiative": initiative,
            "heading": _("Add a milestone"),
            "cancel_url": _url_for(initiative, "cases:milestone-list"),
        },
    )


def milestone_update(request: HttpRequest, public_id) -> HttpResponse:
    milestone = get_milestone_for(request, public_id, need=Need.MANAGE)
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        services.milestone_save(milestone=form.instance)
        messages.success(request, _("Milestone saved."))
        return redirect("cases:milestone-list", milestone.initiative.public_id)
    return render(
        request,
        "cases/simple_form.html",
        {
            "form": form,
            "initiative": milestone.initiative,
            "heading": _("Edit milestone"),
            "cancel_url": _url_for(milestone.initiative, "cases:milestone-list"),
        },
    )


@require_POST
def milestone_delete(request: HttpRequest, public_id) -> HttpResponse:
    milestone = get_milestone_for(request, public_id, need=Need.MANAGE)
    initiative = milestone.initiative
    milestone.delete()
    messages.success(request, _("Milestone removed."))
    return redirect("cases:milestone-list", initiative.public_id)


def _url_for(record, name: str) -> str:
    """The URL named ``name`` for a record addressed by its public id."""
    return reverse(name, args=[record.public_id])


def role_create(request: HttpRequest, public_id) -> HttpResponse:
    initiative = get_initiative_for(request, public_id, need=Need.MANAGE)
    from cases.models import PeerWorkerRole

    form = PeerWorkerRoleForm(
        request.POST or None, instance=PeerWorkerRole(initiative=initiative), initiative=initiative
    )
    if request.method == "POST" and form.is_valid():
        try:
            role = services.role_save(
                role=form.save(commit=False),
                functions=form.cleaned_data["functions"],
                terms_from=form.cleaned_data.get("terms_from"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Role “%(title)s” added.") % {"title": role.title})
            return redirect("cases:role-detail", role.public_id)
    return render(
        request, "cases/role_form.html", {"form": form, "initiative": initiative, "role": None}
    )


def role_detail(request: HttpRequest, public_id) -> HttpResponse:
    role = get_role_for(request, public_id, need=Need.MANAGE)
    peer_workers = (
        PeerWorker.objects.filter(role=role)
        .select_related("user")
        .order_by("-started", "full_name")
    )
    return render(
        request,
        "cases/role_detail.html",
        {
            "role": role,
            "initiative": role.initiative,
            "peer_workers": peer_workers,
            "functions": list(role.functions.all()),
            "terms_history": list(role.terms_history.order_by("-effective_from")),
            "links": record_links("role", request, role),
        },
    )


def role_update(request: HttpRequest, public_id) -> HttpResponse:
    role = get_role_for(request, public_id, need=Need.MANAGE)
    form = PeerWorkerRoleForm(request.POST or None, instance=role, initiative=role.initiative)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_save(
                role=form.save(commit=False),
                functions=form.cleaned_data["functions"],
                expected_version=form.cleaned_data.get("version"),
                terms_from=form.cleaned_data.get("terms_from"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Role saved."))
            return redirect("cases:role-detail", role.public_id)
    return render(
        request, "cases/role_form.html", {"form": form, "initiative": role.initiative, "role": role}
    )


def peer_worker_create(request: HttpRequest, public_id) -> HttpResponse:
    role = get_role_for(request, public_id, need=Need.MANAGE)
    form = PeerWorkerForm(request.POST or None, instance=PeerWorker(role=role), role=role)
    if request.method == "POST" and form.is_valid():
        peer_worker = services.peer_worker_save(peer_worker=form.save(commit=False))
        messages.success(
            request, _("%(name)s added to the role.") % {"name": peer_worker.full_name}
        )
        return redirect("cases:role-detail", role.public_id)
    return render(
        request,
        "cases/simple_form.html",
        {
            "form": form,
            "initiative": role.initiative,
            "heading": _("Add a peer worker to “%(title)s”") % {"title": role.title},
            "cancel_url": _url_for(role, "cases:role-detail"),
        },
    )


def peer_worker_update(request: HttpRequest, public_id) -> HttpResponse:
    peer_worker = get_peer_worker_for(request, public_id, need=Need.MANAGE)
    role = peer_worker.role
    form = PeerWorkerForm(request.POST or None, instance=peer_worker, role=role)
    if request.method == "POST" and form.is_valid():
        services.peer_worker_save(peer_worker=form.save(commit=False))
        messages.success(request, _("Peer worker saved."))
        return redirect("cases:role-detail", role.public_id)
    return render(
        request,
        "cases/simple_form.html",
        {
            "form": form,
            "initiative": role.initiative,
            "heading": _("Edit peer worker"),
            "cancel_url": _url_for(role, "cases:role-detail"),
        },
    )


def team_list(request: HttpRequest, public_id=None) -> HttpResponse:
    if public_id is not None:
        organisation = get_organisation_for(request, public_id, need=Need.MANAGE)
    require_manager_somewhere(request)
    managed = organisations_for(request.user, roles={MembershipRole.SERVICE_MANAGER})
    if public_id is None:
        organisation = managed.order_by("name").first()
        if organisation is None:
            return redirect("cases:initiative-list")
    teams = selectors.teams_for_organisation(organisation=organisation)
    return render(
        request,
        "cases/team_list.html",
        {"organisation": organisation, "teams": teams, "organisations": managed.order_by("name")},
    )


def team_create(request: HttpRequest, public_id) -> HttpResponse:
    organisation = get_organisation_for(request, public_id, need=Need.MANAGE)
    from cases.models import Team

    form = TeamForm(
        request.POST or None, instance=Team(organisation=organisation), organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        services.team_save(team=form.save(commit=False))
        messages.success(request, _("Team added."))
        return redirect("cases:team-list-for", organisation.public_id)
    return render(
        request,
        "cases/simple_form.html",
        {
            "form": form,
            "heading": _("Add a team to %(organisation)s") % {"organisation": organisation.name},
            "cancel_url": _url_for(organisation, "cases:team-list-for"),
        },
    )


def team_update(request: HttpRequest, public_id) -> HttpResponse:
    team = get_team_for(request, public_id, need=Need.MANAGE)
    form = TeamForm(request.POST or None, instance=team, organisation=team.organisation)
    if request.method == "POST" and form.is_valid():
        services.team_save(team=form.save(commit=False))
        messages.success(request, _("Team saved."))
        return redirect("cases:team-list-for", team.organisation.public_id)
    return render(
        request,
        "cases/simple_form.html",
        {
            "form": form,
            "heading": _("Edit team"),
            "cancel_url": _url_for(team.organisation, "cases:team-list-for"),
        },
    )


def role_terms_create(request: HttpRequest, public_id) -> HttpResponse:
    """Record another dated version of a role's terms (earlier terms, or a change)."""
    role = get_role_for(request, public_id, need=Need.MANAGE)
    form = RoleTermsForm(request.POST or None, instance=RoleTerms(role=role))
    if request.method == "POST" and form.is_valid():
        terms = {name: form.cleaned_data[name] for name in RoleTerms.TERMS_FIELDS}
        try:
            services.role_terms_add(
                role=role, effective_from=form.cleaned_data["effective_from"], terms=terms
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Terms recorded."))
            return redirect("cases:role-detail", role.public_id)
    return render(request, "cases/role_terms_form.html", {"form": form, "role": role})


@require_POST
def role_terms_delete(request: HttpRequest, public_id) -> HttpResponse:
    version = get_role_terms_for(request, public_id, need=Need.MANAGE)
    try:
        services.role_terms_delete(version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Terms removed from the history."))
    return redirect("cases:role-detail", version.role.public_id)


# --- Organisations ------------------------------------------------------------------------


@require_GET
def organisation_picker(request: HttpRequest) -> HttpResponse:
    """The partner picker's options narrowed to what was typed (an htmx fragment)."""
    require_manager_somewhere(request)
    query = request.GET.get("q", "")[:100]
    selected = None
    for key, value in request.GET.items():
        if key.endswith("-organisation") and value.isdigit() and len(value) < 19:
            selected = Organisation.objects.filter(pk=int(value)).first()
    groups = selectors.organisation_picker(user=request.user, query=query, selected=selected)
    return render(
        request,
        "cases/_organisation_options.html",
        {"groups": groups, "selected": selected, "query": query},
    )


@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    """A service manager adds an organisation (a partner that is not in peerwork yet).

    Names that match an existing organisation once case, punctuation and abbreviations are
    ignored are refused and the existing one is shown; similar names need confirming."""
    require_manager_somewhere(request)
    form = OrganisationForm(request.POST or None)
    matches: list[Organisation] = []
    created = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.organisation_create(
                name=data["name"],
                sector=data["sector"],
                kind=data["kind"],
                region=data["region"],
                is_distinct=data["is_distinct"],
            )
        except ValidationError as error:
            matches = selectors.organisation_near_duplicates(data["name"])
            add_service_errors(form, error)
        else:
            if not request.htmx:
                messages.success(
                    request,
                    _("%(name)s added. Choose it as a partner of your initiative.")
                    % {"name": created.name},
                )
                next_url = request.POST.get("next", "")
                if not url_has_allowed_host_and_scheme(
                    next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
                ):
                    next_url = reverse("cases:initiative-create")
                # A URL, never a view name: redirect() would try to reverse a bare word.
                return HttpResponseRedirect(next_url)
            form = OrganisationForm()
    template = "cases/_organisation_form.html" if request.htmx else "cases/organisation_form.html"
    return render(
        request,
        template,
        {"organisation_form": form, "matches": matches, "created": created},
        # htmx swaps only successful responses: its fragment shows the errors with a 200.
        status=400 if form.errors and not request.htmx else 200,
    )
