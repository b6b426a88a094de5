"""When the database is away: /healthz says so, pages answer 503 with a static page
(no traceback, no SQL), and the portal recovers by itself once the database is back.

Each way the database can fail is injected where it happens (at connect, execute, fetch,
a cursor's close, and while a TemplateResponse renders), in a public view, the admin,
the middleware that loads and saves a signed-in session, and a report download; as
Django's exception and as the driver's own (psycopg2 on PostgreSQL, sqlite3 on SQLite).
Every one must answer the static 503 with Retry-After and log one line at ERROR with the
request id. Run on both databases: DATABASE_URL=postgres://... selects PostgreSQL.
"""

import io
import logging
import re
import sqlite3
from dataclasses import dataclass, field

import psycopg2
import psycopg2.errors
import pytest
from django.conf import settings
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, connections
from django.template.response import SimpleTemplateResponse
from django.test import Client

from boardportal.middleware import DATABASE_DOWN, RequestIdFilter, database_error
from programmes.models import Programme
from tests.conftest import verified_login
from tests.factories import PlanYearFactory, PriorityFactory, ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
PAGES = ["/", "/plan/2012-13/", "/programmes/", "/meetings/", "/search/?q=peer", "/reports/"]


@pytest.fixture
def plan():
    year = PlanYearFactory(label="2012/13")
    ProgrammeFactory(name="Leeds Castle", priorities=[PriorityFactory(plan_year=year)])


@pytest.fixture
def database_down(monkeypatch):
    """Every query fails as it does when the server is unreachable. (The test on
    PostgreSQL below does it for real, with a closed port.)"""
    connection = connections["default"]

    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "db" failed: Connection refused')

    def down():
        monkeypatch.setattr(connection, "cursor", refuse)

    return down


@pytest.fixture
def log():
    """What the portal's own log handler (settings.LOGGING) writes, as text."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RequestIdFilter) for f in h.filters)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def assert_static_503(response):
    assert response.status_code == 503
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Retry-After"] == "60"
    assert "Content-Security-Policy" in response
    html = response.content.decode()
    assert "Sorry, the service is unavailable" in html
    assert f"quote reference <code>{response['X-Request-ID']}</code>" in html
    for leak in (
        "Traceback",
        "OperationalError",
        "InterfaceError",
        "Connection refused",
        "server closed",
        "SELECT",
        "5432",
    ):
        assert leak not in html


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_pages_answer_503_while_the_database_is_down(client, plan, database_down, caplog):
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    database_down()
    client.raise_request_exception = False
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.content == b"database unavailable"
    for url in PAGES:
        assert_static_503(client.get(url))
    logged = [r.getMessage() for r in caplog.records if r.name == "boardportal.faults"]
    assert (
        'Database unavailable (OperationalError: connection to server at "db" failed: '
        "Connection refused) at GET /reports/"
    ) in logged


def test_signed_in_pages_answer_503_too(client, plan, database_down, settings):
    # A signed-in visitor's session is loaded by a middleware, outside the view: that
    # failure reaches the 500 handler, which answers 503 all the same.
    settings.SESSION_SAVE_EVERY_REQUEST = True
    client.force_login(UserFactory())
    assert client.get("/programmes/").status_code == 200
    database_down()
    client.raise_request_exception = False
    assert_static_503(client.get("/programmes/"))


def test_the_portal_recovers_when_the_database_is_back(client, plan, database_down, monkeypatch):
    client.raise_request_exception = False
    database_down()
    assert client.get("/programmes/").status_code == 503
    monkeypatch.undo()  # the database is back
    assert client.get("/programmes/").status_code == 200
    assert client.get("/healthz").content == b"ok"


@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL (set DATABASE_URL)")
@pytest.mark.django_db(transaction=True)
def test_postgres_outage_for_real(client):
    """The connection pointed at a closed port, then back: no restart in between."""
    PlanYearFactory(label="2012/13")
    connection = connections["default"]
    client.raise_request_exception = False
    assert client.get("/plan/2012-13/").status_code == 200
    real_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = 1  # nothing listens there
    try:
        assert client.get("/healthz").status_code == 503
        assert_static_503(client.get("/plan/2012-13/"))
        assert_static_503(client.get("/programmes/"))
    finally:
        connection.close()
        connection.settings_dict["PORT"] = real_port
    assert client.get("/healthz").content == b"ok"
    assert client.get("/plan/2012-13/").status_code == 200


# --- Which exceptions mean "the database is unavailable" -----------------------------


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("server closed the connection unexpectedly"),
        InterfaceError("connection already closed"),
        psycopg2.OperationalError("server closed the connection unexpectedly"),
        psycopg2.InterfaceError("cursor already closed"),
        psycopg2.errors.AdminShutdown("terminating connection due to administrator command"),
        psycopg2.errors.CannotConnectNow("the database system is starting up"),
        sqlite3.OperationalError("unable to open database file"),
    ],
    ids=repr,
)
def test_django_and_driver_errors_mean_the_database_is_away(error):
    assert database_error(error) is error


def test_a_wrapper_of_a_driver_error_counts_by_what_it_wraps():
    cause = psycopg2.OperationalError("server closed the connection unexpectedly")
    try:
        try:
            raise cause
        except psycopg2.Error as error:
            raise RuntimeError("the report could not be written") from error
    except RuntimeError as wrapper:
        assert database_error(wrapper) is cause
    try:
        try:
            raise cause
        except psycopg2.Error:
            raise KeyError("cleanup failed") from None  # said not to matter
    except KeyError as unrelated:
        assert database_error(unrelated) is None


@pytest.mark.parametrize(
    "error",
    [
        RuntimeError("Something went wrong"),
        IntegrityError("duplicate key value"),
        DatabaseError("value too long for type character varying(200)"),
        psycopg2.errors.UniqueViolation("duplicate key value"),
        None,
    ],
    ids=repr,
)
def test_other_errors_are_not_an_outage(error):
    assert database_error(error) is None


def test_psycopg_3_counts_only_when_it_is_installed():
    try:
        import psycopg  # noqa: F401
    except ImportError:
        assert not [c for c in DATABASE_DOWN if c.__module__.split(".")[0] == "psycopg"]
    else:
        assert psycopg.OperationalError in DATABASE_DOWN


# --- Each failure point, injected -----------------------------------------------------


@dataclass
class Fault:
    """One failure of the database, at `point`, on the statements `where` picks (and,
    with `rendering`, only while a TemplateResponse renders), raised as the driver's
    own `error` class. `fired` counts the failures, to prove the path was taken."""

    point: str
    where: object
    error: type[Exception]
    rendering: bool = False
    fired: int = 0
    active: list = field(default_factory=lambda: [False])

    def hits(self, point: str, sql: str) -> bool:
        wanted = point == self.point and self.where(sql)
        return wanted and (not self.rendering or self.active[0])

    def fail(self):
        self.fired += 1
        raise self.error(
            "server closed the connection unexpectedly\n"
            "\tThis probably means the server terminated abnormally\n"
            "\tbefore or while processing the request.\n"
        )


class FaultyCursor:
    """The driver's cursor, failing where the fault says (a patched cursor: Django wraps
    what the driver raises from execute and fetch, not from close)."""

    def __init__(self, cursor, fault: Fault):
        self._cursor = cursor
        self._fault = fault
        self._sql = ""

    def __getattr__(self, name):
        return getattr(self._cursor, name)

    def __iter__(self):
        return iter(self._cursor)

    def execute(self, sql, params=None):
        self._sql = str(sql)
        if self._fault.hits("execute", self._sql):
            self._fault.fail()
        return self._cursor.execute(sql, params)

    def _fetch(self, method, *args):
        if self._fault.hits("fetch", self._sql):
            self._fault.fail()
        return getattr(self._cursor, method)(*args)

    def fetchone(self):
        return self._fetch("fetchone")

    def fetchmany(self, *args):
        return self._fetch("fetchmany", *args)

    def fetchall(self):
        return self._fetch("fetchall")

    def close(self):
        self._cursor.close()
        if self._fault.hits("close", self._sql):
            self._fault.fail()


def touches(table):
    return lambda sql: f'"{table}"' in sql


def session_read(sql):
    return sql.startswith("SELECT") and '"django_session"' in sql


def session_write(sql):
    return sql.startswith(("UPDATE", "INSERT")) and '"django_session"' in sql


@dataclass
class Place:
    url: str
    who: str  # "anonymous", "member" or "staff" (verified with a second factor)
    where: object
    points: tuple


PLACES = {
    "public view": Place("/programmes/", "anonymous", touches("programmes_programme"), ()),
    "admin": Place("/admin/programmes/programme/", "staff", touches("programmes_programme"), ()),
    "session load": Place("/programmes/", "member", session_read, ()),
    "session save": Place("/programmes/", "member", session_write, ("fetch",)),
    "report download": Place(
        "/reports/2012-13/overview/q3.csv", "anonymous", touches("boardportal_builtreport"), ()
    ),
}
POINTS = ("execute", "execute_wrapper", "fetch", "close")
KINDS = ("OperationalError", "InterfaceError")
CASES = [
    pytest.param(place, point, kind, id=f"{place}-{point}-{kind}")
    for place, spec in PLACES.items()
    for point in POINTS
    if point not in spec.points
    for kind in KINDS
]
# Rows read lazily while the TemplateResponse renders (the filter form's choices on the
# programme list, the admin's change list): the 500 of the issue, from cursor.close().
# The admin's change list reads its rows in the view; its home page and a change form
# (the choices of its fields) read theirs while the page renders.
RENDERING_PLACES = {
    "public view": PLACES["public view"],
    "admin home": Place("/admin/", "staff", None, ()),
    "admin form": Place("/admin/programmes/programme/{programme}/change/", "staff", None, ()),
}
RENDERING_CASES = [
    pytest.param(place, point, kind, id=f"{place}-rendering-{point}-{kind}")
    for place in RENDERING_PLACES
    for point in ("execute", "fetch", "close")
    for kind in KINDS
]


@pytest.fixture
def visitor(db, plan):
    def visitor(who):
        client = Client(raise_request_exception=False)
        if who == "member":
            client.force_login(UserFactory())
        elif who == "staff":
            verified_login(client, UserFactory(is_staff=True, is_superuser=True))
        return client

    return visitor


@pytest.fixture
def inject(monkeypatch):
    """inject(point, where, kind, rendering=False) -> the Fault, now in force."""
    connection = connections["default"]

    def inject(point, where, kind, rendering=False):
        fault = Fault(point, where, getattr(connection.Database, kind), rendering)
        if rendering:
            render = SimpleTemplateResponse.render

            def rendering_with_fault(self):
                fault.active[0] = True
                try:
                    return render(self)
                finally:
                    fault.active[0] = False

            monkeypatch.setattr(SimpleTemplateResponse, "render", rendering_with_fault)
        if point == "execute_wrapper":
            # Raised around the driver's execute: Django's own wrapping never sees it.
            fault.point = "execute"

            def wrapper(execute, sql, params, many, context):
                if fault.hits("execute", sql):
                    fault.fail()
                return execute(sql, params, many, context)

            connection.execute_wrappers.append(wrapper)
        else:
            create_cursor = connection.create_cursor
            monkeypatch.setattr(
                connection,
                "create_cursor",
                lambda name=None: FaultyCursor(create_cursor(name), fault),
            )
        return fault

    yield inject
    for wrapper in list(connection.execute_wrappers):
        connection.execute_wrappers.remove(wrapper)


def assert_one_error_line(log, request_id):
    text = log.getvalue()
    errors = [line for line in text.splitlines() if " ERROR " in line]
    assert len(errors) == 1, text
    assert re.search(
        rf"ERROR \[request {request_id}\] boardportal.faults: Database unavailable "
        r"\((OperationalError|InterfaceError): server closed the connection unexpectedly\) "
        r"at GET /",
        errors[0],
    ), text
    assert "Traceback" not in text


@pytest.mark.parametrize(("place", "point", "kind"), CASES)
def test_each_failure_point_answers_the_static_503(visitor, inject, log, place, point, kind):
    spec = PLACES[place]
    client = visitor(spec.who)
    assert client.get(spec.url).status_code == 200  # the page works, and is warmed up
    log.seek(0)
    log.truncate()
    fault = inject(point, spec.where, kind)
    response = client.get(spec.url, headers={"X-Request-ID": f"fault-{point}"})
    assert fault.fired, f"the fault was never reached at {point} in {place}"
    assert_static_503(response)
    assert_one_error_line(log, f"fault-{point}")


@pytest.mark.parametrize(("place", "point", "kind"), RENDERING_CASES)
def test_a_failure_while_the_template_renders_answers_the_static_503(
    visitor, inject, log, place, point, kind
):
    spec = RENDERING_PLACES[place]
    url = spec.url.format(programme=Programme.objects.get().pk)
    client = visitor(spec.who)
    assert client.get(url).status_code == 200
    log.seek(0)
    log.truncate()
    fault = inject(point, lambda sql: True, kind, rendering=True)
    response = client.get(url, headers={"X-Request-ID": "fault-rendering"})
    assert fault.fired, f"no query while {place} renders"
    assert_static_503(response)
    assert_one_error_line(log, "fault-rendering")


@pytest.mark.parametrize(
    "who,url",
    [
        ("anonymous", "/programmes/"),
        ("staff", "/admin/programmes/programme/"),
        ("anonymous", "/reports/2012-13/overview/q3.csv"),
    ],
)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.django_db(transaction=True)
def test_a_failure_to_connect_answers_the_static_503(visitor, log, monkeypatch, who, url, kind):
    """The connection has gone (CONN_MAX_AGE ran out, or the server restarted) and a new
    one cannot be made."""
    connection = connections["default"]
    client = visitor(who)
    assert client.get(url).status_code == 200
    log.seek(0)
    log.truncate()
    error = getattr(connection.Database, kind)

    def refuse(conn_params):
        raise error("server closed the connection unexpectedly\n\tThis probably means ...")

    # Put aside rather than closed: SQLite's in-memory test database lives while its
    # connection does.
    kept, connection.connection = connection.connection, None
    monkeypatch.setattr(connection, "get_new_connection", refuse)
    try:
        response = client.get(url, headers={"X-Request-ID": "fault-connect"})
    finally:
        monkeypatch.undo()
        if connection.connection is not None:
            connection.close()
        connection.connection = kept
    assert_static_503(response)
    assert_one_error_line(log, "fault-connect")
    assert client.get(url).status_code == 200  # and back
