"""What every open-data response shares (the API, the feeds and the downloads): any origin
may read it with GET, HEAD or OPTIONS, and a GET answer carries an ETag and is 304 Not
Modified when the client already holds it.

Cross-origin reads go without credentials: `Access-Control-Allow-Origin: *` is never
sent with `Allow-Credentials`, so a browser neither sends cookies nor shows another
site a signed-in answer. Any other method gets no CORS header at all."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def add_cors_headers(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """`Access-Control-Allow-Origin: *` on a GET, HEAD or OPTIONS answer; nothing else."""
    if request.method not in SAFE_METHODS:
        return response
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = ", ".join(settings.BOARDPORTAL_CORS_EXPOSE_HEADERS)
    if request.method == "OPTIONS":
        response["Access-Control-Allow-Methods"] = ", ".join(SAFE_METHODS)
        response["Access-Control-Allow-Headers"] = ", ".join(
            settings.BOARDPORTAL_CORS_ALLOW_HEADERS
        )
        response["Access-Control-Max-Age"] = str(settings.BOARDPORTAL_CORS_MAX_AGE)
    return response


def finish(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """ETag and 304 for a successful GET (not for a streamed download, whose body is not
    known in advance); who asked decides what is shown, so caches keep answers apart by
    the Authorization header and the session cookie, and revalidate before reuse; then
    the CORS headers."""
    if (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.has_header("ETag")
    ):
        set_response_etag(response)
        response = get_conditional_response(request, etag=response["ETag"], response=response)
    patch_vary_headers(response, ("Authorization", "Cookie"))
    if not response.has_header("Cache-Control"):
        # Kept, but checked with the ETag before each use; a signed-in answer (drafts,
        # exempt items) is never kept by a shared cache.
        user = getattr(request, "user", None)
        private = bool(user is not None and user.is_authenticated)
        patch_cache_control(response, no_cache=True, **({"private": True} if private else {}))
    return add_cors_headers(request, response)


def served_openly(view: Callable) -> Callable:
    """Wrap a view (a function, or a DRF view's `as_view()`) so its answers get `finish()`:
    after rendering, for a response that renders later."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if callable(getattr(response, "render", None)) and not response.is_rendered:
            response.add_post_render_callback(lambda rendered: finish(request, rendered))
            return response
        return finish(request, response)

    return wrapped


def open_download(view: Callable) -> Callable:
    """A feed or a download (a plain Django view): GET and HEAD as the view answers them,
    OPTIONS a preflight answer, any other method 405; each `served_openly`."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ", ".join(SAFE_METHODS)
            return response
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(SAFE_METHODS)
        return view(request, *args, **kwargs)

    return served_openly(wrapped)
