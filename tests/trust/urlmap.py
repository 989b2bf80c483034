"""Every named URL of the project, discovered from the resolver, for the generic sweeps.

Pages added by apps that land later are covered without editing these tests.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import UUIDConverter

# Django's own admin is tested by Django; we check only its entry pages.
SKIPPED_NAMESPACES = {"admin"}


@dataclass(frozen=True)
class Route:
    name: str
    uuid_kwargs: tuple[str, ...]
    other_kwargs: tuple[str, ...]

    @property
    def has_parameters(self) -> bool:
        return bool(self.uuid_kwargs or self.other_kwargs)

    def url(self, **kwargs) -> str:
        return reverse(self.name, kwargs=kwargs)


def _walk(patterns, namespace: str, converters: dict, parent_kwargs: tuple[str, ...]):
    for entry in patterns:
        pattern_converters = {**converters, **getattr(entry.pattern, "converters", {})}
        kwargs = (*parent_kwargs, *entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            child_namespace = namespace
            if entry.namespace:
                child_namespace = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, child_namespace, pattern_converters, kwargs)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            uuid_kwargs = tuple(
                k for k in kwargs if isinstance(pattern_converters.get(k), UUIDConverter)
            )
            other = tuple(k for k in kwargs if k not in uuid_kwargs)
            yield Route(name, uuid_kwargs, other)


def routes() -> list[Route]:
    found = {}
    for route in _walk(get_resolver().url_patterns, "", {}, ()):
        if route.name.split(":")[0] in SKIPPED_NAMESPACES:
            continue
        found.setdefault(route.name, route)
    return sorted(found.values(), key=lambda route: route.name)


def parameterless_routes() -> list[Route]:
    return [route for route in routes() if not route.has_parameters]


def uuid_routes() -> list[Route]:
    return [route for route in routes() if route.uuid_kwargs and not route.other_kwargs]


# --- Objects with public ids -----------------------------------------------------------------


@dataclass
class Candidate:
    model_label: str
    public_id: uuid.UUID
    owner_ids: frozenset[int] = frozenset()
    user_id: int | None = None


def models_with_public_id():
    return [
        model
        for model in apps.get_models()
        if any(model_field.name == "public_id" for model_field in model._meta.fields)
    ]


def all_candidates() -> list[Candidate]:
    """Every record with a public id, with the organisations that own it (where known)."""
    from django.contrib.auth import get_user_model

    from peerwork.lib.audit import owner_organisation_ids

    user_model = get_user_model()
    found = []
    for model in models_with_public_id():
        for record in model._default_manager.all():
            found.append(
                Candidate(
                    model._meta.label_lower,
                    record.public_id,
                    frozenset(owner_organisation_ids(record)),
                    record.pk if isinstance(record, user_model) else None,
                )
            )
    return found


def not_owned_by(user, candidates: list[Candidate]) -> list[Candidate]:
    """Candidates outside the user's organisations (and not the user's own account)."""
    from cases.models import Membership

    own = set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
    return [c for c in candidates if not (c.owner_ids & own) and c.user_id != user.pk]


def candidates_for(kwarg: str, candidates: list[Candidate], *, extra: int = 2) -> list[Candidate]:
    """Candidates whose model name matches the kwarg's stem, plus a few of other models."""
    stem = kwarg.lower().removesuffix("_public_id").removesuffix("_id").removesuffix("public")
    stem = stem.replace("_", "")
    matching = [c for c in candidates if stem and stem in c.model_label.split(".")[1]]
    if not matching:
        return candidates
    others = [c for c in candidates if c not in matching]
    return matching + others[:extra]


def assignments(route: Route, candidates: list[Candidate], *, limit: int = 60):
    """Kwarg assignments to try for a route (the product of per-kwarg candidates, capped)."""
    pools = [candidates_for(kwarg, candidates) for kwarg in route.uuid_kwargs]
    for combination in itertools.islice(itertools.product(*pools), limit):
        yield {
            kwarg: candidate.public_id
            for kwarg, candidate in zip(route.uuid_kwargs, combination, strict=True)
        }


# --- Forms in a page ------------------------------------------------------------------------


@dataclass
class FormField:
    name: str
    kind: str  # text, textarea, select, checkbox, radio, number, date, email, file, hidden...
    options: list[str] = field(default_factory=list)
    value: str = ""


@dataclass
class PageForm:
    action: str
    method: str
    fields: dict[str, FormField] = field(default_factory=dict)

    @property
    def editable(self) -> list[FormField]:
        return [f for f in self.fields.values() if f.kind not in {"hidden", "submit", "button"}]


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[PageForm] = []
        self._select: FormField | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append(
                PageForm(
                    attributes.get("action") or "", (attributes.get("method") or "get").lower()
                )
            )
            return
        if not self.forms:
            return
        current = self.forms[-1]
        name = attributes.get("name")
        if tag == "input" and name:
            kind = (attributes.get("type") or "text").lower()
            existing = current.fields.get(name)
            if kind in {"radio", "checkbox"} and existing:
                existing.options.append(attributes.get("value") or "on")
            else:
                current.fields[name] = FormField(
                    name,
                    kind,
                    [attributes.get("value") or "on"] if kind in {"radio", "checkbox"} else [],
                    attributes.get("value") or "",
                )
        elif tag == "textarea" and name:
            current.fields[name] = FormField(name, "textarea")
        elif tag == "select" and name:
            self._select = FormField(name, "select")
            current.fields[name] = self._select
        elif tag == "option" and self._select is not None:
            self._select.options.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def page_forms(html: str) -> list[PageForm]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def post_forms(html: str) -> list[PageForm]:
    return [form for form in page_forms(html) if form.method == "post"]
