"""A failure shows the styled 500 page with a reference to quote, and is logged with
that request id and without secrets."""

import io
import logging
import re

import pytest
from django.conf import settings
from django.test import override_settings

from boardportal.middleware import RequestIdFilter

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("tests.security.failing_urls"),
]

PASSWORD = "correct-horse-battery-staple-7"


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


def test_a_failure_shows_the_500_page_with_its_reference(client, log):
    client.raise_request_exception = False
    response = client.post(
        "/fails/",
        {"username": "officer", "password": PASSWORD},
        headers={"X-Request-ID": "lb-7f3a9c1e"},
    )
    assert response.status_code == 500
    assert response["X-Request-ID"] == "lb-7f3a9c1e"
    assert "Content-Security-Policy" in response
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "quote reference <code>lb-7f3a9c1e</code>" in html
    for leak in ("Traceback", "RuntimeError", "Something went wrong", PASSWORD):
        assert leak not in html


def test_the_log_names_the_request_and_holds_no_secrets(client, log):
    client.raise_request_exception = False
    client.post("/fails/", {"password": PASSWORD}, headers={"X-Request-ID": "lb-7f3a9c1e"})
    lines = log.getvalue()
    assert re.search(r"WARNING \[request lb-7f3a9c1e\] boardportal.tests: About to fail", lines), (
        lines
    )
    assert re.search(
        r"ERROR \[request lb-7f3a9c1e\] django.request: Internal Server Error: /fails/", lines
    ), lines
    assert "RuntimeError: Something went wrong" in lines  # the traceback, for officers
    assert settings.SECRET_KEY not in lines
    assert PASSWORD not in lines


@override_settings(SECRET_KEY="a-secret-key-that-must-never-be-logged-0123456789abcdef")
def test_no_secret_key_in_the_log_even_when_it_is_long(client, log):
    client.raise_request_exception = False
    client.post("/fails/", {"password": PASSWORD})
    assert "Internal Server Error: /fails/" in log.getvalue()
    assert "a-secret-key-that-must-never-be-logged" not in log.getvalue()


def test_each_request_gets_its_own_id(client, log):
    first, second = client.get("/healthz"), client.get("/healthz")
    for response in (first, second):
        assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.parametrize(
    "incoming",
    ["", "has space", "line\nbreak", "x" * 65, "<script>", "semi;colon", "ünïcode"],
)
def test_an_unsafe_incoming_id_is_replaced(client, log, incoming):
    client.raise_request_exception = False
    response = client.get("/fails/", headers={"X-Request-ID": incoming})
    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert f"[request {request_id}]" in log.getvalue()
    if incoming:
        assert incoming not in log.getvalue()


def test_4xx_responses_are_logged_with_their_request_id(client, log):
    response = client.get("/no-such-page/", headers={"X-Request-ID": "abc-123"})
    assert response.status_code == 404
    assert "WARNING [request abc-123] django.request: Not Found: /no-such-page/" in log.getvalue()


def test_outside_a_request_the_id_is_a_dash(log):
    logging.getLogger("boardportal.tests").warning("From a management command")
    assert "WARNING [request -] boardportal.tests: From a management command" in log.getvalue()
