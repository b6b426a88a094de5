"""How the API answers over HTTP: JSON errors a person can act on (never a 500), ETag
and 304, throttling with Retry-After, and GET (only) open to every origin; the same for
the feeds and downloads."""

import pytest

from tests.api.conftest import AS_AT

pytestmark = pytest.mark.django_db


def error(client, url, status, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, (url, response.content[:300])
    assert response["Content-Type"] == "application/json"
    return response.json()


@pytest.mark.parametrize(
    ("query", "parameter", "words"),
    [
        ("as_at=2012-13-45", "as_at", "is not a date"),
        ("as_at=yesterday", "as_at", "Give the as-at date as year-month-day"),
        ("as_at=1066-10-14", "as_at", "between 1990 and 2100"),
        ("board=no-such-board", "board", "Select a valid choice"),
        ("rag=purple", "rag", "Select a valid choice"),
        ("plan_year=2099-00", "plan_year", "Select a valid choice"),
        ("status=sleeping", "status", "Select a valid choice"),
    ],
)
def test_a_bad_query_is_a_400_naming_the_parameter(client, world, query, parameter, words):
    data = error(client, f"/api/v1/programmes/?{query}", 400)
    assert set(data) == {"detail", "errors"}
    assert list(data["errors"]) == [parameter]
    assert words in data["errors"][parameter][0]
    assert data["detail"].startswith(f"Check the query: {parameter}: ")


def test_a_draft_plan_year_is_an_unknown_filter_value_for_the_public(client, world):
    data = error(client, "/api/v1/priorities/?plan_year=2014-15", 400)
    assert "plan_year" in data["errors"]


def test_a_page_out_of_range_is_a_404_saying_so(client, world):
    data = error(client, "/api/v1/programmes/?page=9", 404)
    assert data == {
        "detail": "There is no page “9”: That page contains no results. Pages are numbered "
        "from 1; the first page's “count” says how many items there are."
    }
    assert "no page “nine”" in error(client, "/api/v1/programmes/?page=nine", 404)["detail"]


def test_unknown_records_and_addresses_are_json_404s(client, world):
    assert error(client, "/api/v1/programmes/no-such-programme/", 404)["detail"]
    assert error(client, "/api/v1/meetings/99999999999999999/", 404)["detail"]
    assert error(client, "/api/v1/plan-years/2099-00/", 404)["detail"]
    for url in ("/api/v1/no-such-thing/", "/api/v2/", "/api/v1/meetings/not-a-number/"):
        assert "no such address in the API" in error(client, url, 404)["detail"]


def test_the_api_is_read_only(client, world):
    for method in (client.post, client.put, client.patch, client.delete):
        response = method("/api/v1/programmes/")
        assert response.status_code == 405
        assert response.json() == {"detail": f'Method "{method.__name__.upper()}" not allowed.'}
        assert "Access-Control-Allow-Origin" not in response


def test_only_json_is_served(client, world):
    data = error(client, "/api/v1/programmes/", 406, HTTP_ACCEPT="text/html")
    assert data == {"detail": "Could not satisfy the request Accept header."}


def test_etag_and_304(client, world):
    url = f"/api/v1/programmes/?as_at={AS_AT}"
    first = client.get(url)
    etag = first["ETag"]
    assert etag and first["Cache-Control"] == "no-cache"
    assert {"Authorization", "Cookie"} <= {v.strip() for v in first["Vary"].split(",")}
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Access-Control-Allow-Origin"] == "*"
    # Another date is another answer.
    other = client.get("/api/v1/programmes/?as_at=2012-06-30", HTTP_IF_NONE_MATCH=etag)
    assert other.status_code == 200
    assert other["ETag"] != etag


def test_a_signed_in_answer_is_private_and_has_its_own_etag(client, world, token):
    anonymous = client.get("/api/v1/plan-years/")
    member = client.get("/api/v1/plan-years/", HTTP_AUTHORIZATION=token)
    assert member["Cache-Control"] == "no-cache, private"
    assert member["ETag"] != anonymous["ETag"]
    stale = client.get(
        "/api/v1/plan-years/", HTTP_AUTHORIZATION=token, **{"HTTP_IF_NONE_MATCH": anonymous["ETag"]}
    )
    assert stale.status_code == 200


def test_anonymous_requests_are_throttled_with_retry_after(client, world, settings, token):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "3/minute", "signed_in": "5/minute"},
    }
    for _ in range(3):
        assert client.get("/api/v1/boards/").status_code == 200
    response = client.get("/api/v1/boards/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["detail"].startswith("Request was throttled.")
    # Another address has its own count; so does a token's owner.
    assert client.get("/api/v1/boards/", REMOTE_ADDR="10.0.0.9").status_code == 200
    assert client.get("/api/v1/boards/", HTTP_AUTHORIZATION=token).status_code == 200
    # X-Forwarded-For is not believed without a trusted proxy.
    assert client.get("/api/v1/boards/", HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/programmes/",
        "/api/v1/",
        "/api/v1/schema/",
        "/feeds/meetings.ics",
        "/feeds/progress-updates.atom",
        "/open-data/programmes.csv",
    ],
)
def test_get_is_open_to_any_origin_and_nothing_else(client, world, url):
    origin = {"HTTP_ORIGIN": "https://dashboard.example.com"}
    for method in (client.get, client.head):
        response = method(url, **origin)
        assert response.status_code == 200, url
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in response
        assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        url,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
        **origin,
    )
    assert preflight.status_code in (200, 204)
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert preflight["Access-Control-Allow-Headers"] == "Authorization, If-None-Match"
    posted = client.post(url, **origin)
    assert posted.status_code in (403, 405)
    assert "Access-Control-Allow-Origin" not in posted


def test_pages_are_not_opened_to_other_origins(client, world):
    assert "Access-Control-Allow-Origin" not in client.get("/programmes/")
    assert "Access-Control-Allow-Origin" not in client.get("/")
