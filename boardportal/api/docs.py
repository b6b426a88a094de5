"""The API documentation page's stylesheet, served from here so that the page needs no
exception to the Content-Security-Policy.

Swagger UI's stylesheet (vendored by drf-spectacular-sidecar) draws its icons (the select
arrow, the copy button, the model toggle, a ticked box) as `data:` images, which the
policy's `img-src 'self'` refuses. Rather than allow `data:` images on the page, the
stylesheet is served with each `data:` image moved to an address of its own on this site
(/api/v1/docs/images/<n>), and with a few rules of ours after it
(templates/opendata/api_docs_overrides.css): link and text colours with a 4.5:1
contrast, as the rest of the site has."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote

from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from .http import served_openly

SWAGGER_CSS = "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css"
# url("...") with CSS escapes inside the quotes, or url(...) unquoted.
CSS_URL = re.compile(r'url\(\s*(?:"((?:\\.|[^"\\])*)"|([^)"\'\s]*))\s*\)')
CSS_ESCAPE = re.compile(r"\\(.)", re.S)
# A day: the files change only with the package.
MAX_AGE = 24 * 60 * 60


@dataclass(frozen=True)
class Image:
    content_type: str
    body: bytes


def data_image(url: str) -> Image | None:
    """A `data:` URL's image, or None for any other URL."""
    if not url.startswith("data:") or "," not in url:
        return None
    header, payload = url[len("data:") :].split(",", 1)
    content_type, *params = header.split(";")
    if "base64" in params:
        return Image(content_type, base64.b64decode(payload))
    return Image(content_type, unquote(payload).encode())


@cache
def stylesheet() -> tuple[str, tuple[Image, ...]]:
    """Swagger UI's stylesheet with its `data:` images replaced by addresses here, and the
    images by number."""
    path = finders.find(SWAGGER_CSS)
    if path is None:
        raise Http404("Swagger UI's stylesheet is not installed")
    images: list[Image] = []

    def moved(match: re.Match) -> str:
        quoted, bare = match.groups()
        url = CSS_ESCAPE.sub(r"\1", quoted) if quoted is not None else bare
        image = data_image(url)
        if image is None:
            return match.group(0)
        images.append(image)
        where = reverse("api:docs-image", kwargs={"number": len(images) - 1})
        return f'url("{where}")'

    return CSS_URL.sub(moved, Path(path).read_text()), tuple(images)


def _lasting(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


@served_openly
@require_safe
def docs_css(request: HttpRequest) -> HttpResponse:
    css, _ = stylesheet()
    ours = render_to_string("opendata/api_docs_overrides.css")
    return _lasting(HttpResponse(css + "\n" + ours, content_type="text/css; charset=utf-8"))


@served_openly
@require_safe
def docs_image(request: HttpRequest, number: int) -> HttpResponse:
    _, images = stylesheet()
    if number >= len(images):
        raise Http404("No such image")
    image = images[number]
    return _lasting(HttpResponse(image.body, content_type=image.content_type))
