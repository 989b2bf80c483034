from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from peerwork.lib.demo import register_demo
        from peerwork.lib.erasure import register_eraser
        from peerwork.lib.navigation import (
            register_attention,
            register_nav,
            register_panel,
            register_record_links,
        )
        from training import demo
        from training.erasure import erase_training_records
        from training.navigation import attention, home_panel, initiative_links, nav_items
        from training.vocabularies import seed_vocabularies

        post_migrate.connect(seed_vocabularies, sender=self)
        register_nav(nav_items)
        register_panel(home_panel)
        register_attention(attention)
        register_record_links("initiative", initiative_links)
        register_demo("training", demo.seed)
        register_eraser(erase_training_records)

        import datetime as dt

        from jobs.schedule import register_daily
        from training.tasks import training_reminders

        register_daily("training_reminders", training_reminders, at=dt.time(6, 0))
