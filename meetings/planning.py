"""The forward plan's calendar, without the database: which periods a recurring report
covers ("twice a year to the Board", "every quarter to the Executive") and how each
period is named. Periods are the plan year's: quarters end on 30 June, 30 September,
31 December and 31 March; half-years on 30 September and 31 March."""

from __future__ import annotations

from datetime import date

from core.quarters import Quarter, quarter_of

QUARTERLY = "quarterly"
HALF_YEARLY = "half_yearly"
# Quarters that end a period: every one, or the second and fourth (the half-years).
ENDING_QUARTERS = {QUARTERLY: (1, 2, 3, 4), HALF_YEARLY: (2, 4)}
# No commitment runs longer than this: a typing slip must not make a thousand reports.
LONGEST_YEARS = 10


def period_ends(frequency: str, starts_on: date, ends_on: date) -> list[date]:
    """The last days of the periods that end from `starts_on` to `ends_on`, both
    included: a report is due for each. A period ending before the commitment was made
    is not due under it."""
    if frequency not in ENDING_QUARTERS:
        raise ValueError(f"Unknown frequency {frequency!r}")
    ends: list[date] = []
    quarter: Quarter = quarter_of(starts_on)
    while quarter.ends_on <= ends_on:
        if quarter.number in ENDING_QUARTERS[frequency] and quarter.ends_on >= starts_on:
            ends.append(quarter.ends_on)
        quarter = quarter.next()
    return ends


def period_label(frequency: str, ends_on: date) -> str:
    """'2013/14 Q2'; '2011/12, second half (October to March)'."""
    quarter = quarter_of(ends_on)
    if frequency == HALF_YEARLY:
        half = (
            "first half (April to September)"
            if quarter.number <= 2
            else ("second half (October to March)")
        )
        return f"{quarter.plan_year}, {half}"
    return quarter.label
