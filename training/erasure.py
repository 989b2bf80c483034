"""Eraser for the identifying data training holds (see peerwork.lib.erasure).

Certificate numbers and feedback comments of the person go; a team colleague record with
the person's name (in a team of one of their organisations) is renamed. Enrolments,
attendance, completion and certificate dates, and ratings stay for the figures.
"""

from __future__ import annotations

from django.db.models import Q

from cases.models import InitiativePartner
from training.models import Colleague, Enrolment, Feedback


def _organisation_ids(user, peer_workers) -> set[int]:
    ids: set[int] = set()
    if user is not None:
        ids.update(user.memberships.values_list("organisation_id", flat=True))
    if peer_workers:
        ids.update(
            InitiativePartner.objects.filter(
                initiative__roles__peer_workers__in=[post.pk for post in peer_workers]
            ).values_list("organisation_id", flat=True)
        )
    return ids


def erase_training_records(*, user, peer_workers, names, stdout) -> list[str]:
    erased = []
    enrolments = (
        Enrolment.objects.filter(peer_worker__in=[post.pk for post in peer_workers])
        .exclude(certificate_number="")
        .order_by("pk")
    )
    for enrolment in enrolments:
        enrolment.certificate_number = ""
        enrolment.save(update_fields=["certificate_number"])
        erased.append(f"training enrolment {enrolment.public_id}: certificate number removed")

    if user is not None:
        feedback = (
            Feedback.objects.filter(author=user)
            .exclude(comment="")
            .select_related("programme")
            .order_by("pk")
        )
        for item in feedback:
            item.comment = ""
            item.save(update_fields=["comment"])
            erased.append(
                f"training feedback on programme {item.programme.public_id}: comment removed"
            )

    organisations = _organisation_ids(user, peer_workers)
    if names and organisations:
        same_name = Q(pk__in=[])
        for name in names:
            same_name |= Q(full_name__iexact=name)
        colleagues = (
            Colleague.objects.filter(same_name, team__organisation_id__in=organisations)
            .select_related("team")
            .order_by("pk")
        )
        for colleague in colleagues:
            # The name is required and unique within the team.
            colleague.full_name = f"Erased colleague {colleague.pk}"
            colleague.save(update_fields=["full_name"])
            erased.append(f"training colleague in team {colleague.team.public_id}: name removed")
    return erased
