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

from priorities.exports import spreadsheet_safe

from .engine import Report
from .pdf import write_pdf


@dataclass(frozen=True)
class Table:
    name: str
    headers: list[str]
    widths: list[int]
    rows: Callable[[], Iterable[list]]


def rag_label(rag) -> str:
    return rag.label if rag else "No status"


def percent_of_target(indicator_status) -> float | None:
    value = indicator_status.percent_of_target
    return None if value is None else round(value, 1)


def number(value) -> float | int | None:
    """Decimals become plain numbers so spreadsheets treat them as numbers."""
    if value is None:
        return None
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else as_float


def programme_columns(report: Report) -> tuple[list[str], list[int]]:
    headers = [
        "Board",
        "Priority",
        "Priority title",
        "Theme",
        "Priority status",
        "Priority change",
        "Programme",
        "Lead officer",
        "Status",
        f"Status at {report.period.previous_as_at:%-d %b %Y}",
        "Change",
        "Suggested by evidence",
        "Latest update",
        "Reported on",
        "Indicators",
        "Indicators behind trajectory",
        "Worst % of target",
        "Overdue milestones",
    ]
    widths = [28, 9, 40, 20, 12, 12, 36, 22, 12, 14, 12, 14, 50, 12, 10, 12, 12, 10]
    return headers, widths


def programme_rows(report: Report) -> Iterable[list]:
    for section, priority, row in report.programme_rows():
        status = row.status
        percents = [p for p in (percent_of_target(i) for i in status.indicators) if p is not None]
        yield [
            section.title,
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


def tables(report: Report) -> list[Table]:
    period = report.period
    headers, widths = programme_columns(report)

    def summary_rows():
        yield ["Report", period.title]
        yield ["Plan year", period.plan_year.label]
        yield ["As at", period.as_at]
        yield ["Compared with", period.previous_as_at]
        yield ["Programmes", report.programme_counts.total]
        for _, label, count in report.programme_counts.rows():
            yield [f"Programmes {label.lower()}", count]
        yield ["New reds", len(report.new_reds)]
        yield ["Milestones slipped", len(report.slipped)]
        yield ["Indicators behind trajectory", len(report.behind)]
        for label, rows in report.changes.items():
            yield [f"Programmes {label.lower()}", len(rows)]

    def counts_rows():
        for group, counts in (("Board", report.by_board), ("Theme", report.by_theme)):
            for name, tally in counts.items():
                yield [group, name, *[c for _, _, c in tally.rows()], tally.total]

    def priority_rows():
        for section in report.sections:
            for row in section.priorities:
                yield [
                    section.title,
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

    def indicator_rows():
        for section in report.sections:
            for priority in section.priorities:
                for row in priority.indicators:
                    i = row.status
                    yield [
                        section.title,
                        priority.priority.reference,
                        row.programme_name,
                        i.indicator.name,
                        i.indicator.get_unit_display(),
                        number(i.indicator.target_value),
                        i.indicator.target_ends_on,
                        number(i.actual),
                        i.actual_as_at,
                        percent_of_target(i),
                        number(i.check.expected),
                        i.check.verdict.label,
                    ]

    def milestone_rows():
        for section in report.sections:
            for priority in section.priorities:
                for m in priority.milestones_this_quarter + priority.milestones_next_quarter:
                    yield [
                        section.title,
                        priority.priority.reference,
                        m.programme_name,
                        m.milestone.title,
                        m.milestone.due_on,
                        m.milestone.completed_on,
                        m.outcome,
                    ]

    def action_rows():
        for section in report.sections:
            for priority in section.priorities:
                for a in priority.actions:
                    yield [
                        section.title,
                        priority.priority.reference,
                        a.description,
                        a.owner.name if a.owner else "",
                        a.due_on,
                        str(a.due_meeting) if a.due_meeting else "",
                        str(a.meeting),
                    ]

    levels = ["Red", "Amber", "Green", "Complete", "Not started", "No status", "Total"]
    return [
        Table("Summary", ["Measure", "Value"], [36, 40], summary_rows),
        Table("By board and theme", ["Group", "Name", *levels], [10, 40] + [10] * 7, counts_rows),
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
            priority_rows,
        ),
        Table("Programmes", headers, widths, lambda: programme_rows(report)),
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
            indicator_rows,
        ),
        Table(
            "Milestones",
            ["Board", "Priority", "Programme", "Milestone", "Due", "Completed", "Outcome"],
            [28, 9, 30, 50, 12, 12, 16],
            milestone_rows,
        ),
        Table(
            "Open actions",
            ["Board", "Priority", "Action", "Owner", "Due", "Due at meeting", "Set at"],
            [28, 9, 60, 22, 12, 30, 30],
            action_rows,
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


def write_csv(report: Report, stream: io.TextIOBase) -> None:
    """One row per programme of each priority, with its status, change and indicators."""
    headers, _ = programme_columns(report)
    writer = csv.writer(stream)
    writer.writerow(headers)
    for row in programme_rows(report):
        writer.writerow(["" if v is None else csv_text_value(v) for v in row])


def write_xlsx(report: Report, path: Path) -> None:
    """A sheet per table; numbers and dates typed; header frozen; filters on."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
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
        count = 0
        for row in table.rows():
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=spreadsheet_safe(value))
                if isinstance(value, date):
                    cell.number_format = "dd/mm/yyyy"
                cells.append(cell)
            sheet.append(cells)
            count += 1
        last = get_column_letter(len(table.headers))
        sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    workbook.save(path)


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def write_report(report: Report, fmt: str, path: Path) -> Path:
    """Write the report in a format to a path, atomically."""
    if fmt == "csv":

        def write(target: Path) -> None:
            with target.open("w", newline="", encoding="utf-8") as stream:
                write_csv(report, stream)

    elif fmt == "xlsx":

        def write(target: Path) -> None:
            write_xlsx(report, target)

    elif fmt == "pdf":

        def write(target: Path) -> None:
            write_pdf(report, target)

    else:
        raise ValueError(f"Unknown format {fmt}")
    return atomic_write(path, write)
