"""The roll-up rule: a priority's status from its programmes'. Pure functions, no database.

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

from core.rag import Rag

SCORES = {Rag.RED: Decimal("0"), Rag.AMBER: Decimal("0.5"), Rag.GREEN: Decimal("1")}
GREEN_FROM = Decimal("0.75")
AMBER_FROM = Decimal("0.4")


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
