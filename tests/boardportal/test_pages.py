"""The Board pages in the quarterly cycle: the quarter picker, the one default as-at
rule, the note on an update from an earlier quarter, the staff preview with drafts,
search over progress updates and the footer's admin link."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from boardportal.asat import default_as_at
from core.rag import Rag
from programmes.models import Programme
from programmes.selectors import programme_status
from programmes.tables import update_note
from tests.conftest import verified_login
from tests.factories import (
    IndicatorFactory,
    PlanYearFactory,
    PriorityFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
    ReadingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    """2012/13 with a priority and a programme reported on in Q3 (15 October 2012)."""
    year = PlanYearFactory(label="2012/13")
    priority = PriorityFactory(plan_year=year, reference="4.5", title="Peer challenges")
    programme = ProgrammeFactory(
        name="Corporate peer challenge", slug="corporate-peer-challenge", priorities=[priority]
    )
    ProgressUpdateFactory(
        programme=programme,
        as_at=date(2012, 10, 15),
        rag=Rag.AMBER,
        headline="Bookings behind plan",
        narrative="Forty peer challenges booked; the rest wait on the spending review.",
        next_steps="Write to every council not yet booked.",
    )
    return {"year": year, "priority": priority, "programme": programme}


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def quarter_links(html: str) -> dict[str, str]:
    """The quarter picker's links, by quarter label: {'2012/13 Q1': href, ...}."""
    (nav,) = re.findall(r'<nav class="bp-quarters".*?</nav>', html, re.S)
    return {
        label: href.replace("&amp;", "&")
        for href, label in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>([^<]+)<span', nav)
    }


def current_quarter(html: str) -> str:
    (label,) = re.findall(r'aria-current="true">([^<]+)<span', html)
    return label


# --- The quarter picker ----------------------------------------------------------------


def test_the_picker_lists_the_plan_years_quarters_to_their_last_days(client, plan):
    html = html_of(client.get(plan["year"].get_absolute_url()))
    assert quarter_links(html) == {
        "2012/13 Q1": "/plan/2012-13/?as_at=2012-06-30",
        "2012/13 Q2": "/plan/2012-13/?as_at=2012-09-30",
        "2012/13 Q3": "/plan/2012-13/?as_at=2012-12-31",
        "2012/13 Q4": "/plan/2012-13/?as_at=2013-03-31",
    }
    assert ", to 31 December 2012</span>" in html


def test_choosing_a_quarter_shows_the_position_at_its_end(client, plan):
    url = quarter_links(html_of(client.get(plan["year"].get_absolute_url())))["2012/13 Q3"]
    response = client.get(url)
    assert response.context["page_date"].as_at == date(2012, 12, 31)
    html = html_of(response)
    assert 'Showing the position as at <time datetime="2012-12-31">31 December 2012' in html
    assert current_quarter(html) == "2012/13 Q3"


def test_the_quarter_containing_the_date_is_marked(client, plan):
    html = html_of(client.get(plan["year"].get_absolute_url() + "?as_at=2012-11-15"))
    assert current_quarter(html) == "2012/13 Q3"


def test_choosing_a_quarter_keeps_the_filters_and_drops_the_page(client, plan):
    html = html_of(client.get("/programmes/?rag=amber&q=peer&as_at=2012-11-15&page=1"))
    href = quarter_links(html)["2012/13 Q2"]
    assert href == "/programmes/?rag=amber&q=peer&as_at=2012-09-30"
    response = client.get(href)
    assert response.context["page_date"].as_at == date(2012, 9, 30)
    assert response.context["filter"].form.cleaned_data["rag"] == "amber"


def test_a_page_of_a_plan_year_offers_that_years_quarters(client, plan):
    # A date chosen outside the priority's plan year: the quarters are still its year's.
    url = plan["priority"].get_absolute_url()
    assert set(quarter_links(html_of(client.get(url + "?as_at=2013-05-01")))) == {
        "2012/13 Q1",
        "2012/13 Q2",
        "2012/13 Q3",
        "2012/13 Q4",
    }


def test_other_pages_offer_the_quarters_of_the_year_containing_the_date(client, plan):
    html = html_of(client.get(plan["programme"].get_absolute_url() + "?as_at=2013-05-01"))
    assert quarter_links(html)["2013/14 Q1"].endswith("?as_at=2013-06-30")
    assert current_quarter(html) == "2013/14 Q1"


def test_the_picker_works_without_javascript(client, plan):
    # Plain links: nothing for a script to do.
    html = html_of(client.get("/programmes/"))
    (nav,) = re.findall(r'<nav class="bp-quarters".*?</nav>', html, re.S)
    assert "<script" not in nav and "<form" not in nav and nav.count("<a ") == 4


# --- One default as-at date ------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2013, 6, 1), date(2013, 3, 31)),  # a past plan year: its last day
        (date(2011, 6, 1), date(2012, 4, 1)),  # a future one: its first day
        (date(2012, 11, 15), date(2012, 11, 15)),  # within it: today
        (date(2012, 4, 1), date(2012, 4, 1)),  # its first and last days are within it
        (date(2013, 3, 31), date(2013, 3, 31)),
    ],
)
def test_the_default_is_today_clamped_into_the_plan_year(plan, today, expected):
    assert default_as_at(today, plan["year"]) == expected
    assert default_as_at(today) == today  # no plan year: today


@pytest.mark.parametrize(
    ("page", "today", "expected"),
    [
        ("plan-year", date(2013, 6, 1), date(2013, 3, 31)),
        ("priority", date(2013, 6, 1), date(2013, 3, 31)),
        ("future-plan-year", date(2013, 6, 1), date(2014, 4, 1)),
        ("future-priority", date(2013, 6, 1), date(2014, 4, 1)),
        ("home", date(2012, 11, 15), date(2012, 11, 15)),
        ("plan-year", date(2012, 11, 15), date(2012, 11, 15)),
        ("programmes", date(2013, 6, 1), date(2013, 6, 1)),
        ("programme", date(2013, 6, 1), date(2013, 6, 1)),
        ("theme", date(2013, 6, 1), date(2013, 6, 1)),
    ],
)
def test_every_status_page_uses_the_one_default(client, plan, monkeypatch, page, today, expected):
    future = PlanYearFactory(label="2014/15")
    urls = {
        "home": "/",
        "plan-year": plan["year"].get_absolute_url(),
        "priority": plan["priority"].get_absolute_url(),
        "future-plan-year": future.get_absolute_url(),
        "future-priority": PriorityFactory(plan_year=future).get_absolute_url(),
        "programmes": reverse("programmes:list"),
        "programme": plan["programme"].get_absolute_url(),
        "theme": plan["priority"].theme.get_absolute_url(),
    }
    monkeypatch.setattr("boardportal.asat.today", lambda: today)
    response = client.get(urls[page])
    shown = response.context["page_date"]
    assert (shown.as_at, shown.explicit) == (expected, False)
    # Links keep no date the visitor did not choose.
    assert "as_at=" not in shown.query


def test_the_csv_uses_the_same_default(client, plan, monkeypatch):
    monkeypatch.setattr("boardportal.asat.today", lambda: date(2012, 11, 15))
    response = client.get(reverse("programmes:csv"))
    assert 'filename="programmes-2012-11-15.csv"' in response["Content-Disposition"]


# --- An update from an earlier quarter -------------------------------------------------

EARLIER = "From an earlier quarter: 30 September 2012"


@pytest.fixture
def reported_in_q2(plan):
    """A second programme, last reported on the last day of Q2."""
    programme = ProgrammeFactory(name="LG Inform", slug="lg-inform", priorities=[plan["priority"]])
    ProgressUpdateFactory(
        programme=programme, as_at=date(2012, 9, 30), rag=Rag.GREEN, headline="Launched"
    )
    return programme


def pages_showing_status(plan, programme, as_at):
    query = f"?as_at={as_at}"
    return {
        "priority": plan["priority"].get_absolute_url() + query,
        "programme": programme.get_absolute_url() + query,
        "programmes": reverse("programmes:list") + query,
    }


def test_an_update_from_the_previous_quarter_is_tagged(client, plan, reported_in_q2):
    for name, url in pages_showing_status(plan, reported_in_q2, "2012-12-31").items():
        html = html_of(client.get(url))
        assert html.count(EARLIER) == 1, name
        assert f'<strong class="govuk-tag govuk-tag--grey bp-update-note">{EARLIER}</strong>' in (
            html
        ), name
        # The status itself still counts: the update is current.
        assert "Green" in html, name


def test_an_update_from_this_quarter_is_not(client, plan, reported_in_q2):
    # As at 30 September 2012 the update is this quarter's; the other programme's
    # (15 October) is not yet written.
    for name, url in pages_showing_status(plan, reported_in_q2, "2012-09-30").items():
        assert "From an earlier quarter" not in html_of(client.get(url)), name
    # As at 31 December the Q3 update (15 October) is this quarter's.
    html = html_of(client.get(plan["programme"].get_absolute_url() + "?as_at=2012-12-31"))
    assert "Bookings behind plan" in html
    assert "From an earlier quarter" not in html


def test_an_out_of_date_update_says_so_once_and_not_also_earlier(client, plan):
    programme = ProgrammeFactory(name="Old offer", slug="old-offer", priorities=[plan["priority"]])
    ProgressUpdateFactory(programme=programme, as_at=date(2011, 10, 3), rag=Rag.RED)
    for name, url in pages_showing_status(plan, programme, "2012-12-31").items():
        html = html_of(client.get(url))
        assert html.count("Last update 3 October 2011, out of date") == 1, name
        assert "From an earlier quarter" not in html, name


def test_the_note_has_one_rule(plan, reported_in_q2):
    def note(programme, as_at):
        fetched = Programme.objects.with_status(as_at=as_at).get(pk=programme.pk)
        return update_note(programme_status(fetched, as_at=as_at))

    assert note(reported_in_q2, date(2012, 9, 30)) is None  # its own quarter
    assert note(reported_in_q2, date(2012, 10, 1)).text == EARLIER  # the next one's first day
    assert not note(reported_in_q2, date(2012, 10, 1)).stale
    stale = note(reported_in_q2, date(2013, 7, 31))
    assert (stale.text, stale.stale) == ("Last update 30 September 2012, out of date", True)
    assert note(ProgrammeFactory(), date(2012, 10, 1)) is None  # no update at all


# --- The staff preview with drafts -----------------------------------------------------

BANNER = "Preview: includes drafts the public cannot see yet"
TOGGLE = "Preview with drafts"


@pytest.fixture
def drafts(plan):
    """A draft update (green) after the published one (amber), and a draft reading."""
    programme = plan["programme"]
    ProgressUpdateFactory(
        programme=programme,
        as_at=date(2012, 12, 1),
        rag=Rag.GREEN,
        headline="Draft headline: back on track",
        narrative="Draft words about zebra crossings.",
        draft=True,
    )
    indicator = IndicatorFactory(programme=programme, name="Peer challenges delivered")
    ReadingFactory(indicator=indicator, as_at=date(2012, 9, 30), value=Decimal("42"))
    ReadingFactory(indicator=indicator, as_at=date(2012, 11, 30), value=Decimal("77"), draft=True)
    return plan


def preview_urls(plan):
    query = "?as_at=2012-12-31&preview=drafts"
    return {
        "plan": plan["year"].get_absolute_url() + query,
        "home": "/" + query,
        "priority": plan["priority"].get_absolute_url() + query,
        "programme": plan["programme"].get_absolute_url() + query,
    }


@pytest.fixture
def staff_client():
    return verified_login(Client(), UserFactory(username="officer", is_staff=True))


def test_staff_preview_shows_drafts_and_says_so(staff_client, drafts):
    for name, url in preview_urls(drafts).items():
        response = staff_client.get(url)
        html = html_of(response)
        assert response.context["page_date"].drafts, name
        assert BANNER in html, name
        assert 'class="govuk-notification-banner bp-preview-banner"' in html, name
        # Never kept by a cache for anyone else.
        assert "no-store" in response["Cache-Control"], name
        assert "private" in response["Cache-Control"], name
    plan_page = staff_client.get(preview_urls(drafts)["plan"])
    assert plan_page.context["summary"].programme_counts["green"] == 1
    priority = html_of(staff_client.get(preview_urls(drafts)["priority"]))
    assert "Draft headline: back on track" in priority
    assert ">Draft</strong>" in priority
    # Links onward keep the preview.
    assert f"{drafts['programme'].get_absolute_url()}?as_at=2012-12-31&amp;preview=drafts" in (
        priority
    )
    programme = html_of(staff_client.get(preview_urls(drafts)["programme"]))
    assert "Draft words about zebra crossings." in programme
    assert ">77<" in programme  # the draft reading


def test_staff_see_the_toggle_but_no_drafts_until_they_ask(staff_client, drafts):
    url = drafts["priority"].get_absolute_url() + "?as_at=2012-12-31"
    html = html_of(staff_client.get(url))
    assert TOGGLE in html
    assert "preview=drafts" in html
    assert "Draft headline" not in html and BANNER not in html


@pytest.mark.parametrize("who", ["anonymous", "member", "staff without a second factor"])
def test_preview_is_ignored_for_everyone_else(client, drafts, who):
    if who == "member":
        client.force_login(UserFactory(username="member"))
    elif who == "staff without a second factor":
        client.force_login(UserFactory(username="unverified", is_staff=True))
    for name, url in preview_urls(drafts).items():
        response = client.get(url)
        html = html_of(response)
        shown = response.context["page_date"]
        assert (shown.drafts, shown.can_preview) == (False, False), name
        assert BANNER not in html and TOGGLE not in html, name
        assert "Draft headline" not in html and "zebra" not in html, name
        assert ">77<" not in html, name
        assert "preview=drafts" not in shown.query, name
    plan_page = client.get(preview_urls(drafts)["plan"])
    assert plan_page.context["summary"].programme_counts["amber"] == 1


def test_pages_without_drafts_offer_no_preview(staff_client, drafts):
    for url in ("/programmes/?preview=drafts", drafts["priority"].theme.get_absolute_url()):
        response = staff_client.get(url + ("&" if "?" in url else "?") + "as_at=2012-12-31")
        html = html_of(response)
        assert BANNER not in html and TOGGLE not in html
        assert "Draft headline" not in html


def test_the_plan_year_selector_keeps_the_preview(staff_client, drafts):
    PlanYearFactory(label="2013/14")
    html = html_of(staff_client.get("/plan/2012-13/?preview=drafts"))
    assert '<input type="hidden" name="preview" value="drafts">' in html
    assert 'href="/plan/2013-14/?preview=drafts"' in html
    response = staff_client.get("/?year=2012-13&as_at=2012-12-31&preview=drafts")
    assert response["Location"] == "/plan/2012-13/?as_at=2012-12-31&preview=drafts"


# --- Search over progress updates ------------------------------------------------------


def search_group(client, query, label="Progress updates"):
    response = client.get(reverse("portal:search"), {"q": query})
    return {name: rows for name, _, rows in response.context["groups"]}[label], response


def test_search_finds_a_published_updates_words(client, drafts):
    for query in ("spending review", "BOOKINGS behind", "write every council"):
        rows, response = search_group(client, query)
        assert [u.headline for u in rows] == ["Bookings behind plan"], query
    html = html_of(response)
    assert '<h2 class="govuk-heading-m" id="progress-updates">Progress updates (1)</h2>' in html
    update = rows[0]
    assert f'href="{drafts["programme"].get_absolute_url()}#update-{update.pk}"' in html
    # The link lands on the update in the programme's timeline.
    programme = html_of(client.get(drafts["programme"].get_absolute_url()))
    assert f'id="update-{update.pk}"' in programme


def test_search_never_finds_a_draft_update(client, staff_client, drafts):
    for someone in (client, staff_client):
        rows, response = search_group(someone, "zebra crossings")
        assert rows == []
        assert "Draft words" not in html_of(response)


# --- The footer's admin link -----------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "shown"), [("anonymous", False), ("member", False), ("staff", True)]
)
def test_the_admin_link_is_for_staff(client, plan, who, shown):
    if who != "anonymous":
        client.force_login(UserFactory(username=who, is_staff=who == "staff"))
    for url in ("/", "/programmes/", "/search/"):
        html = html_of(client.get(url))
        assert ('href="/admin/">Officers’ administration</a>' in html) is shown, (who, url)
