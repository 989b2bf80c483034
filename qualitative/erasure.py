"""What erasing a person removes from the qualitative corpus (see peerwork.lib.erasure).

Registered by ``QualitativeConfig.ready()``: the eraser withdraws every passage the person
shared, and ``offer_deleted`` (connected to ``post_delete`` of SupervisionOffer) removes the
passage of a consent record deleted with its peer worker.
"""

from __future__ import annotations

from qualitative.models import Coding, Source, SupervisionOffer
from qualitative.services import supervision_offer_withdraw


def offer_deleted(sender, instance: SupervisionOffer, **kwargs) -> None:
    """A consent record deleted with its peer worker takes the shared passage with it.

    Connected to ``post_delete`` of SupervisionOffer (QualitativeConfig.ready()), so erasing
    a peer worker never leaves their words in the corpus without a consent record.
    """
    if instance.source_id is not None:
        Coding.objects.filter(excerpt__source_id=instance.source_id).delete()
        Source.objects.filter(pk=instance.source_id).delete()


def erase_research_offers(*, user, peer_workers, stdout) -> list[str]:
    """Eraser (peerwork.lib.erasure): withdraw everything the person shared with research.

    The consent records stay, without text, so the history of what was shared and withdrawn
    remains; the passages and their codings are gone.
    """
    done = []
    offers = SupervisionOffer.objects.filter(peer_worker__in=peer_workers, withdrawn__isnull=True)
    for offer in offers:
        supervision_offer_withdraw(offer=offer)
        done.append(f"research offer {offer.public_id}: shared passage withdrawn")
    return done
