"""Server-rendered indicator charts: readings against the target trajectory.

Geometry only; the template draws it as SVG, with the same figures in a table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .models import Indicator, Reading
from .selectors import IndicatorStatus
from .status import Trajectory

WIDTH, HEIGHT = 600, 240
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 40


def format_value(value: Decimal | float | None, unit: str) -> str:
    if value is None:
        return "no reading"
    value = Decimal(str(value))
    whole = value == value.to_integral_value()
    number = f"{value:,.0f}" if whole else f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit == Indicator.Unit.GBP:
        return f"£{number}"
    if unit == Indicator.Unit.PERCENT:
        return f"{number}%"
    return number


def sentence(status: IndicatorStatus) -> str:
    """'42 against a target of 100 by March 2012: behind trajectory.'"""
    indicator = status.indicator
    actual = format_value(status.actual, indicator.unit)
    if status.actual is None:
        return f"{indicator.name}: no reading yet."
    when = f" at {status.actual_as_at:%-d %B %Y}" if status.actual_as_at else ""
    if indicator.target_value is None:
        return f"{indicator.name}: {actual}{when}. No target is set."
    target = format_value(indicator.target_value, indicator.unit)
    by = f" by {indicator.target_ends_on:%B %Y}" if indicator.target_ends_on else ""
    verdict = {
        Trajectory.ON_TRACK: "on or ahead of trajectory",
        Trajectory.BEHIND: "behind trajectory",
        Trajectory.WELL_BEHIND: "well behind trajectory",
        Trajectory.NOT_ASSESSED: "not yet assessed against trajectory",
    }[status.check.verdict]
    return f"{indicator.name}: {actual}{when} against a target of {target}{by}: {verdict}."


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
    trajectory: tuple[Point, Point] | None
    y_ticks: list[Point]
    x_ticks: list[Point]
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int

    @property
    def readings_path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.readings)


def indicator_chart(status: IndicatorStatus, readings: list[Reading]) -> Chart | None:
    """The chart's geometry, or None when there is nothing to draw."""
    indicator = status.indicator
    if not readings:
        return None
    dates = [r.as_at for r in readings]
    values = [float(r.value) for r in readings]
    has_target = (
        indicator.target_value is not None
        and indicator.target_starts_on is not None
        and indicator.target_ends_on is not None
    )
    if has_target:
        dates += [indicator.target_starts_on, indicator.target_ends_on]
        values += [float(indicator.baseline), float(indicator.target_value)]
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
        Point(x(r.as_at), y(float(r.value)), format_value(r.value, indicator.unit))
        for r in readings
    ]
    trajectory = None
    if has_target:
        trajectory = (
            Point(x(indicator.target_starts_on), y(float(indicator.baseline)), "baseline"),
            Point(
                x(indicator.target_ends_on),
                y(float(indicator.target_value)),
                format_value(indicator.target_value, indicator.unit),
            ),
        )
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
        trajectory,
        y_ticks,
        x_ticks,
        LEFT,
        WIDTH - RIGHT,
        TOP,
        HEIGHT - BOTTOM,
    )
