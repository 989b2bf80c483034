"""Identified-access grants: which researcher may see which initiative's real names."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Initiative


class IdentifiedAccessQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked__isnull=True)


class IdentifiedAccessGrant(models.Model):
    """An administrator's grant letting one researcher see one initiative's real names."""

    researcher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identified_access_grants"
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="identified_access_grants"
    )
    reason = models.TextField(_("reason"), help_text=_("Why this researcher needs real names."))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted = models.DateTimeField(default=timezone.now)
    revoked = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = IdentifiedAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-granted"]
        constraints = [
            models.UniqueConstraint(
                fields=["researcher", "initiative"],
                condition=Q(revoked__isnull=True),
                name="comparison_identifiedaccess_one_active",
            ),
            models.CheckConstraint(
                condition=Q(revoked__isnull=True) | Q(revoked__gte=models.F("granted")),
                name="comparison_identifiedaccess_revoked_after_granted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.researcher} → {self.initiative.research_code}"
