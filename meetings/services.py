"""Writes to governance data that carry rules: papers, decisions, the forward plan and
actions. Each validates fully before it saves, from the admin, the demo loader or the
shell alike, and records who made the change where it is given a user."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Model

from .models import Action, AgendaItem, Decision, ForwardPlanEntry, ReportingCommitment
from .planning import period_ends


def _save(record: Model, user) -> None:
    record.full_clean()
    if user is not None:
        record._history_user = user
    record.save()


@transaction.atomic
def action_save(*, action: Action, user=None) -> Action:
    """Save a new or changed action. Its agenda item must be of the same meeting; it
    cannot be due at the meeting that set it; one done or dropped says what came of it."""
    if action.agenda_item_id and not action.meeting_id:
        # An action set under an agenda item belongs to that item's meeting.
        action.meeting_id = action.agenda_item.meeting_id
    _save(action, user)
    return action


def action_close(*, action: Action, status: str, outcome: str, user=None) -> Action:
    """Record that an action is done or dropped, and what came of it."""
    action.status = status
    action.outcome = outcome
    return action_save(action=action, user=user)


def action_due(*, action: Action, due_on: date | None, user=None) -> Action:
    """Set (or clear) the date an action is due by."""
    action.due_on = due_on
    return action_save(action=action, user=user)


@transaction.atomic
def action_delete(*, action: Action, user=None) -> None:
    """Delete an action recorded in error (its history keeps who deleted it)."""
    if user is not None:
        action._history_user = user
    action.delete()


@transaction.atomic
def agenda_item_save(*, item: AgendaItem, user=None) -> AgendaItem:
    """Save a paper: on a meeting's agenda, or presented to a body with the meeting not
    known (then with the body, and the date as precisely as the papers give it)."""
    _save(item, user)
    return item


@transaction.atomic
def decision_save(*, decision: Decision, user=None) -> Decision:
    """Save what a meeting agreed. Taken on an item, it belongs to that item's meeting."""
    if decision.agenda_item_id and not decision.meeting_id:
        decision.meeting_id = decision.agenda_item.meeting_id
    _save(decision, user)
    return decision


@transaction.atomic
def forward_plan_entry_save(*, entry: ForwardPlanEntry, user=None) -> ForwardPlanEntry:
    """Save a report due to a body: at one of its meetings or by a date; once presented,
    by a paper to that body. Added at a meeting, it is due to that meeting's Board."""
    if entry.due_meeting_id and not entry.board_id:
        entry.board_id = entry.due_meeting.board_id
    _save(entry, user)
    return entry


@transaction.atomic
def reporting_commitment_save(*, commitment: ReportingCommitment, user=None) -> ReportingCommitment:
    """Save a recurring report and bring its entries in the forward plan into line."""
    _save(commitment, user)
    forward_plan_generate(commitment=commitment, user=user)
    return commitment


@transaction.atomic
def forward_plan_generate(*, commitment: ReportingCommitment, user=None) -> list[ForwardPlanEntry]:
    """One entry per period the commitment covers (`meetings.planning.period_ends`), due
    to its body; each keeps what has been recorded on it (a meeting chosen, the item
    that presented it). Run again, it changes only what differs: entries for periods
    no longer covered go, unless something was presented for them."""
    wanted = period_ends(commitment.frequency, commitment.starts_on, commitment.ends_on)
    existing = {entry.period_ends_on: entry for entry in commitment.entries.all()}
    entries = []
    for ends_on in wanted:
        entry = existing.pop(ends_on, None) or ForwardPlanEntry(
            commitment=commitment, period_ends_on=ends_on
        )
        if (
            entry.pk is None
            or entry.board_id != commitment.board_id
            or entry.title != commitment.title
        ):
            entry.board_id = commitment.board_id
            entry.title = commitment.title
            _save(entry, user)
        entries.append(entry)
    for stale in existing.values():
        if stale.presented_item_id is None:
            if user is not None:
                stale._history_user = user
            stale.delete()
    return entries
