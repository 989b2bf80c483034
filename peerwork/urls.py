from django.contrib import admin
from django.urls import include, path

from peerwork import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("cases/", include("cases.urls")),
    path("recruitment/", include("recruitment.urls")),
    path("training/", include("training.urls")),
    path("supervision/", include("supervision.urls")),
    path("research/", include("research.urls")),
    path("audit/", include("audit.urls")),
    path("admin/", admin.site.urls),
]
