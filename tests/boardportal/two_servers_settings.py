"""The production settings (from the environment), for the two gunicorn servers of
test_page_cache_redis.py: static files named without a manifest, so the test need
not collect them (it fetches pages, never their static files)."""

from boardportal.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
