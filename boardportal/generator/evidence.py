"""A programme's evidence, made in memory before it is written: milestones, indicators
with their target schedules and readings, and the status they suggest at a date, worked
out with the same pure functions as `programmes.selectors.programme_status`."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from core.rag import Rag
from programmes.models import Indicator, Milestone, Qualifier, Reading, TargetPeriod
from programmes.selectors import trajectory_margin
from programmes.status import (
    Target,
    Trajectory,
    elapsed_fraction,
    suggest_rag,
    target_for,
    trajectory_in_period,
)

from .rows import published_on

PERIOD = (date(2012, 4, 1), date(2013, 3, 31))
NEXT_PERIOD = (date(2013, 4, 1), date(2014, 3, 31))
READING_DATES = (date(2012, 6, 30), date(2012, 9, 30), date(2012, 12, 31))
QUALIFIERS = [Qualifier.EXACTLY] * 6 + [Qualifier.OVER, Qualifier.AT_LEAST, Qualifier.AROUND]


@dataclass
class Evidence:
    """One programme's milestones and indicators (each with its later periods and
    readings), not yet saved."""

    milestones: list[Milestone] = field(default_factory=list)
    indicators: list[tuple[Indicator, list[TargetPeriod], list[Reading]]] = field(
        default_factory=list
    )

    def suggested(self, on: date) -> Rag | None:
        """What the evidence suggests at `on`, drafts included, as the services work it
        out when an update is saved (`programmes.services.suggested_rag_for`)."""
        due = [m for m in self.milestones if m.due_on <= on]
        overdue = sum(
            1 for m in due if m.due_on < on and not (m.completed_on and m.completed_on <= on)
        )
        verdicts = [
            self._verdict(i, periods, readings, on) for i, periods, readings in self.indicators
        ]
        assessed = [v for v in verdicts if v != Trajectory.NOT_ASSESSED]
        return suggest_rag(
            overdue_milestones=overdue, trajectories=assessed, has_evidence=bool(due or assessed)
        )

    @staticmethod
    def _verdict(indicator: Indicator, periods, readings, on: date) -> Trajectory:
        own = indicator.own_target()
        schedule = ([own] if own else []) + [
            Target(p.value, p.qualifier, p.starts_on, p.ends_on, p.baseline) for p in periods
        ]
        latest = max((r for r in readings if r.as_at <= on), key=lambda r: r.as_at, default=None)
        return trajectory_in_period(
            target=target_for(schedule, on),
            actual=latest.value if latest else None,
            actual_as_at=latest.as_at if latest else None,
            as_at=on,
            higher_is_better=indicator.higher_is_better,
            margin=trajectory_margin(),
        ).verdict


def make_evidence(rng: random.Random, i: int, name: str, draft_last: bool) -> Evidence:
    """Milestones and indicators for the i-th programme; its latest reading is a draft
    when its latest update is."""
    evidence = Evidence()
    for n in range(3 if i % 4 == 0 else 2):
        due = date(2011, 10, 1) + timedelta(days=rng.randrange(0, 700))
        completed = None
        if rng.random() < 0.6:
            completed = min(due + timedelta(days=rng.randrange(-40, 60)), date(2013, 3, 31))
        evidence.milestones.append(
            Milestone(title=f"{name}: stage {n + 1} complete", due_on=due, completed_on=completed)
        )
    for n in range(2 if i % 3 == 0 else 1):
        evidence.indicators.append(_indicator(rng, i, n, name, draft_last))
    return evidence


def _indicator(rng: random.Random, i: int, n: int, name: str, draft_last: bool):
    percent = (i + n) % 5 == 2
    unit = Indicator.Unit.PERCENT if percent else Indicator.Unit.COUNT
    baseline = Decimal(rng.randrange(20, 50)) if percent else Decimal(0)
    target = baseline + Decimal(rng.randrange(10, 40) if percent else rng.randrange(20, 200))
    kind = rng.random()
    starts, ends = PERIOD if kind < 0.85 else (None, None)  # some with no period
    indicator = Indicator(
        name=f"{'Share of councils' if percent else 'Councils'} reached by {name}"
        + (f" ({n + 1})" if n else ""),
        unit=unit,
        baseline=baseline,
        target_value=None if kind > 0.95 else target,  # a few with no target at all
        target_qualifier=rng.choice(QUALIFIERS),
        target_starts_on=starts,
        target_ends_on=ends,
    )
    periods = []
    if starts and rng.random() < 0.2:
        later = min(Decimal(100), target + (target - baseline)) if percent else 2 * target
        periods.append(
            TargetPeriod(
                starts_on=NEXT_PERIOD[0],
                ends_on=NEXT_PERIOD[1],
                value=later,
                qualifier=Qualifier.EXACTLY,
                baseline=target,
            )
        )
    pace = rng.uniform(0.6, 1.25)
    readings = []
    for k, on in enumerate(READING_DATES):
        share = Decimal(str(elapsed_fraction(starts_on=PERIOD[0], ends_on=PERIOD[1], as_at=on)))
        value = baseline + (target - baseline) * share * Decimal(str(round(pace, 2)))
        value = min(value, Decimal(100)) if percent else value.to_integral_value()
        last = k == len(READING_DATES) - 1
        readings.append(
            Reading(
                as_at=on,
                value=value.quantize(Decimal("0.01")),
                published_at=None if last and draft_last else published_on(on),
                source=f"Quarterly return, {on:%B %Y}",
            )
        )
    return indicator, periods, readings
