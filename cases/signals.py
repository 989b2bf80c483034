"""Keep each initiative's stored context in step with its partners' sectors."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cases.models import Initiative, InitiativePartner, Organisation


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
