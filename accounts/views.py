"""Sign-in, two-factor enrolment and verification, and the account security page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from accounts import lockout
from accounts.forms import ConfirmForm, EmailAuthenticationForm, TokenForm
from peerwork.lib import two_factor
from peerwork.lib.auth_backends import lockout_username

RECOVERY_CODES_KEY = "_peerwork_new_recovery_codes"


@login_not_required
def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' lockout response: the login page with an explanation (HTTP 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    if lockout.is_account_locked(lockout_username(request, {"username": username})):
        minutes = settings.PEERWORK_ACCOUNT_LOCK_MINUTES
    form = EmailAuthenticationForm(request, initial={"username": username})
    return render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "next": request.POST.get("next", ""),
            "locked_out_minutes": minutes,
        },
        status=429,
    )


def _safe_next(request: HttpRequest, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def _locked_at_second_factor(request: HttpRequest) -> HttpResponse:
    """Sign the half-signed-in user out and show the lockout page."""
    email = request.user.email
    logout(request)
    request.axes_locked_out = False  # the response is this page, not axes' own
    return locked_out(request, credentials={"username": email})


@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Second step of sign-in: a code from the authenticator app or a recovery code."""
    if request.user.is_verified():
        return HttpResponseRedirect(_safe_next(request))
    if lockout.second_factor_locked(request, request.user):
        return _locked_at_second_factor(request)
    form = TokenForm(request.POST or None, allow_recovery=True)
    if request.method == "POST" and form.is_valid():
        device = two_factor.match_device(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            if device.name == two_factor.RECOVERY_NAME:
                left = two_factor.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    _(
                        "You used a recovery code; %(left)d are left. Make new ones on your "
                        "security page if you are running low."
                    )
                    % {"left": left},
                )
            return HttpResponseRedirect(_safe_next(request))
        # A wrong code counts towards the lockout like a wrong password.
        if lockout.second_factor_failed(request, request.user):
            return _locked_at_second_factor(request)
        form.add_error(
            "token",
            _(
                "That code is not right, or it has expired. Wait a moment, then enter the code your "
                "app shows now."
            ),
        )
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": request.GET.get("next", request.POST.get("next", ""))},
    )


@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (or type the key), confirm one code."""
    user = request.user
    if two_factor.has_totp(user) and not user.is_verified():
        # Replacing a device needs the current one first.
        return redirect("accounts:two-factor-verify")
    device = two_factor.pending_totp_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.totp_confirm(device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            request.session[two_factor.HAS_DEVICE_KEY] = True
            request.session[RECOVERY_CODES_KEY] = two_factor.recovery_codes_create(user=user)
            messages.success(request, _("Two-factor sign-in is on for your account."))
            return redirect("accounts:two-factor-recovery-codes")
        form.add_error(
            "token",
            _(
                "That code does not match. Check the time on your phone, wait a moment and try "
                "again."
            ),
        )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_code": two_factor.qr_code_data_uri(device),
            "manual_key": two_factor.manual_key(device),
            "is_required": two_factor.is_required_for(user),
        },
    )


@require_http_methods(["GET", "POST"])
def two_factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    """Shows freshly made recovery codes once; POST makes a new set (old ones stop working)."""
    if request.method == "POST":
        if not request.user.is_verified():
            return redirect("accounts:two-factor-verify")
        request.session[RECOVERY_CODES_KEY] = two_factor.recovery_codes_create(user=request.user)
        return redirect("accounts:two-factor-recovery-codes")
    codes = request.session.pop(RECOVERY_CODES_KEY, None)
    if not codes:
        messages.info(
            request, _("Recovery codes are shown only once. You can make a new set here.")
        )
        return redirect("accounts:security")
    return render(request, "accounts/two_factor_recovery_codes.html", {"codes": codes})


@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in off (only for roles that do not require it)."""
    user = request.user
    if two_factor.is_required_for(user):
        messages.error(
            request, _("Your role requires two-factor sign-in; it cannot be turned off.")
        )
        return redirect("accounts:security")
    if not user.is_verified():
        return redirect("accounts:two-factor-verify")
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm that you want to turn it off."))
        return redirect("accounts:security")
    two_factor.two_factor_reset(user=user)
    logout(request)
    messages.success(request, _("Two-factor sign-in is off. Sign in again with your password."))
    return redirect(settings.LOGIN_URL)


@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session of this account, on every device, this one included."""
    request.user.sign_out_everywhere()
    logout(request)
    messages.success(
        request, _("You have been signed out on every device. Sign in again to continue.")
    )
    return redirect(settings.LOGIN_URL)


def security(request: HttpRequest) -> HttpResponse:
    """The account's security page: two-factor status, recovery codes, sign out everywhere."""
    user = request.user
    return render(
        request,
        "accounts/security.html",
        {
            "has_totp": two_factor.has_totp(user),
            "recovery_codes_left": two_factor.recovery_codes_left(user),
            "is_required": two_factor.is_required_for(user),
            "is_verified": user.is_verified(),
            "confirm_form": ConfirmForm(),
            "idle_minutes": _idle_minutes(user),
        },
    )


def _idle_minutes(user) -> int:
    from peerwork.middleware import idle_timeout_seconds

    return idle_timeout_seconds(user) // 60
