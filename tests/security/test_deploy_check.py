"""Django's deployment checklist: `manage.py check --deploy --fail-level WARNING`
passes with production settings, and fails when one of them is weakened."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(command: list[str], **env: str) -> subprocess.CompletedProcess:
    """manage.py in a fresh process, with production settings from the environment only."""
    kept = {
        k: v
        for k, v in os.environ.items()
        if k in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV"}
    }
    production = {
        "BOARDPORTAL_IGNORE_DOTENV": "1",
        "DJANGO_SETTINGS_MODULE": "boardportal.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "portal.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://portal.example.org",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env={**kept, **production, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def deploy_check(**env: str) -> subprocess.CompletedProcess:
    return run(["check", "--deploy", "--fail-level", "WARNING"], **env)


def test_deploy_check_passes_with_production_settings():
    result = deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr
    # Only the HSTS preload reminder is silenced (see settings and SECURITY.md).
    assert "System check identified no issues (1 silenced)." in result.stdout


def test_deploy_check_passes_with_preload_and_nothing_silenced():
    result = deploy_check(SECURE_HSTS_PRELOAD="1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_deploy_check_fails_when_a_protection_is_turned_off():
    # The check is not a formality: each of these weakens production and is caught.
    cases = {
        "security.W008": {"SECURE_SSL_REDIRECT": "0"},
        "security.W012": {"SECURE_COOKIES": "0"},
        "security.W004": {"SECURE_HSTS_SECONDS": "0"},
        "security.W009": {"SECRET_KEY": "too-short"},
    }
    for check_id, env in cases.items():
        result = deploy_check(**env)
        assert result.returncode != 0, check_id
        assert check_id in result.stderr, (check_id, result.stderr)


def test_debug_turns_off_the_https_redirect_and_secure_cookies():
    # runserver on http://127.0.0.1:8000 with DEBUG on must keep working.
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    debug = run(["shell", "--no-imports", "-c", code], DEBUG="1")
    assert debug.stdout.strip() == "False False False", debug.stderr
    production = run(["shell", "--no-imports", "-c", code])
    assert production.stdout.strip() == "True True True", production.stderr


def test_proxy_header_from_the_environment():
    code = "from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER)"
    result = run(["shell", "--no-imports", "-c", code], SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')", result.stderr
    unset = run(["shell", "--no-imports", "-c", code])
    assert unset.stdout.strip() == "None", unset.stderr
