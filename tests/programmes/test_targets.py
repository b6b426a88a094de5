"""Targets as the papers state them: a schedule of periods, a qualifier in words, a basis,
and targets with no period shown but never assessed."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.rag import Rag
from programmes.charts import format_value, sentence, target_words
from programmes.models import Indicator, Programme, Qualifier, TargetPeriod
from programmes.models.targets import qualified
from programmes.selectors import programme_status
from programmes.services import target_period_save
from programmes.status import Target, Trajectory, target_for, trajectory_in_period
from tests import factories as f

YEAR_1 = Target(Decimal(100), "over", date(2012, 4, 1), date(2013, 3, 31))
YEAR_2 = Target(Decimal(100), "over", date(2013, 4, 1), date(2014, 3, 31))
YEAR_4 = Target(Decimal(120), "over", date(2015, 4, 1), date(2016, 3, 31))  # after a gap
NO_PERIOD = Target(Decimal(20), "around")


# --- Which period progress is judged by (pure) -------------------------------------------


@pytest.mark.parametrize(
    ("as_at", "expected"),
    [
        (date(2012, 3, 31), None),  # the day before the first period: not begun
        (date(2012, 4, 1), YEAR_1),  # its first day
        (date(2013, 3, 31), YEAR_1),  # its last day
        (date(2013, 4, 1), YEAR_2),  # the next period's first day
        (date(2014, 3, 31), YEAR_2),
        (date(2014, 4, 1), YEAR_2),  # in a gap: the last period over
        (date(2015, 3, 31), YEAR_2),
        (date(2015, 4, 1), YEAR_4),
        (date(2020, 1, 1), YEAR_4),  # all over: the last
    ],
)
def test_the_period_containing_the_date_else_the_last_one_over(as_at, expected):
    assert target_for([YEAR_4, NO_PERIOD, YEAR_2, YEAR_1], as_at) == expected


def test_a_target_with_no_period_is_never_judged_by():
    assert target_for([NO_PERIOD], date(2013, 1, 1)) is None
    check = trajectory_in_period(
        target=NO_PERIOD, actual=Decimal(5), actual_as_at=date(2012, 6, 30), as_at=date(2013, 1, 1)
    )
    assert check.verdict == Trajectory.NOT_ASSESSED


@pytest.mark.parametrize(
    ("read_on", "verdict"),
    [
        (date(2013, 3, 31), Trajectory.NOT_ASSESSED),  # the day before the period began
        (date(2013, 4, 1), Trajectory.WELL_BEHIND),  # on its first day it counts
    ],
)
def test_a_reading_from_before_the_period_is_not_progress_in_it(read_on, verdict):
    # 30 June 2013: 91 of 365 days into year 2, about 25 expected; 10 is well behind.
    check = trajectory_in_period(
        target=YEAR_2, actual=Decimal(10), actual_as_at=read_on, as_at=date(2013, 6, 30)
    )
    assert check.verdict == verdict


# --- Words: every figure with its qualifier, every target with its period ----------------


@pytest.mark.parametrize(
    ("qualifier", "words"),
    [
        (Qualifier.EXACTLY, "100"),
        (Qualifier.AT_LEAST, "at least 100"),
        (Qualifier.OVER, "over 100"),
        (Qualifier.AROUND, "around 100"),
        (Qualifier.UP_TO, "up to 100"),
        ("", "100"),
    ],
)
def test_a_qualifier_in_words(qualifier, words):
    assert qualified("100", qualifier) == words


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "words"),
    [
        (Decimal("150000000"), Indicator.Unit.GBP, "at_least", "at least £150,000,000"),
        (Decimal("20"), Indicator.Unit.PERCENT, "around", "around 20%"),
        (Decimal("2410"), Indicator.Unit.COUNT, "exactly", "2,410"),
        (Decimal("40"), Indicator.Unit.PEOPLE, "over", "over 40"),
    ],
)
def test_figures_read_as_people_write_them(value, unit, qualifier, words):
    assert format_value(value, unit, qualifier) == words


def test_target_words_give_the_basis_and_the_period_or_its_absence():
    place = Indicator(unit=Indicator.Unit.COUNT, target_basis="per_council")
    assert target_words(Target(Decimal(1), "exactly", YEAR_1.starts_on, YEAR_1.ends_on), place) == (
        "1 per council by March 2013"
    )
    saving = Indicator(unit=Indicator.Unit.PERCENT, target_basis="per_council")
    assert target_words(NO_PERIOD, saving) == "around 20% per council, with no period stated"
    assert target_words(None, saving) == "no target"


# --- The schedule in the database: rules and the status read from it -------------------


def three_years(**kwargs) -> Indicator:
    """'over 100 peer challenges in each of the next 3 years'."""
    indicator = f.IndicatorFactory(target_qualifier="over", **kwargs)
    for start in (2013, 2014):
        f.TargetPeriodFactory(
            indicator=indicator,
            starts_on=date(start, 4, 1),
            ends_on=date(start + 1, 3, 31),
        )
    return indicator


def status_of(programme: Programme, as_at: date):
    fetched = Programme.objects.with_status(as_at=as_at).get(pk=programme.pk)
    return programme_status(fetched, as_at=as_at)


@pytest.mark.django_db
def test_the_second_year_is_judged_by_its_own_period():
    indicator = three_years()
    f.ReadingFactory(indicator=indicator, as_at=date(2013, 3, 31), value=Decimal(100))
    f.ReadingFactory(indicator=indicator, as_at=date(2013, 9, 30), value=Decimal(20))
    first_end = status_of(indicator.programme, date(2013, 3, 31)).indicators[0]
    assert (first_end.target.starts_on, first_end.check.verdict) == (
        date(2012, 4, 1),
        Trajectory.ON_TRACK,
    )
    # 30 September 2013: half of year 2, 50 expected from a baseline of 0; 20 is 60% short.
    second = status_of(indicator.programme, date(2013, 9, 30)).indicators[0]
    assert second.target.starts_on == date(2013, 4, 1)
    assert second.check.expected == Decimal(50)
    assert second.check.verdict == Trajectory.WELL_BEHIND
    assert "against a target of over 100 by March 2014: well behind trajectory" in sentence(second)
    # On the first day of year 2 the end-of-year-1 reading does not count in it.
    start = status_of(indicator.programme, date(2013, 4, 1)).indicators[0]
    assert (start.target.starts_on, start.check.verdict) == (
        date(2013, 4, 1),
        Trajectory.NOT_ASSESSED,
    )


@pytest.mark.django_db
def test_a_target_with_no_period_is_shown_not_assessed_and_suggests_nothing():
    programme = f.ProgrammeFactory()
    aim = f.IndicatorFactory(
        programme=programme,
        unit=Indicator.Unit.PERCENT,
        target_value=Decimal(20),
        target_qualifier="around",
        target_basis="per_council",
        target_starts_on=None,
        target_ends_on=None,
    )
    f.ReadingFactory(indicator=aim, as_at=date(2012, 9, 30), value=Decimal(5))
    status = status_of(programme, date(2012, 12, 31))
    (indicator,) = status.indicators
    assert indicator.target == aim.own_target()
    assert indicator.check.verdict == Trajectory.NOT_ASSESSED
    assert indicator.percent_of_target is None
    assert status.suggested is None  # no evidence with a period to go on
    assert sentence(indicator) == (
        f"{aim.name}: 5% at 30 September 2012. Target: around 20% per council, with no "
        "period stated, so it is not assessed against a trajectory."
    )
    # The status the officer gives stands with no suggestion to differ from.
    update = f.ProgressUpdateFactory(programme=programme, as_at=date(2012, 12, 31), rag=Rag.RED)
    assert update.suggested_rag == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("starts_on", "ends_on", "field"),
    [
        (date(2013, 3, 31), date(2014, 3, 31), "starts_on"),  # the first period's last day
        (date(2014, 1, 1), date(2014, 12, 31), "starts_on"),  # overlaps year 2
        (date(2015, 4, 1), date(2015, 3, 1), "ends_on"),  # ends before it starts
    ],
)
def test_periods_follow_the_first_and_never_overlap(starts_on, ends_on, field):
    indicator = f.IndicatorFactory()
    f.TargetPeriodFactory(indicator=indicator)  # 2013/14
    period = TargetPeriod(
        indicator=indicator, starts_on=starts_on, ends_on=ends_on, value=Decimal(100)
    )
    with pytest.raises(ValidationError) as error:
        target_period_save(period=period)
    assert field in error.value.message_dict


@pytest.mark.django_db
def test_a_period_the_day_after_the_first_ends_is_accepted():
    indicator = f.IndicatorFactory()
    period = TargetPeriod(
        indicator=indicator, starts_on=date(2013, 4, 1), ends_on=date(2014, 3, 31), value=1
    )
    assert target_period_save(period=period).pk is not None
    # The first period cannot then grow over it, nor lose its dates.
    indicator.target_ends_on = date(2013, 4, 1)
    with pytest.raises(ValidationError, match="A later period starts on 1 April 2013"):
        indicator.full_clean()
    indicator.target_starts_on = indicator.target_ends_on = None
    with pytest.raises(ValidationError, match="later target periods"):
        indicator.full_clean()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"target_starts_on": None}, "Give both dates of the target period, or neither."),
        ({"target_value": None}, "Give the target for this period, or clear its dates."),
        ({"target_value": Decimal("1.5")}, "A count is a whole number."),
    ],
)
@pytest.mark.django_db
def test_the_first_period_is_whole_or_absent(changes, message):
    indicator = f.IndicatorFactory.build(programme=f.ProgrammeFactory(), **changes)
    with pytest.raises(ValidationError, match=message):
        indicator.full_clean()
