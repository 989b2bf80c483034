"""The HEE competence framework domains (2020), seeded as an editable vocabulary.

Seeding runs after every ``migrate`` (and after a test database flush) and only adds missing
entries by slug, so names edited by an administrator are kept.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# (slug, name, what it covers) — names fit the vocabulary's 120 characters.
COMPETENCE_DOMAINS = [
    ("values", _("Values and principles of peer support"), ""),
    (
        "knowledge",
        _("Knowledge"),
        _(
            "Mental health, trauma-informed care, local services, legal "
            "and ethical frameworks, confidentiality, safeguarding, "
            "self-harm and suicide prevention."
        ),
    ),
    (
        "relational",
        _("Core relational skills"),
        _("Sharing lived experience, mutual relationship, listening, working with difference."),
    ),
    ("supporting", _("Supporting people"), ""),
    ("teams-rights", _("Working with teams and promoting rights"), ""),
    ("self-care", _("Self-care and use of supervision"), ""),
    ("psychological", _("Optional psychological approaches"), ""),
    ("meta", _("Meta-competences"), ""),
    ("organisational", _("Organisational competences"), ""),
]


def seed_vocabularies(**_kwargs) -> None:
    from training.models import CompetenceDomain

    for position, (slug, name, description) in enumerate(COMPETENCE_DOMAINS):
        CompetenceDomain.objects.get_or_create(
            slug=slug,
            defaults={"name": str(name), "description": str(description), "position": position},
        )
