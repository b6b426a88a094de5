"""What the governance pages read: the papers presented to a body, its forward plan with
each report's state, the decisions and reports about a priority or programme, the
paragraphs figures came from, and a meeting's matters arising. A view (or a report, or
the portal's other pages through their includes) asks one of these and renders.

Exempt items (and what only they tell) need a signed-in user, as everywhere
(`AgendaItemQuerySet.visible_to`); whether a report or an action is overdue comes from
the QuerySets, as at the date the caller gives."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from core.sql import built_once
from priorities.models import Board, Priority
from programmes.charts import format_value
from programmes.models import ProgressUpdate, Reading

from .models import (
    Action,
    AgendaItem,
    Decision,
    ForwardPlanEntry,
    Meeting,
    NameAsWritten,
    Paragraph,
)


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated


def _shown(item: AgendaItem | None, user) -> AgendaItem | None:
    """The item, if this user may see it (an exempt one needs signing in)."""
    if item is None or (item.exempt and not _signed_in(user)):
        return None
    return item


# --- Papers and bodies ---------------------------------------------------------------


def papers_of(*, board, user) -> QuerySet:
    """Every paper presented to a body this user may see, latest first: at its meetings,
    and those whose meeting is not known (dated as the papers date them; undated last)."""
    return (
        AgendaItem.objects.visible_to(user)
        .presented_to_body(board)
        .with_body()
        .order_by(F("presented_sort_on").desc(nulls_last=True), "order", "number", "pk")
    )


def bodies_with_business() -> QuerySet:
    """The bodies with meetings, papers or reports due recorded, in their order."""
    return Board.objects.filter(
        Q(meetings__isnull=False) | Q(papers__isnull=False) | Q(forward_plan__isnull=False)
    ).distinct()


# --- The forward plan ----------------------------------------------------------------


def _forward_plan_rows(entries: QuerySet, user) -> list[ForwardPlanEntry]:
    """The entries, each with `due_at` (the meeting it is due at: chosen, or the body's
    first after its period) and, where this user may see them, `presented` (the item
    that presented it) and `stated_in` (the paragraph that says it is due)."""
    rows = list(
        entries.select_related(
            "board",
            "commitment",
            "due_meeting__board",
            "presented_item__meeting__board",
            "presented_item__presented_to",
            "source_paragraph__agenda_item",
        ).order_by(F("due_sort_on").asc(nulls_last=True), "pk")
    )
    first_ids = {row.first_meeting_id for row in rows if row.first_meeting_id}
    firsts = Meeting.objects.select_related("board").in_bulk(first_ids)
    for row in rows:
        row.due_at = row.due_meeting or firsts.get(row.first_meeting_id)
        row.presented = _shown(row.presented_item, user)
        paragraph = row.source_paragraph
        row.stated_in = paragraph if paragraph and _shown(paragraph.agenda_item, user) else None
    return rows


@built_once
def _entries_as_at(on: date) -> QuerySet:
    """`ForwardPlanEntry.objects.with_state(on)`: building it cost more than running it."""
    return ForwardPlanEntry.objects.with_state(on)


def forward_plan(*, board, on: date, user) -> list[ForwardPlanEntry]:
    """A body's forward plan as at a date: every report due to it, one-off and recurring,
    soonest due first (those with no meeting or date yet last), overdue ones flagged."""
    return _forward_plan_rows(_entries_as_at(on).filter(board=board), user)


def reports_due_at(*, meeting: Meeting, on: date, user) -> list[ForwardPlanEntry]:
    """The reports due at a meeting: chosen for it, or recurring ones whose period ended
    before it with no meeting of the body between."""
    entries = (
        _entries_as_at(on)
        .filter(board_id=meeting.board_id)
        .filter(Q(due_meeting=meeting) | Q(due_meeting__isnull=True, first_meeting_id=meeting.pk))
    )
    return _forward_plan_rows(entries, user)


def forward_plan_for(
    *, priorities: Iterable = (), programmes: Iterable = (), on: date, user
) -> list[ForwardPlanEntry]:
    """The reports due about any of these priorities or programmes (objects or keys), to
    any body: for the priority and programme pages."""
    entries = _entries_as_at(on).filter(
        pk__in=ForwardPlanEntry.objects.concerning(
            priorities=priorities, programmes=programmes
        ).values("pk")
    )
    return _forward_plan_rows(entries, user)


# --- Decisions -----------------------------------------------------------------------


def _decision_rows(decisions: QuerySet, user) -> list[Decision]:
    rows = list(
        decisions.select_related("meeting__board", "agenda_item", "source_paragraph__agenda_item")
    )
    for row in rows:
        paragraph = row.source_paragraph
        row.reported_in = paragraph if paragraph and _shown(paragraph.agenda_item, user) else None
        row.item_shown = _shown(row.agenda_item, user)
    return rows


def decisions_of(*, meeting: Meeting, user) -> list[Decision]:
    """What a meeting agreed, in the minutes' order."""
    return _decision_rows(
        Decision.objects.visible_to(user).filter(meeting=meeting).order_by("order", "pk"), user
    )


def decisions_on(*, item: AgendaItem, user) -> list[Decision]:
    return _decision_rows(item.decisions.visible_to(user).order_by("order", "pk"), user)


def decisions_for(*, priorities: Iterable = (), programmes: Iterable = (), user) -> list[Decision]:
    """Decisions about any of these priorities or programmes, latest meeting first."""
    return _decision_rows(
        Decision.objects.visible_to(user)
        .concerning(priorities=priorities, programmes=programmes)
        .order_by("-meeting__meets_on", "order", "pk"),
        user,
    )


# --- Where figures came from ---------------------------------------------------------


def source_paragraphs_prefetch(user) -> Prefetch:
    """For readings or progress updates (`prefetch_related` or `prefetch_related_objects`):
    `sources`, a list of the paragraphs each came from that this user may see, with their
    paper and its meeting or body, in one query. A list, not the `source_paragraphs`
    manager: filling a manager builds a queryset per record."""
    paragraphs = Paragraph.objects.select_related(
        "agenda_item__meeting__board", "agenda_item__presented_to"
    ).order_by("agenda_item__meeting__meets_on", "agenda_item__presented_on", "order")
    if not _signed_in(user):
        paragraphs = paragraphs.filter(agenda_item__exempt=False)
    return Prefetch("source_paragraphs", queryset=paragraphs, to_attr="sources")


def paragraphs_of(*, item: AgendaItem, user) -> list[Paragraph]:
    """A report's paragraphs in order, with what each discusses (`programmes_named`,
    `priorities_named`), the published figures (`figures_given`, each with `in_words`) and
    progress (`updates_given`) it reported, programmes as it names them (`names_written`),
    and the items it refers to (`items_referred`).

    Each as a list (`to_attr`): a prefetch into a related manager builds a filtered
    queryset for every paragraph, which on a long report cost more than the queries."""
    paragraphs = item.paragraphs.prefetch_related(
        Prefetch("programmes", to_attr="programmes_named"),
        Prefetch(
            "priorities",
            queryset=Priority.objects.visible_to(user).select_related("plan_year"),
            to_attr="priorities_named",
        ),
        Prefetch(
            "figures",
            queryset=Reading.objects.published()
            .select_related("indicator__programme", "indicator__priority")
            .order_by("indicator__name"),
            to_attr="figures_given",
        ),
        Prefetch(
            "updates",
            queryset=ProgressUpdate.objects.published()
            .select_related("programme")
            .order_by("programme__name"),
            to_attr="updates_given",
        ),
        Prefetch(
            "names_as_written",
            queryset=NameAsWritten.objects.select_related("programme"),
            to_attr="names_written",
        ),
        Prefetch(
            "items_referred_to",
            queryset=AgendaItem.objects.visible_to(user).with_body().order_by("order"),
            to_attr="items_referred",
        ),
    )
    rows = list(paragraphs)
    for row in rows:
        for reading in row.figures_given:
            reading.in_words = figure_in_words(reading)
    return rows


def figure_in_words(reading: Reading) -> str:
    """'42', 'over 85%': a reading as the paper gave it, qualifier and all."""
    return format_value(reading.value, reading.indicator.unit, reading.qualifier)


# --- Matters arising -----------------------------------------------------------------


@dataclass
class MattersArising:
    """The business of a Board's previous meeting that arises at this one: what it
    agreed and the actions it set, their state as at this meeting's date."""

    meeting: Meeting
    previous: Meeting | None
    decisions: list[Decision]
    actions: list[Action]

    @property
    def as_at(self) -> date:
        return self.meeting.meets_on

    @property
    def overdue(self) -> list[Action]:
        return [action for action in self.actions if action.is_overdue]


def matters_arising(*, meeting: Meeting, user) -> MattersArising:
    """The previous meeting of the same Board (cancelled ones aside): its decisions and
    every action it set, with owner, due date or meeting, the latest update (its outcome
    and when the action last changed) and status, overdue as at this meeting's date."""
    previous = Meeting.objects.held_before(meeting).select_related("board").first()
    if previous is None:
        return MattersArising(meeting, None, [], [])
    last_changed = (
        Action.history.model.objects.filter(id=OuterRef("pk"))
        .order_by("-history_date")
        .values("history_date")[:1]
    )
    actions = list(
        previous.actions.with_overdue(meeting.meets_on)
        .select_related("owner", "agenda_item", "due_meeting__board")
        .annotate(last_changed_at=Subquery(last_changed))
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )
    for action in actions:
        action.due_text = due_in_words(action)
        action.update_text = update_in_words(action)
    return MattersArising(meeting, previous, decisions_of(meeting=previous, user=user), actions)


def due_in_words(action: Action) -> str:
    """'8 Nov 2011', 'At the meeting of 8 November 2011', or 'No date'."""
    if action.due_on:
        return f"{action.due_on:%-d %b %Y}"
    if action.due_meeting_id:
        return f"At the meeting of {action.due_meeting.date_as_stated}"
    return "No date"


def update_in_words(action: Action) -> str:
    """What came of it so far and when it last changed: 'Paper taken in November. Last
    changed 3 Dec 2011.'; needs `last_changed_at` (from `matters_arising`)."""
    parts = [action.outcome.strip()] if action.outcome.strip() else ["No update recorded."]
    changed = getattr(action, "last_changed_at", None)
    if changed is not None:
        parts.append(f"Last changed {timezone.localtime(changed):%-d %b %Y}.")
    return " ".join(parts)
