"""A whole quarterly round on a factory dataset: open, remind, record, return, publish,
close, lock and reopen; who may do what; and the queries the screens run."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boardportal.cycle.emails import send_round_reminders
from core.rag import Rag
from programmes.models import ProgressUpdate, Reading, Reminder, ReportingRound
from programmes.rounds import round_close, round_obligations, round_open, round_reopen
from programmes.services import progress_update_publish, progress_update_return
from tests import factories as f
from tests.conftest import verified_login

pytestmark = pytest.mark.django_db

DEADLINE = date(2013, 1, 18)


def person(group: str, *, officer=None, username=None):
    user = f.UserFactory(is_staff=True, username=username or f"{group.lower()}-user")
    user.groups.add(Group.objects.get(name=group))
    if officer is not None:
        officer.user = user
        officer.save()
    return user


@pytest.fixture
def world():
    plan_year = f.PlanYearFactory(label="2012/13")
    ann, bob = f.OfficerFactory(name="Ann Lead"), f.OfficerFactory(name="Bob Lead")
    ours = f.ProgrammeFactory(name="Peer challenge", lead_officer=ann)
    theirs = f.ProgrammeFactory(name="LG Inform", lead_officer=bob)
    f.ProgrammeFactory(name="Closed one", status="closed", lead_officer=ann)
    indicator = f.IndicatorFactory(programme=ours, name="Peer challenges delivered")
    milestone = f.MilestoneFactory(
        programme=ours, title="Ten-year plan", due_on=date(2012, 11, 30), completed_on=None
    )
    round = round_open(
        plan_year=plan_year, quarter=3, deadline=DEADLINE, opened_on=date(2012, 12, 3)
    )
    return {
        "round": round,
        "ann": ann,
        "bob": bob,
        "ours": ours,
        "theirs": theirs,
        "indicator": indicator,
        "milestone": milestone,
        "officer": person("Officers", officer=ann, username="ann"),
        "other_officer": person("Officers", officer=bob, username="bob"),
        "secretary": person("Secretariat", username="sec"),
    }


def signed_in(client, user):
    return verified_login(client, user)


# --- Opening and who owes what ------------------------------------------------------


def test_a_round_knows_who_owes_what(world):
    dues = {d.programme.name: d for d in round_obligations(world["round"])}
    assert set(dues) == {"Peer challenge", "LG Inform"}  # the closed programme owes nothing
    ours = dues["Peer challenge"]
    assert [i.indicator for i in ours.indicators] == [world["indicator"]]
    assert ours.milestones == [world["milestone"]]
    assert ours.outstanding == 3  # the update, a reading, a milestone
    assert [o.name for o in ours.officers] == ["Ann Lead"]


def test_one_round_per_quarter_and_a_sensible_deadline(world):
    with pytest.raises(ValidationError, match="already a round for this quarter"):
        round_open(plan_year=world["round"].plan_year, quarter=3, deadline=DEADLINE)
    with pytest.raises(ValidationError, match="on or after the day it opens"):
        round_open(
            plan_year=world["round"].plan_year,
            quarter=4,
            opened_on=date(2013, 2, 1),
            deadline=date(2013, 1, 1),
        )


# --- Reminders ----------------------------------------------------------------------


def test_reminders_go_once_each_when_due(world):
    round = world["round"]
    sent = send_round_reminders(round, on=date(2012, 12, 3))
    assert sent[Reminder.Kind.OPENED] == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world["ann"].email, world["bob"].email])
    message = next(m for m in mail.outbox if m.to == [world["ann"].email])
    assert message.subject == "2012/13 Q3 updates are due by 18 January 2013"
    assert "Peer challenge: update due" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert "/admin/cycle/" in message.alternatives[0][0]

    mail.outbox.clear()
    assert sum(send_round_reminders(round, on=date(2012, 12, 4)).values()) == 0  # no repeats
    sent = send_round_reminders(round, on=date(2013, 1, 11))  # a week before the deadline
    assert sent[Reminder.Kind.WEEK_BEFORE] == 2
    assert mail.outbox[0].subject == "A week to go: your 2012/13 Q3 updates"

    mail.outbox.clear()
    sent = send_round_reminders(round, on=date(2013, 1, 19))
    assert sent[Reminder.Kind.OVERDUE] == 2
    assert sent[Reminder.Kind.OVERDUE_LIST] == 1  # to the Secretariat
    overdue_list = next(m for m in mail.outbox if m.to == [world["secretary"].email])
    assert "2 programmes overdue" in overdue_list.subject
    mail.outbox.clear()
    call_command("send_reminders", on="2013-01-20", stdout=StringIO())
    assert mail.outbox == []  # idempotent, from the command too


def test_reminders_skip_what_is_done(world):
    f.ProgressUpdateFactory(programme=world["theirs"], as_at=date(2012, 12, 31))
    send_round_reminders(world["round"], on=date(2013, 1, 19))
    overdue = [m for m in mail.outbox if m.subject.startswith("Overdue")]
    assert [m.to for m in overdue] == [[world["ann"].email]]


# --- The quarterly form -------------------------------------------------------------


def form_data(**overrides):
    return {
        "rag": "green",
        "headline": "Twelve challenges delivered",
        "narrative": "On track for the year.",
        "next_steps": "",
        "override_reason": "",
        **overrides,
    }


def test_the_officer_records_the_whole_update_on_one_page(client, world):
    signed_in(client, world["officer"])
    url = reverse("cycle:update", args=[world["ours"].pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Peer challenges delivered" in page.content.decode()
    indicator, milestone = world["indicator"], world["milestone"]
    data = form_data(**{f"reading_{indicator.pk}": "80", f"milestone_{milestone.pk}": "2012-12-10"})
    # First, the suggestion from what is on the form: nothing is saved.
    checked = client.post(url, {**data, "action": "check"})
    assert checked.status_code == 200
    assert "Nothing has been saved yet" in checked.content.decode()
    assert not ProgressUpdate.objects.exists() and not Reading.objects.exists()
    milestone.refresh_from_db()
    assert milestone.completed_on is None

    response = client.post(url, {**data, "action": "save"})
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    # 80 of 100 three quarters through the year, the milestone met: green is suggested.
    assert (update.as_at, update.rag, update.suggested_rag) == (
        date(2012, 12, 31),
        "green",
        "green",
    )
    assert update.published_at is None
    assert update.author == world["ann"]
    assert update.history.latest().history_user == world["officer"]
    reading = Reading.objects.get()
    assert (reading.value, reading.as_at, reading.published_at) == (
        Decimal("80"),
        date(2012, 12, 31),
        None,
    )
    milestone.refresh_from_db()
    assert milestone.completed_on == date(2012, 12, 10)


def test_the_suggestion_comes_from_the_form_and_a_reason_is_needed_to_differ(client, world):
    signed_in(client, world["officer"])
    url = reverse("cycle:update", args=[world["ours"].pk])
    # 10 of 100 at three quarters of the year: well behind, so red is suggested.
    data = form_data(rag="green", **{f"reading_{world['indicator'].pk}": "10"})
    response = client.post(url, {**data, "action": "save"})
    assert response.status_code == 200
    assert "The milestones and indicators suggest Red. Say why the status is Green." in (
        response.content.decode()
    )
    assert not ProgressUpdate.objects.exists()
    assert not Reading.objects.exists()  # one transaction: nothing half-saved
    response = client.post(
        url, {**data, "override_reason": "Bookings are strong", "action": "save"}
    )
    assert response.status_code == 302
    assert ProgressUpdate.objects.get().suggested_rag == Rag.RED


def test_limits_are_enforced(client, world):
    signed_in(client, world["officer"])
    url = reverse("cycle:update", args=[world["ours"].pk])
    response = client.post(url, {**form_data(narrative="x" * 3001), "action": "save"})
    assert "Ensure this value has at most 3000 characters (it has 3001)." in (
        response.content.decode()
    )
    assert not ProgressUpdate.objects.exists()


def test_an_officer_records_only_their_own_programmes(client, world):
    signed_in(client, world["officer"])
    assert client.get(reverse("cycle:update", args=[world["theirs"].pk])).status_code == 404
    response = client.post(
        reverse("cycle:update", args=[world["theirs"].pk]), {**form_data(), "action": "save"}
    )
    assert response.status_code == 404
    assert not ProgressUpdate.objects.exists()


def test_a_delegate_may_record(client, world):
    world["theirs"].delegates.add(world["ann"])
    signed_in(client, world["officer"])
    assert client.get(reverse("cycle:update", args=[world["theirs"].pk])).status_code == 200


def test_my_quarter_lists_what_is_due_and_what_was_returned(client, world):
    signed_in(client, world["officer"])
    html = client.get(reverse("cycle:home")).content.decode()
    assert "Peer challenge" in html and "LG Inform" not in html
    assert "3 things still to do" in html
    update = f.ProgressUpdateFactory(
        programme=world["ours"], as_at=date(2012, 12, 31), rag=Rag.AMBER, draft=True
    )
    progress_update_return(update=update, user=world["secretary"], comment="Add the figures")
    html = client.get(reverse("cycle:home")).content.decode()
    assert "Returned to you for changes" in html and "Add the figures" in html


def test_the_admin_front_page_leads_with_my_quarter(client, world):
    signed_in(client, world["officer"])
    html = client.get(reverse("admin:index")).content.decode()
    assert "My quarter" in html
    assert "You have 3 things to do across 1 programme" in html


# --- Review, return and publish -------------------------------------------------------


@pytest.fixture
def draft(world):
    return f.ProgressUpdateFactory(
        programme=world["ours"],
        as_at=date(2012, 12, 31),
        rag=Rag.AMBER,  # the milestone is overdue: the evidence suggests amber
        draft=True,
        headline="Forty delivered",
        author=world["ann"],
    )


def test_the_review_queue_shows_each_draft_against_what_was_published(client, world, draft):
    f.ProgressUpdateFactory(
        programme=world["ours"], as_at=date(2012, 9, 30), rag=Rag.GREEN, headline="Thirty delivered"
    )
    signed_in(client, world["secretary"])
    html = client.get(reverse("cycle:review")).content.decode()
    assert "Green to Amber" in html
    assert '<del><span class="visually-hidden">removed: </span>Thirty</del>' in html
    assert '<ins><span class="visually-hidden">added: </span>Forty</ins>' in html


def test_returning_emails_the_officer_and_needs_a_comment(client, world, draft):
    signed_in(client, world["secretary"])
    url = reverse("cycle:review")
    client.post(url, {"update": [draft.pk], "action": "return", "comment": ""})
    draft.refresh_from_db()
    assert draft.returned_at is None
    client.post(url, {"update": [draft.pk], "action": "return", "comment": "Add the figures"})
    draft.refresh_from_db()
    assert (draft.return_comment, draft.returned_by) == ("Add the figures", world["secretary"])
    (message,) = mail.outbox
    assert message.to == [world["ann"].email]
    assert "Add the figures" in message.body


def test_bulk_publishing_asks_for_confirmation(client, world, draft):
    other = f.ProgressUpdateFactory(programme=world["theirs"], as_at=date(2012, 12, 31), draft=True)
    signed_in(client, world["secretary"])
    url = reverse("cycle:review")
    confirm = client.post(url, {"update": [draft.pk, other.pk], "action": "publish"})
    assert "Publish these 2 updates?" in confirm.content.decode()
    assert ProgressUpdate.objects.drafts().count() == 2
    client.post(url, {"update": [draft.pk, other.pk], "action": "publish", "confirmed": "yes"})
    assert ProgressUpdate.objects.drafts().count() == 0


def test_officers_cannot_review(client, world, draft):
    signed_in(client, world["officer"])
    assert client.get(reverse("cycle:review")).status_code == 403
    assert (
        client.post(
            reverse("cycle:review"), {"update": [draft.pk], "action": "publish"}
        ).status_code
        == 403
    )


def test_the_secretariat_corrects_a_published_update_with_a_reason(client, world, draft):
    progress_update_publish(update=draft, user=world["secretary"])
    signed_in(client, world["secretary"])
    url = reverse("admin:programmes_progressupdate_change", args=[draft.pk])
    page = client.get(url)
    assert "Reason for the correction" in page.content.decode()


# --- Closing, locking and reopening -------------------------------------------------


def test_signing_off_keeps_the_overview_and_locks_the_quarter(client, world, draft):
    progress_update_publish(update=draft, user=world["secretary"])
    signed_in(client, world["secretary"])
    url = reverse("cycle:sign_off", args=[world["round"].pk])
    assert "Sign off and close 2012/13 Q3" in client.get(url).content.decode()
    client.post(url, {"confirmed": "yes"})
    round = ReportingRound.objects.get()
    assert round.status == ReportingRound.Status.CLOSED
    assert sorted(round.records.values_list("format", flat=True)) == ["csv", "pdf", "xlsx"]
    assert bytes(round.records.get(format="pdf").content).startswith(b"%PDF")
    draft.refresh_from_db()
    draft.headline = "Changed after sign-off"
    with pytest.raises(ValidationError, match="signed off and closed"):
        draft.full_clean()
    with pytest.raises(ValidationError, match="signed off and closed"):
        f.ReadingFactory(indicator=world["indicator"], as_at=date(2012, 12, 1))
    # The admin shows them read-only.
    admin_page = client.get(reverse("admin:programmes_progressupdate_change", args=[draft.pk]))
    assert "Save" not in admin_page.content.decode().split("submit-row")[-1][:200] or (
        admin_page.context["has_change_permission"] is False
    )


def test_only_an_administrator_reopens_and_says_why(world):
    round = world["round"]
    round_close(round=round, user=world["secretary"], files=[("csv", "q3.csv", b"a,b\n")])
    with pytest.raises(PermissionDenied):
        round_reopen(round=round, user=world["secretary"], reason="A late figure")
    admin = person("Administrators", username="administrator")
    with pytest.raises(ValidationError, match="Say why"):
        round_reopen(round=round, user=admin, reason=" ")
    round_reopen(round=round, user=admin, reason="A late figure")
    assert round.is_open
    assert round.history.latest().history_change_reason == "Reopened: A late figure"
    f.ReadingFactory(indicator=world["indicator"], as_at=date(2012, 12, 1))  # unlocked


def test_closing_needs_the_permission(world):
    with pytest.raises(PermissionDenied):
        round_close(round=world["round"], user=world["officer"], files=[("csv", "x", b"")])


# --- Queries do not grow -------------------------------------------------------------


@pytest.mark.parametrize("page", ["cycle:home", "cycle:review"])
def test_the_cycle_screens_run_a_fixed_number_of_queries(
    client, world, page, django_assert_max_num_queries
):

    signed_in(client, world["secretary"])

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse(page)).status_code == 200
        return len(context.captured_queries)

    def add_programmes(n):
        for _ in range(n):
            programme = f.ProgrammeFactory(lead_officer=world["ann"])
            f.IndicatorFactory(programme=programme)
            f.ReadingFactory(
                indicator=programme.indicators.get(), as_at=date(2012, 12, 31), value=80
            )
            f.MilestoneFactory(programme=programme, due_on=date(2012, 11, 1))
            f.ProgressUpdateFactory(
                programme=programme, as_at=date(2012, 12, 31), rag=Rag.AMBER, draft=True
            )

    add_programmes(1)
    small = count()
    add_programmes(15)
    assert count() == small


def test_the_quarterly_form_runs_a_fixed_number_of_queries(client, world):
    signed_in(client, world["officer"])
    url = reverse("cycle:update", args=[world["ours"].pk])

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    small = count()
    for n in range(6):  # more indicators and milestones on the same programme
        indicator = f.IndicatorFactory(programme=world["ours"], name=f"Measure {n}")
        f.ReadingFactory(indicator=indicator, as_at=date(2012, 10, 31), draft=True)
        f.MilestoneFactory(programme=world["ours"], due_on=date(2012, 12, 20))
    assert count() == small


# --- The officer's admin pages -----------------------------------------------------------


def test_an_officer_adds_readings_on_their_indicators_page_but_not_anothers(client, world):
    signed_in(client, world["officer"])
    from tests.test_admin import admin_url, form_data

    mine = world["indicator"]
    theirs = f.IndicatorFactory(programme=world["theirs"])
    page = client.get(admin_url(mine, "change", mine.pk))
    assert page.context["has_change_permission"] is True
    assert "Peer challenges delivered (Peer challenge)" in page.content.decode()
    other = client.get(admin_url(theirs, "change", theirs.pk))
    assert other.context["has_change_permission"] is False
    data = form_data(page)
    data.update(
        {
            "readings-TOTAL_FORMS": "1",
            "readings-0-as_at": "2012-12-31",
            "readings-0-as_at_precision": "day",
            "readings-0-value": "80",
            "readings-0-qualifier": "exactly",
            "readings-0-note": "",
            "readings-0-source": "",
        }
    )
    assert client.post(admin_url(mine, "change", mine.pk), data).status_code == 302
    assert Reading.objects.get().value == Decimal("80")


def test_readings_read_as_people_write_them(client, world):
    signed_in(client, world["secretary"])
    from tests.test_admin import admin_url

    f.ReadingFactory(indicator=world["indicator"], as_at=date(2012, 10, 31), value=2410)
    html = client.get(admin_url(Reading, "changelist")).content.decode()
    assert "2,410" in html and "2410.00" not in html
    reading = Reading.objects.get()
    page = client.get(admin_url(reading, "change", reading.pk)).content.decode()
    assert 'value="2410"' in page


def test_a_draft_is_reviewed_from_its_own_page(client, world, draft):
    signed_in(client, world["secretary"])
    from tests.test_admin import admin_url

    admin_page = client.get(admin_url(draft, "change", draft.pk)).content.decode()
    review_url = reverse("cycle:review_draft", args=[draft.pk])
    assert f'href="{review_url}"' in admin_page
    page = client.get(review_url).content.decode()
    assert "Forty delivered" in page and "Publish it, or return it" in page
    response = client.post(review_url, {"update": draft.pk, "action": "publish"})
    assert response.status_code == 302  # one draft: no confirmation needed
    draft.refresh_from_db()
    assert draft.published_by == world["secretary"]
    assert client.get(review_url).status_code == 404  # published: nothing left to review


def test_officers_see_no_review_link_and_cannot_review(client, world, draft):
    signed_in(client, world["officer"])
    from tests.test_admin import admin_url

    assert (
        "Review: publish or return"
        not in client.get(admin_url(draft, "change", draft.pk)).content.decode()
    )
    assert client.get(reverse("cycle:review_draft", args=[draft.pk])).status_code == 403
