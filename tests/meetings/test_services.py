"""Saving an action keeps its rules wherever it comes from: its agenda item is of its
meeting, it is not due at the meeting that set it, and one closed says what came of it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from core.locking import ConcurrentEditError
from meetings.models import Action
from meetings.services import action_close, action_due, action_save
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    return f.MeetingFactory(meets_on=date(2012, 1, 17))


def refused(action: Action) -> dict:
    with pytest.raises(ValidationError) as error:
        action_save(action=action)
    return error.value.message_dict


def test_a_new_action_is_saved_open_with_one_history_row_by_its_user(meeting):
    user = f.UserFactory()
    action = action_save(action=Action(meeting=meeting, description="Write to DCLG"), user=user)
    action.refresh_from_db()
    assert (action.meeting, action.status, action.outcome, action.version) == (
        meeting,
        "open",
        "",
        1,
    )
    (row,) = action.history.all()
    assert (row.history_type, row.history_user) == ("+", user)


def test_an_action_set_under_an_item_belongs_to_the_items_meeting(meeting):
    item = f.AgendaItemFactory(meeting=meeting)
    action = action_save(action=Action(agenda_item=item, description="Report back"))
    assert Action.objects.get(pk=action.pk).meeting == meeting


def test_an_item_of_another_meeting_is_refused(meeting):
    other = f.AgendaItemFactory(meeting=f.MeetingFactory(board=meeting.board))
    action = Action(meeting=meeting, agenda_item=other, description="Report back")
    assert refused(action) == {"agenda_item": ["Choose an item of the same meeting."]}
    assert not Action.objects.exists()


def test_an_action_cannot_be_due_at_the_meeting_that_set_it(meeting):
    action = Action(meeting=meeting, due_meeting=meeting, description="Report back")
    assert refused(action) == {
        "due_meeting": ["An action cannot be due at the meeting that set it."]
    }
    later = f.MeetingFactory(board=meeting.board, meets_on=date(2012, 3, 20))
    action.due_meeting = later
    assert action_save(action=action).due_meeting == later


@pytest.mark.parametrize("status", [Action.Status.DONE, Action.Status.DROPPED])
@pytest.mark.parametrize("outcome", ["", "  \n "])
def test_a_closed_action_must_say_what_came_of_it(meeting, status, outcome):
    action = Action(meeting=meeting, description="Report back", status=status, outcome=outcome)
    assert refused(action) == {"outcome": ["Say what came of an action that is done or dropped."]}
    assert not Action.objects.exists()


def test_every_broken_rule_is_reported_at_once(meeting):
    other = f.AgendaItemFactory(meeting=f.MeetingFactory(board=meeting.board))
    action = Action(
        meeting=meeting,
        agenda_item=other,
        due_meeting=meeting,
        description="Report back",
        status=Action.Status.DONE,
    )
    assert set(refused(action)) == {"agenda_item", "due_meeting", "outcome"}


def test_closing_an_action_records_its_status_and_outcome(meeting):
    action = f.ActionFactory(meeting=meeting)
    user = f.UserFactory()
    action_close(action=action, status=Action.Status.DONE, outcome="Paper taken", user=user)
    action.refresh_from_db()
    assert (action.status, action.outcome) == ("done", "Paper taken")
    assert action.history.latest("history_id").history_user == user

    with pytest.raises(ValidationError):
        action_close(action=action, status=Action.Status.DROPPED, outcome="")
    assert Action.objects.get().status == "done"


def test_setting_and_clearing_the_due_date(meeting):
    action = f.ActionFactory(meeting=meeting, due_on=date(2012, 11, 8))
    action_due(action=action, due_on=date(2012, 12, 6))
    assert Action.objects.get().due_on == date(2012, 12, 6)
    action_due(action=action, due_on=None)
    assert Action.objects.get().due_on is None


def test_a_stale_copy_writes_nothing(meeting):
    action = f.ActionFactory(meeting=meeting)
    stale = Action.objects.get()
    action_due(action=action, due_on=date(2012, 12, 6))
    with pytest.raises(ConcurrentEditError):
        action_close(action=stale, status=Action.Status.DONE, outcome="Paper taken")
    stored = Action.objects.get()
    assert (stored.status, stored.due_on, stored.version) == ("open", date(2012, 12, 6), 2)
