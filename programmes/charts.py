"""Server-rendered indicator charts (readings against the target trajectory) and the
words every page, chart and report uses for figures and targets.

Geometry only; the template draws it as SVG, with the same figures in a table."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .models import Indicator, Reading
from .models.targets import BASIS_WORDS, qualified
from .selectors import IndicatorStatus
from .status import Target, Trajectory

WIDTH, HEIGHT = 600, 240
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 40


def format_value(value: Decimal | float | None, unit: str, qualifier: str = "") -> str:
    """A figure as people write it, with its qualifier: '2,410', 'over £150,000', '85%'."""
    if value is None:
        return "no reading"
    value = Decimal(str(value))
    whole = value == value.to_integral_value()
    number = f"{value:,.0f}" if whole else f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit == Indicator.Unit.GBP:
        number = f"£{number}"
    elif unit == Indicator.Unit.PERCENT:
        number = f"{number}%"
    return qualified(number, qualifier)


def period_words(target: Target) -> str:
    """'1 April 2012 to 31 March 2013', or 'no period stated'."""
    if not target.has_period:
        return "no period stated"
    return f"{target.starts_on:%-d %B %Y} to {target.ends_on:%-d %B %Y}"


def target_words(target: Target | None, indicator: Indicator) -> str:
    """A target as the paper states it: 'over 100 by 31 March 2013', '1 per council by
    31 March 2013', 'around 20% per council, with no period stated'."""
    if target is None:
        return "no target"
    figure = format_value(target.value, indicator.unit, target.qualifier)
    basis = BASIS_WORDS.get(indicator.target_basis, "")
    figure = f"{figure} {basis}" if basis else figure
    if not target.has_period:
        return f"{figure}, with no period stated"
    return f"{figure} by {target.ends_on:%B %Y}"


def schedule_rows(indicator: Indicator) -> list[tuple[str, str]]:
    """Each period of an indicator's target schedule as (period, target) in words: ('1
    April 2012 to 31 March 2013', 'over 100'). Prefetch `target_periods` to read many
    indicators' schedules in one query."""
    basis = BASIS_WORDS.get(indicator.target_basis, "")
    rows = []
    for target in indicator.schedule():
        figure = format_value(target.value, indicator.unit, target.qualifier)
        rows.append((period_words(target), f"{figure} {basis}" if basis else figure))
    return rows


VERDICT_WORDS = {
    Trajectory.ON_TRACK: "on or ahead of trajectory",
    Trajectory.BEHIND: "behind trajectory",
    Trajectory.WELL_BEHIND: "well behind trajectory",
    Trajectory.NOT_ASSESSED: "not yet assessed against trajectory",
}


def actual_words(status: IndicatorStatus) -> str:
    """The figure in words with its qualifier: 'over 85%', 'no reading'."""
    return format_value(status.actual, status.indicator.unit, status.actual_qualifier)


def sentence(status: IndicatorStatus) -> str:
    """'42 at October 2011 against a target of over 100 by 31 March 2013: behind
    trajectory.' A target with no period is shown and said not to be assessed."""
    indicator = status.indicator
    if status.actual is None:
        when = ""
    elif status.computed:
        when = f" ({status.figure_source})"
    else:
        when = f" at {status.actual_date}" if status.actual_date else ""
    actual = actual_words(status) if status.actual is not None else "no reading yet"
    target = status.target
    if target is None:
        tail = " No target is set." if status.actual is not None else ""
        return f"{indicator.name}: {actual}{when}.{tail}"
    if not target.has_period:
        return (
            f"{indicator.name}: {actual}{when}. Target: {target_words(target, indicator)}, "
            "so it is not assessed against a trajectory."
        )
    if status.actual is None:
        return f"{indicator.name}: no reading yet. Target: {target_words(target, indicator)}."
    verdict = VERDICT_WORDS[status.check.verdict]
    return (
        f"{indicator.name}: {actual}{when} against a target of "
        f"{target_words(target, indicator)}: {verdict}."
    )


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    readings: list[Point]
    # One straight line from baseline to target for each period of the schedule.
    trajectories: list[tuple[Point, Point]]
    y_ticks: list[Point]
    x_ticks: list[Point]
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int

    @property
    def readings_path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.readings)


def indicator_chart(
    status: IndicatorStatus, readings: list[Reading], schedule: list[Target] | None = None
) -> Chart | None:
    """The chart's geometry, or None when there is nothing to draw. `schedule`: the
    target's periods (`Indicator.schedule()`), each drawn as its own trajectory; a
    target with no period has no line to draw."""
    indicator = status.indicator
    if not readings:
        return None
    periods = [t for t in (schedule or []) if t.has_period]
    dates = [r.as_at for r in readings]
    values = [float(r.value) for r in readings]
    for period in periods:
        dates += [period.starts_on, period.ends_on]
        values += [float(period.baseline), float(period.value)]
    start, end = min(dates), max(dates)
    if start == end:
        start = date.fromordinal(start.toordinal() - 30)
        end = date.fromordinal(end.toordinal() + 30)
    top_value = max(values + [0.0]) * 1.1 or 1.0
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def x(on: date) -> float:
        return LEFT + plot_w * (on - start).days / (end - start).days

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / top_value)

    points = [
        Point(x(r.as_at), y(float(r.value)), format_value(r.value, indicator.unit, r.qualifier))
        for r in readings
    ]
    trajectories = [
        (
            Point(x(p.starts_on), y(float(p.baseline)), "baseline"),
            Point(
                x(p.ends_on), y(float(p.value)), format_value(p.value, indicator.unit, p.qualifier)
            ),
        )
        for p in periods
    ]
    y_ticks = [
        Point(LEFT, y(top_value * i / 4), format_value(round(top_value * i / 4), indicator.unit))
        for i in range(5)
    ]
    x_ticks = [Point(x(start), HEIGHT - BOTTOM + 18, f"{start:%b %Y}")]
    x_ticks.append(Point(x(end), HEIGHT - BOTTOM + 18, f"{end:%b %Y}"))
    return Chart(
        WIDTH,
        HEIGHT,
        points,
        trajectories,
        y_ticks,
        x_ticks,
        LEFT,
        WIDTH - RIGHT,
        TOP,
        HEIGHT - BOTTOM,
    )


@dataclass
class IndicatorPanel:
    """An indicator on a page: its status, readings, chart and words."""

    status: IndicatorStatus
    readings: list[Reading]
    chart: Chart | None
    sentence: str
    schedule: list[tuple[str, str]]  # each period of the target, in words
    target: str  # the target in force, in words ('' with none)


def indicator_panels(
    statuses: list[IndicatorStatus], readings: Iterable[Reading]
) -> list[IndicatorPanel]:
    """Each indicator's panel from readings already fetched (each given `figure`, its
    value in words); prefetch the indicators' `target_periods` first."""
    by_indicator: dict[int, list[Reading]] = {}
    units = {s.indicator.pk: s.indicator.unit for s in statuses}
    for reading in readings:
        reading.figure = format_value(reading.value, units[reading.indicator_id], reading.qualifier)
        by_indicator.setdefault(reading.indicator_id, []).append(reading)
    panels = []
    for status in statuses:
        rows = by_indicator.get(status.indicator.pk, [])
        panels.append(
            IndicatorPanel(
                status,
                rows,
                indicator_chart(status, rows, status.indicator.schedule()),
                sentence(status),
                schedule_rows(status.indicator),
                target_words(status.target, status.indicator) if status.target else "",
            )
        )
    return panels
