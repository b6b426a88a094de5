"""A small world with something of everything the API, the feeds and the downloads
show, and the things the public must never see: a draft plan year and its priority and
indicator, a draft progress update, an unpublished reading, an exempt agenda item and
the action set under it. Every such thing carries SECRET (or 7777) in what it says."""

from datetime import date, time
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from boardportal.api.tokens import api_token_create
from core.rag import Rag
from priorities.models import PlanYear
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

SECRET = "SECRET"
SECRET_VALUE = "7777"
AS_AT = "2012-12-31"


@pytest.fixture(autouse=True)
def _unthrottled(settings):
    """Throttling has its own tests; elsewhere the counts must not carry between tests."""
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "100000/minute", "signed_in": "100000/minute"},
    }
    yield
    cache.clear()


@pytest.fixture
def world(db):
    year = PlanYearFactory(label="2012/13")
    priority = PriorityFactory(plan_year=year, reference="4.5", title="Peer challenges")
    organisation = PriorityFactory(
        plan_year=year,
        board=None,
        reference="3.5",
        title="Sector-led improvement",
        target_statement="",
    )
    priority.contributes_to.add(organisation)
    board = priority.board
    programme = ProgrammeFactory(
        name="Corporate peer challenge",
        slug="corporate-peer-challenge",
        board=board,
        theme=priority.theme,
        priorities=[priority],
        partners=[PartnerFactory(name="Centre for Public Scrutiny")],
    )
    ProgressUpdateFactory(
        programme=programme, as_at=date(2012, 12, 31), rag=Rag.AMBER, headline="Behind plan"
    )
    ProgressUpdateFactory(
        programme=programme,
        as_at=date(2013, 1, 15),
        rag=Rag.RED,
        headline=f"{SECRET} draft update",
        draft=True,
    )
    indicator = IndicatorFactory(programme=programme, name="Peer challenges delivered")
    ReadingFactory(indicator=indicator, as_at=date(2012, 9, 30), value=Decimal("42"))
    ReadingFactory(
        indicator=indicator,
        as_at=date(2012, 12, 30),
        value=Decimal(SECRET_VALUE),
        source=f"{SECRET} unpublished reading",
        draft=True,
    )
    MilestoneFactory(programme=programme, title="Publish the offer", due_on=date(2012, 10, 1))
    council = CouncilFactory(name="Thurrock Council", slug="thurrock")
    ParticipationFactory(programme=programme, council=council, cohort="2012")
    meeting = MeetingFactory(
        board=board, meets_on=date(2012, 1, 17), start_time=time(10, 0), venue="Smith Square"
    )
    item = AgendaItemFactory(meeting=meeting, number="1", title="Priorities 2012/13")
    item.programmes.add(programme)
    item.priorities.add(priority)
    ParagraphFactory(agenda_item=item, number="4.5", heading="Improvement", text="Peer work.")
    secret_item = AgendaItemFactory(
        meeting=meeting, number="9", title=f"{SECRET} exempt item", exempt=True
    )
    ActionFactory(meeting=meeting, agenda_item=item, description="Report back").programmes.add(
        programme
    )
    ActionFactory(meeting=meeting, agenda_item=secret_item, description=f"{SECRET} exempt action")
    member = MemberFactory(name="Peter Fleming", slug="peter-fleming", council=council)
    MembershipFactory(member=member, board=board, role="chairman")
    ThemeRoleFactory(member=member, theme=priority.theme, plan_year=year, role="lead")
    draft_year = PlanYearFactory(label="2014/15", status=PlanYear.Status.DRAFT, agreed_on=None)
    draft_priority = PriorityFactory(
        plan_year=draft_year, board=board, reference="1.1", title=f"{SECRET} draft priority"
    )
    IndicatorFactory(programme=None, priority=draft_priority, name=f"{SECRET} draft indicator")
    ThemeRoleFactory(member=member, theme=priority.theme, plan_year=draft_year, role="pool")
    return {
        "year": year,
        "priority": priority,
        "organisation": organisation,
        "board": board,
        "programme": programme,
        "indicator": indicator,
        "council": council,
        "meeting": meeting,
        "item": item,
        "secret_item": secret_item,
        "member": member,
        "draft_year": draft_year,
        "draft_priority": draft_priority,
    }


@pytest.fixture
def board_member(db):
    user = UserFactory(username="member@example.org")
    group, _ = Group.objects.get_or_create(name="Board members")
    user.groups.add(group)
    return user


@pytest.fixture
def token(board_member):
    """A board member's token: the header to send."""
    _, raw = api_token_create(user=board_member, name="Power BI")
    return f"Bearer {raw}"
