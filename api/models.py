"""Personal access tokens for the REST API.

A token is shown once, when it is created; only its SHA-256 digest is stored (the token is
32 random bytes, so a fast digest is enough: there is nothing to guess). Tokens are scoped
(read, or read and write), expire after at most ``MAX_DAYS`` days, can be revoked, and
record when they were last used.
"""

from __future__ import annotations

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_DAYS = 90


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class AccessTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked__isnull=True, expires__gt=timezone.now())


class AccessToken(models.Model):
    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens"
    )
    name = models.CharField(
        _("name"),
        max_length=80,
        help_text=_("What the token is for, e.g. “R analysis” or “HR sync”."),
    )
    prefix = models.CharField(
        max_length=12, help_text=_("The token's first characters, to recognise it.")
    )
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("scope"), max_length=10, choices=TokenScope.choices)
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField(_("expires"))
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=TokenScope.values), name="api_accesstoken_scope_valid"
            ),
            models.CheckConstraint(
                condition=Q(expires__gt=models.F("created")),
                name="api_accesstoken_expires_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked is None and self.expires > timezone.now()

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.WRITE
