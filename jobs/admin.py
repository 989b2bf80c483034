from django.contrib import admin

from jobs.models import Job, ScheduledRun, WorkerHeartbeat


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "owner", "status", "created", "finished", "task_id"]
    list_filter = ["status", "kind"]
    search_fields = ["public_id", "task_id", "owner__email"]
    readonly_fields = [field.name for field in Job._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["worker_id", "started", "seen"]


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin):
    list_display = ["name", "day", "enqueued", "task_id"]
