"""Every edit form round-trips: opening it and saving it unchanged changes nothing.

Runs on the seeded demo (``seed_demo``), built once for the module. Forms are discovered as
the fuzz and IDOR sweeps discover URLs: every page of the URL resolver is opened as each demo
persona (pages that take a record with the demo's records of the route's kind), and every form
on it that posts is classified by the view it posts to. An edit form (a view named
``…-update``, ``…-edit`` or listed in ``EDIT_VIEWS``) is then submitted exactly as a browser
would submit what the page rendered (``tests/formparse.py``: a date the native date field
cannot read is submitted empty, an unchecked box not at all, every selected option of a
``<select multiple>``), and the audit log must show no field of any record changed.

A form that posts to a view this module does not know fails the test until it is classified:
an edit form added later is round-tripped without editing this file, and one with an unusual
name cannot slip through.
"""

from __future__ import annotations

import itertools
import re
import uuid
from dataclasses import dataclass
from urllib.parse import urljoin

import pytest
from auditlog.models import LogEntry
from django.urls import Resolver404, resolve

from accounts.models import User
from tests.formparse import form_data
from tests.trust.helpers import client_as
from tests.trust.urlmap import models_with_public_id, page_forms, routes

PERSONAS = (
    "manager@demo.peerwork",
    "supervisor@demo.peerwork",
    "peer@demo.peerwork",
    "researcher@demo.peerwork",
    "admin@demo.peerwork",
)
EDIT_SUFFIXES = ("-update", "-edit")
# Edit forms whose view is not named …-update / …-edit.
EDIT_VIEWS = {
    "supervision:session-reflection",  # a party's private reflection on a session
    "qualitative:cell-update",
    "recruitment:interview-detail",  # the panel's scores and the outcome
}
# Forms that create a record or act on one (no stored values to round-trip), by view name
# suffix or name. Their pages are still checked: every value they render reads back.
CREATE_SUFFIXES = ("-create", "-add", "-new")
ACTION_SUFFIXES = (
    "-delete",
    "-toggle",
    "-sign",
    "-submit",
    "-return",
    "-addendum",
    "-move",
    "-appoint",
    "-revoke",
    "-merge",
    "-offer",
    "-withdraw",
    "-complete",
    "-record",
)
ACTION_VIEWS = {
    "accounts:login",
    "accounts:logout",
    "accounts:password-change",
    "accounts:password-reset",
    "accounts:sign-out-everywhere",
    "accounts:two-factor-disable",
    "accounts:two-factor-recovery-codes",
    "accounts:two-factor-setup",
    "accounts:two-factor-verify",
    "qualitative:codebook",  # the codebook page's form adds a theme
    "qualitative:project-detail",  # adds a name to pseudonymise
    "comparison:access-list",  # grants identified access
    "training:required-list",  # adds a required programme
    "comparison:access-grant",
    "set_language",
    "api:token-list",  # creates a personal access token
    "comparison:profiles-rebuild",  # starts a rebuild job
    "fidelity:instrument-new-version",  # copies a version for editing
    "fidelity:wave-detail",  # adds an interview to the wave
    "fidelity:wave-publish",  # publishes a wave's scores to its sites
    "imports:index",  # uploads a spreadsheet for preview
    "qualitative:export-project-qdpx",  # starts the project export job
    "supervision:arrangement-create-many",  # one supervisor for many peer workers
    "training:enrolment-bulk",  # enrols a list of colleagues or workers
    "training:completion-grid",  # records new completions; recorded ones are shown, not edited
}
# Fields a save may bump without the record changing (optimistic locking, timestamps).
BOOKKEEPING_FIELDS = {"version", "updated", "updated_at", "modified", "last_edited"}


def kind_of(view_name: str) -> str:
    if view_name in EDIT_VIEWS or view_name.endswith(EDIT_SUFFIXES):
        return "edit"
    if view_name.endswith(CREATE_SUFFIXES):
        return "create"
    if view_name in ACTION_VIEWS or view_name.endswith(ACTION_SUFFIXES):
        return "action"
    return "unclassified"


@dataclass
class FoundForm:
    view_name: str
    page: str
    action: str
    index: int
    persona: str


def _stem(route_name: str) -> str:
    """``cases:peer-worker-update`` → ``peerworker``."""
    entity = route_name.split(":")[-1].rsplit("-", 1)[0]
    return entity.replace("-", "")


def _public_ids(model, count: int) -> list:
    """The model's oldest and newest records (drafts and open records are usually newest)."""
    ids = model._default_manager.order_by("pk").values_list("public_id", flat=True)
    newest = list(
        model._default_manager.order_by("-pk").values_list("public_id", flat=True)[:count]
    )
    return list(dict.fromkeys([*ids[:count], *newest]))


def _assignments(route, *, count: int, fallback: bool = False) -> list[dict]:
    """Kwarg assignments for a route's uuid kwargs, from the demo's records of its kind
    (``fallback``: from records of every kind, for a route whose kwarg names another model)."""
    namespace = route.name.split(":")[0]
    pools = []
    for kwarg in route.uuid_kwargs:
        stem = kwarg.removesuffix("_id").removesuffix("public").replace("_", "")
        stem = stem or _stem(route.name)
        models = [m for m in models_with_public_id() if fallback or stem in m._meta.model_name]
        models.sort(key=lambda m: (m._meta.app_label != namespace, len(m._meta.model_name)))
        pool = []
        for model in models if fallback else models[:2]:
            pool += _public_ids(model, 2 if fallback else count)
        pools.append(pool)
    return [
        dict(zip(route.uuid_kwargs, combination, strict=True))
        for combination in itertools.islice(itertools.product(*pools), 200)
    ]


def _view_name(url: str) -> str | None:
    try:
        return resolve(url.split("?")[0]).view_name
    except Resolver404:
        return None


def discover(clients) -> tuple[dict[str, FoundForm], list[str]]:
    """The first page (and persona) showing a form for each view that forms post to."""
    found: dict[str, FoundForm] = {}
    pages: list[tuple[str, str]] = []
    for route in routes():
        if route.other_kwargs:
            continue
        if not route.uuid_kwargs:
            for persona in PERSONAS:
                if clients[persona].get(route.url()).status_code == 200:
                    pages.append((route.url(), persona))
                    break
            continue
        # One page per route, as the first persona who may open it (the demo's records of every
        # kind, of the route's kind first).
        is_edit = kind_of(route.name) == "edit"
        unknown = route.url(**{kwarg: uuid.uuid4() for kwarg in route.uuid_kwargs})
        if clients[PERSONAS[0]].get(unknown).status_code == 405:
            continue  # posted to only: its form is on another page
        reached: set[str] = set()
        for fallback in (False, True):
            for kwargs in _assignments(route, count=25 if is_edit else 3, fallback=fallback):
                for persona in PERSONAS:
                    if reached:
                        break
                    url = route.url(**kwargs)
                    if clients[persona].get(url).status_code == 200:
                        pages.append((url, persona))
                        reached.add(persona)
            if reached:
                break
    for url, persona in pages:
        response = clients[persona].get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        html = response.content.decode()
        for index, form in enumerate(page_forms(html)):
            if form.method != "post":
                continue
            action = urljoin(url, form.action) if form.action else url
            view_name = _view_name(action)
            if view_name and view_name not in found:
                found[view_name] = FoundForm(view_name, url, action, index, persona)
    return found, [url for url, _persona in pages]


def _changes(since_id: int) -> list[str]:
    """Field changes logged since ``since_id``, bookkeeping fields left out."""
    changed = []
    for entry in LogEntry.objects.filter(pk__gt=since_id).select_related("content_type"):
        if entry.action == LogEntry.Action.ACCESS:
            continue
        fields = entry.changes_dict if entry.action == LogEntry.Action.UPDATE else {"*": None}
        for name, change in fields.items():
            if name in BOOKKEEPING_FIELDS:
                continue
            changed.append(
                f"{entry.get_action_display()} {entry.content_type.model} "
                f"{entry.object_repr!r}: {name} {change}"
            )
    return changed


def _dropped_values(html: str, index: int) -> list[str]:
    """Values the page rendered that a browser's control cannot read (submitted empty)."""
    rendered = {}
    for match in re.finditer(r"<input[^>]*>", html):
        tag = match.group(0)
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if name and value and value.group(1) and kind and kind.group(1) in {"date", "time"}:
            rendered[name.group(1)] = value.group(1)
    submitted = form_data(html, form_index=index)
    return [
        f"{name}={value!r}"
        for name, value in rendered.items()
        if name in submitted and submitted[name] != [value]
    ]


@pytest.fixture(scope="module")
def forms_found(demo_seeded_once, django_db_blocker):
    """(clients by persona, forms by view name), discovered once for the module."""
    with django_db_blocker.unblock():
        clients = {email: client_as(User.objects.get(email=email)) for email in PERSONAS}
        found, _pages = discover(clients)
    return clients, found


@pytest.mark.django_db
def test_every_edit_form_saved_unchanged_changes_nothing(forms_found):
    clients, found = forms_found

    unclassified = sorted(name for name in found if kind_of(name) == "unclassified")
    assert unclassified == [], f"classify these forms in this module: {unclassified}"

    edits = sorted(name for name in found if kind_of(name) == "edit")
    failures = []
    for view_name in edits:
        form = found[view_name]
        client = clients[form.persona]
        html = client.get(form.page).content.decode()
        data = form_data(html, form_index=form.index)
        since = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = client.post(form.action, data)
        label = f"{view_name} ({form.action} as {form.persona})"
        if response.status_code != 302:
            body = response.content.decode()
            errors = re.findall(r"invalid-feedback[^>]*>(?:\s*<strong>)?([^<]+)", body)
            failures.append(f"{label}: answered {response.status_code} {errors[:3]}")
            continue
        failures += [f"{label}: {change}" for change in _changes(since)]
    print("round-tripped edit forms:\n  " + "\n  ".join(edits))
    print("failures:\n  " + "\n  ".join(failures))
    assert failures == []
    # The sweep reaches the edit forms of every app that has them.
    for expected in (
        "cases:initiative-update",
        "cases:milestone-update",
        "cases:peer-worker-update",
        "recruitment:campaign-update",
        "training:programme-update",
        "supervision:session-update",
    ):
        assert expected in edits


@pytest.mark.django_db
def test_every_form_renders_dates_and_times_a_browser_can_read(forms_found):
    clients, found = forms_found
    dropped = []
    for view_name, form in sorted(found.items()):
        html = clients[form.persona].get(form.page).content.decode()
        dropped += [f"{view_name}: {value}" for value in _dropped_values(html, form.index)]
    assert dropped == []
