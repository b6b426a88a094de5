"""Trajectories and the suggested RAG, without a database."""

from datetime import date
from decimal import Decimal

import pytest

from core.rag import Rag
from programmes.status import (
    Trajectory,
    elapsed_fraction,
    suggest_rag,
    trajectory_check,
)


@pytest.mark.parametrize(
    ("as_at", "expected"),
    [
        (date(2012, 3, 31), 0.0),
        (date(2012, 4, 1), 0.0),
        (date(2012, 10, 1), 183 / 364),
        (date(2013, 3, 31), 1.0),
        (date(2014, 1, 1), 1.0),
    ],
)
def test_elapsed_fraction(as_at, expected):
    assert elapsed_fraction(
        starts_on=date(2012, 4, 1), ends_on=date(2013, 3, 31), as_at=as_at
    ) == pytest.approx(expected)


def check(actual, *, as_at, higher_is_better=True, baseline="0", target="100"):
    # A 100-day target period makes elapsed fractions exact.
    return trajectory_check(
        actual=Decimal(actual),
        target=Decimal(target),
        baseline=Decimal(baseline),
        starts_on=date(2012, 1, 1),
        ends_on=date(2012, 4, 10),
        as_at=as_at,
        higher_is_better=higher_is_better,
        margin=0.10,
    )


HALFWAY = date(2012, 2, 20)  # 50 days of 100: expected 50


@pytest.mark.parametrize(
    ("actual", "verdict"),
    [
        ("50", Trajectory.ON_TRACK),
        ("60", Trajectory.ON_TRACK),
        ("45", Trajectory.ON_TRACK),  # exactly 10% behind is within the margin
        ("44.9", Trajectory.BEHIND),
        ("40", Trajectory.BEHIND),  # exactly twice the margin is still amber
        ("39.9", Trajectory.WELL_BEHIND),
        ("0", Trajectory.WELL_BEHIND),
    ],
)
def test_trajectory_margins(actual, verdict):
    result = check(actual, as_at=HALFWAY)
    assert result.expected == Decimal("50")
    assert result.verdict == verdict


def test_trajectory_lower_is_better():
    assert check("55", as_at=HALFWAY, higher_is_better=False).verdict == Trajectory.ON_TRACK
    assert check("56", as_at=HALFWAY, higher_is_better=False).verdict == Trajectory.BEHIND
    assert check("61", as_at=HALFWAY, higher_is_better=False).verdict == Trajectory.WELL_BEHIND


def test_trajectory_from_a_baseline():
    # From 20 to 120: expected at halfway is 70; 10% of the 50 expected since the baseline is 5.
    assert check("65", as_at=HALFWAY, baseline="20", target="120").verdict == Trajectory.ON_TRACK
    assert check("64", as_at=HALFWAY, baseline="20", target="120").verdict == Trajectory.BEHIND


@pytest.mark.parametrize(
    "kwargs",
    [
        {"actual": None},
        {"target": None},
        {"starts_on": None},
        {"as_at": date(2011, 12, 31)},  # before the target period starts
    ],
)
def test_trajectory_not_assessed(kwargs):
    args = {
        "actual": Decimal("1"),
        "target": Decimal("100"),
        "starts_on": date(2012, 1, 1),
        "ends_on": date(2012, 4, 10),
        "as_at": HALFWAY,
        **kwargs,
    }
    assert trajectory_check(**args).verdict == Trajectory.NOT_ASSESSED


def test_trajectory_at_the_start_of_the_period():
    # Nothing is expected yet, so nothing is behind.
    assert check("0", as_at=date(2012, 1, 1)).verdict == Trajectory.ON_TRACK


@pytest.mark.parametrize(
    ("overdue", "trajectories", "evidence", "expected"),
    [
        (0, [], False, None),
        (0, [], True, Rag.GREEN),
        (0, [Trajectory.ON_TRACK], True, Rag.GREEN),
        (1, [], True, Rag.AMBER),
        (0, [Trajectory.BEHIND], True, Rag.AMBER),
        (3, [Trajectory.ON_TRACK, Trajectory.BEHIND], True, Rag.AMBER),
        (0, [Trajectory.WELL_BEHIND], True, Rag.RED),
        (1, [Trajectory.WELL_BEHIND, Trajectory.ON_TRACK], True, Rag.RED),
    ],
)
def test_suggest_rag(overdue, trajectories, evidence, expected):
    assert (
        suggest_rag(overdue_milestones=overdue, trajectories=trajectories, has_evidence=evidence)
        == expected
    )
