"""Derive practice profiles from the records.

``derive`` turns what the owning apps' selectors read (cases, recruitment, training, supervision)
and what managers declared into the field values of ``PracticeProfile`` for one quarter, for
every initiative at once or a given few, in a fixed number of queries. Writing the rows, keeping
the current quarter fresh and freezing closed quarters is ``comparison.services``'s job.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from decimal import Decimal

from cases import selectors as cases_selectors
from cases.models import FULL_TIME_HOURS, Employment, LivedExperienceCriterion
from comparison.models import PracticeDeclaration
from comparison.vocabularies import FormalSupervision, InformalRecruitment, TeamPreparation
from recruitment import selectors as recruitment_selectors
from recruitment.models import Route
from supervision import selectors as supervision_selectors
from training import selectors as training_selectors

# Lists declared by the manager, stored as options in the profile.
DECLARED_LISTS = ("aims", "informal_recruitment", "ongoing_support")

# Recruitment routes on record and the declared ways of recruiting they correspond to.
_ROUTE_DECLARATIONS = {
    Route.OPEN_ADVERT: {InformalRecruitment.OPEN_ADVERT},
    Route.INFORMAL: {
        InformalRecruitment.GROUP_MEMBER,
        InformalRecruitment.COURSE_COMPLETER,
        InformalRecruitment.WORD_OF_MOUTH,
    },
}


def as_options(values: Iterable[str] | None) -> dict[str, bool] | None:
    """A list of vocabulary values as the profile stores it: ``{value: True}``, so the database
    can count initiatives per option (``has_key``); None (not known) stays None."""
    if values is None:
        return None
    return dict.fromkeys(values, True)


def _any(values: Iterable[bool | None]) -> bool | None:
    """True if any is true; False if all are known and false; None otherwise (or if empty)."""
    values = list(values)
    if any(value is True for value in values):
        return True
    if values and all(value is False for value in values):
        return False
    return None


def _terms_dict(version: cases_selectors.TermsVersion) -> dict:
    return {
        "from": version.effective_from.isoformat() if version.effective_from else None,
        "employment": version.employment,
        "contract": version.contract,
        "pay_band": version.pay_band,
        "pay_grade_other": version.pay_grade_other,
        "hours": str(version.hours_per_week) if version.hours_per_week is not None else None,
        "part_time": version.is_part_time,
        "flexible": version.has_flexible_hours,
    }


def derive(
    *, quarter: dt.date, as_of: dt.date, initiative_ids: Iterable[int] | None = None
) -> dict[int, dict]:
    """``{initiative_id: {field: value}}`` for the quarter starting on ``quarter``, describing
    ``as_of`` (its last day, or today while it is open)."""
    ids = list(initiative_ids) if initiative_ids is not None else None
    places = cases_selectors.initiative_facts(initiative_ids=ids)
    roles = cases_selectors.roles_by_initiative(on=as_of, initiative_ids=ids)
    workforce = cases_selectors.workforce_by_initiative(
        start=quarter, end=as_of, initiative_ids=ids
    )
    recruitment = recruitment_selectors.recruitment_practice_by_initiative(
        on=as_of, initiative_ids=ids
    )
    training = training_selectors.peer_training_design_by_initiative(on=as_of, initiative_ids=ids)
    completion = training_selectors.training_completion_by_initiative(on=as_of, initiative_ids=ids)
    team_preparation = training_selectors.team_preparation_by_initiative(ids)
    supervision = supervision_selectors.formal_supervision_by_initiative(
        on=as_of, initiative_ids=ids
    )
    declarations = PracticeDeclaration.objects.all()
    if ids is not None:
        declarations = declarations.filter(initiative_id__in=ids)
    declared = {declaration.initiative_id: declaration for declaration in declarations}

    profiles = {}
    for initiative_id, place in places.items():
        values: dict = {
            "as_of": as_of,
            "context": place.context,
            "status": place.status,
            "region": place.region,
            "settings": list(place.settings),
            "not_applicable": {},
            "conflicts": [],
        }
        declaration = declared.get(initiative_id)
        _declared(values, declaration)
        people = workforce.get(initiative_id)
        _roles(values, roles.get(initiative_id, []), people)
        _people(values, people, completion.get(initiative_id), supervision.get(initiative_id))
        values["is_started"] = bool(
            (place.started and place.started <= as_of) or values["workers_recorded"]
        )
        _recruitment(values, recruitment.get(initiative_id), declaration)
        _training(values, training.get(initiative_id))
        _team_preparation(values, team_preparation.get(initiative_id), as_of, declaration)
        _supervision(values, supervision.get(initiative_id), declaration)
        profiles[initiative_id] = values
    return profiles


def _declared(values: dict, declaration: PracticeDeclaration | None) -> None:
    for name in DECLARED_LISTS:
        values[name] = as_options(getattr(declaration, name) if declaration else None)
    values["aim_other"] = declaration.aim_other if declaration else ""
    values["role_modes"] = declaration.role_modes if declaration else None
    values["formal_supervision_declared"] = declaration.formal_supervision if declaration else ""
    values["team_preparation"] = declaration.team_preparation if declaration else ""


def _roles(values: dict, roles: list, people) -> None:
    values["roles"] = [
        {
            "title": role.title,
            "functions": list(role.functions),
            "terms": _terms_dict(role.terms),
            "history": [_terms_dict(version) for version in role.history],
            "lived_experience": role.lived_experience_criterion,
            "peer_line_manager": role.has_peer_line_manager,
            "planned_supervision": list(role.planned_supervision),
            "sharing": role.sharing_expectation,
        }
        for role in roles
    ]
    known = bool(roles)
    values["functions"] = (
        as_options(sorted({slug for role in roles for slug in role.functions})) if known else None
    )
    employments = {role.terms.employment for role in roles}
    values["employs_paid"] = Employment.PAID in employments if known else None
    values["employs_sessional"] = Employment.SESSIONAL in employments if known else None
    values["employs_volunteer"] = Employment.VOLUNTEER in employments if known else None
    values["part_time"] = _any(role.terms.is_part_time for role in roles)
    values["terms_changed"] = any(len(role.history) > 1 for role in roles) if known else None
    values["lived_experience_essential"] = (
        any(role.lived_experience_criterion == LivedExperienceCriterion.ESSENTIAL for role in roles)
        if known
        else None
    )
    values["peer_line_manager"] = _any(role.has_peer_line_manager for role in roles)
    wte = Decimal(0)
    not_stated = 0
    in_post = people.in_post_by_role if people else {}
    hours = {role.role_id: role.terms.hours_per_week for role in roles}
    for role_id, count in in_post.items():
        role_hours = hours.get(role_id)
        if role_hours is None:
            not_stated += count
        else:
            wte += count * role_hours / FULL_TIME_HOURS
    values["wte_not_stated"] = not_stated
    headcount = sum(in_post.values())
    values["wte"] = wte.quantize(Decimal("0.01")) if headcount and not_stated < headcount else None
    if not headcount:
        values["wte"] = Decimal("0.00") if people else None


def _people(values: dict, people, completion, supervision) -> None:
    values["workers_recorded"] = people.recorded if people else 0
    values["headcount"] = people.headcount if people else 0
    values["starters"] = people.starters if people else 0
    values["leavers"] = people.leavers if people else 0
    for months in (6, 12):
        values[f"cohort_{months}"] = getattr(people, f"cohort_{months}", 0) if people else 0
        values[f"retained_{months}"] = getattr(people, f"retained_{months}", 0) if people else 0
    values["training_required"] = completion.required if completion else 0
    values["training_completed"] = completion.completed if completion else 0
    values["arrangements_recorded"] = supervision.recorded if supervision else 0
    values["supervision_people"] = supervision.people if supervision else 0
    values["supervision_on_time"] = supervision.on_time if supervision else 0


def _recruitment(values: dict, practice, declaration: PracticeDeclaration | None) -> None:
    values["campaigns"] = practice.campaigns if practice else 0
    values["recruitment_routes"] = as_options(practice.routes) if practice else None
    values["campaigns_interviewed"] = practice.interviewed if practice else 0
    values["campaigns_peer_panel"] = practice.peer_on_panel if practice else 0
    values["peer_on_panel"] = (
        practice.peer_on_panel > 0 if practice and practice.interviewed else None
    )
    declared = declaration.informal_recruitment if declaration else None
    if practice is None or declared is None:
        return
    for route, ways in _ROUTE_DECLARATIONS.items():
        if route in practice.routes and not ways & set(declared):
            values["conflicts"].append(
                {"fact": "recruitment", "records": route.value, "declared": list(declared)}
            )


def _training(values: dict, design) -> None:
    if design is None:
        for name in (
            "peer_training",
            "induction_only",
            "training_sessions",
            "training_hours",
            "training_accredited",
            "training_co_delivered",
        ):
            values[name] = None
        return
    has_programme = design.programme_id is not None
    values["induction_only"] = bool(design.is_induction_only) if has_programme else False
    values["peer_training"] = has_programme and not design.is_induction_only
    values["training_sessions"] = design.session_count
    values["training_hours"] = design.total_hours
    values["training_accredited"] = design.is_accredited
    values["training_co_delivered"] = design.is_co_delivered


def _team_preparation(
    values: dict, summary, as_of: dt.date, declaration: PracticeDeclaration | None
) -> None:
    values["team_prepared"] = None
    if summary is None or not summary.teams:
        return
    started = [
        team
        for team in summary.teams
        if team.first_peer_worker_started and team.first_peer_worker_started <= as_of
    ]
    if not started:
        values["not_applicable"]["team_prepared"] = True
        return
    values["team_prepared"] = all(team.prepared_before_start for team in started)
    if (
        declaration
        and declaration.team_preparation == TeamPreparation.NONE
        and any(team.colleagues_completed for team in summary.teams)
    ):
        values["conflicts"].append(
            {"fact": "team_preparation", "records": "training", "declared": "none"}
        )


def _supervision(values: dict, supervision, declaration: PracticeDeclaration | None) -> None:
    declared = declaration.formal_supervision if declaration else ""
    active = supervision.active if supervision else 0
    if active:
        values["formal_supervision"] = True
        values["supervision_types"] = as_options(supervision.types)
        values["supervision_frequency_days"] = int(statistics.median(supervision.frequencies_days))
        values["supervisor_lived_experience"] = supervision.with_lived_experience > 0
        if declared == FormalSupervision.NO:
            values["conflicts"].append(
                {"fact": "formal_supervision", "records": active, "declared": "no"}
            )
        return
    values["supervision_frequency_days"] = None
    values["supervisor_lived_experience"] = None
    if declared == FormalSupervision.NO or (
        supervision and supervision.recorded and values["headcount"]
    ):
        values["formal_supervision"] = False
        values["supervision_types"] = {}
    elif declared == FormalSupervision.YES:
        values["formal_supervision"] = True
        values["supervision_types"] = None
    else:
        values["formal_supervision"] = None
        values["supervision_types"] = None
