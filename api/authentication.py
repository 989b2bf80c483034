"""``Authorization: Bearer <token>`` for the REST API (personal access tokens)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from api.models import AccessToken
from api.services import token_digest

# ``last_used`` is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("The Authorization header needs one token."))
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from None
        token = (
            AccessToken.objects.select_related("user").filter(digest=token_digest(secret)).first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This token is not valid."))
        if token.revoked is not None:
            raise exceptions.AuthenticationFailed(_("This token has been revoked."))
        now = timezone.now()
        if token.expires <= now:
            raise exceptions.AuthenticationFailed(_("This token has expired."))
        if token.last_used is None or now - token.last_used > LAST_USED_RESOLUTION:
            # update(), not save(): a use is not a change of the token worth an audit entry.
            AccessToken.objects.filter(pk=token.pk).update(last_used=now)
            token.last_used = now
        return token.user, token

    def authenticate_header(self, request) -> str:
        return self.keyword
