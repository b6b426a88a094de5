"""Progress updates and readings are drafts until someone allowed publishes them: the
public pages, the status and the reports see published rows only; who published and
when is kept on the record and in its history."""

from datetime import date, datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from boardportal.reports.period import resolve_period
from boardportal.reports.rows import build_report
from core.rag import Rag
from priorities.models import Priority
from programmes.models import Indicator, Programme, ProgressUpdate, Reading
from programmes.selectors import priorities_with_status, programme_rags_as_at, programme_status
from programmes.services import (
    progress_update_create,
    progress_update_publish,
    reading_publish,
    reading_record,
)
from tests import factories as f
from tests.test_admin import admin_url, form_data

pytestmark = pytest.mark.django_db

Q3_END = date(2012, 12, 31)


@pytest.fixture
def world():
    """A programme delivering a 2012/13 priority: a published green update in June and a
    draft red one in September; a published reading of 40 and a draft one of 90."""
    priority = f.PriorityFactory()
    programme = f.ProgrammeFactory(name="Knowledge Hub", priorities=[priority])
    published = f.ProgressUpdateFactory(
        programme=programme, as_at=date(2012, 6, 30), rag=Rag.GREEN, headline="On track"
    )
    draft = f.ProgressUpdateFactory(
        draft=True,
        programme=programme,
        as_at=date(2012, 9, 30),
        rag=Rag.RED,
        headline="Funding withdrawn",
    )
    indicator = f.IndicatorFactory(programme=programme, name="Councils signed up")
    f.ReadingFactory(indicator=indicator, as_at=date(2012, 6, 30), value=Decimal("40"))
    draft_reading = f.ReadingFactory(
        draft=True, indicator=indicator, as_at=date(2012, 9, 30), value=Decimal("90")
    )
    return {
        "priority": priority,
        "programme": programme,
        "published": published,
        "draft": draft,
        "indicator": indicator,
        "draft_reading": draft_reading,
    }


def public_status(programme):
    fetched = Programme.objects.with_status(as_at=Q3_END).get(pk=programme.pk)
    return programme_status(fetched, as_at=Q3_END)


def report_rag(programme):
    report = build_report(resolve_period(kind="overview", year="2012/13", quarter=3))
    (row,) = [p for r in report.rows for p in r.programmes if p.programme.pk == programme.pk]
    return row.status.rag, row.status.headline


def test_factories_publish_by_default_and_make_drafts_on_request(world):
    assert world["published"].published_at is not None
    assert world["draft"].published_at is None
    assert world["draft_reading"].published_at is None
    assert set(ProgressUpdate.objects.drafts()) == {world["draft"]}


def test_a_draft_changes_neither_the_public_status_nor_the_report(world, client):
    programme = world["programme"]
    status = public_status(programme)
    assert (status.rag, status.headline, status.reported_on) == (
        Rag.GREEN,
        "On track",
        date(2012, 6, 30),
    )
    assert status.indicators[0].actual == Decimal("40")
    assert programme_rags_as_at(Programme.objects.all(), as_at=Q3_END) == {programme.pk: Rag.GREEN}
    (rolled_up,) = priorities_with_status(
        Priority.objects.filter(pk=world["priority"].pk), as_at=Q3_END
    )
    assert rolled_up.rag == Rag.GREEN
    assert report_rag(programme) == (Rag.GREEN, "On track")
    latest = Indicator.objects.with_latest_reading(as_at=Q3_END).get()
    assert (latest.latest_value, latest.latest_as_at) == (Decimal("40"), date(2012, 6, 30))

    page = client.get(f"{programme.get_absolute_url()}?as_at=2012-12-31")
    html = page.content.decode()
    assert "On track" in html
    assert "Funding withdrawn" not in html
    assert [u.headline for u in page.context["updates"]] == ["On track"]
    (indicator,) = page.context["indicators"]
    assert [r.value for r in indicator.readings] == [Decimal("40")]


def test_drafts_are_there_for_the_admin_when_asked_for(world):
    fetched = Programme.objects.with_status(as_at=Q3_END, include_drafts=True).get()
    assert (fetched.status_rag, fetched.status_published_at) == (Rag.RED, None)
    latest = Indicator.objects.with_latest_reading(as_at=Q3_END, include_drafts=True).get()
    assert (latest.latest_value, latest.latest_published_at) == (Decimal("90"), None)
    assert programme_rags_as_at(Programme.objects.all(), as_at=Q3_END, include_drafts=True) == {
        world["programme"].pk: Rag.RED
    }


def test_publishing_makes_it_public_and_keeps_who_and_when(world, secretariat_user, client):
    programme = world["programme"]
    before = timezone.now()
    update = progress_update_publish(update=world["draft"], user=secretariat_user)
    reading_publish(reading=world["draft_reading"], user=secretariat_user)

    update.refresh_from_db()
    assert update.published_by == secretariat_user
    assert before <= update.published_at <= timezone.now()
    status = public_status(programme)
    assert (status.rag, status.headline) == (Rag.RED, "Funding withdrawn")
    assert status.indicators[0].actual == Decimal("90")
    assert report_rag(programme) == (Rag.RED, "Funding withdrawn")
    page = client.get(f"{programme.get_absolute_url()}?as_at=2012-12-31")
    assert "Funding withdrawn" in page.content.decode()
    (indicator,) = page.context["indicators"]
    assert [r.value for r in indicator.readings] == [Decimal("40"), Decimal("90")]

    latest, previous = update.history.order_by("-history_id")[:2]
    assert (latest.history_type, latest.history_user) == ("~", secretariat_user)
    assert (latest.published_at, latest.published_by) == (update.published_at, secretariat_user)
    assert (previous.published_at, previous.published_by) == (None, None)


def test_the_history_page_shows_who_published(world, secretariat_user, admin_client):
    update = progress_update_publish(update=world["draft"], user=secretariat_user)
    html = admin_client.get(admin_url(update, "history", update.pk)).content.decode()
    assert "<strong>Published at:</strong>" in html
    assert "<strong>Published by:</strong>" in html
    assert "<strong>Version:</strong>" not in html


def test_publishing_twice_changes_nothing(world, secretariat_user):
    update = progress_update_publish(update=world["draft"], user=secretariat_user)
    first = (update.published_at, update.history.count())
    progress_update_publish(update=update, user=secretariat_user)
    update.refresh_from_db()
    assert (update.published_at, update.history.count()) == first


def test_an_officer_cannot_publish_through_the_service(world, officer_user):
    with pytest.raises(PermissionDenied):
        progress_update_publish(update=world["draft"], user=officer_user)
    with pytest.raises(PermissionDenied):
        reading_publish(reading=world["draft_reading"], user=officer_user)
    assert ProgressUpdate.objects.get(pk=world["draft"].pk).published_at is None
    assert Reading.objects.get(pk=world["draft_reading"].pk).published_at is None


def test_who_may_publish():
    def may(group):
        return set(
            Group.objects.get(name=group)
            .permissions.filter(codename__startswith="publish_")
            .values_list("codename", flat=True)
        )

    both = {"publish_progressupdate", "publish_reading"}
    assert may("Secretariat") == both
    assert may("Administrators") == both
    assert may("Officers") == set()
    assert may("Board members") == set()


# --- In the admin ---------------------------------------------------------------------


def publish_post(client, model, *records):
    return client.post(
        admin_url(model, "changelist"),
        {"action": "publish_selected", "_selected_action": [r.pk for r in records]},
        follow=True,
    )


def test_secretariat_publishes_selected_updates_one_by_one(world, secretariat, secretariat_user):
    other = f.ProgressUpdateFactory(
        draft=True, programme=world["programme"], as_at=date(2012, 8, 1)
    )
    response = publish_post(secretariat, ProgressUpdate, world["draft"], other, world["published"])
    assert response.status_code == 200
    assert "Published 2 progress updates." in response.content.decode()
    for update in (world["draft"], other):
        update.refresh_from_db()
        assert update.published_by == secretariat_user
        assert update.history.latest().history_user == secretariat_user
    world["published"].refresh_from_db()
    assert world["published"].published_by is None  # already published: left alone


def test_secretariat_publishes_readings(world, secretariat, secretariat_user):
    response = publish_post(secretariat, Reading, world["draft_reading"])
    assert "Published 1 reading." in response.content.decode()
    world["draft_reading"].refresh_from_db()
    assert world["draft_reading"].published_by == secretariat_user


@pytest.mark.parametrize("model", [ProgressUpdate, Reading], ids=lambda m: m.__name__)
def test_an_officer_may_not_publish_in_the_admin(world, officer, model):
    draft = world["draft"] if model is ProgressUpdate else world["draft_reading"]
    changelist = officer.get(admin_url(model, "changelist"))
    assert "publish_selected" not in changelist.content.decode()
    response = officer.post(
        admin_url(model, "changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.published_at is None


def test_an_officer_records_drafts_and_may_edit_them(officer, officer_user):
    # Officers record the programmes they lead.
    programme = f.ProgrammeFactory(lead_officer=f.OfficerFactory(user=officer_user))
    response = officer.post(
        admin_url(ProgressUpdate, "add"),
        {
            "programme": programme.pk,
            "as_at": "2012-06-30",
            "rag": "green",
            "headline": "Wave 2 under way",
        },
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert (update.published_at, update.published_by) == (None, None)
    url = admin_url(update, "change", update.pk)
    data = form_data(officer.get(url))
    data["headline"] = "Wave 2 well under way"
    assert officer.post(url, data).status_code == 302
    update.refresh_from_db()
    assert update.headline == "Wave 2 well under way"


def test_an_officer_may_not_change_what_is_published(world, officer, admin_client):
    update = world["published"]
    url = admin_url(update, "change", update.pk)
    data = form_data(admin_client.get(url))
    data["headline"] = "Rewritten after publication"
    page = officer.get(url)
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False  # view only
    assert officer.post(url, data).status_code == 403
    update.refresh_from_db()
    assert update.headline == "On track"


def test_admin_lists_show_drafts_and_filter_them(world, admin_client):
    html = admin_client.get(admin_url(ProgressUpdate, "changelist")).content.decode()
    assert ">Draft</span>" in html and ">Published</span>" in html
    drafts = admin_client.get(admin_url(ProgressUpdate, "changelist") + "?published=no")
    assert list(drafts.context["cl"].result_list) == [world["draft"]]
    published = admin_client.get(admin_url(Reading, "changelist") + "?published=yes")
    assert [r.value for r in published.context["cl"].result_list] == [Decimal("40")]

    page = admin_client.get(admin_url(world["draft"], "change", world["draft"].pk))
    assert "Draft: not published yet." in page.content.decode()
    page = admin_client.get(admin_url(world["published"], "change", world["published"].pk))
    assert "Published on 30 June 2012 at 13:00 with its board paper." in page.content.decode()


def test_programme_admin_marks_a_status_read_from_a_draft(world, admin_client):
    # The admin's status as at today counts drafts, marked so: the public does not see it.
    # (Dated today, since an update from 2012 is long out of date as at today.)
    world["draft"].delete()
    f.ProgressUpdateFactory(
        programme=world["programme"],
        as_at=timezone.localdate(),
        rag=Rag.RED,
        override_reason="Funding withdrawn",
        draft=True,
    )
    html = admin_client.get(admin_url(Programme, "changelist")).content.decode()
    assert "(Off track: needs intervention)</span> (draft)" in html
    html = admin_client.get(admin_url(Indicator, "changelist")).content.decode()
    assert "90 at 30 Sep 2012 (draft)" in html


# --- Other ways in ----------------------------------------------------------------------


def test_a_new_update_from_the_service_is_a_draft():
    programme = f.ProgrammeFactory()
    update = progress_update_create(
        programme=programme, as_at=date(2012, 6, 30), rag=Rag.GREEN, headline="Started"
    )
    assert update.published_at is None
    assert public_status(programme).rag is None


def test_correcting_a_published_reading_makes_it_a_draft_again(world, secretariat_user):
    reading = Reading.objects.get(value=Decimal("40"))
    reading_record(
        indicator=world["indicator"],
        as_at=reading.as_at,
        value=Decimal("41"),
        source=reading.source,
    )
    reading.refresh_from_db()
    assert (reading.value, reading.published_at) == (Decimal("41"), None)
    assert public_status(world["programme"]).indicators[0].actual is None
    reading_publish(reading=reading, user=secretariat_user)
    assert public_status(world["programme"]).indicators[0].actual == Decimal("41")


def test_the_demo_loader_publishes_the_papers_as_at_their_meetings():
    call_command("load_board_papers", stdout=StringIO())
    assert not ProgressUpdate.objects.drafts().exists()
    assert not Reading.objects.drafts().exists()
    assert not ProgressUpdate.objects.filter(published_by__isnull=False).exists()
    london = timezone.get_default_timezone()
    # A figure for March 2010 reported to the Board in October 2011: published with that paper.
    reading = Reading.objects.get(as_at=date(2010, 3, 31))
    assert "October 2011" in reading.source
    assert timezone.localtime(reading.published_at, london) == datetime(2011, 10, 13, tzinfo=london)
    # Never published before the date it describes.
    for record in [*ProgressUpdate.objects.all(), *Reading.objects.all()]:
        assert timezone.localtime(record.published_at, london).date() >= record.as_at


def test_an_officer_reverting_to_a_published_version_does_not_publish(world, officer, officer_user):
    world["programme"].lead_officer.user = officer_user  # the officer leads it
    world["programme"].lead_officer.save()
    reading = Reading.objects.get(value=Decimal("40"))
    reading_record(
        indicator=world["indicator"],
        as_at=reading.as_at,
        value=Decimal("41"),
        source=reading.source,
    )
    published = reading.history.earliest()
    assert published.published_at is not None
    url = f"/admin/programmes/reading/{reading.pk}/history/{published.history_id}/"
    assert officer.post(url, form_data(officer.get(url))).status_code == 302
    reading.refresh_from_db()
    assert (reading.value, reading.published_at) == (Decimal("40"), None)  # reverted, a draft
