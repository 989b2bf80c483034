from django.urls import path

from supervision import views

app_name = "supervision"

urlpatterns = [
    path("", views.session_list, name="session-list"),
    path("new/", views.session_create, name="session-create"),
    path("supervisees/", views.supervisor_dashboard, name="supervisor-dashboard"),
    path("oversight/", views.oversight, name="oversight"),
    path("read-log/", views.read_log, name="read-log"),
    path("export.csv", views.export_csv, name="export-csv"),
    path("export/", views.export_print, name="export-print"),
    path("arrangements/new/", views.arrangement_create, name="arrangement-create"),
    path("arrangements/new-many/", views.arrangement_create_many, name="arrangement-create-many"),
    path("arrangements/<uuid:public_id>/", views.arrangement_sessions, name="arrangement-detail"),
    path("sessions/<uuid:public_id>/", views.session_detail, name="session-detail"),
    path("sessions/<uuid:public_id>/edit/", views.session_update, name="session-update"),
    path("sessions/<uuid:public_id>/submit/", views.session_submit, name="session-submit"),
    path("sessions/<uuid:public_id>/sign/", views.session_sign, name="session-sign"),
    path("sessions/<uuid:public_id>/return/", views.session_return, name="session-return"),
    path("sessions/<uuid:public_id>/addendum/", views.session_addendum, name="session-addendum"),
    path(
        "sessions/<uuid:public_id>/reflection/",
        views.session_reflection,
        name="session-reflection",
    ),
    path("actions/<uuid:public_id>/done/", views.action_toggle, name="action-toggle"),
]
