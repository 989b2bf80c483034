"""The organisation-level practice facts of a profile: what each means, where it comes from,
how it is counted across initiatives and how it reads in the case table.

These are facts about how an organisation works, not about people, so they are shown for every
initiative as they are (DOMAIN.md §2b); each is *declared* by a service manager or *derived* from
the records, and its ``source`` says which (shown on hover and in the data dictionary).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.models import Employment, RoleFunction
from comparison.vocabularies import (
    Aim,
    InformalRecruitment,
    RoleMode,
    SupportModel,
    TeamPreparation,
)
from recruitment.models import Route
from supervision.models import SupervisionType


class Group(StrEnum):
    """The columns of a study's cross-case table (DOMAIN.md §2b)."""

    ROLE = "role"
    AIM = "aim"
    RECRUITMENT = "recruitment"
    TERMS = "terms"
    TRAINING = "training"
    SUPPORT = "support"
    LINE_MANAGEMENT = "line_management"
    TEAM_PREPARATION = "team_preparation"


GROUP_LABELS: dict[str, Promise] = {
    Group.ROLE: _("Peer worker role"),
    Group.AIM: _("Aim of the service"),
    Group.RECRUITMENT: _("Recruitment"),
    Group.TERMS: _("Terms and conditions"),
    Group.TRAINING: _("Training"),
    Group.SUPPORT: _("Ongoing support"),
    Group.LINE_MANAGEMENT: _("Line management"),
    Group.TEAM_PREPARATION: _("Team preparation"),
}


class FactKind(StrEnum):
    FLAG = "flag"  # a nullable boolean field
    MULTI = "multi"  # a JSON object {option: true}; None when not known, {} for none
    CHOICE = "choice"  # one value of a vocabulary; "" when not known
    NUMBER = "number"  # a number; None when not known


@dataclass(frozen=True)
class Fact:
    key: str  # the profile field
    group: Group
    label: Promise
    kind: FactKind
    declared: bool
    source: Promise
    description: Promise
    options: Sequence[tuple[str, Promise]] = ()
    unit: str = ""


def _choices(choices) -> list[tuple[str, Promise]]:
    return [(value, label) for value, label in choices.choices]


FACTS: tuple[Fact, ...] = (
    Fact(
        "functions",
        Group.ROLE,
        _("Role functions"),
        FactKind.MULTI,
        False,
        _("Derived: the functions of the initiative's roles in force."),
        _("What peer workers do in the initiative's roles."),
        (),  # options are the role function vocabulary, filled in by ``function_options``
    ),
    Fact(
        "aims",
        Group.AIM,
        _("Aims"),
        FactKind.MULTI,
        True,
        _("Declared by the service manager."),
        _("What the service the peer workers belong to aims at."),
        _choices(Aim),
    ),
    Fact(
        "recruitment_routes",
        Group.RECRUITMENT,
        _("Recruitment routes used"),
        FactKind.MULTI,
        False,
        _("Derived: the routes of recruitment campaigns opened by then."),
        _("How the initiative's recruitment campaigns reached applicants."),
        _choices(Route),
    ),
    Fact(
        "informal_recruitment",
        Group.RECRUITMENT,
        _("How people were recruited"),
        FactKind.MULTI,
        True,
        _("Declared by the service manager."),
        _("How peer workers came to the role, including ways no campaign records."),
        _choices(InformalRecruitment),
    ),
    Fact(
        "lived_experience_essential",
        Group.RECRUITMENT,
        _("Lived experience an essential criterion"),
        FactKind.FLAG,
        False,
        _("Derived: the person specification of the roles in force."),
        _("At least one role makes lived experience an essential criterion."),
    ),
    Fact(
        "peer_on_panel",
        Group.RECRUITMENT,
        _("Peer on the interview panel"),
        FactKind.FLAG,
        False,
        _("Derived: interview panels of campaigns with interviews."),
        _("A peer worker or service user sat on an interview panel."),
    ),
    Fact(
        "employs_paid",
        Group.TERMS,
        _("Paid posts"),
        FactKind.FLAG,
        False,
        _("Derived: the terms in force of the initiative's roles."),
        _("At least one role is paid."),
    ),
    Fact(
        "employs_sessional",
        Group.TERMS,
        _("Sessional posts"),
        FactKind.FLAG,
        False,
        _("Derived: the terms in force of the initiative's roles."),
        _("At least one role is sessional."),
    ),
    Fact(
        "employs_volunteer",
        Group.TERMS,
        _("Volunteer posts"),
        FactKind.FLAG,
        False,
        _("Derived: the terms in force of the initiative's roles."),
        _("At least one role is a volunteer role."),
    ),
    Fact(
        "part_time",
        Group.TERMS,
        _("Part-time posts"),
        FactKind.FLAG,
        False,
        _("Derived: contracted hours of the roles in force (fewer than 37.5 a week)."),
        _(
            "At least one role has fewer than 37.5 contracted hours a week; not known when hours were not stated."
        ),
    ),
    Fact(
        "terms_changed",
        Group.TERMS,
        _("Terms changed over time"),
        FactKind.FLAG,
        False,
        _("Derived: the dated terms history of the roles."),
        _("A role's terms changed (for example volunteer at first, later paid)."),
    ),
    Fact(
        "peer_training",
        Group.TRAINING,
        _("Peer-specific training course"),
        FactKind.FLAG,
        False,
        _("Derived: peer-specific programmes its peer workers attended or its roles require."),
        _("Peer workers have an initial peer-specific course (more than a brief induction)."),
    ),
    Fact(
        "induction_only",
        Group.TRAINING,
        _("Brief induction only"),
        FactKind.FLAG,
        False,
        _("Derived: programmes marked as a brief induction."),
        _("The only peer-specific training on record is a brief induction."),
    ),
    Fact(
        "training_sessions",
        Group.TRAINING,
        _("Sessions of the initial peer training"),
        FactKind.NUMBER,
        False,
        _("Derived: the initial peer-specific programme's number of sessions."),
        _("How many sessions the initial peer-specific programme has."),
        unit=_("sessions"),
    ),
    Fact(
        "training_hours",
        Group.TRAINING,
        _("Hours of the initial peer training"),
        FactKind.NUMBER,
        False,
        _("Derived: the initial peer-specific programme's total hours."),
        _("How many hours the initial peer-specific programme lasts."),
        unit=_("hours"),
    ),
    Fact(
        "training_accredited",
        Group.TRAINING,
        _("Accredited peer training"),
        FactKind.FLAG,
        False,
        _("Derived: the initial peer-specific programme."),
        _("The initial peer-specific programme is accredited."),
    ),
    Fact(
        "training_co_delivered",
        Group.TRAINING,
        _("Peer training co-delivered by peers"),
        FactKind.FLAG,
        False,
        _("Derived: the initial peer-specific programme."),
        _("People with lived experience deliver or co-deliver the initial programme."),
    ),
    Fact(
        "formal_supervision",
        Group.SUPPORT,
        _("Regular formal supervision"),
        FactKind.FLAG,
        False,
        _("Derived: supervision arrangements active then; declared where none are recorded."),
        _("Peer workers have regular formal supervision."),
    ),
    Fact(
        "supervision_types",
        Group.SUPPORT,
        _("Formal supervision types"),
        FactKind.MULTI,
        False,
        _("Derived: the types of supervision arrangements active then."),
        _("The types of formal supervision in place."),
        _choices(SupervisionType),
    ),
    Fact(
        "supervision_frequency_days",
        Group.SUPPORT,
        _("Planned supervision interval"),
        FactKind.NUMBER,
        False,
        _("Derived: the expected interval of the arrangements active then (median)."),
        _("How often formal supervision is planned, in days."),
        unit=_("days"),
    ),
    Fact(
        "supervisor_lived_experience",
        Group.SUPPORT,
        _("Supervisor with lived experience"),
        FactKind.FLAG,
        False,
        _("Derived: supervision arrangements active then."),
        _("At least one active arrangement has a supervisor with lived experience."),
    ),
    Fact(
        "ongoing_support",
        Group.SUPPORT,
        _("Support beyond formal supervision"),
        FactKind.MULTI,
        True,
        _("Declared by the service manager."),
        _("Informal one-to-one support, peer networks, ongoing training, reflective groups."),
        _choices(SupportModel),
    ),
    Fact(
        "peer_line_manager",
        Group.LINE_MANAGEMENT,
        _("Peer line manager"),
        FactKind.FLAG,
        False,
        _("Derived: the roles in force."),
        _("At least one role is line-managed by someone in a peer role."),
    ),
    Fact(
        "team_prepared",
        Group.TEAM_PREPARATION,
        _("Team prepared before the first start"),
        FactKind.FLAG,
        False,
        _("Derived: team-preparation training of host-team colleagues and first start dates."),
        _(
            "Colleagues in each host team completed team-preparation training before the team's first peer worker started; not applicable before anyone started."
        ),
    ),
    Fact(
        "team_preparation",
        Group.TEAM_PREPARATION,
        _("How teams were prepared"),
        FactKind.CHOICE,
        True,
        _("Declared by the service manager."),
        _("The approach to preparing teams for peer workers."),
        _choices(TeamPreparation),
    ),
)
FACTS_BY_KEY = {fact.key: fact for fact in FACTS}

EMPLOYMENT_LABELS = dict(Employment.choices)
ROLE_MODE_LABELS = dict(RoleMode.choices)


def function_options() -> list[tuple[str, str]]:
    """The role function vocabulary as (slug, name) options."""
    return list(RoleFunction.objects.order_by("position", "name").values_list("slug", "name"))
