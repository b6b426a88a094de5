"""A report's rows: one per priority, Boards first and organisation-wide last, each
with its programmes, indicators, milestones and the open actions about it.

`priority_rows()` reads any number of priorities in a fixed number of queries;
`Report` holds every row in memory (pages, tests, small exports) and
`StreamedReport` reads them in chunks so memory stays flat however large. Both read
the report's open actions once (`actions.report_actions`), so each action is listed
once and the priorities only point to it. The CSV, XLSX and PDF writers all render
these rows, so their figures cannot disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from core.quarters import quarter_of
from core.rag import Rag
from priorities.models import Board, Priority, PriorityLink
from priorities.status import rollup_rag
from programmes.models import Milestone, Programme, ProgressUpdate
from programmes.selectors import (
    IndicatorStatus,
    PriorityStatus,
    ProgrammeStatus,
    StatusTally,
    priorities_with_status,
    programme_rags_as_at,
)
from programmes.status import MilestoneState, Trajectory

from .actions import ActionIndex, ActionLine, report_actions
from .period import ReportPeriod
from .summary import ExceptionList, Summary, change_between, exception_lists


@dataclass
class ProgrammeRow:
    status: ProgrammeStatus
    previous_rag: Rag | None
    change: str
    # Whether it was running in the report's quarter, and had a published update dated
    # in it (on or before the as-at date).
    expected_in_quarter: bool = True
    updated_in_quarter: bool = False

    @property
    def missing_update(self) -> bool:
        """Running in the quarter, with no progress update dated in it."""
        return self.expected_in_quarter and not self.updated_in_quarter

    @property
    def programme(self) -> Programme:
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
    section: str  # the Board's name, or ORGANISATION_WIDE (StatusTally.board_of)
    status: PriorityStatus
    previous_rag: Rag | None
    change: str
    programmes: list[ProgrammeRow]
    indicators: list[IndicatorRow]
    milestones_this_quarter: list[MilestoneRow]
    milestones_next_quarter: list[MilestoneRow]
    actions: list[ActionLine]  # the report's actions about it or its programmes
    # The end-of-year review's: what became of it in the next plans (carried forward,
    # renamed, merged, split, dropped), as recorded.
    onward: list[PriorityLink] = field(default_factory=list)

    @property
    def priority(self) -> Priority:
        return self.status.priority


def report_priorities(period: ReportPeriod, *, board: Board | None = None) -> QuerySet:
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


def quarter_window(period: ReportPeriod) -> tuple[date, date]:
    """The days of the report's quarter up to its as-at date: an update dated in them
    is an update in the quarter."""
    quarter = period.quarter or quarter_of(period.as_at)
    return quarter.starts_on, min(quarter.ends_on, period.as_at)


def priority_rows(
    period: ReportPeriod, priorities: QuerySet, actions: ActionIndex | None = None
) -> list[PriorityRow]:
    """The report's rows for some priorities, in a fixed number of queries.

    `actions`: the report's actions, read once for all its priorities; without it they
    are read for these priorities alone."""
    if actions is None:
        actions = ActionIndex(report_actions(period, priorities))
    first_day, last_day = quarter_window(period)
    updated = ProgressUpdate.objects.published().filter(
        programme=OuterRef("pk"), as_at__gte=first_day, as_at__lte=last_day
    )
    # Only what the report shows of each programme: fewer objects, less memory.
    programmes = (
        Programme.objects.select_related("lead_officer")
        .only("name", "slug", "weight", "starts_on", "ends_on", "lead_officer__name")
        .annotate(updated_in_quarter=Exists(updated))
    )
    current = priorities_with_status(priorities, as_at=period.as_at, programmes=programmes)
    delivering = Programme.objects.filter(priorities__in=priorities.values("pk")).distinct()
    rags_before = programme_rags_as_at(
        delivering, as_at=period.previous_as_at, plan_year=period.plan_year
    )
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

    onward: dict[int, list[PriorityLink]] = defaultdict(list)
    if period.kind == "end-of-year":
        for link in PriorityLink.objects.for_display().filter(earlier__in=priorities.values("pk")):
            onward[link.earlier_id].append(link)

    rows = []
    for status in current:
        priority = status.priority
        previous_rag = rollup_rag(
            ((rags_before.get(p.programme.pk), p.programme.weight) for p in status.programmes),
            override=priority.status_override or None,
        ).rag
        programme_rows, indicator_rows, this_quarter, next_quarter = [], [], [], []
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
                    # Not expected to report in a quarter it had ended before, or began after.
                    expected_in_quarter=not (
                        (programme.ends_on and programme.ends_on < first_day)
                        or (programme.starts_on and programme.starts_on > last_day)
                    ),
                    updated_in_quarter=programme.updated_in_quarter,
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
        rows.append(
            PriorityRow(
                section=StatusTally.board_of(priority),
                status=status,
                previous_rag=previous_rag,
                change=change_between(previous_rag, status.rag),
                programmes=programme_rows,
                indicators=indicator_rows,
                milestones_this_quarter=this_quarter,
                milestones_next_quarter=next_quarter,
                actions=actions.concerning(
                    priority.pk, (p.programme.pk for p in status.programmes)
                ),
                onward=onward.get(priority.pk, []),
            )
        )
    return rows


@dataclass
class Section:
    """A Board's part of the report (or the organisation-wide priorities)."""

    title: str
    priorities: list[PriorityRow] = field(default_factory=list)


class _Report:
    """What every report has beside its rows: its actions (read once), its exceptions
    and the day it was prepared."""

    period: ReportPeriod
    summary: Summary
    action_index: ActionIndex

    @property
    def actions(self) -> list[ActionLine]:
        return self.action_index.lines

    @property
    def exceptions(self) -> list[ExceptionList]:
        """What the first page leads with: new reds, worsened, milestones slipped,
        indicators behind, no update in the quarter, out-of-date updates and overdue
        actions, each with its items (none only when truly none)."""
        return exception_lists(self.period, self.summary, self.action_index.overdue)


class Report(_Report):
    """A report held in memory: for pages, tests and small exports."""

    def __init__(self, period: ReportPeriod, rows: list[PriorityRow], actions: ActionIndex):
        self.period = period
        self.rows = rows
        self.action_index = actions
        self.prepared_on = timezone.localdate()
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


class StreamedReport(_Report):
    """A report read in chunks of priorities, so memory stays flat however large.

    Its actions take one read; its summary one pass over the data; each
    `priority_rows()` another."""

    def __init__(self, period: ReportPeriod, *, board: Board | None = None, chunk: int = 100):
        self.period = period
        self.board = board
        self.chunk = chunk
        self.prepared_on = timezone.localdate()
        self._summary: Summary | None = None
        self._actions: ActionIndex | None = None

    @property
    def action_index(self) -> ActionIndex:
        if self._actions is None:
            priorities = report_priorities(self.period, board=self.board)
            self._actions = ActionIndex(report_actions(self.period, priorities))
        return self._actions

    @property
    def summary(self) -> Summary:
        if self._summary is None:
            for _ in self.priority_rows():
                pass
        return self._summary

    def priority_rows(self) -> Iterator[PriorityRow]:
        """Every row, in order; a first complete pass also gathers the summary."""
        building = Summary() if self._summary is None else None
        actions = self.action_index
        priorities = report_priorities(self.period, board=self.board)
        ids = list(priorities.values_list("pk", flat=True))
        for start in range(0, len(ids), self.chunk):
            chunk = priorities.filter(pk__in=ids[start : start + self.chunk])
            for row in priority_rows(self.period, chunk, actions):
                if building is not None:
                    building.add(row)
                yield row
        if building is not None:
            self._summary = building.finish()


def build_report(period: ReportPeriod, *, board: Board | None = None) -> Report:
    """Everything the report says, in memory, in a fixed number of queries."""
    priorities = report_priorities(period, board=board)
    actions = ActionIndex(report_actions(period, priorities))
    return Report(period, priority_rows(period, priorities, actions), actions)
