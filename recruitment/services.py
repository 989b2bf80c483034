"""Writes for recruitment. Every function is atomic: it either does everything or nothing.

Services re-read the rows they change under a lock and check the rules against what is in the
database, not against the copy the caller loaded; a caller's stale copy is refused through the
``version`` it loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from cases import services as cases_services
from cases.models import PeerWorker, PeerWorkerRole
from cases.services import next_pseudonym
from peerwork.lib.concurrency import check_version, save_new_version
from recruitment.models import (
    ENDED_STATUSES,
    IDENTIFYING_FIELDS,
    IDENTIFYING_RELATED_FIELDS,
    REASONS_FOR_STAGE,
    SCORE_MAX,
    SCORE_MIN,
    Application,
    Campaign,
    CampaignStatus,
    EndReason,
    Interview,
    InterviewOutcome,
    LivedExperienceDeclared,
    PanelMember,
    PeerPanelPlan,
    Perspective,
    Route,
    Score,
    SelectionCriterion,
    Stage,
    StageChange,
    next_stages,
)

STALE_APPLICATION = gettext_lazy(
    "This application was changed by someone else while you were editing it (it is now at "
    "'%(stage)s'). Nothing was saved: check the application and try again."
)
STALE_CAMPAIGN = gettext_lazy(
    "This campaign was changed by someone else while you were editing it. Nothing was saved: "
    "check the campaign and try again."
)


def _stale_campaign(current: Campaign) -> ValidationError:
    return ValidationError(STALE_CAMPAIGN, code="stale")


def _stale_application(current: Application) -> ValidationError:
    return ValidationError(STALE_APPLICATION % {"stage": current.get_stage_display()}, code="stale")


def _check_dates(*, opened: dt.date | None, closes_on: dt.date | None) -> None:
    if opened and closes_on and closes_on < opened:
        raise ValidationError(
            {
                "closes_on": _(
                    "The closing date (%(closes)s) is before the opening date (%(opened)s)."
                )
                % {"closes": closes_on.strftime("%d %b %Y"), "opened": opened.strftime("%d %b %Y")}
            },
            code="closes_before_opening",
        )


def _check_choice(field: str, value: str, choices: type[models.Choices]) -> None:
    if value not in choices.values:
        raise ValidationError({field: _("'%(value)s' is not a valid choice.") % {"value": value}})


# --- Campaigns ----------------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    role: PeerWorkerRole,
    by: User,
    title: str,
    vacancies: int,
    route: str,
    opened: dt.date,
    closes_on: dt.date,
    advert_channels: str = "",
    is_criteria_coproduced: bool = False,
    lived_experience_criterion: str | None = None,
    status: str = CampaignStatus.DRAFT,
    criteria: Iterable[str] = (),
    peer_on_panel_planned: str = PeerPanelPlan.UNDECIDED,
) -> Campaign:
    """Open a campaign for ``role`` with its selection criteria (one per name, in order)."""
    _check_dates(opened=opened, closes_on=closes_on)
    _check_choice("route", route, Route)
    _check_choice("peer_on_panel_planned", peer_on_panel_planned, PeerPanelPlan)
    if vacancies is None or vacancies < 1:
        raise ValidationError({"vacancies": _("A campaign needs at least one vacancy.")})
    if status not in (CampaignStatus.DRAFT, CampaignStatus.OPEN):
        raise ValidationError({"status": _("A new campaign starts as a draft or open.")})
    campaign = Campaign.objects.create(
        role=role,
        title=title.strip(),
        vacancies=vacancies,
        route=route,
        opened=opened,
        closes_on=closes_on,
        advert_channels=advert_channels.strip(),
        is_criteria_coproduced=is_criteria_coproduced,
        lived_experience_criterion=lived_experience_criterion or role.lived_experience_criterion,
        peer_on_panel_planned=peer_on_panel_planned,
        status=status,
        created_by=by,
    )
    names = _criterion_names(criteria)
    for position, name in enumerate(names):  # create() each, so the audit log records them
        SelectionCriterion.objects.create(campaign=campaign, name=name, position=position)
    return campaign


def _criterion_names(criteria: Iterable[str]) -> list[str]:
    names: list[str] = []
    for raw in criteria:
        name = raw.strip()
        if not name:
            continue
        if name.casefold() in {existing.casefold() for existing in names}:
            raise ValidationError(
                {"criteria": _("The criterion '%(name)s' is listed twice.") % {"name": name}}
            )
        names.append(name)
    return names


@transaction.atomic
def campaign_update(
    *,
    campaign: Campaign,
    loaded_version: int,
    title: str,
    vacancies: int,
    route: str,
    opened: dt.date,
    closes_on: dt.date,
    advert_channels: str,
    is_criteria_coproduced: bool,
    lived_experience_criterion: str,
    status: str,
    peer_on_panel_planned: str | None = None,
) -> Campaign:
    """Edit a campaign. ``filled`` is set only by appointing; ended campaigns get ``closed_on``."""
    current = Campaign.objects.select_for_update().get(pk=campaign.pk)
    check_version(current, expected_version=loaded_version, stale=_stale_campaign)
    _check_dates(opened=opened, closes_on=closes_on)
    _check_choice("route", route, Route)
    _check_choice("status", status, CampaignStatus)
    if peer_on_panel_planned is None:
        peer_on_panel_planned = current.peer_on_panel_planned
    _check_choice("peer_on_panel_planned", peer_on_panel_planned, PeerPanelPlan)
    appointed = current.applications.filter(stage=Stage.APPOINTED).count()
    if vacancies is None or vacancies < 1:
        raise ValidationError({"vacancies": _("A campaign needs at least one vacancy.")})
    if vacancies < appointed:
        raise ValidationError(
            {
                "vacancies": _(
                    "%(appointed)d people are already appointed: vacancies cannot be "
                    "fewer than that."
                )
                % {"appointed": appointed}
            },
            code="fewer_vacancies_than_appointments",
        )
    if status == CampaignStatus.FILLED and current.status != CampaignStatus.FILLED:
        raise ValidationError(
            {"status": _("A campaign becomes filled when its last vacancy is appointed.")}
        )
    if status == CampaignStatus.DRAFT and current.applications.exists():
        raise ValidationError(
            {"status": _("A campaign with applications cannot go back to draft.")}
        )
    closed_on = current.closed_on
    if status in ENDED_STATUSES and current.status not in ENDED_STATUSES:
        closed_on = timezone.localdate()
    elif status not in ENDED_STATUSES:
        closed_on = None
    save_new_version(
        current,
        {
            "title": title.strip(),
            "vacancies": vacancies,
            "route": route,
            "opened": opened,
            "closes_on": closes_on,
            "advert_channels": advert_channels.strip(),
            "is_criteria_coproduced": is_criteria_coproduced,
            "lived_experience_criterion": lived_experience_criterion,
            "peer_on_panel_planned": peer_on_panel_planned,
            "status": status,
            "closed_on": closed_on,
        },
    )
    current.refresh_from_db()
    return current


@transaction.atomic
def criterion_add(
    *, campaign: Campaign, name: str, is_essential: bool = True
) -> SelectionCriterion:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the criterion a name.")})
    if campaign.criteria.filter(name__iexact=name).exists():
        raise ValidationError(
            {"name": _("This campaign already has the criterion '%(name)s'.") % {"name": name}}
        )
    position = campaign.criteria.count()
    return SelectionCriterion.objects.create(
        campaign=campaign, name=name, is_essential=is_essential, position=position
    )


@transaction.atomic
def criterion_remove(*, criterion: SelectionCriterion) -> None:
    if criterion.scores.exists():
        raise ValidationError(
            _("'%(name)s' has interview scores, so it cannot be removed.")
            % {"name": criterion.name}
        )
    criterion.delete()


# --- Applications -------------------------------------------------------------------------


def _refuse_if_cancelled(campaign: Campaign) -> None:
    if campaign.status == CampaignStatus.CANCELLED:
        raise ValidationError(
            _("The campaign '%(campaign)s' was cancelled: its applications cannot change.")
            % {"campaign": campaign.title},
            code="campaign_cancelled",
        )


@transaction.atomic
def application_create(
    *,
    campaign: Campaign,
    by: User,
    full_name: str,
    email: str = "",
    phone: str = "",
    lived_experience: str = LivedExperienceDeclared.PREFER_NOT_TO_SAY,
    adjustments_requested: str = "",
    adjustments_offered: str = "",
    received: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Application:
    """Record an application to an open campaign, with the first entry of its history."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _refuse_if_cancelled(campaign)
    if campaign.status != CampaignStatus.OPEN:
        raise ValidationError(
            _("The campaign is %(status)s: applications can only be added while it is open.")
            % {"status": campaign.get_status_display().lower()},
            code="campaign_not_open",
        )
    if not full_name.strip():
        raise ValidationError({"full_name": _("Enter the applicant's name.")})
    _check_choice("lived_experience", lived_experience, LivedExperienceDeclared)
    received = received or timezone.localdate()
    if received < campaign.opened:
        raise ValidationError(
            {
                "received": _(
                    "The application cannot arrive before the campaign opened (%(opened)s)."
                )
                % {"opened": campaign.opened.strftime("%d %b %Y")}
            }
        )
    application = Application.objects.create(
        campaign=campaign,
        full_name=full_name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        lived_experience=lived_experience,
        adjustments_requested=adjustments_requested.strip(),
        adjustments_offered=adjustments_offered.strip(),
        received=received,
    )
    StageChange.objects.create(
        application=application,
        from_stage="",
        to_stage=Stage.APPLIED,
        changed_by=by,
        changed_at=at or timezone.now(),
    )
    return application


@transaction.atomic
def application_update(
    *,
    application: Application,
    loaded_version: int,
    full_name: str,
    email: str,
    phone: str,
    lived_experience: str,
    adjustments_requested: str,
    adjustments_offered: str,
) -> Application:
    """Correct an applicant's details (not their stage)."""
    current = Application.objects.select_for_update().get(pk=application.pk)
    if current.is_erased:
        raise ValidationError(_("This applicant's personal data was erased; it cannot be edited."))
    check_version(current, expected_version=loaded_version, stale=_stale_application)
    if not full_name.strip():
        raise ValidationError({"full_name": _("Enter the applicant's name.")})
    _check_choice("lived_experience", lived_experience, LivedExperienceDeclared)
    save_new_version(
        current,
        {
            "full_name": full_name.strip(),
            "email": email.strip(),
            "phone": phone.strip(),
            "lived_experience": lived_experience,
            "adjustments_requested": adjustments_requested.strip(),
            "adjustments_offered": adjustments_offered.strip(),
        },
    )
    current.refresh_from_db()
    return current


def _set_stage(
    *,
    current: Application,
    loaded_version: int,
    to_stage: str,
    end_reason: str,
    by: User,
    note: str,
    at: dt.datetime | None,
) -> StageChange:
    """Move ``current`` (already locked and checked) and record the change."""
    check_version(current, expected_version=loaded_version, stale=_stale_application)
    from_stage = current.stage
    save_new_version(current, {"stage": to_stage, "end_reason": end_reason})
    return StageChange.objects.create(
        application=current,
        from_stage=from_stage,
        to_stage=to_stage,
        end_reason=end_reason,
        changed_by=by,
        changed_at=at or timezone.now(),
        note=note.strip(),
    )


def _stage_label(stage: str) -> str:
    return str(Stage(stage).label)


@transaction.atomic
def application_move(
    *,
    application: Application,
    to_stage: str,
    by: User,
    loaded_version: int,
    end_reason: str = "",
    note: str = "",
    at: dt.datetime | None = None,
) -> Application:
    """Move an application one step along the pipeline, or end it with a coded reason.

    Appointing goes through ``application_appoint``, which also creates the peer worker.
    """
    current = (
        Application.objects.select_for_update().select_related("campaign").get(pk=application.pk)
    )
    check_version(current, expected_version=loaded_version, stale=_stale_application)
    _refuse_if_cancelled(current.campaign)
    if to_stage not in Stage.values:
        raise ValidationError({"to_stage": _("'%(stage)s' is not a stage.") % {"stage": to_stage}})
    if to_stage == Stage.APPOINTED and current.stage == Stage.CHECKS:
        raise ValidationError(
            {"to_stage": _("Use 'Appoint' to appoint: it also creates the peer worker's record.")}
        )
    if to_stage not in next_stages(current.stage):
        if not current.is_active:
            message = _("The application has ended ('%(stage)s'); it cannot move any more.") % {
                "stage": _stage_label(current.stage)
            }
        else:
            allowed = ", ".join(_stage_label(stage) for stage in next_stages(current.stage))
            message = _(
                "An application cannot go from '%(stage)s' to '%(to)s': steps cannot be skipped. "
                "From '%(stage)s' it can go to: %(allowed)s."
            ) % {
                "stage": _stage_label(current.stage),
                "to": _stage_label(to_stage),
                "allowed": allowed,
            }
        raise ValidationError({"to_stage": message}, code="invalid_transition")
    reasons = REASONS_FOR_STAGE.get(Stage(to_stage))
    if reasons is None:
        if end_reason:
            raise ValidationError(
                {
                    "end_reason": _(
                        "A reason is only recorded when an application is withdrawn "
                        "or not appointed."
                    )
                }
            )
    elif end_reason not in reasons:
        labels = ", ".join(str(EndReason(reason).label) for reason in reasons)
        raise ValidationError(
            {
                "end_reason": _(
                    "Choose why the application ended as '%(stage)s': one of %(labels)s."
                )
                % {"stage": _stage_label(to_stage), "labels": labels}
            },
            code="reason_required",
        )
    _set_stage(
        current=current,
        loaded_version=loaded_version,
        to_stage=to_stage,
        end_reason=end_reason,
        by=by,
        note=note,
        at=at,
    )
    current.refresh_from_db()
    return current


def _campaign_fill_if_complete(campaign: Campaign, *, appointed: int) -> None:
    if appointed >= campaign.vacancies and campaign.status != CampaignStatus.FILLED:
        save_new_version(
            campaign,
            {
                "status": CampaignStatus.FILLED,
                "closed_on": campaign.closed_on or timezone.localdate(),
            },
        )


@transaction.atomic
def application_appoint(
    *,
    application: Application,
    by: User,
    loaded_version: int,
    started: dt.date,
    full_name: str = "",
    note: str = "",
    at: dt.datetime | None = None,
) -> PeerWorker:
    """Appoint: move to appointed, create the peer worker in the role, fill the campaign.

    All or nothing: if any step fails, the application, its history, the peer workers and the
    campaign are as they were.
    """
    campaign = (
        Campaign.objects.select_for_update()
        .select_related("role__initiative")
        .get(pk=application.campaign_id)
    )
    current = Application.objects.select_for_update().get(pk=application.pk)
    if current.stage == Stage.APPOINTED or current.peer_worker_id is not None:
        raise ValidationError(
            _("This application has already been appointed; it cannot be appointed twice."),
            code="already_appointed",
        )
    check_version(current, expected_version=loaded_version, stale=_stale_application)
    _refuse_if_cancelled(campaign)
    if current.stage != Stage.CHECKS:
        raise ValidationError(
            _(
                "Only an application at 'Pre-employment checks' can be appointed; this one is at "
                "'%(stage)s'."
            )
            % {"stage": _stage_label(current.stage)},
            code="invalid_transition",
        )
    appointed = campaign.applications.filter(stage=Stage.APPOINTED).count()
    if appointed >= campaign.vacancies:
        raise ValidationError(
            _(
                "All %(vacancies)d vacancies of this campaign are already filled: appointing "
                "another person would be more appointments than vacancies."
            )
            % {"vacancies": campaign.vacancies},
            code="no_vacancy",
        )
    if started is None:
        raise ValidationError({"started": _("Enter the peer worker's start date.")})
    if started < campaign.opened:
        raise ValidationError(
            {
                "started": _("The start date is before the campaign opened (%(opened)s).")
                % {"opened": campaign.opened.strftime("%d %b %Y")}
            }
        )
    name = (full_name or current.full_name).strip()
    if not name:
        raise ValidationError({"full_name": _("Enter the name for the peer worker's record.")})

    _set_stage(
        current=current,
        loaded_version=loaded_version,
        to_stage=Stage.APPOINTED,
        end_reason="",
        by=by,
        note=note,
        at=at,
    )
    peer_worker = PeerWorker.objects.create(
        role=campaign.role,
        full_name=name,
        pseudonym=next_pseudonym(campaign.role.initiative),
        started=started,
    )
    current.peer_worker = peer_worker
    current.save(update_fields=["peer_worker"])
    _campaign_fill_if_complete(campaign, appointed=appointed + 1)
    cases_services.milestones_tick(
        initiative_ids=[campaign.role.initiative_id],
        type_slug=cases_services.MILESTONE_APPOINTMENTS_MADE,
        on=timezone.localdate(at) if at else timezone.localdate(),
    )
    return peer_worker


# --- Interviews ---------------------------------------------------------------------------


def interview_date_warnings(*, campaign: Campaign, held_on: dt.date) -> list[str]:
    """Warnings, not refusals, about an interview date on a campaign entered after the fact.

    An open campaign refuses a date before its opening (``interview_create``); a historical
    one (ended, or past its closing date) accepts it, and the manager is told.
    """
    warnings: list[str] = []
    if held_on < campaign.opened:
        warnings.append(
            _(
                "The interview date (%(held)s) is before the campaign's opening date "
                "(%(opened)s). It was saved because the campaign is historical; check the "
                "dates if this was a typing error."
            )
            % {"held": held_on.strftime("%d %b %Y"), "opened": campaign.opened.strftime("%d %b %Y")}
        )
    if campaign.closed_on and held_on > campaign.closed_on:
        warnings.append(
            _("The interview date (%(held)s) is after the campaign was closed (%(closed)s).")
            % {
                "held": held_on.strftime("%d %b %Y"),
                "closed": campaign.closed_on.strftime("%d %b %Y"),
            }
        )
    return warnings


@transaction.atomic
def interview_create(
    *,
    application: Application,
    held_on: dt.date,
    outcome: str = InterviewOutcome.PENDING,
    panel: Iterable[tuple[str, str]],
) -> Interview:
    """Record an interview and its panel ``[(name, perspective), ...]``."""
    current = Application.objects.select_related("campaign").get(pk=application.pk)
    _refuse_if_cancelled(current.campaign)
    if current.stage in (Stage.APPLIED, Stage.SHORTLISTED):
        raise ValidationError(
            _("Move the application to 'Interview' before recording an interview.")
        )
    if held_on < current.campaign.opened and not current.campaign.is_historical:
        raise ValidationError(
            {
                "held_on": _(
                    "The interview cannot be before the campaign opened (%(opened)s). If the "
                    "campaign ran earlier than recorded, correct its opening date."
                )
                % {"opened": current.campaign.opened.strftime("%d %b %Y")}
            }
        )
    _check_choice("outcome", outcome, InterviewOutcome)
    members = [(name.strip(), perspective) for name, perspective in panel if name.strip()]
    if not members:
        raise ValidationError(_("Add at least one panel member."))
    seen: set[str] = set()
    for name, perspective in members:
        if perspective not in Perspective.values:
            raise ValidationError(_("Choose a perspective for %(name)s.") % {"name": name})
        if name.casefold() in seen:
            raise ValidationError(_("%(name)s is on the panel twice.") % {"name": name})
        seen.add(name.casefold())
    interview = Interview.objects.create(application=current, held_on=held_on, outcome=outcome)
    for name, perspective in members:  # create() each, so the audit log records them
        PanelMember.objects.create(interview=interview, name=name, perspective=perspective)
    return interview


@transaction.atomic
def interview_score(
    *,
    interview: Interview,
    outcome: str,
    scores: Mapping[tuple[int, int], int | None],
) -> Interview:
    """Save the outcome and the scores ``{(panel_member_id, criterion_id): score or None}``.

    A None score removes an earlier one. Scores outside 0–4 are refused.
    """
    _refuse_if_cancelled(interview.application.campaign)
    _check_choice("outcome", outcome, InterviewOutcome)
    member_ids = set(interview.panel.values_list("pk", flat=True))
    criterion_ids = set(interview.application.campaign.criteria.values_list("pk", flat=True))
    for (member_id, criterion_id), value in scores.items():
        if member_id not in member_ids or criterion_id not in criterion_ids:
            raise ValidationError(
                _("A score was given for someone or something not on this interview.")
            )
        if value is not None and not SCORE_MIN <= value <= SCORE_MAX:
            raise ValidationError(
                _("A score of %(value)s is outside the scale: scores run from %(min)d to %(max)d.")
                % {"value": value, "min": SCORE_MIN, "max": SCORE_MAX},
                code="score_out_of_range",
            )
    interview.outcome = outcome
    interview.save(update_fields=["outcome"])
    for (member_id, criterion_id), value in scores.items():
        if value is None:
            Score.objects.filter(panel_member_id=member_id, criterion_id=criterion_id).delete()
        else:
            Score.objects.update_or_create(
                panel_member_id=member_id, criterion_id=criterion_id, defaults={"score": value}
            )
    interview.refresh_from_db()
    return interview


# --- Erasure ------------------------------------------------------------------------------


def application_blank(*, application: Application) -> int:
    """Blank one application's identifying fields and its stage notes, record by record.

    The caller holds the application's row lock and runs inside a transaction. Uses ``save()``
    (never ``update()``) so the audit log records the erasure; the audit history still holds
    the old values until the caller scrubs it (``_history_scrub``, or ``erase_person``).
    Returns how many stage notes were blanked.
    """
    for field_name in IDENTIFYING_FIELDS:
        setattr(application, field_name, "")
    application.erased = timezone.now()
    application.version += 1
    application.save(update_fields=[*IDENTIFYING_FIELDS, "erased", "version"])
    note_fields = list(IDENTIFYING_RELATED_FIELDS["StageChange"])
    notes = 0
    for change in StageChange.objects.filter(application=application).exclude(note=""):
        for field_name in note_fields:
            setattr(change, field_name, "")
        change.save(update_fields=note_fields)
        notes += 1
    return notes


def _history_scrub(*, application_ids: list[int], values: set[str]) -> int:
    """Overwrite erased values in the audit history of these applications and their notes."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from peerwork.lib.audit import scrub_entries, scrub_strings

    if not application_ids:
        return 0
    keys = [str(pk) for pk in application_ids]
    change_keys = [
        str(pk)
        for pk in StageChange.objects.filter(application_id__in=application_ids).values_list(
            "pk", flat=True
        )
    ]
    scrubbed = scrub_entries(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Application), object_pk__in=keys
        ),
        fields=set(IDENTIFYING_FIELDS),
        object_repr=str(_("Erased applicant")),
    )
    scrubbed += scrub_entries(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(StageChange),
            object_pk__in=change_keys,
        ),
        fields=set(IDENTIFYING_RELATED_FIELDS["StageChange"]),
        object_repr=None,
    )
    # The same values anywhere else in the log (e.g. a record whose name included them).
    ordered = sorted(values)
    for start in range(0, len(ordered), 50):
        scrubbed += scrub_strings(ordered[start : start + 50])
    return scrubbed


@transaction.atomic
def applications_erase(*, older_than_days: int, today: dt.date | None = None) -> dict[str, int]:
    """Blank the identifying fields of applications in campaigns ended over N days ago.

    Keeps stages, dates, reasons, interviews and scores (the anonymous pipeline facts) and the
    stage history rows (their free-text notes are blanked). Each record is saved (so the audit
    log records the erasure) and the erased values are then overwritten in the audit history
    of those records, so the log keeps the fact of each change but not the applicant's data.
    Returns counts of what was erased.
    """
    if older_than_days < 0:
        raise ValidationError(_("The number of days cannot be negative."))
    today = today or timezone.localdate()
    before = today - dt.timedelta(days=older_than_days)
    applications = list(
        Application.objects.erasable(before=before).select_for_update(of=("self",)).order_by("pk")
    )
    campaigns = len({application.campaign_id for application in applications})
    values: set[str] = set()
    notes = 0
    for application in applications:
        if application.peer_worker_id is None:
            # An appointed applicant's name lives on in their peer worker record.
            values.add(application.full_name)
        values.update((application.email, application.phone))
        notes += application_blank(application=application)
    _history_scrub(
        application_ids=[application.pk for application in applications],
        values={value for value in values if value},
    )
    return {"applications": len(applications), "campaigns": campaigns, "notes": notes}
