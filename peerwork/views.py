from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from peerwork.lib.navigation import home_panels


def home(request: HttpRequest) -> HttpResponse:
    """A home page assembled from the panels each app offers for the user's roles."""
    return render(request, "home.html", {"panels": home_panels(request)})
