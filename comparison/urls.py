from django.urls import path

from comparison import views

app_name = "comparison"

urlpatterns = [
    path("", views.comparison, name="comparison"),
    path("cases/", views.case_table, name="case-table"),
    path("export/", views.comparison_export, name="export"),
    path("plot/", views.comparison_plot, name="plot"),
    path("plot/download/", views.comparison_plot_download, name="plot-download"),
    path(
        "initiatives/<uuid:public_id>/profile/",
        views.initiative_profile,
        name="initiative-profile",
    ),
    path(
        "initiatives/<uuid:public_id>/practice/",
        views.declaration_edit,
        name="declaration-edit",
    ),
    path("access/", views.access_list, name="access-list"),
    path("profiles/rebuild/", views.profiles_rebuild_view, name="profiles-rebuild"),
    path(
        "access/<uuid:researcher_id>/<uuid:initiative_id>/revoke/",
        views.access_revoke,
        name="access-revoke",
    ),
]
