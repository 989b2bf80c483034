from django.urls import path

from research import views_comparison as views

urlpatterns = [
    path("comparison/", views.comparison, name="comparison"),
    path("comparison/export/", views.comparison_export, name="comparison-export"),
    path("comparison/plot/", views.comparison_plot, name="comparison-plot"),
    path(
        "comparison/plot/download/", views.comparison_plot_download, name="comparison-plot-download"
    ),
    path("comparison/access/", views.access_list, name="comparison-access"),
    path(
        "comparison/access/<uuid:researcher_id>/<uuid:initiative_id>/revoke/",
        views.access_revoke,
        name="comparison-access-revoke",
    ),
]
