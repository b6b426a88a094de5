"""The delivery reads: a milestone's state and a programme's latest update, in SQL."""

from datetime import date

import pytest

from programmes.models import Milestone, ProgressUpdate
from programmes.status import MilestoneState
from tests import factories as f

pytestmark = pytest.mark.django_db

AS_AT = date(2012, 1, 31)


@pytest.mark.parametrize(
    ("due_on", "completed_on", "expected"),
    [
        (date(2012, 1, 30), None, MilestoneState.OVERDUE),
        (date(2012, 1, 31), None, MilestoneState.DUE_SOON),  # due today is not yet overdue
        (date(2012, 3, 1), None, MilestoneState.DUE_SOON),  # 30 days ahead
        (date(2012, 3, 2), None, MilestoneState.UPCOMING),  # 31 days ahead
        (date(2012, 1, 1), date(2012, 1, 31), MilestoneState.DONE),
        (date(2012, 1, 1), date(2012, 2, 1), MilestoneState.OVERDUE),  # done after the as-at date
        (date(2012, 6, 1), date(2012, 1, 10), MilestoneState.DONE),
    ],
)
def test_milestone_state(due_on, completed_on, expected):
    f.MilestoneFactory(due_on=due_on, completed_on=completed_on)
    (milestone,) = Milestone.objects.with_state(as_at=AS_AT, due_soon_days=30)
    assert milestone.state == expected
    assert milestone.state_label == expected.label


@pytest.mark.parametrize(("days", "expected"), [(29, MilestoneState.UPCOMING), (30, "due_soon")])
def test_due_soon_follows_the_setting(settings, days, expected):
    # Every reader (pages, admin, reports) takes the window from DUE_SOON_DAYS.
    settings.BOARDPORTAL_DUE_SOON_DAYS = days
    f.MilestoneFactory(due_on=date(2012, 3, 1), completed_on=None)
    assert Milestone.objects.with_state(as_at=AS_AT).get().state == expected


def test_in_state_filters_on_the_same_rule():
    overdue = f.MilestoneFactory(due_on=date(2012, 1, 1), completed_on=None)
    f.MilestoneFactory(due_on=date(2012, 1, 1), completed_on=date(2012, 1, 2))
    f.MilestoneFactory(due_on=date(2013, 1, 1), completed_on=None)
    assert list(Milestone.objects.in_state(MilestoneState.OVERDUE, as_at=AS_AT)) == [overdue]


def test_latest_update_on_a_date_is_the_latest_on_or_before_it():
    programme = f.ProgrammeFactory(starts_on=date(2011, 4, 1))
    older = f.ProgressUpdateFactory(programme=programme, as_at=date(2011, 10, 1))
    f.ProgressUpdateFactory(programme=programme, as_at=date(2012, 2, 1))
    latest = ProgressUpdate.objects.filter(programme=programme).latest_on(AS_AT)
    assert latest.first() == older
