"""The feeds: iCalendar of meetings that a calendar app reads back with the right local
times on either side of a clock change (Europe/London), cancelled meetings marked; Atom
feeds of published progress updates and agenda papers with RFC 4287's required elements,
as feedparser reads them; linked from their pages with <link rel="alternate">."""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import feedparser
import pytest
from icalendar import Calendar

from meetings.models import Meeting
from tests.factories import AgendaItemFactory, BoardFactory, MeetingFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def meetings():
    board = BoardFactory(name="Improvement Programme Board", slug="ipb")
    other = BoardFactory(name="Leadership Board", slug="leadership")
    return {
        # Greenwich Mean Time (UTC+0) ...
        "winter": MeetingFactory(
            board=board, meets_on=date(2013, 3, 1), start_time=time(10), venue="Smith Square"
        ),
        # ... and British Summer Time (UTC+1), after the clocks went forward on 31 March.
        "summer": MeetingFactory(
            board=board, meets_on=date(2013, 4, 1), start_time=time(10), venue="Leeds"
        ),
        "cancelled": MeetingFactory(
            board=board, meets_on=date(2013, 5, 20), status=Meeting.Status.CANCELLED
        ),
        "other": MeetingFactory(board=other, meets_on=date(2013, 6, 3), start_time=time(11)),
    }


def calendar(client, url) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(cal: Calendar) -> dict[str, object]:
    return {str(e["uid"]).split("@")[0]: e for e in cal.walk("VEVENT")}


def test_meeting_times_round_trip_across_the_clock_change(client, meetings):
    cal = calendar(client, "/feeds/meetings.ics")
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    found = events(cal)
    winter = found[f"meeting-{meetings['winter'].pk}"].decoded("dtstart")
    summer = found[f"meeting-{meetings['summer'].pk}"].decoded("dtstart")
    assert winter == datetime(2013, 3, 1, 10, 0, tzinfo=LONDON)
    assert summer == datetime(2013, 4, 1, 10, 0, tzinfo=LONDON)
    # The same 10:00 on the wall clock is 10:00 UTC in March and 09:00 UTC in April.
    assert winter.utcoffset() == timedelta(0)
    assert summer.utcoffset() == timedelta(hours=1)
    assert winter.astimezone(ZoneInfo("UTC")).hour == 10
    assert summer.astimezone(ZoneInfo("UTC")).hour == 9
    # A calendar app that reads only the VTIMEZONE (not its own tz database) agrees.
    text = client.get("/feeds/meetings.ics").content.decode()
    assert "DTSTART;TZID=Europe/London:20130301T100000" in text
    assert "DTSTART;TZID=Europe/London:20130401T100000" in text
    zone = cal.walk("VTIMEZONE")[0]
    assert {str(c["tzname"]) for c in zone.walk("DAYLIGHT")} >= {"BST"}
    assert {str(c["tzname"]) for c in zone.walk("STANDARD")} >= {"GMT"}


def test_an_event_has_its_venue_agenda_link_and_status(client, meetings):
    found = events(calendar(client, "/feeds/meetings.ics"))
    summer = found[f"meeting-{meetings['summer'].pk}"]
    assert str(summer["summary"]) == "Improvement Programme Board meeting"
    assert str(summer["location"]) == "Leeds"
    assert str(summer["url"]) == f"http://testserver/meetings/{meetings['summer'].pk}/"
    assert f"http://testserver/meetings/{meetings['summer'].pk}/" in str(summer["description"])
    assert str(summer["status"]) == "CONFIRMED"
    cancelled = found[f"meeting-{meetings['cancelled'].pk}"]
    assert str(cancelled["status"]) == "CANCELLED"
    assert str(cancelled["summary"]) == "Cancelled: Improvement Programme Board meeting"
    # No time recorded: an all-day event on its date.
    assert cancelled.decoded("dtstart") == date(2013, 5, 20)
    assert cancelled.decoded("dtend") == date(2013, 5, 21)


def test_a_change_to_a_meeting_is_a_new_sequence(client, meetings):
    meeting = meetings["summer"]
    before = events(calendar(client, "/feeds/meetings.ics"))[f"meeting-{meeting.pk}"]
    meeting.status = Meeting.Status.CANCELLED
    meeting.save()
    after = events(calendar(client, "/feeds/meetings.ics"))[f"meeting-{meeting.pk}"]
    assert after["sequence"] == before["sequence"] + 1
    assert str(after["status"]) == "CANCELLED"


def test_each_board_has_its_own_calendar(client, meetings):
    cal = calendar(client, "/feeds/meetings/ipb.ics")
    assert str(cal["x-wr-calname"]) == "Meetings of the Improvement Programme Board"
    assert len(cal.walk("VEVENT")) == 3
    assert len(calendar(client, "/feeds/meetings/leadership.ics").walk("VEVENT")) == 1
    assert client.get("/feeds/meetings/no-such-board.ics").status_code == 404


def test_an_unchanged_calendar_is_a_304(client, meetings):
    first = client.get("/feeds/meetings.ics")
    assert client.get("/feeds/meetings.ics", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def assert_rfc4287(parsed):
    """The elements RFC 4287 requires: feed id, title, updated (and an author, here on
    the feed); each entry's id, title, updated and a link."""
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    feed = parsed.feed
    assert feed.id and feed.title and feed.updated and feed.author
    assert any(link.rel == "self" for link in feed.links)
    assert parsed.entries
    for entry in parsed.entries:
        assert entry.id.startswith("tag:")
        assert entry.title and entry.updated and entry.link


def test_the_progress_updates_feed(client, world):
    response = client.get("/feeds/progress-updates.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert_rfc4287(parsed)
    (entry,) = parsed.entries
    assert entry.title == "Corporate peer challenge: Amber at 31 December 2012"
    assert entry.link == "http://testserver/programmes/corporate-peer-challenge/?as_at=2012-12-31"
    assert entry.summary == "Behind plan"
    assert entry.updated_parsed[:3] == (2012, 12, 31)
    board = feedparser.parse(
        client.get(f"/feeds/progress-updates/{world['board'].slug}.atom").content
    )
    assert_rfc4287(board)
    assert board.feed.title == f"Progress updates: {world['board'].name}"


def test_the_agenda_papers_feed(client, world):
    AgendaItemFactory(meeting=world["meeting"], number="2", title="Peer challenge report")
    parsed = feedparser.parse(client.get("/feeds/agenda-papers.atom").content)
    assert_rfc4287(parsed)
    titles = [entry.title for entry in parsed.entries]
    board = world["board"].name
    assert titles == [
        f"{board}, 17 January 2012: Item 1, Priorities 2012/13",
        f"{board}, 17 January 2012: Item 2, Peer challenge report",
    ]
    assert parsed.entries[0].link == f"http://testserver/meetings/items/{world['item'].pk}/"
    other = feedparser.parse(client.get(f"/feeds/agenda-papers/{BoardFactory().slug}.atom").content)
    assert other.entries == []
    assert other.feed.id and other.feed.updated


@pytest.mark.parametrize(
    ("page", "types"),
    [
        ("home", {"application/atom+xml", "text/calendar"}),
        ("programme", {"application/atom+xml"}),
        ("meetings", {"application/atom+xml", "text/calendar"}),
        ("meeting", {"application/atom+xml", "text/calendar"}),
        ("all meetings", {"application/atom+xml", "text/calendar"}),
        ("open-data", {"application/atom+xml", "text/calendar"}),
    ],
)
def test_pages_link_their_feeds(client, world, page, types):
    url = {
        "home": "/",
        "programme": world["programme"].get_absolute_url(),
        "meetings": f"/meetings/?board={world['board'].slug}",
        "meeting": world["meeting"].get_absolute_url(),
        "all meetings": "/meetings/",
        "open-data": "/open-data/",
    }[page]
    html = client.get(url).content.decode()
    links = re.findall(r'<link rel="alternate" type="([^"]+)" title="[^"]+" href="([^"]+)">', html)
    assert {kind for kind, _ in links} == types
    for _, href in links:
        assert client.get(href).status_code == 200, href
        # And a link a person sees, for browsers that do not show feeds.
        assert f'<a class="govuk-link" href="{href}">' in html, href
    if page != "open-data":
        assert '<a class="govuk-link" href="/open-data/">Open data</a>' in html


def test_an_agenda_item_links_its_boards_papers_feed(client, world):
    html = client.get(world["item"].get_absolute_url()).content.decode()
    name, href = world["board"].name, f"/feeds/agenda-papers/{world['board'].slug}.atom"
    assert f'title="Agenda papers of the {name}" href="{href}">' in html
    assert f'<a class="govuk-link" href="{href}">Agenda papers of the {name}</a>' in html
