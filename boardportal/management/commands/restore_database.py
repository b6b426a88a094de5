"""Replace the database with a backup made by `backup_database`, as `make restore` does.

Stop the portal first. Unless told `--no-safety-backup`, the database as it is now is
backed up first, so a restore of the wrong file loses nothing either.

PostgreSQL: `pg_restore --clean --if-exists --no-owner --single-transaction`, so the
restore is applied whole or not at all. SQLite: the backup is checked, copied to a
temporary file beside the database and moved over it in one step (`os.replace`).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from ._database import (
    BACKUP_DIR,
    check_pg_tool,
    pg_arguments,
    pg_tool,
    run,
    sqlite_file,
    vendor,
    written_atomically,
)
from .backup_database import back_up


def check_sqlite_backup(path: Path) -> None:
    """A readable SQLite database that has been migrated, or CommandError."""
    try:
        with open(path, "rb") as f:
            if f.read(16) != b"SQLite format 3\x00":
                raise CommandError(f"{path} is not a SQLite database.")
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            (verdict,) = db.execute("PRAGMA integrity_check").fetchone()
            migrated = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
            ).fetchone()
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise CommandError(f"{path} cannot be read as a SQLite database: {exc}") from exc
    if verdict != "ok":
        raise CommandError(f"{path} fails SQLite's integrity check: {verdict}")
    if not migrated:
        raise CommandError(f"{path} is not a boardportal database (no django_migrations).")


def check_backup(*, backup: Path, alias: str = "default") -> None:
    """Stop (CommandError) unless `backup` is a backup this database can be restored from."""
    if not backup.is_file():
        raise CommandError(f"There is no backup file {backup}.")
    if vendor(alias) == "postgresql":
        check_pg_tool("pg_restore", alias)
        arguments, env = pg_arguments(connections[alias].settings_dict)
        run([pg_tool("pg_restore"), "--list", str(backup)], env)  # a readable dump, or stop
    else:
        check_sqlite_backup(backup)
        sqlite_file(alias)


def restore(*, backup: Path, alias: str = "default") -> None:
    """Replace the database `alias` with the contents of `backup`."""
    check_backup(backup=backup, alias=alias)
    if vendor(alias) == "postgresql":
        arguments, env = pg_arguments(connections[alias].settings_dict)
        connections[alias].close()
        run(
            [
                pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--no-password",
                *arguments,
                str(backup),
            ],
            env,
        )
        return
    database = sqlite_file(alias)
    connections[alias].close()
    if database.exists():
        # Fold any write-ahead log into the old file before it is replaced, so no stale
        # log is left to be replayed into the restored one.
        db = sqlite3.connect(database)
        try:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            db.close()
    with written_atomically(database) as temporary:
        shutil.copyfile(backup, temporary)
        if database.exists():  # the server's user must still be able to open it
            os.chmod(temporary, stat.S_IMODE(database.stat().st_mode))
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)


class Command(BaseCommand):
    help = (
        "Replace the database with a backup from backup_database (pg_restore on "
        "PostgreSQL; a checked copy moved into place on SQLite). Stop the portal first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--backup", required=True, help="The backup file to restore.")
        parser.add_argument("--database", default="default", help="The database alias.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )
        parser.add_argument(
            "--no-safety-backup",
            action="store_false",
            dest="safety_backup",
            help="Do not back up the current database first.",
        )
        parser.add_argument(
            "--safety-dir",
            default=str(BACKUP_DIR),
            help="Where the backup of the current database goes (default: backups/).",
        )

    def handle(self, *args, **options):
        backup = Path(options["backup"])
        alias = options["database"]
        check_backup(backup=backup, alias=alias)  # before anything is asked or written
        name = connections[alias].settings_dict["NAME"]
        if options["interactive"]:
            answer = input(
                f"This replaces everything in the database {name} with {backup}.\n"
                "Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled: nothing was changed.")
        if options["safety_backup"] and self.has_something_to_keep(alias):
            kept = back_up(directory=Path(options["safety_dir"]), alias=alias)
            self.stdout.write(f"Backed up the database as it was to {kept}.")
        restore(backup=backup, alias=alias)
        self.stdout.write(self.style.SUCCESS(f"Restored the database {name} from {backup}."))

    def has_something_to_keep(self, alias: str) -> bool:
        if vendor(alias) == "sqlite":
            database = sqlite_file(alias)
            return database.exists() and database.stat().st_size > 0
        return True
