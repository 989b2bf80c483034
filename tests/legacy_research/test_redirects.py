"""Addresses under /research/ move permanently to /comparison/ and /qualitative/.

Bookmarks, links in e-mails and shared exports keep working: every old address answers with a
permanent redirect to the new one, query string included.
"""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ONE = uuid.UUID("11111111-1111-4111-8111-111111111111")
TWO = uuid.UUID("22222222-2222-4222-8222-222222222222")

# (old address, new address), written out: every URL the research app had.
MOVES = [
    ("/research/comparison/", "/comparison/"),
    ("/research/comparison/export/", "/comparison/export/"),
    ("/research/comparison/plot/", "/comparison/plot/"),
    ("/research/comparison/plot/download/", "/comparison/plot/download/"),
    ("/research/comparison/access/", "/comparison/access/"),
    (
        f"/research/comparison/access/{ONE}/{TWO}/revoke/",
        f"/comparison/access/{ONE}/{TWO}/revoke/",
    ),
    ("/research/qualitative/", "/qualitative/"),
    ("/research/qualitative/projects/new/", "/qualitative/projects/new/"),
    (f"/research/qualitative/projects/{ONE}/", f"/qualitative/projects/{ONE}/"),
    (
        f"/research/qualitative/projects/{ONE}/sources/new/",
        f"/qualitative/projects/{ONE}/sources/new/",
    ),
    (
        f"/research/qualitative/projects/{ONE}/export.qdpx",
        f"/qualitative/projects/{ONE}/export.qdpx",
    ),
    (f"/research/qualitative/sources/{ONE}/", f"/qualitative/sources/{ONE}/"),
    (f"/research/qualitative/sources/{ONE}/delete/", f"/qualitative/sources/{ONE}/delete/"),
    (f"/research/qualitative/sources/{ONE}/codings/", f"/qualitative/sources/{ONE}/codings/"),
    (f"/research/qualitative/codings/{ONE}/memo/", f"/qualitative/codings/{ONE}/memo/"),
    (f"/research/qualitative/codings/{ONE}/delete/", f"/qualitative/codings/{ONE}/delete/"),
    ("/research/qualitative/codebook/", "/qualitative/codebook/"),
    (f"/research/qualitative/codebook/{ONE}/", f"/qualitative/codebook/{ONE}/"),
    (f"/research/qualitative/codebook/{ONE}/merge/", f"/qualitative/codebook/{ONE}/merge/"),
    ("/research/qualitative/matrix/", "/qualitative/matrix/"),
    (f"/research/qualitative/matrix/{ONE}/{TWO}/", f"/qualitative/matrix/{ONE}/{TWO}/"),
    (
        f"/research/qualitative/matrix/{ONE}/{TWO}/summary/",
        f"/qualitative/matrix/{ONE}/{TWO}/summary/",
    ),
    ("/research/qualitative/export/codings.csv", "/qualitative/export/codings.csv"),
    ("/research/qualitative/export/codings.xlsx", "/qualitative/export/codings.xlsx"),
    ("/research/qualitative/export/codebook.csv", "/qualitative/export/codebook.csv"),
    ("/research/qualitative/export/codebook.qdc", "/qualitative/export/codebook.qdc"),
    ("/research/sharing/", "/qualitative/sharing/"),
    (f"/research/sharing/sessions/{ONE}/", f"/qualitative/sharing/sessions/{ONE}/"),
    (f"/research/sharing/offers/{ONE}/withdraw/", f"/qualitative/sharing/offers/{ONE}/withdraw/"),
]


@pytest.mark.parametrize(("old", "new"), MOVES)
def test_old_address_redirects_permanently_to_the_new_one(old, new, client_for, researcher):
    response = client_for(researcher).get(old)
    assert response.status_code == 301
    assert response["Location"] == new


@pytest.mark.parametrize(("old", "new"), MOVES)
def test_new_address_is_served_by_the_moved_app(old, new, client_for, researcher):
    # Researchers reach every page (some answer 404 for these made-up ids, 405 for a GET on a
    # form that only takes POST, or 403 for administrators' pages): never the old address.
    response = client_for(researcher).get(new)
    assert response.status_code in (200, 403, 404, 405)
    assert response.resolver_match.app_name in ("comparison", "qualitative")


def test_query_string_is_kept(client_for, researcher):
    response = client_for(researcher).get(
        "/research/comparison/export/", {"format": "csv", "table": "contexts", "region": "london"}
    )
    assert response.status_code == 301
    assert response["Location"] == "/comparison/export/?format=csv&table=contexts&region=london"


def test_posts_are_redirected_keeping_their_method(client_for, researcher):
    response = client_for(researcher).post(f"/research/sharing/offers/{ONE}/withdraw/")
    assert response.status_code == 308
    assert response["Location"] == f"/qualitative/sharing/offers/{ONE}/withdraw/"


def test_signed_out_visitors_are_redirected_before_being_asked_to_sign_in():
    response = Client().get("/research/qualitative/matrix/?level=2")
    assert response.status_code == 301
    assert response["Location"] == "/qualitative/matrix/?level=2"


def test_addresses_research_never_had_are_not_found(client_for, researcher):
    assert client_for(researcher).get("/research/").status_code == 404
    assert client_for(researcher).get("/research/other/").status_code == 404
