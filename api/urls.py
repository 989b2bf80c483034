"""``/api/``: the schema, the docs, version 1's endpoints and the tokens page."""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from api import pages, views

app_name = "api"


SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def _api(view_class, **initkwargs):
    """An API view: it authenticates itself (token or session), so the site's sign-in
    redirect does not apply; anonymous calls get 401.

    A write that carries no ``Authorization`` header can only be riding on a session
    cookie: it is refused (403) without a valid CSRF token before the view runs, whatever
    the method or the caller."""
    view = view_class.as_view(**initkwargs)
    csrf = CsrfViewMiddleware(lambda request: None)

    @wraps(view)
    def api_view(request, *args, **kwargs):
        if request.method not in SAFE_METHODS and not request.META.get("HTTP_AUTHORIZATION"):
            refused = csrf.process_view(request, None, (), {})
            if refused is not None:
                return refused
        return view(request, *args, **kwargs)

    return login_not_required(api_view)


urlpatterns = [
    path("schema/", _api(SpectacularAPIView), name="schema"),
    path("docs/", pages.reference_page, name="docs"),
    path("tokens/", pages.token_list, name="token-list"),
    path("tokens/<uuid:public_id>/revoke/", pages.token_revoke, name="token-revoke"),
    path("v1/", _api(views.ApiRoot), name="root"),
    path("v1/initiatives/", _api(views.InitiativeList), name="initiative-list"),
    path(
        "v1/initiatives/<uuid:public_id>/", _api(views.InitiativeDetail), name="initiative-detail"
    ),
    path("v1/roles/", _api(views.RoleList), name="role-list"),
    path("v1/roles/<uuid:public_id>/", _api(views.RoleDetail), name="role-detail"),
    path("v1/peer-workers/", _api(views.PeerWorkerList), name="peer-worker-list"),
    path(
        "v1/peer-workers/<uuid:public_id>/", _api(views.PeerWorkerDetail), name="peer-worker-detail"
    ),
    path("v1/training-records/", _api(views.TrainingRecordList), name="training-record-list"),
    path("v1/milestones/", _api(views.MilestoneList), name="milestone-list"),
    path("v1/milestones/<uuid:public_id>/", _api(views.MilestoneDetail), name="milestone-detail"),
    path("v1/research/comparison", _api(views.ResearchComparison), name="research-comparison"),
    path("v1/research/case-table", _api(views.ResearchCaseTable), name="research-case-table"),
    path("v1/research/excerpts", _api(views.ResearchExcerpts), name="research-excerpts"),
    path(
        "v1/research/fidelity/waves",
        _api(views.FidelityWaves),
        name="research-fidelity-waves",
    ),
    path(
        "v1/research/fidelity/ratings",
        _api(views.FidelityRatings),
        name="research-fidelity-ratings",
    ),
    path(
        "v1/research/fidelity/scores",
        _api(views.FidelityScores),
        name="research-fidelity-scores",
    ),
    path(
        "v1/research/fidelity/dictionary",
        _api(views.FidelityDictionary),
        name="research-fidelity-dictionary",
    ),
    path("v1/supervision/records/", _api(views.SupervisionRecords), name="supervision-records"),
]
