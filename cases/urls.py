from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("initiatives/", views.initiative_list, name="initiative-list"),
    path("initiatives/new/", views.initiative_create, name="initiative-create"),
    path("initiatives/<uuid:public_id>/", views.initiative_detail, name="initiative-detail"),
    path("initiatives/<uuid:public_id>/edit/", views.initiative_update, name="initiative-update"),
    path("initiatives/<uuid:public_id>/milestones/", views.milestone_list, name="milestone-list"),
    path(
        "initiatives/<uuid:public_id>/milestones/new/",
        views.milestone_create,
        name="milestone-create",
    ),
    path("initiatives/<uuid:public_id>/roles/new/", views.role_create, name="role-create"),
    path("milestones/<uuid:public_id>/edit/", views.milestone_update, name="milestone-update"),
    path("milestones/<uuid:public_id>/delete/", views.milestone_delete, name="milestone-delete"),
    path("roles/<uuid:public_id>/", views.role_detail, name="role-detail"),
    path("roles/<uuid:public_id>/edit/", views.role_update, name="role-update"),
    path("roles/<uuid:public_id>/terms/new/", views.role_terms_create, name="role-terms-create"),
    path("role-terms/<uuid:public_id>/delete/", views.role_terms_delete, name="role-terms-delete"),
    path(
        "roles/<uuid:public_id>/peer-workers/new/",
        views.peer_worker_create,
        name="peer-worker-create",
    ),
    path(
        "peer-workers/<uuid:public_id>/edit/", views.peer_worker_update, name="peer-worker-update"
    ),
    path("organisations/new/", views.organisation_create, name="organisation-create"),
    path("organisations/picker/", views.organisation_picker, name="organisation-picker"),
    path("teams/", views.team_list, name="team-list"),
    path("organisations/<uuid:public_id>/teams/", views.team_list, name="team-list-for"),
    path("organisations/<uuid:public_id>/teams/new/", views.team_create, name="team-create"),
    path("teams/<uuid:public_id>/edit/", views.team_update, name="team-update"),
]
