from django.contrib import admin
from django.urls import include, path, re_path

from peerwork import views
from peerwork.lib.redirects import moved_to

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("cases/", include("cases.urls")),
    path("recruitment/", include("recruitment.urls")),
    path("training/", include("training.urls")),
    path("supervision/", include("supervision.urls")),
    path("comparison/", include("comparison.urls")),
    path("qualitative/", include("qualitative.urls")),
    path("audit/", include("audit.urls")),
    path("fidelity/", include("fidelity.urls")),
    path("admin/", admin.site.urls),
    path("imports/", include("imports.urls")),
    path("api/", include("api.urls")),
    # Addresses from before the comparison and the qualitative corpus were separate apps.
    re_path(r"^research/comparison/(?P<rest>.*)$", moved_to("/comparison/")),
    re_path(r"^research/qualitative/(?P<rest>.*)$", moved_to("/qualitative/")),
    re_path(r"^research/sharing/(?P<rest>.*)$", moved_to("/qualitative/sharing/")),
]

# Background jobs (My downloads) and health checks for orchestrators.
urlpatterns += [
    path("jobs/", include("jobs.urls")),
]
