"""Admin for supervision: configuration and that supervision happened, never its content.

Private reflections are excluded everywhere (and deferred, so they are not even decrypted).
The shared record's text is excluded too: administrators are not parties to supervision.
"""

from django.contrib import admin

from supervision.models import (
    DigestSent,
    SessionRead,
    SupervisionArrangement,
    SupervisionSession,
    SupervisionTopic,
)


@admin.register(SupervisionTopic)
class SupervisionTopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["name", "slug"]


@admin.register(SupervisionArrangement)
class SupervisionArrangementAdmin(admin.ModelAdmin):
    list_display = [
        "peer_worker",
        "supervisor",
        "supervision_type",
        "supervisor_organisation",
        "frequency_days",
        "started",
        "ended",
        "next_due_on",
    ]
    list_filter = ["supervision_type", "supervisor_has_lived_experience"]
    search_fields = ["peer_worker__full_name", "supervisor__full_name", "supervisor__email"]
    list_select_related = ["peer_worker", "supervisor", "supervisor_organisation"]
    readonly_fields = ["next_due_on"]

    def save_model(self, request, obj, form, change):
        from supervision.services import arrangement_refresh_next_due

        if obj.next_due_on is None:
            obj.next_due_on = obj.compute_next_due(None)
        super().save_model(request, obj, form, change)
        arrangement_refresh_next_due(arrangement=obj)


@admin.register(SupervisionSession)
class SupervisionSessionAdmin(admin.ModelAdmin):
    """Dates, type, duration and status only; records are edited by their parties."""

    fields = ["arrangement", "held_on", "duration_minutes", "mode", "supervision_type", "status"]
    exclude = ["shared_summary", "private_reflection", "counterpart_reflection", "topics"]
    readonly_fields = fields
    list_display = ["held_on", "arrangement", "supervision_type", "duration_minutes", "status"]
    list_filter = ["status", "supervision_type", "mode"]
    search_fields = ["arrangement__peer_worker__full_name", "arrangement__supervisor__full_name"]
    list_select_related = ["arrangement__peer_worker", "arrangement__supervisor"]
    date_hierarchy = "held_on"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("shared_summary", "private_reflection", "counterpart_reflection")
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SessionRead)
class SessionReadAdmin(admin.ModelAdmin):
    list_display = ["read_at", "reader", "session", "via"]
    search_fields = ["reader__email", "reader__full_name"]
    list_select_related = ["reader", "session"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer(
                "session__shared_summary",
                "session__private_reflection",
                "session__counterpart_reflection",
            )
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DigestSent)
class DigestSentAdmin(admin.ModelAdmin):
    list_display = ["day", "kind", "recipient", "sent_at"]
    list_filter = ["kind"]
    search_fields = ["recipient__email"]
