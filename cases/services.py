"""Writes for the cases domain. Every function is atomic and keyword-only."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import (
    ImplementationMilestone,
    Initiative,
    InitiativePartner,
    Organisation,
    OrganisationMerge,
    PeerWorker,
    PeerWorkerRole,
    RoleFunction,
    RoleTerms,
    ServiceSetting,
    Team,
)
from cases.selectors import organisation_name_key, organisation_near_duplicates
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
    started: dt.date,
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
    **values: Any,
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
    if moved and terms_from is not None:
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
def role_terms_add(
    *, role: PeerWorkerRole, effective_from: dt.date, terms: dict[str, Any]
) -> RoleTerms:
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


def next_pseudonym(initiative: Initiative) -> str:
    """The research code for the next peer worker in ``initiative``: ``<research code>-Wnn``,
    one more than the highest number given so far. A number is never given twice, not even
    after its peer worker left or was erased, so research data never joins up two people."""
    prefix = f"{initiative.research_code}-W"
    numbers = [
        int(match.group(1))
        for pseudonym in PeerWorker.objects.filter(pseudonym__startswith=prefix).values_list(
            "pseudonym", flat=True
        )
        if (match := re.fullmatch(re.escape(prefix) + r"(\d+)", pseudonym))
    ]
    return f"{prefix}{max(numbers, default=0) + 1:02d}"


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


# --- Organisations ----------------------------------------------------------------------


@transaction.atomic
def organisation_create(
    *, name: str, sector: str, kind: str, region: str, is_distinct: bool = False
) -> Organisation:
    """Add an organisation. A name that is the same as an existing one once case,
    punctuation and common abbreviations are ignored is refused; a merely similar one is
    refused unless ``is_distinct`` says the person checked it is another organisation."""
    name = " ".join(name.split())
    matches = organisation_near_duplicates(name)
    key = organisation_name_key(name)
    same = [match for match in matches if organisation_name_key(match.name) == key]
    if same:
        raise ValidationError(
            {
                "name": _("“%(name)s” is already in peerwork as “%(existing)s”. Choose it instead.")
                % {"name": name, "existing": same[0].name}
            },
            code="duplicate",
        )
    if matches and not is_distinct:
        raise ValidationError(
            {
                "name": _(
                    "This looks like %(existing)s, already in peerwork. Choose it, or tick "
                    "“It is a different organisation”."
                )
                % {"existing": ", ".join(f"“{match.name}”" for match in matches)}
            },
            code="near_duplicate",
        )
    organisation = Organisation(name=name, sector=sector, kind=kind, region=region)
    organisation.full_clean()
    organisation.save()
    return organisation


# References whose move would duplicate a row the kept organisation already has: the
# duplicate is the same fact twice, so it is removed rather than moved.
_MERGE_DROPS_DUPLICATES = frozenset({"cases.membership", "cases.initiativepartner"})


@transaction.atomic
def organisation_merge(
    *, keep: Organisation, remove: Organisation, merged_by: User | None = None
) -> OrganisationMerge:
    """Move every reference to ``remove`` onto ``keep`` and delete ``remove``.

    Each moved record is saved (so the audit log records it) and the merge itself is kept
    as an ``OrganisationMerge``. A move that would break a uniqueness rule (a team or a
    programme of the same name in both) is refused with the records named, and nothing is
    changed; a membership or partnership both already hold is simply dropped.
    """
    if keep.pk == remove.pk:
        raise ValidationError(_("Choose two different organisations to merge."))
    moved: dict[str, int] = {}
    clashes: list[str] = []
    touched_initiatives: set[int] = set()
    for relation in Organisation._meta.related_objects:
        if not (relation.one_to_many or relation.one_to_one):
            continue
        model = relation.related_model
        field_name = relation.field.name
        label = model._meta.label_lower
        for record in model._base_manager.filter(**{field_name: remove}).select_for_update():
            setattr(record, field_name, keep)
            try:
                record.validate_unique()
                record.validate_constraints()
            except ValidationError:
                if label in _MERGE_DROPS_DUPLICATES:
                    record.delete()
                    continue
                clashes.append(f"{model._meta.verbose_name} “{record}”")
                continue
            record.save(update_fields=[relation.field.attname])
            moved[model._meta.label] = moved.get(model._meta.label, 0) + 1
            if isinstance(record, InitiativePartner):
                touched_initiatives.add(record.initiative_id)
    if clashes:
        raise ValidationError(
            _(
                "These records exist in both organisations under the same name; rename or "
                "merge them first: %(records)s."
            )
            % {"records": "; ".join(clashes)}
        )
    merge = OrganisationMerge.objects.create(
        kept=keep,
        removed_name=remove.name,
        removed_public_id=remove.public_id,
        moved=moved,
        merged_by=merged_by,
    )
    remove.delete()
    for initiative in Initiative.objects.filter(pk__in=touched_initiatives):
        initiative.refresh_context()
    return merge


# --- Leavers ------------------------------------------------------------------------------


def leavers_deactivate(
    *, days: int | None = None, today: dt.date | None = None, dry_run: bool = False
) -> list[Any]:
    """Deactivate (and sign out everywhere) the accounts of peer workers whose posts all ended
    more than ``days`` ago (default ``PEERWORK_LEAVER_DEACTIVATE_DAYS``). Returns the users;
    a second run finds nobody new."""
    from django.conf import settings

    from cases.selectors import leavers

    days = settings.PEERWORK_LEAVER_DEACTIVATE_DAYS if days is None else days
    found = list(leavers(days=days, today=today or timezone.localdate()))
    if dry_run:
        return found
    with transaction.atomic():
        for user in found:
            user.is_active = False
            user.session_epoch += 1
            user.save(update_fields=["is_active", "session_epoch"])
    return found


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
