"""Signing in: repeated failures lock a username out from an address, a forged
X-Forwarded-For does not get round it, and every attempt is logged without the password."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from boardportal.accounts import client_ip
from tests import factories as f

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # the factories' password
LOGIN = "/accounts/login/"


@pytest.fixture
def member():
    return f.UserFactory(username="member")


def sign_in(client, username, password, **headers):
    return client.post(LOGIN, {"username": username, "password": password}, **headers)


def fail(client, username, times, **headers):
    for _ in range(times):
        response = sign_in(client, username, "wrong password", **headers)
    return response


def signed_in(response) -> bool:
    return response.wsgi_request.user.is_authenticated


# --- Lockout -------------------------------------------------------------------------


def test_a_wrong_password_says_so_and_signs_nobody_in(client, member):
    response = sign_in(client, "member", "wrong password")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert not signed_in(response)


def test_five_wrong_passwords_lock_the_username_out_even_with_the_right_one(client, member):
    assert fail(client, "member", 4).status_code == 200
    fifth = fail(client, "member", 1)
    assert fifth.status_code == 429
    assert "Too many attempts to sign in" in fifth.content.decode()

    right = sign_in(client, "member", PASSWORD)
    assert right.status_code == 429
    html = right.content.decode()
    assert '<h1 class="govuk-heading-l">Too many attempts to sign in</h1>' in html
    assert "wrong 5 times" in html and "for 30 minutes" in html
    assert not signed_in(right)
    assert "_auth_user_id" not in client.session


def test_a_forged_x_forwarded_for_does_not_reset_the_count(client, member):
    for n in range(5):
        sign_in(client, "member", "wrong password", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    right = sign_in(client, "member", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert right.status_code == 429
    assert not signed_in(right)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_behind_a_trusted_proxy_forged_addresses_to_its_left_do_not_help(client, member, settings):
    settings.BOARDPORTAL_TRUSTED_PROXY_COUNT = 1
    # The proxy appends the address it saw; whatever the client wrote stays to its left.
    for n in range(5):
        sign_in(client, "member", "x", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.7")
    right = sign_in(client, "member", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7")
    assert right.status_code == 429
    # Someone else behind the same proxy, at another address, is not affected.
    other = sign_in(client, "member", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert other.status_code == 302 and signed_in(other)


def test_another_user_at_the_same_address_can_still_sign_in(client, member):
    # Locked out by username and address together: a colleague behind the same office
    # address is not locked out by someone else's mistakes.
    f.UserFactory(username="colleague")
    fail(client, "member", 5)
    response = sign_in(client, "colleague", PASSWORD)
    assert response.status_code == 302
    assert signed_in(response)


def test_the_same_user_at_another_address_can_still_sign_in(client, member):
    # ...and nobody elsewhere can lock a member out by guessing at their username.
    fail(client, "member", 5, REMOTE_ADDR="192.0.2.66")
    response = sign_in(client, "member", PASSWORD, REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 302
    assert signed_in(response)


def test_signing_in_clears_earlier_failures(client, member):
    fail(client, "member", 4)
    assert signed_in(sign_in(client, "member", PASSWORD))
    client.post("/accounts/logout/")
    assert fail(client, "member", 4).status_code == 200
    assert signed_in(sign_in(client, "member", PASSWORD))


def test_the_lockout_lifts_after_30_minutes(client, member):
    fail(client, "member", 5)
    assert sign_in(client, "member", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    response = sign_in(client, "member", PASSWORD)
    assert response.status_code == 302
    assert signed_in(response)


def test_the_admin_has_no_password_form_of_its_own(client, member):
    # The admin's login page sends people to the portal's sign-in, which counts failures;
    # a password posted to the admin's page is not checked at all.
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=%2Fadmin%2F"
    for _ in range(10):
        response = client.post("/admin/login/", {"username": "member", "password": PASSWORD})
        assert response.status_code == 302
        assert not signed_in(response)
    assert not AccessAttempt.objects.exists()


def test_a_locked_out_staff_member_cannot_reach_the_admin(client):
    f.UserFactory(username="officer", is_staff=True)
    fail(client, "officer", 5)
    response = client.post(
        "/accounts/login/?next=/admin/", {"username": "officer", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302


# --- The client's address ------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, None, "192.0.2.1"),
        (0, "198.51.100.7", "192.0.2.1"),
        (1, None, "192.0.2.1"),  # no header: not through our proxy
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "10.1.1.1, 198.51.100.7", "198.51.100.7"),
        (2, "10.1.1.1, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        (2, "198.51.100.7", "192.0.2.1"),  # fewer hops than proxies
    ],
)
def test_client_address(settings, proxies, forwarded, expected):
    settings.BOARDPORTAL_TRUSTED_PROXY_COUNT = proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", **headers)
    assert client_ip(request) == expected


@given(forwarded=st.text(max_size=200))
def test_without_a_trusted_proxy_no_header_changes_the_address(forwarded):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == "192.0.2.1"


# --- The sign-in log -----------------------------------------------------------------


def auth_log(caplog) -> list[tuple[int, str]]:
    return [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "boardportal.auth"]


def test_failures_lockouts_and_successes_are_logged_without_the_password(client, caplog):
    f.UserFactory(username="member", password="s3cret-Passw0rd-of-member")
    caplog.set_level(logging.INFO, logger="boardportal.auth")
    sign_in(client, "member", "wrong-Guess-1", REMOTE_ADDR="192.0.2.5")
    sign_in(client, "member", "s3cret-Passw0rd-of-member", REMOTE_ADDR="192.0.2.5")
    client.post("/accounts/logout/", REMOTE_ADDR="192.0.2.5")
    fail(client, "member", 5, REMOTE_ADDR="192.0.2.5")
    assert auth_log(caplog)[:4] == [
        (logging.WARNING, "Sign-in failed: username='member' ip=192.0.2.5"),
        (logging.INFO, "Signed in: username='member' ip=192.0.2.5"),
        (logging.INFO, "Signed out: username='member' ip=192.0.2.5"),
        (logging.WARNING, "Sign-in failed: username='member' ip=192.0.2.5"),
    ]
    assert (logging.WARNING, "Locked out: username='member' ip=192.0.2.5") in auth_log(caplog)
    everything = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert "wrong-Guess-1" not in everything
    assert "s3cret-Passw0rd-of-member" not in everything


def test_a_username_cannot_forge_a_log_line(client, caplog):
    caplog.set_level(logging.INFO, logger="boardportal.auth")
    sign_in(client, "x\nSigned in: username='admin'", "wrong")
    (message,) = [m for _, m in auth_log(caplog)]
    assert "\n" not in message
    assert message == "Sign-in failed: username=\"x\\nSigned in: username='admin'\" ip=127.0.0.1"
