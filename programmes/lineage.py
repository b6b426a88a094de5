"""A priority's line across plan years, with its status at the end of each year.

The line is the priority, what it came from (walking back through the earlier links)
and what it became (walking forward), as recorded in `priorities.PriorityLink`: only
what is recorded, never guessed from titles or themes. Each year's priorities get their
status from `programmes.selectors.priorities_with_status` as at the year's end (or
today, for a year not yet over): one read of the links, then two queries for each other
year in the line, whatever the number of programmes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from core.dates import today
from priorities.models import PlanYear, Priority, PriorityLink

from .selectors import PriorityStatus, priority_rollups


@dataclass
class LineStep:
    """One priority of the line, how it came from earlier ones, and its year-end status."""

    priority: Priority
    came_from: list[PriorityLink]  # links from earlier priorities of the line
    went_to: list[PriorityLink]  # links to later ones, a drop included
    status: PriorityStatus | None = None

    @property
    def is_new(self) -> bool:
        return any(link.kind == PriorityLink.Kind.NEW for link in self.came_from)

    @property
    def dropped(self) -> PriorityLink | None:
        return next((k for k in self.went_to if k.kind == PriorityLink.Kind.DROPPED), None)


@dataclass
class LineYear:
    plan_year: PlanYear
    as_at: date  # the year's end, or today for a year not yet over
    steps: list[LineStep] = field(default_factory=list)

    @property
    def so_far(self) -> bool:
        return self.as_at < self.plan_year.ends_on


@dataclass
class PriorityLine:
    priority: Priority
    years: list[LineYear]

    @property
    def is_recorded(self) -> bool:
        """Anything recorded beyond the priority itself: a link either way, new or dropped."""
        return any(s.came_from or s.went_to for y in self.years for s in y.steps)


def _walk(start: Priority, links: list[PriorityLink], visible) -> dict[int, Priority]:
    """The priority and everything it came from or became, through recorded links."""
    back: dict[int, list[PriorityLink]] = {}
    forward: dict[int, list[PriorityLink]] = {}
    for link in links:
        if link.later_id and link.earlier_id:
            back.setdefault(link.later_id, []).append(link)
            forward.setdefault(link.earlier_id, []).append(link)
    found = {start.pk: start}
    for edges, other in ((back, "earlier"), (forward, "later")):
        queue = [start.pk]
        while queue:
            for link in edges.get(queue.pop(), []):
                priority = getattr(link, other)
                if priority.pk not in found and visible(priority):
                    found[priority.pk] = priority
                    queue.append(priority.pk)
    return found


def priority_line(
    priority: Priority,
    *,
    user,
    known: PriorityStatus | None = None,
    include_drafts: bool = False,
) -> PriorityLine:
    """The line a priority belongs to, year by year, each priority with its status at its
    year's end. `known`: the priority's own status already read for the page, reused
    when it is as at the same date (one year fewer to read)."""
    signed_in = user is not None and user.is_authenticated

    def visible(p: Priority) -> bool:
        return signed_in or p.plan_year.status == PlanYear.Status.AGREED

    links = list(PriorityLink.objects.for_display())
    members = _walk(priority, links, visible)
    steps = {pk: LineStep(p, [], []) for pk, p in members.items()}
    for link in links:
        if link.later_id in steps and (link.earlier_id is None or link.earlier_id in steps):
            steps[link.later_id].came_from.append(link)
        if link.earlier_id in steps and (link.later_id is None or link.later_id in steps):
            steps[link.earlier_id].went_to.append(link)
    by_year: dict[int, LineYear] = {}
    on = today()
    for step in steps.values():
        plan_year = step.priority.plan_year
        year = by_year.setdefault(plan_year.pk, LineYear(plan_year, min(plan_year.ends_on, on)))
        year.steps.append(step)
    years = sorted(by_year.values(), key=lambda y: y.plan_year.starts_on)
    for year in years:
        ids = [s.priority.pk for s in year.steps]
        if known is not None and ids == [priority.pk] and known.as_at == year.as_at:
            year.steps[0].status = known
            continue
        statuses = priority_rollups(
            [s.priority for s in year.steps], as_at=year.as_at, include_drafts=include_drafts
        )
        by_pk = {s.priority.pk: s for s in statuses}
        for step in year.steps:
            step.status = by_pk.get(step.priority.pk)
        year.steps.sort(key=lambda s: (s.priority.board_id is None, s.priority.order))
    return PriorityLine(priority, years)
