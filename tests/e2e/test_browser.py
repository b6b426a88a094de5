"""The portal in a real browser: a journey, the keyboard, accessibility (axe-core,
WCAG 2.2 A and AA), valid HTML (Nu HTML Checker), page weight and screenshots."""

import warnings

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from meetings.models import AgendaItem, Meeting, Member
from priorities.models import PlanYear, Priority, Theme
from programmes.models import Council, Programme

from .checks import nu_errors, run_axe

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(db):
    call_command("load_board_papers", verbosity=0)


def golden_thread():
    """A 2012/13 priority with a programme that has readings and was discussed at a meeting."""
    programme = (
        Programme.objects.filter(
            priorities__plan_year__label="2012/13",
            indicators__readings__isnull=False,
            agenda_items__isnull=False,
        )
        .distinct()
        .first()
    )
    assert programme is not None, "the demo data should hold such a programme"
    priority = programme.priorities.filter(plan_year__label="2012/13").first()
    return priority, programme


def page_urls():
    plan_year = PlanYear.objects.get(label="2012/13")
    priority, programme = golden_thread()
    meeting = Meeting.objects.annotate(n=Count("agenda_items")).filter(n__gt=0).first()
    item = AgendaItem.objects.annotate(n=Count("paragraphs")).filter(n__gt=0).first()
    return {
        "home": "/",
        "plan-year": plan_year.get_absolute_url(),
        "priority": priority.get_absolute_url(),
        "programme": programme.get_absolute_url(),
        "programmes": "/programmes/",
        "programmes-filtered": "/programmes/?rag=purple&q=peer",
        "councils": "/councils/",
        "council": Council.objects.first().get_absolute_url(),
        # A priority's line across three plan years; a ledger with its target; targets
        # with no period and milestones due by a month.
        "priority-line": Priority.objects.get(
            plan_year__label="2013/14", reference="15.1"
        ).get_absolute_url(),
        # Reports due about a priority, one overdue, and a decision about it.
        "priority-reports-due": Priority.objects.get(
            plan_year__label="2011/12", reference="3.1"
        ).get_absolute_url()
        + "?as_at=2011-11-09",
        "programme-ledger": "/programmes/local-productivity-programme/",
        "programme-targets": "/programmes/capital-asset-pathfinder-wave-2/",
        "themes": "/themes/",
        "theme": Theme.objects.first().get_absolute_url(),
        "meetings": "/meetings/",
        "meeting": meeting.get_absolute_url(),
        "agenda-item": item.get_absolute_url(),
        "paper-meeting-not-known": AgendaItem.objects.get(number="4e").get_absolute_url(),
        "board-papers": reverse("meetings:board_papers", kwargs={"slug": "lga-executive"}),
        "forward-plan": reverse(
            "meetings:forward_plan", kwargs={"slug": "improvement-programme-board"}
        ),
        "matters-arising": reverse(
            "meetings:matters_arising",
            kwargs={"pk": Meeting.objects.get(meets_on="2011-11-08").pk},
        ),
        "members": "/members/",
        "member": Member.objects.first().get_absolute_url(),
        "search": "/search/?q=peer+challenge",
        "accessibility": "/accessibility/",
        "open-data": "/open-data/",
        "api-docs": "/api/v1/docs/",
        "sign-in": "/accounts/login/",
        "not-found": "/no-such-page/",
        "bad-request": "/?as_at=not-a-date",
    }


# Swagger UI (the API documentation page) builds its own markup in the browser: the Nu
# HTML Checker finds these in it, each once per operation or so. The page as served is
# valid, and axe finds nothing in the rendered page; changing these means replacing
# Swagger UI's layout and components. Warned of; a new finding, or one gone, fails.
SWAGGER_UI_KNOWN = {
    "Element “pre” not allowed as child of element “small” in this context. (Suppressing "
    "further errors from this subtree.)",
    "Element “a” not allowed as child of element “hgroup” in this context. (Suppressing "
    "further errors from this subtree.)",
    "The “main” element must not appear as a descendant of the “main” element.",
    "A document must not include more than one visible “main” element.",
    "Element “div” not allowed as child of element “span” in this context. (Suppressing "
    "further errors from this subtree.)",
    "The element “a” must not appear as a descendant of the “button” element.",
    "The “aria-label” attribute must not be specified on any “div” element unless the "
    "element has a “role” value other than “caption”, “code”, “deletion”, “emphasis”, "
    "“generic”, “insertion”, “paragraph”, “presentation”, “strong”, “subscript”, or "
    "“superscript”.",
    "The heading “h3” (with computed level 3) follows the heading “h1” (with computed "
    "level 1), skipping 1 heading level.",
}


def settle(page, name):
    """Wait for what a page builds in the browser: Swagger UI's operations."""
    if name == "api-docs":
        page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)


def test_every_page_type_is_accessible_and_valid(demo, live_server, page, artifacts):
    failures = {}
    saved = []
    console_errors = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    for name, url in page_urls().items():
        response = page.goto(live_server.url + url)
        expected = {"not-found": 404, "bad-request": 400}.get(name, 200)
        assert response.status == expected, (name, response.status)
        settle(page, name)
        violations = run_axe(page)
        if violations:
            failures[name] = violations
        html_file = artifacts / "html" / f"{name}.html"
        html_file.write_text(page.content())
        saved.append(str(html_file))
    assert failures == {}
    # 404 and 400 pages log their status as console errors; nothing else may.
    unexpected = [e for e in console_errors if "status of 40" not in e]
    assert unexpected == []

    # One Nu HTML Checker run over every saved page; Swagger UI's own findings apart.
    errors, swagger_ui = [], set()
    for name, message in nu_errors(saved):
        known = message.split(": ", 1)[1] in SWAGGER_UI_KNOWN
        if name == "api-docs.html" and known:
            swagger_ui.add(message.split(": ", 1)[1])
        else:
            errors.append(f"{name}:{message}")
    for message in sorted(swagger_ui):
        warnings.warn(f"Left to Swagger UI (api-docs): {message}", stacklevel=1)
    assert errors == []
    assert SWAGGER_UI_KNOWN - swagger_ui == set(), "gone: take them out of SWAGGER_UI_KNOWN"


def test_journey_from_home_to_the_meeting(demo, live_server, page, artifacts):
    priority, programme = golden_thread()
    page.goto(live_server.url + "/")
    page.select_option("#year-select", label="2012/13")
    page.get_by_role("button", name="Show plan year").click()
    page.wait_for_url("**/plan/2012-13/")
    assert page.get_by_role("heading", level=1).inner_text() == "Priorities 2012/13"

    page.get_by_role("link", name=f"{priority.reference} {priority.title}").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        f"{priority.reference} {priority.title}"
    )

    page.get_by_role("link", name=programme.name, exact=True).first.click()
    assert page.get_by_role("heading", level=1).inner_text() == programme.name
    assert page.locator("figure.bp-chart svg").first.is_visible()
    assert page.get_by_role("table").filter(has_text="Readings").first.is_visible()

    meeting_link = page.locator("main a[href^='/meetings/']:not([href*='/items/'])").first
    meeting_link.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Meeting of ")


def test_keyboard_only_from_home_to_a_programme(demo, live_server, page):
    priority, programme = golden_thread()
    page.goto(f"{live_server.url}{priority.plan_year.get_absolute_url()}")

    def tab_to(fragment, limit=300):
        for _ in range(limit):
            page.keyboard.press("Tab")
            href = page.evaluate("() => document.activeElement.getAttribute('href') || ''")
            if fragment in href:
                return href
        raise AssertionError(f"Tabbing never reached a link to {fragment}")

    assert tab_to("#main-content") == "#main-content"  # the skip link comes first
    tab_to(priority.get_absolute_url())
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{priority.get_absolute_url()}*")
    tab_to(programme.get_absolute_url())
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{programme.get_absolute_url()}*")
    assert page.get_by_role("heading", level=1).inner_text() == programme.name


def test_first_load_weight(demo, live_server, page):
    sizes = {}

    def record(response):
        if response.request.resource_type != "font":
            body = response.body() if response.status < 300 else b""
            sizes[response.url] = len(body)

    page.on("response", record)
    page.goto(live_server.url + "/", wait_until="networkidle")
    total = sum(sizes.values())
    assert total <= 300 * 1024, sizes


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots(demo, live_server, page, artifacts, width):
    urls = page_urls()
    page.set_viewport_size({"width": width, "height": 900})
    for name in ("home", "priority", "programme", "programmes", "meeting", "open-data"):
        page.goto(live_server.url + urls[name])
        path = artifacts / "screenshots" / f"{name}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000
        # Nothing wider than the viewport: no sideways scrolling on a phone.
        overflow = page.evaluate("() => document.documentElement.scrollWidth")
        assert overflow <= width, (name, overflow)


def test_signed_in_members_see_draft_years(demo, live_server, page, django_user_model):
    PlanYear.objects.filter(label="2013/14").update(status=PlanYear.Status.DRAFT)
    assert page.goto(live_server.url + "/plan/2013-14/").status == 404
    django_user_model.objects.create_user("member", password="a long enough password")
    page.goto(live_server.url + "/accounts/login/?next=/plan/2013-14/")
    page.get_by_label("Username").fill("member")
    page.locator("#id_password").fill("a long enough password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/plan/2013-14/")
    assert page.get_by_role("heading", level=1).inner_text() == "Priorities 2013/14"
    assert Priority.objects.filter(plan_year__label="2013/14").exists()


@pytest.fixture
def signed_in_member(live_server, page, django_user_model):
    """A board member signed in through the sign-in page, with one API token."""
    from boardportal.api.tokens import api_token_create

    member = django_user_model.objects.create_user("member", password="a long enough password")
    api_token_create(user=member, name="Power BI dashboard")
    page.goto(live_server.url + "/accounts/login/?next=/accounts/api-tokens/")
    page.get_by_label("Username").fill("member")
    page.locator("#id_password").fill("a long enough password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/api-tokens/")
    return member


def test_the_api_token_pages_are_accessible_and_valid(
    signed_in_member, live_server, page, artifacts
):
    console_errors = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    saved, failures = [], {}

    def check(name):
        if violations := run_axe(page):
            failures[name] = violations
        html_file = artifacts / "html" / f"{name}.html"
        html_file.write_text(page.content())
        saved.append(str(html_file))

    check("api-tokens")
    page.get_by_role("button", name="Make a token").click()
    check("api-tokens-error")  # no name given
    page.get_by_label("What is the token for?").fill("Spreadsheet")
    page.get_by_role("button", name="Make a token").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your new API token"
    check("api-token-shown")
    page.get_by_role("link", name="I have copied the token: back to my tokens").click()
    page.get_by_role("button", name="Revoke Spreadsheet").click()
    check("api-tokens-revoked")
    assert failures == {}
    assert [e for e in console_errors if "status of 40" not in e] == []
    assert nu_errors(saved) == []
