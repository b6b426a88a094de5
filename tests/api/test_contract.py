"""The API keeps its contract: the schema is valid OpenAPI 3, and property-based requests
(schemathesis, on Hypothesis) against every operation, anonymous and with a board
member's token, get no 5xx and answer as the schema says (status code, content type,
body).

Bounded: each operation runs at most CONTRACT_EXAMPLES examples (15; set
API_CONTRACT_EXAMPLES to change it), derandomised where CI is set (the same examples
every run, as the "ci" Hypothesis profile), and stops sending requests once it has run
for CONTRACT_SECONDS (20 s; API_CONTRACT_SECONDS), and every operation once the whole
run has taken CONTRACT_TOTAL_SECONDS (180 s; API_CONTRACT_TOTAL_SECONDS), however slow
the machine."""

import json
import os
import time

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import hypothesis_profile

pytestmark = pytest.mark.django_db

CONTRACT_EXAMPLES = int(os.environ.get("API_CONTRACT_EXAMPLES", "15"))
CONTRACT_SECONDS = float(os.environ.get("API_CONTRACT_SECONDS", "20"))
CONTRACT_TOTAL_SECONDS = float(os.environ.get("API_CONTRACT_TOTAL_SECONDS", "180"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def openapi() -> dict:
    """The schema as /api/v1/schema/openapi.json serves it."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


def test_the_schema_is_valid_openapi(client):
    served = client.get("/api/v1/schema/openapi.json")
    assert served.status_code == 200
    document = served.json()
    validate(document)
    assert document["openapi"].startswith("3.")
    assert document["info"]["license"]["name"] == "Open Government Licence v3.0"
    assert len(document["paths"]) == 29
    # The YAML at /api/v1/schema/ is the same schema.
    assert client.get("/api/v1/schema/").status_code == 200


schema = schemathesis.openapi.from_dict(openapi())


@pytest.fixture
def wsgi_app():
    """The site as a WSGI app, inside the test's transaction: Django's request signals
    would close the connection (and the transaction) between requests, so they are
    disconnected, as Django's own test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def has_null(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_null(k) or has_null(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(has_null(v) for v in value)
    return False


# When each operation's time is up (monotonic seconds), by its label; and the whole run's.
_ENDS: dict[str, float] = {}


def out_of_time(case) -> bool:
    now = time.monotonic()
    everything = _ENDS.setdefault("", now + CONTRACT_TOTAL_SECONDS)
    ends = _ENDS.setdefault(case.operation.label, now + CONTRACT_SECONDS)
    return now > ends or now > everything


@schema.parametrize()
@settings(
    max_examples=CONTRACT_EXAMPLES,
    derandomize=hypothesis_profile() == "ci",
    database=None if hypothesis_profile() == "ci" else settings.default.database,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_the_contract(case, world, wsgi_app, token):
    if out_of_time(case):
        return
    if has_null(case.query):
        # The site turns a null character away before any view, with its own HTML 400
        # page (tests/security/test_hostile_input.py): not the API's to answer.
        return
    # As the public, and as a board member with a token (drafts and exempt items too).
    for headers in ({}, {"Authorization": token}):
        case.call_and_validate(
            base_url="http://testserver", app=wsgi_app, headers=headers, checks=CHECKS
        )
