"""Back up the whole database to `backups/` (or `--output-dir`), as `make backup` does.

PostgreSQL: `pg_dump --format=custom` to `boardportal-<UTC timestamp>.dump`, which
`pg_restore` (and `restore_database`) reads. SQLite: SQLite's online backup API to
`boardportal-<UTC timestamp>.sqlite3`, a consistent copy even while the portal runs.
The file appears only once it is complete.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connections

from ._database import (
    BACKUP_DIR,
    backup_path,
    check_pg_tool,
    pg_arguments,
    pg_tool,
    run,
    sqlite_file,
    vendor,
    written_atomically,
)


def back_up(*, directory: Path, alias: str = "default") -> Path:
    """Write a complete backup of the database into `directory`; return its path."""
    kind = vendor(alias)
    final = backup_path(directory, kind)
    with written_atomically(final) as temporary:
        if kind == "postgresql":
            check_pg_tool("pg_dump", alias)
            arguments, env = pg_arguments(connections[alias].settings_dict)
            run(
                [
                    pg_tool("pg_dump"),
                    "--format=custom",
                    "--no-password",
                    f"--file={temporary}",
                    *arguments,
                ],
                env,
            )
        else:
            source = sqlite3.connect(sqlite_file(alias))
            target = sqlite3.connect(temporary)
            try:
                with target:
                    source.backup(target)
            finally:
                target.close()
                source.close()
    return final


class Command(BaseCommand):
    help = (
        "Back up the database: pg_dump (custom format) on PostgreSQL, the online backup "
        "API on SQLite, into backups/boardportal-<timestamp>.dump or .sqlite3."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=str(BACKUP_DIR),
            help="Where to write the backup (default: the project's backups/ folder).",
        )
        parser.add_argument("--database", default="default", help="The database alias.")

    def handle(self, *args, **options):
        path = back_up(directory=Path(options["output_dir"]), alias=options["database"])
        size = path.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Backed up the database to {path} ({size:,} bytes)."))
        self.stdout.write(f"Restore it with: make restore BACKUP={path}")
