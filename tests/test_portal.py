"""The public pages: what a visitor sees, who sees what, and bad input."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.rag import Rag
from meetings.models import Action
from meetings.services import action_close
from priorities.models import PlanYear
from tests.conftest import verified_login
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    CouncilFactory,
    IndicatorFactory,
    MeetingFactory,
    MemberFactory,
    MembershipFactory,
    MilestoneFactory,
    ParagraphFactory,
    ParticipationFactory,
    PartnerFactory,
    PlanYearFactory,
    PriorityFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
    ReadingFactory,
    ThemeRoleFactory,
    UserFactory,
)
from tests.security.test_headers import inline_problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """A small plan: one agreed year with a priority, a programme with evidence, a meeting."""
    year = PlanYearFactory(label="2012/13")
    priority = PriorityFactory(plan_year=year, reference="4.5", title="Peer challenges")
    organisation = PriorityFactory(
        plan_year=year,
        board=None,
        reference="3.5",
        title="Sector-led Improvement",
        target_statement="",
    )
    priority.contributes_to.add(organisation)
    programme = ProgrammeFactory(
        name="Corporate peer challenge",
        slug="corporate-peer-challenge",
        priorities=[priority],
        partners=[PartnerFactory(name="Centre for Public Scrutiny")],
    )
    ProgressUpdateFactory(
        programme=programme, as_at=date(2012, 12, 31), rag=Rag.AMBER, headline="Behind plan"
    )
    indicator = IndicatorFactory(programme=programme, name="Peer challenges delivered")
    ReadingFactory(indicator=indicator, as_at=date(2012, 9, 30), value=Decimal("42"))
    MilestoneFactory(programme=programme, title="Publish the offer", due_on=date(2012, 10, 1))
    council = CouncilFactory(name="Thurrock Council", slug="thurrock")
    ParticipationFactory(programme=programme, council=council, cohort="2012")
    meeting = MeetingFactory(board=priority.board, meets_on=date(2012, 1, 17))
    item = AgendaItemFactory(meeting=meeting, number="1", title="Priorities 2012/13")
    item.programmes.add(programme)
    item.priorities.add(priority)
    ParagraphFactory(agenda_item=item, number="4.5", heading="Improvement", text="Peer work.")
    secret = AgendaItemFactory(meeting=meeting, number="9", title="Confidential", exempt=True)
    action = ActionFactory(meeting=meeting, agenda_item=item, description="Report back")
    action.programmes.add(programme)
    member = MemberFactory(name="Peter Fleming", slug="peter-fleming")
    MembershipFactory(member=member, board=priority.board, role="chairman")
    ThemeRoleFactory(member=member, theme=priority.theme, plan_year=year, role="lead")
    draft = PlanYearFactory(label="2014/15", status=PlanYear.Status.DRAFT, agreed_on=None)
    draft_priority = PriorityFactory(plan_year=draft, reference="1.1", title="Draft idea")
    return {
        "year": year,
        "priority": priority,
        "programme": programme,
        "meeting": meeting,
        "item": item,
        "secret": secret,
        "council": council,
        "member": member,
        "draft": draft,
        "draft_priority": draft_priority,
    }


def public_urls(world):
    return [
        "/",
        world["year"].get_absolute_url(),
        world["priority"].get_absolute_url(),
        world["programme"].get_absolute_url(),
        reverse("programmes:list"),
        reverse("programmes:councils"),
        world["council"].get_absolute_url(),
        reverse("priorities:themes"),
        world["priority"].theme.get_absolute_url(),
        reverse("meetings:list"),
        world["meeting"].get_absolute_url(),
        world["item"].get_absolute_url(),
        reverse("meetings:members"),
        world["member"].get_absolute_url(),
        reverse("portal:search") + "?q=peer",
        reverse("portal:accessibility"),
        reverse("login"),
    ]


def test_every_page_opens(client, world):
    for url in public_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url


def test_home_shows_priorities_with_status_and_summary(client, world):
    response = client.get("/?as_at=2012-12-31")
    html = response.content.decode()
    assert "Priorities 2012/13" in html
    assert "4.5 Peer challenges" in html
    assert "3.5 Sector-led Improvement" in html
    assert "0 of 1 programme on track" in html
    assert "Showing the position as at" in html and "31 December 2012" in html
    # Links keep the chosen date.
    assert f"{world['priority'].get_absolute_url()}?as_at=2012-12-31" in html


def test_the_year_selector_goes_to_the_plan_years_page(client, world):
    response = client.get("/?year=2012-13&as_at=2012-12-31")
    assert response.status_code == 302
    assert response["Location"] == "/plan/2012-13/?as_at=2012-12-31"
    assert client.get("/?year=2099-00").status_code == 404
    # A hostile as_at is refused on the page it lands on, not echoed unescaped.
    hostile = client.get("/?year=2012-13&as_at=%3Cscript%3E", follow=True)
    assert hostile.status_code == 400
    assert inline_problems(hostile) == []


def test_a_past_plan_year_defaults_to_its_last_day(client, world):
    response = client.get(world["year"].get_absolute_url())
    assert response.context["page_date"].as_at == date(2013, 3, 31)


def test_priority_page_follows_the_golden_thread(client, world):
    html = client.get(world["priority"].get_absolute_url() + "?as_at=2012-12-31").content.decode()
    assert "Corporate peer challenge" in html
    assert "Sector-led Improvement" in html  # what it contributes to
    assert "How this was worked out: Weighted score 0.50 of 1 programme." in html
    assert "Item 1: Priorities 2012/13" in html
    assert "Report back" in html  # the open action


def test_programme_page(client, world):
    html = client.get(world["programme"].get_absolute_url() + "?as_at=2012-12-31").content.decode()
    assert "Behind plan" in html
    assert "<svg" in html and "Peer challenges delivered" in html
    assert (
        "Peer challenges delivered: 42 at 30 September 2012 against a target of 100 by "
        "March 2013: well behind trajectory." in html
    )
    assert "Thurrock Council" in html
    assert "Centre for Public Scrutiny" in html
    assert "Overdue" in html
    assert world["meeting"].get_absolute_url() in html


def test_programme_list_filters_and_csv(client, world):
    ProgrammeFactory(name="Leadership Academy", slug="leadership-academy")
    response = client.get(reverse("programmes:list") + "?as_at=2012-12-31&rag=amber")
    assert [p.name for p in response.context["table"].page.object_list.data] == [
        "Corporate peer challenge"
    ]
    csv = client.get(reverse("programmes:csv") + "?as_at=2012-12-31&rag=amber")
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    lines = csv.getvalue().decode().splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("Corporate peer challenge,")
    assert ",Amber,2012-12-31," in lines[1]


def test_csv_neutralises_formulas(client, world):
    ProgrammeFactory(name="=HYPERLINK(1)", slug="formula")
    content = client.get(reverse("programmes:csv") + "?q=HYPERLINK").getvalue().decode()
    assert "'=HYPERLINK(1)" in content


def test_councils_take_up(client, world):
    CouncilFactory(name="Coventry City Council")
    response = client.get(reverse("programmes:councils"))
    # Thurrock takes part; Coventry and the chairman's council do not.
    assert response.context["total"] == 3
    assert response.context["taking_part"] == 1
    assert "1 of the 3 councils recorded here (33%)" in response.content.decode()


def test_search_groups_results(client, world):
    response = client.get(reverse("portal:search") + "?q=peer")
    groups = {label: rows for label, _, rows in response.context["groups"]}
    assert [p.title for p in groups["Priorities"]] == ["Peer challenges"]
    assert [p.name for p in groups["Programmes"]] == ["Corporate peer challenge"]
    assert [p.text for p in groups["Paragraphs of reports"]] == ["Peer work."]


def test_drafts_and_exempt_items_are_hidden_from_the_public(client, world):
    assert client.get(world["draft"].get_absolute_url()).status_code == 404
    assert client.get(world["draft_priority"].get_absolute_url()).status_code == 404
    assert client.get(world["secret"].get_absolute_url()).status_code == 404
    meeting = client.get(world["meeting"].get_absolute_url()).content.decode()
    assert "Confidential" not in meeting
    search = client.get(reverse("portal:search") + "?q=draft").content.decode()
    assert "Draft idea" not in search


def test_signed_in_members_see_drafts_and_exempt_items(client, world):
    client.force_login(UserFactory())
    assert client.get(world["draft"].get_absolute_url()).status_code == 200
    assert client.get(world["draft_priority"].get_absolute_url()).status_code == 200
    assert client.get(world["secret"].get_absolute_url()).status_code == 200
    assert "Confidential" in client.get(world["meeting"].get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "as_at=garbage",
        "as_at=2012-13-45",
        "as_at=9999-01-01",
        "as_at=" + "9" * 5000,
        "as_at=2012-12-31%00",
    ],
)
def test_bad_as_at_is_a_400_with_a_message(client, world, query):
    for url in ["/", reverse("programmes:list"), world["programme"].get_absolute_url()]:
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400, url
        assert "There is a problem with the address" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/programmes/?page=999999", 404),
        ("/programmes/?page=abc", 404),
        ("/programmes/?sort=nonsense", 200),
        ("/programmes/?theme=no-such-theme", 200),
        ("/programmes/?rag=purple", 200),
        ("/programmes/?lead_officer=999999", 200),
        ("/programmes/?q=" + "x" * 5000, 200),
        ("/councils/?kind=castle&region=atlantis", 200),
        ("/meetings/?board=nope", 404),
        ("/plan/1999-00/", 404),
        ("/plan/nonsense/", 404),
        ("/search/?q=" + "y" * 300, 400),
        ("/priorities/999999/", 404),
        ("/programmes/no-such-programme/", 404),
    ],
)
def test_hostile_query_strings_never_500(client, world, url, status):
    assert client.get(url).status_code == status


def test_unknown_filter_values_say_so(client, world):
    html = client.get("/programmes/?rag=purple").content.decode()
    assert "Select a valid choice" in html
    assert "There is a problem" in html


TAG = re.compile(r'<strong class="govuk-tag govuk-tag--(\w+)">([\w ]+)</strong>')


def action_rows(html: str, caption: str) -> dict[str, tuple[str, str]]:
    """Each action in the action table with this caption, by description: the words of
    its status tag and the tag's colour."""
    (table,) = re.findall(rf"<caption[^>]*>{caption}</caption>(.*?)</table>", html, re.S)
    rows = {}
    for row in re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', table, re.S):
        cells = re.findall(r'<td class="govuk-table__cell">(.*?)</td>', row, re.S)
        if cells:  # not the heading row
            colour, words = TAG.fullmatch(cells[3]).groups()
            rows[cells[0].split("<br>")[0]] = (words, colour)
    return rows


def test_actions_are_listed_with_their_status(client, world):
    meeting, today = world["meeting"], timezone.localdate()
    action_close(
        action=Action.objects.get(description="Report back"),
        status=Action.Status.DONE,
        outcome="Paper taken in November",
    )
    ActionFactory(meeting=meeting, description="Circulate the minutes", due_on=today)
    ActionFactory(meeting=meeting, description="Write to the minister", due_on=date(2012, 11, 8))
    ActionFactory(
        meeting=meeting,
        description="Survey the councils",
        status=Action.Status.DROPPED,
        outcome="Overtaken by the spending review",
        due_on=date(2012, 11, 8),
    )
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert action_rows(html, "Actions set at this meeting") == {
        "Report back": ("Done", "green"),
        # Due today is not yet overdue; past its date and still open, it is.
        "Circulate the minutes": ("Open", "blue"),
        "Write to the minister": ("Overdue", "red"),
        # A closed action is never overdue, however long ago it was due.
        "Survey the councils": ("Dropped", "grey"),
    }
    assert "Outcome: Paper taken in November" in html


def make_programmes(n, priority, drafts=False):
    for _ in range(n):
        programme = ProgrammeFactory(priorities=[priority])
        ProgressUpdateFactory(programme=programme, as_at=date(2012, 6, 30))
        indicator = IndicatorFactory(programme=programme)
        ReadingFactory(indicator=indicator)
        if drafts:
            ProgressUpdateFactory(
                programme=programme, as_at=date(2012, 9, 30), rag=Rag.AMBER, draft=True
            )
            ReadingFactory(indicator=indicator, as_at=date(2012, 12, 31), draft=True)


@pytest.mark.parametrize(
    "page",
    [
        "home",
        "plan-year",
        "programmes",
        "priority",
        "programme",
        "theme",
        "search",
        "home-preview",
        "priority-preview",
        "programme-preview",
        "priority-line",
        "programme-figures",
        "councils-funnel",
        "council-stages",
    ],
)
def test_queries_per_page_do_not_grow(client, world, page):
    priority = world["priority"]
    urls = {
        "home": "/",
        "plan-year": world["year"].get_absolute_url() + "?as_at=2012-12-31",
        "programmes": reverse("programmes:list"),
        "priority": priority.get_absolute_url(),
        "programme": world["programme"].get_absolute_url() + "?as_at=2012-12-31",
        "theme": priority.theme.get_absolute_url(),
        # Every programme's update is headed "Update <n>": a full group of results.
        "search": reverse("portal:search") + "?q=update",
        # Staff previewing with drafts: the same reads, drafts included.
        "home-preview": "/?as_at=2012-12-31&preview=drafts",
        "priority-preview": priority.get_absolute_url() + "?preview=drafts",
        "programme-preview": world["programme"].get_absolute_url() + "?preview=drafts",
        # A priority's line across three plan years, each with its year-end status.
        "priority-line": priority.get_absolute_url(),
        # Target periods, councils' steps through the offer and their savings claims.
        "programme-figures": world["programme"].get_absolute_url() + "?as_at=2013-06-30",
        "councils-funnel": reverse("programmes:councils") + "?as_at=2013-06-30",
        "council-stages": world["council"].get_absolute_url(),
    }
    grow_new_part = NEW_PARTS.get(page, lambda n, world: None)
    preview = page.endswith("-preview")
    if preview:
        verified_login(client, UserFactory(username="officer", is_staff=True))
    counts = []
    # Two sizes are enough to see a count that grows with the rows; larger ones only
    # make the suite slower (every programme is made through the services).
    for size in (10, 60):
        make_programmes(size - len(counts) * 10, priority, drafts=preview)
        grow_new_part(size - len(counts) * 10, world)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(urls[page])
            assert response.status_code == 200
        counts.append(len(queries))
        if page != "search":
            assert response.context["page_date"].drafts is preview
    assert counts[0] == counts[1], counts
    extra = PROGRAMME_PAGE if page in ("programme", "programme-preview", "programme-figures") else 0
    extra += PRIORITY_LINE if page == "priority-line" else 0
    assert counts[1] <= 15 + extra + (SIGNED_IN if preview else 0), counts


def grow_line(n, world):
    """The world's priority carried forward from 2011/12 and into 2013/14, each end of the
    line delivered by `n` more programmes."""
    from priorities.models import PriorityLink
    from tests.factories import PriorityLinkFactory

    priority = world["priority"]
    if not PriorityLink.objects.exists():
        earlier = PriorityFactory(plan_year=PlanYearFactory(label="2011/12"), reference="3.1")
        later = PriorityFactory(plan_year=PlanYearFactory(label="2013/14"), reference="15.1")
        PriorityLinkFactory(earlier=earlier, later=priority)
        PriorityLinkFactory(earlier=priority, later=later)
    for link in PriorityLink.objects.all():
        other = link.earlier if link.later_id == priority.pk else link.later
        make_programmes(n, other)


def grow_figures(n, world):
    """`n` more councils, each with steps through the world's programme and a savings
    claim, verified every other one; the programme's indicator with a later period."""
    from programmes.models import Indicator, Stage, TargetPeriod
    from tests.factories import DeliveryStageFactory, SavingsClaimFactory, TargetPeriodFactory

    programme = world["programme"]
    indicator = programme.indicators.order_by("pk").first()
    if not TargetPeriod.objects.exists():
        TargetPeriodFactory(indicator=indicator)
        Indicator.objects.filter(pk=indicator.pk).update(
            computed_from=Indicator.ComputedFrom.STAGES, computed_stage=Stage.DELIVERED
        )
        IndicatorFactory(
            programme=programme,
            unit=Indicator.Unit.GBP,
            computed_from=Indicator.ComputedFrom.SAVINGS_VERIFIED,
        )
    officer = programme.lead_officer
    for i in range(n):
        council = CouncilFactory(region="east" if i % 2 else "london")
        for stage in (Stage.REQUESTED, Stage.BOOKED, Stage.DELIVERED)[: 1 + i % 3]:
            DeliveryStageFactory(programme=programme, council=council, stage=stage)
        # The world's council steps through another offer each time, on another day, and
        # claims a saving for it.
        other = ProgrammeFactory()
        DeliveryStageFactory(
            programme=other,
            council=world["council"],
            reached_on=date(2012, 1, 1) + timedelta(days=i),
        )
        SavingsClaimFactory(
            programme=other,
            council=world["council"],
            verified_on=date(2013, 5, 2) if i % 2 else None,
            verified_by=officer if i % 2 else None,
        )
        SavingsClaimFactory(
            programme=programme,
            council=council,
            verified_on=date(2013, 5, 2) if i % 2 else None,
            verified_by=officer if i % 2 else None,
        )


NEW_PARTS = {
    "priority-line": grow_line,
    "programme-figures": grow_figures,
    "councils-funnel": grow_figures,
    "council-stages": grow_figures,
}


# What being signed in costs any page: the session, the user and their second factor
# read, and the session saved again (it expires after a time idle).
SIGNED_IN = 6
# A programme's page also reads the reports due about it, the decisions about it and the
# paragraphs its readings and its progress updates came from: one query each.
PROGRAMME_PAGE = 4
# A priority's page with a line across plan years also reads, for each other year on the
# line, its programmes' statuses at the year's end (the line's priorities come with its
# links): one query a year, 13 in all for the test's three years against 11 with no line,
# within the bound. They grow with the years on the line, never with the programmes.
PRIORITY_LINE = 0


def test_programmes_list_pages_keep_the_filters(client, world):
    for n in range(60):
        ProgrammeFactory(name=f"Extra programme {n:02d}", slug=f"extra-{n}")
    html = client.get("/programmes/?q=programme&as_at=2012-12-31").content.decode()
    assert 'aria-label="Pages of programmes"' in html
    assert 'href="?q=programme&amp;as_at=2012-12-31&amp;page=2"' in html
    second = client.get("/programmes/?q=programme&as_at=2012-12-31&page=2")
    assert len(second.context["table"].page.object_list) == 10
