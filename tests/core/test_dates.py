"""Dates as the papers state them."""

from datetime import date

import pytest

from core.dates import DatePrecision, as_stated


@pytest.mark.parametrize(
    ("precision", "stated", "expected"),
    [
        (DatePrecision.DAY, "", "3 October 2011"),
        (DatePrecision.MONTH, "", "October 2011"),
        (DatePrecision.YEAR, "", "2011"),
        (DatePrecision.APPROXIMATE, "", "around October 2011"),
        (DatePrecision.SEASON, "late summer 2011", "late summer 2011"),
        (DatePrecision.DAY, "early October", "early October"),  # the paper's words win
    ],
)
def test_a_date_as_stated(precision, stated, expected):
    assert as_stated(date(2011, 10, 3), precision, stated) == expected


def test_no_date_is_only_the_words():
    assert as_stated(None, DatePrecision.APPROXIMATE, "mid 2013") == "mid 2013"
    assert as_stated(None) == ""
