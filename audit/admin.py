"""Admin: the audit log is read-only; two-factor secrets are not shown at all."""

from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class LogEntryAdmin(AuditlogLogEntryAdmin):
    """django-auditlog's admin, searchable by our user fields, and never deletable."""

    search_fields = [
        "object_repr",
        "changes_text",
        "actor__email",
        "actor__full_name",
        "actor_email",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# django-otp's admins show the TOTP secret. Administrators reset a user's two-factor sign-in
# with the action on the user list (or `manage.py reset_two_factor`) instead.
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
