"""Staff need a code from an authenticator app as well as a password: enrolment on first
sign-in, a code at each sign-in after that, and an admin that a password alone does not open.
Backup codes: shown once at enrolment, each works once, a new set replaces the old, and the
demo administrator's printed one opens the admin."""

import re
from base64 import b32encode
from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from boardportal.second_factor import backup_codes_left, backup_codes_make
from tests import factories as f
from tests.conftest import verified_login
from tests.security.test_headers import inline_problems

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
SETUP = "/accounts/two-factor/setup/"
VERIFY = "/accounts/two-factor/verify/"


def code_for(device, *, offset_steps: int = 0) -> str:
    """The code an authenticator app shows now for the device's key."""
    return f"{totp(device.bin_key, t0=-offset_steps * device.step):06d}"


@pytest.fixture
def officer():
    user = f.UserFactory(username="officer", is_staff=True)
    user.groups.add(Group.objects.get(name="Officers"))
    return user


def sign_in(client, username, next_url="/admin/"):
    return client.post(
        f"/accounts/login/?next={next_url}", {"username": username, "password": PASSWORD}
    )


# --- A password alone does not open the admin ----------------------------------------


def test_a_password_alone_does_not_open_the_admin(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == "/admin/login/?next=/admin/"
    response = client.get(response.url)
    assert response.status_code == 302
    assert response.url == f"{SETUP}?next=%2Fadmin%2F"
    assert client.get("/admin/reports/").status_code == 302
    assert client.get("/admin/programmes/programme/").status_code == 302


def test_a_verified_session_opens_the_admin(client, admin_user):
    verified_login(client, admin_user)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/login/?next=/admin/programmes/").url == "/admin/programmes/"


def test_an_unconfirmed_device_in_the_session_does_not_count(client, admin_user):
    device = TOTPDevice.objects.create(user=admin_user, name="half set up", confirmed=False)
    client.force_login(admin_user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    assert client.get("/admin/").status_code == 302


def test_someone_elses_device_does_not_count(client, admin_user):
    other = f.TOTPDeviceFactory()
    client.force_login(admin_user)
    session = client.session
    session["otp_device_id"] = other.persistent_id
    session.save()
    assert client.get("/admin/").status_code == 302


# --- Enrolment on first sign-in ------------------------------------------------------


def test_first_sign_in_enrols_an_app_then_opens_the_admin(client, officer):
    response = sign_in(client, "officer")
    assert response.status_code == 302
    assert response.url == f"{SETUP}?next=%2Fadmin%2F"

    page = client.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=officer)
    assert not device.confirmed
    secret = b32encode(device.bin_key).decode()
    shown = re.search(r'<code id="secret">([A-Z2-7 ]+)</code>', html).group(1)
    assert shown.replace(" ", "") == secret
    # The QR code is inline SVG: no image to fetch, no script, no inline style.
    assert re.search(r'<svg [^>]*xmlns="http://www.w3.org/2000/svg"[^>]* role="img"', html)
    assert '<title id="qr-title">QR code to scan with your app</title>' in html
    assert "<img" not in html.split('id="main-content"')[1]
    assert " style=" not in html and "<style" not in html
    assert inline_problems(page) == [] and "javascript:" not in html
    assert page["Cache-Control"].startswith("max-age=0")
    assert page.context["qr_code"].count("<path") == 1

    response = client.post(SETUP, {"otp_token": code_for(device), "next": "/admin/"})
    # The app is set up and the session verified; the backup codes are shown, once.
    assert response.status_code == 200
    assert "Your authenticator app is set up" in response.content.decode()
    assert '<a class="govuk-button" data-module="govuk-button" href="/admin/">' in (
        response.content.decode()
    )
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200


def test_the_secret_stays_the_same_until_the_app_is_confirmed(client, officer):
    client.force_login(officer)
    first = client.get(SETUP).context["secret"]
    assert client.get(SETUP).context["secret"] == first
    assert TOTPDevice.objects.filter(user=officer).count() == 1


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Enter the 6-digit code from your authenticator app"),
        ("12345", "The code must be 6 digits, like 123456"),
        ("12345a", "The code must be 6 digits, like 123456"),
        ("wrong", "The code must be 6 digits, like 123456"),
    ],
)
def test_enrolment_explains_a_malformed_code(client, officer, code, message):
    client.force_login(officer)
    client.get(SETUP)
    response = client.post(SETUP, {"otp_token": code})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Set up your authenticator app – boardportal</title>" in html
    assert f'<a href="#id_otp_token">{message}</a>' in html
    assert not TOTPDevice.objects.get(user=officer).confirmed
    assert client.get("/admin/").status_code == 302


def test_enrolment_refuses_a_wrong_code(client, officer):
    client.force_login(officer)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=officer)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(SETUP, {"otp_token": wrong})
    assert "The code is not right, or it has expired" in response.content.decode()
    assert not TOTPDevice.objects.get(user=officer).confirmed
    assert client.get("/admin/").status_code == 302


def test_a_posted_key_does_not_replace_the_one_shown(client, officer):
    # Only the code is read from the form: an attacker's own key is ignored.
    client.force_login(officer)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=officer)
    attacker = TOTPDevice(user=officer, key="00" * 20)
    response = client.post(
        SETUP, {"otp_token": code_for(attacker), "key": attacker.key, "confirmed": "on"}
    )
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.key != attacker.key and not device.confirmed


def test_someone_with_only_the_password_cannot_enrol_a_second_app(client, officer):
    f.TOTPDeviceFactory(user=officer)
    client.force_login(officer)
    response = client.get(f"{SETUP}?next=/admin/")
    assert response.status_code == 302
    assert response.url == f"{VERIFY}?next=%2Fadmin%2F"
    response = client.post(SETUP, {"otp_token": "123456"})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=officer).count() == 1


# --- A code at each sign-in ----------------------------------------------------------


def test_sign_in_with_an_app_asks_for_its_code(client, officer):
    device = f.TOTPDeviceFactory(user=officer)
    response = sign_in(client, "officer", "/admin/programmes/")
    assert response.url == f"{VERIFY}?next=%2Fadmin%2Fprogrammes%2F"
    page = client.get(response.url)
    assert "Enter the code from your authenticator app" in page.content.decode()
    assert client.get("/admin/").status_code == 302

    response = client.post(VERIFY, {"otp_token": code_for(device), "next": "/admin/programmes/"})
    assert response.status_code == 302
    assert response.url == "/admin/programmes/"
    assert client.get("/admin/").status_code == 200
    # Already verified: the page just moves on.
    assert client.get(f"{VERIFY}?next=/admin/").url == "/admin/"


def test_signing_in_again_asks_for_a_code_again(client, officer):
    verified_login(client, officer)
    assert client.get("/admin/").status_code == 200
    response = sign_in(client, "officer")
    assert response.url == f"{VERIFY}?next=%2Fadmin%2F"
    assert client.get("/admin/").status_code == 302


def test_verifying_changes_the_session_key(client, officer):
    device = f.TOTPDeviceFactory(user=officer)
    sign_in(client, "officer")
    before = client.cookies["sessionid"].value
    client.post(VERIFY, {"otp_token": code_for(device)})
    assert client.cookies["sessionid"].value != before


def test_a_wrong_code_is_refused(client, officer):
    device = f.TOTPDeviceFactory(user=officer)
    sign_in(client, "officer")
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"otp_token": wrong})
    assert response.status_code == 200
    assert "The code is not right, or it has expired" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_code_works_once(client, officer):
    device = f.TOTPDeviceFactory(user=officer)
    code = code_for(device)
    sign_in(client, "officer")
    assert client.post(VERIFY, {"otp_token": code}).status_code == 302
    client.post("/accounts/logout/")
    sign_in(client, "officer")
    response = client.post(VERIFY, {"otp_token": code})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_guessing_codes_is_slowed_down(client, officer):
    device = f.TOTPDeviceFactory(user=officer)
    for _ in range(3):  # three wrong codes just now: the next try must wait 4 seconds
        device.throttle_increment()
    sign_in(client, "officer")
    response = client.post(VERIFY, {"otp_token": code_for(device)})
    assert "Too many wrong codes" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_the_next_address_must_stay_on_the_site(client, officer):
    device = f.TOTPDeviceFactory(user=officer)
    sign_in(client, "officer")
    response = client.post(
        VERIFY, {"otp_token": code_for(device), "next": "https://evil.example/admin/"}
    )
    assert response.url == "/admin/"


# --- Who has the two-factor step -----------------------------------------------------


def test_board_members_sign_in_with_a_password_only(client):
    f.UserFactory(username="member")
    response = sign_in(client, "member", "/plan/2013-14/")
    assert response.status_code == 302
    assert response.url == "/plan/2013-14/"
    assert client.get(SETUP).status_code == 403
    assert client.get(VERIFY).status_code == 403
    assert not TOTPDevice.objects.exists()


def test_a_board_member_is_told_the_admin_is_not_for_them(client):
    client.force_login(f.UserFactory())
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 403
    assert "this page is not open to your account" in response.content.decode()


def test_the_two_factor_pages_need_a_signed_in_user(client):
    for url in (SETUP, VERIFY):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == f"/accounts/login/?next={url}"


def test_codes_a_step_early_or_late_are_accepted(client, officer):
    # Phones' clocks drift: the code of the step before or after now is accepted.
    device = f.TOTPDeviceFactory(user=officer)
    sign_in(client, "officer")
    response = client.post(VERIFY, {"otp_token": code_for(device, offset_steps=-1)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


# --- Backup codes --------------------------------------------------------------------

CODES = "/accounts/two-factor/backup-codes/"


def codes_on(response) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", response.content.decode())


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def a_minute_later(user) -> None:
    """As if the wait after a wrong code had passed."""
    for device in StaticDevice.objects.filter(user=user):
        device.throttle_reset()


def enrol(client, user) -> list[str]:
    """Set up an app for a signed-in user; the backup codes the page shows."""
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"otp_token": code_for(device), "next": "/admin/"})
    assert response.status_code == 200
    return codes_on(response)


def test_enrolment_shows_ten_backup_codes_once(client, officer):
    sign_in(client, "officer")
    codes = enrol(client, officer)
    assert len(codes) == len(set(codes)) == 10
    assert StaticToken.objects.filter(device__user=officer).count() == 10
    # Only the owner ever sees them: stored as they are typed, shown by no other page.
    page = client.get(CODES)
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0")
    assert "You have <strong>10</strong> unused backup codes." in page.content.decode()
    assert codes_on(page) == []
    assert not any(code in page.content.decode() for code in codes)


def test_the_codes_page_advises_storing_them_safely(client, officer):
    sign_in(client, "officer")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=officer)
    response = client.post(SETUP, {"otp_token": code_for(device)})
    html = response.content.decode()
    assert "This is the only time you will see these codes" in html
    assert "in a password manager, or printed and kept somewhere locked" in html
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize("typed", ["{code}", "{bare}", "{upper}", " {spaced} "])
def test_a_backup_code_opens_the_admin_instead_of_the_apps_code(client, officer, typed):
    f.TOTPDeviceFactory(user=officer)
    code = backup_codes_make(user=officer)[3]
    bare = code.replace("-", "")
    sign_in(client, "officer", "/admin/programmes/")
    entry = typed.format(code=code, bare=bare, upper=code.upper(), spaced=f"{bare[:4]} {bare[4:]}")
    response = client.post(VERIFY, {"otp_token": entry, "next": "/admin/programmes/"})
    assert response.status_code == 302
    assert response.url == "/admin/programmes/"
    page = client.get("/admin/")
    assert page.status_code == 200
    assert shown_messages(page) == [
        "You signed in with a backup code. You have 9 backup codes left."
    ]
    assert backup_codes_left(officer) == 9


def test_each_backup_code_works_once(client, officer):
    f.TOTPDeviceFactory(user=officer)
    first, second = backup_codes_make(user=officer, count=2)
    sign_in(client, "officer")
    assert client.post(VERIFY, {"otp_token": first}).status_code == 302
    client.post("/accounts/logout/")

    sign_in(client, "officer")
    response = client.post(VERIFY, {"otp_token": first})
    assert response.status_code == 200
    assert "That backup code is not right, or it has been used" in response.content.decode()
    assert client.get("/admin/").status_code == 302
    assert backup_codes_left(officer) == 1

    a_minute_later(officer)
    assert client.post(VERIFY, {"otp_token": second}).status_code == 302
    assert backup_codes_left(officer) == 0


def test_a_wrong_backup_code_is_refused_and_slows_further_tries(client, officer):
    f.TOTPDeviceFactory(user=officer)
    (code,) = backup_codes_make(user=officer, count=1)
    sign_in(client, "officer")
    response = client.post(VERIFY, {"otp_token": "aaaa-aaaa"})
    assert "That backup code is not right, or it has been used" in response.content.decode()
    # The wrong code was counted: the right one must now wait.
    response = client.post(VERIFY, {"otp_token": code})
    assert "Too many wrong codes. Wait a minute, then try again" in response.content.decode()
    assert client.get("/admin/").status_code == 302
    assert backup_codes_left(officer) == 1


def test_the_code_page_explains_what_it_accepts(client, officer):
    f.TOTPDeviceFactory(user=officer)
    sign_in(client, "officer")
    html = client.post(VERIFY, {"otp_token": "12345"}).content.decode()
    assert "Enter the 6 digits your app shows, like 123456, or a backup code" in html
    html = client.post(VERIFY, {"otp_token": "abcd-efgh"}).content.decode()
    assert "You have no backup codes left. Enter the code from your app" in html
    assert "If you have lost your phone" in html


def test_a_new_set_replaces_the_old_one(client, officer):
    old = backup_codes_make(user=officer)
    verified_login(client, officer)
    response = client.post(CODES)
    assert response.status_code == 200
    new = codes_on(response)
    assert len(new) == 10 and not set(new) & set(old)
    assert "Your old backup codes no longer work." in response.content.decode()
    assert backup_codes_left(officer) == 10
    # The session stays verified; an old code no longer signs in, a new one does.
    assert client.get("/admin/").status_code == 200
    client.post("/accounts/logout/")
    sign_in(client, "officer")
    assert client.post(VERIFY, {"otp_token": old[0]}).status_code == 200
    a_minute_later(officer)
    assert client.post(VERIFY, {"otp_token": new[0]}).status_code == 302


def test_the_codes_page_needs_a_verified_session(client, officer):
    f.TOTPDeviceFactory(user=officer)
    backup_codes_make(user=officer)
    client.force_login(officer)
    response = client.get(CODES)
    assert response.status_code == 302
    assert response.url == f"{VERIFY}?next=%2Faccounts%2Ftwo-factor%2Fbackup-codes%2F"
    response = client.post(CODES)
    assert response.status_code == 302
    assert backup_codes_left(officer) == 10


def test_board_members_have_no_backup_codes(client):
    client.force_login(f.UserFactory())
    assert client.get(CODES).status_code == 403
    assert client.post(CODES).status_code == 403
    assert not StaticToken.objects.exists()


def test_only_a_password_cannot_set_up_an_app_over_backup_codes(client, officer):
    backup_codes_make(user=officer)
    client.force_login(officer)
    response = client.get(f"{SETUP}?next=/admin/")
    assert response.status_code == 302
    assert response.url == f"{VERIFY}?next=%2Fadmin%2F"
    assert not TOTPDevice.objects.filter(user=officer).exists()


def test_after_a_backup_code_a_new_phone_replaces_the_lost_one(client, officer):
    lost = f.TOTPDeviceFactory(user=officer)
    (code,) = backup_codes_make(user=officer, count=1)
    sign_in(client, "officer")
    assert client.post(VERIFY, {"otp_token": code}).status_code == 302
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "the app you set up before stops working" in page.content.decode()
    codes = enrol(client, officer)
    assert len(codes) == 10
    assert not TOTPDevice.objects.filter(pk=lost.pk).exists()
    assert TOTPDevice.objects.get(user=officer).confirmed
    assert client.get("/admin/").status_code == 200


def test_removing_an_app_in_the_admin_removes_the_backup_codes(admin_client, officer):
    device = f.TOTPDeviceFactory(user=officer)
    backup_codes_make(user=officer)
    url = f"/admin/otp_totp/totpdevice/{device.pk}/delete/"
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert backup_codes_left(officer) == 0
    # At the next sign-in the officer sets up an app again.
    client = Client()
    assert sign_in(client, "officer").url == f"{SETUP}?next=%2Fadmin%2F"


def test_backup_codes_have_no_admin_page(admin_client):
    assert StaticDevice not in admin.site._registry
    assert admin_client.get("/admin/otp_static/staticdevice/").status_code == 404


def printed(out: str, label: str) -> str:
    return out.split(f"{label}: ")[1].split()[0]


def test_demo_admin_prints_a_backup_code_that_opens_the_admin(client):
    out = StringIO()
    call_command("demo_admin", stdout=out)
    password, code = printed(out.getvalue(), "password"), printed(out.getvalue(), "backup code")
    assert "enter the backup code. It opens the admin once." in out.getvalue()
    response = client.post(
        "/accounts/login/?next=/admin/", {"username": "admin", "password": password}
    )
    assert response.url == f"{VERIFY}?next=%2Fadmin%2F"
    page = client.get(response.url)
    assert '<h1 class="govuk-heading-l">Enter a backup code</h1>' in page.content.decode()
    response = client.post(VERIFY, {"otp_token": code, "next": "/admin/"})
    assert response.url == "/admin/"
    page = client.get("/admin/")
    assert page.status_code == 200
    assert shown_messages(page) == [
        "You signed in with a backup code. You have 0 backup codes left. Set up an "
        "authenticator app now, so that you can sign in again: go to "
        "/accounts/two-factor/backup-codes/."
    ]
    # Then the demo administrator can set up an app.
    assert client.get(SETUP).status_code == 200


def test_demo_admin_reset_prints_a_new_backup_code(client):
    call_command("demo_admin", stdout=StringIO())
    user = get_user_model().objects.get(username="admin")
    old = backup_codes_make(user=user, count=1)[0]
    out = StringIO()
    call_command("demo_admin", "--reset-two-factor", stdout=out)
    code = printed(out.getvalue(), "backup code")
    assert code != old and backup_codes_left(user) == 1
    user.set_password(PASSWORD)
    user.save()
    sign_in(client, "admin")
    assert client.post(VERIFY, {"otp_token": old}).status_code == 200
    a_minute_later(user)
    assert client.post(VERIFY, {"otp_token": code}).status_code == 302
