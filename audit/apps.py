from django.apps import AppConfig
from django.core.signals import setting_changed
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from audit import checks  # noqa: F401
        from audit.navigation import audit_nav
        from peerwork.lib.audit import apply_redaction
        from peerwork.lib.navigation import register_nav

        # After django-auditlog (listed earlier) registered every model.
        apply_redaction()
        setting_changed.connect(_redaction_settings_changed, dispatch_uid="peerwork-redaction")
        register_nav(audit_nav)


def _redaction_settings_changed(setting: str, **kwargs) -> None:
    if setting.startswith(("PEERWORK_AUDIT_REDACTED", "AUDITLOG_MASK")):
        from peerwork.lib.audit import apply_redaction

        apply_redaction()
