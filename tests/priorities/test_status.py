"""The roll-up rule at its boundaries, without a database."""

from decimal import Decimal

import pytest

from core.rag import Rag
from priorities.status import rollup_rag

G, A, R, C, N = Rag.GREEN, Rag.AMBER, Rag.RED, Rag.COMPLETE, Rag.NOT_STARTED


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], None),
        ([(None, 1)], None),
        ([(N, 1), (N, 1)], None),
        ([(G, 1)], G),
        ([(A, 1)], A),
        ([(R, 1)], R),
        ([(C, 1), (C, 2)], C),
        ([(C, 1), (G, 1)], G),
        ([(C, 1), (N, 1)], C),
        # Mean exactly 0.75 is green: three greens and one amber of equal weight... is 0.875;
        # one green and one amber weighted 1:1 is 0.75.
        ([(G, 1), (A, 1)], G),
        # 0.5 * 1 + 1 * 1 + 0.5 * 1 = 2.0 / 3 = 0.67: amber.
        ([(A, 1), (G, 1), (A, 1)], A),
        # Mean exactly 0.4 is amber (green 2 + red 3 = 2/5).
        ([(G, 2), (R, 3)], A),
        # Just below 0.4 is red (green 0.39, red 0.61).
        ([(G, Decimal("0.39")), (R, Decimal("0.61"))], R),
        # A red holds an otherwise green priority at amber.
        ([(G, 10), (R, 1)], A),
        ([(G, 3), (R, 1)], A),
        # Weights matter: a heavy amber pulls greens down.
        ([(G, 1), (A, 3)], A),
        # Zero weights fall back to equal weights.
        ([(G, 0), (A, 0)], G),
    ],
)
def test_rollup_rule(statuses, expected):
    assert rollup_rag(statuses).rag == expected


def test_rollup_counts_programmes_on_track():
    result = rollup_rag([(G, 1), (C, 1), (A, 1), (N, 1), (None, 1)])
    assert (result.counted, result.on_track) == (3, 2)


def test_rollup_explains_the_rule():
    assert rollup_rag([(G, 3), (R, 1)]).rule == (
        "Weighted score 0.75 of 2 programmes; a red programme holds it at amber"
    )
    assert rollup_rag([]).rule == "No programme has reported a status yet"


def test_override_stands_with_its_reason():
    result = rollup_rag([(R, 1)], override=G, override_reason="Recovery plan agreed")
    assert result.rag == G
    assert result.rule == "Set by an officer: Recovery plan agreed"
