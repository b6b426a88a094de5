"""Security headers on every page type: Content-Security-Policy, HSTS, nosniff,
Referrer-Policy, framing, the request id; cookie flags; the redirect to HTTPS."""

import base64
import hashlib
import re

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import Client

from meetings.models import AgendaItem, Meeting, Member
from priorities.models import PlanYear, Priority, Theme
from programmes.models import Council, Programme
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ONE_YEAR = 365 * 24 * 60 * 60


@pytest.fixture
def demo(db):
    call_command("load_board_papers", verbosity=0)


def page_types() -> dict[str, tuple[str, int | tuple[int, ...]]]:
    """One address of every kind of page and download, with the status it answers."""
    plan_year = PlanYear.objects.get(label="2012/13")
    programme = Programme.objects.filter(progress_updates__isnull=False).first()
    meeting = Meeting.objects.annotate(n=Count("agenda_items")).filter(n__gt=0).first()
    return {
        "home": ("/", 200),
        "plan year": (plan_year.get_absolute_url(), 200),
        "priority": (Priority.objects.filter(plan_year=plan_year).first().get_absolute_url(), 200),
        "programme": (programme.get_absolute_url(), 200),
        "programmes": ("/programmes/?rag=red&sort=name", 200),
        "programmes CSV": ("/programmes/export.csv", 200),
        "themes": ("/themes/", 200),
        "theme": (Theme.objects.first().get_absolute_url(), 200),
        "councils": ("/councils/", 200),
        "council": (Council.objects.first().get_absolute_url(), 200),
        "meetings": ("/meetings/", 200),
        "meeting": (meeting.get_absolute_url(), 200),
        "agenda item": (AgendaItem.objects.first().get_absolute_url(), 200),
        "members": ("/members/", 200),
        "member": (Member.objects.first().get_absolute_url(), 200),
        "search": ("/search/?q=peer", 200),
        "reports": ("/reports/", 200),
        "report download": ("/reports/2012-13/overview/q3.csv", 200),
        "accessibility": ("/accessibility/", 200),
        "sign in": ("/accounts/login/", 200),
        # The admin's own sign-in page, or a redirect to the portal's, with its second factor.
        "admin sign in": ("/admin/login/", (200, 302)),
        "health": ("/healthz", 200),
        "not found": ("/no-such-page/", 404),
        "bad request": ("/?as_at=not-a-date", 400),
        "method not allowed": ("/programmes/", 405),
    }


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def header_problems(response) -> list[str]:
    problems = []
    if "Content-Security-Policy" not in response:
        return ["no Content-Security-Policy"]
    csp = csp_directives(response)
    expected = {
        "default-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
    for name, values in expected.items():
        if csp.get(name) != values:
            problems.append(f"{name} is {csp.get(name)}")
    for name in ("script-src", "style-src"):
        if csp.get(name, [""])[0] != "'self'" or any(
            value in csp[name] for value in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:")
        ):
            problems.append(f"{name} is {csp.get(name)}")
    wanted = {
        "Strict-Transport-Security": f"max-age={ONE_YEAR}; includeSubDomains",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    for name, value in wanted.items():
        if response.get(name) != value:
            problems.append(f"{name} is {response.get(name)!r}")
    if not re.fullmatch(r"[0-9a-f]{32}", response.get("X-Request-ID", "")):
        problems.append(f"X-Request-ID is {response.get('X-Request-ID')!r}")
    return problems


def test_every_page_type_carries_the_security_headers(demo, client):
    client.raise_request_exception = False
    failures = {}
    for name, (url, status) in page_types().items():
        method = client.post if name == "method not allowed" else client.get
        response = method(url, secure=True)
        problems = header_problems(response)
        if response.status_code not in (status if isinstance(status, tuple) else (status,)):
            problems.append(f"status {response.status_code}")
        if problems:
            failures[name] = problems
    assert failures == {}


def test_admin_pages_carry_the_same_policy(admin_client):
    for url in ("/admin/", "/admin/programmes/programme/", "/admin/programmes/programme/add/"):
        response = admin_client.get(url, secure=True)
        assert response.status_code == 200, url
        assert header_problems(response) == [], url


def inline_problems(response) -> list[str]:
    """Inline script or style the response's policy would block: a <script> without
    src (and whose text's hash script-src does not name) or <style> without the nonce,
    an on...="" handler, a style="" attribute whose hash the policy does not name."""
    html = response.content.decode()
    csp = csp_directives(response)
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    problems = []
    for element in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b[^>]*>", html, re.I):
        if not nonce or f'nonce="{nonce.group(1)}"' not in element:
            problems.append(element)
    for text in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.I | re.S):
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        if f"'sha256-{digest}'" in csp.get("script-src", []):
            problems.remove("<script>")  # allowed by its hash, not a nonce
    problems += re.findall(r"\son[a-z]+=\"[^\"]*\"", html, re.I)
    allowed = csp.get("style-src-attr", [])
    for style in re.findall(r"\sstyle=\"([^\"]*)\"", html, re.I):
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        if "'unsafe-hashes'" not in allowed or f"'sha256-{digest}'" not in allowed:
            problems.append(f'style="{style}"')
    return problems


def test_no_inline_script_or_style_that_the_policy_blocks(demo, client, admin_client):
    pages = {name: url for name, (url, status) in page_types().items() if status != 405}
    for download in ("programmes CSV", "report download", "health"):
        pages.pop(download)
    programme = Programme.objects.first()
    admin_pages = [
        "/admin/",
        "/admin/reports/",
        "/admin/programmes/programme/",
        "/admin/programmes/programme/add/",
        f"/admin/programmes/programme/{programme.pk}/change/",
        f"/admin/programmes/programme/{programme.pk}/history/",
    ]
    found = {}
    for name, url in pages.items():
        if problems := inline_problems(client.get(url, follow=True)):
            found[name] = problems
    for url in admin_pages:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        if problems := inline_problems(response):
            found[url] = problems
    assert found == {}


def test_only_the_admin_has_the_style_attribute_exception(client):
    public = csp_directives(client.get("/healthz"))
    admin = csp_directives(client.get("/admin/login/"))
    assert "style-src-attr" not in public
    assert admin["style-src-attr"] == [
        "'unsafe-hashes'",
        # sha256 of `border-top: 0`, on django-simple-history's history page.
        "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='",
    ]


def test_hsts_only_over_https(client):
    # Browsers ignore HSTS over plain http, and Django only sends it over HTTPS.
    assert "Strict-Transport-Security" not in client.get("/healthz")
    assert "Strict-Transport-Security" in client.get("/healthz", secure=True)


def test_plain_http_is_redirected_to_https(settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()  # loads the middleware, and so the setting, on its first request
    response = client.get("/themes/?as_at=2012-12-31")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/themes/?as_at=2012-12-31"
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert "Content-Security-Policy" in response
    assert client.get("/themes/", secure=True).status_code == 200
    # A load balancer checks health inside the network, over plain http.
    assert client.get("/healthz").status_code == 200


def test_https_behind_a_proxy(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client = Client()
    response = client.get("/themes/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == f"max-age={ONE_YEAR}; includeSubDomains"
    assert client.get("/themes/", headers={"X-Forwarded-Proto": "http"}).status_code == 301


def test_csrf_cookie_flags(client):
    response = client.get("/accounts/login/", secure=True)
    cookie = response.cookies["csrftoken"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_session_cookie_flags(client):
    UserFactory(username="member", password="a long enough password")
    response = client.post(
        "/accounts/login/",
        {"username": "member", "password": "a long enough password"},
        secure=True,
    )
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_cookie_and_https_settings_follow_the_environment(settings):
    # With DEBUG off (as the tests run) cookies are Secure; see test_deploy_check for
    # the settings with DEBUG on and off in a fresh process.
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.CSRF_COOKIE_SECURE is True
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000


def test_no_server_banner(client):
    # Django sends no Server header; gunicorn's own is documented in SECURITY.md.
    response = client.get("/healthz")
    assert "Server" not in response
    assert "X-Powered-By" not in response
