"""The vocabularies of the practice profile: what a service manager declares about how an
initiative works, in the words comparative studies use to describe a site (DOMAIN.md §2b).

Declared facts are lists or single choices; each may also be "not known" (stored as None), which
is different from "none of these" (an empty list).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Aim(models.TextChoices):
    EMPOWERMENT = "empowerment", _("Empowerment")
    COPING = "coping", _("Coping strategies")
    RECOVERY = "recovery", _("Personal recovery and self-care")
    INCLUSION = "inclusion", _("Social inclusion")
    ADMISSIONS = "admissions", _("Reducing admissions")
    TRANSITION = "transition", _("Transition from hospital")
    OTHER = "other", _("Other")


class RoleMode(models.TextChoices):
    """How peer workers take part in a function of their role."""

    LEADS = "leads", _("Leads")
    CO_FACILITATES = "co_facilitates", _("Co-facilitates")
    ONE_TO_ONE = "one_to_one", _("One-to-one")


class InformalRecruitment(models.TextChoices):
    """How people came to be recruited, beyond the campaigns on record."""

    GROUP_MEMBER = "group_member", _("A group member was invited")
    COURSE_COMPLETER = "course_completer", _("Completers of a course were invited")
    WORD_OF_MOUTH = "word_of_mouth", _("Word of mouth")
    OPEN_ADVERT = "open_advert", _("Open advert")


class SupportModel(models.TextChoices):
    """Ongoing support beyond formal supervision."""

    INFORMAL_ONE_TO_ONE = "informal_one_to_one", _("Informal one-to-one support as needed")
    PEER_NETWORK = "peer_network", _("Peer support network")
    TEAM_TRAINING = "team_training", _("Ongoing training with the staff team")
    REFLECTIVE_GROUP = "reflective_group", _("Reflective practice group")


class TeamPreparation(models.TextChoices):
    """How the teams peer workers joined were prepared for them."""

    TRAINING = "training", _("Team training before peer workers started")
    BRIEFING = "briefing", _("A briefing or information session")
    ONGOING = "ongoing", _("Joint work with the team as peer workers started")
    NONE = "none", _("No preparation")


class FormalSupervision(models.TextChoices):
    """Whether peer workers have regular formal supervision (as the manager states it)."""

    YES = "yes", _("Yes, regular formal supervision")
    NO = "no", _("No formal supervision")
