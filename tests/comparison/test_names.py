"""Nothing a researcher can open or download in the comparison names an initiative, an
organisation, a team or a person — only research codes — unless an administrator granted
identified access to that initiative; a service manager sees their own initiatives by name and
nothing that names another organisation's.

Runs on the seeded demo (``seed_demo``), built once for the module.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse

from accounts.models import User
from cases.models import Initiative, Organisation, PeerWorker, Team
from comparison.disclosure import MEASURES
from comparison.facts import FACTS
from comparison.models import IdentifiedAccessGrant, PracticeProfile
from tests.comparison.downloads import csv_dicts, xlsx_sheets, xlsx_text

COMPARISON = reverse("comparison:comparison")
CASE_TABLE = reverse("comparison:case-table")
EXPORT = reverse("comparison:export")
PLOT = reverse("comparison:plot")
PLOT_DOWNLOAD = reverse("comparison:plot-download")
EXPORT_VIEWS = ("context", "initiative", "case-table", "profiles", "dictionary")


@pytest.fixture
def names(demo_seeded_once, db) -> dict[str, set[str]]:
    return {
        "initiative": set(Initiative.objects.values_list("name", flat=True)),
        "organisation": set(Organisation.objects.values_list("name", flat=True)),
        "team": set(Team.objects.values_list("name", flat=True)),
        "peer worker": set(PeerWorker.objects.values_list("full_name", flat=True)),
        "person": set(
            User.objects.exclude(platform_role__in=["researcher", "administrator"]).values_list(
                "full_name", flat=True
            )
        ),
    }


def _pages(client, url: str, label: str) -> list[tuple[str, str]]:
    """The page and every further page of its pagination."""
    first = client.get(url)
    assert first.status_code == 200, url
    found = [(label, first.content.decode())]
    context = first.context
    pages = (context.get("matrix") or context.get("table")).pages
    separator = "&" if "?" in url else "?"
    for number in range(2, pages + 1):
        response = client.get(f"{url}{separator}page={number}")
        assert response.status_code == 200
        found.append((f"{label} page {number}", response.content.decode()))
    return found


def _everything(client, *, period: str = "") -> list[tuple[str, str]]:
    """Every comparison page, download and plot a researcher can reach for one period."""
    query = f"?{period}" if period else "?"
    seen = []
    seen += _pages(client, f"{COMPARISON}{query}&view=context", "by context")
    seen += _pages(client, f"{COMPARISON}{query}&view=initiative", "by initiative")
    seen += _pages(client, f"{CASE_TABLE}{query}", "case table")
    for view in EXPORT_VIEWS:
        csv_response = client.get(f"{EXPORT}{query}&view={view}&format=csv")
        assert csv_response.status_code == 200, view
        seen.append((f"{view}.csv", csv_response.content.decode()))
        xlsx_response = client.get(f"{EXPORT}{query}&view={view}&format=xlsx")
        assert xlsx_response.status_code == 200, view
        assert len(xlsx_sheets(xlsx_response)) == (1 if view == "dictionary" else 3)
        seen.append((f"{view}.xlsx", xlsx_text(xlsx_response)))
    for kind, keys in (("fact", [f.key for f in FACTS]), ("measure", [m.key for m in MEASURES])):
        for key in keys:
            page = client.get(f"{PLOT}{query}&{kind}={key}")
            assert page.status_code == 200, key
            seen.append((f"plot {key}", page.content.decode()))
            svg = client.get(f"{PLOT_DOWNLOAD}{query}&{kind}={key}&format=svg")
            assert svg.status_code == 200, key
            seen.append((f"plot {key}.svg", svg.content.decode()))
    return seen


def _found(seen: list[tuple[str, str]], candidates: set[str]) -> dict[str, list[str]]:
    """Which of the names appear, and where (HTML-escaped forms too)."""
    from django.utils.html import escape

    found: dict[str, list[str]] = {}
    for where, text in seen:
        for name in candidates:
            if name in text or escape(name) in text:
                found.setdefault(name, []).append(where)
    return found


def _all(names: dict[str, set[str]]) -> set[str]:
    return set().union(*names.values())


@pytest.fixture
def researcher_client(names, client_for):
    return client_for(User.objects.get(email="researcher@demo.peerwork"))


def test_a_researcher_sees_research_codes_and_no_name_anywhere(names, researcher_client):
    seen = _everything(researcher_client)

    assert _found(seen, _all(names)) == {}
    from comparison import selectors

    years = selectors.published_years()  # the case table's default period ends here
    last = dt.date(years[-1], 10, 1) if years else selectors.available_quarters()[-1]
    codes = set(
        PracticeProfile.objects.filter(quarter=last).values_list(
            "initiative__research_code", flat=True
        )
    )
    assert len(codes) >= 10
    case_table = next(text for where, text in seen if where == "case-table.csv")
    assert {row["research_code"] for row in csv_dicts_of(case_table)} == codes


def test_no_name_over_a_span_of_quarters_either(names, researcher_client):
    quarters = sorted(set(PracticeProfile.objects.values_list("quarter", flat=True)))
    first, last = quarters[0], quarters[-1]
    period = f"first={first.year}-Q{(first.month - 1) // 3 + 1}&last={last.year}-Q{(last.month - 1) // 3 + 1}"

    assert _found(_everything(researcher_client, period=period), _all(names)) == {}


def test_identified_access_shows_exactly_that_initiatives_name(names, researcher_client):
    granted = Initiative.objects.get(research_code="P-03")
    IdentifiedAccessGrant.objects.create(
        researcher=User.objects.get(email="researcher@demo.peerwork"),
        initiative=granted,
        reason="Site visit under REC 24/LO/0001",
        granted_by=User.objects.get(email="admin@demo.peerwork"),
    )

    seen = _everything(researcher_client)

    found = _found(seen, _all(names))
    partners = sorted(set(granted.partners.values_list("organisation__name", flat=True)))
    # The grant reveals the initiative's name and its partner organisations, nothing else.
    assert set(found) == {granted.name, *partners}
    assert {"by initiative", "case table", "case-table.csv", "case-table.xlsx"} <= set(
        found[granted.name]
    )
    rows = csv_dicts(researcher_client.get(f"{EXPORT}?view=case-table&format=csv"))
    assert {
        row["research_code"]: row["identified_name"] for row in rows if row["identified_name"]
    } == {"P-03": f"{granted.name} ({'; '.join(partners)})"}


def test_a_revoked_grant_shows_no_name_again(names, researcher_client):
    grant = IdentifiedAccessGrant.objects.create(
        researcher=User.objects.get(email="researcher@demo.peerwork"),
        initiative=Initiative.objects.get(research_code="P-03"),
        reason="Site visit under REC 24/LO/0001",
        granted_by=User.objects.get(email="admin@demo.peerwork"),
    )
    from comparison.services import identified_access_revoke

    identified_access_revoke(grant=grant, revoked_by=grant.granted_by)

    assert _found(_everything(researcher_client), _all(names)) == {}


@pytest.mark.parametrize("email", ["manager@demo.peerwork", "manager2@demo.peerwork"])
def test_a_manager_sees_their_own_initiatives_by_name_and_no_other_organisations(
    email, names, client_for
):
    manager = User.objects.get(email=email)
    own = set(Initiative.objects.managed_by(manager))
    assert own
    own_names = {initiative.name for initiative in own}
    own_organisations = set(
        Organisation.objects.filter(partnerships__initiative__in=own).values_list("name", flat=True)
    )
    client = client_for(manager)
    seen = _pages(client, COMPARISON, "comparison")
    for view in ("context", "dictionary"):
        seen.append(
            (f"{view}.csv", client.get(f"{EXPORT}?view={view}&format=csv").content.decode())
        )
        seen.append((f"{view}.xlsx", xlsx_text(client.get(f"{EXPORT}?view={view}&format=xlsx"))))
    for kind, key in (("fact", "ongoing_support"), ("measure", "headcount")):
        seen.append((key, client.get(f"{PLOT}?{kind}={key}").content.decode()))
        seen.append(
            (f"{key}.svg", client.get(f"{PLOT_DOWNLOAD}?{kind}={key}&format=svg").content.decode())
        )

    page = seen[0][1]
    assert all(name in page for name in own_names)
    others = (names["initiative"] - own_names) | (names["organisation"] - own_organisations)
    others |= names["peer worker"] | names["team"]
    assert _found(seen, others) == {}


def csv_dicts_of(text: str) -> list[dict[str, str]]:
    import csv

    return list(csv.DictReader(io.StringIO(text)))
