"""Project middleware: security headers, inactivity timeout and two-factor enforcement."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from peerwork.lib import two_factor

LAST_SEEN_KEY = "_peerwork_last_seen"
# Writing the session on every request would cost a database write per page; a minute's
# resolution is plenty for a timeout measured in tens of minutes.
LAST_SEEN_RESOLUTION_SECONDS = 60


class PermissionsPolicyMiddleware:
    """Adds ``Permissions-Policy`` (Django has no setting for it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "PEERWORK_PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response


def idle_timeout_seconds(user) -> int:
    """The inactivity limit for this user; 0 means no limit."""
    if getattr(user, "is_researcher", False) or getattr(user, "is_administrator", False):
        minutes = settings.PEERWORK_IDLE_TIMEOUT_MINUTES
    else:
        minutes = settings.PEERWORK_IDLE_TIMEOUT_MINUTES_OTHERS
    return minutes * 60


def mark_seen(request: HttpRequest) -> None:
    request.session[LAST_SEEN_KEY] = int(time.time())


class IdleTimeoutMiddleware:
    """Signs a user out after a period without requests.

    The sign-in records the time (see ``accounts.signals``); each request refreshes it at most
    once a minute. A request after the limit signs the user out and the login page explains why.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            limit = idle_timeout_seconds(user)
            if limit:
                now = int(time.time())
                last_seen = request.session.get(LAST_SEEN_KEY)
                if last_seen is not None and now - last_seen > limit:
                    logout(request)
                    messages.info(
                        request,
                        _("You were signed out after %(minutes)d minutes without activity.")
                        % {"minutes": limit // 60},
                    )
                    return _to_login(request)
                if last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS:
                    request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


def _to_login(request: HttpRequest) -> HttpResponse:
    if getattr(request, "htmx", False) or request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse(settings.LOGIN_URL)
        return response
    if request.method == "GET":
        return redirect_to_login(request.get_full_path())
    return HttpResponseRedirect(reverse(settings.LOGIN_URL))


class TwoFactorMiddleware:
    """Keeps a signed-in user who must pass two-factor sign-in on the two-factor pages.

    Who must: researchers and administrators always (with ``PEERWORK_REQUIRE_2FA``), and
    anyone who has enrolled a device. Until they verify a code in this session, every other
    page redirects to the verification page (or to enrolment, for a researcher or
    administrator who has no device yet).
    """

    ALLOWED_VIEWS = frozenset(
        {
            "accounts:two-factor-verify",
            "accounts:two-factor-setup",
            "accounts:two-factor-recovery-codes",
            "accounts:logout",
            "accounts:login",
            "admin:logout",
        }
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not settings.PEERWORK_REQUIRE_2FA:
            return None
        user = request.user
        # ``is_verified`` is added to the user by django-otp's OTPMiddleware.
        if not user.is_authenticated or user.is_verified():  # type: ignore[attr-defined]
            return None
        if request.resolver_match and request.resolver_match.view_name in self.ALLOWED_VIEWS:
            return None
        if not two_factor.must_verify(request):
            return None
        if two_factor.has_device_in_session(request):
            target = reverse("accounts:two-factor-verify")
        else:
            target = reverse("accounts:two-factor-setup")
        if request.method == "GET" and not request.headers.get("HX-Request"):
            target = f"{target}?{_next_query(request)}"
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)


def _next_query(request: HttpRequest) -> str:
    return urlencode({"next": request.get_full_path()})


def request_body_limit(request: HttpRequest) -> int:
    """The largest body this request may send, in bytes.

    Nobody signed in uploads a file (sign-in, password reset and the like are small forms), so
    anonymous requests get ``DATA_UPLOAD_MAX_MEMORY_SIZE``; signed-in users may send one
    upload of ``PEERWORK_UPLOAD_MAX_BYTES`` (or the qualitative limit, if larger) plus the form
    around it.
    """
    if not request.user.is_authenticated:
        return settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    largest_upload = max(
        settings.PEERWORK_UPLOAD_MAX_BYTES,
        getattr(settings, "PEERWORK_QUALITATIVE_MAX_UPLOAD_BYTES", 0),
    )
    return largest_upload + settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class RequestBodyLimitMiddleware:
    """Refuses a request whose declared body is too large, before any of it is read.

    Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` does not count files in a multipart body (they are
    streamed to disk), so without this check anyone could make the server read and store tens of
    megabytes by posting them to the sign-in page. The check reads ``Content-Length`` only; a
    request without one has an empty body for Django (WSGI reads no further).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse(
                _("The request's length is not a number."),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        if length > request_body_limit(request):
            response = HttpResponse(
                _(
                    "This request is too large (%(size)s bytes; at most %(limit)s). "
                    "Nothing was saved."
                )
                % {"size": length, "limit": request_body_limit(request)},
                status=413,
                content_type="text/plain; charset=utf-8",
            )
            # The unread body stays in the connection: close it rather than read it.
            response["Connection"] = "close"
            return response
        return self.get_response(request)
