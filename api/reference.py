"""The API reference page's content, read from the OpenAPI schema drf-spectacular generates.

The page is drawn by peerwork's own templates (landmarks, headings, tables, the site's
contrast and focus styles) rather than by a script in the browser, so it reads the same in a
screen reader, on a phone and with scripts off. The schema itself stays at ``/api/schema/`` for
any OpenAPI tool.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.utils.text import slugify
from drf_spectacular.generators import SchemaGenerator

REF_PREFIX = "#/components/schemas/"
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Type:
    """How a value is described: ``label`` in words, ``link`` to a data type when it is one."""

    label: str
    link: str = ""
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Field:
    name: str
    type: Type
    required: bool
    read_only: bool = False
    write_only: bool = False
    nullable: bool = False
    description: str = ""
    constraints: str = ""


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str
    type: Type
    required: bool
    description: str = ""


@dataclass(frozen=True)
class Response:
    status: str
    description: str
    type: Type | None
    media_types: tuple[str, ...] = ()


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    anchor: str
    description: str
    parameters: tuple[Parameter, ...]
    body: Type | None
    body_media_types: tuple[str, ...]
    responses: tuple[Response, ...]


@dataclass(frozen=True)
class Group:
    name: str
    anchor: str
    operations: tuple[Operation, ...]


@dataclass(frozen=True)
class DataType:
    name: str
    anchor: str
    description: str
    fields: tuple[Field, ...] = ()
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reference:
    title: str
    version: str
    description: str
    groups: tuple[Group, ...]
    data_types: tuple[DataType, ...]
    authentication: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def type_anchor(name: str) -> str:
    return f"type-{slugify(name)}"


def describe(schema: dict[str, Any] | None) -> Type:
    """A schema fragment in words: "date", "list of Partner", "one of: a, b"."""
    if not schema:
        return Type("any value")
    if "$ref" in schema:
        name = schema["$ref"].removeprefix(REF_PREFIX)
        return Type(name, link=type_anchor(name))
    for combiner in ("allOf", "oneOf", "anyOf"):
        if combiner in schema:
            parts = [describe(part) for part in schema[combiner]]
            named = [part for part in parts if part.label not in ("", "any value")]
            if len(named) == 1:
                return named[0]
            return Type(" or ".join(part.label for part in named))
    kind = schema.get("type", "")
    if kind == "array":
        item = describe(schema.get("items"))
        return Type(f"list of {item.label}", link=item.link, choices=item.choices)
    if "enum" in schema:
        choices = tuple(str(value) for value in schema["enum"] if value not in ("", None))
        return Type("one of", choices=choices)
    if kind == "object" and not schema.get("properties"):
        return Type("object")
    label = {"integer": "whole number", "number": "number", "boolean": "true or false"}.get(
        kind, kind or "any value"
    )
    if schema.get("format"):
        label = f"{label} ({schema['format']})"
    return Type(label)


def _constraints(schema: dict[str, Any]) -> str:
    words = []
    if "maxLength" in schema:
        words.append(f"at most {schema['maxLength']} characters")
    if "minimum" in schema:
        words.append(f"from {schema['minimum']}")
    if "maximum" in schema:
        words.append(f"to {schema['maximum']}")
    if "pattern" in schema:
        words.append(f"pattern {schema['pattern']}")
    if "default" in schema and schema["default"] not in ("", None, []):
        words.append(f"default {schema['default']}")
    return "; ".join(words)


def _media(content: dict[str, Any] | None) -> tuple[Type | None, tuple[str, ...]]:
    if not content:
        return None, ()
    schemas = [value.get("schema") for value in content.values() if value.get("schema")]
    return (describe(schemas[0]) if schemas else None), tuple(content)


def _operation(method: str, path: str, spec: dict[str, Any]) -> Operation:
    parameters = tuple(
        Parameter(
            name=item["name"],
            location=item["in"],
            type=describe(item.get("schema")),
            required=bool(item.get("required")),
            description=item.get("description", ""),
        )
        for item in spec.get("parameters", [])
    )
    body, body_media = _media(spec.get("requestBody", {}).get("content"))
    responses = []
    for status, answer in spec.get("responses", {}).items():
        answer_type, media = _media(answer.get("content"))
        responses.append(
            Response(
                status=status,
                description=answer.get("description", ""),
                type=answer_type,
                media_types=media,
            )
        )
    return Operation(
        method=method.upper(),
        path=path,
        anchor=f"op-{slugify(spec.get('operationId') or f'{method}-{path}')}",
        description=spec.get("description", "") or spec.get("summary", ""),
        parameters=parameters,
        body=body,
        body_media_types=body_media,
        responses=tuple(responses),
    )


def _data_type(name: str, schema: dict[str, Any]) -> DataType:
    if "enum" in schema:
        choices = tuple(str(value) for value in schema["enum"] if value not in ("", None))
        # drf-spectacular lists the choices with their labels; the list is drawn as a table.
        return DataType(name, type_anchor(name), "", choices=choices)
    required = set(schema.get("required", []))
    fields = tuple(
        Field(
            name=prop,
            type=describe(spec),
            required=prop in required,
            read_only=bool(spec.get("readOnly")),
            write_only=bool(spec.get("writeOnly")),
            nullable=bool(spec.get("nullable")),
            description=spec.get("description", ""),
            constraints=_constraints(spec),
        )
        for prop, spec in schema.get("properties", {}).items()
    )
    return DataType(name, type_anchor(name), schema.get("description", ""), fields=fields)


def build(schema: dict[str, Any]) -> Reference:
    """The reference for one OpenAPI document: operations grouped by tag in path order, then
    every data type they use."""
    grouped: dict[str, list[Operation]] = {}
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                tag = (item[method].get("tags") or ["overview"])[0]
                grouped.setdefault(tag, []).append(_operation(method, path, item[method]))
    groups = tuple(
        Group(name=tag, anchor=f"group-{slugify(tag)}", operations=tuple(operations))
        for tag, operations in grouped.items()
    )
    components = schema.get("components", {})
    data_types = tuple(
        _data_type(name, spec) for name, spec in sorted(components.get("schemas", {}).items())
    )
    authentication = tuple(
        (name, spec.get("description", "") or f"{spec.get('in', '')} {spec.get('name', '')}")
        for name, spec in components.get("securitySchemes", {}).items()
    )
    info = schema.get("info", {})
    return Reference(
        title=info.get("title", ""),
        version=str(info.get("version", "")),
        description=info.get("description", ""),
        groups=groups,
        data_types=data_types,
        authentication=authentication,
    )


@cache
def reference() -> Reference:
    """The reference for this deployment's API; the schema does not change while it runs."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return build(schema)
