"""Authentication backend and helpers for the brute-force lockout (django-axes)."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):  # type: ignore[misc]
    """django-axes' lockout check, skipped only when there is no request at all.

    Every sign-in through the web (our login page, the admin login) passes the request, so
    the lockout always applies there. ``authenticate()`` without a request happens only in
    code that already runs with the server's privileges (a shell, or the test client's
    ``login()``), where a lockout protects nothing.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> Any:
    """The e-mail address as the lockout key, case-folded like the login itself."""
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = request.POST.get("username")
    return username.strip().lower() if isinstance(username, str) else username
