"""What the reports lead with and how they list things, on the `world` dataset: the
exceptions with their exact programmes and actions, each action once in every format,
every priority in the CSV, coloured statuses and a chart in the XLSX, and the counts
as text in the PDF."""

import csv
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from boardportal.reports.period import resolve_period
from boardportal.reports.rows import StreamedReport, build_report
from boardportal.reports.writers import write_report
from core.rag import NO_STATUS
from tests.reports.conftest import LISTED_ACTIONS, UNLISTED_ACTIONS
from tests.reports.helpers import flat, pdf_outline, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world):
    return build_report(resolve_period(kind="overview", year="2012/13", quarter=3))


@pytest.fixture
def files(report, tmp_path):
    return {
        fmt: write_report(report, fmt, tmp_path / f"q3.{fmt}") for fmt in ("pdf", "xlsx", "csv")
    }


def test_the_exceptions_name_exactly_their_programmes_and_actions(report):
    exceptions = {e.title: [(i.name, i.detail) for i in e.items] for e in report.exceptions}
    assert list(exceptions) == [
        "New reds",
        "Worsened",
        "Milestones slipped",
        "Indicators behind trajectory",
        "No update in the quarter",
        "Out-of-date updates",
        "Overdue actions",
    ]
    assert exceptions["New reds"] == [("Corporate peer challenge", "Green to Red")]
    assert exceptions["Worsened"] == [("Corporate peer challenge", "Green to Red")]
    assert exceptions["Milestones slipped"] == [
        ("Corporate peer challenge", "Publish the offer, due 30 Nov 2012")
    ]
    assert exceptions["Indicators behind trajectory"] == [
        ("Corporate peer challenge", "Peer challenges delivered: 42.0% of target")
    ]
    # Updated in Q3: Corporate peer challenge and LG Inform. Political Mentoring Toolkit
    # ended in Q1, so it is not expected to report.
    assert exceptions["No update in the quarter"] == [
        ("Knowledge Hub", "no update yet"),
        ("Leeds Castle", "last update 10 Sep 2012, Green"),
        ("Next Generation", "last update 13 Oct 2011, Green"),
    ]
    # Leeds Castle's Q2 update still counts; Next Generation's, from 2011, does not.
    assert exceptions["Out-of-date updates"] == [
        ("Next Generation", "last update 13 Oct 2011, Green")
    ]
    board = report.actions[0].action.meeting.board.name
    assert exceptions["Overdue actions"] == [
        ("A1", "due 8 Nov 2012"),
        ("A3", f"due at {board} 6 Dec 2012"),
    ]
    # On the first page, with what each is about and who has it.
    (overdue,) = [e for e in report.exceptions if e.title == "Overdue actions"]
    assert [i.in_brief for i in overdue.items] == [
        f"about Corporate peer challenge; {report.actions[0].owner}; due 8 Nov 2012",
        f"about Leeds Castle; {report.actions[2].owner}; due at {board} 6 Dec 2012",
    ]
    rows = {r.programme.name: r for p in report.rows for r in p.programmes}
    assert rows["Leeds Castle"].status.rag is not None
    assert rows["Next Generation"].status.is_stale
    assert not rows["Political Mentoring Toolkit"].expected_in_quarter


def test_the_statuses_this_quarter_and_last(report):
    summary = report.summary
    assert [(label, count) for _, label, count in summary.programme_counts.rows()] == [
        ("Red", 1),
        ("Amber", 0),
        ("Green", 2),
        ("Complete", 1),
        ("Not started", 0),
        (NO_STATUS, 2),
    ]
    assert [(label, count) for _, label, count in summary.previous_programmes.rows()] == [
        ("Red", 0),
        ("Amber", 1),
        ("Green", 2),
        ("Complete", 1),
        ("Not started", 0),
        (NO_STATUS, 2),
    ]


def test_each_action_is_listed_once_under_the_meeting_that_set_it(report):
    assert [(a.ref, a.description, a.status) for a in report.actions] == [
        ("A1", LISTED_ACTIONS[0], "Overdue"),
        ("A2", LISTED_ACTIONS[1], "Open"),
        ("A3", LISTED_ACTIONS[2], "Overdue"),
        ("A4", LISTED_ACTIONS[3], "Open"),
    ]
    assert len({a.meeting for a in report.actions}) == 1
    # The priorities only point to them: 4.5 to its own action and its programme's, 4.7
    # to the shared one and its programme's.
    refs = {r.priority.reference: [a.ref for a in r.actions] for r in report.rows}
    assert refs == {"4.5": ["A1", "A2"], "4.6": ["A4"], "4.7": ["A2", "A3"]}


def test_each_action_once_in_the_pdf_xlsx_and_csv(files):
    text = flat(pdf_text(files["pdf"]))
    workbook = load_workbook(files["xlsx"])
    cells = [c.value for ws in workbook.worksheets for row in ws.iter_rows() for c in row]
    with files["csv"].open(newline="") as stream:
        csv_cells = [cell for row in csv.reader(stream) for cell in row]
    for description in LISTED_ACTIONS:
        assert text.count(flat(description)) == 1, description
        assert cells.count(description) == 1, description
        assert csv_cells.count(description) == 1, description
    for description in UNLISTED_ACTIONS:
        assert flat(description) not in text
        assert description not in cells and description not in csv_cells
    actions = workbook["Open actions"]
    header = [c.value for c in actions[1]]
    assert header == [
        "Set at",
        "Ref",
        "Action",
        "Owner",
        "Due",
        "Due at meeting",
        "Status",
        "Priorities",
        "Programmes",
    ]
    rows = list(actions.iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[6], r[7], r[8]) for r in rows] == [
        ("A1", "Overdue", None, "Corporate peer challenge"),
        ("A2", "Open", "4.5, 4.7", None),
        ("A3", "Overdue", None, "Leeds Castle"),
        ("A4", "Open", "4.6", None),
    ]
    assert rows[0][4].date() == date(2012, 11, 8)
    priorities = workbook["Priorities"]
    header = [c.value for c in priorities[1]]
    refs = {
        r[header.index("Priority")]: r[header.index("Actions (see Open actions)")]
        for r in priorities.iter_rows(min_row=2, values_only=True)
    }
    assert refs == {"4.5": "A1, A2", "4.6": "A4", "4.7": "A2, A3"}


def test_the_csv_has_every_priority_and_every_action(files):
    with files["csv"].open(newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [(r["Record"], r["Priority"], r["Programme"]) for r in rows] == [
        ("Programme", "4.5", "Corporate peer challenge"),
        ("Programme", "4.5", "LG Inform"),
        ("Priority", "4.6", ""),
        ("Programme", "4.7", "Knowledge Hub"),
        ("Programme", "4.7", "Leeds Castle"),
        ("Programme", "4.7", "Next Generation"),
        ("Programme", "4.7", "Political Mentoring Toolkit"),
        ("Action", "", ""),
        ("Action", "", ""),
        ("Action", "", ""),
        ("Action", "", ""),
    ]
    lonely = rows[2]
    assert (lonely["Priority title"], lonely["Priority status"], lonely["Status"]) == (
        "Councillor development",
        NO_STATUS,
        "",
    )
    flags = {
        r["Programme"]: (r["Update in the quarter"], r["Update out of date"])
        for r in rows
        if r["Record"] == "Programme"
    }
    assert flags == {
        "Corporate peer challenge": ("Yes", "No"),
        "LG Inform": ("Yes", "No"),
        "Knowledge Hub": ("No", "No"),
        "Leeds Castle": ("No", "No"),
        "Next Generation": ("No", "Yes"),
        "Political Mentoring Toolkit": ("Not running", "No"),
    }
    actions = [r for r in rows if r["Record"] == "Action"]
    assert [(a["Action ref"], a["Action"], a["Action status"]) for a in actions] == [
        ("A1", LISTED_ACTIONS[0], "Overdue"),
        ("A2", LISTED_ACTIONS[1], "Open"),
        ("A3", LISTED_ACTIONS[2], "Overdue"),
        ("A4", LISTED_ACTIONS[3], "Open"),
    ]
    assert actions[0]["Action due"] == "2012-11-08"
    assert actions[2]["Action due at meeting"].endswith("6 December 2012")


def test_the_xlsx_colours_statuses_keeps_their_words_and_charts_them(files):
    workbook = load_workbook(files["xlsx"])
    sheet = workbook["Programmes"]
    header = [c.value for c in sheet[1]]
    status = header.index("Status")
    fills = {
        row[header.index("Programme")].value: (
            row[status].value,
            row[status].fill.fill_type,
            row[status].fill.fgColor.rgb,
        )
        for row in sheet.iter_rows(min_row=2)
    }
    assert fills == {
        "Corporate peer challenge": ("Red", "solid", "00F4CDC6"),
        "LG Inform": ("Green", "solid", "00CCE2D8"),
        "Knowledge Hub": (NO_STATUS, "solid", "00F3F2F1"),
        "Leeds Castle": ("Green", "solid", "00CCE2D8"),
        "Next Generation": (NO_STATUS, "solid", "00F3F2F1"),
        "Political Mentoring Toolkit": ("Complete", "solid", "00BBD4EA"),
    }
    previous = sheet.cell(row=2, column=header.index("Status at 30 Sep 2012") + 1)
    assert (previous.value, previous.fill.fgColor.rgb) == ("Green", "00CCE2D8")
    priorities = workbook["Priorities"]
    assert (priorities["F2"].value, priorities["F2"].fill.fill_type) == ("Amber", "solid")
    overdue = workbook["Open actions"]["G2"]
    assert (overdue.value, overdue.fill.fill_type) == ("Overdue", "solid")
    assert workbook["Open actions"]["G3"].fill.fill_type is None  # open: no fill

    summary = workbook["Summary"]
    (chart,) = summary._charts
    assert chart.tagname == "barChart" and chart.grouping == "clustered"
    assert [s.tx.strRef.f for s in chart.series] == ["'Summary'!B27", "'Summary'!C27"]
    assert chart.series[0].val.numRef.f == "'Summary'!$B$28:$B$33"
    assert chart.dataLabels.showVal
    table = [[c.value for c in row] for row in summary.iter_rows(min_row=27, max_row=34, max_col=3)]
    assert table == [
        ["Programmes by status", "At 30 Sep 2012", "At 31 Dec 2012"],
        ["Red", 0, 1],
        ["Amber", 1, 0],
        ["Green", 2, 2],
        ["Complete", 1, 1],
        ["Not started", 0, 0],
        [NO_STATUS, 2, 2],
        ["Total", 6, 6],
    ]
    assert summary["A28"].fill.fill_type == "solid"

    exceptions = [row[:2] for row in workbook["Exceptions"].iter_rows(min_row=2, values_only=True)]
    assert exceptions == [
        ("New reds", "Corporate peer challenge"),
        ("Worsened", "Corporate peer challenge"),
        ("Milestones slipped", "Corporate peer challenge"),
        ("Indicators behind trajectory", "Corporate peer challenge"),
        ("No update in the quarter", "Knowledge Hub"),
        ("No update in the quarter", "Leeds Castle"),
        ("No update in the quarter", "Next Generation"),
        ("Out-of-date updates", "Next Generation"),
        ("Overdue actions", "A1"),
        ("Overdue actions", "A3"),
    ]


def test_the_pdf_leads_with_the_exceptions_and_the_counts(files, report):
    layout = pdf_text(files["pdf"], "-layout")
    first_page = layout.split("\f")[0]
    assert first_page.lstrip().startswith("Quarterly overview of the Boards' work")
    assert f"Prepared on {report.prepared_on:%-d %B %Y}." in " ".join(first_page.split())
    for title, count in (
        ("New reds", 1),
        ("Worsened", 1),
        ("Milestones slipped", 1),
        ("Indicators behind trajectory", 1),
        ("No update in the quarter", 3),
        ("Out-of-date updates", 1),
        ("Overdue actions", 2),
    ):
        assert re.search(rf"^\s*{title}\s+{count} ", first_page, re.M), title
    # The chart's figures as text, beside it: status, last quarter, this quarter.
    for label, before, now in (
        ("Red", 0, 1),
        ("Amber", 1, 0),
        ("Green", 2, 2),
        ("Complete", 1, 1),
        ("Not started", 0, 0),
        (NO_STATUS, 2, 2),
        ("Total", 6, 6),
    ):
        assert re.search(rf"{label}\s+{before}\s+{now}\s*$", first_page, re.M), label
    page_one = flat(pdf_text(files["pdf"], "-f", "1", "-l", "1"))
    for item in (
        "Corporate peer challenge (Green to Red)",
        "Knowledge Hub (no update yet)",
        "Leeds Castle (last update 10 Sep 2012, Green)",
        "Next Generation (last update 13 Oct 2011, Green)",
        "A1 (about Corporate peer challenge;",
        "A3 (about Leeds Castle;",
    ):
        assert flat(item) in page_one, item
    assert flat("Political Mentoring Toolkit") not in page_one
    # The priorities point to their actions; the Actions pages flag the overdue ones.
    text = flat(pdf_text(files["pdf"]))
    assert flat("Open actions: A1 (overdue), A2, listed under Actions.") in text
    assert flat("Open actions: A2, A3 (overdue), listed under Actions.") in text
    assert flat("Open actions as at 31 December 2012: 4, of which 2 overdue.") in text


def test_the_pdf_has_bookmarks_for_every_section_and_priority(files, report):
    board = report.rows[0].section
    assert pdf_outline(files["pdf"]) == [
        (0, "Quarterly overview of the Boards' work programmes", 1),
        (0, "Exceptions", 1),
        (0, "Programmes by status", 1),
        (0, "Summary", 2),
        (0, "Actions", 3),
        (0, board, 4),
        (1, "4.5 Peer challenges", 4),
        (1, "4.6 Councillor development", 4),
        (1, "4.7 Leadership", 4),
    ]


def test_a_streamed_report_says_the_same(world, report):
    streamed = StreamedReport(resolve_period(kind="overview", year="2012/13", quarter=3), chunk=1)
    assert streamed.exceptions == report.exceptions
    assert [a.ref for a in streamed.actions] == [a.ref for a in report.actions]
