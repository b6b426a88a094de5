"""What a report says before its detail: the counts by board, theme and status (now
and at the date it compares with), what changed since then, and the exceptions the
first page leads with: new reds, worsened, milestones slipped, indicators behind
trajectory, programmes with no update in the quarter, out-of-date updates and
overdue actions.

The counts come from `programmes.selectors.StatusTally`, the one place priorities
and programmes are counted, so a report's totals match the plan overview's. The
summary keeps plain lines, not rows, so a streamed report can hold it for 10,000
programmes without holding the programmes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from core.quarters import quarter_of
from core.rag import NO_STATUS, SEVERITY, Rag, RagCounts, rag_label
from programmes.charts import actual_words, target_words
from programmes.selectors import StatusTally

if TYPE_CHECKING:
    # Only for hints: the rows module builds summaries, so it cannot be imported here.
    from .actions import ActionLine
    from .period import ReportPeriod
    from .rows import PriorityRow


class Change:
    """How a status moved between the two dates of a report, in words."""

    UP = "Improved"
    DOWN = "Worsened"
    SAME = "No change"
    NEW = "New"
    CLOSED = "Closed"
    NONE = NO_STATUS


def change_between(before: Rag | None, after: Rag | None, *, closed: bool = False) -> str:
    """How a status moved between two dates, in words."""
    if closed:
        return Change.CLOSED
    if after is None:
        return Change.NONE if before is None else Change.SAME
    if before is None:
        return Change.NEW
    if before == after:
        return Change.SAME
    # Lower severity numbers are worse (red 0 ... complete 3); not started counts as worst+.
    rank = {**SEVERITY, Rag.NOT_STARTED: -1}
    return Change.UP if rank[after] > rank[before] else Change.DOWN


# The changes the summary lists programme by programme, in the order it lists them.
LISTED_CHANGES = (Change.UP, Change.DOWN, Change.NEW, Change.CLOSED)


@dataclass(frozen=True)
class ChangeLine:
    programme: str
    previous: str  # status label before, or NO_STATUS
    current: str
    headline: str


@dataclass(frozen=True)
class SlipLine:
    programme: str
    milestone: str
    due_on: date


@dataclass(frozen=True)
class BehindLine:
    programme: str
    indicator: str
    unit: str
    target: str  # in words, with its qualifier and date
    actual: str  # in words, with its qualifier
    percent_of_target: float | None
    verdict: str


@dataclass(frozen=True)
class UpdateLine:
    """A programme whose latest update is missing from the quarter, or out of date."""

    programme: str
    reported_on: date | None  # its latest update's date, if it has one
    last_status: str  # that update's status, or NO_STATUS

    @property
    def last_update(self) -> str:
        """'last update 31 Jan 2012, Green', or 'no update yet'."""
        if self.reported_on is None:
            return "no update yet"
        return f"last update {self.reported_on:%-d %b %Y}, {self.last_status}"


@dataclass
class Summary:
    """A report's summary, gathered one priority row at a time by `add()`."""

    tally: StatusTally = field(default_factory=StatusTally)
    # Each programme's status at the date the report compares with, counted once.
    previous_programmes: RagCounts = field(default_factory=RagCounts)
    no_update: list[UpdateLine] = field(default_factory=list)
    out_of_date: list[UpdateLine] = field(default_factory=list)
    new_reds: list[ChangeLine] = field(default_factory=list)
    slipped: list[SlipLine] = field(default_factory=list)
    behind: list[BehindLine] = field(default_factory=list)
    changes: dict[str, list[ChangeLine]] = field(
        default_factory=lambda: {change: [] for change in LISTED_CHANGES}
    )
    seen_milestones: set[int] = field(default_factory=set, repr=False)
    seen_indicators: set[int] = field(default_factory=set, repr=False)

    @property
    def by_board(self) -> dict[str, RagCounts]:
        return self.tally.by_board

    @property
    def by_theme(self) -> dict[str, RagCounts]:
        return self.tally.by_theme

    @property
    def programme_counts(self) -> RagCounts:
        return self.tally.programmes

    def add(self, row: PriorityRow) -> None:
        # The tally counts each programme once; list its change once too, beside it.
        first_seen = {p.programme.pk for p in self.tally.add(row.status)}
        for programme in row.programmes:
            if programme.programme.pk not in first_seen:
                continue
            status = programme.status
            self.previous_programmes.add(programme.previous_rag)
            if programme.missing_update or status.is_stale:
                update = UpdateLine(
                    programme.programme.name, status.reported_on, rag_label(status.last_rag)
                )
                if programme.missing_update:
                    self.no_update.append(update)
                if status.is_stale:
                    self.out_of_date.append(update)
            line = ChangeLine(
                programme.programme.name,
                rag_label(programme.previous_rag),
                rag_label(programme.status.rag),
                programme.status.headline,
            )
            if programme.change in self.changes:
                self.changes[programme.change].append(line)
            if programme.status.rag == Rag.RED and programme.previous_rag != Rag.RED:
                self.new_reds.append(line)
        for m in row.milestones_this_quarter:
            if m.outcome == "Missed" and m.milestone.pk not in self.seen_milestones:
                self.seen_milestones.add(m.milestone.pk)
                self.slipped.append(
                    SlipLine(m.programme_name, m.milestone.title, m.milestone.due_on)
                )
        for i in row.indicators:
            if i.behind and i.status.indicator.pk not in self.seen_indicators:
                self.seen_indicators.add(i.status.indicator.pk)
                self.behind.append(
                    BehindLine(
                        i.programme_name,
                        i.status.indicator.name,
                        i.status.indicator.unit,
                        # In words, as the paper states them: 'over 100 by 31 March 2013'.
                        target_words(i.status.target, i.status.indicator),
                        actual_words(i.status),
                        i.status.percent_of_target,
                        i.status.check.verdict.label,
                    )
                )

    def finish(self) -> Summary:
        self.slipped.sort(key=lambda line: line.due_on)
        return self


@dataclass(frozen=True)
class ExceptionItem:
    """One entry of an exception list: what (a programme, or an action's reference)
    and, briefly, why. Each detail starts with a value or is built from ours (a cell
    that starts with what someone typed is neutralised as a whole)."""

    name: str
    detail: str
    on: date | None = None
    brief: str = ""  # a longer detail for the PDF's first page, where it differs

    @property
    def in_brief(self) -> str:
        return self.brief or self.detail


@dataclass(frozen=True)
class ExceptionList:
    title: str
    description: str
    items: list[ExceptionItem]


def exception_lists(
    period: ReportPeriod, summary: Summary, overdue: list[ActionLine]
) -> list[ExceptionList]:
    """The exceptions, in the order the first page lists them."""
    first_day = (period.quarter or quarter_of(period.as_at)).starts_on
    since = f"{period.previous_as_at:%-d %b %Y}"
    quarter = f"{first_day:%-d %b %Y} to {period.as_at:%-d %b %Y}"

    def moved(lines: list[ChangeLine]) -> list[ExceptionItem]:
        return [ExceptionItem(c.programme, f"{c.previous} to {c.current}") for c in lines]

    def updates(lines: list[UpdateLine]) -> list[ExceptionItem]:
        return [ExceptionItem(u.programme, u.last_update, u.reported_on) for u in lines]

    return [
        ExceptionList("New reds", f"Red now, not red at {since}", moved(summary.new_reds)),
        ExceptionList(
            "Worsened", f"A worse status than at {since}", moved(summary.changes[Change.DOWN])
        ),
        ExceptionList(
            "Milestones slipped",
            "Due in the period and not met by the as-at date",
            [
                ExceptionItem(m.programme, f"{m.milestone}, due {m.due_on:%-d %b %Y}", m.due_on)
                for m in summary.slipped
            ],
        ),
        ExceptionList(
            "Indicators behind trajectory",
            "The latest reading short of where the straight line to the target is by now",
            [
                ExceptionItem(
                    b.programme,
                    f"{b.indicator}: "
                    + (
                        f"{b.percent_of_target:.1f}% of target"
                        if b.percent_of_target is not None
                        else b.verdict
                    ),
                )
                for b in summary.behind
            ],
        ),
        ExceptionList(
            "No update in the quarter",
            f"Running, with no published progress update dated {quarter}",
            updates(summary.no_update),
        ),
        ExceptionList(
            "Out-of-date updates",
            "The latest update is too old to count, so the programme has no current status",
            updates(summary.out_of_date),
        ),
        ExceptionList(
            "Overdue actions",
            f"Open, and past the date or meeting they were due by {period.as_at:%-d %b %Y}",
            [ExceptionItem(a.ref, f"due {a.due}", a.due_date, a.in_brief) for a in overdue],
        ),
    ]
