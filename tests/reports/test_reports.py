"""The report engine and its three formats: the same figures everywhere, the change
since last quarter, and bad requests refused without leaving files behind."""

import csv
import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from boardportal.reports.period import ReportError, resolve_period
from boardportal.reports.rows import StreamedReport, build_report
from boardportal.reports.summary import Change, change_between
from boardportal.reports.writers import write_report
from core.rag import Rag
from tests.factories import (
    ActionFactory,
    IndicatorFactory,
    MilestoneFactory,
    PriorityFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
    ReadingFactory,
)
from tests.reports.helpers import pdf_text

pytestmark = pytest.mark.django_db


def test_change_since_last_quarter(known):
    period = resolve_period(kind="overview", year="2012/13", quarter=3)
    assert (period.as_at, period.previous_as_at) == (date(2012, 12, 31), date(2012, 9, 30))
    report = build_report(period)
    rows = {r.programme.name: r for p in report.priority_rows() for r in p.programmes}
    assert (
        rows["Corporate peer challenge"].previous_rag,
        rows["Corporate peer challenge"].change,
    ) == (
        Rag.GREEN,
        Change.DOWN,
    )
    assert rows["LG Inform"].change == Change.UP
    summary = report.summary
    assert [r.programme for r in summary.new_reds] == ["Corporate peer challenge"]
    assert [(r.previous, r.current) for r in summary.changes[Change.DOWN]] == [("Green", "Red")]
    assert [m.milestone for m in summary.slipped] == ["Publish the offer"]
    assert [i.indicator for i in summary.behind] == ["Peer challenges delivered"]
    assert summary.programme_counts.total == 2
    (section,) = report.sections
    (priority_row,) = section.priorities
    # Green and amber at Q2 (0.75): green; red and green at Q3: amber, and it fell.
    assert (priority_row.previous_rag, priority_row.status.rag, priority_row.change) == (
        Rag.GREEN,
        Rag.AMBER,
        Change.DOWN,
    )
    assert [m.outcome for m in priority_row.milestones_this_quarter] == ["Missed", "Met"]
    assert [m.milestone.title for m in priority_row.milestones_next_quarter] == ["Prototype Plus"]
    assert [a.description for a in priority_row.actions] == ["Paper for the next meeting"]


def test_a_streamed_report_reads_the_same_rows_in_chunks(
    known, django_assert_num_queries, django_assert_max_num_queries
):
    for n in range(4):
        ProgrammeFactory(
            priorities=[PriorityFactory(plan_year=known.plan_year, reference=f"9.{n}")]
        )
    period = resolve_period(kind="overview", year="2012/13", quarter=3)
    whole = build_report(period)
    streamed = StreamedReport(period, chunk=2)
    # The actions once for the whole report (3: the action and what it concerns), one
    # query for the priorities' ids, then at most 5 per chunk of 2 priorities (3 chunks;
    # prefetches of nothing cost nothing).
    with django_assert_max_num_queries(3 + 1 + 3 * 5):
        rows = list(streamed.priority_rows())
    assert [r.priority.pk for r in rows] == [r.priority.pk for r in whole.priority_rows()]
    assert streamed.summary == whole.summary
    # The summary was gathered on the way: asking for it costs nothing more.
    with django_assert_num_queries(0):
        assert streamed.summary.programme_counts.total == 6


def test_report_queries_do_not_grow(known, django_assert_num_queries):
    period = resolve_period(kind="overview", year="2012/13", quarter=3)
    # The actions and what they concern (3), the priorities with their programmes and
    # indicators (3), the statuses at the previous date (1) and the milestones (1).
    with django_assert_num_queries(8):
        build_report(period)
    for n in range(10):
        programme = ProgrammeFactory(priorities=[known])
        ProgressUpdateFactory(programme=programme, as_at=date(2012, 12, 1))
        MilestoneFactory(programme=programme, due_on=date(2012, 12, 1))
        ReadingFactory(indicator=IndicatorFactory(programme=programme), as_at=date(2012, 12, 1))
        action = ActionFactory(description=f"Action {n}", meeting__meets_on=date(2012, 10, 4))
        action.programmes.add(programme)
        action.priorities.add(PriorityFactory(plan_year=known.plan_year))
    with django_assert_num_queries(8):
        report = build_report(period)
    assert len(report.actions) == 11
    assert sum(len(p.programmes) for p in report.rows) == 12


@pytest.mark.parametrize(
    ("before", "after", "closed", "expected"),
    [
        (None, None, False, Change.NONE),
        (None, Rag.GREEN, False, Change.NEW),
        (Rag.GREEN, Rag.GREEN, False, Change.SAME),
        (Rag.AMBER, Rag.GREEN, False, Change.UP),
        (Rag.GREEN, Rag.RED, False, Change.DOWN),
        (Rag.GREEN, Rag.COMPLETE, False, Change.UP),
        (Rag.NOT_STARTED, Rag.RED, False, Change.UP),
        (Rag.GREEN, Rag.GREEN, True, Change.CLOSED),
    ],
)
def test_change_between(before, after, closed, expected):
    assert change_between(before, after, closed=closed) == expected


def test_the_same_figures_in_pdf_xlsx_and_csv(known, tmp_path):
    period = resolve_period(kind="overview", year="2012/13", quarter=3)
    report = build_report(period)
    paths = {
        fmt: write_report(report, fmt, tmp_path / f"overview.{fmt}")
        for fmt in ("pdf", "xlsx", "csv")
    }

    with paths["csv"].open(newline="") as stream:
        rows = {row["Programme"]: row for row in csv.DictReader(stream)}
    falling = rows["Corporate peer challenge"]
    assert (falling["Status"], falling["Change"], falling["Worst % of target"]) == (
        "Red",
        "Worsened",
        "42.0",
    )
    assert falling["Status at 30 Sep 2012"] == "Green"
    assert falling["Priority status"] == "Amber"
    assert falling["Reported on"] == "2012-12-20"

    workbook = load_workbook(paths["xlsx"])
    assert workbook.sheetnames == [
        "Summary",
        "Exceptions",
        "By board and theme",
        "Priorities",
        "Programmes",
        "Indicators",
        "Milestones",
        "Open actions",
    ]
    sheet = workbook["Programmes"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:T3"
    header = [c.value for c in sheet[1]]
    cells = {
        row[header.index("Programme")]: row for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    xlsx_falling = cells["Corporate peer challenge"]
    assert xlsx_falling[header.index("Status")] == "Red"
    assert xlsx_falling[header.index("Worst % of target")] == 42.0
    assert xlsx_falling[header.index("Reported on")].date() == date(2012, 12, 20)
    indicators = workbook["Indicators"]
    ind_header = [c.value for c in indicators[1]]
    (ind,) = list(indicators.iter_rows(min_row=2, values_only=True))
    assert (ind[ind_header.index("Target")], ind[ind_header.index("Actual")]) == (100, 42)

    text = pdf_text(paths["pdf"], "-layout")
    first_page = text.split("\f")[0]
    # No bare title page: the title, period and dates head the first page, then the
    # exceptions and the counts.
    assert re.match(
        r"\s*Quarterly overview of the Boards' work\n\s*programmes\n\s*2012/13 Q3 \(Oct to Dec\)\n"
        r"\s*Position as at 31 December 2012, compared with 30 September 2012\. "
        r"Plan year 2012/13 \(Agreed\)\. Prepared on ",
        first_page,
    )
    assert "Exceptions" in first_page and "Programmes by status" in first_page
    assert "Contents" not in text
    assert "As at 31 December 2012" in text  # the running header, from page 2
    assert "Corporate peer challenge" in text and "Worsened" in text
    assert "42.0%" in text
    assert "Publish the offer" in text and "Missed" in text
    pages = text.count("\f")
    assert "Page 1 of" in first_page
    assert f"Page {pages} of {pages}" in text


def test_values_that_look_like_formulas_are_neutralised(known, tmp_path):
    ProgrammeFactory(name="=cmd|'/C calc'!A0", priorities=[known])
    report = build_report(resolve_period(kind="overview", year="2012/13", quarter=3))
    csv_path = write_report(report, "csv", tmp_path / "o.csv")
    assert "'=cmd|" in csv_path.read_text()
    xlsx = load_workbook(write_report(report, "xlsx", tmp_path / "o.xlsx"))
    names = [row[6] for row in xlsx["Programmes"].iter_rows(min_row=2, values_only=True)]
    assert "'=cmd|'/C calc'!A0" in names


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "overview", "year": "2030/31", "quarter": 1}, "There is no plan year “2030/31”"),
        ({"kind": "overview", "year": "2012/13", "quarter": 5}, "Quarter 5 does not exist"),
        ({"kind": "nonsense", "year": "2012/13", "quarter": 1}, "Unknown report"),
        (
            {"kind": "overview", "year": "2012/13", "as_at": date(2014, 1, 1)},
            "is outside plan year",
        ),
        ({"kind": "board-progress", "year": "2012/13", "quarter": 3}, "twice a year"),
        ({"kind": "overview", "year": "2012/13"}, "Give a quarter"),
    ],
)
def test_bad_requests(known, kwargs, message):
    with pytest.raises(ReportError, match=message):
        resolve_period(**kwargs)


def test_board_progress_and_end_of_year_periods(known):
    half = resolve_period(kind="board-progress", year="2012/13", quarter=2)
    assert (half.as_at, half.previous_as_at) == (date(2012, 9, 30), date(2012, 3, 31))
    year_end = resolve_period(kind="end-of-year", year="2012/13")
    assert (year_end.as_at, year_end.previous_as_at) == (date(2013, 3, 31), date(2012, 3, 31))


def test_command_writes_each_format(known, tmp_path):
    for fmt in ("csv", "xlsx", "pdf"):
        out = StringIO()
        target = tmp_path / f"q3.{fmt}"
        call_command(
            "export_overview",
            "--year",
            "2012/13",
            "--quarter",
            "3",
            "--format",
            fmt,
            "--output",
            str(target),
            stdout=out,
        )
        assert target.stat().st_size > 0
        assert "as at 31 December 2012" in out.getvalue()
    call_command(
        "export_overview",
        "--year",
        "2012/13",
        "--as-at",
        "2012-11-15",
        "--format",
        "csv",
        "--output",
        str(tmp_path / "mid.csv"),
        "--report",
        "overview",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "1999/00", "--quarter", "1"], "There is no plan year"),
        (["--year", "2012/13", "--quarter", "7"], "Quarter 7 does not exist"),
        (["--year", "2012/13", "--as-at", "31/12/2012"], "is not a date"),
        (["--year", "2012/13", "--as-at", "2015-01-01"], "outside plan year"),
        (["--year", "2012/13", "--quarter", "3", "--board", "nope"], "no Board"),
    ],
)
def test_command_refuses_bad_input_and_leaves_no_file(known, tmp_path, args, message):
    target = tmp_path / "out.csv"
    with pytest.raises(CommandError, match=message):
        call_command("export_overview", *args, "--format", "csv", "--output", str(target))
    assert list(tmp_path.iterdir()) == []


def test_a_failure_while_writing_leaves_no_partial_file(known, tmp_path, monkeypatch):
    report = build_report(resolve_period(kind="overview", year="2012/13", quarter=3))

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("boardportal.reports.writers.write_csv", explode)
    with pytest.raises(RuntimeError):
        write_report(report, "csv", tmp_path / "o.csv")
    assert list(tmp_path.iterdir()) == []
