"""Seeded, editable vocabularies from the study (../shared/DOMAIN.md §3).

Seeding runs after every ``migrate`` (and after a test database flush) and only adds
missing entries by slug, so names edited by an administrator are kept.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SERVICE_SETTINGS = [
    ("inpatient", _("Inpatient ward")),
    ("cmht", _("Community mental health team")),
    ("crisis", _("Crisis / home treatment")),
    ("eip", _("Early intervention in psychosis")),
    ("recovery-college", _("Recovery college")),
    ("specialist-community", _("Specialist community service")),
    ("voluntary-community", _("Voluntary-sector community or drop-in service")),
    ("other", _("Other")),
]

ROLE_FUNCTIONS = [
    ("one-to-one", _("One-to-one support")),
    ("groups", _("Group facilitation")),
    ("training", _("Training / education")),
    ("navigation", _("Navigation / linking to community")),
    ("advocacy", _("Advocacy")),
]

# (slug, name, phase)
MILESTONE_TYPES = [
    ("business-case", _("Business case approved"), "preparation"),
    ("stakeholders-consulted", _("Stakeholders (including peers) consulted"), "preparation"),
    ("jd-coproduced", _("Job description co-produced"), "preparation"),
    ("team-preparation", _("Team preparation delivered"), "preparation"),
    ("supervision-agreed", _("Supervision arrangements agreed"), "preparation"),
    ("advert-published", _("Advert published"), "recruitment"),
    ("interviews-held", _("Interviews held"), "recruitment"),
    ("appointments-made", _("Appointments made"), "recruitment"),
    ("checks-cleared", _("Pre-employment checks cleared"), "employment"),
    ("first-started", _("First peer worker started"), "employment"),
    ("induction-complete", _("Induction and peer training complete"), "employment"),
    ("first-review", _("First review"), "ongoing_development"),
    ("peer-network", _("Peer network established"), "ongoing_development"),
]


def seed_vocabularies(**_kwargs) -> None:
    from cases.models import MilestoneType, RoleFunction, ServiceSetting

    for position, (slug, name) in enumerate(SERVICE_SETTINGS):
        ServiceSetting.objects.get_or_create(
            slug=slug, defaults={"name": str(name), "position": position}
        )
    for position, (slug, name) in enumerate(ROLE_FUNCTIONS):
        RoleFunction.objects.get_or_create(
            slug=slug, defaults={"name": str(name), "position": position}
        )
    for position, (slug, name, phase) in enumerate(MILESTONE_TYPES):
        MilestoneType.objects.get_or_create(
            slug=slug, defaults={"name": str(name), "phase": phase, "position": position}
        )
