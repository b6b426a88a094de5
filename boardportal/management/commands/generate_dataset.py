"""Fill an empty database with a realistic plan of any size (boardportal.generator)."""

import time

from django.core.management.base import BaseCommand, CommandError

from boardportal.generator import generate


class Command(BaseCommand):
    help = (
        "Fill an empty database with generated boards, plan years, priorities, programmes "
        "(with progress updates, milestones, indicators and readings), councils and "
        "meetings: the same data for the same --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--programmes", type=int, required=True, help="How many programmes, e.g. 10000."
        )
        parser.add_argument("--seed", type=int, default=1, help="The same seed, the same data.")

    def handle(self, *args, programmes, seed, **options):
        started = time.monotonic()
        try:
            counts = generate(programmes=programmes, seed=seed)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        for label, n in counts.items():
            self.stdout.write(f"  {label:<32} {n:>8,}")
        self.stdout.write(
            f"Generated {sum(counts.values()):,} rows for {programmes:,} programmes "
            f"(seed {seed}) in {time.monotonic() - started:.1f} s."
        )
