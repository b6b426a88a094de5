"""The open-data page (/open-data/) and the downloads it lists: each table as CSV or JSON
as at a date, streamed row by row (tables.py reads in chunks), so a download of 10,000
programmes never holds them all in memory. CSV text a spreadsheet would run as a formula
is neutralised (core.spreadsheets.spreadsheet_safe), as in the reports."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from rest_framework.settings import api_settings

from boardportal.api.http import open_download
from boardportal.asat import page_date, parse_as_at
from core.dates import today
from core.spreadsheets import spreadsheet_safe
from priorities.models import Board

from .catalogue import BY_SLUG, LICENCE, LICENCE_URL, TABLES, Table

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


class _Echo:
    """A file-like object that hands back what is written, for streaming CSV."""

    def write(self, value: str) -> str:
        return value


def csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, date):
        return value.isoformat()
    return spreadsheet_safe(value)


def json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def csv_lines(table: Table, rows: Iterable[dict]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(table.keys)
    for row in rows:
        yield writer.writerow([csv_cell(row[key]) for key in table.keys])


def json_chunks(table: Table, rows: Iterable[dict], as_at: date) -> Iterator[str]:
    """One JSON document, written a row at a time."""
    head = {
        "table": table.slug,
        "title": table.title,
        "as_at": as_at.isoformat(),
        "licence": {"name": LICENCE, "url": LICENCE_URL},
        "fields": [{"key": c.key, "meaning": c.meaning} for c in table.columns],
    }
    yield json.dumps(head)[:-1] + ', "rows": [\n'
    separator = ""
    for row in rows:
        yield separator + json.dumps({key: json_value(row[key]) for key in table.keys})
        separator = ",\n"
    yield "\n]}\n"


@open_download
def download(request: HttpRequest, table: str, fmt: str) -> StreamingHttpResponse:
    """A table as at `?as_at=` (default today), as CSV or JSON, streamed."""
    chosen = BY_SLUG.get(table)
    if chosen is None or fmt not in FORMATS:
        raise Http404("No such download")
    as_at = parse_as_at(request.GET.get("as_at")) or today()
    rows = chosen.rows(as_at, request.build_absolute_uri)
    if fmt == "csv":
        body = csv_lines(chosen, rows)
    else:
        body = json_chunks(chosen, rows, as_at)
    response = StreamingHttpResponse(body, content_type=FORMATS[fmt])
    disposition = "attachment" if fmt == "csv" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{chosen.slug}-{as_at}.{fmt}"'
    return response


def rate_in_words(rate: str | None) -> str:
    """DRF's '120/minute' as '120 requests a minute' (its period is read by its first
    letter, as DRF reads it)."""
    if not rate:
        return "any number of requests"
    number, period = rate.split("/")
    unit = {"s": "second", "m": "minute", "h": "hour", "d": "day"}[period[0]]
    return f"{number} requests a {unit}"


def feeds(boards: Iterable[Board]) -> list[dict]:
    """Every feed, overall then per Board."""
    rows = [
        {
            "title": "Meetings of every Board (iCalendar)",
            "url": reverse("feeds:meetings"),
            "kind": "iCalendar",
        },
        {
            "title": "Progress updates of every Board (Atom)",
            "url": reverse("feeds:progress_updates"),
            "kind": "Atom",
        },
        {
            "title": "Agenda papers of every Board (Atom)",
            "url": reverse("feeds:agenda_papers"),
            "kind": "Atom",
        },
    ]
    for board in boards:
        for name, what, kind in (
            ("meetings_board", "Meetings", "iCalendar"),
            ("progress_updates_board", "Progress updates", "Atom"),
            ("agenda_papers_board", "Agenda papers", "Atom"),
        ):
            rows.append(
                {
                    "title": f"{what} of the {board.name} ({kind})",
                    "url": reverse(f"feeds:{name}", kwargs={"board": board.slug}),
                    "kind": kind,
                    "board": board,
                }
            )
    return rows


@require_GET
def page(request: HttpRequest) -> HttpResponse:
    """Every download, feed and the API, the licence, the fields and how often they change."""
    shown = page_date(request)
    query = f"?{shown.query}" if shown.query else ""
    downloads = [
        {
            "table": table,
            "csv": reverse("opendata:download", kwargs={"table": table.slug, "fmt": "csv"}) + query,
            "json": reverse("opendata:download", kwargs={"table": table.slug, "fmt": "json"})
            + query,
        }
        for table in TABLES
    ]
    boards = Board.objects.filter(meetings__isnull=False).distinct().order_by("order", "name")
    site = request.build_absolute_uri("/").rstrip("/")
    return render(
        request,
        "opendata/page.html",
        {
            "page_date": shown,
            "downloads": downloads,
            "feeds": feeds(boards),
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "site": site,
            "example_board": boards.first(),
            "anonymous_rate": rate_in_words(api_settings.DEFAULT_THROTTLE_RATES.get("anonymous")),
            "signed_in_rate": rate_in_words(api_settings.DEFAULT_THROTTLE_RATES.get("signed_in")),
            "page_size": api_settings.PAGE_SIZE,
            "tokens_limit": settings.BOARDPORTAL_API_TOKENS_PER_USER,
        },
    )
