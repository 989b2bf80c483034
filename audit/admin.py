"""Admin: the audit log is read-only; two-factor secrets are not shown at all."""

from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerwork.lib.audit import change_rows

admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class LogEntryAdmin(AuditlogLogEntryAdmin):
    """django-auditlog's admin, searchable by our user fields, and never deletable."""

    # Not the changed values: a search must not tell which supervision summaries hold a word.
    search_fields = [
        "object_repr",
        "actor__email",
        "actor__full_name",
        "actor_email",
    ]

    @admin.display(description=_("Changes"))
    def msg(self, obj):
        """The changes, with the values restricted by audience shown as ``[redacted]``: the
        admin serves administrators, who are not parties to supervision records."""
        rows = change_rows(obj, None)
        if not rows:
            return "—"
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("Field"),
            _("From"),
            _("To"),
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )

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
