from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("templates/<slug:kind>.<str:extension>", views.template, name="template"),
    path("<uuid:public_id>/", views.job, name="job"),
    path("<uuid:public_id>/progress/", views.job_progress, name="job-progress"),
    path("<uuid:public_id>/confirm/", views.job_confirm, name="job-confirm"),
]
