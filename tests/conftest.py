import os
import uuid

import pytest
from django.test import Client, override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import settings as hypothesis_settings

# Hypothesis profiles. Loaded here, before the test modules are imported, so each test's
# own `settings(...)` inherits whatever it does not set from the loaded profile.
#
# - "dev" (the default): new examples each run, remembered in .hypothesis/ so a failure
#   found once is tried first next time.
# - "ci": the same examples on every run (derandomize: seeded from each test's name), so
#   a red build is red again on a re-run and on a laptop with HYPOTHESIS_PROFILE=ci; no
#   example database, which a fresh CI machine would not have anyway; fewer examples, so
#   the build takes the same time each run.
#
# Both print the `@reproduce_failure(...)` blob with a failing example, and the plugin
# prints `--hypothesis-seed=...` for a failure it cannot replay; the report header names
# the profile in use.
_COMMON = {
    "print_blob": True,
    # Most tests that use Hypothesis go through the database and the test client, whose
    # timings vary with the machine: a deadline would make them flaky, not faster.
    "deadline": None,
}
# Both start from Hypothesis's own defaults: its "default" profile turns into a CI one by
# itself when it sees a CI variable, and "dev" should stay "dev" wherever it is chosen.
_BASE = hypothesis_settings.get_profile("default")
hypothesis_settings.register_profile("dev", _BASE, max_examples=100, **_COMMON)
hypothesis_settings.register_profile(
    "ci", _BASE, max_examples=50, derandomize=True, database=None, **_COMMON
)


def hypothesis_profile(environ=os.environ) -> str:
    """HYPOTHESIS_PROFILE if set; otherwise "ci" where CI is set (as CI services set it)."""
    if environ.get("HYPOTHESIS_PROFILE"):
        return environ["HYPOTHESIS_PROFILE"]
    ci = environ.get("CI", "").strip().lower()
    return "ci" if ci not in ("", "0", "false", "no") else "dev"


hypothesis_settings.load_profile(hypothesis_profile())


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    # Hashing passwords properly is slow and beside the point in tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    # Tests render pages without collected static files.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Background tasks (report builds) run in the request that queues them; the tests
    # of the database backend and its worker set their own.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    """No page cache (a test's writes stay uncommitted, so they bump no data version) and
    the version in this test's own memory, not the file other runs on the machine share.
    tests/boardportal/test_page_cache*.py turn the cache on."""
    settings.BOARDPORTAL_PAGE_CACHE = False
    unique = uuid.uuid4().hex
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": unique},
        "data_version": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"version-{unique}",
        },
    }


def verified_login(client, user):
    """Sign `user` in on `client` as if with a password and a code from an authenticator
    app: the session carries a confirmed device, as django_otp.login() leaves it."""
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "Test authenticator"}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's admin_client, verified with a second factor as the admin requires."""
    return verified_login(Client(), admin_user)


# The tests run with DEBUG off, where SECURE_SSL_REDIRECT defaults to on; but the test
# client and the browser tests' live server speak plain http, and the live server loads
# its middleware once per session, so a per-test `settings` fixture comes too late.
# tests/security/test_headers.py turns the redirect back on to test it.
@pytest.fixture(scope="session", autouse=True)
def _plain_http_in_tests():
    with override_settings(SECURE_SSL_REDIRECT=False):
        yield
