"""The comparison benchmark: its synthetic landscape, and the command end to end (tiny sizes)."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.db.models import Count, F, Max, Min, Q

from cases.models import (
    Context,
    Employment,
    Initiative,
    InitiativePartner,
    PeerWorker,
    PeerWorkerRole,
    RoleTerms,
)
from comparison.models import PracticeDeclaration
from comparison.synthetic import build_landscape
from recruitment.models import Application, Campaign, Interview, PanelMember, Stage
from supervision.models import SessionStatus, SupervisionArrangement, SupervisionSession
from training.models import Audience, Category, Enrolment, RequiredTraining

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 20)
RESULT_FIELDS = (
    "initiatives",
    "sessions",
    "page_ms",
    "sql_ms",
    "ratio",
    "queries",
    "rebuild_s",
    "write_ms",
)


# --- The landscape --------------------------------------------------------------------------


def _summary() -> dict:
    """What a landscape is made of, without the keys the database assigns."""
    return {
        "initiatives": list(
            Initiative.objects.order_by("research_code").values_list(
                "research_code", "context", "started", "status", "public_id"
            )
        ),
        "roles": list(
            PeerWorkerRole.objects.order_by("pk").values_list(
                "initiative__research_code", "title", "employment", "hours_per_week"
            )
        ),
        "terms": list(
            RoleTerms.objects.order_by("role_id", "effective_from").values_list(
                "role__title", "effective_from", "employment", "public_id"
            )
        ),
        "workers": list(
            PeerWorker.objects.order_by("pseudonym").values_list("pseudonym", "started", "ended")
        ),
        "applications": Application.objects.count(),
        "enrolments": list(
            Enrolment.objects.order_by("session__starts_on", "peer_worker__pseudonym")
            .values("attendance")
            .annotate(n=Count("pk"))
            .values_list("attendance", "n")
        ),
        "sessions": list(
            SupervisionSession.objects.order_by(
                "arrangement_id", "held_on", "public_id"
            ).values_list("held_on", "status", "public_id")
        ),
    }


def test_the_landscape_is_the_same_for_the_same_seed_and_day(db):
    with transaction.atomic():
        build_landscape(8, sessions=400, seed=3, today=TODAY)
        first = _summary()
        transaction.set_rollback(True)
    assert not Initiative.objects.exists()
    build_landscape(8, sessions=400, seed=3, today=TODAY)
    assert _summary() == first
    assert len(first["sessions"]) == 400


def test_another_seed_gives_another_landscape(db):
    with transaction.atomic():
        build_landscape(8, sessions=400, seed=3, today=TODAY)
        first = _summary()
        transaction.set_rollback(True)
    build_landscape(8, sessions=400, seed=4, today=TODAY)
    assert _summary()["workers"] != first["workers"]


def test_the_landscape_has_the_proportions_of_a_national_roll_out(db):
    added = build_landscape(30, sessions=3000, today=TODAY)

    assert added == 30
    assert Initiative.objects.count() == 30
    # Every context, ten each; the context matches the partners' sectors.
    contexts = dict(Initiative.objects.values_list("context").annotate(n=Count("pk")))
    assert contexts == {Context.STATUTORY: 10, Context.VOLUNTARY: 10, Context.PARTNERSHIP: 10}
    for initiative in Initiative.objects.all():
        assert initiative.derive_context() == initiative.context
    assert InitiativePartner.objects.filter(part="lead").count() == 30
    # About ten peer workers each, over about six years; about half have left.
    workers = PeerWorker.objects.count()
    assert 5 * 30 <= workers <= 15 * 30
    span = PeerWorker.objects.aggregate(first=Min("started"), last=Max("started"))
    assert (TODAY - span["first"]).days > 3 * 365
    left = PeerWorker.objects.filter(ended__isnull=False).count()
    assert 0.2 * workers < left < 0.8 * workers
    assert PeerWorker.objects.filter(user__isnull=False).exists()
    # Roles with dated terms; some started as volunteer posts and became paid.
    changed = [
        role_id
        for role_id, versions in RoleTerms.objects.values_list("role_id")
        .annotate(n=Count("pk"))
        .values_list("role_id", "n")
        if versions > 1
    ]
    assert changed
    assert RoleTerms.objects.filter(role_id__in=changed, employment=Employment.VOLUNTEER).exists()
    assert RoleTerms.objects.filter(hours_per_week__isnull=True).exists()  # hours not stated
    # Recruitment: about 25 applications per initiative, interviews with their panels.
    applications = Application.objects.count()
    assert 15 * 30 <= applications <= 35 * 30
    assert Application.objects.filter(stage=Stage.APPOINTED, peer_worker__isnull=False).exists()
    assert Interview.objects.exists() and PanelMember.objects.exists()
    assert Campaign.objects.filter(route="informal").exists()
    # Training: peer-specific courses, inductions or none, mandatory training, team preparation.
    assert Enrolment.objects.filter(
        session__programme__category=Category.PEER_SPECIFIC, completed_on__isnull=False
    ).exists()
    assert Enrolment.objects.filter(
        colleague__isnull=False, session__programme__audience=Audience.TEAM_COLLEAGUES
    ).exists()
    assert RequiredTraining.objects.filter(renewal_months=12).exists()
    assert 5 * workers <= Enrolment.objects.count() <= 15 * workers
    # Supervision: exactly the sessions asked for, within their arrangements' dates.
    assert SupervisionSession.objects.count() == 3000
    assert not SupervisionSession.objects.filter(held_on__lt=F("arrangement__started")).exists()
    assert not SupervisionSession.objects.filter(held_on__gt=F("arrangement__ended")).exists()
    statuses = set(SupervisionSession.objects.values_list("status", flat=True))
    assert statuses == set(SessionStatus.values)
    # The next due date of each arrangement follows its last signed session.
    for arrangement in SupervisionArrangement.objects.annotate(
        last=Max("sessions__held_on", filter=Q(sessions__status=SessionStatus.SIGNED))
    ):
        assert arrangement.next_due_on == arrangement.compute_next_due(arrangement.last)
    # Managers of some initiatives declared their practice.
    assert 0 < PracticeDeclaration.objects.count() < 30


def test_a_landscape_grows_to_a_larger_size(db):
    build_landscape(10, sessions=500, today=TODAY)
    assert build_landscape(10, sessions=500, today=TODAY) == 0
    assert build_landscape(15, sessions=750, today=TODAY) == 5
    codes = sorted(Initiative.objects.values_list("research_code", flat=True))
    assert codes == [f"P-{1000 + index}" for index in range(15)]
    assert SupervisionSession.objects.count() == 750


def test_the_ids_handed_out_by_the_landscape_are_not_reused(db):
    build_landscape(3, sessions=30, today=TODAY)
    role = PeerWorkerRole.objects.order_by("pk").first()
    worker = PeerWorker.objects.create(
        role=role, full_name="Added later", pseudonym="ADDED-1", started=TODAY
    )
    assert worker.pk > PeerWorker.objects.exclude(pk=worker.pk).aggregate(top=Max("pk"))["top"]


def test_every_key_of_the_landscape_points_at_a_row(db):
    """The landscape is loaded without the database's deferred key checks on PostgreSQL, so
    the keys are checked here, every foreign key of every model it writes."""
    from django.apps import apps

    build_landscape(4, sessions=80, today=TODAY)
    orphans = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not field.is_relation or not field.many_to_one:
                continue
            target = field.related_model
            rows = (
                model._base_manager.exclude(**{f"{field.attname}__isnull": True})
                .exclude(**{f"{field.attname}__in": target._base_manager.values("pk")})
                .count()
            )
            if rows:
                orphans[f"{model._meta.label}.{field.name}"] = rows
    assert orphans == {}
    assert SupervisionSession.objects.exists()


# --- The command ----------------------------------------------------------------------------


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_bench_comparison_prints_the_result_line_with_every_field(vendor, tmp_path):
    environment = {
        key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    if vendor == "sqlite":
        environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    elif connection.vendor != "postgresql":
        pytest.skip("The tests run on SQLite: no PostgreSQL to benchmark on.")
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "bench_comparison",
            "--initiatives",
            "3",
            "--initiatives",
            "6",
            "--sessions",
            "600",
            "--repeat",
            "1",
            "--writes",
            "2",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[-1].startswith("RESULT ")
    values = dict(part.split("=", 1) for part in lines[-1].split()[1:])
    assert tuple(values) == RESULT_FIELDS
    assert values["initiatives"] == "6"
    assert values["sessions"] == "600"
    for name in RESULT_FIELDS[2:]:
        assert re.fullmatch(r"-?\d+(\.\d+)?", values[name]), (name, values[name])
    assert float(values["page_ms"]) > 0 and float(values["sql_ms"]) > 0
    assert int(values["queries"]) > 0
    # Both sizes were measured, and the pages ran the same number of queries at each.
    table = [line.split() for line in lines if re.match(r"\s+[36] ", line)]
    assert [row[0] for row in table] == ["3", "6"]
    assert "— the same." in result.stdout
