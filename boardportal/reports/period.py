"""Which report, for which dates: the kinds of report, the formats they come in,
and the checks that turn a request ("the overview for 2012/13 Q3") into the date
it is as at and the date it is compared with.

The command, the Reports page and the tests all ask `resolve_period()`, so a
request is refused the same way wherever it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.quarters import Quarter, quarter_of
from priorities.models import PlanYear

REPORT_KINDS = {
    "overview": "Quarterly overview of the Boards' work programmes",
    "board-progress": "Board progress report",
    "end-of-year": "End of year review",
}
FORMATS = ("pdf", "xlsx", "csv")


class ReportError(ValueError):
    """A request for a report that cannot be made; the message says why."""


@dataclass(frozen=True)
class ReportPeriod:
    """A report's kind and plan year, the date it is as at and the one it compares with."""

    kind: str
    plan_year: PlanYear
    as_at: date
    previous_as_at: date
    quarter: Quarter | None

    @property
    def title(self) -> str:
        return REPORT_KINDS[self.kind]

    @property
    def label(self) -> str:
        if self.quarter and self.quarter.ends_on == self.as_at:
            return f"{self.plan_year.label} Q{self.quarter.number} ({self.quarter.months})"
        return f"{self.plan_year.label}, as at {self.as_at:%-d %B %Y}"

    @property
    def filename_stem(self) -> str:
        return f"{self.kind}-{self.plan_year.slug}-{self.as_at.isoformat()}"


def resolve_period(
    *,
    kind: str,
    year: str,
    quarter: int | None = None,
    as_at: date | None = None,
) -> ReportPeriod:
    """Check a report request and work out its dates; ReportError says what is wrong."""
    if kind not in REPORT_KINDS:
        raise ReportError(f"Unknown report “{kind}”: choose one of {', '.join(REPORT_KINDS)}.")
    try:
        plan_year = PlanYear.objects.get(label=year)
    except PlanYear.DoesNotExist:
        known = ", ".join(PlanYear.objects.values_list("label", flat=True)) or "none"
        raise ReportError(f"There is no plan year “{year}”. Plan years: {known}.") from None
    if quarter is not None and as_at is not None:
        raise ReportError("Give a quarter or an as-at date, not both.")
    if kind == "end-of-year":
        if quarter not in (None, 4) or (as_at and as_at != plan_year.ends_on):
            raise ReportError("The end-of-year review is as at 31 March, the end of the year.")
        as_at = plan_year.ends_on
    if as_at is None:
        if quarter is None:
            raise ReportError("Give a quarter (1 to 4) or an as-at date.")
        if quarter not in (1, 2, 3, 4):
            raise ReportError(f"Quarter {quarter} does not exist: quarters are 1 to 4.")
        if kind == "board-progress" and quarter not in (2, 4):
            raise ReportError(
                "The Board's progress report is twice a year: as at the end of Q2 or Q4."
            )
        as_at = plan_year.quarter(quarter).ends_on
    elif not plan_year.contains(as_at):
        raise ReportError(
            f"{as_at:%-d %B %Y} is outside plan year {plan_year.label} "
            f"({plan_year.starts_on:%-d %B %Y} to {plan_year.ends_on:%-d %B %Y})."
        )
    current = quarter_of(as_at)
    # What each report compares with: the overview the quarter before, the Board's
    # half-yearly report the half-year before, the end-of-year review the year's start.
    if kind == "overview":
        previous = current.previous().ends_on
    elif kind == "board-progress":
        previous = current.previous().previous().ends_on
    else:
        previous = plan_year.starts_on.replace(day=31, month=3)
    return ReportPeriod(kind, plan_year, as_at, previous, current)
