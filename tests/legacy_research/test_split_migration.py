"""A database from before the split keeps every row, permission and audit entry.

The comparison and the qualitative corpus used to be one app, ``research``. Its two
migrations are kept here, exactly as they were, so this test can build such a database: it
takes the two new apps back to zero, applies the old migrations, fills the old tables with one
of everything (with audit entries, admin log entries, permissions and a group's grant), then
migrates forward and finds it all under ``comparison`` and ``qualitative`` — same primary
keys, same content type ids, the same history on each record.
"""

from __future__ import annotations

import datetime as dt
import importlib
import uuid

import pytest
from auditlog.models import LogEntry
from django.contrib.admin.models import CHANGE
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from comparison.models import IdentifiedAccessGrant
from qualitative.models import (
    CellSummary,
    Coding,
    Excerpt,
    Replacement,
    ResearchProject,
    Source,
    SupervisionOffer,
    Theme,
)

pytestmark = pytest.mark.django_db(transaction=True)

NEW_APPS = ("comparison", "qualitative")
LEGACY_MIGRATIONS = ("0001_initial", "0002_qualitative")
MOVED = {
    "identifiedaccessgrant": IdentifiedAccessGrant,
    "researchproject": ResearchProject,
    "replacement": Replacement,
    "source": Source,
    "theme": Theme,
    "excerpt": Excerpt,
    "coding": Coding,
    "cellsummary": CellSummary,
    "supervisionoffer": SupervisionOffer,
}
ACTIONS = ("add", "change", "delete", "view")


def _legacy(name: str):
    module = importlib.import_module(f"tests.legacy_research.migrations.{name}")
    return module.Migration(name, "research")


def _back_to_before_the_split() -> None:
    """Unapply the new apps, then apply research's own migrations, as an old deployment had."""
    executor = MigrationExecutor(connection)
    executor.migrate([(app, None) for app in NEW_APPS])
    executor.loader.build_graph()
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in NEW_APPS]
    state = executor.loader.project_state(others, at_end=True)
    recorder = MigrationRecorder(connection)
    for name in LEGACY_MIGRATIONS:
        migration = _legacy(name)
        with connection.schema_editor(atomic=migration.atomic) as editor:
            state = migration.apply(state, editor)
        recorder.record_applied("research", name)
    return state


def _legacy_content_types() -> dict[str, ContentType]:
    """The rows ``create_contenttypes`` and ``create_permissions`` made for research."""
    ContentType.objects.clear_cache()
    ContentType.objects.filter(app_label__in=NEW_APPS).delete()
    # Entries about the seed records dropped with the tables: an old database has none.
    LogEntry.objects.filter(content_type__app_label="research").delete()
    content_types = {}
    for model in MOVED:
        content_type, _created = ContentType.objects.get_or_create(
            app_label="research", model=model
        )
        content_types[model] = content_type
        for action in ACTIONS:
            Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
    return content_types


def _old_records(old_apps, *, researcher, administrator, initiative, peer_worker) -> dict:
    """One of every research record, written through the historical (pre-split) models."""
    model = lambda name: old_apps.get_model("research", name)  # noqa: E731
    now = timezone.now()
    records = {}
    records["identifiedaccessgrant"] = model("IdentifiedAccessGrant").objects.create(
        researcher_id=researcher.pk,
        initiative_id=initiative.pk,
        reason="Ethics approval 2024/17 covers names",
        granted_by_id=administrator.pk,
        granted=now,
    )
    project = model("ResearchProject").objects.create(name="Wave one interviews")
    records["researchproject"] = project
    records["replacement"] = model("Replacement").objects.create(
        project=project, term="Jamie", replacement="[peer worker]", created_by_id=researcher.pk
    )
    source = model("Source").objects.create(
        project=project,
        initiative_id=initiative.pk,
        title="Interview 1",
        interviewee_group="peer_worker",
        wave=1,
        text="Interviewer: How was it?\nRespondent: The team made me welcome.",
        added_by_id=researcher.pk,
    )
    records["source"] = source
    parent_id, child_id = uuid.uuid4(), uuid.uuid4()
    parent = model("Theme").objects.create(
        public_id=parent_id, name="Cultural issues", path=f"{parent_id.hex}/", depth=0
    )
    records["theme"] = model("Theme").objects.create(
        public_id=child_id,
        parent=parent,
        name="Team integration",
        path=f"{parent_id.hex}/{child_id.hex}/",
        depth=1,
    )
    excerpt = model("Excerpt").objects.create(
        source=source, start=37, end=63, created_by_id=researcher.pk
    )
    records["excerpt"] = excerpt
    records["coding"] = model("Coding").objects.create(
        excerpt=excerpt, theme=records["theme"], coder_id=researcher.pk, memo="Welcome"
    )
    records["cellsummary"] = model("CellSummary").objects.create(
        initiative_id=initiative.pk, theme=parent, text="Welcomed", updated_by_id=researcher.pk
    )
    shared = model("Source").objects.create(
        project=project,
        initiative_id=initiative.pk,
        title="Supervision record excerpt, P-01",
        kind="supervision",
        interviewee_group="supervision_record",
        text="We agreed a plan for boundaries.",
    )
    records["supervisionoffer"] = model("SupervisionOffer").objects.create(
        peer_worker_id=peer_worker.pk,
        session_public_id=uuid.uuid4(),
        session_date=dt.date(2025, 3, 4),
        source=shared,
        offered_by_id=peer_worker.user_id,
    )
    return records


def _log_creation(record, content_type: ContentType) -> LogEntry:
    return LogEntry.objects.create(
        content_type=content_type,
        object_pk=str(record.pk),
        object_id=record.pk,
        object_repr=f"{content_type.model} {record.pk}",
        action=LogEntry.Action.CREATE,
        changes={"id": ["None", str(record.pk)]},
    )


def test_every_research_row_keeps_its_key_its_permissions_and_its_history(
    researcher, administrator, initiative_a, peer_worker_a
):
    old_state = _back_to_before_the_split()
    assert "research_source" in connection.introspection.table_names()
    assert "qualitative_source" not in connection.introspection.table_names()

    content_types = _legacy_content_types()
    records = _old_records(
        old_state.apps,
        researcher=researcher,
        administrator=administrator,
        initiative=initiative_a,
        peer_worker=peer_worker_a,
    )
    entries = {name: _log_creation(record, content_types[name]) for name, record in records.items()}
    editors = Group.objects.create(name="Corpus editors")
    editors.permissions.add(Permission.objects.get(codename="change_source"))
    researcher.user_permissions.add(Permission.objects.get(codename="view_coding"))
    admin_entry = AdminLogEntry.objects.create(
        user=administrator,
        content_type=content_types["source"],
        object_id=str(records["source"].pk),
        object_repr="Interview 1",
        action_flag=CHANGE,
        change_message="Checked the pseudonyms",
    )
    # `migrate qualitative 0001` ends by creating content types for every installed model: a
    # second row for a moved model, which may collect an entry before 0002 folds it in.
    early = ContentType.objects.create(app_label="qualitative", model="theme")
    early_permission = Permission.objects.create(
        content_type=early, codename="view_theme", name="Can view theme"
    )
    administrator.user_permissions.add(early_permission)
    early_entry = _log_creation(records["theme"], early)
    rows_before = {
        name: old_state.apps.get_model("research", name).objects.count() for name in MOVED
    }

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    # The new initial migrations replace research's: they do not run; the moves do (and any
    # later migrations of the apps).
    planned = [(migration.app_label, migration.name) for migration, _backwards in plan]
    assert ("comparison", "0002_move_from_research") in planned
    assert ("qualitative", "0002_move_from_research") in planned
    assert not [
        name
        for app, name in planned
        if app in ("comparison", "qualitative") and name.startswith("0001")
    ]
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    tables = set(connection.introspection.table_names())
    assert not {table for table in tables if table.startswith("research_")}
    for name, model in MOVED.items():
        assert model._meta.db_table in tables
        assert model.objects.count() == rows_before[name], name
        record = model.objects.get(pk=records[name].pk)
        content_type = ContentType.objects.get_for_model(model)
        assert content_type.pk == content_types[name].pk, name
        history = LogEntry.objects.get_for_object(record)
        expected = {entries[name].pk} | ({early_entry.pk} if name == "theme" else set())
        assert set(history.values_list("pk", flat=True)) == expected, name
        assert Permission.objects.filter(content_type=content_type).count() == len(ACTIONS), name
    assert IdentifiedAccessGrant.objects.get().reason == "Ethics approval 2024/17 covers names"
    assert Coding.objects.get().excerpt.text == "The team made me welcome."
    assert SupervisionOffer.objects.get().source.title == "Supervision record excerpt, P-01"
    assert Theme.objects.get(name="Team integration").parent.name == "Cultural issues"

    assert not ContentType.objects.filter(app_label="research").exists()
    assert not ContentType.objects.filter(pk=early.pk).exists()
    assert editors.permissions.get().content_type.app_label == "qualitative"
    assert researcher.user_permissions.get().codename == "view_coding"
    assert administrator.user_permissions.get().content_type_id == content_types["theme"].pk
    assert AdminLogEntry.objects.get(pk=admin_entry.pk).get_edited_object() == Source.objects.get(
        pk=records["source"].pk
    )
    # The named constraints carry the new app's name (indexes Django named itself keep theirs).
    with connection.cursor() as cursor:
        for model in MOVED.values():
            found = connection.introspection.get_constraints(cursor, model._meta.db_table)
            assert {constraint.name for constraint in model._meta.constraints} <= set(found)
    # The replaced migrations stay recorded: they are what marks the new initial ones applied.
    applied = MigrationRecorder(connection).applied_migrations()
    assert {("research", name) for name in LEGACY_MIGRATIONS} <= set(applied)
    assert {(app, "0002_move_from_research") for app in NEW_APPS} <= set(applied)


def test_a_new_database_builds_the_apps_from_zero(initiative_a, researcher):
    executor = MigrationExecutor(connection)
    executor.migrate([(app, None) for app in NEW_APPS])
    tables = set(connection.introspection.table_names())
    assert not {table for table in tables if table.startswith(("research_", *NEW_APPS))}

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    tables = set(connection.introspection.table_names())
    assert {model._meta.db_table for model in MOVED.values()} <= tables
    assert not {table for table in tables if table.startswith("research_")}
    project = ResearchProject.objects.create(name="After the split")
    source = Source.objects.create(
        project=project,
        initiative=initiative_a,
        title="Interview 2",
        interviewee_group="colleague",
        text="Some words.",
        added_by=researcher,
    )
    assert LogEntry.objects.get_for_object(source).get().action == LogEntry.Action.CREATE
