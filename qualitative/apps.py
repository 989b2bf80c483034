from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate
from django.utils.translation import gettext_lazy as _


class QualitativeConfig(AppConfig):
    name = "qualitative"
    verbose_name = _("Qualitative research")

    def ready(self) -> None:
        from peerwork.lib.demo import register_demo
        from peerwork.lib.erasure import register_eraser
        from peerwork.lib.navigation import register_nav, register_panel, register_record_links
        from qualitative import demo
        from qualitative.erasure import erase_research_offers, offer_deleted
        from qualitative.navigation import qualitative_nav, qualitative_panel, sharing_explained
        from qualitative.vocabularies import seed_codebook

        register_nav(qualitative_nav)
        register_panel(qualitative_panel)
        register_record_links("supervision-summary", sharing_explained)
        register_eraser(erase_research_offers)
        register_demo("qualitative", demo.seed)
        post_delete.connect(
            offer_deleted,
            sender="qualitative.SupervisionOffer",
            dispatch_uid="qualitative_offer_deleted",
        )
        post_migrate.connect(seed_codebook, sender=self, dispatch_uid="qualitative_seed_codebook")

        from jobs.registry import register_job
        from qualitative.jobs import QDPX_KIND, qdpx_run

        register_job(QDPX_KIND, qdpx_run)
