"""Subject access: CSV and printable copies of the user's own records."""

from __future__ import annotations

import csv
import io
import re

from django.urls import reverse

from supervision.models import SessionRead, SessionStatus
from tests.supervision.factories import ActionFactory, SessionFactory


def test_csv_holds_every_record_with_own_reflections(
    arrangement_a, peer_a, supervisor_a, client_for
):
    mine = SessionFactory(
        arrangement=arrangement_a,
        author=peer_a,
        private_reflection="MINE",
        status=SessionStatus.SIGNED,
    )
    ActionFactory(session=mine, text="Book the course")
    theirs = SessionFactory(
        arrangement=arrangement_a,
        author=supervisor_a,
        private_reflection="THEIRS",
        counterpart_reflection="ALSO-MINE",
    )
    response = client_for(peer_a).get(reverse("supervision:export-csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_id = {row["session_id"]: row for row in rows}
    assert by_id[str(mine.public_id)]["my_private_reflection"] == "MINE"
    assert "Book the course" in by_id[str(mine.public_id)]["actions"]
    assert by_id[str(theirs.public_id)]["my_private_reflection"] == "ALSO-MINE"
    assert "THEIRS" not in response.content.decode()
    assert SessionRead.objects.filter(reader=peer_a, via="export").count() == 2


def test_csv_neutralises_spreadsheet_formulas(arrangement_a, peer_a, client_for):
    SessionFactory(arrangement=arrangement_a, author=peer_a, shared_summary='=HYPERLINK("x")')
    body = client_for(peer_a).get(reverse("supervision:export-csv")).content.decode()
    assert "'=HYPERLINK" in body


def test_printable_copy_uses_a_print_stylesheet(arrangement_a, peer_a, client_for):
    SessionFactory(arrangement=arrangement_a, author=peer_a, private_reflection="PRINT-ME")
    body = client_for(peer_a).get(reverse("supervision:export-print")).content.decode()
    assert re.search(
        r'<link rel="stylesheet" href="[^"]*supervision/print.css" media="print">', body
    )
    assert "PRINT-ME" in body


def test_pages_carry_no_inline_script_or_style(arrangement_a, peer_a, client_for):
    session = SessionFactory(arrangement=arrangement_a, author=peer_a)
    client = client_for(peer_a)
    for url in [
        reverse("supervision:session-create"),
        reverse("supervision:session-update", args=[session.public_id]),
        reverse("supervision:session-detail", args=[session.public_id]),
        reverse("supervision:session-list"),
        reverse("supervision:export-print"),
    ]:
        body = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), url
        assert " style=" not in body and "<style" not in body, url
        assert not re.search(r"\son[a-z]+=", body), url
