"""Import a filled-in round template (CSV or XLSX) of progress updates and readings as
drafts: the same checks and writes as the admin's import screen."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from boardportal.cycle.imports import ImportFileError, read_rows, run_import


class Command(BaseCommand):
    help = (
        "Import a round template's progress updates and readings as drafts, all or none. "
        "Prints each row's outcome and errors; exits non-zero if any row has an error."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The filled-in template, a .csv or .xlsx file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every row and say what it would do, writing nothing.",
        )
        parser.add_argument(
            "--user",
            help="Import as this user: their history, and only the programmes they may "
            "record. Without it, any programme, with no user in the history.",
        )

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user is called {options['user']!r}.")
        path = Path(options["path"])
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        try:
            rows = read_rows(path.name, content)
        except ImportFileError as error:
            raise CommandError(str(error)) from None

        report = run_import(rows, user=user, commit=not options["dry_run"])
        for row in report.rows:
            self.stdout.write(f"Row {row.number}: {row.programme} | {row.subject} | {row.outcome}")
            for error in row.errors:
                self.stdout.write(f"  {error.header}: {error.message}")
        counts = ", ".join(f"{outcome}: {count}" for outcome, _colour, count in report.counts)
        self.stdout.write(counts)
        if report.has_errors:
            total = len(report.errors)
            raise CommandError(
                f"{total} error{'s' if total != 1 else ''}: nothing was written. Correct the "
                "file and run it again."
            )
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {path.name}: every row as a draft."))
