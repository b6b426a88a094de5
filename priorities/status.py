"""The status vocabulary and the roll-up rule: pure functions, no database.

A priority's status as at a date rolls up from the programmes that deliver it:

1. Programmes with no status, or "not started", do not count.
2. If every counted programme is complete, the priority is complete.
3. Otherwise each counted programme scores green/complete 1, amber 0.5, red 0,
   and the weighted mean (by the programme's roll-up weight) gives green at
   0.75 or above, amber at 0.4 or above, red below.
4. Any red programme makes the priority at least amber: never green.
5. An officer's override, with its reason, stands over all of this.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import models


class Rag(models.TextChoices):
    """Red/Amber/Green delivery status, plus the two states outside the scale."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    COMPLETE = "complete", "Complete"
    NOT_STARTED = "not_started", "Not started"


# Plain-English meaning, shown beside the label so colour never carries it alone.
RAG_MEANINGS = {
    Rag.RED: "Off track: needs intervention",
    Rag.AMBER: "At risk: some issues",
    Rag.GREEN: "On track",
    Rag.COMPLETE: "Delivered",
    Rag.NOT_STARTED: "Not yet started",
}

# Worst first: used to order and to compare severity.
SEVERITY = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2, Rag.COMPLETE: 3, Rag.NOT_STARTED: 4}

SCORES = {Rag.RED: Decimal("0"), Rag.AMBER: Decimal("0.5"), Rag.GREEN: Decimal("1")}
GREEN_FROM = Decimal("0.75")
AMBER_FROM = Decimal("0.4")


def worst(*rags: Rag | str | None) -> Rag | None:
    """The most severe of the given statuses on the red-amber-green scale."""
    rated = [Rag(r) for r in rags if r in SCORES]
    if not rated:
        return None
    return min(rated, key=SEVERITY.__getitem__)


def at_least_amber(rag: Rag | str | None) -> Rag:
    """Green (or unknown) becomes amber; red stays red."""
    return Rag.RED if rag == Rag.RED else Rag.AMBER


@dataclass(frozen=True)
class RollUp:
    """The outcome of rolling programme statuses up to a priority."""

    rag: Rag | None
    rule: str
    counted: int = 0
    on_track: int = 0


def rollup_rag(
    statuses: Iterable[tuple[Rag | str | None, Decimal | int | float]],
    *,
    override: Rag | str | None = None,
    override_reason: str = "",
) -> RollUp:
    """Roll (status, weight) pairs up to one status, following the module's rule."""
    pairs = [
        (Rag(rag), Decimal(str(weight)))
        for rag, weight in statuses
        if rag and rag != Rag.NOT_STARTED
    ]
    counted = len(pairs)
    on_track = sum(1 for rag, _ in pairs if rag in (Rag.GREEN, Rag.COMPLETE))
    if override:
        reason = f": {override_reason}" if override_reason else ""
        return RollUp(Rag(override), f"Set by an officer{reason}", counted, on_track)
    if not pairs:
        return RollUp(None, "No programme has reported a status yet", 0, 0)
    if all(rag == Rag.COMPLETE for rag, _ in pairs):
        return RollUp(Rag.COMPLETE, "Every programme is complete", counted, on_track)
    total_weight = sum(weight for _, weight in pairs)
    if total_weight <= 0:
        total_weight = Decimal(counted)
        pairs = [(rag, Decimal(1)) for rag, _ in pairs]
    score = sum(SCORES[Rag.GREEN if rag == Rag.COMPLETE else rag] * w for rag, w in pairs)
    mean = score / total_weight
    if mean >= GREEN_FROM:
        rag = Rag.GREEN
    elif mean >= AMBER_FROM:
        rag = Rag.AMBER
    else:
        rag = Rag.RED
    rule = f"Weighted score {mean:.2f} of {counted} programme{'s' if counted != 1 else ''}"
    if rag == Rag.GREEN and any(r == Rag.RED for r, _ in pairs):
        rag = Rag.AMBER
        rule += "; a red programme holds it at amber"
    return RollUp(rag, rule, counted, on_track)
