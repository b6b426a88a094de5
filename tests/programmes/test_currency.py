"""An update counts for a priority only while it is current: inside the priority's plan
year, or within the staleness window before the as-at date (two quarters by default)."""

from datetime import date

import pytest

from core.rag import Rag
from priorities.models import Priority
from programmes.models import Programme
from programmes.selectors import priorities_with_status, programme_rags_as_at, programme_status
from programmes.status import current_from, months_before
from tests import factories as f


@pytest.mark.parametrize(
    ("on", "months", "expected"),
    [
        (date(2013, 7, 31), 6, date(2013, 1, 31)),
        (date(2013, 8, 31), 6, date(2013, 2, 28)),  # February is shorter
        (date(2012, 8, 31), 6, date(2012, 2, 29)),  # and 2012 a leap year
        (date(2013, 3, 15), 3, date(2012, 12, 15)),  # across a year end
    ],
)
def test_months_before(on, months, expected):
    assert months_before(on, months) == expected


def test_window_or_plan_year_whichever_is_earlier():
    as_at = date(2013, 7, 31)
    assert current_from(as_at=as_at, window_quarters=2) == date(2013, 1, 31)
    assert current_from(
        as_at=as_at, window_quarters=2, plan_year_starts_on=date(2013, 4, 1)
    ) == date(2013, 1, 31)
    assert current_from(
        as_at=date(2014, 3, 31), window_quarters=2, plan_year_starts_on=date(2013, 4, 1)
    ) == date(2013, 4, 1)


@pytest.fixture
def priority_2013(db):
    plan_year = f.PlanYearFactory(label="2013/14")
    return f.PriorityFactory(plan_year=plan_year)


def programme_with_update(priority, on, rag=Rag.AMBER):
    programme = f.ProgrammeFactory(priorities=[priority], starts_on=date(2011, 4, 1))
    f.ProgressUpdateFactory(programme=programme, as_at=on, rag=rag)
    return programme


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("updated_on", "current"),
    [
        (date(2013, 1, 31), True),  # the day the window ends: still current
        (date(2013, 1, 30), False),  # a day older: out of date
        (date(2011, 10, 3), False),  # a previous plan year's update
        (date(2013, 4, 1), True),  # in the priority's own plan year
    ],
)
def test_an_old_update_does_not_count_for_a_priority(priority_2013, updated_on, current):
    programme_with_update(priority_2013, updated_on)
    (status,) = priorities_with_status(
        Priority.objects.filter(pk=priority_2013.pk), as_at=date(2013, 7, 31)
    )
    (programme,) = status.programmes
    assert programme.reported_on == updated_on
    assert programme.last_rag == Rag.AMBER
    if current:
        assert (programme.rag, programme.is_stale, status.rag) == (Rag.AMBER, False, Rag.AMBER)
    else:
        assert (programme.rag, programme.is_stale, status.rag) == (None, True, None)
        assert programme.stale_note == f"Last update {updated_on:%-d %B %Y}, out of date"
        assert status.rollup.rule == "No programme has reported a status yet"


@pytest.mark.django_db
def test_the_programmes_own_status_and_its_filter_use_the_window(priority_2013, settings):
    programme = programme_with_update(priority_2013, date(2012, 12, 31))
    as_at = date(2013, 7, 31)
    fetched = Programme.objects.with_status(as_at=as_at).get(pk=programme.pk)
    assert programme_status(fetched, as_at=as_at).is_stale
    assert fetched.current_rag is None
    settings.BOARDPORTAL_STALE_AFTER_QUARTERS = 3
    fetched = Programme.objects.with_status(as_at=as_at).get(pk=programme.pk)
    assert fetched.current_rag == Rag.AMBER
    assert programme_status(fetched, as_at=as_at).rag == Rag.AMBER


@pytest.mark.django_db
def test_comparing_two_dates_applies_the_same_rule(priority_2013):
    programme = programme_with_update(priority_2013, date(2012, 6, 30), rag=Rag.GREEN)
    rags = programme_rags_as_at(Programme.objects.all(), as_at=date(2012, 9, 30))
    assert rags == {programme.pk: Rag.GREEN}
    rags = programme_rags_as_at(Programme.objects.all(), as_at=date(2013, 7, 31))
    assert rags == {programme.pk: None}


@pytest.mark.django_db
def test_an_update_from_early_in_the_priorities_own_year_still_counts(priority_2013):
    # Three quarters old at year end, but within the priority's plan year.
    programme_with_update(priority_2013, date(2013, 4, 2))
    (status,) = priorities_with_status(
        Priority.objects.filter(pk=priority_2013.pk), as_at=date(2014, 3, 31)
    )
    assert status.rag == Rag.AMBER
    fetched = Programme.objects.with_status(as_at=date(2014, 3, 31)).get()
    assert programme_status(fetched, as_at=date(2014, 3, 31)).is_stale  # on its own: old
