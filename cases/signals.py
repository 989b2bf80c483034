"""Keep each initiative's stored context in step with its partners' sectors, and tick the
"first peer worker started" milestone when an initiative's first peer worker has started."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from cases.models import Initiative, InitiativePartner, Organisation, PeerWorker


@receiver(post_save, sender=InitiativePartner)
@receiver(post_delete, sender=InitiativePartner)
def partner_changed(sender, instance: InitiativePartner, **kwargs) -> None:
    initiative = Initiative.objects.filter(pk=instance.initiative_id).first()
    if initiative is not None:
        initiative.refresh_context()


@receiver(post_save, sender=Organisation)
def organisation_changed(sender, instance: Organisation, created: bool, **kwargs) -> None:
    if created:
        return
    for initiative in Initiative.objects.filter(partners__organisation=instance).distinct():
        initiative.refresh_context()


@receiver(post_save, sender=PeerWorker)
def peer_worker_saved(sender, instance: PeerWorker, **kwargs) -> None:
    from cases import services

    if instance.started is None or instance.started > timezone.localdate():
        return  # a start in the future achieves nothing yet
    initiative_id = instance.role.initiative_id
    first = (
        PeerWorker.objects.filter(role__initiative_id=initiative_id, started__isnull=False)
        .order_by("started")
        .values_list("started", flat=True)
        .first()
    )
    services.milestones_tick(
        initiative_ids=[initiative_id],
        type_slug=services.MILESTONE_FIRST_STARTED,
        on=first or instance.started,
    )
