from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from peerwork.lib.navigation import attention, home_panels


def home(request: HttpRequest) -> HttpResponse:
    """The user's to-do list first (what each app says waits for them), then the panels each
    app offers for the user's roles."""
    return render(
        request, "home.html", {"attention": attention(request), "panels": home_panels(request)}
    )
