"""Lockout per account across addresses, on top of django-axes' lock per account and address.

django-axes locks an (account, address) pair after ``AXES_FAILURE_LIMIT`` failures. Someone
guessing one account's password from many addresses is not limited by that, so the handler
here also counts every failure for the account from any address in the last
``PEERWORK_ACCOUNT_LOCK_MINUTES``; at ``PEERWORK_ACCOUNT_FAILURE_LIMIT`` the account is locked
for everyone (until the failures age out of the window or an administrator resets them with
``axes_reset_username``) and its owner is told by e-mail. Failures are read from axes'
``AccessFailureLog``, which a successful sign-in does not clear, so signing in with a stolen
password between guesses of the second factor does not reset the count.

Wrong second-factor codes are failures too (``second_factor_failed``).
"""

from __future__ import annotations

import datetime as dt

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _


def account_failure_limit() -> int:
    return settings.PEERWORK_ACCOUNT_FAILURE_LIMIT


def account_window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.PEERWORK_ACCOUNT_LOCK_MINUTES)


def account_failures(username: str | None) -> int:
    """Failed sign-ins (passwords and second-factor codes) for the account, from any address,
    within the window."""
    if not username:
        return 0
    since = timezone.now() - account_window()
    return AccessFailureLog.objects.filter(username=username, attempt_time__gte=since).count()


def is_account_locked(username: str | None) -> bool:
    return account_failures(username) >= account_failure_limit()


def _notify(username: str, request) -> None:
    user = get_user_model().objects.filter(email__iexact=username, is_active=True).first()
    if user is None:
        return
    since = timezone.now() - account_window()
    addresses = (
        AccessFailureLog.objects.filter(username=username, attempt_time__gte=since)
        .values("ip_address")
        .distinct()
        .count()
    )
    send_mail(
        subject=_("Your peerwork sign-in has been locked"),
        message=_(
            "Someone failed to sign in to your peerwork account %(count)d times in the last "
            "%(minutes)d minutes, from %(addresses)d different network addresses, so sign-in "
            "to the account is locked for now.\n\n"
            "If this was you, wait an hour and try again, or ask your administrator to unlock "
            "the account. If it was not you, tell your administrator: someone may be trying "
            "to guess your password. Consider changing it once you can sign in again."
        )
        % {
            "count": account_failure_limit(),
            "minutes": settings.PEERWORK_ACCOUNT_LOCK_MINUTES,
            "addresses": addresses,
        },
        from_email=None,
        recipient_list=[user.email],
    )


class AccountLockoutHandler(AxesDatabaseHandler):
    """axes' database handler, plus the per-account limit across addresses."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return is_account_locked(get_client_username(request, credentials))

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        username = get_client_username(request, credentials)
        was_locked = is_account_locked(username)
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and is_account_locked(username):
            request.axes_locked_out = True
            if not was_locked:  # told once, when the lock begins
                _notify(username, request)


def second_factor_failed(request, user) -> bool:
    """Count a wrong second-factor code as a failed sign-in of ``user`` from this address.

    Returns True when the account (or the account from this address) is now locked.
    """
    from axes.handlers.proxy import AxesProxyHandler

    credentials = {settings.AXES_USERNAME_FORM_FIELD: user.email}
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return AxesProxyHandler.is_locked(request, credentials)


def second_factor_locked(request, user) -> bool:
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.is_locked(request, {settings.AXES_USERNAME_FORM_FIELD: user.email})
