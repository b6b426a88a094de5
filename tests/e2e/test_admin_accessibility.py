"""The officers' admin in Chromium, signed in through the real sign-in and second-factor
pages as the demo's officer and administrator (`manage.py demo_admin` on the board
papers): one page of each admin page type passes axe-core (WCAG 2.2 A and AA, light and
dark themes), the Nu HTML Checker on the HTML as served, and reflows at 320 CSS px
without the page scrolling sideways. Any finding fails. The quarterly cycle's own
screens are checked the same way in test_cycle_screens.py.

BOARDPORTAL_ADMIN_EVERY_PAGE=1 checks every registered model's list, add and change
page as well (about 90 pages, a few minutes): the figures in the accessibility statement
come from that run."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from boardportal.second_factor import backup_codes_make
from meetings.models import AgendaItem, Meeting, Paragraph
from priorities.models import Officer
from programmes.models import Programme

from .checks import axe_violations, nu_messages, scrolls_sideways, settled

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long enough password for the demo"
EVERY_PAGE = os.environ.get("BOARDPORTAL_ADMIN_EVERY_PAGE") == "1"


@pytest.fixture
def demo(db):
    """The board papers and the demo's people, with a password and a backup code each."""
    call_command("load_board_papers", verbosity=0, stdout=StringIO())
    call_command("demo_admin", stdout=StringIO())
    codes = {}
    for user in get_user_model().objects.filter(username__in=["admin", "officer"]):
        user.set_password(PASSWORD)
        user.save()
        codes[user.username] = backup_codes_make(user=user, count=2)
    return codes


@dataclass
class Admin:
    """Opens pages in one signed-in browser context per person and records what each
    check finds: (page, check, rule or message) -> details."""

    browser: object
    base_url: str
    artifacts: Path
    found: dict = field(default_factory=dict)
    console: list = field(default_factory=list)
    saved: list = field(default_factory=list)
    checked: list = field(default_factory=list)
    contexts: list = field(default_factory=list)

    def new_page(self):
        context = self.browser.new_context(viewport={"width": 1280, "height": 900})
        self.contexts.append(context)
        page = context.new_page()

        def console(message):
            # The admin links no icon: the browser's guess at /favicon.ico is a 404.
            source = message.location["url"]
            if message.type == "error" and source and not source.endswith("/favicon.ico"):
                self.console.append(f"{page.url}: {message.text}")

        page.on("console", console)
        page.on("pageerror", lambda error: self.console.append(f"{page.url}: {error}"))
        return page

    def sign_in(self, username: str, code: str, *, check: bool = False):
        """Through the sign-in page and the backup-code page, as a person would."""
        page = self.new_page()
        self.open(page, "sign-in", "/accounts/login/?next=/admin/", check=check)
        page.get_by_label("Username").fill(username)
        page.locator("#id_password").fill(PASSWORD)
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Sign in").click()
        if check:
            self.check(page, "second-factor-verify", navigation.value)
            page.get_by_label("Code").fill("wrong-code")
            self.submit(page, "second-factor-error", "Continue")
        page.get_by_label("Code").fill(code)
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url("**/admin/")
        return page

    def open(self, page, name: str, path: str, *, check: bool = True):
        response = page.goto(self.base_url + path)
        return self.check(page, name, response) if check else response

    def submit(self, page, name: str, button: str):
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name=button, exact=True).click()
        return self.check(page, name, navigation.value)

    def check(self, page, name: str, response):
        assert response.status == 200, (name, response.status, page.url)
        self.checked.append(name)
        html_file = self.artifacts / "html" / f"admin-{name}.html"
        html_file.write_text(response.text())  # as served, before any script ran
        self.saved.append(str(html_file))
        page.wait_for_load_state("load")
        for scheme, check in (("light", "axe"), ("dark", "axe dark")):
            page.emulate_media(color_scheme=scheme)
            settled(page)
            for violation in axe_violations(page):
                nodes = violation["nodes"]
                self.found[name, check, violation["id"]] = (
                    f"{violation['impact']}, {len(nodes)}: {violation['help']} at "
                    f"{[node['target'] for node in nodes][:4]}: {nodes[0]['failureSummary']}"
                )
        page.emulate_media(color_scheme="light")
        settled(page)
        if overflow := scrolls_sideways(page):
            self.found[name, "320px", "scrolls sideways"] = overflow
        return response

    def check_html(self) -> None:
        for m in nu_messages(self.saved):
            page = Path(m.get("url", "")).stem.removeprefix("admin-")
            line = f"line {m.get('lastLine')}: {m.get('extract', '').strip()}"
            self.found.setdefault((page, "nu", m["message"]), line)

    def findings(self) -> dict:
        return {" | ".join(key): detail for key, detail in sorted(self.found.items())}


@pytest.fixture
def admin_pages(browser, live_server, artifacts):
    pages = Admin(browser=browser, base_url=live_server.url, artifacts=artifacts)
    yield pages
    for context in pages.contexts:
        context.close()


def every_model_page(pages: Admin, page) -> None:
    """Each registered model's list, add and (first listed record's) change page."""
    for model in admin.site._registry:
        opts = model._meta
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        name = f"{opts.app_label}-{opts.model_name}"
        pages.open(page, f"{name}-list", base)
        first = page.locator("#result_list tbody th a, #result_list tbody td a").first
        change = first.get_attribute("href") if first.count() else None
        if page.locator(".object-tools a.addlink").count():
            pages.open(page, f"{name}-add", base + "add/")
        if change:
            pages.open(page, f"{name}-change", change)


def test_one_page_of_each_admin_type_is_accessible_and_valid(demo, admin_pages, artifacts):
    pages = admin_pages
    programme = Programme.objects.filter(progress_updates__isnull=False).order_by("pk").first()
    meeting = Meeting.objects.filter(actions__isnull=False).order_by("pk").first()
    item = AgendaItem.objects.filter(paragraphs__isnull=False).order_by("pk").first()
    paragraph = Paragraph.objects.order_by("pk").first()
    officer_user = get_user_model().objects.get(username="officer")
    led = Programme.objects.filter(lead_officer=Officer.objects.get(user=officer_user)).first()

    # The administrator: the sign-in and second-factor pages on the way in.
    page = pages.sign_in("admin", demo["admin"][0], check=True)
    pages.open(page, "index", "/admin/")
    pages.open(page, "app-index", "/admin/programmes/")
    # Each app's own page lists that app's models, not the front page's panels.
    expect(page.locator("#reports-module")).to_have_count(0)
    expect(page.locator("#people-module")).to_have_count(0)
    pages.open(page, "changelist-filtered", "/admin/programmes/programme/?o=1")
    pages.open(page, "changelist-paragraphs", "/admin/meetings/paragraph/")
    pages.open(page, "changelist-users", "/admin/auth/user/")
    pages.open(page, "add-action", "/admin/meetings/action/add/")
    pages.open(page, "change-programme", f"/admin/programmes/programme/{programme.pk}/change/")
    pages.open(page, "change-meeting", f"/admin/meetings/meeting/{meeting.pk}/change/")
    pages.open(page, "change-agenda-item", f"/admin/meetings/agendaitem/{item.pk}/change/")
    pages.open(page, "change-paragraph", f"/admin/meetings/paragraph/{paragraph.pk}/change/")
    pages.open(page, "change-user", f"/admin/auth/user/{officer_user.pk}/change/")
    pages.open(page, "change-group", "/admin/auth/group/1/change/")
    pages.open(page, "add-totp-device", "/admin/otp_totp/totpdevice/add/")
    history = f"/admin/programmes/programme/{programme.pk}/history/"
    pages.open(page, "history", history)
    version = page.locator("#change-history a[href*='/history/']").first.get_attribute("href")
    pages.open(page, "history-version", version)
    pages.open(page, "delete", f"/admin/programmes/programme/{programme.pk}/delete/")
    pages.open(page, "password-change", "/admin/password_change/")
    pages.open(page, "reports", "/admin/reports/")
    pages.open(page, "second-factor-setup", "/accounts/two-factor/setup/")
    pages.open(page, "backup-codes", "/accounts/two-factor/backup-codes/")
    if EVERY_PAGE:
        every_model_page(pages, page)

    # The officer: the screens an officer's quarter goes through.
    page = pages.sign_in("officer", demo["officer"][0])
    pages.open(page, "index-officer", "/admin/")
    pages.open(page, "my-quarter-officer", "/admin/cycle/")
    pages.open(page, "quarterly-update-officer", f"/admin/cycle/programme/{led.pk}/")
    pages.open(page, "changelist-officer", "/admin/programmes/programme/")

    pages.check_html()
    findings = pages.findings()
    (artifacts / "admin-findings.json").write_text(
        json.dumps({"pages": len(pages.checked), "findings": findings}, indent=2)
    )
    assert findings == {}
    assert pages.console == []
