"""A URLconf for checking that the IDOR sweep itself catches a leak (tests only)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import include, path

from cases.access import get_initiative_for
from cases.models import Initiative


def leaky(request: HttpRequest, initiative: str) -> HttpResponse:
    return HttpResponse(get_object_or_404(Initiative, public_id=initiative).name)


def guarded(request: HttpRequest, initiative: str) -> HttpResponse:
    return HttpResponse(get_initiative_for(request, initiative).name)


leaky_patterns = ([path("<uuid:initiative>/", leaky, name="initiative-detail")], "leaky")
guarded_patterns = ([path("<uuid:initiative>/", guarded, name="initiative-detail")], "guarded")

urlpatterns = [
    path("accounts/", include("accounts.urls")),
    path("leaky/", include(leaky_patterns)),
    path("guarded/", include(guarded_patterns)),
]
