"""An import: one uploaded spreadsheet, its checked preview, and its progress."""

from __future__ import annotations

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Checking the rows")
    CHECKED = "checked", _("Ready to confirm")
    WRITING = "writing", _("Writing the rows")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Not imported")


class RowAction(models.TextChoices):
    CREATE = "create", _("New")
    UPDATE = "update", _("Update")
    UNCHANGED = "unchanged", _("No change")
    REFUSE = "refuse", _("Refused")


class ImportJob(models.Model):
    """One upload by one manager. The rows are kept only until the import is written or
    abandoned; the records written are in the audit log like any other change."""

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    kind = models.CharField(_("what is imported"), max_length=40)
    file_name = models.CharField(_("file"), max_length=255)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.CHECKING
    )
    header = models.JSONField(default=list)
    rows = models.JSONField(default=list, help_text=_("The cells of each row, as text."))
    results = models.JSONField(
        default=list, help_text=_("Per row: action, key and the problems by column.")
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    refused_count = models.PositiveIntegerField(default=0)
    message = models.TextField(_("message"), blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImportStatus.values), name="imports_importjob_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(processed_rows__lte=models.F("total_rows")),
                name="imports_importjob_progress_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in {ImportStatus.CHECKING, ImportStatus.WRITING}

    @property
    def percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0
