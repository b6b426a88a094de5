"""Writes to governance data that carry rules: actions. Each validates fully before it
saves, from the admin, the demo loader or the shell alike."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from .models import Action


@transaction.atomic
def action_save(*, action: Action, user=None) -> Action:
    """Save a new or changed action. Its agenda item must be of the same meeting; it
    cannot be due at the meeting that set it; one done or dropped says what came of it."""
    if action.agenda_item_id and not action.meeting_id:
        # An action set under an agenda item belongs to that item's meeting.
        action.meeting_id = action.agenda_item.meeting_id
    action.full_clean()
    if user is not None:
        action._history_user = user
    action.save()
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
