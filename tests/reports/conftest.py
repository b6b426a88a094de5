"""Report datasets: `known`, one priority whose two programmes move in Q3 2012/13, and
`world`, which adds every kind of exception and of action beside it."""

from datetime import date
from decimal import Decimal

import pytest

from core.rag import Rag
from meetings.models import Action
from tests.factories import (
    ActionFactory,
    IndicatorFactory,
    MeetingFactory,
    MilestoneFactory,
    PlanYearFactory,
    PriorityFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
    ReadingFactory,
)


@pytest.fixture
def known():
    """Two programmes for one priority: one falls from green to red in Q3."""
    year = PlanYearFactory(label="2012/13")
    priority = PriorityFactory(plan_year=year, reference="4.5", title="Peer challenges")
    falling = ProgrammeFactory(name="Corporate peer challenge", priorities=[priority])
    ProgressUpdateFactory(programme=falling, as_at=date(2012, 9, 15), rag=Rag.GREEN)
    ProgressUpdateFactory(
        programme=falling, as_at=date(2012, 12, 20), rag=Rag.RED, headline="Bookings collapsed"
    )
    steady = ProgrammeFactory(name="LG Inform", priorities=[priority])
    ProgressUpdateFactory(programme=steady, as_at=date(2012, 9, 1), rag=Rag.AMBER)
    ProgressUpdateFactory(programme=steady, as_at=date(2012, 12, 1), rag=Rag.GREEN)
    indicator = IndicatorFactory(
        programme=falling,
        name="Peer challenges delivered",
        target_value=Decimal("100"),
        target_starts_on=date(2012, 4, 1),
        target_ends_on=date(2013, 3, 31),
    )
    ReadingFactory(indicator=indicator, as_at=date(2012, 12, 31), value=Decimal("42"))
    MilestoneFactory(programme=falling, title="Publish the offer", due_on=date(2012, 11, 30))
    MilestoneFactory(
        programme=steady,
        title="Prototype live",
        due_on=date(2012, 10, 31),
        completed_on=date(2012, 10, 30),
    )
    MilestoneFactory(programme=steady, title="Prototype Plus", due_on=date(2013, 2, 1))
    action = ActionFactory(
        description="Paper for the next meeting", meeting__meets_on=date(2012, 11, 8)
    )
    action.programmes.add(falling)
    return priority


# The actions of `world` that the Q3 overview lists, in its order (A1, A2...), and those
# it must not list.
LISTED_ACTIONS = [
    "Paper for the next meeting",
    "Report on both priorities together",
    "Bring the Leeds Castle evaluation",
    "Plan councillor development for 2013/14",
]
UNLISTED_ACTIONS = ["Circulate the minutes", "Draft the 2013/14 plan"]


@pytest.fixture
def world(known):
    """`known`, and beside it, in Q3 2012/13:

    - 4.6, a priority with no programme;
    - 4.7, whose programmes are Leeds Castle (last update in Q2: none in Q3, still
      current), Next Generation (last update October 2011: out of date), Knowledge Hub
      (no update ever) and Political Mentoring Toolkit (complete, ended in Q1: not
      expected to report in Q3);
    - actions set at the November meeting: one about 4.5 and 4.7 (due January: open),
      one due at the December meeting (overdue), one due at the February meeting (open);
      one done, and one set in January 2013 (neither listed). With `known`'s action,
      due on 8 November (overdue): A1 to A4, of which A1 and A3 are overdue.
    """
    year = known.plan_year
    lonely = PriorityFactory(
        plan_year=year, board=known.board, reference="4.6", title="Councillor development"
    )
    second = PriorityFactory(plan_year=year, board=known.board, reference="4.7", title="Leadership")
    castle = ProgrammeFactory(name="Leeds Castle", priorities=[second])
    ProgressUpdateFactory(programme=castle, as_at=date(2012, 9, 10), rag=Rag.GREEN)
    old = ProgrammeFactory(name="Next Generation", priorities=[second])
    ProgressUpdateFactory(programme=old, as_at=date(2011, 10, 13), rag=Rag.GREEN)
    ProgrammeFactory(name="Knowledge Hub", priorities=[second])
    ended = ProgrammeFactory(
        name="Political Mentoring Toolkit", priorities=[second], ends_on=date(2012, 6, 30)
    )
    ProgressUpdateFactory(programme=ended, as_at=date(2012, 6, 30), rag=Rag.COMPLETE)

    november = Action.objects.get(description="Paper for the next meeting").meeting
    december = MeetingFactory(board=november.board, meets_on=date(2012, 12, 6))
    february = MeetingFactory(board=november.board, meets_on=date(2013, 2, 7))
    shared = ActionFactory(
        meeting=november, description=LISTED_ACTIONS[1], due_on=date(2013, 1, 31)
    )
    shared.priorities.add(known, second)
    evaluation = ActionFactory(
        meeting=november, description=LISTED_ACTIONS[2], due_on=None, due_meeting=december
    )
    evaluation.programmes.add(castle)
    plan = ActionFactory(
        meeting=november, description=LISTED_ACTIONS[3], due_on=None, due_meeting=february
    )
    plan.priorities.add(lonely)
    done = ActionFactory(
        meeting=november,
        description=UNLISTED_ACTIONS[0],
        status=Action.Status.DONE,
        outcome="Circulated",
    )
    done.priorities.add(known)
    later = ActionFactory(
        meeting=MeetingFactory(board=november.board, meets_on=date(2013, 1, 15)),
        description=UNLISTED_ACTIONS[1],
    )
    later.priorities.add(known)
    return year
