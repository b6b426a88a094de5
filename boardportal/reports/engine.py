"""One engine for the Executive's quarterly overview, the Board's twice-yearly
progress report and the end-of-year review.

`build_report()` reads everything in a fixed number of queries and returns plain
rows; the CSV, XLSX and PDF writers all render the same rows, so their figures
cannot disagree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q

from meetings.models import Action
from priorities.models import Board, PlanYear, Priority
from priorities.quarters import Quarter, quarter_of
from priorities.status import SEVERITY, Rag
from programmes.models import Milestone
from programmes.reporting import (
    IndicatorStatus,
    PriorityStatus,
    ProgrammeStatus,
    RagCounts,
    priorities_with_status,
)
from programmes.status import Trajectory

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
    NONE = "No status"


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


@dataclass
class Section:
    """A Board's part of the report (or the organisation-wide priorities)."""

    title: str
    priorities: list[PriorityRow] = field(default_factory=list)


@dataclass
class Report:
    period: ReportPeriod
    sections: list[Section]
    by_board: dict[str, RagCounts]
    by_theme: dict[str, RagCounts]
    programme_counts: RagCounts
    new_reds: list[ProgrammeRow]
    slipped: list[MilestoneRow]
    behind: list[IndicatorRow]
    changes: dict[str, list[ProgrammeRow]]

    def programme_rows(self):
        """(section, priority row, programme row) for every programme of every priority."""
        for section in self.sections:
            for priority in section.priorities:
                for programme in priority.programmes:
                    yield section, priority, programme


def build_report(period: ReportPeriod, *, board: Board | None = None) -> Report:
    """Everything the report says, in a fixed number of queries."""
    priorities = Priority.objects.filter(plan_year=period.plan_year).order_by(
        "board__order", "board__name", "order", "reference"
    )
    if board is not None:
        priorities = priorities.filter(board=board)
    current = priorities_with_status(priorities, as_at=period.as_at)
    before = {
        s.priority.pk: s for s in priorities_with_status(priorities, as_at=period.previous_as_at)
    }
    quarter = period.quarter or quarter_of(period.as_at)
    quarter_start = quarter.starts_on if period.kind == "overview" else period.previous_as_at
    next_end = quarter.next().ends_on

    programme_ids = {p.programme.pk for s in current for p in s.programmes}
    milestones_by_programme: dict[int, list[Milestone]] = defaultdict(list)
    for milestone in Milestone.objects.filter(
        programme_id__in=programme_ids, due_on__gt=quarter_start, due_on__lte=next_end
    ).order_by("due_on"):
        milestones_by_programme[milestone.programme_id].append(milestone)

    priority_ids = [s.priority.pk for s in current]
    actions = (
        Action.objects.filter(status=Action.Status.OPEN, meeting__meets_on__lte=period.as_at)
        .filter(Q(priorities__in=priority_ids) | Q(programmes__in=programme_ids))
        .select_related("meeting__board", "owner", "due_meeting")
        .prefetch_related(
            Prefetch("priorities", queryset=Priority.objects.only("pk")),
            "programmes",
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

    sections: dict[str, Section] = {}
    by_board: dict[str, RagCounts] = defaultdict(RagCounts)
    by_theme: dict[str, RagCounts] = defaultdict(RagCounts)
    programme_counts = RagCounts()
    seen_programmes: dict[int, ProgrammeRow] = {}
    slipped: dict[int, MilestoneRow] = {}
    behind: dict[int, IndicatorRow] = {}

    for status in current:
        priority = status.priority
        previous = before.get(priority.pk)
        previous_programmes = (
            {p.programme.pk: p.rag for p in previous.programmes} if previous else {}
        )
        board_name = priority.board.name if priority.board else "Organisation-wide priorities"
        theme_name = priority.theme.name if priority.theme else "No theme"
        by_board[board_name].add(status.rag)
        by_theme[theme_name].add(status.rag)

        programme_rows, indicator_rows, this_quarter, next_quarter = [], [], [], []
        priority_actions = {a.pk: a for a in actions_by_priority.get(priority.pk, [])}
        for programme_status in status.programmes:
            programme = programme_status.programme
            before_rag = previous_programmes.get(programme.pk)
            closed = bool(
                programme.ends_on and period.previous_as_at < programme.ends_on <= period.as_at
            )
            row = ProgrammeRow(
                programme_status,
                before_rag,
                change_between(before_rag, programme_status.rag, closed=closed),
            )
            programme_rows.append(row)
            if programme.pk not in seen_programmes:
                seen_programmes[programme.pk] = row
                programme_counts.add(programme_status.rag)
            for indicator in programme_status.indicators:
                indicator_row = IndicatorRow(programme.name, indicator)
                indicator_rows.append(indicator_row)
                if indicator_row.behind:
                    behind[indicator.indicator.pk] = indicator_row
            for milestone in milestones_by_programme.get(programme.pk, []):
                if milestone.due_on <= period.as_at:
                    met = milestone.completed_on is not None and (
                        milestone.completed_on <= period.as_at
                    )
                    milestone_row = MilestoneRow(
                        programme.name, milestone, "Met" if met else "Missed"
                    )
                    this_quarter.append(milestone_row)
                    if not met:
                        slipped[milestone.pk] = milestone_row
                else:
                    next_quarter.append(MilestoneRow(programme.name, milestone, "Due next quarter"))
            for action in actions_by_programme.get(programme.pk, []):
                priority_actions.setdefault(action.pk, action)

        section = sections.setdefault(board_name, Section(board_name))
        section.priorities.append(
            PriorityRow(
                status=status,
                previous_rag=previous.rag if previous else None,
                change=change_between(previous.rag if previous else None, status.rag),
                programmes=programme_rows,
                indicators=indicator_rows,
                milestones_this_quarter=this_quarter,
                milestones_next_quarter=next_quarter,
                actions=sorted(priority_actions.values(), key=lambda a: a.due_on or date.max),
            )
        )

    programme_rows = list(seen_programmes.values())
    changes = {
        label: [r for r in programme_rows if r.change == label]
        for label in (Change.UP, Change.DOWN, Change.NEW, Change.CLOSED)
    }
    new_reds = [r for r in programme_rows if r.status.rag == Rag.RED and r.previous_rag != Rag.RED]
    organisation = sections.pop("Organisation-wide priorities", None)
    ordered = list(sections.values()) + ([organisation] if organisation else [])
    return Report(
        period=period,
        sections=ordered,
        by_board=dict(by_board),
        by_theme=dict(by_theme),
        programme_counts=programme_counts,
        new_reds=new_reds,
        slipped=sorted(slipped.values(), key=lambda m: m.milestone.due_on),
        behind=list(behind.values()),
        changes=changes,
    )
