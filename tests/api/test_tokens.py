"""Personal API tokens: made on /accounts/api-tokens/ by someone signed in, shown once,
kept only as a SHA-256 digest, listed with their last use, revocable; they count on
/api/ only, so a staff member's token never opens the admin or a page."""

import hashlib
import re

import pytest
from django.test import override_settings

from boardportal.api.tokens import api_token_create
from boardportal.models import ApiToken
from tests.conftest import verified_login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/accounts/api-tokens/"


def made(response) -> str:
    (token,) = re.findall(
        r'id="new-token" type="text" value="(bp_[^"]+)"', response.content.decode()
    )
    return token


def test_the_page_needs_signing_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert client.post(URL, {"name": "x"}).status_code == 302
    assert ApiToken.objects.count() == 0


def test_a_member_makes_a_token_shown_once_and_kept_hashed(client, board_member):
    client.force_login(board_member)
    assert "You have no tokens yet." in client.get(URL).content.decode()
    response = client.post(URL, {"name": "Power BI dashboard"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = made(response)
    assert len(raw) > 40
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.shown_start) == (
        board_member,
        "Power BI dashboard",
        raw[:8],
    )
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    stored = " ".join(str(v) for v in ApiToken.objects.values_list().get())
    assert raw not in stored
    # Never shown again: the list has its name and first characters only.
    listing = client.get(URL).content.decode()
    assert "Power BI dashboard" in listing and raw[:8] in listing
    assert raw not in listing
    assert "Never" in listing


def test_the_list_shows_the_last_use(client, board_member, world):
    client.force_login(board_member)
    raw = made(client.post(URL, {"name": "Script"}))
    assert client.get("/api/v1/boards/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    token = ApiToken.objects.get()
    assert token.last_used_at is not None
    assert "Never" not in client.get(URL).content.decode()


def test_a_name_is_needed(client, board_member):
    client.force_login(board_member)
    response = client.post(URL, {"name": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter what the token is for" in html
    assert "<title>Error: Your API tokens" in html
    assert ApiToken.objects.count() == 0


@override_settings(BOARDPORTAL_API_TOKENS_PER_USER=2)
def test_one_person_holds_a_limited_number(client, board_member):
    client.force_login(board_member)
    for n in range(2):
        assert client.post(URL, {"name": f"Token {n}"}).status_code == 200
    response = client.post(URL, {"name": "One too many"})
    assert response.status_code == 400
    assert "You already have 2 tokens" in response.content.decode()


def test_revoking_stops_a_token_at_once(client, board_member, world):
    client.force_login(board_member)
    raw = made(client.post(URL, {"name": "Old laptop"}))
    token = ApiToken.objects.get()
    response = client.post(f"{URL}{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Revoked" in client.get(URL).content.decode()
    assert client.get("/api/v1/boards/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    # Revoking needs a POST.
    assert client.get(f"{URL}{token.pk}/revoke/").status_code == 405


def test_nobody_revokes_anothers_token(client, board_member):
    other, _ = api_token_create(user=UserFactory(), name="Theirs")
    client.force_login(board_member)
    assert client.post(f"{URL}{other.pk}/revoke/").status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


def test_a_staff_token_never_opens_the_admin_or_a_page(client, world):
    staff = UserFactory(username="admin@example.org", is_staff=True, is_superuser=True)
    _, raw = api_token_create(user=staff, name="Staff")
    header = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    admin = client.get("/admin/", **header)
    assert admin.status_code == 302
    assert "login" in admin["Location"]
    assert client.get("/admin/programmes/programme/", **header).status_code == 302
    # A draft plan year's page needs a signed-in session: a token is not one.
    assert client.get("/plan/2014-15/", **header).status_code == 404
    assert client.get(URL, **header).status_code == 302
    # On the API it reads what the account reads.
    assert client.get("/api/v1/plan-years/2014-15/", **header).status_code == 200


def test_staff_with_a_second_factor_use_the_page_too(client):
    staff = UserFactory(username="officer@example.org", is_staff=True)
    verified_login(client, staff)
    assert client.post(URL, {"name": "Reports"}).status_code == 200
    assert ApiToken.objects.filter(user=staff).count() == 1
