"""The audit trail: redaction, per-record history and read logging (django-auditlog).

django-auditlog records every create, update and delete of every model not excluded in
settings (``AUDITLOG_INCLUDE_ALL_MODELS``), with the actor taken from the request by its
middleware. This module adds what peerwork needs on top:

- redaction: fields listed in ``PEERWORK_AUDIT_REDACTED_FIELDS`` (per model) or whose name
  contains one of ``PEERWORK_AUDIT_REDACTED_FIELD_PARTS`` are logged as ``[redacted]`` —
  the log shows that the field changed, never its value;
- ``history_for(record, user)``: a record's entries, for people who manage it;
- ``log_read(record)``: record that someone opened a sensitive record;
- ``register_owner(model, resolver)``: how to find the organisations that own a record,
  for models whose owner is not found by the generic rules in ``owner_organisation_ids``;
- ``register_manager_scope(resolver)``: how to find the organisations a user manages.

This module imports no app: the app that owns organisations (cases) fills both registries
in its ``AppConfig.ready()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import accessed
from django.conf import settings
from django.db import models
from django.db.models import QuerySet

REDACTED = "[redacted]"
ERASED = "[erased]"

# --- Redaction ----------------------------------------------------------------------------

# The mask fields each model had before we added ours, so settings changes can be re-applied.
_base_mask_fields: dict[type[models.Model], list[str]] = {}


def redact(value: str) -> str:
    """django-auditlog's mask callable (``AUDITLOG_MASK_CALLABLE``): hide the whole value."""
    return REDACTED


def redacted_field_names(model: type[models.Model]) -> set[str]:
    """Names of the fields of ``model`` whose values never enter the log."""
    configured = getattr(settings, "PEERWORK_AUDIT_REDACTED_FIELDS", {}) or {}
    parts = tuple(getattr(settings, "PEERWORK_AUDIT_REDACTED_FIELD_PARTS", ()) or ())
    names = set(configured.get(model._meta.label_lower, ()))
    for field in model._meta.get_fields():
        if parts and any(part in field.name for part in parts):
            names.add(field.name)
    return names


def apply_redaction() -> None:
    """Add the redacted fields to django-auditlog's mask list of every audited model.

    Runs at start-up (``AuditConfig.ready``) and whenever the redaction settings change.
    """
    for model in auditlog.get_models():
        entry = auditlog._registry[model]
        base = _base_mask_fields.setdefault(model, list(entry["mask_fields"]))
        entry["mask_fields"] = sorted(set(base) | redacted_field_names(model))
        entry["mask_callable"] = "peerwork.lib.audit.redact"


# --- Ownership and history ------------------------------------------------------------------

OwnerResolver = Callable[[Any], set[int]]
ManagerScope = Callable[[Any], set[int]]
_owner_resolvers: dict[type[models.Model], OwnerResolver] = {}
_manager_scopes: list[ManagerScope] = []


def register_owner(model: type[models.Model], resolver: OwnerResolver) -> None:
    """Tell ``history_for`` which organisations own records of ``model``.

    ``resolver(record) -> {organisation_id, ...}``. Needed only when the generic rules
    (an ``organisation``, ``initiative``, ``role``, ``peer_worker`` or ``campaign``…
    attribute chain leading to an organisation or an initiative) do not find it.
    """
    _owner_resolvers[model] = resolver


def register_manager_scope(resolver: ManagerScope) -> None:
    """Tell ``can_see_history`` which organisations ``user`` manages: ``resolver(user) -> {id}``.

    Without one, only administrators see histories.
    """
    if resolver not in _manager_scopes:
        _manager_scopes.append(resolver)


def _managed_by(user: Any) -> set[int]:
    """Organisations whose records' histories ``user`` may see as their manager."""
    return {organisation_id for scope in _manager_scopes for organisation_id in scope(user)}


# Attributes followed, in order, to reach the organisation(s) owning a record.
_OWNER_PATH = (
    "initiative",
    "role",
    "peer_worker",
    "supervision_session",
    "arrangement",
    "campaign",
    "programme",
    "applicant",
    "session",
    "team",
)


def owner_organisation_ids(record: models.Model, *, depth: int = 0) -> set[int]:
    """Organisations that own ``record`` (empty when unknown: then only administrators see)."""
    for model, resolver in _owner_resolvers.items():
        if isinstance(record, model):
            return set(resolver(record))
    organisation_id = getattr(record, "organisation_id", None)
    if organisation_id is not None:
        return {organisation_id}
    if depth >= 4:
        return set()
    for attribute in _OWNER_PATH:
        try:
            related = getattr(record, attribute, None)
        except models.ObjectDoesNotExist:
            related = None
        if isinstance(related, models.Model):
            return owner_organisation_ids(related, depth=depth + 1)
    return set()


def can_see_history(record: models.Model, user: Any) -> bool:
    """Administrators see every record's history; service managers their organisations'."""
    if not user.is_authenticated:
        return False
    if getattr(user, "is_administrator", False):
        return True
    return bool(_managed_by(user) & owner_organisation_ids(record))


def history_for(record: models.Model, user: Any) -> QuerySet[LogEntry]:
    """The record's audit entries, newest first, with the actor selected.

    Empty for users who may not manage the record, so a template can always include it.
    """
    entries: QuerySet[LogEntry] = LogEntry.objects.get_for_object(record)
    if not can_see_history(record, user):
        return entries.none()
    return entries.select_related("actor", "content_type").order_by("-timestamp", "-pk")


def log_read(record: models.Model) -> None:
    """Record in the audit trail that the current user opened ``record``.

    The actor comes from the request (django-auditlog's middleware). Use it on views that
    show sensitive records, e.g. an applicant's file or a supervision record.
    """
    accessed.send(sender=record.__class__, instance=record)


# --- Redaction by audience -----------------------------------------------------------------

# Fields whose values enter the log (their parties may need the history) but which only some
# people may read in the app: {model label: (field names, may_read(viewer, entry))}.
AudienceCheck = Callable[[Any, LogEntry], bool]
_audiences: dict[str, tuple[frozenset[str], AudienceCheck]] = {}


def register_audience(model_label: str, fields: Iterable[str], may_read: AudienceCheck) -> None:
    """Show the values of ``fields`` of ``model_label`` in the log only to viewers for whom
    ``may_read(viewer, entry)`` is true (e.g. the parties to a supervision record); everyone
    else, administrators included, sees that the field changed, not what it says."""
    _audiences[model_label] = (frozenset(fields), may_read)


def audience_restricted_models() -> set[str]:
    """Labels (``app_label.model``) of the models with fields restricted by audience."""
    return set(_audiences)


def hidden_fields(entry: LogEntry, viewer: Any) -> frozenset[str]:
    """The fields of ``entry`` whose values ``viewer`` may not read (None: nobody in particular)."""
    if not entry.content_type_id:
        return frozenset()
    label = f"{entry.content_type.app_label}.{entry.content_type.model}"
    restricted = _audiences.get(label)
    if restricted is None:
        return frozenset()
    fields, may_read = restricted
    if (
        viewer is not None
        and getattr(viewer, "is_authenticated", False)
        and may_read(viewer, entry)
    ):
        return frozenset()
    return fields


def change_rows(entry: LogEntry, viewer: Any = None) -> list[tuple[str, str, str]]:
    """``[(field label, old, new), ...]`` for an entry, with redacted values kept hidden and
    the values ``viewer`` may not read in the app shown as ``[redacted]``."""
    rows = []
    model = entry.content_type.model_class() if entry.content_type_id else None
    hidden = hidden_fields(entry, viewer)
    for field_name, values in sorted((entry.changes_dict or {}).items()):
        label = field_name
        if model is not None:
            try:
                label = str(model._meta.get_field(field_name).verbose_name)
            except Exception:  # noqa: BLE001 - a field removed since the entry was written
                label = field_name
        if isinstance(values, dict):  # many-to-many changes
            old, new = (
                "",
                f"{values.get('operation', '')} {', '.join(map(str, values.get('objects', [])))}",
            )
        else:
            old, new = (list(values) + ["", ""])[:2]
        if field_name in hidden:
            old, new = (
                REDACTED if value not in ("", "None", None) else value for value in (old, new)
            )
        rows.append((label, str(old), str(new)))
    return rows


def scrub_entries(
    entries: Iterable[LogEntry], *, fields: set[str] | None, object_repr: str | None
) -> int:
    """Overwrite personal values in existing entries (used by erasure only).

    ``fields=None`` erases every field value of the entries. Returns how many were changed.
    """
    changed = 0
    for entry in entries:
        changes = dict(entry.changes or {})
        for field_name, values in list(changes.items()):
            if (fields is None or field_name in fields) and not isinstance(values, dict):
                changes[field_name] = [ERASED, ERASED]
        update = {"changes": changes, "changes_text": ""}
        if object_repr is not None:
            update["object_repr"] = object_repr
        LogEntry.objects.filter(pk=entry.pk).update(**update)
        changed += 1
    return changed


def scrub_strings(values: Iterable[str], *, minimum_length: int = 4) -> int:
    """Replace each value wherever it appears in entries' names or changes (erasure only).

    Catches related records whose name includes the person, e.g. a membership shown as
    "Pat Example — Peer worker at …". Returns how many entries were changed.
    """
    import json
    import re

    from django.db.models import Q, TextField
    from django.db.models.functions import Cast

    values = sorted(
        {value for value in values if value and len(value) >= minimum_length}, key=len, reverse=True
    )
    if not values:
        return 0
    pattern = re.compile("|".join(re.escape(value) for value in values), re.IGNORECASE)
    matches = Q()
    for value in values:
        matches |= Q(object_repr__icontains=value) | Q(changes_as_text__icontains=value)
    changed = 0
    entries = LogEntry.objects.annotate(changes_as_text=Cast("changes", TextField())).filter(
        matches
    )
    for entry in entries:
        changes = (
            json.loads(pattern.sub(ERASED, json.dumps(entry.changes, ensure_ascii=False)))
            if entry.changes
            else entry.changes
        )
        LogEntry.objects.filter(pk=entry.pk).update(
            object_repr=pattern.sub(ERASED, entry.object_repr),
            changes=changes,
            changes_text=pattern.sub(ERASED, entry.changes_text or ""),
        )
        changed += 1
    return changed


# --- Audited bulk creation ----------------------------------------------------------------


def bulk_create_audited(
    model: type[models.Model], records: list[Any], *, batch_size: int = 1000
) -> list[Any]:
    """``bulk_create`` that still leaves one audit entry per record, as ``save()`` would.

    For writes of thousands of records (a spreadsheet import), where a ``save()`` each costs
    more than the time allowed. Each entry holds the same changes django-auditlog computes
    for a create (redaction included) and gets the actor and address of the current
    ``set_actor`` context through LogEntry's own ``pre_save`` receivers. ``post_save`` is
    not sent for these records: a caller whose records others listen for saves at least one
    of them with ``save()``.
    """
    from auditlog.cid import get_cid
    from auditlog.diff import model_instance_diff
    from django.contrib.contenttypes.models import ContentType
    from django.db.models.signals import pre_save
    from django.utils.encoding import smart_str

    created = model._default_manager.bulk_create(records, batch_size=batch_size)
    content_type = ContentType.objects.get_for_model(model)
    entries = []
    for record in created:
        entry = LogEntry(
            content_type=content_type,
            object_pk=str(record.pk),
            object_id=record.pk if isinstance(record.pk, int) else None,
            object_repr=smart_str(record)[:2000],
            action=LogEntry.Action.CREATE,
            changes=model_instance_diff(None, record),
            cid=get_cid(),
        )
        pre_save.send(
            sender=LogEntry, instance=entry, raw=False, using="default", update_fields=None
        )
        entries.append(entry)
    LogEntry.objects.bulk_create(entries, batch_size=batch_size)
    return created
