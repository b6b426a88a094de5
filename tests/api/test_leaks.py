"""What the public must never see: a draft plan year (and its priorities and indicators),
a draft progress update, an unpublished reading, an exempt agenda item and the action
set under it. No anonymous endpoint, feed or download shows any of them; a board
member's token shows the draft plan year and the exempt item (as signing in does on the
pages); drafts of updates and readings never (only staff, verified with a second factor,
preview those on the pages); a revoked token gets 401."""

import json

import pytest
from django.urls import reverse

from boardportal.api.tokens import api_token_revoke
from boardportal.models import ApiToken
from meetings.models import Action
from programmes.models import ProgressUpdate
from tests.api.conftest import SECRET, SECRET_VALUE

pytestmark = pytest.mark.django_db

LISTS = [
    "plan-years",
    "boards",
    "themes",
    "priorities",
    "programmes",
    "milestones",
    "indicators",
    "progress-updates",
    "councils",
    "participations",
    "meetings",
    "agenda-items",
    "actions",
    "members",
]
# After the draft update (15 January 2013) and the unpublished reading, so that a leak
# would show; and a date in the draft plan year.
DATES = ["2013-01-31", "2014-06-30"]


def crawl(client, **headers) -> str:
    """Every list (each date, every page) and every record's detail, as one text."""
    seen, texts = set(), []

    def fetch(url):
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code)
        texts.append(response.content.decode())
        return response.json()

    fetch("/api/v1/")
    fetch("/api/v1/councils/take-up/")
    for date in DATES:
        fetch(f"/api/v1/plan-years/2012-13/?as_at={date}")
        for name in LISTS:
            url = f"/api/v1/{name}/?as_at={date}&page_size=200"
            while url:
                data = fetch(url)
                for row in data["results"]:
                    if row["url"] not in seen:
                        seen.add(row["url"])
                        fetch(f"{row['url']}?as_at={date}")
                url = data["next"]
    return "\n".join(texts)


def secrets_in(text: str) -> list[str]:
    return [word for word in (SECRET, SECRET_VALUE, "2014/15", "2014-15") if word in text]


def feeds_and_downloads(world) -> list[str]:
    board = world["board"].slug
    urls = [
        reverse("feeds:meetings"),
        reverse("feeds:meetings_board", args=[board]),
        reverse("feeds:progress_updates"),
        reverse("feeds:progress_updates_board", args=[board]),
        reverse("feeds:agenda_papers"),
        reverse("feeds:agenda_papers_board", args=[board]),
    ]
    for table in ("priorities", "programmes", "indicators", "councils", "meetings", "actions"):
        for fmt in ("csv", "json"):
            for date in DATES:
                urls.append(
                    reverse("opendata:download", kwargs={"table": table, "fmt": fmt})
                    + f"?as_at={date}"
                )
    return urls


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def secret_details(world) -> list[str]:
    draft_update = ProgressUpdate.objects.get(headline__startswith=SECRET)
    secret_action = Action.objects.get(description__startswith=SECRET)
    indicator = world["draft_priority"].indicators.get()
    return [
        "/api/v1/plan-years/2014-15/",
        f"/api/v1/priorities/{world['draft_priority'].pk}/",
        f"/api/v1/indicators/{indicator.pk}/",
        f"/api/v1/agenda-items/{world['secret_item'].pk}/",
        f"/api/v1/actions/{secret_action.pk}/",
        f"/api/v1/progress-updates/{draft_update.pk}/",
    ]


def test_the_public_sees_none_of_it_anywhere(client, world):
    assert secrets_in(crawl(client)) == []
    for url in secret_details(world):
        assert client.get(url).status_code == 404, url
    for url in feeds_and_downloads(world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert secrets_in(body(response)) == [], url
    # Nor by asking for it with a filter.
    assert client.get("/api/v1/priorities/?plan_year=2014-15").status_code == 400
    assert client.get("/api/v1/agenda-items/?exempt=true").json()["count"] == 0
    assert (
        client.get(f"/api/v1/indicators/?priority={world['draft_priority'].pk}").status_code == 400
    )


def test_a_board_members_token_shows_drafts_plans_and_exempt_items(client, world, token):
    text = crawl(client, HTTP_AUTHORIZATION=token)
    assert f"{SECRET} draft priority" in text
    assert f"{SECRET} draft indicator" in text
    assert f"{SECRET} exempt item" in text
    assert f"{SECRET} exempt action" in text
    assert "2014/15" in text
    # Drafts of progress updates and readings: never through the API.
    assert f"{SECRET} draft update" not in text
    assert SECRET_VALUE not in text
    assert f"{SECRET} unpublished reading" not in text
    details = secret_details(world)
    for url in details[:-1]:
        assert client.get(url, HTTP_AUTHORIZATION=token).status_code == 200, url
    assert client.get(details[-1], HTTP_AUTHORIZATION=token).status_code == 404
    meeting = client.get(f"/api/v1/meetings/{world['meeting'].pk}/", HTTP_AUTHORIZATION=token)
    assert [item["number"] for item in meeting.json()["agenda"]] == ["1", "9"]
    assert meeting.json()["items"] == 2


def test_feeds_and_downloads_stay_public_with_a_token_or_a_session(
    client, world, token, board_member
):
    client.force_login(board_member)
    for url in feeds_and_downloads(world):
        assert secrets_in(body(client.get(url, HTTP_AUTHORIZATION=token))) == [], url


def test_a_revoked_token_gets_401(client, world, token, board_member):
    api_token_revoke(token=ApiToken.objects.get(user=board_member))
    for url in ("/api/v1/plan-years/", "/api/v1/", f"/api/v1/priorities/{world['priority'].pk}/"):
        response = client.get(url, HTTP_AUTHORIZATION=token)
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"] == 'Bearer realm="api"'
        assert "revoked" in response.json()["detail"]
        assert secrets_in(response.content.decode()) == []


@pytest.mark.parametrize(
    "header",
    ["Bearer bp_not-a-token", "Bearer", "Bearer two parts", "bearer \u00e9t\u00e9"],
)
def test_a_bad_token_gets_401_never_the_public_answer(client, world, header):
    response = client.get("/api/v1/plan-years/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert set(response.json()) == {"detail"}


def test_a_deactivated_accounts_token_gets_401(client, world, token, board_member):
    board_member.is_active = False
    board_member.save()
    assert client.get("/api/v1/plan-years/", HTTP_AUTHORIZATION=token).status_code == 401


def test_a_signed_in_member_sees_in_the_api_what_the_pages_show(client, world, board_member):
    client.force_login(board_member)
    labels = [y["label"] for y in client.get("/api/v1/plan-years/").json()["results"]]
    assert labels == ["2014/15", "2012/13"]


def test_the_json_download_is_valid_json_without_secrets(client, world):
    for table in ("priorities", "indicators", "actions"):
        response = client.get(f"/open-data/{table}.json?as_at=2013-01-31")
        data = json.loads(body(response))
        assert data["table"] == table
        assert secrets_in(json.dumps(data)) == []
