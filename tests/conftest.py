import pytest


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
