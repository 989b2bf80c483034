from django.urls import path

from recruitment import views

app_name = "recruitment"

urlpatterns = [
    path("", views.campaign_list, name="campaign-list"),
    path("campaigns/new/", views.campaign_create, name="campaign-create"),
    path("campaigns/<uuid:public_id>/", views.campaign_detail, name="campaign-detail"),
    path("campaigns/<uuid:public_id>/edit/", views.campaign_update, name="campaign-update"),
    path("campaigns/<uuid:public_id>/board/", views.campaign_board, name="campaign-board"),
    path(
        "campaigns/<uuid:public_id>/criteria/new/",
        views.criterion_create,
        name="criterion-create",
    ),
    path(
        "campaigns/<uuid:public_id>/criteria/<uuid:criterion_id>/delete/",
        views.criterion_delete,
        name="criterion-delete",
    ),
    path(
        "campaigns/<uuid:public_id>/applications/new/",
        views.application_create,
        name="application-create",
    ),
    path("applications/<uuid:public_id>/", views.application_detail, name="application-detail"),
    path(
        "applications/<uuid:public_id>/edit/", views.application_update, name="application-update"
    ),
    path("applications/<uuid:public_id>/move/", views.application_move, name="application-move"),
    path(
        "applications/<uuid:public_id>/appoint/",
        views.application_appoint,
        name="application-appoint",
    ),
    path(
        "applications/<uuid:public_id>/interviews/new/",
        views.interview_create,
        name="interview-create",
    ),
    path("interviews/<uuid:public_id>/", views.interview_detail, name="interview-detail"),
    path(
        "organisations/<uuid:public_id>/dashboard/",
        views.organisation_dashboard,
        name="organisation-dashboard",
    ),
    path(
        "initiatives/<uuid:public_id>/dashboard/",
        views.initiative_dashboard,
        name="initiative-dashboard",
    ),
]
