"""Every cell of the by-context and by-initiative views on a small known landscape.

The suppression threshold is 3 here so that some person-level figures show and some do
not. See tests/comparison/factories.py for the landscape.
"""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from tests.comparison.factories import (
    TODAY,
    known_landscape,
    parse_comparison_table,
)

S = "suppressed"
ZERO_BANDS = ["2", "5", "6", "7", "8"]

BY_CONTEXT = {
    # Recruitment (campaigns)
    ("recruitment_route", ""): ["(n=2)", "(n=1)", "—"],
    ("recruitment_route", "open_advert"): ["50%", "0%", "—"],
    ("recruitment_route", "targeted"): ["0%", "100%", "—"],
    ("recruitment_route", "informal"): ["50%", "0%", "—"],
    ("recruitment_route", "internal"): ["0%", "0%", "—"],
    ("campaign_lived_experience_essential", ""): ["50% (n=2)", "100% (n=1)", "—"],
    ("peer_on_panel", ""): ["50% (n=2)", "—", "—"],
    ("criteria_coproduced", ""): ["50% (n=2)", "100% (n=1)", "—"],
    ("days_to_fill", ""): ["45 days (n=2)", "—", "—"],
    # Training: hours per worker in post (30,30,30,30,0 | 10,40,0 | 30,0)
    ("peer_training_hours", ""): ["30 h (n=5)", "10 h (n=3)", S],
    ("accredited_training", ""): ["80% (n=5)", "33% (n=3)", S],
    ("team_prepared_before_start", ""): ["50% (n=2)", "—", "0% (n=1)"],
    # 3 of P-01's 4 required items valid; P-03 and P-04 have two people each
    ("training_compliance", ""): ["75% (n=4)", S, S],
    # Supervision: statutory has one peer arrangement (w1), so managerial goes with it
    ("supervision_types", ""): ["(n=6)", "(n=3)", S],
    ("supervision_types", "peer"): [S, "100%", S],
    ("supervision_types", "managerial"): [S, "0%", S],
    ("supervision_types", "clinical"): ["0%", "0%", S],
    ("supervision_types", "group"): ["0%", "0%", S],
    ("supervisor_lived_experience", ""): ["17% (n=6)", "100% (n=3)", S],
    ("supervision_on_time", ""): ["83% (n=6)", "100% (n=3)", S],
    ("lived_experience_essential", ""): ["50% (n=2)", "100% (n=2)", "100% (n=1)"],
    ("jd_coproduced", ""): ["50% (n=2)", "100% (n=2)", "100% (n=1)"],
    ("employment", ""): ["(n=2)", "(n=2)", "(n=1)"],
    ("employment", "paid"): ["100%", "50%", "100%"],
    ("employment", "sessional"): ["0%", "0%", "0%"],
    ("employment", "volunteer"): ["0%", "50%", "0%"],
    ("pay_band", ""): ["(n=2)", "(n=2)", "(n=1)"],
    **{("pay_band", band): ["0%", "0%", "0%"] for band in ZERO_BANDS},
    ("pay_band", "3"): ["50%", "0%", "100%"],
    ("pay_band", "4"): ["50%", "0%", "0%"],
    ("pay_band", "other"): ["0%", "50%", "0%"],
    ("pay_band", "none"): ["0%", "50%", "0%"],
    ("pay_parity", ""): ["50% (n=2)", "0% (n=1)", "100% (n=1)"],
    ("hours_per_week", ""): ["25 h (n=2)", "10.5 h (n=2)", "37.5 h (n=1)"],
    ("flexible_hours", ""): ["50% (n=2)", "100% (n=2)", "0% (n=1)"],
    ("contract", ""): ["(n=2)", "(n=2)", "(n=1)"],
    ("contract", "permanent"): ["50%", "50%", "100%"],
    ("contract", "fixed_term"): ["50%", "0%", "0%"],
    ("contract", "sessional"): ["0%", "0%", "0%"],
    ("contract", "volunteer"): ["0%", "50%", "0%"],
    ("contract", "not_stated"): ["0%", "0%", "0%"],
    ("plans_peer_supervision", ""): ["50% (n=2)", "100% (n=2)", "100% (n=1)"],
    ("plans_managerial_supervision", ""): ["100% (n=2)", "50% (n=2)", "100% (n=1)"],
    ("plans_clinical_supervision", ""): ["50% (n=2)", "0% (n=2)", "100% (n=1)"],
    ("plans_group_supervision", ""): ["0% (n=2)", "50% (n=2)", "100% (n=1)"],
    ("peer_line_manager", ""): ["0% (n=2)", "100% (n=2)", "0% (n=1)"],
    ("clinical_record_access", ""): ["50% (n=2)", "0% (n=2)", "100% (n=1)"],
    ("attends_team_meetings", ""): ["100% (n=2)", "0% (n=2)", "100% (n=1)"],
    ("sharing_expectation", ""): ["(n=2)", "(n=2)", "(n=1)"],
    ("sharing_expectation", "encouraged"): ["0%", "100%", "0%"],
    ("sharing_expectation", "worker_choice"): ["50%", "0%", "100%"],
    ("sharing_expectation", "cautious"): ["50%", "0%", "0%"],
    ("sharing_expectation", "not_discussed"): ["0%", "0%", "0%"],
    ("funded_posts", ""): ["6", "5", "3"],
    # Person-level: 5 of 6 in post; 3 of 5; 2 of 3 (two people: suppressed)
    ("posts_filled", ""): ["83% (n=6)", "60% (n=5)", S],
    ("retention_6m", ""): ["83% (n=6)", "100% (n=3)", "67% (n=3)"],
    ("retention_12m", ""): ["83% (n=6)", "67% (n=3)", "67% (n=3)"],
    # One leaver in each context.
    ("leaving_reasons", ""): [S, S, S],
    **{
        ("leaving_reasons", reason): [S, S, S]
        for reason in [
            "other_job",
            "education",
            "health",
            "end_of_contract",
            "role_mismatch",
            "team_relationships",
            "relocation",
            "dismissed",
            "other",
            "not_recorded",
        ]
    },
}

BY_INITIATIVE = {
    ("recruitment_route", ""): ["(n=1)", "(n=1)", "(n=1)", "—"],
    ("recruitment_route", "open_advert"): ["100%", "0%", "0%", "—"],
    ("recruitment_route", "targeted"): ["0%", "0%", "100%", "—"],
    ("recruitment_route", "informal"): ["0%", "100%", "0%", "—"],
    ("recruitment_route", "internal"): ["0%", "0%", "0%", "—"],
    ("campaign_lived_experience_essential", ""): ["100% (n=1)", "0% (n=1)", "100% (n=1)", "—"],
    ("peer_on_panel", ""): ["100% (n=1)", "0% (n=1)", "—", "—"],
    ("criteria_coproduced", ""): ["100% (n=1)", "0% (n=1)", "100% (n=1)", "—"],
    ("days_to_fill", ""): ["60 days (n=1)", "30 days (n=1)", "—", "—"],
    # Medians do not add up, so P-01's stays although P-02's (one worker) is suppressed.
    ("peer_training_hours", ""): ["30 h (n=4)", S, "10 h (n=3)", S],
    ("accredited_training", ""): [S, S, "33% (n=3)", S],
    ("team_prepared_before_start", ""): ["100% (n=1)", "0% (n=1)", "—", "0% (n=1)"],
    ("training_compliance", ""): ["75% (n=4)", "—", S, S],
    ("supervision_types", ""): [S, S, "(n=3)", S],
    ("supervision_types", "peer"): [S, S, "100%", S],
    ("supervision_types", "managerial"): [S, S, "0%", S],
    ("supervision_types", "clinical"): [S, S, "0%", S],
    ("supervision_types", "group"): [S, S, "0%", S],
    ("supervisor_lived_experience", ""): [S, S, "100% (n=3)", S],
    ("supervision_on_time", ""): [S, S, "100% (n=3)", S],
    ("lived_experience_essential", ""): ["100% (n=1)", "0% (n=1)", "100% (n=2)", "100% (n=1)"],
    ("jd_coproduced", ""): ["100% (n=1)", "0% (n=1)", "100% (n=2)", "100% (n=1)"],
    ("employment", ""): ["(n=1)", "(n=1)", "(n=2)", "(n=1)"],
    ("employment", "paid"): ["100%", "100%", "50%", "100%"],
    ("employment", "sessional"): ["0%", "0%", "0%", "0%"],
    ("employment", "volunteer"): ["0%", "0%", "50%", "0%"],
    ("pay_band", ""): ["(n=1)", "(n=1)", "(n=2)", "(n=1)"],
    **{("pay_band", band): ["0%", "0%", "0%", "0%"] for band in ZERO_BANDS},
    ("pay_band", "3"): ["100%", "0%", "0%", "100%"],
    ("pay_band", "4"): ["0%", "100%", "0%", "0%"],
    ("pay_band", "other"): ["0%", "0%", "50%", "0%"],
    ("pay_band", "none"): ["0%", "0%", "50%", "0%"],
    ("pay_parity", ""): ["100% (n=1)", "0% (n=1)", "0% (n=1)", "100% (n=1)"],
    ("hours_per_week", ""): ["30 h (n=1)", "20 h (n=1)", "10.5 h (n=2)", "37.5 h (n=1)"],
    ("flexible_hours", ""): ["0% (n=1)", "100% (n=1)", "100% (n=2)", "0% (n=1)"],
    ("contract", ""): ["(n=1)", "(n=1)", "(n=2)", "(n=1)"],
    ("contract", "permanent"): ["100%", "0%", "50%", "100%"],
    ("contract", "fixed_term"): ["0%", "100%", "0%", "0%"],
    ("contract", "sessional"): ["0%", "0%", "0%", "0%"],
    ("contract", "volunteer"): ["0%", "0%", "50%", "0%"],
    ("contract", "not_stated"): ["0%", "0%", "0%", "0%"],
    ("plans_peer_supervision", ""): ["100% (n=1)", "0% (n=1)", "100% (n=2)", "100% (n=1)"],
    ("plans_managerial_supervision", ""): ["100% (n=1)", "100% (n=1)", "50% (n=2)", "100% (n=1)"],
    ("plans_clinical_supervision", ""): ["100% (n=1)", "0% (n=1)", "0% (n=2)", "100% (n=1)"],
    ("plans_group_supervision", ""): ["0% (n=1)", "0% (n=1)", "50% (n=2)", "100% (n=1)"],
    ("peer_line_manager", ""): ["0% (n=1)", "0% (n=1)", "100% (n=2)", "0% (n=1)"],
    ("clinical_record_access", ""): ["100% (n=1)", "0% (n=1)", "0% (n=2)", "100% (n=1)"],
    ("attends_team_meetings", ""): ["100% (n=1)", "100% (n=1)", "0% (n=2)", "100% (n=1)"],
    ("sharing_expectation", ""): ["(n=1)", "(n=1)", "(n=2)", "(n=1)"],
    ("sharing_expectation", "encouraged"): ["0%", "0%", "100%", "0%"],
    ("sharing_expectation", "worker_choice"): ["0%", "100%", "0%", "100%"],
    ("sharing_expectation", "cautious"): ["100%", "0%", "0%", "0%"],
    ("sharing_expectation", "not_discussed"): ["0%", "0%", "0%", "0%"],
    ("funded_posts", ""): ["4", "2", "5", "3"],
    # P-02 has one person in post (suppressed); P-01 (four) is suppressed too, or the
    # statutory total (five) minus P-01 would give P-02 back.
    ("posts_filled", ""): [S, S, "60% (n=5)", S],
    ("retention_6m", ""): [S, S, "100% (n=3)", "67% (n=3)"],
    ("retention_12m", ""): [S, S, "67% (n=3)", "67% (n=3)"],
    ("leaving_reasons", ""): ["—", S, S, S],
    **{
        ("leaving_reasons", reason): ["—", S, S, S]
        for reason in [
            "other_job",
            "education",
            "health",
            "end_of_contract",
            "role_mismatch",
            "team_relationships",
            "relocation",
            "dismissed",
            "other",
            "not_recorded",
        ]
    },
}


@pytest.fixture
def landscape(db, settings):
    settings.PEERWORK_SUPPRESSION_THRESHOLD = 3
    with time_machine.travel(TODAY, tick=False):
        yield known_landscape()


def test_by_context_view_shows_every_expected_cell(landscape, researcher, client_for):
    response = client_for(researcher).get(reverse("comparison:comparison"))
    assert response.status_code == 200
    columns, rows = parse_comparison_table(response.content.decode())
    assert columns == ["statutory", "voluntary", "partnership"]
    assert rows == BY_CONTEXT


def test_by_context_headers_give_the_number_of_initiatives(landscape, researcher, client_for):
    html = client_for(researcher).get(reverse("comparison:comparison")).content.decode()
    assert html.count("2 initiatives") == 1  # statutory
    assert html.count("1 initiative\n") + html.count("1 initiative ") >= 2


def test_by_initiative_view_shows_every_expected_cell(landscape, researcher, client_for):
    response = client_for(researcher).get(reverse("comparison:comparison") + "?view=initiative")
    columns, rows = parse_comparison_table(response.content.decode())
    assert columns == ["P-01", "P-02", "P-03", "P-04"]  # statutory, voluntary, partnership
    assert rows == BY_INITIATIVE


def test_by_initiative_view_shows_context_region_and_settings_but_no_names(
    landscape, researcher, client_for
):
    html = (
        client_for(researcher)
        .get(reverse("comparison:comparison") + "?view=initiative")
        .content.decode()
    )
    assert "London" in html and "North West" in html
    assert "Inpatient ward" in html and "Community mental health team" in html
    for name in ["Saltmarsh", "Stonebridge", "Valley Voices", "ward peers"]:
        assert name not in html


def test_context_export_carries_the_same_figures(landscape, researcher, client_for):
    import csv
    import io

    response = client_for(researcher).get(
        reverse("comparison:export") + "?format=csv&table=contexts"
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_key = {(r["context"], r["dimension"], r["category"]): r for r in rows}
    filled = by_key[("statutory", "posts_filled", "")]
    assert (filled["value"], filled["count"], filled["n"], filled["status"]) == (
        "83.3",
        "5",
        "6",
        "shown",
    )
    hidden = by_key[("partnership", "posts_filled", "")]
    assert (hidden["value"], hidden["count"], hidden["n"], hidden["status"]) == (
        "",
        "",
        "",
        "suppressed",
    )
    hours = by_key[("voluntary", "hours_per_week", "")]
    assert (hours["value"], hours["unit"], hours["n"]) == ("10.5", "h", "2")
    paid = by_key[("voluntary", "employment", "paid")]
    assert (paid["value"], paid["count"], paid["n"], paid["person_level"]) == ("50", "1", "2", "no")
    assert {r["initiatives"] for r in rows if r["context"] == "statutory"} == {"2"}
    # every dimension × category × context is there
    assert len(rows) == 3 * sum(1 if not key[1] else 0 for key in BY_CONTEXT) + 3 * sum(
        1 for key in BY_CONTEXT if key[1]
    ) - 3 * len({key[0] for key in BY_CONTEXT if key[1]})


def test_initiative_export_carries_the_same_figures(landscape, researcher, client_for):
    import csv
    import io

    response = client_for(researcher).get(reverse("comparison:export") + "?format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_key = {(r["research_code"], r["dimension"], r["category"]): r for r in rows}
    assert by_key[("P-03", "retention_12m", "")]["value"] == "66.7"
    assert by_key[("P-01", "retention_12m", "")]["status"] == "suppressed"
    assert by_key[("P-01", "funded_posts", "")]["value"] == "4"
    assert by_key[("P-01", "leaving_reasons", "health")]["status"] == "no data"
    assert by_key[("P-02", "leaving_reasons", "health")]["status"] == "suppressed"
    assert by_key[("P-02", "leaving_reasons", "health")]["count"] == ""
    assert "initiative_name" not in rows[0]
