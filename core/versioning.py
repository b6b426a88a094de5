"""The data version: a token that changes whenever the data the public pages show
changes, so a page cached under one version is never served once a write is committed.

**One place catches every write.** Each database connection gets an execute wrapper
(installed from `CoreConfig.ready` on `connection_created`) that looks at the statement
itself: an INSERT, UPDATE or DELETE on a table of the watched apps (`WATCHED_APPS`:
the plan, delivery and meetings, with their history tables) schedules a bump for when
the transaction commits. Admin saves and deletes, inlines, bulk actions, reverts,
publishing, the loader, imports, management commands, queryset `.update()` and
`bulk_create()` and raw SQL all reach the database this way, so none can be missed by a
code path that forgot to send a signal. Sessions, sign-in records and API tokens live in
other apps' tables and do not bump it.

**Why after the commit, not inside the transaction.** A page is stored under the version
read *before* it was rendered. Bumping after the commit means that a request that read
the new version started after the data was committed, so it renders the new data; a
request that read the old version may have rendered old data, but stores it under a
version no one asks for again. Bumping inside the transaction would let a request read
the new version and then the old data before the commit, and keep that stale page. A
rolled-back transaction bumps nothing.

**A new random token each time, not a counter**, so the store needs no atomic
increment: two bumps at once both leave a token no earlier request has seen. The token
starts with the time of the bump, which pages give as their Last-Modified. It lives in
the cache named `data_version` (settings): Redis with REDIS_URL, shared by every process
and machine; otherwise a file in a temporary folder, shared by the processes of one
machine. A lost token (evicted, Redis emptied) is replaced by a new one: every page
misses once, none is stale."""

from __future__ import annotations

import logging
import re
import time
import uuid
from datetime import UTC, datetime

from django.core.cache import caches
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)

CACHE_ALIAS = "data_version"
KEY = "boardportal:data-version"
# The apps whose tables the public pages read: a write to any of them is a new version.
WATCHED_APPS = ("core", "priorities", "programmes", "meetings")

_WRITE = re.compile(
    r"\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+[\"`]?(\w+)", re.IGNORECASE
)
_WATCHED_TABLE = re.compile(rf"(?:{'|'.join(WATCHED_APPS)})_", re.IGNORECASE)


def writes_watched_table(sql: str) -> bool:
    """The statement inserts, updates or deletes rows of a watched app's table."""
    match = _WRITE.match(sql)
    return bool(match and _WATCHED_TABLE.match(match.group(1)))


def _new_token() -> str:
    return f"{time.time():.6f}-{uuid.uuid4().hex[:16]}"


def current() -> str:
    """The data version now: read it before rendering what is stored under it."""
    store = caches[CACHE_ALIAS]
    token = store.get(KEY)
    if token is None:
        # Lost or never set: any new token will do, and add() keeps the first one made
        # when several processes get here at once.
        store.add(KEY, _new_token(), timeout=None)
        token = store.get(KEY) or _new_token()
    return token


def changed_at(token: str) -> datetime:
    """When the version `token` was made: the time the data last changed."""
    try:
        return datetime.fromtimestamp(float(token.split("-", 1)[0]), tz=UTC)
    except ValueError:
        return datetime.now(tz=UTC)


def bump() -> None:
    """A new version now. Writes call it through `bump_on_commit`; call it directly only
    for a change the database does not see."""
    caches[CACHE_ALIAS].set(KEY, _new_token(), timeout=None)


def bump_on_commit(connection: BaseDatabaseWrapper) -> None:
    """A new version when the current transaction commits (at once outside one); once per
    transaction however many rows it writes."""
    if connection.in_atomic_block and any(entry[1] is bump for entry in connection.run_on_commit):
        return
    transaction.on_commit(bump, using=connection.alias, robust=True)


def _bumping_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and writes_watched_table(sql):
        bump_on_commit(context["connection"])
    return result


def install(connection: BaseDatabaseWrapper) -> None:
    """Watch this connection's statements (idempotent: connection_created comes again on
    every reconnection of the same wrapper)."""
    if _bumping_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_bumping_writes)


def on_connection_created(sender, connection: BaseDatabaseWrapper, **kwargs) -> None:
    install(connection)
