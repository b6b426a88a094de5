"""The project as a whole: migrations, settings from the environment, set-up commands."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_migrations_are_committed():
    # Fails with exit code 1 if a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def settings_in_subprocess(env: dict[str, str], expression: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; print({expression})",
        ],
        cwd=ROOT,
        env={
            **base,
            "DJANGO_SETTINGS_MODULE": "boardportal.settings",
            "BOARDPORTAL_IGNORE_DOTENV": "1",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_secret_key_required_when_debug_is_off():
    result = settings_in_subprocess({}, "settings.DEBUG")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_debug_is_off_by_default():
    result = settings_in_subprocess({"SECRET_KEY": "x" * 50}, "settings.DEBUG")
    assert result.stdout.strip() == "False"


def test_sqlite_by_default_postgres_from_database_url():
    sqlite = settings_in_subprocess({"DEBUG": "1"}, "settings.DATABASES['default']['ENGINE']")
    assert sqlite.stdout.strip() == "django.db.backends.sqlite3"
    postgres = settings_in_subprocess(
        {"DEBUG": "1", "DATABASE_URL": "postgres://u@db.example:5432/portal"},
        "(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']"
        "['CONN_HEALTH_CHECKS'], settings.DATABASES['default']['CONN_MAX_AGE'])",
    )
    assert postgres.stdout.strip() == "('django.db.backends.postgresql', True, 60)"


def test_locale_and_time_zone():
    result = settings_in_subprocess(
        {"DEBUG": "1"}, "(settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.USE_TZ)"
    )
    assert result.stdout.strip() == "('en-gb', 'Europe/London', True)"


@pytest.mark.django_db
def test_demo_admin_is_created_once_with_a_random_password():
    first, second = StringIO(), StringIO()
    call_command("demo_admin", stdout=first)
    password = first.getvalue().split("password: ")[1].split()[0]
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)
    assert len(password) >= 16
    # How to enrol the second factor the admin asks for.
    assert "Sign in at http://127.0.0.1:8000/accounts/login/" in first.getvalue()
    assert "scan it with\nthe app and enter the 6-digit code" in first.getvalue()

    call_command("demo_admin", stdout=second)
    assert "already exists" in second.getvalue()
    assert "changepassword admin" in second.getvalue()
    assert "demo_admin --reset-two-factor" in second.getvalue()
    assert password not in second.getvalue()
    assert get_user_model().objects.filter(username="admin").count() == 1


@pytest.mark.django_db
def test_demo_admin_can_forget_a_lost_authenticator_app():
    call_command("demo_admin", stdout=StringIO())
    user = get_user_model().objects.get(username="admin")
    TOTPDevice.objects.create(user=user, name="lost phone", confirmed=True)
    out = StringIO()
    call_command("demo_admin", "--reset-two-factor", stdout=out)
    assert "The authenticator app of 'admin' is forgotten" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert get_user_model().objects.filter(username="admin", is_superuser=True).exists()


@pytest.mark.django_db
def test_demo_admin_brings_an_officer_and_a_secretariat_member_for_the_cycle(client):
    from tests import factories as f

    lead = f.OfficerFactory(name="Pascoe Sawyers")
    out = StringIO()
    call_command("demo_admin", stdout=out)
    text = out.getvalue()
    line = next(x for x in text.splitlines() if x.strip().startswith("officer ("))
    password = line.split("password ")[1].split(",")[0]
    code = line.split("backup code ")[1].strip()
    officer = get_user_model().objects.get(username="officer")
    assert officer.is_staff and officer.check_password(password)
    assert list(officer.groups.values_list("name", flat=True)) == ["Officers"]
    lead.refresh_from_db()
    assert lead.user == officer
    secretariat = get_user_model().objects.get(username="secretariat")
    assert list(secretariat.groups.values_list("name", flat=True)) == ["Secretariat"]
    # The password and the backup code open the admin.
    client.post("/accounts/login/", {"username": "officer", "password": password})
    client.post("/accounts/two-factor/verify/", {"otp_token": code})
    assert client.get("/admin/cycle/").status_code == 200
    # Run again: nobody is made twice and no password is shown again.
    again = StringIO()
    call_command("demo_admin", stdout=again)
    assert password not in again.getvalue()
    assert get_user_model().objects.filter(username="officer").count() == 1
