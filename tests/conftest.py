import pytest
from django.test import Client, override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


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
