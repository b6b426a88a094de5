"""The open actions a report lists: each once, under the meeting that set it, with its
owner, when it is due, and whether it is overdue as at the report's date.

`report_actions()` reads them all in one query (and two prefetches), however many
priorities and programmes the report covers; each gets the report's own reference
("A1", "A2"...), the same in the PDF, the XLSX and the CSV, so a priority's section
can point to an action without repeating it.

An action is listed while it is open now and was set at a meeting held on or before
the as-at date; it is overdue when `ActionQuerySet.with_overdue()` says so as at
that date (past its due date, or its due meeting held).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

from django.db.models import F, Prefetch, QuerySet

from meetings.models import Action
from priorities.models import Priority
from programmes.models import Programme

from .period import ReportPeriod


@dataclass(frozen=True)
class ActionLine:
    """One open action as the report shows it."""

    ref: str
    action: Action
    overdue: bool
    priority_ids: frozenset[int]
    programme_ids: frozenset[int]
    priority_refs: str  # "4.1, 4.2": the report's plan year's priorities it concerns
    programme_names: str  # "Creative Councils; Leadership Academy"

    @property
    def concerns(self) -> str:
        """'4.1, 4.2; Local Productivity programme'."""
        return "; ".join(p for p in (self.priority_refs, self.programme_names) if p)

    @property
    def description(self) -> str:
        return self.action.description

    @property
    def owner(self) -> str:
        return self.action.owner.name if self.action.owner else ""

    @property
    def meeting(self) -> str:
        """The meeting that set it: 'Improvement Programme Board 13 October 2011'."""
        return str(self.action.meeting)

    @property
    def set_on(self) -> date:
        return self.action.meeting.meets_on

    @property
    def due_on(self) -> date | None:
        return self.action.due_on

    @property
    def due_date(self) -> date | None:
        """The date it is due by: its own, or its due meeting's."""
        if self.action.due_on or not self.action.due_meeting:
            return self.action.due_on
        return self.action.due_meeting.meets_on

    @property
    def due_meeting(self) -> str:
        return str(self.action.due_meeting) if self.action.due_meeting else ""

    @property
    def due(self) -> str:
        """'8 Nov 2011', 'at Improvement Programme Board 8 Nov 2011', or 'No date'."""
        if self.action.due_on:
            return f"{self.action.due_on:%-d %b %Y}"
        if self.action.due_meeting:
            meeting = self.action.due_meeting
            return f"at {meeting.board} {meeting.meets_on:%-d %b %Y}"
        return "No date"

    @property
    def status(self) -> str:
        """'Overdue' or 'Open'."""
        return "Overdue" if self.overdue else self.action.get_status_display()

    @property
    def in_brief(self) -> str:
        """What it is about, who has it and when it is due, without its words (those
        are listed once, under Actions): 'about Creative Councils; Dennis Skinner; due
        at Improvement Programme Board 8 Nov 2011'."""
        about = self.concerns if len(self.concerns) <= BRIEF else self.concerns[:BRIEF] + "…"
        parts = [f"about {about}" if about else "", self.owner]
        if self.due_on or self.due_meeting:
            parts.append(f"due {self.due}")
        return "; ".join(p for p in parts if p)


BRIEF = 60  # characters of what an action concerns, where it is only pointed to


def report_actions(period: ReportPeriod, priorities: QuerySet) -> list[ActionLine]:
    """Every open action concerning these priorities or the programmes delivering them,
    set on or before the as-at date: oldest meeting first, each once."""
    delivering = Programme.objects.filter(priorities__in=priorities.values("pk"))
    actions = (
        Action.objects.open()
        .filter(meeting__meets_on__lte=period.as_at)
        .concerning(priorities=priorities.values("pk"), programmes=delivering.values("pk"))
        .with_overdue(period.as_at)
        .select_related("meeting__board", "owner", "due_meeting__board")
        .prefetch_related(
            Prefetch(
                "priorities",
                queryset=Priority.objects.filter(plan_year=period.plan_year)
                .only("pk", "reference", "order")
                .order_by("order", "reference"),
            ),
            Prefetch("programmes", queryset=Programme.objects.only("pk", "name").order_by("name")),
        )
        .order_by("meeting__meets_on", "meeting_id", F("due_on").asc(nulls_last=True), "pk")
    )
    lines = []
    for number, action in enumerate(actions, start=1):
        priorities_of = list(action.priorities.all())
        programmes_of = list(action.programmes.all())
        lines.append(
            ActionLine(
                ref=f"A{number}",
                action=action,
                overdue=bool(action.is_overdue),
                priority_ids=frozenset(p.pk for p in priorities_of),
                programme_ids=frozenset(p.pk for p in programmes_of),
                priority_refs=", ".join(p.reference for p in priorities_of),
                programme_names="; ".join(p.name for p in programmes_of),
            )
        )
    return lines


@dataclass
class ActionIndex:
    """The report's actions filed under the priorities and programmes they concern,
    so each priority's section can name them without another query."""

    lines: list[ActionLine]
    by_priority: dict[int, list[ActionLine]] = field(default_factory=lambda: defaultdict(list))
    by_programme: dict[int, list[ActionLine]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        for line in self.lines:
            for pk in line.priority_ids:
                self.by_priority[pk].append(line)
            for pk in line.programme_ids:
                self.by_programme[pk].append(line)

    def concerning(self, priority_id: int, programme_ids: Iterable[int]) -> list[ActionLine]:
        """The actions about a priority or any of its programmes, each once, in order."""
        found = {line.ref: line for line in self.by_priority.get(priority_id, [])}
        for pk in programme_ids:
            for line in self.by_programme.get(pk, []):
                found.setdefault(line.ref, line)
        return sorted(found.values(), key=lambda line: int(line.ref[1:]))

    @property
    def overdue(self) -> list[ActionLine]:
        return [line for line in self.lines if line.overdue]


def by_meeting(lines: Iterable[ActionLine]) -> Iterator[tuple[str, list[ActionLine]]]:
    """The actions grouped under the meeting that set each, oldest meeting first."""
    for _, group in groupby(lines, key=lambda line: line.action.meeting_id):
        group = list(group)
        yield group[0].meeting, group
