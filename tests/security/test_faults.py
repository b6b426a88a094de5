"""When the database is away: /healthz says so, pages answer 503 with a static page
(no traceback, no SQL), and the portal recovers by itself once the database is back."""

import pytest
from django.conf import settings
from django.db import OperationalError, connections

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


def assert_static_503(response):
    assert response.status_code == 503
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Retry-After"] == "60"
    assert "Content-Security-Policy" in response
    html = response.content.decode()
    assert "Sorry, the service is unavailable" in html
    assert f"quote reference <code>{response['X-Request-ID']}</code>" in html
    for leak in ("Traceback", "OperationalError", "Connection refused", "SELECT", "5432"):
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
    # A signed-in visitor's session is saved after the view, outside it: that failure
    # reaches the 500 handler, which answers 503 all the same.
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
