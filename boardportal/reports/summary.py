"""What a report says before its detail: the counts by board, theme and status,
what changed since the date it compares with, new reds, milestones slipped and
indicators behind trajectory.

The counts come from `programmes.selectors.StatusTally`, the one place priorities
and programmes are counted, so a report's totals match the plan overview's. The
summary keeps plain lines, not rows, so a streamed report can hold it for 10,000
programmes without holding the programmes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from core.rag import NO_STATUS, SEVERITY, Rag, RagCounts, rag_label
from programmes.selectors import StatusTally

if TYPE_CHECKING:
    # Only for hints: the rows module builds summaries, so it cannot be imported here.
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
    target: object
    actual: object
    percent_of_target: float | None
    verdict: str


@dataclass
class Summary:
    """A report's summary, gathered one priority row at a time by `add()`."""

    tally: StatusTally = field(default_factory=StatusTally)
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
                        i.status.indicator.target_value,
                        i.status.actual,
                        i.status.percent_of_target,
                        i.status.check.verdict.label,
                    )
                )

    def finish(self) -> Summary:
        self.slipped.sort(key=lambda line: line.due_on)
        return self
