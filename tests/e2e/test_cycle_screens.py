"""The quarterly cycle's admin screens in Chromium: each one, signed in as whoever uses
it, passes axe-core (WCAG 2.2 A and AA, the tags the public pages are checked with) and
the Nu HTML Checker on the HTML as served, logs no console error (the CSP blocks
nothing), and does not scroll sideways at 320 px wide (a wide table scrolls inside its
own region instead). The quarterly form's character count updates as you type.

The dataset: the 2012/13 Q3 round open (Q2 closed and signed off); Ann leads "Peer
challenge" (an indicator with a target, a milestone due in the quarter, last quarter's
published update, nothing yet this quarter) and "Care and health" (a draft returned to
her); Bob's "LG Inform" has a draft that differs from last quarter's, and his
"Workforce" is published; Ann owns an overdue and an open action. The Secretariat
reviews, signs off and unpublishes; an administrator reopens and edits rounds."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from playwright.sync_api import expect

from core.rag import Rag
from programmes.rounds import round_close, round_open
from programmes.services import progress_update_return
from tests import factories as f
from tests.conftest import verified_login

from .checks import AXE, NARROW, WCAG_TAGS, nu_messages, settled, widest

pytestmark = pytest.mark.django_db(transaction=True)

WIDE = 1280

# Findings that come from markup these screens share with the whole admin, left to the
# piece of work that covers it: (page, check, rule or message) -> the cause. Each is
# reported as a warning while it lasts, and one that no longer occurs fails the test, so
# that this list only shrinks. Anything else found fails the test. Empty: the admin's
# breadcrumbs and its hidden `version` field are fixed for every page (templates/admin/,
# static/admin/boardportal.css; tests/e2e/test_admin_accessibility.py).
KNOWN: dict[tuple[str, str, str], str] = {}


def person(group: str, username: str, officer=None):
    user = f.UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    if officer is not None:
        officer.user = user
        officer.save()
    return user


@pytest.fixture
def cycle():
    plan_year = f.PlanYearFactory(label="2012/13")
    ann, bob = f.OfficerFactory(name="Ann Lead"), f.OfficerFactory(name="Bob Lead")
    peer = f.ProgrammeFactory(name="Peer challenge", lead_officer=ann)
    care = f.ProgrammeFactory(name="Care and health improvement", lead_officer=ann)
    inform = f.ProgrammeFactory(name="LG Inform", lead_officer=bob)
    workforce = f.ProgrammeFactory(name="Workforce", lead_officer=bob)
    indicator = f.IndicatorFactory(programme=peer, name="Peer challenges delivered")
    milestone = f.MilestoneFactory(
        programme=peer, title="Ten-year plan", due_on=date(2012, 11, 30), completed_on=None
    )
    for programme, author in ((peer, ann), (care, ann), (inform, bob), (workforce, bob)):
        f.ProgressUpdateFactory(
            programme=programme,
            as_at=date(2012, 9, 30),
            rag=Rag.GREEN,
            author=author,
            headline="Thirty councils use it every week",
            narrative="Take-up grew over the summer. Two regions joined.",
            next_steps="Launch the new reports in the autumn.",
        )
    f.ProgressUpdateFactory(
        programme=inform,
        as_at=date(2012, 12, 31),
        rag=Rag.AMBER,
        draft=True,
        author=bob,
        headline="Forty councils use it every week",
        narrative="Take-up grew over the autumn. Three regions joined; one left.",
    )
    published = f.ProgressUpdateFactory(
        programme=workforce, as_at=date(2012, 12, 31), rag=Rag.GREEN, author=bob
    )
    returned = f.ProgressUpdateFactory(
        programme=care, as_at=date(2012, 12, 31), rag=Rag.AMBER, draft=True, author=ann
    )
    f.ActionFactory(owner=ann, description="Bring the peer challenge paper")
    f.ActionFactory(owner=ann, description="Report on take-up", due_on=date(2099, 1, 31))

    secretary = person("Secretariat", "sec")
    administrator = person("Administrators", "administrator")
    progress_update_return(update=returned, user=secretary, comment="Add the figures")
    closed = round_open(
        plan_year=plan_year, quarter=2, deadline=date(2012, 10, 19), opened_on=date(2012, 9, 3)
    )
    round_close(round=closed, user=secretary, files=[("csv", "q2.csv", b"a,b\n")])
    round = round_open(
        plan_year=plan_year, quarter=3, deadline=date(2013, 1, 18), opened_on=date(2012, 12, 3)
    )
    return {
        "round": round,
        "closed": closed,
        "peer": peer,
        "care": care,
        "indicator": indicator,
        "milestone": milestone,
        "published": published,
        "officer": person("Officers", "ann", officer=ann),
        "secretary": secretary,
        "administrator": administrator,
    }


@dataclass
class Screens:
    """Signs people in, opens the screens and records what each check finds."""

    browser: object
    base_url: str
    artifacts: Path
    found: dict = field(default_factory=dict)  # (page, check, rule) -> details
    console: list = field(default_factory=list)
    contexts: list = field(default_factory=list)
    saved: list = field(default_factory=list)

    def sign_in(self, user):
        """A browser context with `user`'s session, verified with a second factor."""
        client = verified_login(Client(), user)
        context = self.browser.new_context(viewport={"width": WIDE, "height": 900})
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": self.base_url,
                }
            ]
        )
        self.contexts.append(context)
        page = context.new_page()

        def console(message):
            # The admin links no icon: the browser's guess at /favicon.ico is a 404. And
            # axe's own copy of the style sheets (a <style> it adds to read them, which
            # the policy rightly blocks) is logged from the evaluated script, no URL.
            source = message.location["url"]
            if message.type == "error" and source and not source.endswith("/favicon.ico"):
                self.console.append(f"{page.url}: {message.text}")

        page.on("console", console)
        page.on("pageerror", lambda error: self.console.append(f"{page.url}: {error}"))
        return page

    def open(self, page, name: str, path: str, status: int = 200):
        return self.check(page, name, page.goto(self.base_url + path), status)

    def submit(self, page, name: str, button: str, status: int = 200):
        """Press a button that posts a form, and check the page the post returns."""
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name=button, exact=True).click()
        return self.check(page, name, navigation.value, status)

    def check(self, page, name: str, response, status: int = 200):
        assert response.status == status, (name, response.status, page.url)
        assert response.request.redirected_from is None, (name, "redirected to", page.url)
        html_file = self.artifacts / "html" / f"cycle-{name}.html"
        html_file.write_text(response.text())  # as served, before any script ran
        self.saved.append(str(html_file))

        page.evaluate(AXE.read_text())
        # In the admin's light and dark themes (it follows the system's preference).
        for scheme, check in (("light", "axe"), ("dark", "axe dark")):
            page.emulate_media(color_scheme=scheme)
            settled(page)  # the admin's links fade to their new colour
            result = page.evaluate(
                "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
            )
            for violation in result["violations"]:
                nodes = violation["nodes"]
                self.found[name, check, violation["id"]] = (
                    f"{violation['impact']}, {len(nodes)}: {violation['help']} at "
                    f"{[node['target'] for node in nodes][:4]}: {nodes[0]['failureSummary']}"
                )
        page.emulate_media(color_scheme="light")
        settled(page)

        page.set_viewport_size({"width": NARROW, "height": 900})
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > NARROW:
            self.found[name, "320px", "scrolls sideways"] = f"{width}px: {widest(page)}"
        page.screenshot(
            path=str(self.artifacts / "screenshots" / f"cycle-{name}-{NARROW}.png"),
            full_page=True,
        )
        page.set_viewport_size({"width": WIDE, "height": 900})
        return response

    def check_html(self) -> None:
        """One Nu HTML Checker run over every saved page (it refuses localhost URLs)."""
        messages = nu_messages(self.saved)
        for m in messages:
            page = Path(m.get("url", "")).stem.removeprefix("cycle-")
            line = f"line {m.get('lastLine')}: {m.get('extract', '').strip()}"
            self.found.setdefault((page, "nu", m["message"]), line)

    def report(self) -> dict:
        """Fails on anything found beyond KNOWN, or a KNOWN finding that has gone; warns
        of each KNOWN one still there."""
        (self.artifacts / "cycle-findings.json").write_text(
            json.dumps({" | ".join(key): detail for key, detail in self.found.items()}, indent=2)
        )
        for key in sorted(set(self.found) & set(KNOWN)):
            message = f"Left for the whole admin: {' | '.join(key)}: {KNOWN[key]}"
            warnings.warn(message, stacklevel=2)
        return {
            "new": {" | ".join(k): v for k, v in self.found.items() if k not in KNOWN},
            "gone from KNOWN": [" | ".join(k) for k in KNOWN if k not in self.found],
            "console": self.console,
        }


@pytest.fixture
def screens(browser, live_server, artifacts):
    screens = Screens(browser=browser, base_url=live_server.url, artifacts=artifacts)
    yield screens
    for context in screens.contexts:
        context.close()


def test_the_cycle_screens_are_accessible_and_valid(cycle, screens):
    round, closed = cycle["round"], cycle["closed"]
    form = f"/admin/cycle/programme/{cycle['peer'].pk}/"

    officer = screens.sign_in(cycle["officer"])
    screens.open(officer, "index-officer", "/admin/")
    screens.open(officer, "my-quarter-officer", "/admin/cycle/")
    screens.open(officer, "form-empty", form)
    screens.submit(officer, "form-errors", "Save as a draft")  # no status, no headline
    expect(officer.locator("#id_rag_error")).to_be_visible()
    expect(officer.locator("#id_headline_error")).to_be_visible()
    officer.get_by_label("Green", exact=True).check()
    officer.get_by_label("Headline").fill("Ten challenges delivered")
    officer.get_by_label("Peer challenges delivered (count)").fill("10")
    # Well behind the target, with Green chosen: the reason is asked for.
    screens.submit(officer, "form-refused", "Save as a draft")
    expect(officer.locator("#id_override_reason_error")).to_contain_text("Say why")
    officer.get_by_label("Peer challenges delivered (count)").fill("80")
    officer.get_by_label("Ten-year plan: completed on").fill("2012-12-10")
    screens.submit(officer, "form-suggested", "Work out the suggested status")
    assert "Nothing has been saved yet" in officer.locator("#suggestion").inner_text()
    screens.open(officer, "form-returned", f"/admin/cycle/programme/{cycle['care'].pk}/")

    secretary = screens.sign_in(cycle["secretary"])
    screens.open(secretary, "index-secretariat", "/admin/")
    screens.open(secretary, "my-quarter-secretariat", "/admin/cycle/")
    screens.open(secretary, "review", "/admin/cycle/review/")
    assert secretary.locator(".bp-diff del").count() > 0  # the diff shows
    own_page = secretary.locator("a[href^='/admin/cycle/review/']").first.get_attribute("href")
    screens.open(secretary, "review-draft", own_page)
    secretary.goto(screens.base_url + "/admin/cycle/review/")
    for programme in ("LG Inform", "Care and health improvement"):
        secretary.get_by_label(f"Choose the {programme} update").check()
    screens.submit(secretary, "review-confirm", "Publish")
    screens.open(secretary, "sign-off", f"/admin/cycle/round/{round.pk}/sign-off/")
    secretary.goto(screens.base_url + "/admin/programmes/progressupdate/?q=Workforce")
    secretary.locator(f"input[name=_selected_action][value='{cycle['published'].pk}']").check()
    secretary.locator("select[name=action]").select_option("unpublish_selected")
    screens.submit(secretary, "unpublish", "Go")
    # Without a reason (the browser's own check set aside): the error is shown.
    secretary.evaluate("() => { for (const f of document.forms) f.noValidate = true; }")
    screens.submit(secretary, "unpublish-error", "Unpublish 1 update")
    expect(secretary.locator("#unpublish-reason-error")).to_be_visible()

    administrator = screens.sign_in(cycle["administrator"])
    screens.open(administrator, "reopen", f"/admin/cycle/round/{closed.pk}/reopen/")
    screens.submit(administrator, "reopen-error", f"Reopen {closed.label}")  # no reason
    expect(administrator.locator("#reason-error")).to_be_visible()
    screens.open(administrator, "round-add", "/admin/programmes/reportinground/add/")
    screens.open(
        administrator, "round-change", f"/admin/programmes/reportinground/{round.pk}/change/"
    )
    screens.open(
        administrator, "round-closed", f"/admin/programmes/reportinground/{closed.pk}/change/"
    )

    screens.check_html()
    assert screens.report() == {"new": {}, "gone from KNOWN": [], "console": []}


def test_the_character_count_updates_as_you_type(cycle, screens):
    officer = screens.sign_in(cycle["officer"])
    officer.goto(f"{screens.base_url}/admin/cycle/programme/{cycle['peer'].pk}/")
    narrative = officer.get_by_label("What has happened this quarter")
    count = officer.locator("#id_narrative_count")
    expect(count).to_have_text("You have 3,000 characters remaining")
    # Read out with the field's hint when it is focused.
    expect(narrative).to_have_attribute(
        "aria-describedby", "id_narrative_helptext id_narrative_count"
    )
    narrative.press_sequentially("Twelve done.")
    expect(count).to_have_text("You have 2,988 characters remaining")
    officer.keyboard.press("Backspace")
    expect(count).to_have_text("You have 2,989 characters remaining")
    # Said again by the live region once typing pauses.
    announcer = count.locator("xpath=following-sibling::*[@aria-live='polite']")
    expect(announcer).to_have_text("You have 2,989 characters remaining")
    # The other limited fields count too.
    officer.get_by_label("Next steps").fill("Soon.")
    expect(officer.locator("#id_next_steps_count")).to_have_text(
        "You have 1,495 characters remaining"
    )
    assert screens.console == []


def test_every_tag_colour_has_contrast(cycle, screens):
    """Each `.bp-tag--*` and `.bp-rag--*` colour in admin/boardportal.css, on a cycle
    screen's background and on a notice's, in both themes: 4.5:1 or more (axe's
    color-contrast rule), including the colours no screen above happened to show."""
    officer = screens.sign_in(cycle["officer"])
    officer.goto(f"{screens.base_url}/admin/cycle/")
    classes = officer.evaluate(
        r"""() => {
          const found = new Set();
          for (const sheet of document.styleSheets) {
            if (!sheet.href || !sheet.href.endsWith('/admin/boardportal.css')) continue;
            for (const rule of sheet.cssRules) {
              for (const m of (rule.selectorText || '').matchAll(/\.(bp-(?:tag|rag)--[\w-]+)/g)) {
                found.add(m[1]);
              }
            }
          }
          return [...found].sort();
        }"""
    )
    assert {"bp-tag--red", "bp-tag--orange", "bp-tag--grey", "bp-rag--amber"} <= set(classes)
    officer.evaluate(
        """(classes) => {
          const plain = document.createElement('p');
          const notice = document.createElement('div');
          plain.id = 'all-tags';
          notice.id = 'all-tags-notice';
          notice.className = 'bp-notice';
          for (const parent of [plain, notice]) {
            for (const name of classes) {
              const tag = document.createElement(name.startsWith('bp-rag') ? 'strong' : 'span');
              tag.className = `${name.startsWith('bp-rag') ? 'bp-rag' : 'bp-tag'} ${name}`;
              tag.textContent = name.replace(/^bp-(tag|rag)--/, '');
              parent.append(tag, ' ');
            }
          }
          document.getElementById('content-main').prepend(plain, notice);
        }""",
        classes,
    )
    officer.evaluate(AXE.read_text())
    for scheme in ("light", "dark"):
        officer.emulate_media(color_scheme=scheme)
        settled(officer)
        result = officer.evaluate(
            """() => axe.run({include: [['#all-tags'], ['#all-tags-notice']]},
                             {runOnly: {type: 'rule', values: ['color-contrast']}})"""
        )
        checked = {
            outcome: [node["target"][0] for rule in result[outcome] for node in rule["nodes"]]
            for outcome in ("passes", "violations", "incomplete")
        }
        assert checked["violations"] == [], (scheme, result["violations"])
        assert checked["incomplete"] == [], (scheme, checked["incomplete"])
        assert len(checked["passes"]) == 2 * len(classes), scheme
