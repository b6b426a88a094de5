"""Write the Executive's overview (or a Board progress report, or the end-of-year
review) as PDF, XLSX or CSV."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from boardportal.reports.period import FORMATS, REPORT_KINDS, ReportError, resolve_period
from boardportal.reports.rows import StreamedReport
from boardportal.reports.writers import write_report
from priorities.models import Board


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"“{value}” is not a date like 2012-12-31.") from None


class Command(BaseCommand):
    help = (
        "Export a report: the quarterly overview of every Board's work programme, a Board's "
        "twice-yearly progress report, or the end-of-year review."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="Plan year, e.g. 2012/13.")
        when = parser.add_mutually_exclusive_group()
        when.add_argument("--quarter", type=int, help="1 to 4; the report is as at its last day.")
        when.add_argument("--as-at", dest="as_at", help="A date within the plan year, YYYY-MM-DD.")
        parser.add_argument("--format", dest="fmt", required=True, choices=FORMATS)
        parser.add_argument("--output", required=True, help="Where to write the file.")
        parser.add_argument(
            "--report", default="overview", choices=list(REPORT_KINDS), help="Which report."
        )
        parser.add_argument("--board", help="Slug of one Board, for a Board's progress report.")

    def handle(self, *args, year, quarter, as_at, fmt, output, report, board, **options):
        as_at_date = iso_date(as_at) if as_at else None
        try:
            period = resolve_period(kind=report, year=year, quarter=quarter, as_at=as_at_date)
        except ReportError as error:
            raise CommandError(str(error)) from None
        board_obj = None
        if board:
            board_obj = Board.objects.filter(slug=board).first()
            if board_obj is None:
                raise CommandError(f"There is no Board with the slug “{board}”.")
        built = StreamedReport(period, board=board_obj)
        path = write_report(built, fmt, Path(output))
        self.stdout.write(
            f"Wrote {period.title.lower()} for {period.label} "
            f"as at {period.as_at:%-d %B %Y} to {path}"
        )
