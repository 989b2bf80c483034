"""Instruments through the pages: creating one, importing its items (CSV and Excel), the
template round trip, versions, and an edit form that saves unchanged."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fidelity.models import Instrument, Wave
from tests.fidelity.factories import WaveFactory, illustrative_instrument

pytestmark = pytest.mark.django_db


def test_create_an_instrument_and_import_its_items_from_csv(researcher, client_for):
    client = client_for(researcher)
    response = client.post(
        reverse("fidelity:instrument-create"),
        {
            "name": "Team index",
            "citation": "",
            "licence_note": "Licensed",
            "scale": "0 = no\n1 = some\n2 = yes",
        },
    )
    instrument = Instrument.objects.get(name="Team index")
    assert response.url == reverse("fidelity:instrument-detail", args=[instrument.public_id])
    csv_text = (
        "domain_key,domain,code,item,peer_worker,supervisor,person_supported,anchor_0,anchor_1,anchor_2\n"
        "rel,Relationships,A1,Builds trust,yes,yes,yes,none,some,lots\n"
        'rel,Relationships,A2,=HYPERLINK("x"),yes,no,no,,,\n'
    )
    upload = SimpleUploadedFile("items.csv", csv_text.encode(), content_type="text/csv")
    response = client.post(
        reverse("fidelity:instrument-import", args=[instrument.public_id]), {"file": upload}
    )
    assert response.status_code == 302
    assert list(instrument.items.values_list("code", flat=True)) == ["A1", "A2"]
    assert instrument.items.get(code="A1").anchors.get(value=2).text == "lots"
    # The items download neutralises formula-like text.
    body = client.get(
        reverse("fidelity:instrument-items", args=[instrument.public_id])
    ).content.decode()
    assert "'=HYPERLINK" in body


def test_the_items_download_imports_unchanged_into_a_new_version(researcher, client_for):
    from openpyxl import load_workbook  # noqa: F401 - the Excel path is what is tested

    client = client_for(researcher)
    instrument = illustrative_instrument()
    WaveFactory(instrument=instrument)
    download = client.get(
        reverse("fidelity:instrument-items", args=[instrument.public_id]) + "?format=xlsx"
    )
    client.post(reverse("fidelity:instrument-new-version", args=[instrument.public_id]))
    new = Instrument.objects.get(name=instrument.name, version=2)
    upload = SimpleUploadedFile("items.xlsx", download.content)
    response = client.post(
        reverse("fidelity:instrument-import", args=[new.public_id]), {"file": upload}
    )
    assert response.status_code == 302
    original = list(instrument.items.values_list("code", "text", "for_supervisor"))
    assert list(new.items.values_list("code", "text", "for_supervisor")) == original


def test_importing_into_a_version_in_use_is_refused(researcher, client_for):
    instrument = illustrative_instrument()
    WaveFactory(instrument=instrument, name="In use")
    upload = SimpleUploadedFile("items.csv", b"domain_key,domain\n")
    response = client_for(researcher).post(
        reverse("fidelity:instrument-import", args=[instrument.public_id]), {"file": upload}
    )
    assert response.status_code == 400
    assert "in use by the wave “In use”" in response.content.decode()
    assert instrument.items.count() == 12


def test_the_wave_edit_form_saves_unchanged(researcher, client_for):
    wave = WaveFactory(name="Round trip")
    client = client_for(researcher)
    page = client.get(reverse("fidelity:wave-update", args=[wave.public_id])).content.decode()
    assert f'value="{wave.starts_on.isoformat()}"' in page
    response = client.post(
        reverse("fidelity:wave-update", args=[wave.public_id]),
        {
            "name": wave.name,
            "starts_on": wave.starts_on.isoformat(),
            "ends_on": wave.ends_on.isoformat(),
        },
    )
    assert response.status_code == 302
    stored = Wave.objects.get(pk=wave.pk)
    assert (stored.name, stored.starts_on, stored.ends_on) == (
        wave.name,
        wave.starts_on,
        wave.ends_on,
    )


def test_a_bad_item_file_lists_every_problem_and_applies_nothing(researcher, client_for):
    instrument = illustrative_instrument()
    client = client_for(researcher)
    client.post(reverse("fidelity:instrument-new-version", args=[instrument.public_id]))
    new = Instrument.objects.get(name=instrument.name, version=2)
    csv_text = (
        "domain_key,domain,code,item,peer_worker,supervisor,person_supported,anchor_1,anchor_2,anchor_3,anchor_4\n"
        "t,Trust,Q1,,yes,no,no,,,,\n"
        "t,Trust,Q2,Fine,sometimes,no,no,,,,\n"
    )
    response = client.post(
        reverse("fidelity:instrument-import", args=[new.public_id]),
        {"file": SimpleUploadedFile("items.csv", csv_text.encode())},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Row 2, column “item”: the item text is empty" in page
    assert "Row 3, column “peer_worker”: write yes or no" in page
    assert new.items.count() == 12


def test_enter_an_item_with_a_new_domain_and_its_anchors(researcher, client_for):
    client = client_for(researcher)
    client.post(
        reverse("fidelity:instrument-create"),
        {"name": "Entered index", "citation": "", "licence_note": "", "scale": "1 = low\n2 = high"},
    )
    instrument = Instrument.objects.get(name="Entered index")
    url = reverse("fidelity:item-add", args=[instrument.public_id])
    refused = client.post(
        url,
        {
            "domain_key": "rel",
            "code": "E1",
            "text": "Trust",
            "informant_types": ["supervisor"],
            "anchors": "3 = too high",
        },
    )
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Anchors are for the scale points 1 to 2." in page
    assert "Name the new domain." in page
    assert not instrument.items.exists()
    response = client.post(
        url,
        {
            "domain_key": "rel",
            "domain_name": "Relationships",
            "code": "E1",
            "text": "Trust is built",
            "informant_types": ["supervisor", "person_supported"],
            "anchors": "1 = rarely\n2 = always",
        },
    )
    assert response.status_code == 302
    item = instrument.items.get()
    assert (item.domain.name, item.for_peer_worker, item.for_supervisor) == (
        "Relationships",
        False,
        True,
    )
    assert dict(item.anchors.values_list("value", "text")) == {1: "rarely", 2: "always"}


def test_entering_an_item_into_a_version_in_use_is_refused(researcher, client_for):
    instrument = illustrative_instrument()
    WaveFactory(instrument=instrument, name="Busy")
    response = client_for(researcher).post(
        reverse("fidelity:item-add", args=[instrument.public_id]),
        {"domain_key": "trust", "code": "Z9", "text": "New", "informant_types": ["supervisor"]},
    )
    assert response.status_code == 400
    assert "in use by the wave “Busy”" in response.content.decode()
    assert not instrument.items.filter(code="Z9").exists()
