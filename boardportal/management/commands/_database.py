"""What `backup_database` and `restore_database` share: where backups go, and how to
reach the configured database with PostgreSQL's own tools or SQLite's backup API.

A backup is written to a temporary file beside its final name and moved into place
only once complete, so a failed backup never leaves a file that looks usable.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections

BACKUP_DIR = Path(settings.BASE_DIR) / "backups"
EXTENSIONS = {"postgresql": ".dump", "sqlite": ".sqlite3"}


def vendor(alias: str = "default") -> str:
    name = connections[alias].vendor
    if name not in EXTENSIONS:
        raise CommandError(f"Backups support PostgreSQL and SQLite, not {name}.")
    return name


def backup_path(directory: Path, kind: str, now: datetime | None = None) -> Path:
    """`backups/boardportal-20130731T120000Z.dump`: never an existing file's name."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    path = directory / f"boardportal-{stamp}{EXTENSIONS[kind]}"
    n = 1
    while path.exists():
        path = directory / f"boardportal-{stamp}-{n}{EXTENSIONS[kind]}"
        n += 1
    return path


@contextmanager
def written_atomically(final: Path):
    """Yield a temporary path beside `final`; move it into place only if all went well."""
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".partial")
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb") as f:
            os.fsync(f.fileno())
        os.replace(temporary, final)
    finally:
        temporary.unlink(missing_ok=True)


# --- PostgreSQL ------------------------------------------------------------------------


def pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise CommandError(
            f"{name} is not installed: install the PostgreSQL client (e.g. "
            f"apt-get install postgresql-client) matching the server's version."
        )
    return path


def pg_tool_major(name: str) -> int:
    output = subprocess.run(
        [pg_tool(name), "--version"], check=True, capture_output=True, text=True
    ).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    if not match:
        raise CommandError(f"Cannot read the version of {name} from {output!r}.")
    return int(match[1])


def pg_server_major(alias: str = "default") -> int:
    connection = connections[alias]
    connection.ensure_connection()
    return connection.pg_version // 10000


def check_pg_tool(name: str, alias: str = "default") -> None:
    """pg_dump and pg_restore refuse (or worse, half-work with) a newer server."""
    tool, server = pg_tool_major(name), pg_server_major(alias)
    if tool < server:
        raise CommandError(
            f"{name} is version {tool} but the server is PostgreSQL {server}: "
            f"install the version {server} client tools."
        )


def pg_arguments(database: dict) -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for pg_dump/pg_restore from Django's settings."""
    arguments = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            arguments.append(f"{flag}={database[key]}")
    arguments.append(f"--dbname={database['NAME']}")
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return arguments, env


def run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        tool = Path(command[0]).name
        raise CommandError(f"{tool} failed ({result.returncode}): {result.stderr.strip()}")


# --- SQLite ------------------------------------------------------------------------------


def sqlite_file(alias: str = "default") -> Path:
    name = str(connections[alias].settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        raise CommandError("An in-memory SQLite database has no file to back up or restore.")
    return Path(name)
