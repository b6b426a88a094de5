"""Status as at a date from the database: exact values, and query counts that do not
grow with the number of rows."""

from datetime import date
from decimal import Decimal

import pytest

from core.rag import Rag
from priorities.models import Priority
from programmes.models import Programme
from programmes.rounds import round_open
from programmes.selectors import (
    plan_year_summary,
    priorities_with_status,
    priority_rollups,
    programme_status,
    summarise,
)
from tests.factories import (
    IndicatorFactory,
    MilestoneFactory,
    PlanYearFactory,
    PriorityFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
    ReadingFactory,
)

pytestmark = pytest.mark.django_db

Q3_END = date(2012, 12, 31)


def status_of(programme, as_at):
    fetched = Programme.objects.with_status(as_at=as_at).get(pk=programme.pk)
    return programme_status(fetched, as_at=as_at)


def test_status_is_the_latest_update_on_or_before_the_date():
    programme = ProgrammeFactory()
    ProgressUpdateFactory(programme=programme, as_at=date(2012, 6, 30), rag=Rag.GREEN)
    ProgressUpdateFactory(
        programme=programme, as_at=date(2012, 12, 31), rag=Rag.AMBER, headline="Slipping"
    )
    ProgressUpdateFactory(programme=programme, as_at=date(2013, 1, 15), rag=Rag.RED)

    assert status_of(programme, date(2012, 6, 29)).rag is None
    assert status_of(programme, date(2012, 6, 30)).rag == Rag.GREEN
    at_q3 = status_of(programme, Q3_END)
    assert (at_q3.rag, at_q3.reported_on, at_q3.headline) == (
        Rag.AMBER,
        date(2012, 12, 31),
        "Slipping",
    )
    assert status_of(programme, date(2013, 3, 31)).rag == Rag.RED


def test_suggestion_from_an_overdue_milestone():
    programme = ProgrammeFactory()
    ProgressUpdateFactory(programme=programme, as_at=date(2012, 1, 1), rag=Rag.GREEN)
    MilestoneFactory(programme=programme, due_on=date(2012, 1, 31), completed_on=None)

    before = status_of(programme, date(2012, 1, 31))
    assert (before.suggested, before.overdue_milestones) == (Rag.GREEN, 0)
    after = status_of(programme, date(2012, 2, 1))
    assert (after.rag, after.suggested, after.overdue_milestones) == (Rag.GREEN, Rag.AMBER, 1)
    assert after.differs


def test_suggestion_from_an_indicator_behind_trajectory():
    programme = ProgrammeFactory()
    indicator = IndicatorFactory(
        programme=programme,
        target_value=Decimal("100"),
        target_starts_on=date(2012, 4, 1),
        target_ends_on=date(2013, 3, 31),
    )
    ReadingFactory(indicator=indicator, as_at=date(2012, 9, 30), value=Decimal("40"))
    ReadingFactory(indicator=indicator, as_at=date(2013, 3, 31), value=Decimal("100"))

    # At 30 September 182 of 364 days have passed: 50 expected, 40 is 20% behind: amber.
    mid = status_of(programme, date(2012, 9, 30))
    assert mid.indicators[0].actual == Decimal("40")
    assert mid.indicators[0].check.expected == Decimal("50")
    assert mid.suggested == Rag.AMBER
    # By 31 December 75 are expected and the latest reading is still 40: red.
    assert status_of(programme, Q3_END).suggested == Rag.RED
    assert status_of(programme, date(2013, 3, 31)).suggested == Rag.GREEN


def test_no_evidence_no_suggestion():
    programme = ProgrammeFactory()
    MilestoneFactory(programme=programme, due_on=date(2013, 1, 31))
    assert status_of(programme, Q3_END).suggested is None


def make_priority_with_programmes(n, *, plan_year):
    priority = PriorityFactory(plan_year=plan_year)
    rags = [Rag.GREEN, Rag.GREEN, Rag.AMBER, Rag.RED, Rag.COMPLETE]
    for i in range(n):
        programme = ProgrammeFactory(priorities=[priority])
        ProgressUpdateFactory(programme=programme, as_at=date(2012, 12, 1), rag=rags[i % 5])
        indicator = IndicatorFactory(programme=programme)
        ReadingFactory(indicator=indicator, as_at=date(2012, 11, 30), value=Decimal("60"))
        MilestoneFactory(programme=programme, due_on=date(2012, 12, 1))
    return priority


def test_priority_rollup_exact():
    plan_year = PlanYearFactory()
    priority = make_priority_with_programmes(5, plan_year=plan_year)
    (status,) = priorities_with_status(Priority.objects.filter(pk=priority.pk), as_at=Q3_END)
    # green, green, amber, red, complete: (1 + 1 + 0.5 + 0 + 1) / 5 = 0.7: amber.
    assert status.rag == Rag.AMBER
    assert status.rollup.rule == "Weighted score 0.70 of 5 programmes"
    assert status.summary == "3 of 5 programmes on track"
    # 60 against 75.3 expected by 31 December is 20.3% behind (over twice the margin),
    # and a milestone is overdue: the evidence suggests red for every programme.
    assert [p.suggested for p in status.programmes] == [Rag.RED] * 5


def test_priority_override_stands():
    plan_year = PlanYearFactory()
    priority = make_priority_with_programmes(4, plan_year=plan_year)
    Priority.objects.filter(pk=priority.pk).update(
        status_override=Rag.GREEN, override_reason="Recovery plan agreed in December"
    )
    (status,) = priorities_with_status(Priority.objects.filter(pk=priority.pk), as_at=Q3_END)
    assert status.rag == Rag.GREEN
    assert status.rollup.rule == "Set by an officer: Recovery plan agreed in December"


@pytest.mark.parametrize("size", [2, 12])
def test_rollup_queries_do_not_grow(size, django_assert_num_queries):
    plan_year = PlanYearFactory()
    for _ in range(size):
        make_priority_with_programmes(3, plan_year=plan_year)
    # Priorities, their programmes (with status subqueries), the programmes' indicators.
    with django_assert_num_queries(3):
        statuses = priorities_with_status(
            Priority.objects.filter(plan_year=plan_year), as_at=Q3_END
        )
        rags = [s.rag for s in statuses]
        indicators = [i.check.verdict for s in statuses for p in s.programmes for i in p.indicators]
    assert len(rags) == size
    assert len(indicators) == size * 3
    # From the statuses alone: the priorities, then one row per priority and programme
    # with its status worked out in SQL.
    with django_assert_num_queries(2):
        light = priority_rollups(Priority.objects.filter(plan_year=plan_year), as_at=Q3_END)
        assert [s.summary for s in light] == ["2 of 3 programmes on track"] * size
    assert [s.rag for s in light] == rags


def test_plan_year_summary_counts():
    plan_year = PlanYearFactory()
    make_priority_with_programmes(5, plan_year=plan_year)  # amber
    make_priority_with_programmes(1, plan_year=plan_year)  # green
    PriorityFactory(plan_year=plan_year)  # no programmes: no status
    summary = plan_year_summary(plan_year, as_at=Q3_END)
    assert summary.priority_counts["amber"] == 1
    assert summary.priority_counts["green"] == 1
    assert summary.priority_counts[""] == 1
    assert summary.programme_counts["green"] == 3
    assert summary.programme_counts["amber"] == 1
    assert summary.programme_counts["red"] == 1
    assert summary.programme_counts["complete"] == 1
    assert summary.programme_counts.total == 6
    assert sum(c.total for c in summary.by_theme.values()) == 3


def test_due_an_update_is_for_the_rounds_quarter():
    fresh = ProgrammeFactory()
    ProgressUpdateFactory(programme=fresh, as_at=date(2012, 10, 5))
    stale = ProgrammeFactory()
    ProgressUpdateFactory(programme=stale, as_at=date(2012, 9, 30))
    ProgrammeFactory(status=Programme.Status.CLOSED)
    ProgrammeFactory(ends_on=date(2012, 9, 30))  # over before the quarter began
    round = round_open(
        plan_year=PlanYearFactory(label="2012/13"),
        quarter=3,
        opened_on=date(2012, 12, 3),
        deadline=date(2013, 1, 18),
    )
    assert list(Programme.objects.due_an_update(round)) == [stale]


def rolled_up_both_ways(priorities, *, as_at, include_drafts=False):
    """(rag, rule, summary, programmes' (pk, rag) pairs) per priority, from the full read
    and from the statuses alone."""

    def key(statuses):
        return [
            (
                s.priority.pk,
                s.rag,
                s.rollup.rule,
                s.summary,
                sorted((p.pk, p.rag) for p in s.programmes),
            )
            for s in statuses
        ]

    full = priorities_with_status(priorities, as_at=as_at, include_drafts=include_drafts)
    light = priority_rollups(priorities, as_at=as_at, include_drafts=include_drafts)
    return key(full), key(light)


def test_rollups_from_the_statuses_alone_agree_with_the_full_read():
    plan_year = PlanYearFactory(label="2012/13")
    earlier = PlanYearFactory(label="2011/12")
    mixed = make_priority_with_programmes(5, plan_year=plan_year)
    weighted = PriorityFactory(plan_year=plan_year)
    for rag, weight in ((Rag.RED, "3"), (Rag.GREEN, "1"), (Rag.NOT_STARTED, "5")):
        programme = ProgrammeFactory(priorities=[weighted], weight=Decimal(weight))
        ProgressUpdateFactory(programme=programme, as_at=date(2012, 11, 1), rag=rag)
    # Shared by two priorities of different years, counted by each (once in the tallies):
    # as at 31 December 2012 its March 2012 update is beyond two quarters, current for the
    # 2011/12 priority (in its plan year), out of date for the 2012/13 one.
    older = PriorityFactory(plan_year=earlier)
    shared = ProgrammeFactory(priorities=[weighted, older])
    ProgressUpdateFactory(programme=shared, as_at=date(2012, 3, 1), rag=Rag.AMBER)
    drafted = ProgrammeFactory(priorities=[weighted])
    ProgressUpdateFactory(
        programme=drafted, as_at=date(2012, 12, 1), rag=Rag.RED, published_at=None
    )
    overridden = make_priority_with_programmes(2, plan_year=plan_year)
    Priority.objects.filter(pk=overridden.pk).update(
        status_override=Rag.RED, override_reason="Funding withdrawn"
    )
    PriorityFactory(plan_year=plan_year)  # none: "No programmes recorded"
    every = Priority.objects.filter(pk__in=[mixed.pk, weighted.pk, overridden.pk]) | (
        Priority.objects.filter(plan_year__in=[plan_year, earlier])
    )
    for include_drafts in (False, True):
        full, light = rolled_up_both_ways(every, as_at=Q3_END, include_drafts=include_drafts)
        assert light == full
    full, _ = rolled_up_both_ways(Priority.objects.filter(pk=weighted.pk), as_at=Q3_END)
    # red 3 (score 0) and green 1 (score 1); not started and out of date not counted:
    # 1 / 4 = 0.25, red. The draft counts only in the staff preview.
    assert full[0][1:3] == (Rag.RED, "Weighted score 0.25 of 2 programmes")
    _, light = rolled_up_both_ways(Priority.objects.filter(pk=older.pk), as_at=Q3_END)
    assert light[0][1] == Rag.AMBER
    summary = plan_year_summary(plan_year, as_at=Q3_END)
    overview = summarise(
        plan_year,
        as_at=Q3_END,
        statuses=priority_rollups(Priority.objects.filter(plan_year=plan_year), as_at=Q3_END),
    )
    assert overview.priority_counts == summary.priority_counts
    assert overview.programme_counts == summary.programme_counts
    assert overview.by_board == summary.by_board
