"""Request rates: anonymous requests per client address, signed-in ones per account.

The rates are REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (settings: API_ANONYMOUS_RATE,
API_SIGNED_IN_RATE), read on each request so a test or a deployment can change them.
Beyond a rate the answer is 429 with Retry-After (seconds)."""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from boardportal.accounts import client_ip


class _Throttle(SimpleRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request) -> str:
        # The address the sign-in lockout uses: the connection's own, or read from
        # X-Forwarded-For only behind TRUSTED_PROXY_COUNT proxies of ours.
        return client_ip(request._request if hasattr(request, "_request") else request)


class AnonymousThrottle(_Throttle):
    scope = "anonymous"

    def get_cache_key(self, request, view):
        if request.user is not None and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class SignedInThrottle(_Throttle):
    scope = "signed_in"

    def get_cache_key(self, request, view):
        if request.user is None or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
