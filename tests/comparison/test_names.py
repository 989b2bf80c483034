"""No organisation, initiative or person name from the demo reaches a researcher, and a
service manager's pooled view never names another organisation.

The demo seed runs inside the test; every page, plot, CSV and XLSX is scanned.
"""

from __future__ import annotations

import io
import re

import pytest
from comparison.registry import dimensions
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from cases.models import Initiative, Organisation, PeerWorker, Team


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def _xlsx_text(content: bytes) -> str:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        " ".join(str(value) for value in row if value is not None)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


def _everything_seen(client, extra: str = "", *, plots: bool = True) -> dict[str, str]:
    comparison = reverse("comparison:comparison")
    export = reverse("comparison:export")
    seen = {
        "by context": client.get(comparison + "?" + extra).content.decode(),
        "by initiative": client.get(comparison + "?view=initiative&" + extra).content.decode(),
        "csv initiatives": client.get(
            export + "?format=csv&table=initiatives&" + extra
        ).content.decode(),
        "csv contexts": client.get(export + "?format=csv&table=contexts&" + extra).content.decode(),
        "csv dictionary": client.get(
            export + "?format=csv&table=dictionary&" + extra
        ).content.decode(),
        "xlsx": _xlsx_text(client.get(export + "?format=xlsx&" + extra).content),
    }
    for dimension in dimensions() if plots else []:
        seen[f"plot {dimension.key}"] = client.get(
            reverse("comparison:plot") + f"?dimension={dimension.key}&" + extra
        ).content.decode()
    # The SVG download is the plot page's inline SVG; one download stands for all.
    seen["svg"] = client.get(
        reverse("comparison:plot-download") + "?dimension=leaving_reasons&format=svg&" + extra
    ).content.decode()
    for name, text in seen.items():
        assert text, name
    return seen


def _demo_names() -> list[str]:
    names = [*Organisation.objects.values_list("name", flat=True)]
    names += Initiative.objects.values_list("name", flat=True)
    names += Team.objects.values_list("name", flat=True)
    names += PeerWorker.objects.values_list("full_name", flat=True)
    names += User.objects.exclude(full_name="").values_list("full_name", flat=True)
    # People the other apps record: applicants and panel members, colleagues in training.
    from recruitment.models import Application, PanelMember
    from training.models import Colleague

    names += Application.objects.exclude(full_name="").values_list("full_name", flat=True)
    names += PanelMember.objects.values_list("name", flat=True)
    names += Colleague.objects.values_list("full_name", flat=True)
    return sorted(set(names))


def _leaks(seen: dict[str, str], names: list[str]) -> list[tuple[str, str]]:
    return [
        (where, name)
        for where, text in seen.items()
        for name in names
        if re.search(rf"\b{re.escape(name)}\b", text)
    ]


def test_researcher_never_sees_a_demo_name(demo, client_for):
    researcher = User.objects.get(email="researcher@demo.peerwork")
    seen = _everything_seen(client_for(researcher))
    assert "P-01" in seen["by initiative"] and "P-12" in seen["by initiative"]
    names = [name for name in _demo_names() if name != researcher.full_name]
    assert len(names) > 100  # organisations, initiatives, teams and people
    assert _leaks(seen, names) == []


def test_researcher_filtered_to_inpatient_settings_never_sees_a_demo_name(demo, client_for):
    researcher = User.objects.get(email="researcher@demo.peerwork")
    seen = _everything_seen(client_for(researcher), "setting=inpatient", plots=False)
    assert "P-01" in seen["by initiative"] and "P-05" not in seen["by initiative"]
    names = [name for name in _demo_names() if name != researcher.full_name]
    assert _leaks(seen, names) == []


def test_managers_pooled_view_never_names_another_organisation(demo, client_for):
    manager = User.objects.get(email="manager@demo.peerwork")  # Northvale
    own = Initiative.objects.managed_by(manager)
    assert sorted(own.values_list("research_code", flat=True)) == ["P-01", "P-02", "P-09"]
    partners_of_own = set(
        Organisation.objects.filter(partnerships__initiative__in=own).values_list("name", flat=True)
    )
    seen = _everything_seen(client_for(manager))
    # Their own initiatives are named (they run them) ...
    assert "Northvale inpatient peer support" in seen["by context"]
    # ... but no other organisation, initiative (by name or code), team or person is.
    other_organisations = set(Organisation.objects.values_list("name", flat=True)) - partners_of_own
    other_initiatives = Initiative.objects.exclude(pk__in=own.values("pk"))
    names = sorted(
        other_organisations
        | set(other_initiatives.values_list("name", flat=True))
        | set(PeerWorker.objects.values_list("full_name", flat=True))
        | set(
            User.objects.exclude(pk=manager.pk)
            .exclude(full_name="")
            .values_list("full_name", flat=True)
        )
    )
    assert _leaks(seen, names) == []
    codes = list(other_initiatives.values_list("research_code", flat=True))
    assert [
        (where, code)
        for where, text in seen.items()
        for code in codes
        if re.search(rf"\b{code}\b", text)
    ] == []
    assert "Other voluntary initiatives" in seen["by context"]


def test_second_manager_sees_only_their_own_initiative(demo, client_for):
    manager = User.objects.get(email="manager2@demo.peerwork")  # Harbour Minds: P-07
    html = client_for(manager).get(reverse("comparison:comparison")).content.decode()
    assert "Harbour Minds drop-in peers" in html
    assert "Northvale" not in html and "P-01" not in html
