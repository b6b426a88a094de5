"""The governance reads: who sees an exempt item, what concerns a priority or a programme,
and when an action is overdue, each at its boundary."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from meetings.models import Action, AgendaItem, Meeting
from tests import factories as f

pytestmark = pytest.mark.django_db

ON = date(2012, 11, 8)
YESTERDAY, TOMORROW = ON - timedelta(days=1), ON + timedelta(days=1)


# --- Meetings ------------------------------------------------------------------------


def test_a_meeting_today_is_upcoming_not_past():
    board = f.BoardFactory()
    before, today, after = (
        f.MeetingFactory(board=board, meets_on=d) for d in (YESTERDAY, ON, TOMORROW)
    )
    assert list(Meeting.objects.upcoming(ON)) == [today, after]  # soonest first
    assert list(Meeting.objects.past(ON)) == [before]


def test_item_counts_leave_out_exempt_items_for_the_public():
    meeting = f.MeetingFactory(meets_on=ON)
    f.AgendaItemFactory(meeting=meeting)
    f.AgendaItemFactory(meeting=meeting, exempt=True)
    empty = f.MeetingFactory(meets_on=YESTERDAY)

    def counts(user):
        return {m.pk: m.items for m in Meeting.objects.with_item_counts(user)}

    assert counts(AnonymousUser()) == counts(None) == {meeting.pk: 1, empty.pk: 0}
    assert counts(f.UserFactory()) == {meeting.pk: 2, empty.pk: 0}


# --- Agenda items --------------------------------------------------------------------


def test_exempt_items_are_visible_only_when_signed_in():
    meeting = f.MeetingFactory()
    open_item = f.AgendaItemFactory(meeting=meeting, number="1")
    exempt = f.AgendaItemFactory(meeting=meeting, number="2", exempt=True)
    assert list(AgendaItem.objects.visible_to(AnonymousUser())) == [open_item]
    assert list(AgendaItem.objects.visible_to(None)) == [open_item]
    assert list(AgendaItem.objects.visible_to(f.UserFactory())) == [open_item, exempt]


@pytest.fixture
def linked():
    """Items linked to a priority, a programme, both, neither, and through a paragraph."""
    priority, programme = f.PriorityFactory(), f.ProgrammeFactory()
    meeting = f.MeetingFactory()

    def item(number):
        return f.AgendaItemFactory(meeting=meeting, number=number)

    on_priority, on_programme, on_both, unrelated, in_paragraph = (
        item(n) for n in ("1", "2", "3", "4", "5")
    )
    on_priority.priorities.add(priority)
    on_programme.programmes.add(programme)
    on_both.priorities.add(priority)
    on_both.programmes.add(programme)
    for _ in range(2):  # two paragraphs mentioning it: still one item
        paragraph = f.ParagraphFactory(agenda_item=in_paragraph)
        paragraph.priorities.add(priority)
        paragraph.programmes.add(programme)
    return {
        "priority": priority,
        "programme": programme,
        "on_priority": on_priority,
        "on_programme": on_programme,
        "on_both": on_both,
        "unrelated": unrelated,
        "in_paragraph": in_paragraph,
    }


def test_items_concerning_a_priority_or_a_programme(linked):
    by = AgendaItem.objects.concerning
    priority, programme = linked["priority"], linked["programme"]
    assert list(by(priorities=[priority])) == [linked["on_priority"], linked["on_both"]]
    assert list(by(programmes=[programme])) == [linked["on_programme"], linked["on_both"]]
    # Either, each item once; primary keys do as well as objects.
    assert list(by(priorities=[priority.pk], programmes=[programme.pk])) == [
        linked["on_priority"],
        linked["on_programme"],
        linked["on_both"],
    ]
    assert list(by()) == []


def test_items_whose_paragraphs_mention_them_count_when_asked(linked):
    by = AgendaItem.objects.concerning
    assert list(by(priorities=[linked["priority"]], paragraphs=True)) == [
        linked["on_priority"],
        linked["on_both"],
        linked["in_paragraph"],
    ]
    assert list(by(programmes=[linked["programme"]], paragraphs=True)) == [
        linked["on_programme"],
        linked["on_both"],
        linked["in_paragraph"],
    ]


# --- Actions -------------------------------------------------------------------------


def test_actions_concerning_a_priority_or_a_programme():
    priority, programme = f.PriorityFactory(), f.ProgrammeFactory()
    on_priority, on_programme, on_both, _unrelated = (f.ActionFactory() for _ in range(4))
    on_priority.priorities.add(priority)
    on_programme.programmes.add(programme)
    on_both.priorities.add(priority)
    on_both.programmes.add(programme)
    by = Action.objects.concerning
    assert set(by(priorities=[priority])) == {on_priority, on_both}
    assert set(by(programmes=[programme.pk])) == {on_programme, on_both}
    both = by(priorities=[priority], programmes=[programme])
    assert sorted(a.pk for a in both) == sorted(a.pk for a in (on_priority, on_programme, on_both))


def test_open_means_neither_done_nor_dropped():
    still_open = f.ActionFactory()
    f.ActionFactory(status=Action.Status.DONE, outcome="Done")
    f.ActionFactory(status=Action.Status.DROPPED, outcome="Not needed")
    assert list(Action.objects.open()) == [still_open]


def due_by_date(due_on, **fields):
    return f.ActionFactory(due_on=due_on, **fields)


def due_at_meeting(meets_on, *, due_on=None, **fields):
    setting = f.MeetingFactory(meets_on=date(2012, 1, 17))
    due = f.MeetingFactory(board=setting.board, meets_on=meets_on)
    return f.ActionFactory(meeting=setting, due_on=due_on, due_meeting=due, **fields)


CLOSED = [
    {"status": Action.Status.DONE, "outcome": "Paper taken"},
    {"status": Action.Status.DROPPED, "outcome": "Overtaken by events"},
]


@pytest.mark.parametrize(
    ("make", "overdue"),
    [
        (lambda: due_by_date(YESTERDAY), True),
        (lambda: due_by_date(ON), False),  # due today: not yet
        (lambda: due_by_date(TOMORROW), False),
        (lambda: due_at_meeting(YESTERDAY), True),  # the meeting has been held
        (lambda: due_at_meeting(ON), False),  # it meets today: not yet
        (lambda: due_at_meeting(TOMORROW), False),  # not yet held
        (lambda: due_by_date(None), False),  # no date and no meeting: never
        # A date, where given, decides, whatever the meeting.
        (lambda: due_at_meeting(YESTERDAY, due_on=TOMORROW), False),
        (lambda: due_at_meeting(TOMORROW, due_on=YESTERDAY), True),
        *[(lambda c=c: due_by_date(date(2010, 1, 1), **c), False) for c in CLOSED],
        *[(lambda c=c: due_at_meeting(date(2010, 1, 1), **c), False) for c in CLOSED],
    ],
    ids=[
        "due yesterday",
        "due today",
        "due tomorrow",
        "due at a meeting held yesterday",
        "due at a meeting today",
        "due at a meeting tomorrow",
        "due at no time",
        "due tomorrow at a meeting held yesterday",
        "due yesterday at a meeting tomorrow",
        "done long after its date",
        "dropped long after its date",
        "done long after its meeting",
        "dropped long after its meeting",
    ],
)
def test_overdue_at_its_boundaries(make, overdue):
    action = make()
    assert list(Action.objects.overdue(ON)) == ([action] if overdue else [])
    (annotated,) = Action.objects.with_overdue(ON)
    assert annotated.is_overdue is overdue
    expected_state = "Overdue" if overdue else action.get_status_display()
    assert (annotated.state, annotated.state_colour) == (
        expected_state,
        {"Overdue": "red", "Open": "blue", "Done": "green", "Dropped": "grey"}[expected_state],
    )


def test_overdue_and_with_overdue_agree_on_a_mixed_list():
    actions = [
        due_by_date(YESTERDAY),
        due_by_date(ON),
        due_at_meeting(YESTERDAY),
        due_at_meeting(TOMORROW),
        due_by_date(YESTERDAY, status=Action.Status.DONE, outcome="Done"),
    ]
    flagged = {a.pk for a in Action.objects.with_overdue(ON) if a.is_overdue}
    assert flagged == {a.pk for a in Action.objects.overdue(ON)} == {actions[0].pk, actions[2].pk}


def test_without_the_annotation_an_action_reads_as_its_status():
    action = due_by_date(YESTERDAY)
    assert (Action.objects.get().state, action.state) == ("Open", "Open")
