"""Plan years and their quarters: April to March, Q1 Apr-Jun ... Q4 Jan-Mar.

Pure functions, no database.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

LABEL_RE = re.compile(r"^(?P<start>\d{4})/(?P<end>\d{2})$")


def plan_year_start(on: date) -> int:
    """The calendar year in which the plan year containing `on` starts."""
    return on.year if on.month >= 4 else on.year - 1


def plan_year_label(start_year: int) -> str:
    """`2012` gives `2012/13`."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def parse_plan_year_label(label: str) -> int:
    """`2012/13` gives 2012; anything else raises ValueError."""
    match = LABEL_RE.match(label.strip())
    if not match:
        raise ValueError(f"{label!r} is not a plan year like 2012/13")
    start = int(match["start"])
    if (start + 1) % 100 != int(match["end"]):
        raise ValueError(f"{label!r} is not a plan year like 2012/13")
    return start


@dataclass(frozen=True, order=True)
class Quarter:
    """One quarter of a plan year."""

    start_year: int
    number: int

    def __post_init__(self):
        if self.number not in (1, 2, 3, 4):
            raise ValueError("A quarter is numbered 1 to 4")

    @property
    def plan_year(self) -> str:
        return plan_year_label(self.start_year)

    @property
    def starts_on(self) -> date:
        month = 4 + 3 * (self.number - 1)
        year = self.start_year
        if month > 12:
            month -= 12
            year += 1
        return date(year, month, 1)

    @property
    def ends_on(self) -> date:
        start = self.starts_on
        month = start.month + 2
        return date(start.year, month, calendar.monthrange(start.year, month)[1])

    @property
    def label(self) -> str:
        return f"{self.plan_year} Q{self.number}"

    @property
    def months(self) -> str:
        return ("Apr to Jun", "Jul to Sep", "Oct to Dec", "Jan to Mar")[self.number - 1]

    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(self.start_year - 1, 4)
        return Quarter(self.start_year, self.number - 1)

    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.start_year + 1, 1)
        return Quarter(self.start_year, self.number + 1)

    def __str__(self) -> str:
        return self.label


def quarter_of(on: date) -> Quarter:
    """The plan-year quarter that contains a date."""
    start_year = plan_year_start(on)
    number = ((on.month - 4) % 12) // 3 + 1
    return Quarter(start_year, number)


def quarters_of(label: str) -> list[Quarter]:
    start = parse_plan_year_label(label)
    return [Quarter(start, n) for n in (1, 2, 3, 4)]
