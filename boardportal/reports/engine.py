"""One engine for the Executive's quarterly overview, the Board's twice-yearly
progress report and the end-of-year review.

`build_report()` reads everything in a fixed number of queries and returns plain
rows; the CSV, XLSX and PDF writers all render the same rows, so their figures
cannot disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, Prefetch

from core.quarters import Quarter, quarter_of
from core.rag import NO_STATUS, SEVERITY, Rag, RagCounts, rag_label
from meetings.models import Action
from priorities.models import Board, PlanYear, Priority
from priorities.status import rollup_rag
from programmes.models import Milestone, Programme
from programmes.selectors import (
    IndicatorStatus,
    PriorityStatus,
    ProgrammeStatus,
    priorities_with_status,
    programme_rags_as_at,
)
from programmes.status import MilestoneState, Trajectory

REPORT_KINDS = {
    "overview": "Quarterly overview of the Boards' work programmes",
    "board-progress": "Board progress report",
    "end-of-year": "End of year review",
}
FORMATS = ("pdf", "xlsx", "csv")


class ReportError(ValueError):
    """A request for a report that cannot be made; the message says why."""


class Change:
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


@dataclass(frozen=True)
class ReportPeriod:
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
    if kind == "overview":
        previous = current.previous().ends_on
    elif kind == "board-progress":
        previous = current.previous().previous().ends_on
    else:
        previous = plan_year.starts_on.replace(day=31, month=3)
    return ReportPeriod(kind, plan_year, as_at, previous, current)


@dataclass
class ProgrammeRow:
    status: ProgrammeStatus
    previous_rag: Rag | None
    change: str

    @property
    def programme(self):
        return self.status.programme


@dataclass
class IndicatorRow:
    programme_name: str
    status: IndicatorStatus

    @property
    def behind(self) -> bool:
        return self.status.check.verdict in (Trajectory.BEHIND, Trajectory.WELL_BEHIND)


@dataclass
class MilestoneRow:
    programme_name: str
    milestone: Milestone
    outcome: str  # Met, Missed, Due next quarter


@dataclass
class PriorityRow:
    section: str  # the Board's name, or "Organisation-wide priorities"
    status: PriorityStatus
    previous_rag: Rag | None
    change: str
    programmes: list[ProgrammeRow]
    indicators: list[IndicatorRow]
    milestones_this_quarter: list[MilestoneRow]
    milestones_next_quarter: list[MilestoneRow]
    actions: list[Action]

    @property
    def priority(self) -> Priority:
        return self.status.priority


# The summary keeps plain tuples, not rows, so a streamed report can hold it for
# 10,000 programmes without holding the programmes.
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
    by_board: dict[str, RagCounts] = field(default_factory=lambda: defaultdict(RagCounts))
    by_theme: dict[str, RagCounts] = field(default_factory=lambda: defaultdict(RagCounts))
    programme_counts: RagCounts = field(default_factory=RagCounts)
    new_reds: list[ChangeLine] = field(default_factory=list)
    slipped: list[SlipLine] = field(default_factory=list)
    behind: list[BehindLine] = field(default_factory=list)
    changes: dict[str, list[ChangeLine]] = field(
        default_factory=lambda: {c: [] for c in (Change.UP, Change.DOWN, Change.NEW, Change.CLOSED)}
    )
    seen_programmes: set[int] = field(default_factory=set, repr=False)
    seen_milestones: set[int] = field(default_factory=set, repr=False)
    seen_indicators: set[int] = field(default_factory=set, repr=False)

    def add(self, row: PriorityRow) -> None:
        priority = row.priority
        self.by_board[row.section].add(row.status.rag)
        self.by_theme[priority.theme.name if priority.theme else "No theme"].add(row.status.rag)
        for programme in row.programmes:
            pk = programme.programme.pk
            if pk in self.seen_programmes:
                continue
            self.seen_programmes.add(pk)
            self.programme_counts.add(programme.status.rag)
            line = ChangeLine(
                programme.programme.name,
                label(programme.previous_rag),
                label(programme.status.rag),
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
        self.by_board = dict(self.by_board)
        self.by_theme = dict(self.by_theme)
        return self


label = rag_label


ORGANISATION_WIDE = "Organisation-wide priorities"


def report_priorities(period: ReportPeriod, *, board: Board | None = None):
    """The priorities a report covers, Boards first and organisation-wide last."""
    priorities = Priority.objects.filter(plan_year=period.plan_year).order_by(
        F("board__order").asc(nulls_last=True),
        F("board__name").asc(nulls_last=True),
        "order",
        "reference",
    )
    if board is not None:
        priorities = priorities.filter(board=board)
    return priorities


def priority_rows(period: ReportPeriod, priorities) -> list[PriorityRow]:
    """The report's rows for some priorities, in a fixed number of queries."""
    # Only what the report shows of each programme: fewer objects, less memory.
    programmes = Programme.objects.select_related("lead_officer").only(
        "name", "slug", "weight", "ends_on", "lead_officer__name"
    )
    current = priorities_with_status(priorities, as_at=period.as_at, programmes=programmes)
    delivering = Programme.objects.filter(priorities__in=priorities.values("pk")).distinct()
    rags_before = programme_rags_as_at(delivering, as_at=period.previous_as_at)
    quarter = period.quarter or quarter_of(period.as_at)
    quarter_start = quarter.starts_on if period.kind == "overview" else period.previous_as_at
    next_end = quarter.next().ends_on

    milestones_by_programme: dict[int, list[Milestone]] = defaultdict(list)
    for milestone in (
        Milestone.objects.filter(
            programme__in=delivering.values("pk"), due_on__gt=quarter_start, due_on__lte=next_end
        )
        .with_state(as_at=period.as_at)
        .order_by("due_on")
    ):
        milestones_by_programme[milestone.programme_id].append(milestone)

    actions = (
        Action.objects.open()
        .filter(meeting__meets_on__lte=period.as_at)
        .concerning(priorities=priorities.values("pk"), programmes=delivering.values("pk"))
        .select_related("meeting__board", "owner", "due_meeting__board")
        .prefetch_related(
            Prefetch("priorities", queryset=Priority.objects.only("pk")),
            Prefetch("programmes", queryset=Programme.objects.only("pk")),
        )
        .distinct()
    )
    actions_by_priority: dict[int, list[Action]] = defaultdict(list)
    actions_by_programme: dict[int, list[Action]] = defaultdict(list)
    for action in actions:
        for p in action.priorities.all():
            actions_by_priority[p.pk].append(action)
        for p in action.programmes.all():
            actions_by_programme[p.pk].append(action)

    rows = []
    for status in current:
        priority = status.priority
        previous_rag = rollup_rag(
            ((rags_before.get(p.programme.pk), p.programme.weight) for p in status.programmes),
            override=priority.status_override or None,
        ).rag
        programme_rows, indicator_rows, this_quarter, next_quarter = [], [], [], []
        priority_actions = {a.pk: a for a in actions_by_priority.get(priority.pk, [])}
        for programme_status in status.programmes:
            programme = programme_status.programme
            before_rag = rags_before.get(programme.pk)
            closed = bool(
                programme.ends_on and period.previous_as_at < programme.ends_on <= period.as_at
            )
            programme_rows.append(
                ProgrammeRow(
                    programme_status,
                    before_rag,
                    change_between(before_rag, programme_status.rag, closed=closed),
                )
            )
            indicator_rows += [IndicatorRow(programme.name, i) for i in programme_status.indicators]
            for milestone in milestones_by_programme.get(programme.pk, []):
                if milestone.due_on <= period.as_at:
                    met = milestone.state == MilestoneState.DONE
                    this_quarter.append(
                        MilestoneRow(programme.name, milestone, "Met" if met else "Missed")
                    )
                else:
                    next_quarter.append(MilestoneRow(programme.name, milestone, "Due next quarter"))
            for action in actions_by_programme.get(programme.pk, []):
                priority_actions.setdefault(action.pk, action)
        rows.append(
            PriorityRow(
                section=priority.board.name if priority.board else ORGANISATION_WIDE,
                status=status,
                previous_rag=previous_rag,
                change=change_between(previous_rag, status.rag),
                programmes=programme_rows,
                indicators=indicator_rows,
                milestones_this_quarter=this_quarter,
                milestones_next_quarter=next_quarter,
                actions=sorted(priority_actions.values(), key=lambda a: a.due_on or date.max),
            )
        )
    return rows


@dataclass
class Section:
    """A Board's part of the report (or the organisation-wide priorities)."""

    title: str
    priorities: list[PriorityRow] = field(default_factory=list)


class Report:
    """A report held in memory: for pages, tests and small exports."""

    def __init__(self, period: ReportPeriod, rows: list[PriorityRow]):
        self.period = period
        self.rows = rows
        summary = Summary()
        for row in rows:
            summary.add(row)
        self.summary = summary.finish()

    @property
    def sections(self) -> list[Section]:
        sections: list[Section] = []
        for row in self.rows:
            if not sections or sections[-1].title != row.section:
                sections.append(Section(row.section))
            sections[-1].priorities.append(row)
        return sections

    def priority_rows(self) -> Iterator[PriorityRow]:
        yield from self.rows


class StreamedReport:
    """A report read in chunks of priorities, so memory stays flat however large.

    Its summary takes one pass over the data; each `priority_rows()` another."""

    def __init__(self, period: ReportPeriod, *, board: Board | None = None, chunk: int = 100):
        self.period = period
        self.board = board
        self.chunk = chunk
        self._summary: Summary | None = None

    @property
    def summary(self) -> Summary:
        if self._summary is None:
            for _ in self.priority_rows():
                pass
        return self._summary

    def priority_rows(self) -> Iterator[PriorityRow]:
        """Every row, in order; a first complete pass also gathers the summary."""
        building = Summary() if self._summary is None else None
        priorities = report_priorities(self.period, board=self.board)
        ids = list(priorities.values_list("pk", flat=True))
        for start in range(0, len(ids), self.chunk):
            chunk = priorities.filter(pk__in=ids[start : start + self.chunk])
            for row in priority_rows(self.period, chunk):
                if building is not None:
                    building.add(row)
                yield row
        if building is not None:
            self._summary = building.finish()


def build_report(period: ReportPeriod, *, board: Board | None = None) -> Report:
    """Everything the report says, in memory, in a fixed number of queries."""
    return Report(period, priority_rows(period, report_priorities(period, board=board)))
