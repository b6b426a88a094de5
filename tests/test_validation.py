"""Bad input through the admin: a clear message on the page and nothing half-saved."""

from datetime import date, timedelta
from decimal import Decimal
from html import escape

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.rag import Rag
from meetings.models import Action, Membership
from priorities.models import Board, PlanYear, Priority
from programmes.models import (
    Indicator,
    Milestone,
    Participation,
    Programme,
    ProgressUpdate,
    Reading,
)
from tests import factories as f
from tests.test_admin import add_inline_row, admin_url, form_data, post_form

pytestmark = pytest.mark.django_db


def errors_on_page(response) -> list[str]:
    """Every error message of the form and its inlines, as shown on the page."""
    assert response.status_code == 200, "the form was accepted"
    messages = [
        str(e) for errors in response.context["adminform"].form.errors.values() for e in errors
    ]
    for inline in response.context.get("inline_admin_formsets", []):
        messages += [str(e) for e in inline.formset.non_form_errors()]
        for form_errors in inline.formset.errors:
            messages += [str(e) for errors in form_errors.values() for e in errors]
    html = response.content.decode()
    for message in messages:
        assert escape(message) in html
    return messages


def post_add(client, model, data):
    return post_form(client, admin_url(model, "add"), data)


def programme_data(**overrides):
    data = {
        "name": "Local Productivity Programme",
        "slug": "local-productivity",
        "status": "active",
        "weight": "1",
        "starts_on": "2012-04-01",
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
        "participations-TOTAL_FORMS": "0",
        "participations-INITIAL_FORMS": "0",
    }
    return {**data, **overrides}


# --- Dates ---------------------------------------------------------------------------


def test_programme_ending_before_it_starts(admin_client):
    response = post_add(admin_client, Programme, programme_data(ends_on="2012-03-31"))
    assert errors_on_page(response) == ["The end date must be on or after the start date."]
    assert not Programme.objects.exists()


def test_new_programme_with_an_invalid_milestone_saves_neither(admin_client):
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = programme_data()
    add_inline_row(data, "milestones", {"title": "Plan", "due_on": "2012-01-31"})
    add_inline_row(
        data, "milestones", {"title": "Done", "due_on": "2012-01-31", "completed_on": tomorrow}
    )
    response = post_add(admin_client, Programme, data)
    assert errors_on_page(response) == ["A milestone cannot be completed in the future."]
    assert not Programme.objects.exists()
    assert not Milestone.objects.exists()


def test_milestone_completed_in_the_future(admin_client):
    programme = f.ProgrammeFactory()
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = post_add(
        admin_client,
        Milestone,
        {
            "programme": programme.pk,
            "title": "Plan",
            "due_on": "2012-01-31",
            "completed_on": tomorrow,
        },
    )
    assert errors_on_page(response) == ["A milestone cannot be completed in the future."]
    assert not Milestone.objects.exists()


def test_board_membership_ending_before_it_starts(admin_client):
    member, board = f.MemberFactory(), f.BoardFactory()
    response = post_add(
        admin_client,
        Membership,
        {
            "member": member.pk,
            "board": board.pk,
            "role": "member",
            "starts_on": "2012-06-01",
            "ends_on": "2012-05-01",
        },
    )
    assert errors_on_page(response) == ["The end date must be on or after the start date."]
    assert not Membership.objects.exists()


def test_board_ending_before_it_starts(admin_client):
    response = post_add(
        admin_client,
        Board,
        {
            "name": "Leadership Board",
            "slug": "leadership",
            "order": "0",
            "active_from": "2012-04-01",
            "active_to": "2011-04-01",
        },
    )
    assert errors_on_page(response) == ["The end date must be on or after the start date."]
    assert not Board.objects.exists()


def test_plan_year_agreed_in_the_future(admin_client):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = post_add(
        admin_client,
        PlanYear,
        {
            "label": "2012/13",
            "starts_on": "2012-04-01",
            "ends_on": "2013-03-31",
            "status": "agreed",
            "agreed_on": tomorrow,
        },
    )
    assert errors_on_page(response) == ["The agreed date cannot be in the future."]
    assert not PlanYear.objects.exists()


# --- Counts and percentages ----------------------------------------------------------


def indicator_data(programme, **overrides):
    data = {
        "name": "Peer challenges delivered",
        "programme": programme.pk,
        "unit": "count",
        "baseline": "0",
        "target_value": "100",
        "target_starts_on": "2012-04-01",
        "target_ends_on": "2013-03-31",
        "cumulative": "on",
        "higher_is_better": "on",
        "readings-TOTAL_FORMS": "0",
        "readings-INITIAL_FORMS": "0",
    }
    return {**data, **overrides}


def test_negative_count(admin_client):
    programme = f.ProgrammeFactory()
    response = post_add(admin_client, Indicator, indicator_data(programme, baseline="-1"))
    assert errors_on_page(response) == ["A count cannot be negative."]
    assert not Indicator.objects.exists()


def test_negative_reading_of_a_count(admin_client):
    indicator = f.IndicatorFactory()
    response = post_add(
        admin_client,
        Reading,
        {"indicator": indicator.pk, "as_at": "2012-09-30", "value": "-3"},
    )
    assert errors_on_page(response) == ["A count cannot be negative."]
    assert not Reading.objects.exists()


def test_percentage_over_100(admin_client):
    indicator = f.IndicatorFactory(unit=Indicator.Unit.PERCENT, target_value=Decimal("85"))
    response = post_add(
        admin_client,
        Reading,
        {"indicator": indicator.pk, "as_at": "2012-09-30", "value": "120"},
    )
    assert errors_on_page(response) == ["A percentage is between 0 and 100."]
    assert not Reading.objects.exists()


def test_new_percentage_indicator_with_a_reading_over_100_saves_neither(admin_client):
    programme = f.ProgrammeFactory()
    data = indicator_data(programme, unit="percent", target_value="85")
    add_inline_row(data, "readings", {"as_at": "2012-09-30", "value": "120"})
    response = post_add(admin_client, Indicator, data)
    assert errors_on_page(response) == ["A percentage is between 0 and 100."]
    assert not Indicator.objects.exists()
    assert not Reading.objects.exists()


UNIT_REFUSED = (
    "The reading of 150 at 30 September 2012 does not fit this unit: a percentage is "
    "between 0 and 100. Change or delete it first."
)


def test_changing_the_unit_checks_existing_readings(admin_client):
    indicator = f.IndicatorFactory(target_value=None, target_starts_on=None, target_ends_on=None)
    f.ReadingFactory(indicator=indicator, value=Decimal("150"))
    url = admin_url(indicator, "change", indicator.pk)
    data = form_data(admin_client.get(url))
    data["unit"] = "percent"
    response = admin_client.post(url, data)
    # The indicator's own rule, on its unit, and the reading's, on its row.
    assert errors_on_page(response) == [UNIT_REFUSED, "A percentage is between 0 and 100."]
    indicator.refresh_from_db()
    assert indicator.unit == Indicator.Unit.COUNT


def test_changing_the_unit_in_the_shell_checks_existing_readings():
    indicator = f.IndicatorFactory(target_value=None, target_starts_on=None, target_ends_on=None)
    f.ReadingFactory(indicator=indicator, as_at=date(2012, 6, 30), value=Decimal("40"))
    f.ReadingFactory(indicator=indicator, as_at=date(2012, 9, 30), value=Decimal("150"))
    f.ReadingFactory(indicator=indicator, as_at=date(2012, 12, 31), value=Decimal("180"))
    indicator.unit = Indicator.Unit.PERCENT
    with pytest.raises(ValidationError) as refused:
        indicator.full_clean()
    # The first reading that does not fit is named; the one that fits is not.
    assert refused.value.message_dict == {"unit": [UNIT_REFUSED]}


def test_a_unit_every_reading_fits_is_accepted_in_the_shell():
    indicator = f.IndicatorFactory(target_value=None, target_starts_on=None, target_ends_on=None)
    f.ReadingFactory(indicator=indicator, value=Decimal("42"))
    indicator.unit = Indicator.Unit.PERCENT
    indicator.full_clean()
    indicator.unit = Indicator.Unit.GBP
    f.ReadingFactory(indicator=indicator, as_at=date(2012, 12, 31), value=Decimal("-3.50"))
    indicator.full_clean()  # pounds may be negative and in pence


# --- Uniqueness ----------------------------------------------------------------------


def priority_data(plan_year, board=None, reference="4.1"):
    return {
        "plan_year": plan_year.pk,
        "board": board.pk if board else "",
        "reference": reference,
        "title": "Sector-led improvement",
        "order": "0",
    }


def test_duplicate_reference_for_a_board_in_a_plan_year(admin_client):
    existing = f.PriorityFactory(reference="4.1")
    response = post_add(admin_client, Priority, priority_data(existing.plan_year, existing.board))
    assert errors_on_page(response) == [
        "This Board already has a priority with this reference in this plan year."
    ]
    assert Priority.objects.count() == 1


def test_duplicate_organisation_wide_reference_in_a_plan_year(admin_client):
    existing = f.PriorityFactory(reference="1", board=None)
    response = post_add(admin_client, Priority, priority_data(existing.plan_year, reference="1"))
    assert errors_on_page(response) == [
        "There is already an organisation-wide priority with this reference in this plan year."
    ]
    assert Priority.objects.count() == 1


def test_same_reference_in_another_plan_year_is_fine(admin_client):
    existing = f.PriorityFactory(reference="4.1")
    other_year = f.PlanYearFactory(label="2013/14")
    response = post_add(admin_client, Priority, priority_data(other_year, existing.board))
    assert response.status_code == 302
    assert Priority.objects.count() == 2


def test_override_needs_a_reason(admin_client):
    plan_year = f.PlanYearFactory()
    data = {**priority_data(plan_year), "status_override": "red"}
    response = post_add(admin_client, Priority, data)
    assert errors_on_page(response) == ["Give a reason when you override the rolled-up status."]
    assert not Priority.objects.exists()


# --- Progress updates: dates and the evidence's suggestion ---------------------------


def update_data(programme, **overrides):
    data = {
        "programme": programme.pk,
        "as_at": "2012-06-30",
        "rag": "green",
        "headline": "Wave 2 under way",
    }
    return {**data, **overrides}


@pytest.fixture
def behind_programme():
    """A programme with a milestone overdue at 30 June 2012: the evidence suggests amber."""
    programme = f.ProgrammeFactory(starts_on=date(2011, 4, 1), ends_on=date(2013, 3, 31))
    f.MilestoneFactory(programme=programme, due_on=date(2012, 1, 31))
    return programme


def test_update_dated_before_the_programme_starts(admin_client):
    programme = f.ProgrammeFactory(starts_on=date(2012, 4, 1))
    response = post_add(admin_client, ProgressUpdate, update_data(programme, as_at="2012-03-31"))
    assert errors_on_page(response) == [
        "This date is outside the programme's life (its start to its end)."
    ]
    assert not ProgressUpdate.objects.exists()


def test_update_dated_after_the_programme_ends(admin_client):
    programme = f.ProgrammeFactory(ends_on=date(2012, 3, 31))
    response = post_add(admin_client, ProgressUpdate, update_data(programme))
    assert errors_on_page(response) == [
        "This date is outside the programme's life (its start to its end)."
    ]
    assert not ProgressUpdate.objects.exists()


def test_update_dated_in_the_future(admin_client):
    programme = f.ProgrammeFactory()
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = post_add(admin_client, ProgressUpdate, update_data(programme, as_at=tomorrow))
    assert errors_on_page(response) == ["An update cannot describe a date in the future."]
    assert not ProgressUpdate.objects.exists()


def test_add_page_shows_what_the_evidence_suggests(admin_client, behind_programme):
    response = admin_client.get(
        admin_url(ProgressUpdate, "add"), {"programme": behind_programme.pk, "as_at": "2012-06-30"}
    )
    assert (
        "The milestones and indicators suggest Amber as at 30 June 2012. "
        "If you choose another status, say why." in response.content.decode()
    )


def test_add_page_ignores_a_bad_programme_in_the_address(admin_client):
    response = admin_client.get(admin_url(ProgressUpdate, "add"), {"programme": "nonsense"})
    assert response.status_code == 200


def test_differing_from_the_evidence_needs_a_reason(admin_client, behind_programme):
    response = post_add(admin_client, ProgressUpdate, update_data(behind_programme))
    assert errors_on_page(response) == [
        "The milestones and indicators suggest Amber. Say why the status is Green."
    ]
    assert not ProgressUpdate.objects.exists()


def test_differing_with_a_reason_is_saved_beside_the_suggestion(admin_client, behind_programme):
    data = update_data(behind_programme, override_reason="The business case is with the Board.")
    response = post_add(admin_client, ProgressUpdate, data)
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert (update.rag, update.suggested_rag) == (Rag.GREEN, Rag.AMBER)
    assert update.override_reason == "The business case is with the Board."


def test_agreeing_with_the_evidence_needs_no_reason(admin_client, behind_programme):
    response = post_add(admin_client, ProgressUpdate, update_data(behind_programme, rag="amber"))
    assert response.status_code == 302
    assert ProgressUpdate.objects.get().suggested_rag == Rag.AMBER


def test_without_evidence_any_status_stands(admin_client):
    programme = f.ProgrammeFactory()
    response = post_add(admin_client, ProgressUpdate, update_data(programme, rag="red"))
    assert response.status_code == 302
    assert ProgressUpdate.objects.get().suggested_rag == ""


def test_editing_the_words_keeps_the_recorded_suggestion(admin_client, behind_programme):
    update = f.ProgressUpdateFactory(
        programme=behind_programme, rag=Rag.AMBER, suggested_rag=Rag.AMBER, draft=True
    )
    # Later evidence: an indicator well behind now suggests red at the same date.
    indicator = f.IndicatorFactory(programme=behind_programme)
    f.ReadingFactory(indicator=indicator, as_at=date(2012, 6, 30), value=Decimal("1"))
    url = admin_url(update, "change", update.pk)
    data = form_data(admin_client.get(url))
    data["narrative"] = "Corrected wording."
    assert admin_client.post(url, data).status_code == 302
    update.refresh_from_db()
    assert (update.narrative, update.suggested_rag) == ("Corrected wording.", Rag.AMBER)

    data = form_data(admin_client.get(url))  # the page as saved, at its new version
    data["rag"] = "green"
    response = admin_client.post(url, data)
    assert errors_on_page(response) == [
        "The milestones and indicators suggest Red. Say why the status is Green."
    ]
    update.refresh_from_db()
    assert update.rag == Rag.AMBER


# --- A programme and its inlines: all or nothing -------------------------------------


def test_programme_change_with_an_invalid_inline_saves_nothing(admin_client, behind_programme):
    council = f.CouncilFactory()
    url = admin_url(behind_programme, "change", behind_programme.pk)
    data = form_data(admin_client.get(url))
    data["name"] = "Renamed"
    add_inline_row(data, "milestones", {"title": "Ten-year plan", "due_on": "2012-03-31"})
    add_inline_row(data, "participations", {"council": council.pk, "status": "taking_part"})
    # Green against amber evidence, with no reason: refused.
    add_inline_row(
        data, "progress_updates", {"as_at": "2012-06-30", "rag": "green", "headline": "Fine"}
    )
    response = admin_client.post(url, data)
    assert errors_on_page(response) == [
        "The milestones and indicators suggest Amber. Say why the status is Green."
    ]
    behind_programme.refresh_from_db()
    assert behind_programme.name != "Renamed"
    assert behind_programme.milestones.count() == 1
    assert not Participation.objects.exists()
    assert not ProgressUpdate.objects.exists()


def test_programme_change_with_valid_inlines_saves_all(admin_client, behind_programme):
    url = admin_url(behind_programme, "change", behind_programme.pk)
    data = form_data(admin_client.get(url))
    data["name"] = "Renamed"
    add_inline_row(
        data,
        "progress_updates",
        {
            "as_at": "2012-06-30",
            "rag": "green",
            "headline": "Fine",
            "override_reason": "The plan was agreed late; the work is on time.",
        },
    )
    assert admin_client.post(url, data).status_code == 302
    behind_programme.refresh_from_db()
    assert behind_programme.name == "Renamed"
    update = behind_programme.progress_updates.get()
    assert (update.rag, update.suggested_rag) == (Rag.GREEN, Rag.AMBER)


def test_shortening_a_programme_checks_its_updates(admin_client):
    programme = f.ProgrammeFactory(starts_on=date(2011, 4, 1))
    f.ProgressUpdateFactory(programme=programme, as_at=date(2012, 6, 30))
    url = admin_url(programme, "change", programme.pk)
    data = form_data(admin_client.get(url))
    data["ends_on"] = "2012-03-31"
    response = admin_client.post(url, data)
    # The programme's own rule, on its end date, and the update's, on its row.
    assert errors_on_page(response) == [
        "1 progress update is dated after this end date. Change or delete it first, or "
        "choose another date.",
        "This date is outside the programme's life (its start to its end).",
    ]
    programme.refresh_from_db()
    assert programme.ends_on is None


def test_shortening_a_programme_in_the_shell_checks_its_updates():
    programme = f.ProgrammeFactory(starts_on=date(2011, 4, 1))
    for as_at in (date(2011, 6, 30), date(2012, 6, 30), date(2012, 9, 30)):
        f.ProgressUpdateFactory(programme=programme, as_at=as_at)
    programme.starts_on = date(2012, 4, 1)
    programme.ends_on = date(2012, 3, 31) + timedelta(days=100)  # 9 July 2012
    with pytest.raises(ValidationError) as refused:
        programme.full_clean()
    assert refused.value.message_dict == {
        "starts_on": [
            "1 progress update is dated before this start date. Change or delete it first, "
            "or choose another date."
        ],
        "ends_on": [
            "1 progress update is dated after this end date. Change or delete it first, or "
            "choose another date."
        ],
    }
    programme.starts_on, programme.ends_on = date(2012, 7, 1), None
    with pytest.raises(ValidationError) as refused:
        programme.full_clean()
    assert refused.value.message_dict == {
        "starts_on": [
            "2 progress updates are dated before this start date. Change or delete them "
            "first, or choose another date."
        ]
    }


def test_moving_a_programme_s_dates_around_its_updates_is_accepted_in_the_shell():
    programme = f.ProgrammeFactory(starts_on=date(2011, 4, 1))
    f.ProgressUpdateFactory(programme=programme, as_at=date(2012, 6, 30))
    programme.starts_on, programme.ends_on = date(2012, 6, 30), date(2012, 6, 30)
    programme.full_clean()  # the update is on the first and last day of its life


# --- Meetings and actions ------------------------------------------------------------


def test_action_added_under_an_agenda_item_belongs_to_its_meeting(admin_client):
    item = f.AgendaItemFactory()
    url = admin_url(item, "change", item.pk)
    data = form_data(admin_client.get(url))
    add_inline_row(
        data, "actions", {"description": "A paper for the November meeting", "status": "open"}
    )
    assert admin_client.post(url, data).status_code == 302
    action = Action.objects.get()
    assert (action.meeting, action.agenda_item) == (item.meeting, item)


def test_action_cannot_be_due_at_the_meeting_that_set_it(admin_client):
    item = f.AgendaItemFactory()
    url = admin_url(item, "change", item.pk)
    data = form_data(admin_client.get(url))
    add_inline_row(
        data,
        "actions",
        {"description": "Report back", "status": "open", "due_meeting": item.meeting.pk},
    )
    response = admin_client.post(url, data)
    assert errors_on_page(response) == ["An action cannot be due at the meeting that set it."]
    assert not Action.objects.exists()


def test_action_with_an_item_of_another_meeting(admin_client):
    meeting = f.MeetingFactory()
    other_item = f.AgendaItemFactory()
    response = post_add(
        admin_client,
        Action,
        {
            "meeting": meeting.pk,
            "agenda_item": other_item.pk,
            "description": "Report back",
            "status": "open",
        },
    )
    assert errors_on_page(response) == ["Choose an item of the same meeting."]
    assert not Action.objects.exists()


def test_closing_an_action_needs_an_outcome(admin_client):
    action = f.ActionFactory()
    url = admin_url(action, "change", action.pk)
    data = form_data(admin_client.get(url))
    data["status"] = "done"
    response = admin_client.post(url, data)
    assert errors_on_page(response) == ["Say what came of an action that is done or dropped."]
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN
