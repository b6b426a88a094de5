"""Feeds to subscribe to: the Boards' meetings as iCalendar (all, or one Board's), and
Atom feeds of published progress updates and of agenda papers (overall, or one Board's).

Feeds are public data whoever asks (a calendar app sends no token): published updates,
non-exempt items. Meetings are in Europe/London (the TIME_ZONE setting) with its
VTIMEZONE, so 10:00 stays 10:00 on either side of a clock change; a meeting with no
time is an all-day event; a cancelled one says so (STATUS:CANCELLED, and in its title).
Each answer has an ETag, so a calendar or feed reader polling it downloads it only when
it changed; DTSTAMP and Atom's `updated` come from the records' history, not the clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from icalendar import Calendar, Event

from meetings.models import AgendaItem, Meeting
from priorities.models import Board
from programmes.models import ProgressUpdate

from .api.http import open_download

# How many entries an Atom feed carries: the latest.
FEED_LENGTH = 50
# How often a calendar app should look again (it may choose otherwise).
REFRESH = timedelta(hours=12)


def _board(slug: str | None) -> Board | None:
    return get_object_or_404(Board, slug=slug) if slug else None


def _history_date(model, *, latest: bool):
    """The first or latest time a record was saved, from its history (a subquery)."""
    rows = model.history.filter(id=OuterRef("pk")).order_by(
        "-history_date" if latest else "history_date"
    )
    return Subquery(rows.values("history_date")[:1])


def _midnight(on) -> datetime:
    return datetime.combine(on, time(0), tzinfo=UTC)


@open_download
def meetings_calendar(request: HttpRequest, board: str | None = None) -> HttpResponse:
    """The meetings of every Board, or of one, as iCalendar (RFC 5545)."""
    chosen = _board(board)
    meetings = (
        Meeting.objects.select_related("board")
        .annotate(changed_at=_history_date(Meeting, latest=True))
        .order_by("meets_on", "pk")
    )
    if chosen is not None:
        meetings = meetings.filter(board=chosen)
    zone = ZoneInfo(settings.TIME_ZONE)
    host = request.get_host().split(":")[0]
    calendar = Calendar()
    calendar.add("prodid", "-//boardportal//Board meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    name = f"Meetings of the {chosen.name}" if chosen else "Meetings of the Boards"
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    for meeting in meetings:
        calendar.add_component(_event(request, meeting, zone=zone, host=host))
    # The VTIMEZONE of each zone used, with its daylight-saving rules.
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    filename = f"meetings-{chosen.slug}.ics" if chosen else "meetings.ics"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _event(request: HttpRequest, meeting: Meeting, *, zone: ZoneInfo, host: str) -> Event:
    event = Event()
    cancelled = meeting.status == Meeting.Status.CANCELLED
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    # The last time the meeting was changed: a client compares it, with SEQUENCE (the
    # record's version), to know an event moved or was cancelled.
    changed = meeting.changed_at or _midnight(meeting.meets_on)
    event.add("dtstamp", changed)
    event.add("last-modified", changed)
    event.add("sequence", meeting.version)
    if meeting.start_time:
        # No end: the papers give when a meeting starts, not how long it lasts.
        event.add("dtstart", datetime.combine(meeting.meets_on, meeting.start_time, tzinfo=zone))
    else:
        event.add("dtstart", meeting.meets_on)
        event.add("dtend", meeting.meets_on + timedelta(days=1))
    title = f"{meeting.board.name} meeting"
    event.add("summary", f"Cancelled: {title}" if cancelled else title)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if meeting.venue:
        event.add("location", meeting.venue)
    agenda = request.build_absolute_uri(meeting.get_absolute_url())
    event.add("url", agenda)
    note = "This meeting was cancelled. " if cancelled else ""
    event.add("description", f"{note}Agenda and papers: {agenda}")
    return event


class BoardFeed(Feed):
    """An Atom feed of every Board's records, or of one Board's (`/<board>.atom`)."""

    feed_type = Atom1Feed
    author_name = "boardportal"
    what = ""

    def get_object(self, request, board: str | None = None):
        return _board(board)

    def title(self, board: Board | None) -> str:
        return f"{self.what}: {board.name}" if board else f"{self.what}: every Board"

    def item_guid_is_permalink(self, item) -> bool:
        return False

    def item_guid(self, item) -> str:
        # A tag URI (RFC 4151): stable for as long as the record lives.
        host = settings.BOARDPORTAL_SITE_URL.split("://")[-1].split(":")[0].split("/")[0]
        return f"tag:{host},2012:{item._meta.model_name}/{item.pk}"


class ProgressUpdatesFeed(BoardFeed):
    """Published progress updates, the latest published first."""

    what = "Progress updates"

    def link(self, board: Board | None) -> str:
        url = reverse("programmes:list")
        return f"{url}?board={board.slug}" if board else url

    def subtitle(self, board: Board | None) -> str:
        return "Progress updates as they are published, with their Red/Amber/Green status."

    def items(self, board: Board | None):
        updates = (
            ProgressUpdate.objects.published()
            .select_related("programme", "author")
            .order_by("-published_at", "-pk")
        )
        if board is not None:
            updates = updates.filter(programme__board=board)
        return updates[:FEED_LENGTH]

    def item_title(self, update: ProgressUpdate) -> str:
        return f"{update.programme.name}: {update.get_rag_display()} at {update.as_at:%-d %B %Y}"

    def item_description(self, update: ProgressUpdate) -> str:
        parts = [update.headline, update.narrative, update.next_steps]
        return "\n\n".join(part for part in parts if part)

    def item_link(self, update: ProgressUpdate) -> str:
        # The programme's page as at the update's date: the status it gave.
        return f"{update.programme.get_absolute_url()}?as_at={update.as_at.isoformat()}"

    def item_pubdate(self, update: ProgressUpdate) -> datetime:
        return update.published_at

    def item_updateddate(self, update: ProgressUpdate) -> datetime:
        return update.published_at

    def item_author_name(self, update: ProgressUpdate) -> str | None:
        return update.author.name if update.author else None

    def item_categories(self, update: ProgressUpdate) -> list[str]:
        return [update.get_rag_display()]


class AgendaPapersFeed(BoardFeed):
    """Agenda papers (items) that are not exempt, those of the latest meetings first."""

    what = "Agenda papers"

    def link(self, board: Board | None) -> str:
        url = reverse("meetings:list")
        return f"{url}?board={board.slug}" if board else url

    def subtitle(self, board: Board | None) -> str:
        return "The reports on the Boards' agendas, as they are added to the portal."

    def items(self, board: Board | None):
        items = (
            AgendaItem.objects.visible_to(AnonymousUser())
            .select_related("meeting__board")
            .annotate(
                added_at=_history_date(AgendaItem, latest=False),
                changed_at=_history_date(AgendaItem, latest=True),
            )
            .order_by("-meeting__meets_on", "meeting__pk", "order", "pk")
        )
        if board is not None:
            items = items.filter(meeting__board=board)
        return items[:FEED_LENGTH]

    def item_title(self, item: AgendaItem) -> str:
        meeting = item.meeting
        return (
            f"{meeting.board.name}, {meeting.meets_on:%-d %B %Y}: Item {item.number}, {item.title}"
        )

    def item_description(self, item: AgendaItem) -> str:
        return "\n\n".join(part for part in (item.purpose, item.summary) if part)

    def item_link(self, item: AgendaItem) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: AgendaItem) -> datetime:
        return item.added_at or _midnight(item.meeting.meets_on)

    def item_updateddate(self, item: AgendaItem) -> datetime:
        return item.changed_at or _midnight(item.meeting.meets_on)

    def item_categories(self, item: AgendaItem) -> list[str]:
        return [item.get_kind_display()]


progress_updates_feed = open_download(ProgressUpdatesFeed())
agenda_papers_feed = open_download(AgendaPapersFeed())
