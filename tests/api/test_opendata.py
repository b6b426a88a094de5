"""The open-data page and its downloads: every table as CSV and JSON as at a date,
streamed in chunks, spreadsheet-safe; and the same figures on a page, in the API and
in the CSV."""

import csv
import io
import json
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from boardportal.opendata import tables
from boardportal.opendata.catalogue import TABLES
from core.rag import Rag
from tests.factories import (
    MilestoneFactory,
    PlanYearFactory,
    PriorityFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
)

pytestmark = pytest.mark.django_db


def content(response) -> str:
    return b"".join(response.streaming_content).decode()


def csv_rows(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(content(response))))


def test_the_page_lists_every_download_feed_and_the_api(client, world, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "120/minute", "signed_in": "600/minute"},
    }
    response = client.get("/open-data/?as_at=2012-12-31")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Open Government Licence v3.0" in html
    for table in TABLES:
        assert f'href="/open-data/{table.slug}.csv?as_at=2012-12-31"' in html
        assert f'href="/open-data/{table.slug}.json?as_at=2012-12-31"' in html
        assert escape(table.changes) in html
        for column in table.columns:
            assert f"<code>{column.key}</code>" in html
    for feed in (
        "/feeds/meetings.ics",
        "/feeds/progress-updates.atom",
        "/feeds/agenda-papers.atom",
    ):
        assert f'href="{feed}"' in html
    assert f'href="/feeds/meetings/{world["board"].slug}.ics"' in html
    for link in ("/api/v1/", "/api/v1/docs/", "/api/v1/schema/", "/accounts/api-tokens/"):
        assert f'href="{link}"' in html
    assert "Without a token, 120 requests a minute from one address" in html


def test_every_page_links_the_open_data_page_in_its_footer(client, world):
    for url in ("/", "/programmes/", "/meetings/"):
        assert '<a class="govuk-footer__link" href="/open-data/">Open data</a>' in (
            client.get(url).content.decode()
        )


@pytest.mark.parametrize("table", [t.slug for t in TABLES])
def test_each_table_downloads_as_csv_and_json_with_its_columns(client, world, table):
    rows = csv_rows(client, f"/open-data/{table}.csv?as_at=2012-12-31")
    keys = [c.key for c in next(t for t in TABLES if t.slug == table).columns]
    assert rows and list(rows[0]) == keys
    response = client.get(f"/open-data/{table}.json?as_at=2012-12-31")
    assert response["Content-Type"] == "application/json"
    document = json.loads(content(response))
    assert (document["table"], document["as_at"]) == (table, "2012-12-31")
    assert document["licence"]["name"] == "Open Government Licence v3.0"
    assert [f["key"] for f in document["fields"]] == keys
    assert len(document["rows"]) == len(rows)


def test_programmes_as_at_a_date(client, world):
    (row,) = csv_rows(client, "/open-data/programmes.csv?as_at=2012-12-31")
    assert {k: row[k] for k in ("name", "status", "status_label", "reported_on", "suggested")} == {
        "name": "Corporate peer challenge",
        "status": "amber",
        "status_label": "Amber",
        "reported_on": "2012-12-31",
        "suggested": "red",
    }
    (earlier,) = csv_rows(client, "/open-data/programmes.csv?as_at=2012-06-30")
    assert (earlier["status"], earlier["status_label"]) == ("", "No update yet")
    readings = csv_rows(client, "/open-data/indicators.csv?as_at=2012-12-31")
    assert [(r["reading_on"], r["value"]) for r in readings] == [("2012-09-30", "42")]
    document = json.loads(content(client.get("/open-data/indicators.json?as_at=2012-12-31")))
    assert document["rows"][0]["value"] == 42


def test_text_a_spreadsheet_would_run_is_neutralised(client, world):
    ProgrammeFactory(name='=HYPERLINK("http://evil.example","Click")', slug="evil")
    ProgrammeFactory(name="+1+2", slug="plus", summary="")
    names = {row["slug"]: row["name"] for row in csv_rows(client, "/open-data/programmes.csv")}
    assert names["evil"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert names["plus"] == "'+1+2"
    # JSON is not a spreadsheet: the text as it is.
    rows = json.loads(content(client.get("/open-data/programmes.json")))["rows"]
    assert {r["slug"]: r["name"] for r in rows}["plus"] == "+1+2"


def test_a_bad_date_or_table_is_refused(client, world):
    assert client.get("/open-data/programmes.csv?as_at=2012-13-45").status_code == 400
    assert client.get("/open-data/secrets.csv").status_code == 404
    assert client.get("/open-data/programmes.xlsx").status_code == 404


def test_downloads_stream_in_chunks(client, world, monkeypatch):
    monkeypatch.setattr(tables, "CHUNK", 3)
    for n in range(8):
        ProgrammeFactory(slug=f"more-{n}")
    response = client.get("/open-data/programmes.csv")
    assert response.streaming
    assert "Content-Length" not in response
    lines = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as queries:
        assert next(lines).decode().startswith("slug,name,")
    assert len(queries) == 0  # the header goes before any row is read
    with CaptureQueriesContext(connection) as queries:
        rest = b"".join(lines).decode()
    assert rest.count("\n") == 9
    # 9 programmes, 3 at a time: each chunk's indicators and partners read by itself.
    indicator_reads = [q for q in queries if 'FROM "programmes_indicator"' in q["sql"]]
    assert len(indicator_reads) == 3


def test_the_same_figures_on_a_page_in_the_api_and_in_the_csv(client, db):
    """A factory dataset: three programmes of one plan year's two priorities, each with
    a different story as at 31 December 2012."""
    year = PlanYearFactory(label="2012/13")
    first = PriorityFactory(plan_year=year, reference="1.1")
    second = PriorityFactory(plan_year=year, board=first.board, reference="1.2")
    stories = {
        "green-one": (first, Rag.GREEN, date(2012, 12, 1)),
        "red-one": (first, Rag.RED, date(2012, 11, 15)),
        "old-one": (second, Rag.AMBER, date(2012, 3, 31)),  # out of date by December
    }
    for slug, (priority, rag, on) in stories.items():
        programme = ProgrammeFactory(slug=slug, name=slug.title(), priorities=[priority])
        if slug == "red-one":
            MilestoneFactory(programme=programme, due_on=date(2012, 9, 1))
        ProgressUpdateFactory(programme=programme, as_at=on, rag=rag, override_reason="Known")
    as_at = "2012-12-31"

    # The programmes page: each row's status in words.
    html = client.get(f"/programmes/?as_at={as_at}").content.decode()
    page = {}
    for slug in stories:
        row = re.search(rf'href="/programmes/{slug}/[^"]*">[^<]+</a>(.*?)</tr>', html, re.S)
        words = re.findall(
            r'class="govuk-tag[^"]*bp-rag[^"]*">(?:<span[^>]*>[^<]*</span>)?([^<]+)<', row.group(1)
        )
        page[slug] = words[0].strip()
    api = {
        p["slug"]: p["progress"]["rag_label"]
        for p in client.get(f"/api/v1/programmes/?as_at={as_at}").json()["results"]
    }
    download = {
        r["slug"]: r["status_label"]
        for r in csv_rows(client, f"/open-data/programmes.csv?as_at={as_at}")
    }
    assert (
        page
        == api
        == download
        == {
            "green-one": "Green",
            "red-one": "Red",
            "old-one": "No update yet",
        }
    )
    # The overdue milestones and the dates of the updates agree too.
    api_rows = {
        p["slug"]: p["progress"]
        for p in client.get(f"/api/v1/programmes/?as_at={as_at}").json()["results"]
    }
    csv_all = {r["slug"]: r for r in csv_rows(client, f"/open-data/programmes.csv?as_at={as_at}")}
    for slug in stories:
        assert str(api_rows[slug]["overdue_milestones"]) == csv_all[slug]["overdue_milestones"]
        assert api_rows[slug]["reported_on"] == csv_all[slug]["reported_on"]

    # The plan page's counts of priorities, the API's plan year, and the priorities CSV.
    summary = client.get(f"/plan/2012-13/?as_at={as_at}").context["summary"]
    page_counts = {label: n for _, label, n in summary.priority_counts.rows() if n}
    api_counts = {
        row["label"]: row["count"]
        for row in client.get(f"/api/v1/plan-years/2012-13/?as_at={as_at}").json()[
            "priority_counts"
        ]
        if row["count"]
    }
    csv_counts: dict[str, int] = {}
    for row in csv_rows(client, f"/open-data/priorities.csv?as_at={as_at}"):
        csv_counts[row["status_label"]] = csv_counts.get(row["status_label"], 0) + 1
    assert page_counts == api_counts == csv_counts == {"Amber": 1, "No update yet": 1}
