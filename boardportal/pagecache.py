"""A whole-page cache for anonymous visitors to the public pages.

Most visitors are anonymous and every page is a read of slowly changing data,
so a rendered page is kept in the cache for a short while, keyed by its full
address and by a *data version* that every write to the three apps' models
moves on. A write therefore retires every cached page at once (immediately when
the processes share a cache, such as Redis; within `PAGE_CACHE_SECONDS` with
one local-memory cache per process).

Only anonymous GETs without a session cookie are served from or stored in the
cache, only 200 responses that set no cookie, and never the admin, sign-in,
downloads or the health check. Headers added by outer middleware (security
headers, the CSP) are added afresh to every response, cached or not, because
this middleware sits innermost.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

VERSION_KEY = "pagecache:data-version"
EXCLUDED_PREFIXES = ("/admin/", "/accounts/", "/healthz", "/static/", "/reports/")
APPS = {"priorities", "programmes", "meetings"}


def data_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_data_version(sender=None, **kwargs) -> None:
    """Retire every cached page: connected to saves and deletes of the apps' models."""
    if sender is not None and sender._meta.app_label not in APPS:
        return
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def cacheable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(EXCLUDED_PREFIXES)
        and not request.path.endswith(".csv")
        and len(request.get_full_path()) <= 1000
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if not seconds or not cacheable(request):
            return self.get_response(request)
        address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"pagecache:{data_version()}:{address}"
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and (user is None or user.is_anonymous)
        ):
            cache.set(key, (response.content, list(response.items())), timeout=seconds)
        return response
