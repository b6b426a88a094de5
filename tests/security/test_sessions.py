"""Sessions: they end after inactivity, at sign-out, when the account is switched off or
its password changes, and a new one starts at each sign-in."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from tests import factories as f
from tests.conftest import verified_login

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def user_of(client, url="/"):
    return client.get(url).wsgi_request.user


@pytest.fixture
def member(client):
    user = f.UserFactory(username="member")
    client.force_login(user)
    return user


def session_row(client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


# --- Inactivity ----------------------------------------------------------------------


def test_sessions_last_30_minutes_from_the_last_request():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_each_request_starts_the_30_minutes_again(client, member):
    response = client.get("/")
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 1800
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))
    client.get("/")
    left = session_row(client).expire_date - timezone.now()
    assert timedelta(minutes=29) < left <= timedelta(minutes=30)


def test_a_session_idle_for_30_minutes_is_over(client, member):
    assert user_of(client).is_authenticated
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert not user_of(client).is_authenticated


def test_the_cookie_is_not_readable_by_scripts(client, member):
    cookie = client.get("/").cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


# --- Signing out ---------------------------------------------------------------------


def test_signing_out_ends_the_session_for_good(client, member):
    old_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response.url == "/"
    assert not user_of(client).is_authenticated
    # Someone who kept a copy of the old cookie gets nothing from it.
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_cookie
    assert not user_of(replay).is_authenticated
    assert not Session.objects.filter(session_key=old_cookie).exists()


def test_a_link_cannot_sign_you_out(client, member):
    # Signing out is a POST with a CSRF token, so another site cannot do it for you.
    assert client.get("/accounts/logout/").status_code == 405
    assert user_of(client).is_authenticated


def test_signing_out_of_the_admin_ends_the_verified_session(admin_client):
    assert admin_client.get("/admin/").status_code == 200
    admin_client.post("/admin/logout/")
    assert admin_client.get("/admin/").status_code == 302


# --- The account changes under the session -------------------------------------------


def test_a_deactivated_user_is_out_at_the_next_request(client, member):
    assert user_of(client).is_authenticated
    member.is_active = False
    member.save()
    assert not user_of(client).is_authenticated


def test_a_deactivated_officer_is_out_of_the_admin_at_the_next_request(client):
    officer = f.UserFactory(is_staff=True, is_superuser=True)
    verified_login(client, officer)
    assert client.get("/admin/").status_code == 200
    officer.is_active = False
    officer.save()
    assert client.get("/admin/").status_code == 302
    assert not user_of(client).is_authenticated


def test_a_new_password_ends_sessions_elsewhere(client, member):
    member.set_password("a brand new long password")
    member.save()
    assert not user_of(client).is_authenticated


# --- A new session at sign-in --------------------------------------------------------


def test_signing_in_starts_a_new_session(client):
    f.UserFactory(username="member")
    session = client.session
    session["planted"] = "by someone else"
    session.save()
    planted = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = planted
    response = client.post("/accounts/login/", {"username": "member", "password": PASSWORD})
    assert response.status_code == 302
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != planted
    stranger = Client()
    stranger.cookies[settings.SESSION_COOKIE_NAME] = planted
    assert not user_of(stranger).is_authenticated
