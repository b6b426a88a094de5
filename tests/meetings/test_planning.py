"""The forward plan's calendar and the sources' citations, at their boundaries: pure
functions, no database."""

from datetime import date

import pytest

from meetings.planning import HALF_YEARLY, QUARTERLY, period_ends, period_label
from meetings.sources import cited_paragraphs, paragraphs_cited


@pytest.mark.parametrize(
    ("frequency", "starts_on", "ends_on", "expected"),
    [
        # A whole plan year: four quarters, or two halves.
        (
            QUARTERLY,
            date(2012, 4, 1),
            date(2013, 3, 31),
            [date(2012, 6, 30), date(2012, 9, 30), date(2012, 12, 31), date(2013, 3, 31)],
        ),
        (HALF_YEARLY, date(2012, 4, 1), date(2013, 3, 31), [date(2012, 9, 30), date(2013, 3, 31)]),
        # Made on a period's last day, that period counts; the day after, it does not.
        (
            QUARTERLY,
            date(2012, 6, 30),
            date(2012, 12, 31),
            [date(2012, 6, 30), date(2012, 9, 30), date(2012, 12, 31)],
        ),
        (QUARTERLY, date(2012, 7, 1), date(2012, 12, 31), [date(2012, 9, 30), date(2012, 12, 31)]),
        # Ending the day before a period ends leaves that period out.
        (QUARTERLY, date(2012, 4, 1), date(2012, 12, 30), [date(2012, 6, 30), date(2012, 9, 30)]),
        # Item 3 (mid 2013): every quarter for the rest of 2013/14.
        (
            QUARTERLY,
            date(2013, 7, 31),
            date(2014, 3, 31),
            [date(2013, 9, 30), date(2013, 12, 31), date(2014, 3, 31)],
        ),
        # Item 2 (October 2011): twice a year to the end of 2011/12, so once.
        (HALF_YEARLY, date(2011, 10, 13), date(2012, 3, 31), [date(2012, 3, 31)]),
        (HALF_YEARLY, date(2012, 10, 1), date(2012, 10, 1), []),
    ],
    ids=[
        "quarterly-year",
        "half-yearly-year",
        "made-on-a-quarter-end",
        "made-the-day-after",
        "ends-a-day-short",
        "item-3",
        "item-2",
        "no-period-ends",
    ],
)
def test_period_ends(frequency, starts_on, ends_on, expected):
    assert period_ends(frequency, starts_on, ends_on) == expected


def test_an_unknown_frequency_is_refused():
    with pytest.raises(ValueError):
        period_ends("monthly", date(2012, 4, 1), date(2013, 3, 31))


@pytest.mark.parametrize(
    ("frequency", "ends_on", "label"),
    [
        (QUARTERLY, date(2013, 9, 30), "2013/14 Q2"),
        (QUARTERLY, date(2014, 3, 31), "2013/14 Q4"),
        (HALF_YEARLY, date(2012, 9, 30), "2012/13, first half (April to September)"),
        (HALF_YEARLY, date(2012, 3, 31), "2011/12, second half (October to March)"),
    ],
)
def test_period_label(frequency, ends_on, label):
    assert period_label(frequency, ends_on) == label


# --- Citations ---------------------------------------------------------------------------


def test_a_source_naming_two_papers():
    source = (
        "Item 2, Business Plan Priorities for 2011/12, October 2011, paragraphs 8-9; "
        "Item 4e, Chairman's report, October 2011, paragraph 4"
    )
    assert cited_paragraphs(source) == [
        ("Item 2, Business Plan Priorities for 2011/12, October 2011", [("8", "9")]),
        ("Item 4e, Chairman's report, October 2011", [("4", "4")]),
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Chairman's report, January 2012, paragraph 10", [("10", "10")]),
        ("Item 3, mid-2013, paragraph 22.1", [("22.1", "22.1")]),
        ("Item 3, mid-2013, paragraphs 20-24", [("20", "24")]),
        ("Item 3, mid-2013, paragraphs 4 and 5", [("4", "4"), ("5", "5")]),
        ("Item 3, mid-2013, paragraphs 4, 6.1", [("4", "4"), ("6.1", "6.1")]),
    ],
)
def test_the_paragraphs_a_source_cites(source, expected):
    ((_, refs),) = cited_paragraphs(source)
    assert refs == expected


def test_a_source_citing_no_paragraph_names_none():
    assert cited_paragraphs("Board papers, October 2011") == []
    assert cited_paragraphs("") == []


class P:
    def __init__(self, number):
        self.number = number

    def __repr__(self):
        return self.number


PARAGRAPHS = [P(n) for n in ("19", "20", "20.1", "20.2", "21", "22", "22.1", "22.3", "24", "25")]


def numbers(chosen):
    return [p.number for p in chosen]


def test_a_range_takes_in_the_sub_paragraphs_of_its_ends():
    assert numbers(paragraphs_cited(PARAGRAPHS, [("20", "22")])) == [
        "20",
        "20.1",
        "20.2",
        "21",
        "22",
        "22.1",
        "22.3",
    ]


def test_one_paragraph_is_that_paragraph_only():
    assert numbers(paragraphs_cited(PARAGRAPHS, [("20", "20")])) == ["20"]
    assert numbers(paragraphs_cited(PARAGRAPHS, [("22.3", "22.3"), ("20", "20")])) == ["22.3", "20"]


def test_each_paragraph_once():
    assert numbers(paragraphs_cited(PARAGRAPHS, [("20", "21"), ("21", "21")])) == [
        "20",
        "20.1",
        "20.2",
        "21",
    ]


def test_a_paragraph_the_paper_does_not_have_is_an_error():
    with pytest.raises(LookupError, match="no paragraph 23"):
        paragraphs_cited(PARAGRAPHS, [("23", "23")])
    with pytest.raises(LookupError, match="no paragraph 26"):
        paragraphs_cited(PARAGRAPHS, [("24", "26")])
