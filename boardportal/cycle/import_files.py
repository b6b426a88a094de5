"""The files of the bulk import (`boardportal.cycle.imports`): the columns, the template
for a round, and reading an upload into numbered rows.

The template is written by django-import-export's tablib formats (CSV, and XLSX with a
second sheet saying how to fill it in). Uploads are read here rather than by tablib,
which drops blank lines (so row numbers would stop matching the spreadsheet's) and reads
an XLSX file's active sheet (which is the instructions if the file was saved there).
"""

from __future__ import annotations

import csv
import io
import logging
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import openpyxl
import tablib
from django.db.models import QuerySet
from import_export.formats.base_formats import CSV, XLSX
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.rag import Rag
from core.spreadsheets import FORMULA_PREFIXES, spreadsheet_safe
from programmes.models import Programme, ReportingRound
from programmes.models.evidence import (
    HEADLINE_LIMIT,
    NARRATIVE_LIMIT,
    NEXT_STEPS_LIMIT,
    REASON_LIMIT,
)
from programmes.rounds import round_as_at, round_obligations, round_programmes

MAX_BYTES = 1_048_576  # 1 MB: a round's template for hundreds of programmes is far less
MAX_ROWS = 5000  # rows with something in them
MAX_SHEET_ROWS = 50_000  # rows of a sheet, empty or not (formatting makes empty ones)
SHEET = "Updates and readings"
HOW_TO_SHEET = "How to fill this in"
FORMATS = {"csv": CSV(), "xlsx": XLSX()}

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str  # which rows read it: "both", "update", "reading", or "" for reference only
    help: str


COLUMNS = [
    Column("kind", "Kind", "both", 'What the row records: "Progress update" or "Reading".'),
    Column("programme", "Programme", "both", "The programme's short name. Keep it as given."),
    Column("programme_name", "Programme name", "", "For reference: not read."),
    Column("indicator", "Indicator ID", "reading", "The indicator's number. Keep it as given."),
    Column("indicator_name", "Indicator name", "", "For reference: not read."),
    Column("unit", "Unit", "", "For reference: what the value is in. Not read."),
    Column(
        "as_at",
        "As at",
        "both",
        "The date the row describes, in the round's quarter and not in the future, "
        "e.g. 31/12/2012 or 2012-12-31. The template gives the date to use.",
    ),
    Column("status", "Status", "update", "Green, Amber, Red, Complete or Not started."),
    Column(
        "headline",
        "Headline",
        "update",
        f"Where things stand, in one sentence (up to {HEADLINE_LIMIT} characters).",
    ),
    Column(
        "narrative",
        "Narrative",
        "update",
        f"What has happened this quarter (up to {NARRATIVE_LIMIT:,} characters).",
    ),
    Column(
        "next_steps",
        "Next steps",
        "update",
        f"What happens next, and by when (up to {NEXT_STEPS_LIMIT:,} characters).",
    ),
    Column(
        "reason",
        "Reason for differing",
        "update",
        "Needed when your status differs from the one the milestones and indicators "
        f"suggest (up to {REASON_LIMIT:,} characters).",
    ),
    Column(
        "value",
        "Value",
        "reading",
        "The figure, in the indicator's unit: a whole number for a count or people, 0 to "
        "100 for a percentage (80 for 80%), pounds for money. Leave blank if you have none.",
    ),
    Column("note", "Note", "reading", "Qualifiers such as 'over' or 'around'."),
]
HEADERS = {c.key: c.header for c in COLUMNS}
COLUMN_NUMBERS = {c.key: number for number, c in enumerate(COLUMNS, start=1)}
REQUIRED = [c.key for c in COLUMNS if c.kind]
GUIDANCE = [
    "Fill in the rows for what you have; a row left blank is skipped.",
    "Each row is saved as a draft: the Secretariat reviews and publishes it.",
    "Upload the file as CSV or XLSX. A dry run shows what each row would do and every "
    "error, by row and column; nothing is saved until you confirm, and then every row "
    "is saved or none.",
]


class ImportFileError(Exception):
    """A file that cannot be read as the template: said in words for the person."""


# --- Cells -------------------------------------------------------------------------


def cell_text(value: object) -> str:
    """A cell as text, without the apostrophe that `spreadsheet_safe` put before it."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_PREFIXES:
        text = text[1:]
    return text


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d %H:%M:%S")


def cell_date(value: object) -> date:
    """A date cell: a spreadsheet's date, or text such as 31/12/2012 or 2012-12-31."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    if not text:
        raise ValueError("Give the date the row describes, e.g. 31/12/2012.")
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f'"{text}" is not a date: write it as 31/12/2012 or 2012-12-31.')


def cell_value(value: object) -> Decimal:
    """A figure: a number, or text such as 1,200 or £150 or 80%."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = Decimal(repr(value))
    else:
        text = cell_text(value)
        plain = text.replace(",", "").removeprefix("£").removesuffix("%").strip()
        try:
            number = Decimal(plain)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            raise ValueError(f'"{text}" is not a number: write the figure alone, e.g. 42.')
    return number


# --- Reading an upload -------------------------------------------------------------


def read_rows(name: str, content: bytes) -> list[tuple[int, dict]]:
    """The rows of an uploaded template as (row number, {column key: cell}); rows with
    nothing in them are left out. Raises ImportFileError for a file that is not one."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in FORMATS:
        raise ImportFileError(
            f"{name or 'The file'} is not a CSV or XLSX file: upload the template, filled in."
        )
    if not content:
        raise ImportFileError(f"{name} is empty.")
    table = read_xlsx(name, content) if extension == "xlsx" else read_csv(name, content)
    header, *body = table or [[]]
    keys = header_keys(name, header)
    rows = []
    for number, cells in enumerate(body, start=2):
        if not any(cell_text(cell) for cell in cells):
            continue
        if len(rows) == MAX_ROWS:
            raise ImportFileError(f"{name} has more than {MAX_ROWS:,} rows: split it up.")
        rows.append((number, {key: cell for key, cell in zip(keys, cells, strict=False) if key}))
    if not rows:
        raise ImportFileError(f"{name} has no rows to import under its header.")
    return rows


def header_keys(name: str, header: list) -> list[str | None]:
    """The column key of each header cell (None for a blank one); the file is refused
    when a column the import reads is missing, or one is unknown or repeated."""
    by_header = {c.header.casefold(): c.key for c in COLUMNS}
    keys, unknown = [], []
    for cell in header:
        text = " ".join(cell_text(cell).split())
        key = by_header.get(text.casefold()) if text else None
        if text and key is None:
            unknown.append(text)
        keys.append(key)
    missing = [HEADERS[k] for k in REQUIRED if k not in keys]
    repeated = sorted({HEADERS[k] for k in keys if k and keys.count(k) > 1})
    problems = []
    if missing:
        problems.append(f"missing {', '.join(missing)}")
    if unknown:
        problems.append(f"unknown {', '.join(unknown)}")
    if repeated:
        problems.append(f"repeated {', '.join(repeated)}")
    if problems:
        raise ImportFileError(
            f"{name} does not have the template's columns in its first row "
            f"({'; '.join(problems)}): download the template and fill that in."
        )
    return keys


def read_csv(name: str, content: bytes) -> list[list]:
    if b"\0" in content:
        raise ImportFileError(f"{name} is not a CSV file (it holds binary data).")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ImportFileError(f"{name} cannot be read as CSV: {error}.") from None


def read_xlsx(name: str, content: bytes) -> list[list]:
    """The cells of the sheet of updates and readings (or the first sheet)."""
    unreadable = ImportFileError(f"{name} cannot be read as an XLSX workbook.")
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise unreadable from None
    try:
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        rows = []
        for cells in sheet.iter_rows(values_only=True):
            rows.append(list(cells))
            if len(rows) > MAX_SHEET_ROWS:
                raise ImportFileError(f"{name} has too many rows: split it up.")
        return rows
    except ImportFileError:
        raise
    except Exception:  # a workbook made by hand can fail deep in openpyxl's XML
        logger.warning("An uploaded workbook could not be read", exc_info=True)
        raise unreadable from None
    finally:
        book.close()


# --- The template for a round ------------------------------------------------------


def template_programmes(round: ReportingRound, user) -> QuerySet:
    """The round's programmes a user may record (every one, for the Secretariat)."""
    allowed = Programme.objects.recordable_by(user).values("pk")
    return round_programmes(round).filter(pk__in=allowed)


def template_rows(round: ReportingRound, user) -> list[list]:
    """A row for each programme's progress update, pre-filled with the round's update
    if there is one, and one for each indicator with a target, with its reading."""
    rows = []
    as_at = round_as_at(round)
    for due in round_obligations(round, programmes=template_programmes(round, user)):
        programme, update = due.programme, due.update
        rows.append(
            [
                "Progress update",
                programme.slug,
                programme.name,
                "",
                "",
                "",
                update.as_at if update else as_at,
                update.get_rag_display() if update else "",
                *(
                    [update.headline, update.narrative, update.next_steps, update.override_reason]
                    if update
                    else ["", "", "", ""]
                ),
                "",
                "",
            ]
        )
        for row in due.indicators:
            indicator, reading = row.indicator, row.reading
            rows.append(
                [
                    "Reading",
                    programme.slug,
                    programme.name,
                    indicator.pk,
                    indicator.name,
                    indicator.get_unit_display(),
                    reading.as_at if reading else as_at,
                    *([""] * 5),
                    reading.value if reading else "",
                    reading.note if reading else "",
                ]
            )
    return [[spreadsheet_safe(cell) for cell in row] for row in rows]


def template_file(round: ReportingRound, user, fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the round's template in a format."""
    rows = template_rows(round, user)
    if fmt == "csv":
        rows = [[c.isoformat() if isinstance(c, date) else c for c in row] for row in rows]
    sheet = tablib.Dataset(*rows, headers=list(HEADERS.values()), title=SHEET)
    stem = f"{round.label.replace('/', '-').replace(' ', '-').lower()}-updates-template"
    if fmt == "csv":
        # With a byte order mark, so that Excel reads it as UTF-8 (the import accepts both).
        content = ("\ufeff" + FORMATS["csv"].export_data(sheet)).encode("utf-8")
        return content, "text/csv; charset=utf-8", f"{stem}.csv"
    how_to = tablib.Dataset(
        headers=["Column", "Rows that use it", "What to put in it"], title=HOW_TO_SHEET
    )
    for text in GUIDANCE:
        how_to.append(["Every row", "", text])
    uses = {"both": "Both", "update": "Progress update", "reading": "Reading", "": "Neither"}
    for column in COLUMNS:
        how_to.append([column.header, uses[column.kind], column.help])
    book = tablib.Databook([sheet, how_to])
    content = tidy(FORMATS["xlsx"].export_data(book, column_width="adaptive"))
    return content, FORMATS["xlsx"].get_content_type(), f"{stem}.xlsx"


# Columns people write in: wide enough to write in, wrapping what they write.
WRITING_WIDTHS = {"headline": 40, "narrative": 60, "next_steps": 40, "reason": 40, "note": 30}
NARROW_WIDTHS = {"as_at": 12, "status": 14, "value": 12}


def tidy(content: bytes) -> bytes:
    """The workbook tablib wrote, made easier to fill in: room to write, wrapped text,
    dates as 31/12/2012, and the statuses offered as a list."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet, how_to = book[SHEET], book[HOW_TO_SHEET]
    wrap = Alignment(wrap_text=True, vertical="top")
    for key, width in WRITING_WIDTHS.items():
        sheet.column_dimensions[get_column_letter(COLUMN_NUMBERS[key])].width = width
        for cell in cells_of(sheet, COLUMN_NUMBERS[key]):
            cell.alignment = wrap
    for key, width in NARROW_WIDTHS.items():
        sheet.column_dimensions[get_column_letter(COLUMN_NUMBERS[key])].width = width
    for cell in cells_of(sheet, COLUMN_NUMBERS["as_at"]):
        cell.number_format = "dd/mm/yyyy"
    words = ",".join(rag.label for rag in Rag)
    statuses = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True)
    status = get_column_letter(COLUMN_NUMBERS["status"])
    statuses.add(f"{status}2:{status}{max(sheet.max_row, 2)}")
    sheet.add_data_validation(statuses)
    how_to.column_dimensions["C"].width = 90
    for cell in cells_of(how_to, 3):
        cell.alignment = wrap
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def cells_of(sheet, column: int):
    """The cells of a column under its header."""
    for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
        yield cell
