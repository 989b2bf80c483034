from django.urls import path

from qualitative import views

app_name = "qualitative"

urlpatterns = [
    path("", views.corpus, name="corpus"),
    path("projects/new/", views.project_create, name="project-create"),
    path("projects/<uuid:public_id>/", views.project_detail, name="project-detail"),
    path("projects/<uuid:public_id>/sources/new/", views.source_add, name="source-add"),
    path(
        "projects/<uuid:public_id>/export.qdpx",
        views.export_project_qdpx,
        name="export-project-qdpx",
    ),
    path("sources/<uuid:public_id>/", views.source_detail, name="source-detail"),
    path("sources/<uuid:public_id>/delete/", views.source_delete, name="source-delete"),
    path("sources/<uuid:public_id>/codings/", views.coding_create, name="coding-create"),
    path("codings/<uuid:public_id>/", views.coding_detail, name="coding-detail"),
    path("codings/<uuid:public_id>/memo/", views.coding_update, name="coding-update"),
    path("codings/<uuid:public_id>/delete/", views.coding_delete, name="coding-delete"),
    path("codebook/", views.codebook, name="codebook"),
    path("codebook/<uuid:public_id>/", views.theme_update, name="theme-update"),
    path("codebook/<uuid:public_id>/merge/", views.theme_merge, name="theme-merge"),
    path("matrix/", views.matrix, name="matrix"),
    path(
        "matrix/<uuid:initiative_id>/<uuid:theme_id>/",
        views.cell_excerpts,
        name="cell-excerpts",
    ),
    path(
        "matrix/<uuid:initiative_id>/<uuid:theme_id>/summary/",
        views.cell_update,
        name="cell-update",
    ),
    path("export/codings.csv", views.export_codings_csv, name="export-codings-csv"),
    path("export/codings.xlsx", views.export_codings_xlsx, name="export-codings-xlsx"),
    path("export/codebook.csv", views.export_codebook_csv, name="export-codebook-csv"),
    path("export/codebook.qdc", views.export_codebook_qdc, name="export-codebook-qdc"),
    path("sharing/", views.sharing, name="sharing"),
    path("sharing/sessions/<uuid:session_id>/", views.sharing_offer, name="sharing-offer"),
    path(
        "sharing/offers/<uuid:public_id>/withdraw/",
        views.sharing_withdraw,
        name="sharing-withdraw",
    ),
]
