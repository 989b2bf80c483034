"""The OpenAPI schema validates; the docs page is served with local assets only."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3_and_valid(manager_a, client_for):
    response = client_for(manager_a).get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)
    assert "/api/v1/research/comparison" in schema["paths"]
    assert "/api/v1/research/fidelity/ratings" in schema["paths"]
    assert schema["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"


def test_docs_use_local_assets_and_no_inline_script(manager_a, client_for):
    response = client_for(manager_a).get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(not source.startswith(("http:", "https:", "//")) for source in sources)
    assert "<script>" not in html.replace(" ", "")
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", html)), (
        "every script is a file"
    )
