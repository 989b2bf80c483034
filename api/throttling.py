from __future__ import annotations

from rest_framework.throttling import SimpleRateThrottle

from api.models import AccessToken


class TokenRateThrottle(SimpleRateThrottle):
    """Requests per token (per user for a signed-in browser, per address otherwise)."""

    scope = "token"

    def get_cache_key(self, request, view) -> str:
        if isinstance(request.auth, AccessToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
