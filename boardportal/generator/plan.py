"""The plan's frame: plan years, Boards, themes, officers, priorities and their line
across the years."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date

from priorities.models import Board, Officer, PlanYear, Priority, PriorityLink, Theme

from .rows import Counts
from .words import BOARD_NAMES, PRIORITY_WORDS, THEME_NAMES, person

# The demo's years: the first two agreed, the third still a draft (seen signed in only).
YEARS = (
    ("2011/12", PlanYear.Status.AGREED, date(2011, 3, 30)),
    ("2012/13", PlanYear.Status.AGREED, date(2012, 3, 28)),
    ("2013/14", PlanYear.Status.DRAFT, None),
)
CURRENT = "2012/13"


@dataclass
class Plan:
    years: dict[str, PlanYear] = field(default_factory=dict)
    boards: list[Board] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    officers: list[Officer] = field(default_factory=list)
    # Each year's priorities in the same order: index k is one priority's line.
    priorities: dict[str, list[Priority]] = field(default_factory=dict)


def sizes(programmes: int) -> tuple[int, int, int]:
    """Boards, priorities a year and officers for a number of programmes: a plan grows in
    programmes much faster than in Boards or priorities."""
    root = math.sqrt(programmes)
    boards = min(len(BOARD_NAMES), 3 + round(root / 10))
    priorities = max(3, round(1.2 * root))
    officers = max(3, programmes // 15)
    return boards, priorities, officers


def make_plan(rng: random.Random, programmes: int, counts: Counts) -> Plan:
    n_boards, n_priorities, n_officers = sizes(programmes)
    plan = Plan()
    for label, status, agreed_on in YEARS:
        starts, ends = PlanYear.dates_for(label)
        plan.years[label] = PlanYear(
            label=label,
            starts_on=starts,
            ends_on=ends,
            status=status,
            agreed_on=agreed_on,
            agreed_by="the LGA Executive" if agreed_on else "",
        )
    counts.save(PlanYear, list(plan.years.values()))
    plan.boards = counts.save(
        Board,
        [
            Board(name=name, short_name=short, slug=slug, order=i, remit=f"The {name}'s remit.")
            for i, (name, short, slug) in enumerate(BOARD_NAMES[:n_boards])
        ],
    )
    plan.themes = counts.save(
        Theme,
        [Theme(name=name, slug=slug, order=i) for i, (name, slug) in enumerate(THEME_NAMES)],
    )
    plan.officers = counts.save(
        Officer,
        [
            Officer(
                name=person(i),
                position=rng.choice(("Programme Manager", "Senior Adviser", "Head of Programmes")),
                email=f"officer{i}@example.org",
            )
            for i in range(n_officers)
        ],
    )
    _priorities(rng, plan, n_priorities, counts)
    _lines(plan, counts)
    return plan


def _priorities(rng: random.Random, plan: Plan, n: int, counts: Counts) -> None:
    """`n` priorities a year: one in five organisation-wide, the rest the Boards' own,
    numbered within each (1, 2.1, 2.2 ...)."""
    owners = [None if k % 5 == 0 else plan.boards[k % len(plan.boards)] for k in range(n)]
    titles = [_title(rng, k) for k in range(n)]
    themes = [rng.choice(plan.themes) for _ in range(n)]
    leads = [rng.choice(plan.officers) for _ in range(n)]
    for label, year in plan.years.items():
        numbered: dict[int | None, int] = {}
        rows = []
        for k in range(n):
            board = owners[k]
            key = board.pk if board else None
            numbered[key] = numbered.get(key, 0) + 1
            reference = (
                f"{numbered[key]}" if board is None else f"{board.order + 1}.{numbered[key]}"
            )
            rows.append(
                Priority(
                    plan_year=year,
                    board=board,
                    theme=themes[k],
                    reference=reference,
                    title=titles[k],
                    description=f"What {titles[k].lower()} means in {label}.",
                    target_statement=f"Over {10 * (k % 9 + 1)} councils supported in the year.",
                    lead_officer=leads[k],
                    order=numbered[key],
                    source=f"Business plan {label}",
                )
            )
        plan.priorities[label] = counts.save(Priority, rows)


def _title(rng: random.Random, k: int) -> str:
    first, second = rng.sample(PRIORITY_WORDS, 2)
    return f"{first} and {second.lower()} {k + 1}"


def _lines(plan: Plan, counts: Counts) -> None:
    """Each priority's line: 2011/12 to 2012/13 carried forward (every seventh renamed,
    every tenth new in 2012/13 instead); 2012/13 to 2013/14 carried forward, every ninth
    dropped."""
    first, current, next_ = (plan.priorities[label] for label, _, _ in YEARS)
    years = list(plan.years.values())
    kinds = PriorityLink.Kind
    rows = []
    for k, priority in enumerate(current):
        if k % 10 == 8:
            rows.append(PriorityLink(later=priority, kind=kinds.NEW, plan_year=years[1]))
        else:
            kind = kinds.RENAMED if k % 7 == 3 else kinds.CARRIED_FORWARD
            rows.append(
                PriorityLink(earlier=first[k], later=priority, kind=kind, plan_year=years[1])
            )
        if k % 9 == 4:
            rows.append(PriorityLink(earlier=priority, kind=kinds.DROPPED, plan_year=years[2]))
        else:
            rows.append(
                PriorityLink(
                    earlier=priority, later=next_[k], kind=kinds.CARRIED_FORWARD, plan_year=years[2]
                )
            )
    counts.save(PriorityLink, rows)
