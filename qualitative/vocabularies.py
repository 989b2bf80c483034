"""The seed codebook of the study (DOMAIN.md §3) and the default research project.

Runs after every ``migrate`` (and test database set-up). The codebook is seeded only while
it is empty, so themes researchers renamed, moved or merged away are never brought back; the
default project (where consented supervision excerpts arrive) is created if none is marked.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qualitative.models import ResearchProject, Theme

DEFAULT_PROJECT = _("Peer worker programmes: qualitative corpus")

# (slug, name, definition, [(slug, name, definition), ...])
CODEBOOK = [
    (
        "structural",
        _("Structural issues"),
        _("The formal arrangements of the peer worker role (the organisation's formal structure)."),
        [
            (
                "recruitment",
                _("Recruitment"),
                _("How peer workers are sought, selected and appointed; criteria, panels, routes."),
            ),
            (
                "training",
                _("Training"),
                _("Peer-specific and organisational training, induction and team preparation."),
            ),
            (
                "supervision-support",
                _("Supervision and support"),
                _("Supervision arrangements, peer support networks and reflective spaces."),
            ),
            (
                "line-management",
                _("Line management"),
                _("Who manages peer workers and how; management from within or outside the team."),
            ),
            (
                "terms-conditions",
                _("Terms and conditions"),
                _("Pay, hours, contracts, flexibility and the job description."),
            ),
        ],
    ),
    (
        "cultural",
        _("Cultural issues"),
        _("The informal organisation: expectations, norms and relationships around the role."),
        [
            (
                "role-expectations",
                _("Role expectations"),
                _("What peer workers, colleagues and managers expect the role to be."),
            ),
            (
                "organisational-culture",
                _("Organisational culture"),
                _("Values and ways of working of the host or employing organisation."),
            ),
            (
                "professionalism",
                _("Professionalism"),
                _("How professional conduct and status are understood for peer workers."),
            ),
            (
                "practice-boundaries",
                _("Practice boundaries"),
                _("Limits of the peer relationship: contact, friendship, confidentiality."),
            ),
            (
                "distinctiveness",
                _("Distinctiveness / erosion of the role"),
                _("What makes peer work distinct, and drift into generic support-worker tasks."),
            ),
            (
                "disclosure-risk",
                _("Disclosure and risk"),
                _("Sharing lived experience, and caution about risk limiting it."),
            ),
            (
                "team-integration",
                _("Team integration and hierarchy"),
                _("Relationships with the team, status and hierarchy, being included or isolated."),
            ),
            (
                "strategic-alignment",
                _("Strategic alignment"),
                _("Fit between the initiative and the organisation's strategy and commissioning."),
            ),
        ],
    ),
]


def seed_codebook(**_kwargs) -> None:
    if not ResearchProject.objects.filter(receives_supervision_offers=True).exists():
        project, _created = ResearchProject.objects.get_or_create(name=str(DEFAULT_PROJECT))
        if not project.receives_supervision_offers:
            project.receives_supervision_offers = True
            project.save(update_fields=["receives_supervision_offers"])

    # Only an empty codebook is seeded: a merged-away seed theme must not come back.
    if Theme.objects.exists():
        return
    for position, (slug, name, definition, children) in enumerate(CODEBOOK):
        parent = Theme.objects.create(
            slug=slug, name=str(name), definition=str(definition), position=position
        )
        for child_position, (child_slug, child_name, child_definition) in enumerate(children):
            Theme.objects.create(
                slug=child_slug,
                name=str(child_name),
                definition=str(child_definition),
                parent=parent,
                position=child_position,
            )
