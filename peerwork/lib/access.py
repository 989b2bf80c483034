"""Plain access-control helpers shared by every app.

The rule everywhere: someone with no standing in the tenant gets 404 (we do not confirm
that the record exists); a member whose role does not allow the action gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest


def require_researcher(request: HttpRequest) -> None:
    """403 unless the user is a researcher or an administrator."""
    user = request.user
    if not (getattr(user, "is_researcher", False) or getattr(user, "is_administrator", False)):
        raise PermissionDenied


def require_administrator(request: HttpRequest) -> None:
    if not getattr(request.user, "is_administrator", False):
        raise PermissionDenied


def researcher_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        require_researcher(request)
        return view(request, *args, **kwargs)

    return wrapped


def not_found() -> Http404:
    return Http404("Not found")
