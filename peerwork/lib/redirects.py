"""Permanent redirects from addresses that moved, so bookmarks and shared links keep working.

    re_path(r"^old/place/(?P<rest>.*)$", moved_to("/new/place/"))

sends ``/old/place/x/?a=1`` to ``/new/place/x/?a=1``: 301 for GET and HEAD, 308 for other
methods (which keeps the method and body). The redirect itself needs no sign-in; the page it
leads to asks for one as usual.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect


class HttpResponsePermanentRedirectKeepingMethod(HttpResponsePermanentRedirect):
    status_code = 308


def moved_to(prefix: str) -> Callable[..., HttpResponse]:
    """A view redirecting permanently to ``prefix`` + the rest of the path + the query."""

    @login_not_required
    def redirect_moved(request: HttpRequest, rest: str = "") -> HttpResponse:
        target = f"{prefix}{rest}"
        if query := request.META.get("QUERY_STRING", ""):
            target = f"{target}?{query}"
        if request.method in ("GET", "HEAD"):
            return HttpResponsePermanentRedirect(target)
        return HttpResponsePermanentRedirectKeepingMethod(target)

    return redirect_moved
