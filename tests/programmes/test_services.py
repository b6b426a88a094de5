"""The writes to delivery data and the rules they keep, called as the admin, the loader
and the shell call them: a progress update records the evidence's suggestion and needs a
reason to differ from it; correcting a reading makes a draft; a milestone cannot be
completed in the future; only the secretariat publishes."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.locking import ConcurrentEditError
from core.rag import Rag
from programmes.models import Milestone, ProgressUpdate, Reading
from programmes.services import (
    milestone_complete,
    milestone_save,
    progress_update_create,
    progress_update_publish,
    progress_update_update,
    reading_publish,
    reading_record,
    suggested_rag_for,
)
from tests import factories as f

pytestmark = pytest.mark.django_db

JUNE = date(2012, 6, 30)
SEPTEMBER = date(2012, 9, 30)
AMBER_NOT_GREEN = {
    "override_reason": ["The milestones and indicators suggest Amber. Say why the status is Green."]
}


def user_in(group: str):
    user = f.UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def programme():
    """A programme whose milestone, due at the end of January 2012 and not met, makes the
    evidence suggest amber from February on."""
    programme = f.ProgrammeFactory(starts_on=date(2011, 4, 1), ends_on=date(2013, 3, 31))
    f.MilestoneFactory(programme=programme, title="Offer agreed", due_on=date(2012, 1, 31))
    return programme


def create(programme, **fields):
    return progress_update_create(
        **{"programme": programme, "as_at": JUNE, "headline": "Under way", **fields}
    )


def message_dict(error: pytest.ExceptionInfo) -> dict:
    return error.value.message_dict


# --- What the evidence suggests ------------------------------------------------------


def test_the_suggestion_follows_the_milestones_at_the_date(programme):
    assert suggested_rag_for(programme=programme, as_at=date(2012, 1, 31)) == Rag.GREEN
    assert suggested_rag_for(programme=programme, as_at=date(2012, 2, 1)) == Rag.AMBER
    assert suggested_rag_for(programme=f.ProgrammeFactory(), as_at=JUNE) is None  # no evidence
    assert suggested_rag_for(programme=f.ProgrammeFactory.build(), as_at=JUNE) is None  # unsaved


def test_a_new_update_records_the_suggestion(programme):
    update = create(programme, rag=Rag.AMBER)
    update.refresh_from_db()
    assert (update.rag, update.suggested_rag, update.override_reason) == ("amber", "amber", "")
    assert update.differs_from_suggestion is False
    assert (update.published_at, update.published_by) == (None, None)  # a draft


def test_without_evidence_there_is_no_suggestion_and_no_reason_is_needed():
    update = create(f.ProgrammeFactory(), rag=Rag.RED)
    update.refresh_from_db()
    assert (update.rag, update.suggested_rag) == ("red", "")
    assert update.differs_from_suggestion is False


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_differing_from_the_suggestion_needs_a_reason(programme, reason):
    with pytest.raises(ValidationError) as error:
        create(programme, rag=Rag.GREEN, override_reason=reason)
    assert message_dict(error) == AMBER_NOT_GREEN
    assert not ProgressUpdate.objects.exists()


def test_with_a_reason_the_officers_status_stands(programme):
    update = create(programme, rag=Rag.GREEN, override_reason="The plan was agreed late.")
    update.refresh_from_db()
    assert (update.rag, update.suggested_rag) == ("green", "amber")
    assert update.override_reason == "The plan was agreed late."
    assert update.differs_from_suggestion is True


# --- Changing an update: when the suggestion is kept and when worked out again -------


@pytest.fixture
def amber_update(programme):
    """An amber update in June, recorded when the evidence suggested amber; the milestone
    has since been met (on time), so the evidence would now suggest green."""
    update = create(programme, rag=Rag.AMBER)
    milestone_complete(milestone=programme.milestones.get(), completed_on=date(2012, 1, 30))
    assert suggested_rag_for(programme=programme, as_at=JUNE) == Rag.GREEN
    return update


def test_rewording_keeps_the_suggestion_the_status_was_set_against(amber_update):
    update = progress_update_update(
        update=amber_update, headline="Under way, slowly", narrative="More words."
    )
    update.refresh_from_db()
    assert (update.headline, update.rag, update.suggested_rag) == (
        "Under way, slowly",
        "amber",
        "amber",
    )


def test_changing_the_status_works_the_suggestion_out_again(amber_update):
    update = progress_update_update(update=amber_update, rag=Rag.GREEN)
    update.refresh_from_db()
    assert (update.rag, update.suggested_rag) == ("green", "green")


def test_changing_the_date_works_the_suggestion_out_again(amber_update):
    # At the new date the evidence suggests green, so amber now needs its reason.
    with pytest.raises(ValidationError) as error:
        progress_update_update(update=amber_update, as_at=SEPTEMBER)
    assert message_dict(error) == {
        "override_reason": [
            "The milestones and indicators suggest Green. Say why the status is Amber."
        ]
    }
    stored = ProgressUpdate.objects.get()
    assert (stored.as_at, stored.suggested_rag) == (JUNE, "amber")  # nothing written

    update = ProgressUpdate.objects.get()
    progress_update_update(update=update, as_at=SEPTEMBER, override_reason="Funding is late.")
    update.refresh_from_db()
    assert (update.as_at, update.rag, update.suggested_rag) == (SEPTEMBER, "amber", "green")


def test_changing_the_programme_works_the_suggestion_out_again(amber_update):
    other = f.ProgrammeFactory(starts_on=date(2011, 4, 1))  # no evidence
    update = progress_update_update(update=amber_update, programme=other)
    update.refresh_from_db()
    assert (update.programme, update.suggested_rag) == (other, "")


def test_the_suggestion_cannot_be_set_by_hand(amber_update):
    with pytest.raises(TypeError, match=r"cannot change suggested_rag$"):
        progress_update_update(update=amber_update, suggested_rag=Rag.GREEN)
    assert ProgressUpdate.objects.get().suggested_rag == "amber"


def test_an_update_cannot_describe_the_future_or_a_date_outside_the_programme(programme):
    with pytest.raises(ValidationError) as error:
        create(programme, rag=Rag.AMBER, as_at=timezone.localdate() + timedelta(days=1))
    assert message_dict(error) == {
        "as_at": ["This date is outside the programme's life (its start to its end)."]
    }
    live = f.ProgrammeFactory(starts_on=date(2011, 4, 1), ends_on=None)
    with pytest.raises(ValidationError) as error:
        create(live, rag=Rag.GREEN, as_at=timezone.localdate() + timedelta(days=1))
    assert message_dict(error) == {"as_at": ["An update cannot describe a date in the future."]}
    with pytest.raises(ValidationError) as error:
        create(live, rag=Rag.GREEN, as_at=date(2011, 3, 31))
    assert message_dict(error) == {
        "as_at": ["This date is outside the programme's life (its start to its end)."]
    }
    assert not ProgressUpdate.objects.exists()


def test_a_stale_copy_writes_nothing(programme):
    update = create(programme, rag=Rag.AMBER)
    stale = ProgressUpdate.objects.get()
    progress_update_update(update=update, headline="First")
    with pytest.raises(ConcurrentEditError):
        progress_update_update(update=stale, headline="Second")
    assert ProgressUpdate.objects.get().headline == "First"


# --- Readings ------------------------------------------------------------------------


@pytest.fixture
def indicator():
    return f.IndicatorFactory(unit="count")


def record(indicator, value, **fields):
    return reading_record(indicator=indicator, as_at=SEPTEMBER, value=Decimal(value), **fields)


def test_a_new_reading_is_a_draft(indicator):
    reading = record(indicator, "40", source="Item 4")
    reading.refresh_from_db()
    assert (reading.value, reading.source, reading.published_at) == (Decimal("40"), "Item 4", None)


def test_a_figure_from_a_published_paper_is_published_with_it(indicator):
    noon = datetime(2012, 10, 13, 12, tzinfo=UTC)
    reading = record(indicator, "40", published_at=noon)
    reading.refresh_from_db()
    assert (reading.published_at, reading.published_by) == (noon, None)


def test_correcting_a_published_reading_makes_it_a_draft(indicator):
    secretary = user_in("Secretariat")
    reading = reading_publish(reading=record(indicator, "40"), user=secretary)
    assert reading.published_by == secretary

    corrected = record(indicator, "41")
    assert corrected.pk == reading.pk  # the same reading, corrected, not a second one
    corrected.refresh_from_db()
    assert (corrected.value, corrected.published_at, corrected.published_by) == (
        Decimal("41"),
        None,
        None,
    )
    assert Reading.objects.count() == 1


@pytest.mark.parametrize("change", [{"note": "over"}, {"source": "Item 5"}])
def test_correcting_a_note_or_source_makes_a_draft_too(indicator, change):
    reading = reading_publish(reading=record(indicator, "40"), user=user_in("Secretariat"))
    record(indicator, "40", **change)
    reading.refresh_from_db()
    assert reading.published_at is None


def test_recording_the_same_figure_again_changes_nothing(indicator):
    reading = reading_publish(reading=record(indicator, "40"), user=user_in("Secretariat"))
    version = reading.version
    again = record(indicator, "40.00")
    again.refresh_from_db()
    assert (again.version, again.published_at) == (version, reading.published_at)
    assert reading.history.count() == 2  # recorded, published: no third


@pytest.mark.parametrize(
    ("unit", "value", "message"),
    [
        ("count", "1.5", "A count is a whole number."),
        ("count", "-1", "A count cannot be negative."),
        ("people", "2.5", "A number of people is a whole number."),
        ("percent", "100.01", "A percentage is between 0 and 100."),
    ],
)
def test_a_reading_must_fit_its_unit(unit, value, message):
    indicator = f.IndicatorFactory(unit=unit, target_value=None)
    with pytest.raises(ValidationError) as error:
        record(indicator, value)
    assert message_dict(error) == {"value": [message]}
    assert not Reading.objects.exists()


# --- Milestones ----------------------------------------------------------------------


def test_completing_a_milestone_records_the_date(programme):
    milestone = programme.milestones.get()
    milestone_complete(milestone=milestone, completed_on=date(2012, 2, 3))
    milestone.refresh_from_db()
    assert milestone.completed_on == date(2012, 2, 3)
    # Met late: overdue until then, done after.
    assert suggested_rag_for(programme=programme, as_at=date(2012, 2, 2)) == Rag.AMBER
    assert suggested_rag_for(programme=programme, as_at=date(2012, 2, 3)) == Rag.GREEN


def test_a_milestone_can_be_completed_today_but_not_tomorrow(programme):
    milestone = programme.milestones.get()
    with pytest.raises(ValidationError) as error:
        milestone_complete(milestone=milestone, completed_on=timezone.localdate() + timedelta(1))
    assert message_dict(error) == {
        "completed_on": ["A milestone cannot be completed in the future."]
    }
    assert Milestone.objects.get().completed_on is None

    milestone = Milestone.objects.get()
    milestone_complete(milestone=milestone, completed_on=timezone.localdate())
    assert Milestone.objects.get().completed_on == timezone.localdate()


def test_milestone_save_validates_before_it_saves(programme):
    with pytest.raises(ValidationError) as error:
        milestone_save(milestone=Milestone(programme=programme, title="", due_on=JUNE))
    assert set(message_dict(error)) == {"title"}
    assert programme.milestones.count() == 1


# --- Publishing ----------------------------------------------------------------------


@pytest.mark.parametrize("group", ["Officers", "Board members"])
def test_publishing_is_refused_without_the_permission(programme, indicator, group):
    user = user_in(group)
    update = create(programme, rag=Rag.AMBER)
    reading = record(indicator, "40")
    with pytest.raises(PermissionDenied, match="^You may not publish progress updates: ask"):
        progress_update_publish(update=update, user=user)
    with pytest.raises(PermissionDenied, match="^You may not publish readings: ask the secretar"):
        reading_publish(reading=reading, user=user)
    assert ProgressUpdate.objects.get().published_at is None
    assert Reading.objects.get().published_at is None
    assert (update.history.count(), reading.history.count()) == (1, 1)


def test_the_secretariat_publishes_and_is_recorded(programme):
    secretary = user_in("Secretariat")
    before = timezone.now()
    update = progress_update_publish(update=create(programme, rag=Rag.AMBER), user=secretary)
    update.refresh_from_db()
    assert update.published_by == secretary
    assert before <= update.published_at <= timezone.now()
    assert update.history.latest("history_id").history_user == secretary
