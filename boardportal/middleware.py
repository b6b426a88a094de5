"""Request ids for the logs, a plain 503 page while the database is away, and a 400
for addresses with a null character in them.

Every request gets an id: the incoming `X-Request-ID` when a proxy sent a sane short
token, else a new uuid4. It goes back in the response's `X-Request-ID` header, onto
every log record written while the request is handled (`RequestIdFilter`), and onto
the 500 page, so a person can quote it and an officer can find the log lines.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

logger = logging.getLogger("boardportal.faults")

REQUEST_ID_HEADER = "X-Request-ID"
# Letters, digits, dot, dash and underscore, 1 to 64 of them: anything else (a line
# break that would forge a log line, a megabyte of text) is replaced by our own id.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

# The database is away: the server is down or restarting, refuses connections, or
# dropped one. Both come from the driver through Django's wrappers.
DATABASE_DOWN = (OperationalError, InterfaceError)

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


def database_unavailable(request: HttpRequest | None = None) -> HttpResponse:
    """The static 503 page: no traceback, no SQL, nothing read from the database."""
    context = {"request_id": getattr(request, "request_id", "")}
    response = HttpResponse(loader.get_template("503.html").render(context), status=503)
    # Worth trying again in a minute; most outages are a restart.
    response["Retry-After"] = "60"
    return response


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers 503 with the static page.

    Nothing needs restarting afterwards: Django drops an unusable connection at the
    end of the request (and health-checks reused ones, CONN_HEALTH_CHECKS), so the
    next request connects afresh. A failure outside a view (a middleware saving the
    session) reaches `boardportal.views.site.server_error`, which answers the same."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_DOWN):
            return None
        # The driver's message names the host and port, never the password.
        logger.error(
            "Database unavailable (%s: %s) at %s %s",
            type(exception).__name__,
            str(exception).strip().splitlines()[0] if str(exception).strip() else "",
            request.method,
            request.path,
        )
        return database_unavailable(request)


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
