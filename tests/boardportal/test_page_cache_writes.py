"""Every kind of write makes a new data version when it commits, so no cached page
outlives it: an admin save and delete, an inline, a bulk action, a revert from the
history, publishing, the loader, an import and a management command (core.versioning
watches the statements themselves, so none of these needed code of its own)."""

import re
from contextlib import contextmanager
from datetime import date
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from boardportal import pagecache
from core import versioning
from core.publishing import record_publish
from core.rag import Rag
from priorities.models import Campaign
from programmes.models import ProgressUpdate
from tests import factories as f
from tests.boardportal.test_import import (  # noqa: F401 (world is a fixture)
    update_row,
    world,
    written,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.BOARDPORTAL_PAGE_CACHE = True


@pytest.fixture
def programme():
    year = f.PlanYearFactory(label="2012/13")
    priority = f.PriorityFactory(plan_year=year, title="Peer challenges")
    programme = f.ProgrammeFactory(
        name="Corporate peer challenge", slug="corporate-peer-challenge", priorities=[priority]
    )
    f.ProgressUpdateFactory(
        programme=programme, as_at=date(2012, 10, 15), rag=Rag.AMBER, headline="Bookings behind"
    )
    return programme


@contextmanager
def committed(capture):
    """Run the block as a transaction that commits: its on-commit callbacks run at the
    end. (The test's own transaction never commits; what the fixtures wrote is taken as
    committed already.)"""
    connection.run_on_commit = [e for e in connection.run_on_commit if e[1] is not versioning.bump]
    with capture(execute=True) as callbacks:
        yield callbacks


@contextmanager
def renews_pages(client, url, capture):
    """The page at `url` is cached before the block and rendered afresh after it."""
    client.get(url)
    assert client.get(url)[pagecache.STATUS_HEADER] == "hit"
    before = versioning.current()
    with committed(capture):
        yield
    assert versioning.current() != before
    assert client.get(url)[pagecache.STATUS_HEADER] == "miss"


class FormFields(HTMLParser):
    """The fields a browser would submit from the page's first form with a method of
    post (inputs, checked boxes, selected options, text areas), as (name, value)."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._in_form = self._done = False
        self._select = self._textarea = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self._done:
            return
        # The page's own form, not the header's sign-out one.
        if (
            tag == "form"
            and a.get("method", "").lower() == "post"
            and "logout" not in a.get("action", "")
        ):
            self._in_form = True
        if not self._in_form or "name" not in a and tag != "option":
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file", "image"):
                self.fields.append(
                    (a["name"], a.get("value") or ("on" if kind == "checkbox" else ""))
                )
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, self._text.lstrip("\n")))
            self._textarea = None
        elif tag == "form" and self._in_form:
            self._in_form, self._done = False, True


def submitted(client, url, **changes):
    """Post the form on `url` back as a browser would, with `changes` made to it."""
    parser = FormFields()
    parser.feed(client.get(url).content.decode())
    data: dict[str, list[str]] = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    for name, value in changes.items():
        data[name] = [value]
    response = client.post(url, data)
    errors = re.findall(r'class="errorlist[^>]*>(.*?)</ul>', response.content.decode(), re.S)
    assert response.status_code == 302, (errors, data)
    return response


@pytest.fixture
def campaign():
    campaign = f.CampaignFactory(name="Rewiring", slug="rewiring")
    f.CampaignItemFactory(campaign=campaign, number="1", title="Big idea one")
    return campaign


def test_an_admin_save(
    client, admin_client, programme, campaign, django_capture_on_commit_callbacks
):
    url = f"/admin/priorities/campaign/{campaign.pk}/change/"
    with renews_pages(client, programme.get_absolute_url(), django_capture_on_commit_callbacks):
        submitted(admin_client, url, name="Rewired")
    assert Campaign.objects.get().name == "Rewired"


def test_an_inline_alone(
    client, admin_client, programme, campaign, django_capture_on_commit_callbacks
):
    url = f"/admin/priorities/campaign/{campaign.pk}/change/"
    with renews_pages(client, programme.get_absolute_url(), django_capture_on_commit_callbacks):
        submitted(admin_client, url, **{"items-0-title": "Bigger idea"})
    assert campaign.items.get().title == "Bigger idea"


def test_an_admin_delete(
    client, admin_client, programme, campaign, django_capture_on_commit_callbacks
):
    with renews_pages(client, programme.get_absolute_url(), django_capture_on_commit_callbacks):
        response = admin_client.post(
            f"/admin/priorities/campaign/{campaign.pk}/delete/", {"post": "yes"}
        )
        assert response.status_code == 302
    assert not Campaign.objects.exists()


def test_a_revert_from_the_history(
    client, admin_client, programme, campaign, django_capture_on_commit_callbacks
):
    url = f"/admin/priorities/campaign/{campaign.pk}/change/"
    with committed(django_capture_on_commit_callbacks):
        submitted(admin_client, url, name="Rewired")
    first = campaign.history.order_by("history_id").first()
    revert = f"/admin/priorities/campaign/{campaign.pk}/history/{first.history_id}/"
    with renews_pages(client, programme.get_absolute_url(), django_capture_on_commit_callbacks):
        submitted(admin_client, revert)
    assert Campaign.objects.get().name == "Rewiring"


def test_a_bulk_action_that_publishes_and_the_page_shows_it(
    client, admin_client, programme, django_capture_on_commit_callbacks
):
    draft = f.ProgressUpdateFactory(
        programme=programme,
        as_at=date(2012, 12, 1),
        rag=Rag.GREEN,
        headline="Back on track",
        draft=True,
    )
    url = programme.get_absolute_url() + "?as_at=2012-12-31"
    assert "Back on track" not in client.get(url).content.decode()
    with renews_pages(client, url, django_capture_on_commit_callbacks):
        response = admin_client.post(
            "/admin/programmes/progressupdate/",
            {"action": "publish_selected", "_selected_action": [draft.pk]},
        )
        assert response.status_code == 302
    assert ProgressUpdate.objects.get(pk=draft.pk).published_at is not None
    assert "Back on track" in client.get(url).content.decode()


def test_publishing_through_the_service(
    client, admin_user, programme, django_capture_on_commit_callbacks
):
    draft = f.ProgressUpdateFactory(
        programme=programme,
        as_at=date(2012, 12, 1),
        rag=Rag.GREEN,
        headline="Back on track",
        draft=True,
    )
    with renews_pages(client, programme.get_absolute_url(), django_capture_on_commit_callbacks):
        record_publish(record=draft, user=admin_user)


def test_a_queryset_update_and_bulk_create(client, programme, django_capture_on_commit_callbacks):
    with renews_pages(client, programme.get_absolute_url(), django_capture_on_commit_callbacks):
        ProgressUpdate.objects.filter(programme=programme).update(headline="Changed in bulk")
    assert "Changed in bulk" in client.get(programme.get_absolute_url()).content.decode()
    with renews_pages(client, "/councils/", django_capture_on_commit_callbacks):
        from programmes.models import Council

        Council.objects.bulk_create([Council(name="Barchester", slug="barchester")])


def test_the_loader(client, programme, django_capture_on_commit_callbacks):
    with renews_pages(client, "/", django_capture_on_commit_callbacks):
        call_command("load_board_papers", stdout=StringIO())


def test_an_import_by_its_management_command(
    client,
    tmp_path,
    world,  # noqa: F811 (the fixture)
    django_capture_on_commit_callbacks,
):
    path = written(tmp_path, update_row(Status="Green", Headline="Eighty delivered"))
    page = world["ours"].get_absolute_url()
    with renews_pages(client, page, django_capture_on_commit_callbacks):
        call_command("import_updates", path, "--dry-run", "--user", "ann", stdout=StringIO())
        # A dry run writes nothing that stays: it rolls back, and bumps nothing.
        assert connection.run_on_commit == []
        call_command("import_updates", path, "--user", "ann", stdout=StringIO())
    assert ProgressUpdate.objects.filter(headline="Eighty delivered").exists()
