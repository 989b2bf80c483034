"""Moving models between apps without losing what points at their content type.

A content type row (``app_label``, ``model``) is what permissions, the admin's log and the
audit log (django-auditlog's ``LogEntry``) refer to. When a model moves to another app, its
row is relabelled in place, so every one of those rows stays attached to the model under its
new label. Used from migrations (``RunPython``) with the historical ``apps``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from django.conf import settings

# Migrations that use this helper depend on these, so the models below are in ``apps``.
DEPENDENCIES = [
    ("contenttypes", "0002_remove_content_type_name"),
    ("auth", "0012_alter_user_first_name_max_length"),
    ("admin", "0003_logentry_add_action_flag_choices"),
    ("auditlog", "0017_add_actor_email"),
]


def move_content_types(
    apps: Any, schema_editor: Any, *, from_app: str, to_app: str, models: Iterable[str]
) -> None:
    """Relabel the content types of ``models`` from ``from_app`` to ``to_app``.

    If a row for the new label already exists (``migrate <app> 0001`` creates content types
    for every installed model once it finishes), everything pointing at it is moved to the
    old row, which then takes the new label: one row per model, with all its history.
    """
    db = schema_editor.connection.alias
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(db)
    for model in models:
        old = content_types.filter(app_label=from_app, model=model).first()
        if old is None:
            continue
        new = content_types.filter(app_label=to_app, model=model).first()
        if new is not None:
            _fold(apps, db, into=old, duplicate=new)
            new.delete()
        old.app_label = to_app
        old.save(update_fields=["app_label"])


def _fold(apps: Any, db: str, *, into: Any, duplicate: Any) -> None:
    """Point every audit entry, admin log entry and permission of ``duplicate`` at ``into``."""
    for label in ("auditlog.LogEntry", "admin.LogEntry"):
        apps.get_model(label).objects.using(db).filter(content_type=duplicate).update(
            content_type=into
        )
    permissions = apps.get_model("auth", "Permission").objects.using(db)
    grants = [
        apps.get_model("auth", "Group").permissions.through,
        apps.get_model(settings.AUTH_USER_MODEL).user_permissions.through,
    ]
    for permission in permissions.filter(content_type=duplicate):
        kept = permissions.filter(content_type=into, codename=permission.codename).first()
        if kept is None:
            permission.content_type = into
            permission.save(update_fields=["content_type"])
            continue
        for through in grants:
            holder = next(
                f.name for f in through._meta.fields if f.name not in ("id", "permission")
            )
            for grant in through.objects.using(db).filter(permission=permission):
                through.objects.using(db).get_or_create(
                    permission=kept, **{holder: getattr(grant, holder)}
                )
        permission.delete()


def moved_content_types(
    from_app: str, to_app: str, models: list[str]
) -> tuple[Callable[..., None], Callable[..., None]]:
    """``RunPython`` forwards and backwards functions for a move of ``models``."""
    return (
        partial(move_content_types, from_app=from_app, to_app=to_app, models=models),
        partial(move_content_types, from_app=to_app, to_app=from_app, models=models),
    )
