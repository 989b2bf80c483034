from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from accounts import signals  # noqa: F401
        from accounts.erasure import erase_account, erase_peer_worker_names
        from peerwork.lib.erasure import register_eraser

        register_eraser(erase_account)
        register_eraser(erase_peer_worker_names)
