"""CSV, XLSX and PDF from one report. Each table is defined once (`tables`), so the
three formats show the same figures.

The CSV is the Programmes table with two more kinds of row, told apart by its first
column, "Record": a row for each priority with no programme (its programme columns
empty), so every priority is in it, and one row per open action, each once.

Files are written to a temporary file beside the target and moved into place, so
a failure never leaves a partial file behind."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from core.spreadsheets import spreadsheet_safe

from .pdf import write_pdf
from .rows import Report, StreamedReport
from .tables import ACTION_HEADERS, priority_columns, programme_table
from .xlsx import write_xlsx


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


CSV_ACTION_HEADERS = [f"Action {h.lower()}" if h != "Action" else h for h in ACTION_HEADERS]


def csv_rows(report: Report | StreamedReport) -> Iterator[list]:
    """The header, then a row per programme of each priority (or one for a priority
    with none), then a row per open action."""
    table = programme_table(report)
    width = len(table.headers)
    yield ["Record", *table.headers, *CSV_ACTION_HEADERS]
    blank_actions = [None] * len(CSV_ACTION_HEADERS)
    for priority in report.priority_rows():
        rows = list(table.rows_for(priority))
        for row in rows:
            yield ["Programme", *row, *blank_actions]
        if not rows:
            columns = priority_columns(priority)
            yield ["Priority", *columns, *[None] * (width - len(columns)), *blank_actions]
    for action in report.actions:
        yield [
            "Action",
            action.action.meeting.board.name,
            *[None] * (width - 1),
            action.meeting,
            action.ref,
            action.description,
            action.owner,
            action.due_on,
            action.due_meeting,
            action.status,
            action.priority_refs,
            action.programme_names,
        ]


def write_csv(report: Report | StreamedReport, stream: io.TextIOBase) -> None:
    """Every priority and programme, with status, change and indicators; every action."""
    writer = csv.writer(stream)
    for row in csv_rows(report):
        writer.writerow(["" if v is None else csv_text_value(v) for v in row])


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
