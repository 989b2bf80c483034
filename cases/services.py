"""Writes for the cases domain. Every function is atomic and keyword-only."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from cases.models import (
    ImplementationMilestone,
    Initiative,
    InitiativePartner,
    Organisation,
    PeerWorker,
    PeerWorkerRole,
    ServiceSetting,
    Team,
)
from peerwork.lib.concurrency import save_if_current

INITIATIVE_FIELDS = ["name", "research_code", "status", "started", "description"]


def _set_partners(initiative: Initiative, partners: Iterable[tuple[Organisation, str]]) -> None:
    wanted = {(organisation.pk, part) for organisation, part in partners}
    current = {
        (partner.organisation_id, partner.part): partner for partner in initiative.partners.all()
    }
    for key, partner in current.items():
        if key not in wanted:
            partner.delete()
    for organisation_id, part in wanted - set(current):
        InitiativePartner.objects.create(
            initiative=initiative, organisation_id=organisation_id, part=part
        )
    initiative.refresh_context()


@transaction.atomic
def initiative_create(
    *,
    name: str,
    research_code: str,
    status: str,
    started,
    description: str = "",
    settings: Iterable[ServiceSetting] = (),
    partners: Iterable[tuple[Organisation, str]],
) -> Initiative:
    initiative = Initiative.objects.create(
        name=name,
        research_code=research_code,
        status=status,
        started=started,
        description=description,
    )
    initiative.settings.set(list(settings))
    _set_partners(initiative, partners)
    return initiative


@transaction.atomic
def initiative_update(
    *,
    initiative: Initiative,
    expected_version: int | None,
    settings: Iterable[ServiceSetting],
    partners: Iterable[tuple[Organisation, str]],
    **values,
) -> Initiative:
    """Update an initiative and its partners; refuses a stale edit (``StaleEditError``)."""
    for field, value in values.items():
        if field not in INITIATIVE_FIELDS:
            raise TypeError(f"initiative_update() got an unexpected field {field!r}")
        setattr(initiative, field, value)
    save_if_current(initiative, expected_version=expected_version, fields=INITIATIVE_FIELDS)
    initiative.settings.set(list(settings))
    _set_partners(initiative, partners)
    return initiative


@transaction.atomic
def team_save(*, team: Team) -> Team:
    team.full_clean()
    team.save()
    return team


@transaction.atomic
def role_save(
    *, role: PeerWorkerRole, functions: Iterable, expected_version: int | None = None
) -> PeerWorkerRole:
    """Create a role, or update it refusing a stale edit when ``expected_version`` is given."""
    if role.pk is None:
        role.save()
    else:
        fields = [
            field.name
            for field in PeerWorkerRole._meta.concrete_fields
            if field.editable and field.name not in {"id", "public_id", "initiative", "version"}
        ]
        save_if_current(role, expected_version=expected_version, fields=fields)
    role.functions.set(list(functions))
    return role


@transaction.atomic
def peer_worker_save(*, peer_worker: PeerWorker) -> PeerWorker:
    peer_worker.full_clean()
    peer_worker.save()
    return peer_worker


@transaction.atomic
def milestone_save(*, milestone: ImplementationMilestone) -> ImplementationMilestone:
    if milestone.milestone_type and not milestone.custom_title:
        milestone.phase = milestone.phase or milestone.milestone_type.phase
    milestone.full_clean()
    milestone.save()
    return milestone
