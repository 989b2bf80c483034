from django.urls import path

from fidelity import views

app_name = "fidelity"

urlpatterns = [
    path("", views.home, name="home"),
    path("instruments/new/", views.instrument_create, name="instrument-create"),
    path("instruments/<uuid:public_id>/", views.instrument_detail, name="instrument-detail"),
    path(
        "instruments/<uuid:public_id>/new-version/",
        views.instrument_new_version,
        name="instrument-new-version",
    ),
    path("instruments/<uuid:public_id>/import/", views.instrument_import, name="instrument-import"),
    path("instruments/<uuid:public_id>/items/new/", views.item_add, name="item-add"),
    path("instruments/<uuid:public_id>/items/", views.instrument_template, name="instrument-items"),
    path("waves/new/", views.wave_create, name="wave-create"),
    path("waves/<uuid:public_id>/", views.wave_detail, name="wave-detail"),
    path("waves/<uuid:public_id>/edit/", views.wave_update, name="wave-update"),
    path("waves/<uuid:public_id>/publish/", views.wave_publish, name="wave-publish"),
    path("waves/<uuid:public_id>/statistics/", views.wave_statistics, name="wave-statistics"),
    path("waves/<uuid:public_id>/comparison/", views.wave_comparison, name="wave-comparison"),
    path("waves/<uuid:public_id>/export/", views.wave_export, name="wave-export"),
    path("interviews/<uuid:public_id>/", views.interview_detail, name="interview-detail"),
    path("interviews/<uuid:public_id>/rate/", views.rating_start, name="rating-start"),
    path("interviews/<uuid:public_id>/consensus/", views.consensus_record, name="consensus-record"),
    path("ratings/<uuid:public_id>/", views.rating_edit, name="rating-edit"),
    path("trajectories/", views.trajectories, name="trajectories"),
    path("sites/<uuid:public_id>/", views.site_trajectory, name="site-trajectory"),
    path("matrix/", views.framework_matrix, name="matrix"),
    path("sites/<uuid:public_id>/scores/", views.site_scores, name="site-scores"),
]
