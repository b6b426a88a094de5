"""Governance: members, each Board's meetings with agenda items, numbered paragraphs that
name programmes and report their progress and figures, decisions, actions and a forward
plan."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils.text import slugify

from meetings.models import (
    Action,
    AgendaItem,
    Decision,
    ForwardPlanEntry,
    Meeting,
    Member,
    Membership,
    Paragraph,
)

from .delivery import Delivery
from .plan import Plan
from .rows import Counts, link
from .words import person

# Each Board meets in these months of every plan year (the day differs by Board).
MEETING_MONTHS = ((0, 6), (0, 9), (0, 12), (1, 3))
ITEMS_PER_MEETING = 4
PARAGRAPHS_PER_ITEM = 6


def make_governance(rng: random.Random, plan: Plan, delivery: Delivery, counts: Counts) -> None:
    _members(plan, delivery, counts)
    meetings = _meetings(plan, counts)
    items = _items(rng, plan, meetings, counts)
    paragraphs = _paragraphs(rng, items, delivery, counts)
    _decisions_and_actions(rng, plan, meetings, items, paragraphs, delivery, counts)
    _forward_plan(meetings, items, counts)


def _members(plan: Plan, delivery: Delivery, counts: Counts) -> None:
    n = 3 * len(plan.boards)
    members = counts.save(
        Member,
        [
            Member(
                name=person(k + 7),
                slug=slugify(f"{person(k + 7)}-{k + 1}"),
                council=delivery.councils[k % len(delivery.councils)],
                political_group=list(Member.Group)[k % 4],
            )
            for k in range(n)
        ],
    )
    roles = (Membership.Role.CHAIRMAN, Membership.Role.VICE_CHAIR, Membership.Role.MEMBER)
    counts.save(
        Membership,
        [
            Membership(
                member=member,
                board=plan.boards[k // 3],
                role=roles[k % 3],
                starts_on=date(2011, 6, 1),
            )
            for k, member in enumerate(members)
        ],
    )


def _meetings(plan: Plan, counts: Counts) -> dict[int, list[Meeting]]:
    """Each Board's meetings in date order; those after the current plan year are still
    to come."""
    rows = []
    for b, board in enumerate(plan.boards):
        for year in plan.years.values():
            for offset, month in MEETING_MONTHS:
                on = date(year.starts_on.year + offset, month, 2 + b)
                held = on <= date(2013, 3, 31)
                rows.append(
                    Meeting(
                        board=board,
                        meets_on=on,
                        venue="Local Government House, London",
                        status=Meeting.Status.HELD if held else Meeting.Status.SCHEDULED,
                    )
                )
    by_board: dict[int, list[Meeting]] = {}
    for meeting in counts.save(Meeting, rows):
        by_board.setdefault(meeting.board_id, []).append(meeting)
    return by_board


def _items(rng, plan: Plan, meetings: dict[int, list[Meeting]], counts: Counts):
    rows = []
    for board_meetings in meetings.values():
        for meeting in board_meetings:
            for n in range(ITEMS_PER_MEETING):
                chairs = n == 0
                rows.append(
                    AgendaItem(
                        meeting=meeting,
                        number=str(n + 1),
                        title="Chairman's report" if chairs else f"Work programme update {n}",
                        kind=AgendaItem.Kind.CHAIRS_REPORT if chairs else AgendaItem.Kind.REPORT,
                        purpose="For information." if chairs else "For discussion and direction.",
                        summary="The report updates members on the Board's work programme.",
                        recommendations="Members are asked to note the report.",
                        exempt=n == ITEMS_PER_MEETING - 1 and rng.random() < 0.2,
                        order=n,
                    )
                )
    return counts.save(AgendaItem, rows)


def _paragraphs(rng, items: list[AgendaItem], delivery: Delivery, counts: Counts):
    """Every programme is named in a paragraph, and discussed by that paragraph's item;
    the paragraph reports its latest published update and a published reading."""
    open_items = [item for item in items if not item.exempt]
    rows = []
    for item in items:
        for n in range(PARAGRAPHS_PER_ITEM):
            rows.append(
                Paragraph(
                    agenda_item=item,
                    number=str(n + 1),
                    heading="Progress" if n < 3 else "Next steps",
                    text=f"Paragraph {n + 1} of {item.title.lower()}: progress across the "
                    "Board's programmes this quarter.",
                    order=n,
                )
            )
    paragraphs = counts.save(Paragraph, rows)
    open_paragraphs = [p for p in paragraphs if not p.agenda_item.exempt]
    named, discussed, reported, figures = [], [], [], []
    latest = {u.programme_id: u for u in delivery.updates if u.published_at}
    first_reading = {}
    for reading in delivery.readings:
        if reading.published_at:
            first_reading.setdefault(reading.indicator.programme_id, reading)
    for programme in delivery.programmes:
        paragraph = rng.choice(open_paragraphs)
        named.append((paragraph.pk, programme.pk))
        discussed.append((paragraph.agenda_item_id, programme.pk))
        if programme.pk in latest:
            reported.append((paragraph.pk, latest[programme.pk].pk))
        if programme.pk in first_reading:
            figures.append((paragraph.pk, first_reading[programme.pk].pk))
    discussed += [(rng.choice(open_items).pk, p.pk) for p in delivery.programmes[::5]]
    link(counts, Paragraph.programmes, named)
    link(counts, AgendaItem.programmes, discussed)
    link(counts, Paragraph.updates, reported)
    link(counts, Paragraph.figures, figures)
    return paragraphs


def _decisions_and_actions(rng, plan, meetings, items, paragraphs, delivery, counts) -> None:
    first_item = {item.meeting_id: item for item in reversed(items)}
    first_paragraph = {p.agenda_item_id: p for p in reversed(paragraphs)}
    decisions, actions = [], []
    for board_meetings in meetings.values():
        for k, meeting in enumerate(board_meetings):
            item = first_item[meeting.pk]
            decisions.append(
                Decision(
                    meeting=meeting,
                    agenda_item=item,
                    text="Agreed the Board's priorities for the coming year.",
                    minute_reference=f"{meeting.meets_on:%y}/{k + 1}",
                    source_paragraph=first_paragraph[item.pk],
                )
            )
            later = board_meetings[k + 1] if k + 1 < len(board_meetings) else None
            for n in range(2):
                done = meeting.meets_on < date(2012, 9, 1) and n == 0
                actions.append(
                    Action(
                        meeting=meeting,
                        agenda_item=item,
                        description=f"Bring a paper on the work programme ({n + 1}).",
                        owner=rng.choice(plan.officers),
                        due_on=None if n and later else meeting.meets_on + timedelta(days=60),
                        due_meeting=later if n else None,
                        status=Action.Status.DONE if done else Action.Status.OPEN,
                        outcome="Paper taken at the next meeting." if done else "",
                    )
                )
    decisions = counts.save(Decision, decisions)
    actions = counts.save(Action, actions)
    programmes = delivery.programmes
    link(counts, Decision.programmes, [(d.pk, rng.choice(programmes).pk) for d in decisions])
    link(counts, Action.programmes, [(a.pk, rng.choice(programmes).pk) for a in actions])
    current = plan.priorities["2012/13"]
    link(counts, Action.priorities, [(a.pk, rng.choice(current).pk) for a in actions])


def _forward_plan(meetings: dict[int, list[Meeting]], items, counts: Counts) -> None:
    """Two reports due to each Board: one presented at its first meeting of 2012/13, one
    due at its last meeting of 2013/14."""
    by_meeting = {}
    for item in items:
        by_meeting.setdefault(item.meeting_id, []).append(item)
    rows = []
    for board_id, board_meetings in meetings.items():
        presented_at = board_meetings[len(MEETING_MONTHS)]
        rows.append(
            ForwardPlanEntry(
                board_id=board_id,
                title="A paper on the performance of the sector",
                due_meeting=presented_at,
                presented_item=by_meeting[presented_at.pk][1],
            )
        )
        rows.append(
            ForwardPlanEntry(
                board_id=board_id,
                title="The end-of-year review of the work programme",
                due_meeting=board_meetings[-1],
            )
        )
    counts.save(ForwardPlanEntry, rows)
