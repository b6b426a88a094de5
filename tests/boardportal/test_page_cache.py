"""The page cache (boardportal.pagecache) and the data version (core.versioning): hits and
misses, the key, midnight, who may share a page, drafts and exempt items, and 304s.
What each kind of write does to it: test_page_cache_writes.py; in Redis, and across
two processes: test_page_cache_redis.py."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.http import HttpResponse
from django.test import Client
from django.utils.http import parse_http_date

from boardportal import pagecache
from core import versioning
from core.rag import Rag
from tests import factories as f
from tests.conftest import verified_login

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
SIGNED_IN = "Signed in as"
DRAFTS_BANNER = "Preview: includes drafts the public cannot see yet"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.BOARDPORTAL_PAGE_CACHE = True


@pytest.fixture
def plan():
    year = f.PlanYearFactory(label="2012/13")
    priority = f.PriorityFactory(plan_year=year, reference="4.5", title="Peer challenges")
    programme = f.ProgrammeFactory(
        name="Corporate peer challenge", slug="corporate-peer-challenge", priorities=[priority]
    )
    f.ProgressUpdateFactory(
        programme=programme, as_at=date(2012, 10, 15), rag=Rag.AMBER, headline="Bookings behind"
    )
    f.ProgressUpdateFactory(
        programme=programme,
        as_at=date(2012, 12, 1),
        rag=Rag.GREEN,
        headline="Draft headline: back on track",
        draft=True,
    )
    return {"year": year, "priority": priority, "programme": programme}


@pytest.fixture
def staff():
    return verified_login(Client(), f.UserFactory(username="officer", is_staff=True))


def cache_status(response) -> str:
    return response[pagecache.STATUS_HEADER]


def test_the_second_visit_is_served_from_the_cache_without_a_query(
    client, plan, django_assert_num_queries
):
    url = plan["programme"].get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200 and cache_status(first) == "miss"
    with django_assert_num_queries(0):
        second = client.get(url)
    assert cache_status(second) == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"] and second["Last-Modified"] == first["Last-Modified"]
    assert second["Content-Type"] == first["Content-Type"]
    assert "Set-Cookie" not in second and not second.cookies
    assert second["Cache-Control"] == "no-cache"
    # Each answer has its own request id, not the stored one.
    assert second["X-Request-ID"] != first["X-Request-ID"]


def test_a_download_is_kept_once_streamed_whole(client, plan, django_assert_num_queries):
    url = "/programmes/export.csv?status=active"
    first = client.get(url)
    assert first.streaming and cache_status(first) == "miss"
    streamed = b"".join(first.streaming_content)
    assert b"Corporate peer challenge" in streamed
    with django_assert_num_queries(0):
        second = client.get(url)
    assert cache_status(second) == "hit" and not second.streaming
    assert second.content == streamed
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert second["Content-Type"] == first["Content-Type"]
    assert second["ETag"] and second["Cache-Control"] == "no-cache"
    assert client.get(url, HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304
    # The drafts' headline is not in it, as it is not on the page.
    assert b"Draft headline" not in second.content


def test_a_download_not_streamed_whole_or_too_big_is_not_kept(client, plan, settings):
    url = "/programmes/export.csv"
    started = client.get(url)
    next(iter(started.streaming_content))  # the visitor went away after the first part
    del started
    assert cache_status(client.get(url)) == "miss"
    settings.BOARDPORTAL_PAGE_CACHE_MAX_BYTES = 10
    big = "/programmes/export.csv?status=active"
    assert len(b"".join(client.get(big).streaming_content)) > 10
    assert cache_status(client.get(big)) == "miss"


def test_near_pages_let_the_least_recently_used_go_beyond_their_bytes():
    near = pagecache.NearPages(max_bytes=10)
    near.put("a", (200, [], b"1234"))
    near.put("b", (200, [], b"5678"))
    assert near.get("a") == (200, [], b"1234")  # now the most recently used
    near.put("c", (200, [], b"90"))
    assert near.size == 10
    near.put("d", (200, [], b"x"))
    assert near.get("b") is None and near.get("a") is not None
    assert near.size == 7
    near.put("a", (200, [], b"12"))  # replaced: counted once
    assert near.size == 5
    near.put("huge", (200, [], b"x" * 11))  # bigger than all of it: not kept
    assert near.get("huge") is None and near.size == 5


def test_without_redis_the_pages_are_at_hand_already(settings):
    assert settings.CACHES["pages"]["BACKEND"].endswith("LocMemCache")
    assert pagecache.near_pages() is None


def test_the_key_is_the_full_address_with_the_query_sorted(client, plan):
    url = "/programmes/"
    assert cache_status(client.get(f"{url}?as_at=2012-12-31&status=active")) == "miss"
    assert cache_status(client.get(f"{url}?status=active&as_at=2012-12-31")) == "hit"
    assert cache_status(client.get(f"{url}?as_at=2012-11-30&status=active")) == "miss"
    assert cache_status(client.get(url)) == "miss"


def test_a_new_data_version_is_a_miss(client, plan):
    url = plan["priority"].get_absolute_url()
    client.get(url)
    assert cache_status(client.get(url)) == "hit"
    before = versioning.current()
    versioning.bump()
    assert versioning.current() != before
    assert cache_status(client.get(url)) == "miss"
    assert cache_status(client.get(url)) == "hit"


def test_a_lost_version_is_replaced_and_nothing_stale_is_served(client, plan):
    url = plan["priority"].get_absolute_url()
    client.get(url)
    from django.core.cache import caches

    caches[versioning.CACHE_ALIAS].delete(versioning.KEY)
    assert cache_status(client.get(url)) == "miss"


def at(monkeypatch, moment: datetime) -> None:
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)


def test_at_midnight_a_page_whose_date_defaults_to_today_is_rendered_again(
    client, plan, monkeypatch
):
    url = plan["year"].get_absolute_url()
    at(monkeypatch, datetime(2012, 12, 31, 23, 59, tzinfo=LONDON))
    before = client.get(url)
    assert cache_status(before) == "miss"
    assert cache_status(client.get(url)) == "hit"
    assert "31 December 2012" in before.content.decode()
    at(monkeypatch, datetime(2013, 1, 1, 0, 1, tzinfo=LONDON))
    after = client.get(url)
    assert cache_status(after) == "miss"
    assert "1 January 2013" in after.content.decode()
    assert "1 January 2013" not in before.content.decode()
    # Last-Modified is no earlier than the midnight the page changed at.
    assert parse_http_date(after["Last-Modified"]) >= datetime(2013, 1, 1, tzinfo=UTC).timestamp()


def test_signed_in_people_never_get_the_cached_anonymous_page(client, staff, plan):
    url = plan["priority"].get_absolute_url() + "?as_at=2012-12-31"
    anonymous = client.get(url)
    assert cache_status(client.get(url)) == "hit"
    shown = staff.get(url)
    assert cache_status(shown) == "bypass"
    assert SIGNED_IN in shown.content.decode()
    assert SIGNED_IN not in anonymous.content.decode()
    assert "private" in shown["Cache-Control"]
    previewed = staff.get(url + "&preview=drafts")
    assert "Draft headline: back on track" in previewed.content.decode()


def test_anonymous_visitors_never_get_a_signed_in_page(client, staff, plan):
    for url in (
        plan["priority"].get_absolute_url() + "?as_at=2012-12-31&preview=drafts",
        plan["programme"].get_absolute_url() + "?as_at=2012-12-31&preview=drafts",
        "/?as_at=2012-12-31&preview=drafts",
    ):
        assert DRAFTS_BANNER in staff.get(url).content.decode(), url
        for response in (client.get(url), client.get(url)):
            html = response.content.decode()
            assert DRAFTS_BANNER not in html and "Draft headline" not in html, url
            assert SIGNED_IN not in html, url
        assert cache_status(response) == "hit", url


def test_an_exempt_item_shown_to_staff_is_never_cached_for_the_public(client, staff):
    meeting = f.MeetingFactory()
    f.AgendaItemFactory(meeting=meeting, title="Open item")
    f.AgendaItemFactory(meeting=meeting, title="Sale of the lease", exempt=True)
    url = meeting.get_absolute_url()
    assert "Sale of the lease" in staff.get(url).content.decode()
    for _ in range(2):
        html = client.get(url).content.decode()
        assert "Open item" in html and "Sale of the lease" not in html
    assert "Sale of the lease" in staff.get(url).content.decode()


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken", "messages"])
def test_a_visitor_with_a_cookie_of_their_own_bypasses_the_cache(client, plan, cookie):
    url = plan["priority"].get_absolute_url()
    client.get(url)
    client.cookies[cookie] = "x" * 32
    assert cache_status(client.get(url)) == "bypass"


def test_an_authorization_header_bypasses_the_cache(client, plan):
    url = plan["priority"].get_absolute_url()
    client.get(url)
    assert cache_status(client.get(url, HTTP_AUTHORIZATION="Token abc")) == "bypass"


def test_the_sign_in_page_and_the_admin_are_left_alone(client):
    for url in ("/accounts/login/", "/admin/login/", "/healthz", "/api/v1/"):
        response = client.get(url)
        assert pagecache.STATUS_HEADER not in response, url


def test_an_answer_that_sets_a_cookie_or_uses_a_token_is_not_stored(rf):
    request = rf.get("/")
    assert pagecache.is_storable(request, HttpResponse("page"))
    with_cookie = HttpResponse("page")
    with_cookie.set_cookie("csrftoken", "secret")
    assert not pagecache.is_storable(request, with_cookie)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    assert not pagecache.is_storable(request, HttpResponse("page"))
    nonce = rf.get("/")
    nonce._csp_nonce = "abc"
    assert not pagecache.is_storable(nonce, HttpResponse("page"))
    for header in ("private, no-cache", "no-store"):
        response = HttpResponse("page", headers={"Cache-Control": header})
        assert not pagecache.is_storable(rf.get("/"), response), header
    varies = HttpResponse("page", headers={"Vary": "Accept-Language"})
    assert not pagecache.is_storable(rf.get("/"), varies)
    assert not pagecache.is_storable(rf.get("/"), HttpResponse("gone", status=404))
    assert not pagecache.is_storable(rf.head("/"), HttpResponse("page"))


def test_conditional_requests_get_304(client, staff, plan):
    url = plan["programme"].get_absolute_url()
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    for headers in ({"HTTP_IF_NONE_MATCH": etag}, {"HTTP_IF_MODIFIED_SINCE": modified}):
        response = client.get(url, **headers)
        assert response.status_code == 304, headers
        assert response.content == b""
        assert response["ETag"] == etag
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    assert (
        client.get(url, HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT").status_code == 200
    )
    # After a write the old ETag and date no longer match.
    versioning.bump()
    assert (
        client.get(url, HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT").status_code == 200
    )
    # Signed in: an ETag of their own page, private. (Their pages carry a CSRF token for
    # signing out, masked afresh each time, so the ETag changes each time too.)
    mine = staff.get(url)
    assert mine["ETag"] != etag and "private" in mine["Cache-Control"]
    assert mine["Last-Modified"]
    # Matched by the ETag alone: the date cannot say their page is unchanged.
    assert staff.get(url, HTTP_IF_MODIFIED_SINCE=mine["Last-Modified"]).status_code == 200


def test_etag_and_last_modified_with_the_cache_off(client, plan, settings):
    settings.BOARDPORTAL_PAGE_CACHE = False
    url = plan["priority"].get_absolute_url()
    response = client.get(url)
    assert cache_status(response) == "bypass"
    assert response["ETag"] and response["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


@pytest.mark.parametrize(
    "sql,watched",
    [
        ('INSERT INTO "programmes_progressupdate" ("rag") VALUES (%s)', True),
        ('UPDATE "priorities_priority" SET "title" = %s', True),
        ('DELETE FROM "meetings_agendaitem" WHERE "id" IN (%s)', True),
        ("update core_anything set x = 1", True),
        ('INSERT INTO "programmes_historicalprogramme" ("id") VALUES (%s)', True),
        ('SELECT "programmes_programme"."id" FROM "programmes_programme"', False),
        ('UPDATE "django_session" SET "expire_date" = %s', False),
        ('INSERT INTO "auth_user" ("username") VALUES (%s)', False),
        ('UPDATE "boardportal_apitoken" SET "last_used_at" = %s', False),
        ('INSERT INTO "axes_accessattempt" ("username") VALUES (%s)', False),
    ],
)
def test_which_statements_are_writes_that_change_pages(sql, watched):
    assert versioning.writes_watched_table(sql) is watched


def test_one_bump_per_transaction_and_none_on_rollback(django_capture_on_commit_callbacks):
    from django.db import connection, transaction

    # What the fixtures wrote is taken as committed.
    connection.run_on_commit = [e for e in connection.run_on_commit if e[1] is not versioning.bump]
    with django_capture_on_commit_callbacks() as callbacks:
        f.BoardFactory()
        f.ThemeFactory()
    assert callbacks == [versioning.bump]
    connection.run_on_commit = []
    try:
        with transaction.atomic():
            f.BoardFactory()
            raise RuntimeError
    except RuntimeError:
        pass
    assert connection.run_on_commit == []


def test_page_key_and_last_modified(rf):
    request = rf.get("/programmes/", {"b": ["2", "1"], "a": "x"})
    key = pagecache.page_key(request, "v1", date(2012, 12, 31))
    assert key.startswith("page:v1:2012-12-31:")
    again = rf.get("/programmes/?a=x&b=2&b=1")
    assert pagecache.page_key(again, "v1", date(2012, 12, 31)) == key
    assert pagecache.page_key(again, "v2", date(2012, 12, 31)) != key
    assert pagecache.page_key(again, "v1", date(2013, 1, 1)) != key
    token = "1356998400.000000-abc"  # 2013-01-01 00:00 UTC
    assert pagecache.last_modified(token, date(2012, 6, 1)) == datetime(2013, 1, 1, tzinfo=UTC)
    # The start of the day in London, in summer time.
    june = datetime(2013, 5, 31, 23, tzinfo=UTC)
    assert pagecache.last_modified(token, date(2013, 6, 1)) == june
