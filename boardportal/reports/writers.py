"""CSV, XLSX and PDF from one report. Each table is defined once (`tables()`), so
the three formats show the same figures.

Files are written to a temporary file beside the target and moved into place, so
a failure never leaves a partial file behind."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from core.rag import RagCounts, rag_label
from core.spreadsheets import spreadsheet_safe

from .pdf import write_pdf
from .rows import PriorityRow, Report, StreamedReport


@dataclass(frozen=True)
class Table:
    """A sheet of the XLSX (and, for Programmes, the CSV): its columns and how one
    priority's rows, or the summary, fill it."""

    name: str
    headers: list[str]
    widths: list[int]
    rows_for: Callable[[PriorityRow], Iterable[list]] | None = None  # detail tables
    summary_rows: Callable[[], Iterable[list]] | None = None  # summary tables


def percent_of_target(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def number(value) -> float | int | None:
    """Decimals become plain numbers so spreadsheets treat them as numbers."""
    if value is None:
        return None
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else as_float


def programme_table(report: Report | StreamedReport) -> Table:
    previous = f"Status at {report.period.previous_as_at:%-d %b %Y}"

    def rows_for(priority: PriorityRow):
        for row in priority.programmes:
            status = row.status
            percents = [
                p
                for p in (percent_of_target(i.percent_of_target) for i in status.indicators)
                if p is not None
            ]
            yield [
                priority.section,
                priority.priority.reference,
                priority.priority.title,
                str(priority.priority.theme or ""),
                rag_label(priority.status.rag),
                priority.change,
                row.programme.name,
                row.programme.lead_officer.name if row.programme.lead_officer else "",
                rag_label(status.rag),
                rag_label(row.previous_rag),
                row.change,
                status.suggested.label if status.suggested else "",
                status.headline,
                status.reported_on,
                len(status.indicators),
                len(status.indicators_behind),
                min(percents) if percents else None,
                status.overdue_milestones,
            ]

    return Table(
        "Programmes",
        [
            "Board",
            "Priority",
            "Priority title",
            "Theme",
            "Priority status",
            "Priority change",
            "Programme",
            "Lead officer",
            "Status",
            previous,
            "Change",
            "Suggested by evidence",
            "Latest update",
            "Reported on",
            "Indicators",
            "Indicators behind trajectory",
            "Worst % of target",
            "Overdue milestones",
        ],
        [28, 9, 40, 20, 12, 12, 36, 22, 12, 14, 12, 14, 50, 12, 10, 12, 12, 10],
        rows_for=rows_for,
    )


def tables(report: Report | StreamedReport) -> list[Table]:
    """Every sheet, in order: two summary sheets, then one per kind of detail."""
    period = report.period
    # The statuses in the order RagCounts counts them, so headers and counts line up.
    levels = [name for _, name, _ in RagCounts().rows()] + ["Total"]

    def summary_rows():
        summary = report.summary
        yield ["Report", period.title]
        yield ["Plan year", period.plan_year.label]
        yield ["As at", period.as_at]
        yield ["Compared with", period.previous_as_at]
        yield ["Programmes", summary.programme_counts.total]
        for _, name, count in summary.programme_counts.rows():
            yield [f"Programmes {name.lower()}", count]
        yield ["New reds", len(summary.new_reds)]
        yield ["Milestones slipped", len(summary.slipped)]
        yield ["Indicators behind trajectory", len(summary.behind)]
        for change, lines in summary.changes.items():
            yield [f"Programmes {change.lower()}", len(lines)]

    def counts_rows():
        summary = report.summary
        for group, counts in (("Board", summary.by_board), ("Theme", summary.by_theme)):
            for name, tally in counts.items():
                yield [group, name, *[c for _, _, c in tally.rows()], tally.total]

    def priorities(row: PriorityRow):
        yield [
            row.section,
            row.priority.reference,
            row.priority.title,
            str(row.priority.theme or ""),
            row.priority.target_statement,
            rag_label(row.status.rag),
            rag_label(row.previous_rag),
            row.change,
            row.status.rollup.rule,
            len(row.programmes),
            len(row.actions),
        ]

    def indicators(priority: PriorityRow):
        for row in priority.indicators:
            i = row.status
            yield [
                priority.section,
                priority.priority.reference,
                row.programme_name,
                i.indicator.name,
                i.indicator.get_unit_display(),
                number(i.indicator.target_value),
                i.indicator.target_ends_on,
                number(i.actual),
                i.actual_as_at,
                percent_of_target(i.percent_of_target),
                number(i.check.expected),
                i.check.verdict.label,
            ]

    def milestones(priority: PriorityRow):
        for m in priority.milestones_this_quarter + priority.milestones_next_quarter:
            yield [
                priority.section,
                priority.priority.reference,
                m.programme_name,
                m.milestone.title,
                m.milestone.due_on,
                m.milestone.completed_on,
                m.outcome,
            ]

    def actions(priority: PriorityRow):
        for a in priority.actions:
            yield [
                priority.section,
                priority.priority.reference,
                a.description,
                a.owner.name if a.owner else "",
                a.due_on,
                str(a.due_meeting) if a.due_meeting else "",
                str(a.meeting),
            ]

    return [
        Table("Summary", ["Measure", "Value"], [36, 40], summary_rows=summary_rows),
        Table(
            "By board and theme",
            ["Group", "Name", *levels],
            [10, 40] + [10] * 7,
            summary_rows=counts_rows,
        ),
        Table(
            "Priorities",
            [
                "Board",
                "Priority",
                "Title",
                "Theme",
                "Target",
                "Status",
                f"Status at {period.previous_as_at:%-d %b %Y}",
                "Change",
                "How the status was worked out",
                "Programmes",
                "Open actions",
            ],
            [28, 9, 40, 20, 40, 12, 14, 12, 40, 10, 10],
            rows_for=priorities,
        ),
        programme_table(report),
        Table(
            "Indicators",
            [
                "Board",
                "Priority",
                "Programme",
                "Indicator",
                "Unit",
                "Target",
                "Target by",
                "Actual",
                "Actual as at",
                "% of target",
                "Expected by now",
                "Trajectory",
            ],
            [28, 9, 30, 40, 10, 10, 12, 10, 12, 10, 12, 22],
            rows_for=indicators,
        ),
        Table(
            "Milestones",
            ["Board", "Priority", "Programme", "Milestone", "Due", "Completed", "Outcome"],
            [28, 9, 30, 50, 12, 12, 16],
            rows_for=milestones,
        ),
        Table(
            "Open actions",
            ["Board", "Priority", "Action", "Owner", "Due", "Due at meeting", "Set at"],
            [28, 9, 60, 22, 12, 30, 30],
            rows_for=actions,
        ),
    ]


def atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    """Write through a temporary file in the same folder, then move it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def csv_text_value(value) -> object:
    if isinstance(value, date):
        return value.isoformat()
    return spreadsheet_safe(value)


def write_csv(report: Report | StreamedReport, stream: io.TextIOBase) -> None:
    """One row per programme of each priority, with its status, change and indicators."""
    table = programme_table(report)
    writer = csv.writer(stream)
    writer.writerow(table.headers)
    for priority in report.priority_rows():
        for row in table.rows_for(priority):
            writer.writerow(["" if v is None else csv_text_value(v) for v in row])


def write_xlsx(report: Report | StreamedReport, path: Path) -> None:
    """A sheet per table; numbers and dates typed; header frozen; filters on.

    One pass over the report fills every detail sheet; the summary sheets, which
    come first, are filled last (write-only sheets may be appended in any order)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    sheets = []
    for table in tables(report):
        sheet = workbook.create_sheet(table.name[:31])
        for index, width in enumerate(table.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        header = []
        for title in table.headers:
            cell = WriteOnlyCell(sheet, value=title)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        sheets.append([table, sheet, 0])

    def append(entry, rows) -> None:
        for row in rows:
            # Plain values: openpyxl types numbers and dates itself (dates get a
            # date format), and no cell object per value keeps this fast.
            entry[1].append([spreadsheet_safe(value) for value in row])
            entry[2] += 1

    detail = [entry for entry in sheets if entry[0].rows_for]
    for priority in report.priority_rows():
        for entry in detail:
            append(entry, entry[0].rows_for(priority))
    for entry in sheets:
        if entry[0].summary_rows:
            append(entry, entry[0].summary_rows())
    for table, sheet, count in sheets:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.headers))}{count + 1}"
    workbook.save(path)


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def write_format(report: Report | StreamedReport, fmt: str, path: Path) -> None:
    """Write the report in a format straight to a path, which a failure may leave
    half-written: for a temporary file the caller discards (the download view)."""
    if fmt == "csv":
        with path.open("w", newline="", encoding="utf-8") as stream:
            write_csv(report, stream)
    elif fmt == "xlsx":
        write_xlsx(report, path)
    elif fmt == "pdf":
        write_pdf(report, path)
    else:
        raise ValueError(f"Unknown format {fmt}")


def write_report(report: Report | StreamedReport, fmt: str, path: Path) -> Path:
    """Write the report in a format to a path, atomically."""
    # Refused before any temporary file exists, so a bad format leaves nothing behind.
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"Unknown format {fmt}")
    return atomic_write(path, lambda target: write_format(report, fmt, target))
