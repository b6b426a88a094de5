"""Whole public pages, kept for visitors who are not signed in, exact rather than timed;
and ETag, Last-Modified and 304 Not Modified on every public page.

**The key** is the page's full address (scheme, host, path and the query with its
parameters sorted, `as_at` included), today's date (a page whose as-at date defaults
to today changes at midnight, and so do "upcoming" lists) and the data version
(`core.versioning`), read before the page is rendered. Every committed write makes a new
version, so a stored page is served only while nothing it shows can have changed; no
page waits for a timeout to be right. Entries expire after a day only to free space.

**Who shares a page.** Only a request that carries no session, CSRF or messages cookie
and no Authorization header is served from the cache, or has its answer stored: such a
visitor is not signed in and has nothing of their own on the page. Anyone signed in
has a session cookie, so always gets a page rendered for them, and what is rendered
for them is never stored. An answer is stored only when it is a complete 200 for an
anonymous user that sets no cookie, used no CSRF token or CSP nonce, is not marked
private or no-store, and varies on nothing but the cookie and the encoding.

A download streamed to its visitor (the programmes CSV, the open data) is kept the same
way once it has been sent whole, if it is no bigger than a page may be
(`BOARDPORTAL_PAGE_CACHE_MAX_BYTES`, 4 MB).

**Where it lives**: the `pages` cache (settings): Redis with REDIS_URL, shared by every
app process, with each process keeping the pages it last served in its own memory too
(`NearPages`: no second trip to Redis, nor unpickling, for a page it has at hand);
otherwise each process's own memory. Not under the admin, the sign-in
pages, the API (which has its own ETags), the report downloads or /healthz
(`BOARDPORTAL_PAGE_CACHE_EXCLUDE`). `X-Page-Cache` says hit, miss or bypass."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from datetime import UTC, datetime, time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import http_date, parse_http_date_safe

from core import dates, versioning

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
STATUS_HEADER = "X-Page-Cache"
# A visitor with one of these has something of their own on a page (a session, a CSRF
# token, a message), so their pages are neither served from the cache nor stored.
PERSONAL_COOKIES = ("SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME")
MESSAGES_COOKIE = "messages"
# Headers a stored page does not keep: each answer gets its own.
NOT_STORED = {"x-request-id", "date", "set-cookie"}
# Varying on anything else (a language, Accept) would need it in the key: not stored.
HARMLESS_VARY = {"cookie", "accept-encoding"}


class NearPages:
    """A process's own copy of the pages it last served from Redis, the least recently
    used let go beyond `max_bytes`. Exact as the shared cache is: the key holds the data
    version read from Redis for this request, so a page kept here under a version is the
    one Redis holds under it; pages of older versions are simply never asked for again."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[str, tuple] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> tuple | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: tuple) -> None:
        bytes_ = len(entry[2])
        if bytes_ > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= len(old[2])
            self._entries[key] = entry
            self.size += bytes_
            while self.size > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self.size -= len(dropped[2])


_near_pages: NearPages | None = None


def near_pages() -> NearPages | None:
    """The process's near copy, when the pages live elsewhere (Redis) and
    PAGE_CACHE_NEAR_MB is not 0; None when they are in local memory already."""
    global _near_pages
    limit = settings.BOARDPORTAL_PAGE_CACHE_NEAR_BYTES
    if not limit or settings.CACHES[CACHE_ALIAS]["BACKEND"].endswith("LocMemCache"):
        return None
    if _near_pages is None or _near_pages.max_bytes != limit:
        _near_pages = NearPages(limit)
    return _near_pages


def is_public_path(path: str) -> bool:
    return not path.startswith(tuple(settings.BOARDPORTAL_PAGE_CACHE_EXCLUDE))


def is_shareable_request(request: HttpRequest) -> bool:
    """A GET or HEAD by someone with nothing of their own to show: no session, CSRF or
    messages cookie, no Authorization header."""
    if request.method not in ("GET", "HEAD") or "authorization" in request.headers:
        return False
    personal = [getattr(settings, name) for name in PERSONAL_COOKIES] + [MESSAGES_COOKIE]
    return not any(name in request.COOKIES for name in personal)


def page_key(request: HttpRequest, version: str, on) -> str:
    """The cache key of this address, at this data version, on this day."""
    query = urlencode(sorted((k, v) for k, values in request.GET.lists() for v in values))
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
    return f"page:{version}:{on.isoformat()}:{digest}"


def last_modified(version: str, on) -> datetime:
    """When what the page shows may last have changed: the data version's time, or the
    start of today (local time) if later."""
    midnight = datetime.combine(on, time.min, tzinfo=timezone.get_current_timezone())
    return max(versioning.changed_at(version), midnight.astimezone(UTC))


def _vary(response: HttpResponse) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}


def is_storable(request: HttpRequest, response: HttpResponse) -> bool:
    """A complete 200 for someone not signed in, with nothing of theirs in it. A streamed
    answer (a download) qualifies here; it is kept once streamed whole, if not too big
    (`PageCacheMiddleware._store_when_streamed`)."""
    if request.method != "GET" or response.status_code != 200:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if getattr(request, "_csp_nonce", None) is not None:
        return False  # the nonce in the page would not match the next answer's header
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    if not _vary(response) <= HARMLESS_VARY:
        return False
    return response.streaming or len(response.content) <= settings.BOARDPORTAL_PAGE_CACHE_MAX_BYTES


def stamp(response: HttpResponse, modified: datetime | None, *, shared: bool) -> None:
    """ETag (from the content, unless the view set one), Last-Modified and Cache-Control
    on a complete 200. `shared`: a page anyone not signed in may be given; otherwise it
    is private to the browser that asked."""
    if response.status_code != 200 or response.streaming:
        return
    if not response.has_header("ETag"):
        set_response_etag(response)
    if modified is not None and not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(modified.timestamp())
    if not response.has_header("Cache-Control"):
        # Stored by browsers, but checked with the ETag before each use (a new version
        # can come at any time); a signed-in page never by a shared cache.
        patch_cache_control(response, no_cache=True, **({} if shared else {"private": True}))


def conditional(request: HttpRequest, response: HttpResponse, *, shared: bool) -> HttpResponse:
    """304 Not Modified when the client already holds this answer. A page of someone's
    own (signed in, a message waiting) is matched by its ETag only: the data version's
    date says nothing of what else on it may have changed."""
    if response.status_code != 200 or not response.has_header("ETag"):
        return response
    modified = parse_http_date_safe(response.get("Last-Modified", "")) if shared else None
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=modified, response=response
    )


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _from_entry(entry: tuple) -> HttpResponse:
    status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


class PageCacheMiddleware:
    """Serve and store whole public pages for visitors not signed in (module docstring).
    It sits outside the session, CSRF and authentication middleware, so a page served
    from the cache costs two cache reads and nothing else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_public_path(request.path_info):
            return self.get_response(request)
        shared = is_shareable_request(request)
        version = self._version()
        on = dates.today()
        modified = last_modified(version, on) if version is not None else None
        if not (settings.BOARDPORTAL_PAGE_CACHE and shared and version is not None):
            response = self.get_response(request)
            shared = shared and not _signed_in(request)
            stamp(response, modified, shared=shared)
            response[STATUS_HEADER] = "bypass"
            return conditional(request, response, shared=shared)

        key = page_key(request, version, on)
        entry = self._get(key)
        if entry is not None:
            response = _from_entry(entry)
            # A download kept once streamed gets the ETag it could not have then.
            stamp(response, modified, shared=True)
            response[STATUS_HEADER] = "hit"
            return conditional(request, response, shared=True)

        response = self.get_response(request)
        storable = is_storable(request, response)
        shared = storable or not _signed_in(request)
        stamp(response, modified, shared=shared)
        if storable and response.streaming:
            self._store_when_streamed(key, response)
        elif storable:
            self._set(key, response)
        response[STATUS_HEADER] = "miss"
        return conditional(request, response, shared=shared)

    @staticmethod
    def _version() -> str | None:
        # Without the version nothing can be served exactly: render every page.
        try:
            return versioning.current()
        except Exception:
            logger.exception("The data version could not be read; the page cache is bypassed")
            return None

    @staticmethod
    def _get(key: str):
        near = near_pages()
        entry = near.get(key) if near is not None else None
        if entry is not None:
            return entry
        try:
            entry = caches[CACHE_ALIAS].get(key)
        except Exception:
            logger.exception("The page cache could not be read")
            return None
        if entry is not None and near is not None:
            near.put(key, entry)
        return entry

    @staticmethod
    def _set(key: str, response: HttpResponse, content: bytes | None = None) -> None:
        headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED]
        entry = (response.status_code, headers, response.content if content is None else content)
        try:
            caches[CACHE_ALIAS].set(key, entry)
        except Exception:
            logger.exception("The page cache could not be written")
            return
        near = near_pages()
        if near is not None:
            near.put(key, entry)

    @classmethod
    def _store_when_streamed(cls, key: str, response: HttpResponse) -> None:
        """Keep a streamed answer once the client has had all of it, unless it outgrows
        the limit of a page: then what was gathered is let go and the rest streams on
        with nothing held, so memory stays flat for a download of any size."""
        limit = settings.BOARDPORTAL_PAGE_CACHE_MAX_BYTES
        streamed = response.streaming_content

        def gathering():
            parts: list[bytes] | None = []
            size = 0
            for chunk in streamed:
                if parts is not None:
                    size += len(chunk)
                    if size <= limit:
                        parts.append(chunk)
                    else:
                        parts = None
                yield chunk
            if parts is not None:
                cls._set(key, response, b"".join(parts))

        response.streaming_content = gathering()
