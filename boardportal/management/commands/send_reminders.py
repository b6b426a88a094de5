"""Send the reminders due for every open update round: run daily by cron or the task
worker. Safe to run again at any time: nobody gets the same reminder twice."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from boardportal.cycle.emails import send_round_reminders
from core.dates import today
from programmes.models import Reminder, ReportingRound


class Command(BaseCommand):
    help = (
        "Email officers what is due in each open update round: when it opens, a week "
        "before the deadline and after it (with the overdue list to the Secretariat)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--on",
            help="Act as if today were this date (YYYY-MM-DD); for rehearsals and tests.",
        )

    def handle(self, *args, **options):
        try:
            on = date.fromisoformat(options["on"]) if options["on"] else today()
        except ValueError:
            raise CommandError(f"--on {options['on']!r} is not a date like 2013-01-18") from None
        rounds = ReportingRound.objects.open().select_related("plan_year")
        if not rounds:
            self.stdout.write("No update round is open: no reminders to send.")
            return
        labels = dict(Reminder.Kind.choices)
        for round in rounds:
            sent = send_round_reminders(round, on=on)
            total = sum(sent.values())
            self.stdout.write(f"{round.label}: {total} reminder{'s' if total != 1 else ''} sent.")
            for kind, count in sent.items():
                if count:
                    self.stdout.write(f"  {labels[kind]}: {count}")
