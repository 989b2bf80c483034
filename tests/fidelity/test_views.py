"""The rating workflow through the pages, the blind rule in every page and export, and the
statistics, comparison and trajectory pages."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from fidelity.models import Consensus, InformantType, Rating, RatingStatus
from tests.fidelity.factories import InterviewFactory, items_for

pytestmark = pytest.mark.django_db


def test_two_researchers_rate_blind_disagree_and_agree_a_consensus(
    rated_wave, researcher, second_researcher, client_for
):
    interview = InterviewFactory(
        wave=rated_wave["wave"], initiative=rated_wave["sites"][1], reference="NEW-1"
    )
    items = items_for(interview)
    first, second = client_for(researcher), client_for(second_researcher)

    response = first.post(reverse("fidelity:rating-start", args=[interview.public_id]))
    rating = Rating.objects.get(interview=interview, rater=researcher)
    assert response.url == reverse("fidelity:rating-edit", args=[rating.public_id])
    sheet = first.get(response.url)
    assert sheet.status_code == 200
    assert "Fully present" in sheet.content.decode()
    data = {"version": rating.version, "action": "submit"}
    data |= {f"score_{item.pk}": 3 for item in items}
    data[f"note_{items[0].pk}"] = "Shared lived experience often"
    assert first.post(sheet.wsgi_request.path, data).status_code == 302
    rating.refresh_from_db()
    assert rating.status == RatingStatus.SUBMITTED

    # The second rater opens the interview: nothing of the first rating shows.
    page = second.get(
        reverse("fidelity:interview-detail", args=[interview.public_id])
    ).content.decode()
    assert "Shared lived experience often" not in page
    assert "Both ratings" not in page
    second.post(reverse("fidelity:rating-start", args=[interview.public_id]))
    own = Rating.objects.get(interview=interview, rater=second_researcher)
    # ... and the first rater's sheet is a 404 for them.
    assert second.get(reverse("fidelity:rating-edit", args=[rating.public_id])).status_code == 404
    data = {"version": own.version, "action": "submit"}
    data |= {f"score_{item.pk}": 3 for item in items}
    data[f"score_{items[1].pk}"] = 1
    assert (
        second.post(reverse("fidelity:rating-edit", args=[own.public_id]), data).status_code == 302
    )

    page = second.get(
        reverse("fidelity:interview-detail", args=[interview.public_id])
    ).content.decode()
    assert "Both ratings" in page and "Shared lived experience often" in page
    assert "1 item differs." in page

    # Consensus without choosing the disputed score: refused, re-displayed, nothing saved.
    url = reverse("fidelity:consensus-record", args=[interview.public_id])
    refused = second.post(url, {"agreed_by": [researcher.pk, second_researcher.pk]})
    assert refused.status_code == 400
    assert not Consensus.objects.filter(interview=interview).exists()
    agreed = second.post(
        url, {"agreed_by": [researcher.pk, second_researcher.pk], f"score_{items[1].pk}": 2}
    )
    assert agreed.status_code == 302
    consensus = Consensus.objects.get(interview=interview)
    assert consensus.scores.get(item=items[1]).score == 2
    assert set(consensus.agreed_by.all()) == {researcher, second_researcher}


def test_a_rating_outside_the_scale_is_refused_in_the_page(
    rated_wave, second_researcher, client_for
):
    pending = rated_wave["pending"]
    client = client_for(second_researcher)
    client.post(reverse("fidelity:rating-start", args=[pending.public_id]))
    rating = Rating.objects.get(interview=pending, rater=second_researcher)
    items = items_for(pending)
    response = client.post(
        reverse("fidelity:rating-edit", args=[rating.public_id]),
        {"version": rating.version, "action": "save", f"score_{items[0].pk}": 9},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not rating.scores.exists()


def test_blind_rule_holds_in_exports_and_json(
    rated_wave, researcher, second_researcher, client_for
):
    wave, pending = rated_wave["wave"], rated_wave["pending"]
    url = reverse("fidelity:wave-export", args=[wave.public_id])
    second = client_for(second_researcher)
    for kind, export_format in (("long", "csv"), ("wide", "csv"), ("long", "json")):
        body = second.get(f"{url}?kind={kind}&format={export_format}").content.decode()
        assert "P-01-pending" not in body
        assert "FIRST-RATER-NOTE" not in body
    own = client_for(researcher).get(f"{url}?kind=long&format=json").json()
    pending_rows = [row for row in own["rows"] if row["interview"] == "P-01-pending"]
    assert pending_rows and {row["rater_position"] for row in pending_rows} == {1}
    # Once the second rating is in, both see both.
    from tests.fidelity.factories import rate

    rate(pending, second_researcher, [3] * len(items_for(pending)))
    body = second.get(f"{url}?kind=long&format=csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {row["rater_position"] for row in rows if row["interview"] == "P-01-pending"} == {
        "1",
        "2",
    }
    assert "FIRST-RATER-NOTE" in body


def test_long_export_has_one_row_per_item_interview_and_rater(rated_wave, researcher, client_for):
    wave = rated_wave["wave"]
    body = (
        client_for(researcher)
        .get(reverse("fidelity:wave-export", args=[wave.public_id]) + "?kind=long&format=csv")
        .content.decode()
    )
    rows = list(csv.DictReader(io.StringIO(body)))
    expected = sum(len(items_for(interview)) for interview in rated_wave["interviews"])
    assert len([r for r in rows if r["rater_position"] == "1"]) == expected + len(
        items_for(rated_wave["pending"])
    )
    assert len([r for r in rows if r["rater_position"] == "2"]) == expected
    assert len([r for r in rows if r["rater"] == "consensus"]) == expected
    assert {row["site"] for row in rows} == {"P-01", "P-02", "P-03"}
    assert "Alderbank" not in body  # sites by research code only


def test_xlsx_export_carries_the_data_dictionary(rated_wave, researcher, client_for):
    from openpyxl import load_workbook

    response = client_for(researcher).get(
        reverse("fidelity:wave-export", args=[rated_wave["wave"].public_id])
        + "?kind=wide&format=xlsx"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Ratings (wide)", "Data dictionary"]
    dictionary = [row[0] for row in workbook["Data dictionary"].iter_rows(values_only=True)]
    assert {"rater_position", "score", "trust", "T1"} <= set(dictionary)


def test_statistics_page_shows_agreement_and_reading_guides(rated_wave, researcher, client_for):
    page = (
        client_for(researcher)
        .get(reverse("fidelity:wave-statistics", args=[rated_wave["wave"].public_id]))
        .content.decode()
    )
    assert "From 9 interviews rated by both raters." in page
    assert "Landis and Koch" in page
    assert "Cronbach" in page


def test_comparison_suppresses_groups_below_k(rated_wave, researcher, client_for, settings):
    settings.PEERWORK_SUPPRESSION_THRESHOLD = 2
    page = (
        client_for(researcher)
        .get(reverse("fidelity:wave-comparison", args=[rated_wave["wave"].public_id]))
        .content.decode()
    )
    # Two statutory sites are shown, the one voluntary site is suppressed; the total (3 sites)
    # would give the voluntary mean away, so the statutory group is hidden as well.
    assert page.count("suppressed") >= 2
    assert "<svg" in page


def test_trajectory_pages_show_codes_never_names(rated_wave, researcher, client_for):
    client = client_for(researcher)
    page = client.get(reverse("fidelity:trajectories")).content.decode()
    assert "P-01" in page and "Alderbank" not in page
    site = client.get(
        reverse("fidelity:site-trajectory", args=[rated_wave["sites"][0].public_id])
    ).content.decode()
    assert "P-01 over time" in site and "Alderbank" not in site
    assert "never shown per quarter" in site


def test_framework_matrix_shows_domain_scores_beside_themes(rated_wave, researcher, client_for):
    page = client_for(researcher).get(reverse("fidelity:matrix")).content.decode()
    assert 'data-domain="trust"' in page
    assert "Wave 1" in page


def test_managers_see_their_own_site_only_after_publication(
    rated_wave, researcher, manager_a, client_for
):
    site = rated_wave["sites"][0]
    url = reverse("fidelity:site-scores", args=[site.public_id])
    manager = client_for(manager_a)
    assert "has not published" in manager.get(url).content.decode()
    client_for(researcher).post(
        reverse("fidelity:wave-publish", args=[rated_wave["wave"].public_id])
    )
    page = manager.get(url).content.decode()
    assert "Wave 1" in page and "Reciprocity and mutuality" in page
    other = rated_wave["sites"][1]
    assert manager.get(reverse("fidelity:site-scores", args=[other.public_id])).status_code == 404
    from auditlog.models import LogEntry

    wave = rated_wave["wave"]
    assert LogEntry.objects.get_for_object(wave).filter(changes__icontains="published").exists()


def test_a_second_rating_by_the_same_researcher_is_refused_in_the_page(
    rated_wave, researcher, client_for
):
    interview = rated_wave["pending"]
    client = client_for(researcher)
    response = client.post(
        reverse("fidelity:rating-start", args=[interview.public_id]), follow=True
    )
    assert "You have already rated P-01-pending" in response.content.decode()
    assert Rating.objects.filter(interview=interview, rater=researcher).count() == 1
    settled = rated_wave["interviews"][0]
    response = client.post(reverse("fidelity:rating-start", args=[settled.public_id]), follow=True)
    assert "its ratings can no longer change" in response.content.decode()


def test_the_json_export_is_json(rated_wave, researcher, client_for):
    response = client_for(researcher).get(
        reverse("fidelity:wave-export", args=[rated_wave["wave"].public_id])
        + "?kind=scores&format=json"
    )
    data = json.loads(response.content)
    assert {row["site"] for row in data["rows"]} == {"P-01", "P-02", "P-03"}
    assert response["Content-Type"] == "application/json"


def test_informant_types_listed():
    assert InformantType.PERSON_SUPPORTED.label == "Person supported"
