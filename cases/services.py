"""Writes for the cases domain. Every function is atomic and keyword-only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import (
    ImplementationMilestone,
    Initiative,
    InitiativePartner,
    Organisation,
    PeerWorker,
    PeerWorkerRole,
    RoleFunction,
    RoleTerms,
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


def _default_terms_start(role: PeerWorkerRole) -> dt.date:
    today = timezone.localdate()
    started = role.initiative.started
    return started if started and started <= today else today


def _check_terms_date(effective_from: dt.date) -> None:
    if effective_from > timezone.localdate():
        raise ValidationError(
            {"terms_from": _("Record terms once they apply: the date cannot be in the future.")}
        )


def _mirror_latest_terms(role: PeerWorkerRole) -> None:
    """Copy the latest version's terms onto the role (the terms in force now)."""
    latest = role.terms_history.order_by("-effective_from").first()
    if latest is None:
        return
    values = latest.terms_values()
    changed = [name for name, value in values.items() if getattr(role, name) != value]
    if not changed:
        return
    for name in changed:
        setattr(role, name, values[name])
    role.version += 1
    role.save(update_fields=[*changed, "version"])


@transaction.atomic
def role_save(
    *,
    role: PeerWorkerRole,
    functions: Iterable[RoleFunction],
    expected_version: int | None = None,
    terms_from: dt.date | None = None,
) -> PeerWorkerRole:
    """Create a role, or update it refusing a stale edit when ``expected_version`` is given.

    The role's terms are its terms in force now. ``terms_from`` says since when: on a new role
    it starts the first version of its terms (default: the initiative's start, or today); on an
    existing role, a date after the current version's start records a change of terms (the
    earlier terms stay in the history), the current version's own date corrects the current
    terms, and an earlier date moves the current version's start back.
    """
    if terms_from is not None:
        _check_terms_date(terms_from)
    if role.pk is None:
        role.save()
        role.functions.set(list(functions))
        RoleTerms.objects.create(
            role=role,
            effective_from=terms_from or _default_terms_start(role),
            **role.terms_values(),
        )
        return role
    fields = [
        field.name
        for field in PeerWorkerRole._meta.concrete_fields
        if field.editable and field.name not in {"id", "public_id", "initiative", "version"}
    ]
    save_if_current(role, expected_version=expected_version, fields=fields)
    role.functions.set(list(functions))
    versions = list(role.terms_history.order_by("-effective_from")[:2])
    latest = versions[0] if versions else None
    if latest is None:
        RoleTerms.objects.create(
            role=role,
            effective_from=terms_from or _default_terms_start(role),
            **role.terms_values(),
        )
        return role
    terms = role.terms_values()
    if terms_from is not None and terms_from > latest.effective_from:
        if terms == latest.terms_values():
            raise ValidationError(
                {
                    "terms_from": _(
                        "The terms are the same as those in force since %(day)s. Change the "
                        "terms to record a change, or keep the date as it was."
                    )
                    % {"day": latest.effective_from.strftime("%d %b %Y")}
                }
            )
        RoleTerms.objects.create(role=role, effective_from=terms_from, **terms)
        return role
    moved = terms_from is not None and terms_from < latest.effective_from
    if moved:
        previous = versions[1] if len(versions) > 1 else None
        if previous is not None and terms_from <= previous.effective_from:
            raise ValidationError(
                {
                    "terms_from": _(
                        "Earlier terms are on record from %(day)s. Change them in the role's "
                        "terms history."
                    )
                    % {"day": previous.effective_from.strftime("%d %b %Y")}
                }
            )
        latest.effective_from = terms_from
    changed = [name for name, value in terms.items() if getattr(latest, name) != value]
    if changed or moved:
        for name in changed:
            setattr(latest, name, terms[name])
        latest.full_clean(exclude=["role"])
        latest.save()
    return role


@transaction.atomic
def role_terms_add(*, role: PeerWorkerRole, effective_from: dt.date, terms: dict) -> RoleTerms:
    """Record a dated version of a role's terms (a later one becomes the terms in force)."""
    _check_terms_date(effective_from)
    if role.terms_history.filter(effective_from=effective_from).exists():
        raise ValidationError(
            {"effective_from": _("There are already terms from this date. Edit those instead.")}
        )
    version = RoleTerms(role=role, effective_from=effective_from, **terms)
    version.full_clean(exclude=["role"])
    version.save()
    _mirror_latest_terms(role)
    return version


@transaction.atomic
def role_terms_delete(*, version: RoleTerms) -> None:
    """Remove one dated version; a role always keeps at least one."""
    role = version.role
    if role.terms_history.count() <= 1:
        raise ValidationError(_("A role always has its terms: this is the only version."))
    version.delete()
    _mirror_latest_terms(role)


@transaction.atomic
def peer_worker_save(*, peer_worker: PeerWorker) -> PeerWorker:
    peer_worker.full_clean()
    peer_worker.save()
    return peer_worker


@transaction.atomic
def milestone_save(*, milestone: ImplementationMilestone) -> ImplementationMilestone:
    # A standard milestone belongs to its type's phase; only a milestone of one's own is
    # placed in a phase by hand.
    if milestone.milestone_type and not milestone.custom_title:
        milestone.phase = milestone.milestone_type.phase
    if not milestone.phase:
        raise ValidationError({"phase": _("Choose the phase of your own milestone.")})
    milestone.full_clean()
    milestone.save()
    return milestone


# Standard milestones that an event in another app achieves (the slug of their type).
MILESTONE_APPOINTMENTS_MADE = "appointments-made"
MILESTONE_TEAM_PREPARATION = "team-preparation"
MILESTONE_FIRST_STARTED = "first-started"


@transaction.atomic
def milestones_tick(*, initiative_ids: Iterable[int], type_slug: str, on: dt.date) -> int:
    """Mark achieved on ``on`` the standard milestones of type ``type_slug`` that these
    initiatives planned and had not achieved yet: called by the event that achieves them
    (an appointment, team training completed, a first peer worker starting). Saved one by one,
    so the audit log records each; returns how many were ticked."""
    milestones = ImplementationMilestone.objects.select_for_update().filter(
        initiative_id__in=list(initiative_ids),
        milestone_type__slug=type_slug,
        custom_title="",
        achieved__isnull=True,
    )
    ticked = 0
    for milestone in milestones:
        milestone.achieved = on
        milestone.save(update_fields=["achieved"])
        ticked += 1
    return ticked
