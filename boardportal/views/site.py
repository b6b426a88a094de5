"""Search, the accessibility statement, the error pages and the health check."""

from __future__ import annotations

import logging
import sys

from django.db import Error as DatabaseError
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from boardportal import selectors
from boardportal.asat import BadQuery
from boardportal.middleware import database_error, database_unavailable

MAX_QUERY_LENGTH = 200

logger = logging.getLogger("boardportal.faults")


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """One box across priorities, programmes, progress updates, agenda items and paragraphs."""
    query = request.GET.get("q", "").strip()
    if len(query) > MAX_QUERY_LENGTH:
        raise BadQuery(f"Search for at most {MAX_QUERY_LENGTH} characters.")
    results = selectors.search(query=query, user=request.user)
    return render(
        request,
        "portal/search.html",
        {"query": query, "groups": results.groups, "total": results.total, "nav": "search"},
    )


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html", {"today": timezone.localdate()})


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A 400 page that tells the visitor what to correct when we know."""
    message = str(exception) if isinstance(exception, BadQuery) else ""
    template = loader.get_template("400.html")
    return HttpResponse(template.render({"message": message}, request), status=400)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    template = loader.get_template("404.html")
    return HttpResponse(template.render({}, request), status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, with the request id to quote; 503 when the database is away.

    Most database failures are caught in a view by DatabaseUnavailableMiddleware; this
    catches the rest (a middleware loading or saving a signed-in visitor's session, say),
    deciding the same way (`database_error`), with the same one line in the log."""
    error = database_error(sys.exc_info()[1])
    if error is not None:
        return database_unavailable(request, error)
    context = {"request_id": getattr(request, "request_id", "")}
    return HttpResponseServerError(loader.get_template("500.html").render(context))


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """For a load balancer: 200 "ok" when the database answers `SELECT 1`, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.error("Health check: database unavailable (%s)", type(error).__name__)
        return HttpResponse(
            "database unavailable", status=503, content_type="text/plain; charset=utf-8"
        )
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
