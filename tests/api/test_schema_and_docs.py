"""The OpenAPI schema validates; the reference page describes all of it, from local assets only."""

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


def test_reference_lists_every_operation_and_parameter_of_the_schema(client_for, manager_a):
    """Every path × method of the schema has its own section, with every parameter named, and
    every data type an operation links to is described on the page."""
    schema = client_for(manager_a).get(reverse("api:schema"), {"format": "json"}).json()
    html = client_for(manager_a).get(reverse("api:docs")).content.decode()
    operations = 0
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            operations += 1
            assert f'id="op-{operation["operationId"].lower()}"' in html, (path, method)
            section = html.split(f'id="op-{operation["operationId"].lower()}"', 1)[1]
            section = section.split("</article>", 1)[0]
            assert f'<code class="api-path">{path}</code>' in section
            assert f">{method.upper()}</span>" in section
            for parameter in operation.get("parameters", []):
                assert f"<code>{parameter['name']}</code>" in section, (path, parameter["name"])
    assert html.count('<article class="card') == operations
    for link in set(re.findall(r'href="#(type-[^"]+)"', html)):
        assert f'id="{link}"' in html, link
    for name in schema["components"]["schemas"]:
        assert f"<code>{name}</code>" in html, name


def test_reference_is_public_like_the_schema_and_links_tokens_only_when_signed_in(
    client, client_for, manager_a
):
    anonymous = client.get(reverse("api:docs"))
    assert anonymous.status_code == 200
    assert reverse("api:token-list") not in anonymous.content.decode()
    signed_in = client_for(manager_a).get(reverse("api:docs")).content.decode()
    assert reverse("api:token-list") in signed_in


def test_reference_describes_fields_types_and_choices():
    from api.reference import build

    reference = build(
        {
            "info": {"title": "T", "version": "1", "description": ""},
            "paths": {
                "/api/v1/things/": {
                    "get": {
                        "operationId": "things_list",
                        "tags": ["things"],
                        "parameters": [
                            {"name": "kind", "in": "query", "schema": {"enum": ["a", "b"]}}
                        ],
                        "responses": {
                            "200": {
                                "description": "",
                                "content": {
                                    "application/json": {
                                        "schema": {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/Thing"},
                                        }
                                    }
                                },
                            }
                        },
                    }
                }
            },
            "components": {
                "schemas": {
                    "Thing": {
                        "type": "object",
                        "required": ["id"],
                        "properties": {
                            "id": {"type": "string", "format": "uuid", "readOnly": True},
                            "when": {"type": "string", "format": "date", "nullable": True},
                            "size": {"type": "integer", "maximum": 9},
                        },
                    }
                }
            },
        }
    )
    (group,) = reference.groups
    (operation,) = group.operations
    assert (operation.method, operation.anchor) == ("GET", "op-things_list")
    assert operation.parameters[0].type.choices == ("a", "b")
    assert operation.responses[0].type.label == "list of Thing"
    assert operation.responses[0].type.link == "type-thing"
    (thing,) = reference.data_types
    fields = {field.name: field for field in thing.fields}
    assert fields["id"].required and fields["id"].read_only
    assert fields["id"].type.label == "string (uuid)"
    assert fields["when"].nullable and not fields["when"].required
    assert fields["size"].type.label == "whole number"
    assert fields["size"].constraints == "to 9"


def test_reference_query_count_is_fixed(client_for, manager_a, django_assert_max_num_queries):
    """The reference is built once per process from the schema: a page view reads only the
    session, the user and the navigation's memberships."""
    client = client_for(manager_a)
    client.get(reverse("api:docs"))
    with django_assert_max_num_queries(3):
        assert client.get(reverse("api:docs")).status_code == 200
