from django.urls import path

from training import views

app_name = "training"

urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.my_training, name="my-training"),
    path("programmes/", views.programme_list, name="programme-list"),
    path("programmes/new/", views.programme_create, name="programme-create"),
    path("programmes/<uuid:public_id>/", views.programme_detail, name="programme-detail"),
    path("programmes/<uuid:public_id>/edit/", views.programme_update, name="programme-update"),
    path("programmes/<uuid:public_id>/sessions/new/", views.session_create, name="session-create"),
    path("programmes/<uuid:public_id>/feedback/", views.feedback_create, name="feedback-create"),
    path("sessions/<uuid:public_id>/", views.session_detail, name="session-detail"),
    path("sessions/<uuid:public_id>/edit/", views.session_update, name="session-update"),
    path("sessions/<uuid:public_id>/enrol/", views.enrolment_create, name="enrolment-create"),
    path(
        "sessions/<uuid:public_id>/attendance/", views.attendance_record, name="attendance-record"
    ),
    path("sessions/<uuid:public_id>/enrol-many/", views.enrolment_bulk, name="enrolment-bulk"),
    path("sessions/<uuid:public_id>/complete/", views.session_complete, name="session-complete"),
    path(
        "initiatives/<uuid:public_id>/completion-grid/",
        views.completion_grid,
        name="completion-grid",
    ),
    path(
        "enrolments/<uuid:public_id>/complete/", views.enrolment_complete, name="enrolment-complete"
    ),
    path(
        "initiatives/<uuid:public_id>/required/", views.required_training_list, name="required-list"
    ),
    path(
        "required/<uuid:public_id>/delete/", views.required_training_delete, name="required-delete"
    ),
    path(
        "initiatives/<uuid:public_id>/compliance/",
        views.compliance_matrix,
        name="compliance-matrix",
    ),
    path(
        "initiatives/<uuid:public_id>/compliance.csv", views.compliance_csv, name="compliance-csv"
    ),
    path(
        "initiatives/<uuid:public_id>/team-preparation/",
        views.team_preparation,
        name="team-preparation",
    ),
    path("organisations/<uuid:public_id>/", views.dashboard, name="dashboard"),
]
