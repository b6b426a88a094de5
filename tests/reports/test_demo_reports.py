"""The 2012/13 Q3 overview of the demo data (the board papers), in all three formats.

Worked out by hand from the fixtures: the 13 Board priorities (4.1 to 4.13) have 17
programmes between them (LG Group councillor development delivers both 4.8 and 4.9);
the six organisation-wide priorities have none. No programme has an update dated in
Q3: the latest are from 13 October 2011 and 31 January 2012, in the plan year before
and more than two quarters old, so out of date at 31 December 2012 and at 30 September
2012 alike. Eleven programmes have such an update; six have none at all. So every
programme and every priority has no current status, at both dates, and nothing
changed. Three open actions concern the year's priorities or their programmes: two
set on 13 October 2011, each due at the meeting of 8 November 2011 (overdue), and one
set on 17 January 2012 about all thirteen Board priorities, with no due date (open).
(Item 4e's Productivity offer is not among them: Item 4e was a report to the LGA
Executive, so what it says is coming to the Board is on the Board's forward plan, not
an action of a meeting.)
"""

import csv
import re

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from boardportal.reports.period import resolve_period
from boardportal.reports.rows import StreamedReport
from boardportal.reports.writers import write_report
from core.rag import NO_STATUS
from tests.reports.helpers import flat, pdf_text

pytestmark = pytest.mark.django_db

OUT_OF_DATE = [
    "Adult Social Care Efficiency Programme",
    "Local Productivity programme",
    "Capital Asset Pathfinder programme: wave 2",
    "LG Inform Prototype Plus",
    "Creative Councils",
    "Corporate peer challenge",
    "LG Group councillor development programme",
    "Leadership Academy",
    "Be a Councillor",
    "Leeds Castle programme",
    "National Graduate Development Programme",
]
NEVER_UPDATED = [
    "Productivity masterclasses and experts",
    "Capital Asset Pathfinder programme",
    "LG Inform",
    "Direct support to councils facing significant challenges",
    "Support to strengthen scrutiny and local accountability",
    "Member mentoring on a change of political control",
]
FEED_BACK = (
    "Feed back the Programme Board discussion to Leadership Board, to inform the final "
    "business plan which is due to be signed off by the LGA Executive in March."
)


@pytest.fixture
def q3(tmp_path):
    call_command("load_board_papers", verbosity=0)
    period = resolve_period(kind="overview", year="2012/13", quarter=3)
    report = StreamedReport(period)
    paths = {
        fmt: write_report(report, fmt, tmp_path / f"q3.{fmt}") for fmt in ("csv", "xlsx", "pdf")
    }
    return report, paths


def test_demo_overview_2012_13_q3_counts(q3):
    report, _ = q3
    summary = report.summary
    statuses = [(label, count) for _, label, count in summary.programme_counts.rows()]
    assert statuses == [
        ("Red", 0),
        ("Amber", 0),
        ("Green", 0),
        ("Complete", 0),
        ("Not started", 0),
        (NO_STATUS, 17),
    ]
    assert summary.previous_programmes.rows() == summary.programme_counts.rows()
    assert {board: (counts.total, counts[""]) for board, counts in summary.by_board.items()} == {
        "Improvement Programme Board": (13, 13),
        "Organisation-wide priorities": (6, 6),
    }
    exceptions = {e.title: [i.name for i in e.items] for e in report.exceptions}
    in_report_order = [
        "Adult Social Care Efficiency Programme",
        "Local Productivity programme",
        "Productivity masterclasses and experts",
        "Capital Asset Pathfinder programme",
        "Capital Asset Pathfinder programme: wave 2",
        "LG Inform",
        "LG Inform Prototype Plus",
        "Creative Councils",
        "Corporate peer challenge",
        "Direct support to councils facing significant challenges",
        "Support to strengthen scrutiny and local accountability",
        "LG Group councillor development programme",
        "Leadership Academy",
        "Be a Councillor",
        "Member mentoring on a change of political control",
        "Leeds Castle programme",
        "National Graduate Development Programme",
    ]
    assert sorted(in_report_order) == sorted(OUT_OF_DATE + NEVER_UPDATED)
    assert exceptions == {
        "New reds": [],
        "Worsened": [],
        "Milestones slipped": [],
        "Indicators behind trajectory": [],
        "No update in the quarter": in_report_order,
        "Out-of-date updates": [n for n in in_report_order if n in OUT_OF_DATE],
        "Overdue actions": ["A1", "A2"],
    }
    assert [(a.ref, a.status, a.due) for a in report.actions] == [
        ("A1", "Overdue", "at Improvement Programme Board 8 Nov 2011"),
        ("A2", "Overdue", "at Improvement Programme Board 8 Nov 2011"),
        ("A3", "Open", "No date"),
    ]
    assert report.actions[2].description == FEED_BACK
    assert report.actions[2].concerns == ", ".join(f"4.{n}" for n in range(1, 14))


def test_demo_overview_2012_13_q3_in_every_format(q3):
    report, paths = q3
    with paths["csv"].open(newline="") as stream:
        rows = list(csv.DictReader(stream))
    records = [row["Record"] for row in rows]
    # 18 programme rows (one programme under two priorities), the 6 organisation-wide
    # priorities with no programme, and the 3 actions, each once.
    assert (records.count("Programme"), records.count("Priority"), records.count("Action")) == (
        18,
        6,
        3,
    )
    priorities = {row["Priority"] for row in rows if row["Record"] != "Action"}
    assert priorities == {f"4.{n}" for n in range(1, 14)} | {f"3.{n}" for n in range(1, 7)}
    programmes = {row["Programme"] for row in rows if row["Record"] == "Programme"}
    assert programmes == set(OUT_OF_DATE + NEVER_UPDATED)
    assert {row["Status"] for row in rows if row["Record"] == "Programme"} == {NO_STATUS}
    assert {row["Update in the quarter"] for row in rows if row["Record"] == "Programme"} == {"No"}
    stale = {row["Programme"] for row in rows if row["Update out of date"] == "Yes"}
    assert stale == set(OUT_OF_DATE)
    assert [row["Action"] for row in rows].count(FEED_BACK) == 1

    workbook = load_workbook(paths["xlsx"])
    sheet = workbook["Programmes"]
    header = [c.value for c in sheet[1]]
    xlsx_programmes = {
        row[header.index("Programme")] for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert xlsx_programmes == programmes
    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["As at"].date().isoformat() == "2012-12-31"
    assert (summary["Programmes"], summary[f"Programmes {NO_STATUS.lower()}"]) == (17, 17)
    assert (summary["No update in the quarter"], summary["Out-of-date updates"]) == (17, 11)
    assert (summary["Open actions"], summary["Overdue actions"], summary["New reds"]) == (3, 2, 0)
    assert (summary[NO_STATUS], summary["Green"], summary["Total"]) == (17, 0, 17)
    cells = [c.value for ws in workbook.worksheets for row in ws.iter_rows() for c in row]
    assert cells.count(FEED_BACK) == 1

    text = pdf_text(paths["pdf"], "-layout")
    first_page = text.split("\f")[0]
    assert "As at 31 December 2012" in text
    assert re.search(r"No update in the quarter\s+17 ", first_page)
    assert re.search(r"Out-of-date updates\s+11 ", first_page)
    assert re.search(r"Overdue actions\s+2 ", first_page)
    assert re.search(r"New reds\s+0 None", first_page)
    for label in ("Red", "Amber", "Green", "Complete", "Not started"):
        assert re.search(rf"{label}\s+0\s+0\s*$", first_page, re.M), label
    assert re.search(rf"{NO_STATUS}\s+17\s+17\s*$", first_page, re.M)
    flattened = flat(pdf_text(paths["pdf"]))
    for name in programmes:
        assert flat(name) in flattened, name
    assert flattened.count(flat(FEED_BACK)) == 1
