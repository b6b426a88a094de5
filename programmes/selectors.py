"""Status as at a date, read from querysets prepared by `with_status()`.

Everything here works on rows already fetched: no function in this module runs
a query per row. Dashboards, tables, the admin and the exports all call it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from core.dates import DatePrecision, as_stated
from core.rag import Rag, RagCounts, rag_meaning
from priorities.models import PlanYear, Priority
from priorities.status import RollUp, rollup_rag

from .models import Indicator, Programme
from .querysets import listing_with_status
from .status import (
    Target,
    Trajectory,
    TrajectoryCheck,
    suggest_rag,
    target_for,
    trajectory_in_period,
    update_current_from,
)


def trajectory_margin() -> float:
    return settings.BOARDPORTAL_TRAJECTORY_MARGIN


@dataclass(frozen=True)
class IndicatorStatus:
    """An indicator as at a date: its figure (from the latest reading, or worked out from
    the councils' records), the target in force and the trajectory verdict."""

    indicator: Indicator
    actual: object
    actual_as_at: date | None
    check: TrajectoryCheck
    # The period of the schedule progress is judged by; else a target with no period,
    # shown but not assessed; None when there is no target.
    target: Target | None = None
    computed: bool = False  # worked out from the stages or the ledger, not reported
    actual_qualifier: str = ""
    actual_date: str = ""  # the reading's date as the paper states it

    @property
    def percent_of_target(self) -> float | None:
        """Against a target with a period only (one with none is never assessed)."""
        target = self.target
        if self.actual is None or target is None or not target.has_period or not target.value:
            return None
        return float(self.actual) / float(target.value) * 100

    @property
    def figure_source(self) -> str:
        """Where the figure comes from, in words for the page."""
        if not self.computed:
            return "as reported" if self.actual is not None else ""
        stages = self.indicator.computed_from == Indicator.ComputedFrom.STAGES
        return f"computed from the {'stages recorded' if stages else 'savings ledger'}"


def later_period(indicator: Indicator) -> Target | None:
    """The later period annotated by `Indicator.objects.with_target_at()`, if any."""
    if getattr(indicator, "later_starts_on", None) is None:
        return None
    return Target(
        value=indicator.later_value,
        qualifier=indicator.later_qualifier,
        starts_on=indicator.later_starts_on,
        ends_on=indicator.later_ends_on,
        baseline=indicator.later_baseline,
    )


def target_in_force(indicator: Indicator, *, as_at: date) -> Target | None:
    """The target the indicator is judged by at a date (`programmes.status.target_for`),
    from its own target and its later periods: annotated (`with_target_at`), prefetched,
    or else read. With no period in force, its target with no period, if any."""
    own = indicator.own_target()
    if hasattr(indicator, "later_starts_on"):
        later = later_period(indicator)
        schedule = [t for t in (own, later) if t is not None]
    elif own is not None and own.has_period:
        schedule = indicator.schedule()
    else:
        schedule = [own] if own is not None else []
    chosen = target_for(schedule, as_at)
    if chosen is None and own is not None and not own.has_period:
        return own
    return chosen


def indicator_status(
    indicator: Indicator, *, as_at: date, margin: float | None = None
) -> IndicatorStatus:
    """Needs `latest_value`/`latest_as_at` from `Indicator.objects.with_latest_reading()`;
    reads `computed_value` (`with_computed_figure()`) and the later target period
    (`with_target_at()`) where they were annotated."""
    computed = getattr(indicator, "computed_value", None)
    if computed is not None:
        actual, actual_as_at, qualifier, stated = computed, None, "", ""
    else:
        actual = getattr(indicator, "latest_value", None)
        actual_as_at = getattr(indicator, "latest_as_at", None)
        qualifier = getattr(indicator, "latest_qualifier", "") or ""
        stated = as_stated(
            actual_as_at,
            getattr(indicator, "latest_precision", None) or DatePrecision.DAY,
            getattr(indicator, "latest_stated", "") or "",
        )
    target = target_in_force(indicator, as_at=as_at)
    check = trajectory_in_period(
        target=target,
        actual=actual,
        actual_as_at=actual_as_at,
        as_at=as_at,
        higher_is_better=indicator.higher_is_better,
        margin=trajectory_margin() if margin is None else margin,
    )
    return IndicatorStatus(
        indicator,
        actual,
        actual_as_at,
        check,
        target=target,
        computed=computed is not None,
        actual_qualifier=qualifier,
        actual_date=stated,
    )


@dataclass(frozen=True)
class ProgrammeStatus:
    """A programme's status as at a date, with the evidence-based suggestion beside it."""

    programme: Programme
    as_at: date
    rag: Rag | None  # None when there is no update, or the latest is out of date
    reported_on: date | None  # the latest update's date, current or not
    headline: str
    suggested: Rag | None
    overdue_milestones: int
    indicators: list[IndicatorStatus] = field(default_factory=list)
    last_rag: Rag | None = None  # the latest update's status, current or not

    @property
    def pk(self) -> int:
        return self.programme.pk

    @property
    def weight(self) -> Decimal:
        return self.programme.weight

    @property
    def is_stale(self) -> bool:
        """There is an update, but it is too old to count."""
        return self.reported_on is not None and self.rag is None

    @property
    def stale_note(self) -> str:
        """'Last update 3 October 2011, out of date', or ''."""
        if not self.is_stale:
            return ""
        return f"Last update {self.reported_on:%-d %B %Y}, out of date"

    @property
    def differs(self) -> bool:
        return self.rag is not None and self.suggested is not None and self.rag != self.suggested

    @property
    def indicators_behind(self) -> list[IndicatorStatus]:
        return [
            i
            for i in self.indicators
            if i.check.verdict in (Trajectory.BEHIND, Trajectory.WELL_BEHIND)
        ]

    @property
    def meaning(self) -> str:
        return rag_meaning(self.rag)


def programme_status(
    programme: Programme,
    *,
    as_at: date,
    margin: float | None = None,
    plan_year: PlanYear | None = None,
) -> ProgrammeStatus:
    """Read the status of a programme fetched with `Programme.objects.with_status(as_at=...)`.

    `plan_year`: the plan year of the priority it is read for, whose updates all count
    as current (`update_current_from`)."""
    margin = trajectory_margin() if margin is None else margin
    indicators = [
        indicator_status(i, as_at=as_at, margin=margin)
        for i in getattr(programme, "indicators_at", [])
    ]
    verdicts = [i.check.verdict for i in indicators]
    assessed = [v for v in verdicts if v != Trajectory.NOT_ASSESSED]
    suggested = suggest_rag(
        overdue_milestones=programme.milestones_overdue,
        trajectories=assessed,
        has_evidence=bool(programme.milestones_due or assessed),
    )
    last_rag = Rag(programme.status_rag) if programme.status_rag else None
    reported_on = programme.status_as_at
    current = reported_on is not None and reported_on >= update_current_from(as_at, plan_year)
    return ProgrammeStatus(
        programme=programme,
        as_at=as_at,
        rag=last_rag if current else None,
        last_rag=last_rag,
        reported_on=programme.status_as_at,
        headline=programme.status_headline or "",
        suggested=suggested,
        overdue_milestones=programme.milestones_overdue,
        indicators=indicators,
    )


@dataclass(frozen=True)
class ProgrammeRag:
    """A programme's current status alone, as a roll-up and the counts use it: what
    `priority_rollups()` reads, with no programme instance and no evidence."""

    pk: int
    rag: Rag | None
    weight: Decimal


@dataclass(frozen=True)
class PriorityStatus:
    """A priority's rolled-up status as at a date, with the programmes behind it (their
    full `ProgrammeStatus`, or from `priority_rollups()` their `ProgrammeRag`)."""

    priority: Priority
    as_at: date
    rollup: RollUp
    programmes: list[ProgrammeStatus] | list[ProgrammeRag]

    @classmethod
    def rolled_up(cls, priority: Priority, *, as_at: date, programmes: list) -> PriorityStatus:
        """The roll-up rule (`priorities.status.rollup_rag`) over the programmes."""
        rollup = rollup_rag(
            ((p.rag, p.weight) for p in programmes),
            override=priority.status_override or None,
            override_reason=priority.override_reason,
        )
        return cls(priority, as_at, rollup, programmes)

    @property
    def rag(self) -> Rag | None:
        return self.rollup.rag

    @property
    def summary(self) -> str:
        """'3 of 5 programmes on track'."""
        total = len(self.programmes)
        if not total:
            return "No programmes recorded"
        noun = "programme" if total == 1 else "programmes"
        return f"{self.rollup.on_track} of {total} {noun} on track"


def _priority_rows(priorities: QuerySet | list[Priority]) -> list[Priority]:
    """Priorities read with their plan year, board, theme and lead officer; a list is
    taken as already read so."""
    if isinstance(priorities, QuerySet):
        return list(priorities.select_related("plan_year", "board", "theme", "lead_officer"))
    return list(priorities)


def priorities_with_status(
    priorities: QuerySet | list[Priority],
    *,
    as_at: date,
    programmes: QuerySet | None = None,
    include_drafts: bool = False,
) -> list[PriorityStatus]:
    """Roll programme statuses up to each priority, with each programme's status and
    its evidence, in three queries at any size (`priority_rollups()`: statuses alone).
    `programmes` narrows what is read of each (default: `listing_with_status`).
    Published updates and readings only, unless `include_drafts`."""
    if programmes is None:
        programmes = listing_with_status(as_at=as_at, include_drafts=include_drafts)
    else:
        programmes = programmes.with_status(as_at=as_at, include_drafts=include_drafts)
    rows = _priority_rows(priorities)
    prefetch_related_objects(
        rows, Prefetch("programmes", queryset=programmes, to_attr="programmes_at")
    )
    margin = trajectory_margin()
    return [priority_status(p, as_at=as_at, margin=margin) for p in rows]


def priority_status(
    priority: Priority, *, as_at: date, margin: float | None = None
) -> PriorityStatus:
    """Needs `programmes_at` as prefetched by `priorities_with_status()`."""
    programmes = [
        programme_status(p, as_at=as_at, margin=margin, plan_year=priority.plan_year)
        for p in priority.programmes_at
    ]
    return PriorityStatus.rolled_up(priority, as_at=as_at, programmes=programmes)


def priority_rollups(
    priorities: QuerySet | list[Priority], *, as_at: date, include_drafts: bool = False
) -> list[PriorityStatus]:
    """Each priority's rolled-up status from its programmes' statuses alone (the plan
    overview, a priority's line): each programme's current status worked out in SQL
    (`with_current_rag`) and read as values, no instances; one query for the priorities
    and one a plan year among them at any size (none for priorities given as a list). The
    same rule (`PriorityStatus.rolled_up`)."""
    rows = _priority_rows(priorities)
    years: dict[int, list[Priority]] = {}
    for priority in rows:
        years.setdefault(priority.plan_year_id, []).append(priority)
    programmes_of: dict[int, list[ProgrammeRag]] = {p.pk: [] for p in rows}
    for same_year in years.values():
        links = (
            Programme.objects.filter(priorities__in=[p.pk for p in same_year])
            .with_current_rag(
                as_at=as_at, include_drafts=include_drafts, plan_year=same_year[0].plan_year
            )
            .order_by()
            .values_list("priorities", "pk", "current_rag", "weight")
        )
        for priority_pk, pk, rag, weight in links:
            programmes_of[priority_pk].append(ProgrammeRag(pk, Rag(rag) if rag else None, weight))
    return [PriorityStatus.rolled_up(p, as_at=as_at, programmes=programmes_of[p.pk]) for p in rows]


def programme_rags_as_at(
    programmes: QuerySet,
    *,
    as_at: date,
    include_drafts: bool = False,
    plan_year: PlanYear | None = None,
) -> dict[int, Rag | None]:
    """Each programme's current RAG as at a date from its published updates (drafts too
    with `include_drafts`), in one query: for comparing two dates cheaply. An update
    out of date at that date (`with_current_rag`) gives None."""
    rows = programmes.order_by().with_current_rag(
        as_at=as_at, include_drafts=include_drafts, plan_year=plan_year
    )
    return {pk: Rag(rag) if rag else None for pk, rag in rows.values_list("pk", "current_rag")}


@dataclass
class PlanYearSummary:
    plan_year: PlanYear
    as_at: date
    priorities: list[PriorityStatus]
    priority_counts: RagCounts
    programme_counts: RagCounts
    by_theme: dict[str, RagCounts]
    by_board: dict[str, RagCounts]


def plan_year_summary(
    plan_year: PlanYear, *, as_at: date, priorities: QuerySet | None = None
) -> PlanYearSummary:
    """Counts of priorities and programmes by RAG, overall, per theme and per board."""
    if priorities is None:
        priorities = Priority.objects.filter(plan_year=plan_year)
    statuses = priorities_with_status(priorities, as_at=as_at)
    return summarise(plan_year, as_at=as_at, statuses=statuses)


# The one name for priorities no Board owns, and for priorities with no theme, in
# every count by board or theme (dashboards and reports alike).
ORGANISATION_WIDE = "Organisation-wide priorities"
NO_THEME = "No theme"


@dataclass
class StatusTally:
    """Counts of priorities by status, overall, by board and by theme, and of their
    programmes, each programme once however many priorities it delivers.

    The one place priorities and programmes are counted, so the plan overview and
    every report agree. Feed it `add()` one priority at a time: a streamed report
    keeps only the counts and the programmes already seen."""

    priorities: RagCounts = field(default_factory=RagCounts)
    programmes: RagCounts = field(default_factory=RagCounts)
    by_board: dict[str, RagCounts] = field(default_factory=dict)
    by_theme: dict[str, RagCounts] = field(default_factory=dict)
    seen: set[int] = field(default_factory=set, repr=False)

    @staticmethod
    def board_of(priority: Priority) -> str:
        """The group a priority is counted (and reported) under: its Board, or
        organisation-wide."""
        return priority.board.name if priority.board else ORGANISATION_WIDE

    @staticmethod
    def theme_of(priority: Priority) -> str:
        return priority.theme.name if priority.theme else NO_THEME

    def add(self, status: PriorityStatus) -> list[ProgrammeStatus]:
        """Count a priority and those of its programmes not counted yet; returns
        those programmes, for callers that list each programme once too."""
        self.priorities.add(status.rag)
        self.by_board.setdefault(self.board_of(status.priority), RagCounts()).add(status.rag)
        self.by_theme.setdefault(self.theme_of(status.priority), RagCounts()).add(status.rag)
        first_seen = []
        for programme in status.programmes:
            if programme.pk not in self.seen:
                self.seen.add(programme.pk)
                self.programmes.add(programme.rag)
                first_seen.append(programme)
        return first_seen


def summarise(
    plan_year: PlanYear, *, as_at: date, statuses: Iterable[PriorityStatus]
) -> PlanYearSummary:
    statuses = list(statuses)
    tally = StatusTally()
    for status in statuses:
        tally.add(status)
    return PlanYearSummary(
        plan_year=plan_year,
        as_at=as_at,
        priorities=statuses,
        priority_counts=tally.priorities,
        programme_counts=tally.programmes,
        by_theme=tally.by_theme,
        by_board=tally.by_board,
    )
