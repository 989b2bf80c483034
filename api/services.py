"""Creating and revoking personal access tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from api.models import MAX_DAYS, AccessToken, TokenScope

TOKEN_PREFIX = "pw_"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str, scope: str, days: int) -> tuple[AccessToken, str]:
    """A new token for ``user``; returns the record and the token itself, which is never
    stored and cannot be shown again."""
    name = " ".join(name.split())
    errors = {}
    if not name:
        errors["name"] = _("Name the token so that you recognise it later.")
    if scope not in TokenScope.values:
        errors["scope"] = _("Choose read only, or read and write.")
    if not 1 <= days <= MAX_DAYS:
        errors["days"] = _("A token lasts from 1 to %(max)s days.") % {"max": MAX_DAYS}
    if errors:
        raise ValidationError(errors)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = AccessToken(
        user=user,
        name=name[:80],
        prefix=secret[:10],
        digest=token_digest(secret),
        scope=scope,
        expires=now + dt.timedelta(days=days),
    )
    token.save()
    return token, secret


@transaction.atomic
def token_revoke(*, token: AccessToken) -> AccessToken:
    if token.revoked is None:
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
    return token
