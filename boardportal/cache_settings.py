"""The caches, from the environment (read by settings.py): "default" (throttling counts
and the like); "pages", whole public pages for visitors not signed in
(boardportal.pagecache); "data_version", the token every committed write renews
(core.versioning).

With REDIS_URL all three live in Redis, so every app process and machine shares them.
Without it, "default" and "pages" are each process's own memory, and the version is a
file in a temporary folder shared by the processes of one machine, so no process serves
a page older than a write made through another (README, "Running in production")."""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Mapping
from pathlib import Path

LOCAL_MEMORY = "django.core.cache.backends.locmem.LocMemCache"
REDIS = "django.core.cache.backends.redis.RedisCache"
# Pages key on today's date: a day is as long as one can be of use.
PAGE_SECONDS = 24 * 60 * 60
# Never cached: their own answers (the admin, signing in, the API's ETags, report files).
NEVER_CACHED = ("/admin/", "/accounts/", "/api/", "/static/", "/media/", "/healthz", "/reports/")


def caches(environ: Mapping[str, str], base_dir: Path) -> dict[str, dict]:
    """CACHES for `environ`: REDIS_URL, CACHE_KEY_PREFIX (to share one Redis between
    sites), PAGE_CACHE_ENTRIES (pages kept per process without Redis), DATA_VERSION_DIR
    (where the version file is without Redis)."""
    if environ.get("REDIS_URL"):
        redis = {
            "BACKEND": REDIS,
            "LOCATION": environ["REDIS_URL"],
            "KEY_PREFIX": environ.get("CACHE_KEY_PREFIX", "boardportal"),
        }
        return {
            "default": redis,
            "pages": {**redis, "TIMEOUT": PAGE_SECONDS},
            "data_version": {**redis, "TIMEOUT": None},
        }
    # One folder per project checkout, so two checkouts on a machine do not share it.
    folder = f"boardportal-{hashlib.sha256(str(base_dir).encode()).hexdigest()[:12]}"
    version_dir = environ.get("DATA_VERSION_DIR") or str(Path(tempfile.gettempdir()) / folder)
    return {
        "default": {"BACKEND": LOCAL_MEMORY},
        "pages": {
            "BACKEND": LOCAL_MEMORY,
            "LOCATION": "pages",
            "TIMEOUT": PAGE_SECONDS,
            "OPTIONS": {"MAX_ENTRIES": int(environ.get("PAGE_CACHE_ENTRIES", "500"))},
        },
        "data_version": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": version_dir,
            "TIMEOUT": None,
        },
    }
