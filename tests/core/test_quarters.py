"""Plan-year quarters at their boundaries, without a database."""

from datetime import date

import pytest

from core.quarters import (
    Quarter,
    parse_plan_year_label,
    plan_year_label,
    quarter_of,
    quarters_of,
)


@pytest.mark.parametrize(
    ("on", "label"),
    [
        (date(2012, 3, 31), "2011/12 Q4"),
        (date(2012, 4, 1), "2012/13 Q1"),
        (date(2012, 6, 30), "2012/13 Q1"),
        (date(2012, 7, 1), "2012/13 Q2"),
        (date(2012, 9, 30), "2012/13 Q2"),
        (date(2012, 10, 1), "2012/13 Q3"),
        (date(2012, 12, 31), "2012/13 Q3"),
        (date(2013, 1, 1), "2012/13 Q4"),
        (date(2013, 3, 31), "2012/13 Q4"),
        (date(1999, 12, 31), "1999/00 Q3"),
    ],
)
def test_quarter_of(on, label):
    assert quarter_of(on).label == label


@pytest.mark.parametrize(
    ("label", "number", "ends_on"),
    [
        ("2012/13", 1, date(2012, 6, 30)),
        ("2012/13", 2, date(2012, 9, 30)),
        ("2012/13", 3, date(2012, 12, 31)),
        ("2012/13", 4, date(2013, 3, 31)),
    ],
)
def test_quarter_end(label, number, ends_on):
    assert Quarter(parse_plan_year_label(label), number).ends_on == ends_on


def test_quarter_starts_and_months():
    quarter = Quarter(2012, 4)
    assert (quarter.starts_on, quarter.ends_on) == (date(2013, 1, 1), date(2013, 3, 31))
    assert quarter.months == "Jan to Mar"


@pytest.mark.parametrize(
    ("quarter", "previous", "following"),
    [
        (Quarter(2012, 1), Quarter(2011, 4), Quarter(2012, 2)),
        (Quarter(2012, 3), Quarter(2012, 2), Quarter(2012, 4)),
        (Quarter(2012, 4), Quarter(2012, 3), Quarter(2013, 1)),
    ],
)
def test_previous_and_next(quarter, previous, following):
    assert quarter.previous() == previous
    assert quarter.next() == following


def test_quarters_of_a_plan_year():
    assert [str(q) for q in quarters_of("2013/14")] == [
        "2013/14 Q1",
        "2013/14 Q2",
        "2013/14 Q3",
        "2013/14 Q4",
    ]


@pytest.mark.parametrize("number", [0, 5, -1])
def test_quarter_numbers_are_one_to_four(number):
    with pytest.raises(ValueError, match="numbered 1 to 4"):
        Quarter(2012, number)


@pytest.mark.parametrize(
    ("label", "start"), [("2012/13", 2012), ("1999/00", 1999), (" 2011/12 ", 2011)]
)
def test_parse_plan_year_label(label, start):
    assert parse_plan_year_label(label) == start
    assert plan_year_label(start) == label.strip()


@pytest.mark.parametrize("label", ["2012/14", "2012-13", "12/13", "", "2012/13x", "abcd/ef"])
def test_parse_plan_year_label_rejects(label):
    with pytest.raises(ValueError, match="is not a plan year"):
        parse_plan_year_label(label)
