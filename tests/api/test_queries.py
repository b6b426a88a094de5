"""Queries per answer do not grow with the data: every list and detail of the API, and
the feeds, at two sizes, as the pages are tested (tests/test_portal.py)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.rag import Rag
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
    PriorityFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
    ReadingFactory,
    TargetPeriodFactory,
    ThemeRoleFactory,
)

pytestmark = pytest.mark.django_db

SIZES = (2, 12)
# The most any answer may take, whatever the size.
MOST = 14


def grow(world, n: int, start: int) -> None:
    """`n` more of everything, linked as in the world: each programme with an update, an
    indicator and readings, a milestone, a council, partners, a meeting with items,
    paragraphs and actions, a member with roles."""
    year, board, theme = world["year"], world["board"], world["priority"].theme
    for i in range(start, start + n):
        priority = PriorityFactory(plan_year=year, board=board, theme=theme, reference=f"9.{i}")
        priority.contributes_to.add(world["organisation"])
        programme = ProgrammeFactory(
            board=board, theme=theme, priorities=[priority], partners=[PartnerFactory()]
        )
        ProgressUpdateFactory(
            programme=programme,
            as_at=date(2012, 12, 31),
            rag=Rag.AMBER,
            override_reason="Behind on the evidence",
        )
        indicator = IndicatorFactory(programme=programme)
        TargetPeriodFactory(indicator=indicator)
        ReadingFactory(indicator=indicator, as_at=date(2012, 6, 30), value=Decimal("10"))
        ReadingFactory(indicator=indicator, as_at=date(2012, 9, 30), value=Decimal("40"))
        MilestoneFactory(programme=programme, due_on=date(2012, 10, 1))
        ParticipationFactory(programme=programme, council=CouncilFactory())
        meeting = MeetingFactory(board=board, meets_on=date(2012, 2, 1) + timedelta(days=i))
        for number in ("1", "2"):
            item = AgendaItemFactory(meeting=meeting, number=number)
            item.programmes.add(programme)
            item.priorities.add(priority)
            paragraph = ParagraphFactory(agenda_item=item)
            paragraph.programmes.add(programme)
            ActionFactory(meeting=meeting, agenda_item=item).programmes.add(programme)
        member = MemberFactory()
        MembershipFactory(member=member, board=board)
        ThemeRoleFactory(member=member, theme=theme, plan_year=year)


def urls(world) -> dict[str, str]:
    as_at = "?as_at=2012-12-31"
    return {
        "plan years": "/api/v1/plan-years/",
        "plan year": f"/api/v1/plan-years/2012-13/{as_at}",
        "boards": "/api/v1/boards/",
        "themes": "/api/v1/themes/",
        "priorities": f"/api/v1/priorities/{as_at}",
        "priorities by status": f"/api/v1/priorities/{as_at}&rag=amber",
        "priority": f"/api/v1/priorities/{world['priority'].pk}/{as_at}",
        "programmes": f"/api/v1/programmes/{as_at}",
        "programmes filtered": f"/api/v1/programmes/{as_at}&rag=amber&plan_year=2012-13",
        "programme": f"/api/v1/programmes/corporate-peer-challenge/{as_at}",
        "milestones": f"/api/v1/milestones/{as_at}",
        "indicators": f"/api/v1/indicators/{as_at}",
        "indicator": f"/api/v1/indicators/{world['indicator'].pk}/{as_at}",
        "progress updates": "/api/v1/progress-updates/",
        "councils": "/api/v1/councils/",
        "council": "/api/v1/councils/thurrock/",
        "take-up": "/api/v1/councils/take-up/",
        "participations": "/api/v1/participations/",
        "meetings": "/api/v1/meetings/",
        "meeting": f"/api/v1/meetings/{world['meeting'].pk}/",
        "agenda items": "/api/v1/agenda-items/",
        "agenda item": f"/api/v1/agenda-items/{world['item'].pk}/",
        "actions": f"/api/v1/actions/{as_at}",
        "members": "/api/v1/members/",
        "member": "/api/v1/members/peter-fleming/",
        "calendar": "/feeds/meetings.ics",
        "updates feed": "/feeds/progress-updates.atom",
        "papers feed": "/feeds/agenda-papers.atom",
    }


def count(client, url, **headers) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.content[:200])
    return len(queries)


@pytest.mark.parametrize("who", ["anonymous", "token"])
def test_queries_per_answer_do_not_grow(client, world, token, who):
    headers = {"HTTP_AUTHORIZATION": token} if who == "token" else {}
    # The token's first use of the minute writes its last use: not part of any answer.
    client.get("/api/v1/", **headers)
    counts: dict[str, list[int]] = {}
    made = 0
    for size in SIZES:
        grow(world, size - made, made)
        made = size
        for name, url in urls(world).items():
            counts.setdefault(name, []).append(count(client, url, **headers))
    growing = {name: n for name, n in counts.items() if n[0] != n[1]}
    assert growing == {}
    too_many = {name: n[1] for name, n in counts.items() if n[1] > MOST}
    assert too_many == {}
