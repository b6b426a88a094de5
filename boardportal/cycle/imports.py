"""Bulk import of a round's progress updates and readings from a spreadsheet.

The Secretariat (or an officer) downloads a template for a round (`import_template`),
fills it in and uploads it. `run_import()` takes each row through the services
(`programmes.services`): readings first, then updates, so an update's suggestion is
worked out from the readings in the same file, as on the quarterly form. Every row runs
inside one transaction, each in a savepoint so one refusal does not hide the next; a
dry run, or any row refused, rolls the whole transaction back. So a dry run reports
exactly what saving would do, and saving writes every row or none.

Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from core.rag import Rag
from priorities.models import Officer
from programmes.models import Indicator, Programme, ProgressUpdate, Reading, ReportingRound
from programmes.rounds import officer_for
from programmes.services import progress_update_save, reading_record

from .import_files import COLUMNS, HEADERS, ImportFileError, cell_date, cell_text, cell_value
from .import_files import read_rows as read_rows

__all__ = ["COLUMNS", "ImportFileError", "ImportReport", "Outcome", "read_rows", "run_import"]

UPDATE, READING = "Progress update", "Reading"
UPDATE_FIELDS = {
    "status": "rag",
    "headline": "headline",
    "narrative": "narrative",
    "next_steps": "next_steps",
    "reason": "override_reason",
}
# The column a service's error on a model field belongs to. Errors on no field (the
# lock of a signed-off quarter, one record per date) are about the row's date.
FIELD_COLUMNS = {
    "rag": "status",
    "override_reason": "reason",
    "headline": "headline",
    "narrative": "narrative",
    "next_steps": "next_steps",
    "as_at": "as_at",
    "value": "value",
    "note": "note",
    "programme": "programme",
    "indicator": "indicator",
    NON_FIELD_ERRORS: "as_at",
}


class Outcome:
    NEW = "New draft"
    CHANGED = "Changed draft"
    UNCHANGED = "Unchanged"
    BLANK = "Left blank"
    ERROR = "Error"


OUTCOME_COLOURS = {
    Outcome.NEW: "blue",
    Outcome.CHANGED: "orange",
    Outcome.UNCHANGED: "grey",
    Outcome.BLANK: "grey",
    Outcome.ERROR: "red",
}


@dataclass
class RowError:
    column: str | None  # a column's key, or None for the whole row
    message: str

    @property
    def header(self) -> str:
        return HEADERS[self.column] if self.column else "Whole row"


@dataclass
class RowResult:
    number: int
    kind: str = ""
    programme: str = ""
    subject: str = ""  # what the row records: "Progress update", "Reading: <indicator>"
    as_at: date | None = None
    outcome: str = ""
    errors: list[RowError] = field(default_factory=list)

    def error(self, column: str | None, message: str) -> None:
        self.errors.append(RowError(column, message))

    @property
    def colour(self) -> str:
        return OUTCOME_COLOURS[self.outcome]


@dataclass
class ImportReport:
    rows: list[RowResult]
    written: bool = False

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows)

    @property
    def errors(self) -> list[tuple[int, str, str]]:
        """(row number, column header, message) of every error, in row order."""
        return [(row.number, e.header, e.message) for row in self.rows for e in row.errors]

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        """(outcome, colour, how many rows) for each outcome some row has."""
        outcomes = [row.outcome for row in self.rows]
        return [(o, c, outcomes.count(o)) for o, c in OUTCOME_COLOURS.items() if o in outcomes]


@dataclass
class Planned:
    """A row read and checked, ready for its service."""

    row: dict
    result: RowResult
    programme: Programme | None = None
    indicator: Indicator | None = None
    round: ReportingRound | None = None


class Importer:
    """Checks rows against what a user may record and writes them through the services."""

    def __init__(self, rows: list[tuple[int, dict]], user) -> None:
        self.user = user
        self.author: Officer | None = officer_for(user)
        slugs = {cell_text(r.get("programme")) for _, r in rows}
        self.programmes = {p.slug: p for p in Programme.objects.filter(slug__in=slugs)}
        allowed = Programme.objects.recordable_by(user) if user else Programme.objects.all()
        self.allowed = set(allowed.filter(slug__in=slugs).values_list("pk", flat=True))
        ids = {i for _, r in rows if (i := indicator_id(r.get("indicator"))) is not None}
        self.indicators = Indicator.objects.select_related("programme").in_bulk(ids)
        self.rounds = list(ReportingRound.objects.all())
        self.live: dict[int, set[int]] = {}
        self.seen: dict[tuple, int] = {}

    def plan(self, number: int, row: dict) -> Planned:
        result = RowResult(number=number)
        planned = Planned(row=row, result=result)
        kind = cell_text(row.get("kind")).casefold()
        result.kind = {"progress update": UPDATE, "update": UPDATE, "reading": READING}.get(kind)
        if result.kind is None:
            result.kind = cell_text(row.get("kind"))
            result.error("kind", f'Write "{UPDATE}" or "{READING}".')
        self._programme(planned)
        if result.kind == READING:
            self._indicator(planned)
        result.subject = result.kind or "(no kind)"
        if planned.indicator is not None:
            result.subject = f"{READING}: {planned.indicator.name}"
        try:
            result.as_at = cell_date(row.get("as_at"))
        except ValueError as error:
            result.error("as_at", str(error))
        else:
            self._round(planned)
        if result.kind == READING and not result.errors:
            self._duplicate(planned, ("reading", planned.indicator.pk, result.as_at))
        elif result.kind == UPDATE and not result.errors:
            self._duplicate(planned, ("update", planned.programme.pk, result.as_at))
        return planned

    def _programme(self, planned: Planned) -> None:
        slug = cell_text(planned.row.get("programme"))
        result = planned.result
        result.programme = slug
        if not slug:
            result.error("programme", "Give the programme's short name, as in the template.")
        elif slug not in self.programmes:
            result.error("programme", f'No programme has the short name "{slug}".')
        else:
            planned.programme = self.programmes[slug]
            result.programme = planned.programme.name
            if planned.programme.pk not in self.allowed:
                result.error(
                    "programme",
                    f"You may not record {planned.programme.name}: you neither lead it "
                    "nor are a delegate.",
                )

    def _indicator(self, planned: Planned) -> None:
        given = cell_text(planned.row.get("indicator"))
        indicator = self.indicators.get(indicator_id(given))
        if indicator is None:
            planned.result.error(
                "indicator",
                f'No indicator has the ID "{given}".' if given else "Give the indicator's ID.",
            )
            return
        planned.indicator = indicator
        if planned.programme is not None and indicator.programme_id != planned.programme.pk:
            planned.result.error(
                "indicator",
                f"Indicator {indicator.pk} ({indicator.name}) is not one of "
                f"{planned.programme.name}'s.",
            )

    def _round(self, planned: Planned) -> None:
        on = planned.result.as_at
        planned.round = next((r for r in self.rounds if r.starts_on <= on <= r.ends_on), None)
        if planned.round is None:
            planned.result.error(
                "as_at",
                f"No update round covers {on:%-d %B %Y}: date the row in a round's quarter.",
            )
            return
        programme = planned.programme
        if programme is not None and programme.pk not in self._live(planned.round):
            planned.result.error(
                "programme",
                f"{programme.name} is not asked for an update in {planned.round.label}: "
                "it is not active then.",
            )

    def _live(self, round: ReportingRound) -> set[int]:
        if round.pk not in self.live:
            live = Programme.objects.live_between(round.starts_on, round.ends_on)
            self.live[round.pk] = set(live.values_list("pk", flat=True))
        return self.live[round.pk]

    def _duplicate(self, planned: Planned, key: tuple) -> None:
        if key in self.seen:
            what = "reading" if key[0] == "reading" else "progress update"
            planned.result.error(
                None, f"Row {self.seen[key]} already gives this {what} for this date."
            )
        else:
            self.seen[key] = planned.result.number

    # --- Writing --------------------------------------------------------------------

    def write(self, planned: Planned) -> None:
        """Write one row through its service in a savepoint, recording the outcome."""
        result = planned.result
        try:
            with transaction.atomic():
                if result.kind == READING:
                    result.outcome = self._reading(planned)
                else:
                    result.outcome = self._update(planned)
        except ValidationError as error:
            for name, messages in message_dict(error).items():
                for message in messages:
                    result.error(FIELD_COLUMNS.get(name), message)

    def _reading(self, planned: Planned) -> str:
        row, result, indicator = planned.row, planned.result, planned.indicator
        note = cell_text(row.get("note"))
        if cell_text(row.get("value")) == "":
            if note:
                raise ValidationError({"value": "Give the value, or clear the note too."})
            return Outcome.BLANK
        try:
            value = cell_value(row.get("value"))
        except ValueError as error:
            raise ValidationError({"value": str(error)}) from None
        existing = Reading.objects.filter(indicator=indicator, as_at=result.as_at).first()
        if existing and (existing.value, same(existing.note)) == (value, same(note)):
            return Outcome.UNCHANGED
        reading_record(
            indicator=indicator,
            as_at=result.as_at,
            value=value,
            note=note,
            source=existing.source if existing else f"Imported, {planned.round.label} update",
            user=self.user,
        )
        return Outcome.CHANGED if existing else Outcome.NEW

    def _update(self, planned: Planned) -> str:
        row, result = planned.row, planned.result
        given = {name: cell_text(row.get(column)) for column, name in UPDATE_FIELDS.items()}
        if not any(given.values()):
            return Outcome.BLANK
        if given["rag"]:
            given["rag"] = status_of(given["rag"])
        update = ProgressUpdate.objects.filter(
            programme=planned.programme, as_at=result.as_at
        ).first()
        if update and all(same(getattr(update, n)) == same(v) for n, v in given.items()):
            return Outcome.UNCHANGED
        if update and update.published_at is not None:
            raise ValidationError(
                f"{planned.programme.name}'s update as at {result.as_at:%-d %B %Y} is "
                "published: ask the Secretariat to correct it in the admin."
            )
        existing = update is not None
        update = update or ProgressUpdate(programme=planned.programme, as_at=result.as_at)
        for name, value in given.items():
            setattr(update, name, value)
        if update.author_id is None:
            update.author = self.author
        progress_update_save(update=update, user=self.user)
        return Outcome.CHANGED if existing else Outcome.NEW


def indicator_id(cell: object) -> int | None:
    """The indicator ID a cell gives, if it is one (a plain number of sensible size)."""
    text = cell_text(cell)
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def status_of(word: str) -> str:
    """The stored value of a status written as its word ('Green', 'not started')."""
    wanted = word.casefold().replace("_", " ")
    for rag in Rag:
        if wanted in (rag.label.casefold(), rag.value.replace("_", " ")):
            return rag.value
    words = ", ".join(r.label for r in Rag)
    raise ValidationError({"rag": f'"{word}" is not a status: write one of {words}.'})


def same(text: str) -> str:
    """Text as compared for "unchanged": a spreadsheet may turn line ends into \\n."""
    return (text or "").replace("\r\n", "\n").strip()


def message_dict(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {NON_FIELD_ERRORS: error.messages}


def run_import(rows: list[tuple[int, dict]], *, user=None, commit: bool) -> ImportReport:
    """Check and write rows ((row number, {column key: cell})) as drafts, by `user` (who
    may record only the programmes `recordable_by` them; None for a system import, which
    may record any). Nothing is written unless `commit` and every row is accepted."""
    importer = Importer(rows, user)
    planned = [importer.plan(number, row) for number, row in rows]
    with transaction.atomic():
        # Readings first: an update's suggestion comes from the readings in the file.
        for item in sorted(planned, key=lambda p: p.result.kind != READING):
            if not item.result.errors:
                importer.write(item)
        report = ImportReport(rows=[item.result for item in planned])
        for row in report.rows:
            if row.errors:
                row.outcome = Outcome.ERROR
        report.written = commit and not report.has_errors
        if not report.written:
            transaction.set_rollback(True)
    return report
