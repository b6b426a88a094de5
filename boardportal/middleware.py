"""Request ids for the logs, a plain 503 page while the database is away, and a 400
for addresses with a null character in them.

Every request gets an id: the incoming `X-Request-ID` when a proxy sent a sane short
token, else a new uuid4. It goes back in the response's `X-Request-ID` header, onto
every log record written while the request is handled (`RequestIdFilter`), and onto
the 500 page, so a person can quote it and an officer can find the log lines.
"""

from __future__ import annotations

import importlib
import logging
import re
import uuid
from contextvars import ContextVar

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.log import log_response

logger = logging.getLogger("boardportal.faults")

REQUEST_ID_HEADER = "X-Request-ID"
# Letters, digits, dot, dash and underscore, 1 to 64 of them: anything else (a line
# break that would forge a log line, a megabyte of text) is replaced by our own id.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def _driver_errors(modules=("psycopg2", "psycopg", "sqlite3")) -> tuple[type[Exception], ...]:
    """OperationalError and InterfaceError of each database driver that is installed
    (psycopg 3 is not, today; it counts when it is)."""
    errors: list[type[Exception]] = []
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        errors += [module.OperationalError, module.InterfaceError]
    return tuple(errors)


# The database is away: the server is down or restarting, refuses connections, or
# dropped one. Django wraps most driver errors in its own classes, but not all: an
# error from a cursor's close(), as when a query's rows are read lazily while a
# template renders, reaches us as the driver's own (psycopg2.OperationalError, say).
DATABASE_DOWN: tuple[type[Exception], ...] = (OperationalError, InterfaceError, *_driver_errors())


def database_error(exception: BaseException | None) -> BaseException | None:
    """The exception that means "the database is unavailable", or None: the one place
    that decides it, for DatabaseUnavailableMiddleware and the 500 handler alike.

    `exception` counts when it is one of DATABASE_DOWN, or was raised from one or while
    handling one (its __cause__ or __context__, as a traceback shows them): a library
    that wraps the driver's error, or cleanup code that fails in turn, is still an
    outage."""
    seen: set[int] = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, DATABASE_DOWN):
            return exception
        seen.add(id(exception))
        if exception.__cause__ is not None:
            exception = exception.__cause__
        elif exception.__suppress_context__:
            return None
        else:
            exception = exception.__context__
    return None


_request_id: ContextVar[str] = ContextVar("request_id", default="-")


def current_request_id() -> str:
    """The id of the request being handled in this thread, or "-" outside one."""
    return _request_id.get()


def request_id_for(request: HttpRequest) -> str:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    if SANE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Give each request an id (`request.request_id`), for the logs and the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = request_id_for(request)
        token = _request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """Put `request_id` on every record, for the log format's `%(request_id)s`.

    Django logs a 4xx or 5xx response after the middleware has returned; those records
    carry the request itself, so its id is read from there first."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or current_request_id()
        return True


def database_unavailable(
    request: HttpRequest | None = None, exception: BaseException | None = None
) -> HttpResponse:
    """The static 503 page: no traceback, no SQL, nothing read from the database.

    With `exception` (from `database_error`), also the outage's one line in the log, at
    ERROR, with the request id; Django then logs nothing more for this response. A
    request that fails again while its 503 is on the way out (SessionMiddleware reads
    the session once more) is logged again only at DEBUG: one line per request."""
    context = {"request_id": getattr(request, "request_id", "")}
    response = HttpResponse(loader.get_template("503.html").render(context), status=503)
    # Worth trying again in a minute; most outages are a restart.
    response["Retry-After"] = "60"
    if exception is not None:
        message = str(exception).strip()
        # The driver's message names the host and port, never the password. Django's
        # log_response escapes line breaks (no forged lines) and marks the response
        # logged, so neither Django's "Service Unavailable" line nor a traceback follows.
        again = getattr(request, "database_unavailable_logged", False)
        if request is not None:
            request.database_unavailable_logged = True
        log_response(
            "Database unavailable (%s: %s) at %s %s",
            type(exception).__name__,
            message.splitlines()[0] if message else "",
            getattr(request, "method", "-"),
            getattr(request, "path", "-"),
            response=response,
            request=request,
            logger=logger,
            level="debug" if again else "error",
        )
    return response


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers 503 with the static page, also
    when the failure comes while its TemplateResponse renders.

    Nothing needs restarting afterwards: Django drops an unusable connection at the
    end of the request (and health-checks reused ones, CONN_HEALTH_CHECKS), so the
    next request connects afresh. A failure outside a view (a middleware loading or
    saving the session) reaches `boardportal.views.site.server_error`, which answers
    the same; both ask `database_error` which exceptions count."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        error = database_error(exception)
        if error is None:
            return None
        return database_unavailable(request, error)


class RejectNullCharactersMiddleware:
    """A null character (`%00`) in the path or query string gets the 400 page.

    It is never part of a sensible address here, and PostgreSQL refuses it in any
    query, so a view passing it on would fail with a 500. Form fields already refuse
    it (Django's CharField validates against it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            # Imported here: LOGGING loads this module before the models are ready.
            from boardportal.asat import BadQuery

            raise BadQuery("The address has a null character (%00) in it. Remove it and try again.")
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, adding `BOARDPORTAL_ADMIN_CSP_UPDATE` (settings) to the
    policy of pages under /admin/: the one exception a third-party admin page needs."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.update is None and request.path_info.startswith("/admin/"):
            parts.update = settings.BOARDPORTAL_ADMIN_CSP_UPDATE
        return parts
