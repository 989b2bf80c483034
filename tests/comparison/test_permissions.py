"""Every comparison URL × every persona → the expected status, one case per pair.

Researchers and administrators see the whole comparison (both views, the case table, every
export); service managers see it by context only, with the context and dictionary exports;
supervisors and peer workers get 403; anonymous visitors are sent to sign in. An initiative's
practice card and declaration follow ``cases.access``: its managers (and administrators) open
them, managers elsewhere and researchers — who have no standing in any organisation — get 404,
members of its organisation without a manager's role get 403. Identified access is for
administrators only.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from comparison.models import IdentifiedAccessGrant, PracticeDeclaration
from tests.comparison.scenes import TODAY, build_profiles, initiative_in, staff, with_role

PERSONAS = [
    "researcher",
    "administrator",
    "manager_a",
    "manager_b",
    "supervisor_a",
    "peer_a",
    "anonymous",
]


@pytest.fixture
def scene(time_machine, initiative_a, role_a, org_b, researcher, administrator):
    time_machine.move_to(TODAY, tick=False)
    staff(role_a, 6)
    initiative_b = initiative_in(
        "voluntary", code="P-02", name="Beacon befrienders", organisations=[(org_b, "lead")]
    )
    with_role(initiative_b, workers=5)
    with_role(initiative_in("partnership", code="P-03", name="Cedar partnership"), workers=7)
    build_profiles()
    grant = IdentifiedAccessGrant.objects.create(
        researcher=researcher,
        initiative=initiative_a,
        reason="Ethics approval REC 24/LO/0001",
        granted_by=administrator,
    )
    return {"initiative": initiative_a, "grant": grant}


ANALYSTS = {
    "researcher": 200,
    "administrator": 200,
    "manager_a": 200,
    "manager_b": 200,
    "supervisor_a": 403,
    "peer_a": 403,
    "anonymous": 302,
}
RESEARCH_ONLY = {**ANALYSTS, "manager_a": 403, "manager_b": 403}
ADMIN_ONLY = {**RESEARCH_ONLY, "researcher": 403}
# cases.access: administrators manage everything; the initiative's own managers too; managers
# elsewhere and researchers are outsiders (404); members of the organisation without the
# manager's role are refused (403).
INITIATIVE_MANAGERS = {
    "researcher": 404,
    "administrator": 200,
    "manager_a": 200,
    "manager_b": 404,
    "supervisor_a": 403,
    "peer_a": 403,
    "anonymous": 302,
}

COMPARISON = reverse("comparison:comparison")
EXPORT = reverse("comparison:export")
PLOT = reverse("comparison:plot")
PLOT_DOWNLOAD = reverse("comparison:plot-download")

# name → (method, url or a function of the scene, expected statuses)
CASES: dict[str, tuple] = {
    "comparison-by-context": ("get", f"{COMPARISON}?view=context", ANALYSTS),
    "comparison-default": ("get", COMPARISON, ANALYSTS),
    "comparison-by-initiative": ("get", f"{COMPARISON}?view=initiative", ANALYSTS),
    "case-table": ("get", reverse("comparison:case-table"), RESEARCH_ONLY),
    "plot-fact": ("get", f"{PLOT}?fact=peer_on_panel", ANALYSTS),
    "plot-measure": ("get", f"{PLOT}?measure=headcount", ANALYSTS),
    "plot-download-fact-svg": ("get", f"{PLOT_DOWNLOAD}?fact=aims&format=svg", ANALYSTS),
    "plot-download-fact-png": ("get", f"{PLOT_DOWNLOAD}?fact=aims&format=png", ANALYSTS),
    "plot-download-measure-svg": ("get", f"{PLOT_DOWNLOAD}?measure=leavers&format=svg", ANALYSTS),
    "plot-download-measure-png": (
        "get",
        f"{PLOT_DOWNLOAD}?measure=retention_12&format=png",
        ANALYSTS,
    ),
    "initiative-profile": (
        "get",
        lambda scene: reverse(
            "comparison:initiative-profile", args=[scene["initiative"].public_id]
        ),
        INITIATIVE_MANAGERS,
    ),
    "declaration-edit": (
        "get",
        lambda scene: reverse("comparison:declaration-edit", args=[scene["initiative"].public_id]),
        INITIATIVE_MANAGERS,
    ),
    "declaration-save": (
        "post",
        lambda scene: reverse("comparison:declaration-edit", args=[scene["initiative"].public_id]),
        {**INITIATIVE_MANAGERS, "administrator": 302, "manager_a": 302},
    ),
    "access-list": ("get", reverse("comparison:access-list"), ADMIN_ONLY),
    "access-revoke": (
        "post",
        lambda scene: reverse(
            "comparison:access-revoke",
            args=[scene["grant"].researcher.public_id, scene["initiative"].public_id],
        ),
        {**ADMIN_ONLY, "administrator": 302},
    ),
    "profiles-rebuild": ("get", reverse("comparison:profiles-rebuild"), ADMIN_ONLY),
}
MANAGER_EXPORTS = ("context", "dictionary")
for export_format in ("csv", "xlsx"):
    for export_view in ("context", "initiative", "case-table", "profiles", "dictionary"):
        CASES[f"export-{export_view}-{export_format}"] = (
            "get",
            f"{EXPORT}?format={export_format}&view={export_view}",
            ANALYSTS if export_view in MANAGER_EXPORTS else RESEARCH_ONLY,
        )

DECLARATION = {"aims": ["recovery"], "informal_recruitment": ["not_known"]}
DECLARATION.update({"ongoing_support": ["informal_one_to_one"], "formal_supervision": "no"})


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(case, persona, personas, scene, client_for):
    method, url, expected = CASES[case]
    url = url(scene) if callable(url) else url
    client = client_for(personas[persona])

    response = client.post(url, DECLARATION) if method == "post" else client.get(url)

    assert response.status_code == expected[persona]
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
    if case == "access-revoke":
        scene["grant"].refresh_from_db()
        assert (scene["grant"].revoked is not None) == (persona == "administrator")
    if case == "declaration-save":
        declared = PracticeDeclaration.objects.filter(initiative=scene["initiative"]).first()
        assert (declared is not None) == (expected[persona] == 302 and persona != "anonymous")


@pytest.mark.parametrize("persona", ["manager_a", "manager_b"])
def test_managers_asking_for_the_initiative_view_get_the_context_view(
    persona, personas, scene, client_for
):
    response = client_for(personas[persona]).get(f"{COMPARISON}?view=initiative")

    own = {"manager_a": "P-01", "manager_b": "P-02"}[persona]
    assert response.context["view"] == "context"
    assert [column.label for column in response.context["matrix"].columns] == [
        own,
        "Statutory",
        "Voluntary",
        "Partnership",
        "All contexts",
    ]
    assert "By initiative" not in response.content.decode()


@pytest.mark.parametrize("persona", ["researcher", "administrator"])
def test_researchers_get_the_initiative_view_they_ask_for(persona, personas, scene, client_for):
    response = client_for(personas[persona]).get(f"{COMPARISON}?view=initiative")

    assert response.context["view"] == "initiative"
    assert [column.label for column in response.context["matrix"].columns] == [
        "P-01",
        "P-02",
        "P-03",
    ]


def test_revoke_only_accepts_post(administrator, scene, client_for):
    url = CASES["access-revoke"][1](scene)
    assert client_for(administrator).get(url).status_code == 405
    scene["grant"].refresh_from_db()
    assert scene["grant"].revoked is None
