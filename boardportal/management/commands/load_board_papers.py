"""Load the demo data: the five board papers, fact by fact, from `fixtures/*.json`.

The loading itself is `boardportal.loader`; this command parses the options, runs the
load in one transaction (so a fixture error leaves the database as it was), and prints
what it created and changed.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from boardportal.loader import FIXTURES_DIR, SUMMARY_MODELS, Loader
from priorities.models import PlanYear


class Command(BaseCommand):
    help = (
        "Load the demo data: the five board papers (2011 to 2013), fact by fact, from "
        "fixtures/*.json. Safe to run again: records are matched by natural key."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already has any plan year.",
        )
        parser.add_argument(
            "--fixtures",
            default=str(FIXTURES_DIR),
            help="The folder holding the fixture files (default: the project's fixtures/).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and PlanYear.objects.exists():
            self.stdout.write(
                "The database already has plan years: board papers not loaded (--if-empty)."
            )
            return
        loader = Loader(Path(options["fixtures"]))
        with transaction.atomic():
            loader.load_all()
        created = sum(loader.created.values())
        updated = sum(loader.updated.values())
        links = sum(loader.links.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the board papers: {created} records created, {updated} changed, "
                f"{links} sets of links written."
            )
        )
        for model in SUMMARY_MODELS:
            name = model.__name__
            self.stdout.write(
                f"  {model._meta.verbose_name_plural:<22} {model.objects.count():>4}"
                f"  (+{loader.created[name]} new, {loader.updated[name]} changed)"
            )
