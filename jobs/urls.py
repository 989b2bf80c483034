from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="job-list"),
    path("<uuid:public_id>/", views.job_detail, name="job-detail"),
    path("<uuid:public_id>/progress/", views.job_progress, name="job-progress"),
    path("<uuid:public_id>/download/", views.job_download, name="job-download"),
    path("<uuid:public_id>/retry/", views.job_retry_view, name="job-retry"),
]
