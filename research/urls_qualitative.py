from django.urls import path

from research import views_qualitative as views

urlpatterns = [
    path("qualitative/", views.corpus, name="corpus"),
    path("qualitative/projects/new/", views.project_create, name="project-create"),
    path("qualitative/projects/<uuid:public_id>/", views.project_detail, name="project-detail"),
    path("qualitative/projects/<uuid:public_id>/sources/new/", views.source_add, name="source-add"),
    path(
        "qualitative/projects/<uuid:public_id>/export.qdpx",
        views.export_project_qdpx,
        name="export-project-qdpx",
    ),
    path("qualitative/sources/<uuid:public_id>/", views.source_detail, name="source-detail"),
    path("qualitative/sources/<uuid:public_id>/delete/", views.source_delete, name="source-delete"),
    path(
        "qualitative/sources/<uuid:public_id>/codings/", views.coding_create, name="coding-create"
    ),
    path("qualitative/codings/<uuid:public_id>/memo/", views.coding_update, name="coding-update"),
    path("qualitative/codings/<uuid:public_id>/delete/", views.coding_delete, name="coding-delete"),
    path("qualitative/codebook/", views.codebook, name="codebook"),
    path("qualitative/codebook/<uuid:public_id>/", views.theme_update, name="theme-update"),
    path("qualitative/codebook/<uuid:public_id>/merge/", views.theme_merge, name="theme-merge"),
    path("qualitative/matrix/", views.matrix, name="matrix"),
    path(
        "qualitative/matrix/<uuid:initiative_id>/<uuid:theme_id>/",
        views.cell_excerpts,
        name="cell-excerpts",
    ),
    path(
        "qualitative/matrix/<uuid:initiative_id>/<uuid:theme_id>/summary/",
        views.cell_update,
        name="cell-update",
    ),
    path("qualitative/export/codings.csv", views.export_codings_csv, name="export-codings-csv"),
    path("qualitative/export/codings.xlsx", views.export_codings_xlsx, name="export-codings-xlsx"),
    path("qualitative/export/codebook.csv", views.export_codebook_csv, name="export-codebook-csv"),
    path("qualitative/export/codebook.qdc", views.export_codebook_qdc, name="export-codebook-qdc"),
    path("sharing/", views.sharing, name="sharing"),
    path("sharing/sessions/<uuid:session_id>/", views.sharing_offer, name="sharing-offer"),
    path(
        "sharing/offers/<uuid:public_id>/withdraw/",
        views.sharing_withdraw,
        name="sharing-withdraw",
    ),
]
