"""The 2012/13 Q3 overview of the demo data (the board papers), in all three formats."""

import csv
import subprocess

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from boardportal.reports.period import resolve_period
from boardportal.reports.rows import StreamedReport
from boardportal.reports.writers import write_report
from tests.reports.test_reports import pdftotext_available

pytestmark = pytest.mark.django_db


def test_demo_overview_2012_13_q3_in_every_format(tmp_path):
    call_command("load_board_papers", verbosity=0)
    period = resolve_period(kind="overview", year="2012/13", quarter=3)
    paths = {
        fmt: write_report(StreamedReport(period), fmt, tmp_path / f"q3.{fmt}")
        for fmt in ("csv", "xlsx", "pdf")
    }

    with paths["csv"].open(newline="") as stream:
        rows = list(csv.DictReader(stream))
    priorities = {row["Priority"] for row in rows}
    assert {"4.1", "4.5"} <= priorities  # the 2012/13 Board priorities
    programmes = {row["Programme"] for row in rows}

    workbook = load_workbook(paths["xlsx"], read_only=True)
    sheet = workbook["Programmes"]
    header = next(sheet.iter_rows(max_row=1, values_only=True))
    xlsx_programmes = {
        row[header.index("Programme")] for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert xlsx_programmes == programmes
    summary = dict(workbook["Summary"].iter_rows(min_row=2, values_only=True))
    assert summary["As at"].date().isoformat() == "2012-12-31"

    pdftotext_available()
    text = subprocess.run(
        ["pdftotext", str(paths["pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "As at 31 December 2012" in text
    flattened = " ".join(text.split())
    for name in programmes:
        assert name in flattened, name
