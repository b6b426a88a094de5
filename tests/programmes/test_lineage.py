"""A priority's line across three plan years, each priority with its status at its own
year's end, read in a fixed number of queries."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from core.rag import Rag
from priorities.models import PlanYear, PriorityLink
from programmes.lineage import priority_line
from tests import factories as f

pytestmark = pytest.mark.django_db


def three_year_line():
    """Taking the Lead (2011/12 3.1) to peer challenge (2012/13 4.5) to Sector Led
    Improvement (2013/14 15.1), each with a programme whose updates move over time."""
    years = {y: f.PlanYearFactory(label=y) for y in ("2011/12", "2012/13", "2013/14")}
    line = {
        "2011/12": f.PriorityFactory(plan_year=years["2011/12"], reference="3.1"),
        "2012/13": f.PriorityFactory(plan_year=years["2012/13"], reference="4.5"),
        "2013/14": f.PriorityFactory(plan_year=years["2013/14"], reference="15.1"),
    }
    f.PriorityLinkFactory(earlier=line["2011/12"], later=line["2012/13"])
    f.PriorityLinkFactory(earlier=line["2012/13"], later=line["2013/14"])
    updates = {
        "2011/12": [(date(2012, 3, 31), Rag.GREEN), (date(2012, 4, 1), Rag.RED)],
        "2012/13": [(date(2013, 3, 31), Rag.AMBER)],
        "2013/14": [(date(2014, 3, 31), Rag.RED), (date(2014, 4, 1), Rag.GREEN)],
    }
    for label, dated in updates.items():
        programme = f.ProgrammeFactory(priorities=[line[label]])
        for on, rag in dated:
            f.ProgressUpdateFactory(programme=programme, as_at=on, rag=rag)
    return years, line


def test_each_year_of_the_line_has_its_status_at_its_own_end(django_assert_num_queries):
    _, line = three_year_line()
    # The links once (with the priorities they join), then each year's programmes'
    # statuses.
    with django_assert_num_queries(1 + 3):
        seen = priority_line(line["2012/13"], user=AnonymousUser())
    assert [
        (y.plan_year.label, [s.priority.reference for s in y.steps], y.as_at, y.steps[0].status.rag)
        for y in seen.years
    ] == [
        # An update the day after a year ends does not count for it.
        ("2011/12", ["3.1"], date(2012, 3, 31), Rag.GREEN),
        ("2012/13", ["4.5"], date(2013, 3, 31), Rag.AMBER),
        ("2013/14", ["15.1"], date(2014, 3, 31), Rag.RED),
    ]
    assert seen.is_recorded
    (came_from,) = seen.years[1].steps[0].came_from
    assert (came_from.earlier, came_from.kind) == (line["2011/12"], "carried_forward")


def test_the_same_line_from_either_end(django_assert_num_queries):
    _, line = three_year_line()
    for end in ("2011/12", "2013/14"):
        seen = priority_line(line[end], user=AnonymousUser())
        assert [y.plan_year.label for y in seen.years] == ["2011/12", "2012/13", "2013/14"]


def test_a_status_already_read_for_the_page_is_used_again(django_assert_num_queries):
    from priorities.models import Priority
    from programmes.selectors import priorities_with_status

    _, line = three_year_line()
    (known,) = priorities_with_status(
        Priority.objects.filter(pk=line["2012/13"].pk), as_at=date(2013, 3, 31)
    )
    with django_assert_num_queries(1 + 2):
        seen = priority_line(line["2012/13"], user=AnonymousUser(), known=known)
    assert seen.years[1].steps[0].status is known


def test_a_draft_years_priority_is_left_out_for_the_public():
    years, line = three_year_line()
    PlanYear.objects.filter(pk=years["2013/14"].pk).update(status=PlanYear.Status.DRAFT)
    public = priority_line(line["2012/13"], user=AnonymousUser())
    assert [y.plan_year.label for y in public.years] == ["2011/12", "2012/13"]
    member = priority_line(line["2012/13"], user=f.UserFactory())
    assert [y.plan_year.label for y in member.years] == ["2011/12", "2012/13", "2013/14"]


def test_a_priority_with_nothing_recorded_is_a_line_of_one():
    lone = f.PriorityFactory()
    seen = priority_line(lone, user=AnonymousUser())
    assert ([y.plan_year.label for y in seen.years], seen.is_recorded) == (["2012/13"], False)


def test_a_dropped_priority_ends_its_line():
    years, line = three_year_line()
    dropped = f.PriorityFactory(plan_year=years["2012/13"], reference="4.9")
    f.PriorityLinkFactory(
        earlier=dropped, later=None, kind=PriorityLink.Kind.DROPPED, plan_year=years["2013/14"]
    )
    seen = priority_line(dropped, user=AnonymousUser())
    (step,) = seen.years[0].steps
    assert step.dropped.plan_year == years["2013/14"]
    assert seen.is_recorded
