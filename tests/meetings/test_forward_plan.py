"""Papers to a body, decisions and the forward plan: their rules at the boundaries.

A report on the forward plan is overdue from the day after the meeting (or the date) it
was due, while nothing presenting it is recorded; presented or withdrawn, never. A
recurring report is due at the body's first meeting after its period ends."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from core.dates import DatePrecision
from meetings.models import AgendaItem, Decision, ForwardPlanEntry, Meeting
from meetings.services import (
    agenda_item_save,
    decision_save,
    forward_plan_entry_save,
    forward_plan_generate,
    reporting_commitment_save,
)
from tests import factories as f

pytestmark = pytest.mark.django_db

DUE = date(2011, 11, 8)


def state(entry, on):
    return ForwardPlanEntry.objects.with_state(on).get(pk=entry.pk).state


@pytest.fixture
def due_at_meeting():
    """A paper due at the Board's meeting of 8 November 2011."""
    return f.ForwardPlanEntryFactory(due_meeting=f.MeetingFactory(meets_on=DUE))


# --- Overdue at its boundary ---------------------------------------------------------------


def test_due_at_a_meeting_it_is_overdue_from_the_day_after(due_at_meeting):
    assert state(due_at_meeting, DUE - timedelta(days=1)) == "Due"
    assert state(due_at_meeting, DUE) == "Due"  # the meeting is today: not yet
    assert state(due_at_meeting, DUE + timedelta(days=1)) == "Overdue"
    overdue = ForwardPlanEntry.objects.overdue(DUE + timedelta(days=1))
    assert list(overdue) == [due_at_meeting]


def test_presented_it_is_never_overdue(due_at_meeting):
    item = f.AgendaItemFactory(meeting=due_at_meeting.due_meeting)
    due_at_meeting.presented_item = item
    forward_plan_entry_save(entry=due_at_meeting)
    assert state(due_at_meeting, DUE + timedelta(days=1)) == "Presented"
    assert state(due_at_meeting, date(2020, 1, 1)) == "Presented"
    assert not ForwardPlanEntry.objects.overdue(date(2020, 1, 1)).exists()


def test_withdrawn_it_is_never_overdue(due_at_meeting):
    due_at_meeting.withdrawn = True
    forward_plan_entry_save(entry=due_at_meeting)
    assert state(due_at_meeting, date(2020, 1, 1)) == "Withdrawn"


def test_due_by_a_date_it_is_overdue_the_day_after():
    entry = f.ForwardPlanEntryFactory(
        due_meeting=None, board=f.BoardFactory(), due_on=DUE, due_on_precision="month"
    )
    assert entry.due_as_stated == "November 2011"
    assert state(entry, DUE) == "Due"
    assert state(entry, DUE + timedelta(days=1)) == "Overdue"


def test_without_the_annotation_an_entry_reads_as_due(due_at_meeting):
    assert ForwardPlanEntry.objects.get().state == "Due"
    assert due_at_meeting.state_colour == "blue"


# --- Its rules ---------------------------------------------------------------------------


def refused(save, **kwargs) -> dict:
    with pytest.raises(ValidationError) as error:
        save(**kwargs)
    return error.value.message_dict


def test_an_entry_is_due_to_its_meetings_body_and_presented_to_it(due_at_meeting):
    other = f.MeetingFactory()
    due_at_meeting.due_meeting = other
    assert "due_meeting" in refused(forward_plan_entry_save, entry=due_at_meeting)
    due_at_meeting.refresh_from_db()
    due_at_meeting.presented_item = f.AgendaItemFactory(meeting=other)
    assert "presented_item" in refused(forward_plan_entry_save, entry=due_at_meeting)
    # A paper to the body with its meeting unknown will do.
    due_at_meeting.refresh_from_db()
    paper = agenda_item_save(
        item=AgendaItem(presented_to=due_at_meeting.board, title="Progress", number="")
    )
    due_at_meeting.presented_item = paper
    forward_plan_entry_save(entry=due_at_meeting)


def test_a_one_off_entry_needs_a_meeting_or_a_date():
    entry = ForwardPlanEntry(board=f.BoardFactory(), title="A paper")
    assert "due_on" in refused(forward_plan_entry_save, entry=entry)


def test_added_at_a_meeting_it_is_due_to_that_meetings_board():
    meeting = f.MeetingFactory()
    entry = forward_plan_entry_save(entry=ForwardPlanEntry(due_meeting=meeting, title="A paper"))
    assert entry.board == meeting.board


# --- Recurring reports ---------------------------------------------------------------------


def test_a_commitment_makes_one_entry_per_period_and_keeps_them_in_line():
    commitment = f.ReportingCommitmentFactory(frequency="quarterly")
    entries = commitment.entries.order_by("period_ends_on")
    assert [e.period_ends_on for e in entries] == [
        date(2012, 6, 30),
        date(2012, 9, 30),
        date(2012, 12, 31),
        date(2013, 3, 31),
    ]
    assert {(e.board_id, e.title) for e in entries} == {(commitment.board_id, commitment.title)}
    assert [str(e) for e in entries][0] == f"{commitment.title}, 2012/13 Q1"
    # Run again: nothing changes, nothing is written.
    history = ForwardPlanEntry.history.count()
    forward_plan_generate(commitment=commitment)
    assert ForwardPlanEntry.history.count() == history
    # Shortened: the periods no longer covered go, unless something was presented.
    first = entries.first()
    first.presented_item = f.AgendaItemFactory(meeting=f.MeetingFactory(board=commitment.board))
    forward_plan_entry_save(entry=first)
    commitment.starts_on, commitment.ends_on = date(2012, 10, 1), date(2012, 12, 31)
    reporting_commitment_save(commitment=commitment)
    assert sorted(commitment.entries.values_list("period_ends_on", flat=True)) == [
        date(2012, 6, 30),  # kept: presented
        date(2012, 12, 31),
    ]


def test_a_recurring_report_is_due_at_the_first_meeting_after_its_period():
    commitment = f.ReportingCommitmentFactory()  # to 30 September 2012 and 31 March 2013
    board = commitment.board
    on_the_day = f.MeetingFactory(board=board, meets_on=date(2012, 9, 30))  # not after it
    f.MeetingFactory(board=board, meets_on=date(2012, 10, 9), status=Meeting.Status.CANCELLED)
    first = f.MeetingFactory(board=board, meets_on=date(2012, 10, 16))
    f.MeetingFactory(board=board, meets_on=date(2012, 11, 20))
    f.MeetingFactory(meets_on=date(2012, 10, 2))  # another Board's
    rows = {
        e.period_ends_on: e
        for e in ForwardPlanEntry.objects.with_state(date(2012, 10, 16)).filter(
            commitment=commitment
        )
    }
    autumn, spring = rows[date(2012, 9, 30)], rows[date(2013, 3, 31)]
    assert (autumn.first_meeting_id, autumn.due_meeting_on) == (first.pk, first.meets_on)
    assert autumn.first_meeting_id != on_the_day.pk
    assert (spring.first_meeting_id, spring.due_meeting_on) == (None, None)
    assert (autumn.state, spring.state) == ("Due", "Due")  # the meeting is today
    later = ForwardPlanEntry.objects.with_state(date(2012, 10, 17)).filter(commitment=commitment)
    assert {e.period_ends_on: e.state for e in later} == {
        date(2012, 9, 30): "Overdue",
        date(2013, 3, 31): "Due",  # no meeting recorded after its period: never overdue
    }


def test_a_commitment_covers_ten_years_at_most():
    commitment = f.ReportingCommitmentFactory.build(
        board=f.BoardFactory(), starts_on=date(2012, 4, 1), ends_on=date(2032, 3, 31)
    )
    assert "ends_on" in refused(reporting_commitment_save, commitment=commitment)


# --- Papers to a body with the meeting unknown ------------------------------------------


def test_a_paper_goes_to_a_meeting_or_to_a_body():
    executive = f.BoardFactory(name="LGA Executive")
    paper = agenda_item_save(
        item=AgendaItem(
            presented_to=executive,
            presented_on=date(2011, 10, 31),
            presented_on_precision=DatePrecision.MONTH,
            number="4e",
            title="Report from the Chairman",
        )
    )
    assert (paper.body, paper.date_as_stated, paper.presented_on_date) == (
        executive,
        "October 2011",
        date(2011, 10, 31),
    )
    assert str(paper) == "Item 4e: Report from the Chairman"
    assert "meeting" in refused(agenda_item_save, item=AgendaItem(title="Nowhere"))
    meeting = f.MeetingFactory()
    both = AgendaItem(meeting=meeting, presented_to=executive, title="Both")
    assert "presented_to" in refused(agenda_item_save, item=both)
    dated = AgendaItem(meeting=meeting, presented_on=date(2011, 10, 1), title="Dated")
    assert "presented_on" in refused(agenda_item_save, item=dated)


def test_papers_with_no_number_may_share_a_meeting_but_numbers_may_not():
    meeting = f.MeetingFactory()
    for title in ("A report later on the agenda", "Another"):
        agenda_item_save(item=AgendaItem(meeting=meeting, title=title))
    agenda_item_save(item=AgendaItem(meeting=meeting, number="1", title="First"))
    assert "__all__" in refused(
        agenda_item_save, item=AgendaItem(meeting=meeting, number="1", title="Again")
    )
    assert str(AgendaItem.objects.get(title="Another")) == "Another"


def test_papers_of_a_body_include_those_whose_meeting_is_not_known():
    board = f.BoardFactory()
    at_meeting = f.AgendaItemFactory(meeting=f.MeetingFactory(board=board))
    unknown = agenda_item_save(item=AgendaItem(presented_to=board, title="Chairman's report"))
    f.AgendaItemFactory()  # another Board's
    assert set(AgendaItem.objects.presented_to_body(board)) == {at_meeting, unknown}


# --- Decisions ---------------------------------------------------------------------------


def test_a_decision_on_an_item_is_taken_at_its_meeting():
    item = f.AgendaItemFactory()
    decision = decision_save(decision=Decision(agenda_item=item, text="Agreed the themes"))
    assert decision.meeting == item.meeting
    decision.meeting = f.MeetingFactory()
    assert "agenda_item" in refused(decision_save, decision=decision)


def test_a_decision_on_an_exempt_item_is_for_signed_in_eyes():
    open_decision = f.DecisionFactory()
    exempt = f.AgendaItemFactory(exempt=True)
    hidden = f.DecisionFactory(meeting=exempt.meeting, agenda_item=exempt)
    assert list(Decision.objects.visible_to(None)) == [open_decision]
    assert set(Decision.objects.visible_to(f.UserFactory())) == {open_decision, hidden}


def test_held_before_is_the_same_boards_earlier_meetings_latest_first():
    board = f.BoardFactory()
    older, previous, this = (
        f.MeetingFactory(board=board, meets_on=d)
        for d in (date(2011, 7, 31), date(2011, 10, 13), date(2011, 11, 8))
    )
    f.MeetingFactory(board=board, meets_on=date(2011, 11, 1), status=Meeting.Status.CANCELLED)
    f.MeetingFactory(meets_on=date(2011, 11, 7))  # another Board's
    assert list(Meeting.objects.held_before(this)) == [previous, older]
