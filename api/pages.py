"""The page where people create, see and revoke their personal access tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from api import services
from api.forms import TokenForm
from api.models import AccessToken
from api.reference import reference
from cases.access import uuid_or_404
from peerwork.lib.forms import add_service_errors


def _needs_second_factor(request: HttpRequest) -> bool:
    """Researchers and administrators create tokens only in a session verified with their
    second factor, whatever the sign-in settings."""
    user = request.user
    is_privileged = getattr(user, "is_researcher", False) or getattr(
        user, "is_administrator", False
    )
    return is_privileged and not user.is_verified()


@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    created = None
    secret = ""
    needs_second_factor = _needs_second_factor(request)
    if request.method == "POST" and needs_second_factor:
        form.add_error(None, _("Sign in with your second factor before creating a token."))
    elif request.method == "POST" and form.is_valid():
        try:
            created, secret = services.token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = TokenForm()
    tokens = AccessToken.objects.filter(user=request.user).order_by("-created")
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": tokens,
            "created": created,
            "secret": secret,
            "needs_second_factor": needs_second_factor,
        },
        status=400 if form.errors else 200,
    )
    response["Cache-Control"] = "no-store"  # the new token is on this page once
    return response


@require_POST
def token_revoke(request: HttpRequest, public_id) -> HttpResponse:
    token = get_object_or_404(
        AccessToken.objects.filter(user=request.user), public_id=uuid_or_404(public_id)
    )
    services.token_revoke(token=token)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api:token-list")


@login_not_required
@require_GET
def reference_page(request: HttpRequest) -> HttpResponse:
    """The API reference, drawn from the OpenAPI schema: public, as the schema is."""
    return render(request, "api/reference.html", {"reference": reference()})
