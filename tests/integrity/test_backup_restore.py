"""`make backup` and `make restore`: a backup restored into an empty database holds every
row. SQLite runs in the SQLite suite, PostgreSQL (pg_dump/pg_restore) in the PostgreSQL one."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from boardportal.management.commands._database import pg_server_major, pg_tool_major

ENGINE = settings.DATABASES["default"]["ENGINE"]
on_sqlite = pytest.mark.skipif("sqlite" not in ENGINE, reason="the SQLite backup (this is not)")
on_postgresql = pytest.mark.skipif(
    "postgresql" not in ENGINE, reason="pg_dump and pg_restore need PostgreSQL"
)
SCRATCH = "boardportal_restore_test"


def manage(*args: str, database_url: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run manage.py as `make` would, against `database_url`."""
    env = {
        **os.environ,
        "BOARDPORTAL_IGNORE_DOTENV": "1",
        "DEBUG": "0",
        "SECRET_KEY": "test-only-key-not-for-production",
        "DATABASE_URL": database_url,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result


# --- SQLite ------------------------------------------------------------------------------


def sqlite_contents(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in a fixed order."""
    db = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: db.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}
    finally:
        db.close()


@on_sqlite
def test_sqlite_backup_restored_into_an_empty_database_has_every_row(tmp_path):
    original = tmp_path / "portal.sqlite3"
    url = f"sqlite:///{original}"
    manage("migrate", "--noinput", database_url=url)
    manage("load_board_papers", database_url=url)
    backups = tmp_path / "backups"
    output = manage("backup_database", "--output-dir", str(backups), database_url=url).stdout
    (backup,) = backups.iterdir()
    assert re.fullmatch(r"boardportal-\d{8}T\d{6}Z\.sqlite3", backup.name)
    assert str(backup) in output
    before = sqlite_contents(original)
    assert len(before["programmes_reading"]) > 0
    assert len(before["programmes_historicalprogressupdate"]) > 0

    empty = tmp_path / "empty.sqlite3"
    manage(
        "restore_database",
        "--backup",
        str(backup),
        "--noinput",
        "--safety-dir",
        str(tmp_path / "safety"),
        database_url=f"sqlite:///{empty}",
    )
    assert sqlite_contents(empty) == before
    assert not (tmp_path / "safety").exists()  # nothing to keep from an empty database
    assert not list(tmp_path.glob(".*partial"))


@on_sqlite
def test_sqlite_restore_keeps_the_database_it_replaces_and_refuses_a_bad_file(tmp_path):
    database = tmp_path / "portal.sqlite3"
    url = f"sqlite:///{database}"
    manage("migrate", "--noinput", database_url=url)
    manage("backup_database", "--output-dir", str(tmp_path / "backups"), database_url=url)
    (backup,) = (tmp_path / "backups").iterdir()
    manage("load_board_papers", database_url=url)
    loaded = sqlite_contents(database)

    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("not a database")
    safety = tmp_path / "safety"
    result = manage(
        "restore_database",
        "--backup",
        str(not_a_backup),
        "--noinput",
        "--safety-dir",
        str(safety),
        database_url=url,
        check=False,
    )
    assert result.returncode != 0
    assert "is not a SQLite database" in result.stderr
    assert sqlite_contents(database) == loaded  # untouched
    assert not safety.exists()  # the file was checked before anything was written

    manage(
        "restore_database",
        "--backup",
        str(backup),
        "--noinput",
        "--safety-dir",
        str(safety),
        database_url=url,
    )
    assert sqlite_contents(database)["programmes_programme"] == []  # the migrated-only backup
    (kept,) = safety.iterdir()
    assert sqlite_contents(kept) == loaded  # what it replaced was backed up first


# --- PostgreSQL ----------------------------------------------------------------------------


def pg_url(name: str) -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"


def pg_admin(sql: str) -> None:
    import psycopg2

    db = settings.DATABASES["default"]
    conn = psycopg2.connect(
        dbname="postgres",
        user=db["USER"],
        password=db.get("PASSWORD") or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
    )
    try:
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(sql)
    finally:
        conn.close()


def pg_contents(cursor) -> dict[str, tuple[int, str]]:
    """Each table's row count and a digest of all its rows."""
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    contents = {}
    for (table,) in cursor.fetchall():
        cursor.execute(
            f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
            f'FROM "{table}" t'
        )
        contents[table] = cursor.fetchone()
    return contents


@on_postgresql
@pytest.mark.django_db
def test_pg_dump_matches_the_server():
    assert pg_tool_major("pg_dump") == pg_tool_major("pg_restore") == pg_server_major()


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgresql_backup_restored_into_an_empty_database_has_every_row(tmp_path):
    import psycopg2

    call_command("load_board_papers", stdout=StringIO())
    out = StringIO()
    call_command("backup_database", output_dir=str(tmp_path), stdout=out)
    (backup,) = tmp_path.glob("boardportal-*.dump")
    assert re.fullmatch(r"boardportal-\d{8}T\d{6}Z\.dump", backup.name)
    with connection.cursor() as cursor:
        before = pg_contents(cursor)
    assert before["programmes_reading"][0] > 0

    pg_admin(f"DROP DATABASE IF EXISTS {SCRATCH}")
    pg_admin(f"CREATE DATABASE {SCRATCH}")
    try:
        manage(
            "restore_database",
            "--backup",
            str(backup),
            "--noinput",
            "--safety-dir",
            str(tmp_path / "safety"),
            database_url=pg_url(SCRATCH),
        )
        db = settings.DATABASES["default"]
        restored = psycopg2.connect(
            dbname=SCRATCH,
            user=db["USER"],
            password=db.get("PASSWORD") or None,
            host=db["HOST"] or None,
            port=db["PORT"] or None,
        )
        try:
            with restored.cursor() as cursor:
                after = pg_contents(cursor)
        finally:
            restored.close()
    finally:
        pg_admin(f"DROP DATABASE IF EXISTS {SCRATCH}")
    assert after == before
