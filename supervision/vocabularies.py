"""The seeded, editable supervision topics (DOMAIN.md §3).

Runs after every ``migrate`` and only adds missing slugs, so edited names are kept.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SUPERVISION_TOPICS = [
    ("lived-experience", _("Using lived experience and self-disclosure")),
    ("boundaries", _("Boundaries")),
    ("role-clarity", _("Role clarity and distinctiveness")),
    ("team-relationships", _("Team relationships and integration")),
    ("stigma", _("Stigma or discrimination at work")),
    ("wellbeing", _("Wellbeing and self-care")),
    ("risk-safety", _("Risk and safety")),
    ("relationships-supported", _("Relationships with people supported")),
    ("strengths-recovery", _("Strengths- and recovery-focused practice")),
    ("training-needs", _("Training and development needs")),
    ("pay-conditions", _("Pay, hours and conditions")),
    ("organisational-change", _("Organisational change")),
]


def seed_topics(**_kwargs) -> None:
    from supervision.models import SupervisionTopic

    for position, (slug, name) in enumerate(SUPERVISION_TOPICS):
        SupervisionTopic.objects.get_or_create(
            slug=slug, defaults={"name": str(name), "position": position}
        )
