"""The site's URLs and, for the benchmark only, a bare Django view: the same middleware
and server, no database and no template, the ceiling a page is measured against."""

from django.db import connection
from django.http import HttpResponse
from django.urls import path

from boardportal.urls import *  # noqa: F403
from boardportal.urls import urlpatterns as site_urlpatterns


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *site_urlpatterns]


def count_queries(get_response):
    """Middleware: asked with `X-Bench-Count: 1`, answers `X-Bench-Queries`, the database
    queries made for the response (a streamed one is gathered first to count them all).
    The measured requests do not ask, and pay nothing for it."""

    def middleware(request):
        if request.headers.get("X-Bench-Count") != "1":
            return get_response(request)
        queries = 0

        def counted(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            response = get_response(request)
            if response.streaming:
                response.streaming_content = [b"".join(response.streaming_content)]
        response["X-Bench-Queries"] = str(queries)
        return response

    return middleware
