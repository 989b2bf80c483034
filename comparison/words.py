"""A profile in words: one row of a study's cross-case table (DOMAIN.md §2b).

Each column is a ``Words`` value: the text, and the state it is in (a value, "none", "no
data"/"not known", "not applicable"), so the table, the exports and the manager's card show
"none" and "not known" distinctly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from cases.models import Contract, Employment, LivedExperienceCriterion, PayBand
from comparison.disclosure import State
from comparison.facts import GROUP_LABELS, Group
from comparison.vocabularies import (
    Aim,
    InformalRecruitment,
    RoleMode,
    SupportModel,
    TeamPreparation,
)
from recruitment.models import Route
from supervision.models import SupervisionType


@dataclass(frozen=True)
class Words:
    text: str
    state: State = State.VALUE
    prompt: str = ""  # for managers: what would complete it

    def __str__(self) -> str:
        return self.text


def _join(parts) -> str:
    parts = [str(part) for part in parts if part]
    return "; ".join(parts)


def _labels(options: Mapping | None, choices) -> list[str]:
    """The chosen options' labels in the vocabulary's order (stored order is not kept: a
    PostgreSQL jsonb object sorts its keys)."""
    chosen = options or {}
    return [str(label) for value, label in choices.choices if value in chosen]


def _month(iso: str | None) -> str:
    if not iso:
        return ""
    return dt.date.fromisoformat(iso).strftime("%b %Y")


def _terms_text(terms: Mapping) -> str:
    employment = str(dict(Employment.choices).get(terms["employment"], terms["employment"]))
    details = []
    if terms["employment"] != Employment.VOLUNTEER:
        if terms.get("pay_band") == PayBand.OTHER:
            details.append(terms.get("pay_grade_other") or "")
        elif terms.get("pay_band") and terms["pay_band"] != PayBand.NONE:
            details.append(str(dict(PayBand.choices)[terms["pay_band"]]))
    if terms.get("hours") is None:
        details.append(_("hours not stated"))
    else:
        hours = Decimal(terms["hours"]).normalize()
        kind = _("part-time") if terms.get("part_time") else _("full-time")
        details.append(_("%(kind)s, %(hours)s h a week") % {"kind": kind, "hours": f"{hours:f}"})
    if terms.get("flexible"):
        details.append(_("flexible hours"))
    if terms.get("contract") and terms["contract"] not in (Contract.NOT_STATED, Contract.VOLUNTEER):
        details.append(str(dict(Contract.choices)[terms["contract"]]).lower())
    return f"{employment.lower()} ({', '.join(details)})"


def role_words(profile) -> Words:
    if not profile.roles:
        return Words(_("No roles on record"), State.NO_DATA, _("Add the initiative's roles."))
    functions = getattr(profile, "function_names", {})
    modes = profile.role_modes or {}
    described = []
    for role in profile.roles:
        parts = []
        for slug in role["functions"]:
            name = functions.get(slug, slug.replace("-", " "))
            mode = modes.get(slug)
            parts.append(
                f"{name} ({str(dict(RoleMode.choices)[mode]).lower()})" if mode else str(name)
            )
        described.append(f"{role['title']}: {', '.join(parts)}" if parts else role["title"])
    prompt = "" if profile.role_modes else _("Say whether peer workers lead or co-facilitate.")
    return Words(_join(described), State.VALUE, prompt)


def aim_words(profile) -> Words:
    if profile.aims is None:
        return Words(_("Not known"), State.NO_DATA, _("Declare the aims of the service."))
    labels = _labels({k: v for k, v in profile.aims.items() if k != Aim.OTHER}, Aim)
    if Aim.OTHER in profile.aims:
        labels.append(profile.aim_other or str(Aim.OTHER.label))
    return Words(_join(labels) or _("None"), State.VALUE if labels else State.NONE)


def recruitment_words(profile) -> Words:
    parts = []
    if profile.recruitment_routes is not None:
        routes = _labels(profile.recruitment_routes, Route)
        parts.append(_("Campaigns: %(routes)s") % {"routes": ", ".join(routes).lower()})
    if profile.informal_recruitment:
        parts.append(", ".join(_labels(profile.informal_recruitment, InformalRecruitment)))
    if profile.lived_experience_essential is True:
        parts.append(_("lived experience essential"))
    elif profile.lived_experience_essential is False:
        parts.append(_("lived experience not essential"))
    if profile.peer_on_panel is not None:
        parts.append(
            _("peer on the panel in %(n)s of %(of)s interviewed campaigns")
            % {"n": profile.campaigns_peer_panel, "of": profile.campaigns_interviewed}
        )
    if profile.recruitment_routes is None and profile.informal_recruitment is None:
        return Words(
            _join(parts) or _("Not known"),
            State.NO_DATA,
            _("Record a recruitment campaign, or declare how people were recruited."),
        )
    return Words(_join(parts))


def terms_words(profile) -> Words:
    if not profile.roles:
        return Words(_("Not known"), State.NO_DATA, _("Add the initiative's roles and terms."))
    described = []
    for role in profile.roles:
        history = role["history"]
        if len(history) > 1:
            steps = [
                _("%(terms)s from %(month)s")
                % {"terms": _terms_text(v), "month": _month(v["from"])}
                if v["from"]
                else _terms_text(v)
                for v in history
            ]
            text = _(", then ").join(steps)
        else:
            text = _terms_text(role["terms"])
        described.append(f"{role['title']}: {text}" if len(profile.roles) > 1 else text)
    prompt = (
        _("State the contracted hours of each role.")
        if any(role["terms"].get("hours") is None for role in profile.roles)
        else ""
    )
    return Words(_join(described)[:1].upper() + _join(described)[1:], State.VALUE, prompt)


def training_words(profile) -> Words:
    parts = []
    state = State.VALUE
    if profile.peer_training is None:
        state = State.NO_DATA
        parts.append(_("Not known"))
    elif profile.induction_only:
        parts.append(
            _("Brief induction only")
            + (
                f" ({_session_text(profile.training_sessions, profile.training_hours)})"
                if profile.training_sessions
                else ""
            )
        )
    elif profile.peer_training:
        details = [_session_text(profile.training_sessions, profile.training_hours)]
        if profile.training_accredited:
            details.append(_("accredited"))
        if profile.training_co_delivered:
            details.append(_("co-delivered by peers"))
        parts.append(_("Peer-specific course: %(details)s") % {"details": ", ".join(details)})
    else:
        state = State.NONE
        parts.append(_("No peer-specific training on record"))
    if profile.ongoing_support and SupportModel.TEAM_TRAINING in profile.ongoing_support:
        parts.append(_("ongoing training with the staff team"))
        state = State.VALUE
    prompt = (
        _("Record the peer-specific training or mark an induction.")
        if state == State.NO_DATA
        else ""
    )
    return Words(_join(parts), state, prompt)


def _session_text(sessions, hours) -> str:
    if sessions is None:
        return ""
    text = _("%(n)s sessions") % {"n": sessions} if sessions != 1 else _("1 session")
    if hours is not None:
        text += _(", %(h)s hours") % {"h": f"{Decimal(hours).normalize():f}"}
    return text


def support_words(profile) -> Words:
    parts = []
    if profile.formal_supervision is True:
        types = _labels(profile.supervision_types, SupervisionType)
        text = _("Formal supervision")
        if types:
            text += ": " + ", ".join(label.split(" (")[0].lower() for label in types)
        if profile.supervision_frequency_days:
            text += _(", every %(days)s days") % {"days": profile.supervision_frequency_days}
        if profile.supervisor_lived_experience:
            text += _(", a supervisor with lived experience")
        parts.append(text)
    elif profile.formal_supervision is False:
        parts.append(_("No formal supervision"))
    supports = [
        label
        for value, label in SupportModel.choices
        if profile.ongoing_support and value in profile.ongoing_support
    ]
    if supports:
        parts.append(", ".join(str(label) for label in supports).capitalize())
    elif profile.ongoing_support == {}:
        parts.append(_("no other support"))
    if profile.formal_supervision is None and profile.ongoing_support is None:
        return Words(
            _("Not known"),
            State.NO_DATA,
            _("Record supervision arrangements, or declare how peer workers are supported."),
        )
    state = State.NONE if profile.formal_supervision is False and not supports else State.VALUE
    prompt = (
        ""
        if profile.ongoing_support is not None
        else _("Declare support beyond formal supervision.")
    )
    return Words(_join(parts), state, prompt)


def line_management_words(profile) -> Words:
    if profile.peer_line_manager is True:
        return Words(_("Peer line manager"))
    if profile.peer_line_manager is False:
        return Words(_("Line manager not in a peer role"), State.NONE)
    return Words(_("Not known"), State.NO_DATA, _("Say whether the line manager is a peer."))


def team_preparation_words(profile) -> Words:
    parts = []
    if profile.team_preparation:
        parts.append(str(dict(TeamPreparation.choices)[profile.team_preparation]))
    if "team_prepared" in (profile.not_applicable or {}):
        parts.append(_("nobody has started yet"))
    elif profile.team_prepared is True:
        parts.append(_("teams trained before the first peer worker started"))
    elif profile.team_prepared is False:
        parts.append(_("not every team trained before the first peer worker started"))
    if not parts:
        return Words(
            _("Not known"),
            State.NO_DATA,
            _("Record team-preparation training or declare how teams were prepared."),
        )
    if profile.team_preparation == TeamPreparation.NONE and profile.team_prepared is not True:
        return Words(_join(parts), State.NONE)
    return Words(_join(parts)[:1].upper() + _join(parts)[1:])


COLUMNS = (
    (Group.ROLE, role_words),
    (Group.AIM, aim_words),
    (Group.RECRUITMENT, recruitment_words),
    (Group.TERMS, terms_words),
    (Group.TRAINING, training_words),
    (Group.SUPPORT, support_words),
    (Group.LINE_MANAGEMENT, line_management_words),
    (Group.TEAM_PREPARATION, team_preparation_words),
)


def case_row(profile) -> list[tuple[str, Words]]:
    """The profile as the study's table row: ``[(column label, words), ...]``."""
    return [(str(GROUP_LABELS[group]), describe(profile)) for group, describe in COLUMNS]


def lived_experience_label(value: str) -> str:
    return str(dict(LivedExperienceCriterion.choices).get(value, value))
