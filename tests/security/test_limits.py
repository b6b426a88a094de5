"""Request limits: more than 1,000 fields, or a body over 2.5 MB, gets the styled 400
page, and the next request is served as usual."""

import pytest
from django.conf import settings

from tests.factories import PlanYearFactory, UserFactory

pytestmark = pytest.mark.django_db

LIMIT = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS  # 1,000
MAX_BODY = settings.DATA_UPLOAD_MAX_MEMORY_SIZE  # 2.5 MB


@pytest.fixture(autouse=True)
def plan():
    PlanYearFactory(label="2012/13")


def assert_styled_400(response):
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem with the address" in html
    assert 'class="govuk-template__body"' in html
    assert "Content-Security-Policy" in response
    assert "Traceback" not in html


def assert_still_serving(client):
    response = client.get("/plan/2012-13/")
    assert response.status_code == 200
    assert "Priorities 2012/13" in response.content.decode()


def fields(n: int) -> dict[str, str]:
    return {f"field{i}": "x" for i in range(n)}


@pytest.mark.parametrize("url", ["/search/", "/programmes/", "/plan/2012-13/", "/meetings/"])
def test_a_query_string_with_too_many_fields(client, url):
    assert_styled_400(client.get(url, fields(LIMIT + 1)))
    assert_still_serving(client)


def test_a_query_string_at_the_limit_is_served(client):
    assert client.get("/search/", {"q": "peer", **fields(LIMIT - 1)}).status_code == 200


def test_a_form_with_too_many_fields(client):
    data = {"username": "member", "password": "wrong", **fields(LIMIT)}
    assert_styled_400(client.post("/accounts/login/", data))
    assert_still_serving(client)


def test_a_body_over_the_limit(client):
    body = "username=member&password=" + "x" * MAX_BODY
    response = client.post(
        "/accounts/login/", body, content_type="application/x-www-form-urlencoded"
    )
    assert_styled_400(response)
    assert_still_serving(client)


def test_a_body_within_the_limit_is_read(client):
    UserFactory(username="member", password="a long enough password")
    body = "username=member&password=a+long+enough+password&padding=" + "x" * (MAX_BODY - 100)
    response = client.post(
        "/accounts/login/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 302  # signed in


def test_the_admin_refuses_too_many_fields_too(admin_client):
    response = admin_client.post("/admin/programmes/programme/add/", fields(LIMIT + 1))
    assert response.status_code == 400
    assert admin_client.get("/admin/").status_code == 200
