"""Evidence-based status for programmes: pure functions, no database.

A programme's own status is the RAG of its latest progress update on or before
the as-at date, while that update is current (`current_from`): an older one is
shown as out of date, and the programme counts as having no current update.
Beside it sits a *suggested* RAG from the evidence:

- a milestone overdue at the date makes it at least amber;
- an indicator behind its straight-line trajectory by more than the margin
  (default 10%) makes it amber; by more than twice the margin, red.

The trajectory runs from the baseline at the start of the target period to the
target at its end; "behind" means the latest reading falls short of where the
line is at the date by more than the margin, measured as a share of the progress
expected since the baseline (with a zero baseline: a share of the expected value).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models

from core.rag import Rag


class MilestoneState(models.TextChoices):
    """Where a milestone stands at a date; worked out in SQL by
    `Milestone.objects.with_state()`."""

    DONE = "done", "Done"
    OVERDUE = "overdue", "Overdue"
    DUE_SOON = "due_soon", "Due soon"
    UPCOMING = "upcoming", "Upcoming"


# Each state's tag colour: `govuk-tag--<colour>` on the pages, `bp-tag--<colour>` in the
# admin. The state is always shown in words too.
MILESTONE_STATE_COLOURS = {
    MilestoneState.DONE: "green",
    MilestoneState.OVERDUE: "red",
    MilestoneState.DUE_SOON: "yellow",
    MilestoneState.UPCOMING: "grey",
}


def months_before(on: date, months: int) -> date:
    """The same day `months` months earlier (the month's last day where it is shorter)."""
    index = on.year * 12 + on.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(on.day, calendar.monthrange(year, month + 1)[1]))


def current_from(
    *, as_at: date, window_quarters: int, plan_year_starts_on: date | None = None
) -> date:
    """The earliest date a progress update may describe and still count as current as at
    `as_at`: within `window_quarters` quarters before it, or, for a priority, anywhere in
    the priority's plan year. An older update is shown as out of date and the programme
    counts as having no current update."""
    window = months_before(as_at, 3 * window_quarters)
    return min(window, plan_year_starts_on) if plan_year_starts_on else window


def update_current_from(as_at: date, plan_year=None) -> date:
    """`current_from` with the window of the STALE_AFTER_QUARTERS setting; `plan_year`
    (anything with `starts_on`) is the plan year of the priority it is read for."""
    return current_from(
        as_at=as_at,
        window_quarters=settings.BOARDPORTAL_STALE_AFTER_QUARTERS,
        plan_year_starts_on=plan_year.starts_on if plan_year else None,
    )


def elapsed_fraction(*, starts_on: date, ends_on: date, as_at: date) -> float:
    """How far through a period a date is, from 0 at its start to 1 at its end."""
    if ends_on <= starts_on:
        return 1.0 if as_at >= ends_on else 0.0
    fraction = (as_at - starts_on).days / (ends_on - starts_on).days
    return min(1.0, max(0.0, fraction))


@dataclass(frozen=True)
class Target:
    """One period of an indicator's target schedule, or a target with no period."""

    value: Decimal
    qualifier: str = "exactly"
    starts_on: date | None = None
    ends_on: date | None = None
    baseline: Decimal = Decimal(0)

    @property
    def has_period(self) -> bool:
        return self.starts_on is not None and self.ends_on is not None

    def contains(self, on: date) -> bool:
        return self.has_period and self.starts_on <= on <= self.ends_on


def target_for(schedule: Iterable[Target], as_at: date) -> Target | None:
    """The target progress is judged by at a date: the period containing it, else the
    latest period that ended before it; None before the first period begins, or when no
    target has a period (such a target is never assessed)."""
    periods = sorted((t for t in schedule if t.has_period), key=lambda t: t.starts_on)
    judged = None
    for period in periods:
        if period.starts_on <= as_at:
            judged = period
    return judged


class Trajectory(models.TextChoices):
    ON_TRACK = "on_track", "On or ahead of trajectory"
    BEHIND = "behind", "Behind trajectory"
    WELL_BEHIND = "well_behind", "Well behind trajectory"
    NOT_ASSESSED = "not_assessed", "Not assessed"


@dataclass(frozen=True)
class TrajectoryCheck:
    expected: Decimal | None
    shortfall: float | None  # share of the expected value by which the actual falls short
    verdict: Trajectory


def trajectory_check(
    *,
    actual: Decimal | None,
    target: Decimal | None,
    baseline: Decimal = Decimal(0),
    starts_on: date | None,
    ends_on: date | None,
    as_at: date,
    higher_is_better: bool = True,
    margin: float = 0.10,
) -> TrajectoryCheck:
    """Compare an indicator's latest reading with its straight-line trajectory at a date."""
    if actual is None or target is None or starts_on is None or ends_on is None:
        return TrajectoryCheck(None, None, Trajectory.NOT_ASSESSED)
    if as_at < starts_on:
        return TrajectoryCheck(None, None, Trajectory.NOT_ASSESSED)
    fraction = Decimal(str(elapsed_fraction(starts_on=starts_on, ends_on=ends_on, as_at=as_at)))
    baseline = baseline or Decimal(0)
    expected = baseline + (target - baseline) * fraction
    gap = (expected - actual) if higher_is_better else (actual - expected)
    scale = abs(expected - baseline) if expected != baseline else abs(expected)
    if scale == 0:
        shortfall = 0.0 if gap <= 0 else 1.0
    else:
        shortfall = float(gap / scale)
    if shortfall > 2 * margin:
        verdict = Trajectory.WELL_BEHIND
    elif shortfall > margin:
        verdict = Trajectory.BEHIND
    else:
        verdict = Trajectory.ON_TRACK
    return TrajectoryCheck(expected, shortfall, verdict)


def trajectory_in_period(
    *,
    target: Target | None,
    actual: Decimal | None,
    actual_as_at: date | None,
    as_at: date,
    higher_is_better: bool = True,
    margin: float = 0.10,
) -> TrajectoryCheck:
    """`trajectory_check` fed the period `target_for` chose: a reading dated before the
    period began is not progress in it, so the period is not assessed until one is."""
    if target is None or not target.has_period:
        return TrajectoryCheck(None, None, Trajectory.NOT_ASSESSED)
    if actual_as_at is not None and actual_as_at < target.starts_on:
        actual = None
    return trajectory_check(
        actual=actual,
        target=target.value,
        baseline=target.baseline,
        starts_on=target.starts_on,
        ends_on=target.ends_on,
        as_at=as_at,
        higher_is_better=higher_is_better,
        margin=margin,
    )


def funnel_counts(furthest: Iterable[int], stages: Iterable[int]) -> dict[int, int]:
    """A delivery funnel: for each stage, how many councils have reached it or gone
    beyond, from each council's furthest stage (a council that was delivered to was
    booked before it, even if the booking was not recorded)."""
    reached = list(furthest)
    return {stage: sum(1 for f in reached if f >= stage) for stage in stages}


def suggest_rag(
    *, overdue_milestones: int, trajectories: Iterable[Trajectory], has_evidence: bool
) -> Rag | None:
    """The RAG the evidence suggests, or None when there is no evidence to go on."""
    verdicts = list(trajectories)
    if not has_evidence:
        return None
    if Trajectory.WELL_BEHIND in verdicts:
        return Rag.RED
    if overdue_milestones > 0 or Trajectory.BEHIND in verdicts:
        return Rag.AMBER
    return Rag.GREEN
