"""The API's resources: what each answers, filtered as the pages filter, as at a date,
paged in a stable order, linking to related records by address."""

from datetime import date

import pytest

from tests.api.conftest import AS_AT
from tests.factories import ProgrammeFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return response.json()


def test_the_index_lists_every_resource(client, world):
    assert sorted(get(client, "/api/v1/")) == sorted(
        [
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
    )


def test_a_priority_has_its_status_as_at_a_date_and_the_rule_that_gave_it(client, world):
    priority = world["priority"]
    data = get(client, f"/api/v1/priorities/{priority.pk}/?as_at={AS_AT}")
    assert data["status"] == {
        "as_at": AS_AT,
        "rag": "amber",
        "rag_label": "Amber",
        "rag_meaning": "At risk: some issues",
        "rule": "Weighted score 0.50 of 1 programme",
        "overridden": False,
        "programmes_counted": 1,
        "programmes_on_track": 0,
        "summary": "0 of 1 programme on track",
        "programmes": [
            {
                "url": "http://testserver/api/v1/programmes/corporate-peer-challenge/",
                "name": "Corporate peer challenge",
                "rag": "amber",
                "rag_label": "Amber",
                "reported_on": "2012-12-31",
                "weight": 1.0,
            }
        ],
    }
    assert data["contributes_to"] == [
        f"http://testserver/api/v1/priorities/{world['organisation'].pk}/"
    ]
    assert data["plan_year"] == "http://testserver/api/v1/plan-years/2012-13/"
    assert data["page"] == f"http://testserver/priorities/{priority.pk}/"
    # Before the update was written there was no status.
    earlier = get(client, f"/api/v1/priorities/{priority.pk}/?as_at=2012-06-30")
    assert (earlier["status"]["rag"], earlier["status"]["rule"]) == (
        None,
        "No programme has reported a status yet",
    )


def test_a_priority_defaults_to_today_clamped_into_its_plan_year(client, world):
    data = get(client, f"/api/v1/priorities/{world['priority'].pk}/")
    assert data["status"]["as_at"] == "2013-03-31"  # 2012/13 is past: its last day
    assert get(client, "/api/v1/priorities/?plan_year=2012-13")["as_at"] == "2013-03-31"


def test_a_programme_has_its_status_suggestion_lead_officer_partners_and_priorities(client, world):
    data = get(client, f"/api/v1/programmes/corporate-peer-challenge/?as_at={AS_AT}")
    assert data["progress"] == {
        "as_at": AS_AT,
        "rag": "amber",
        "rag_label": "Amber",
        "rag_meaning": "At risk: some issues",
        "reported_on": "2012-12-31",
        "headline": "Behind plan",
        "out_of_date": False,
        "note": None,
        "suggested_rag": "red",
        "suggested_label": "Red",
        "differs": True,
        "overdue_milestones": 1,
        "indicators_behind": 1,
    }
    assert data["lead_officer"]["name"] == world["programme"].lead_officer.name
    assert [p["name"] for p in data["partners"]] == ["Centre for Public Scrutiny"]
    assert data["priorities"] == [f"http://testserver/api/v1/priorities/{world['priority'].pk}/"]
    assert data["milestones"] == (
        "http://testserver/api/v1/milestones/?programme=corporate-peer-challenge"
    )
    # A year on, the update is out of date and counts as none, as the pages say.
    later = get(client, "/api/v1/programmes/corporate-peer-challenge/?as_at=2013-12-31")
    assert (later["progress"]["rag"], later["progress"]["out_of_date"]) == (None, True)
    assert later["progress"]["note"] == "Last update 31 December 2012, out of date"


def test_programmes_filter_as_the_programmes_page(client, world):
    ProgrammeFactory(name="Leadership Academy", slug="leadership-academy")
    names = lambda query: [  # noqa: E731
        p["name"] for p in get(client, f"/api/v1/programmes/?as_at={AS_AT}&{query}")["results"]
    ]
    assert names("rag=amber") == ["Corporate peer challenge"]
    assert names("rag=none") == ["Leadership Academy"]
    assert names("q=peer+corporate") == ["Corporate peer challenge"]
    assert names(f"board={world['board'].slug}") == ["Corporate peer challenge"]
    assert names("plan_year=2012-13") == ["Corporate peer challenge"]
    assert names(f"theme={world['priority'].theme.slug}") == ["Corporate peer challenge"]


def test_priorities_filter_by_status_as_at_the_date(client, world):
    def references(query):
        data = get(client, f"/api/v1/priorities/?{query}")
        return [p["reference"] for p in data["results"]]

    assert references(f"as_at={AS_AT}&rag=amber") == ["4.5"]
    assert references(f"as_at={AS_AT}&rag=none") == ["3.5"]
    assert references("as_at=2012-06-30&rag=amber") == []
    assert references("organisation_wide=true") == ["3.5"]
    assert references("q=peer") == ["4.5"]


def test_the_plan_year_counts_match_the_plan_page(client, world):
    data = get(client, f"/api/v1/plan-years/2012-13/?as_at={AS_AT}")
    counts = {row["label"]: row["count"] for row in data["priority_counts"]}
    assert counts == {
        "Red": 0,
        "Amber": 1,
        "Green": 0,
        "Complete": 0,
        "Not started": 0,
        "No update yet": 1,
    }
    page = client.get(f"/plan/2012-13/?as_at={AS_AT}").context["summary"]
    assert page.priority_counts.counts == {"amber": 1, "": 1}


def test_an_indicator_has_its_readings_and_trajectory(client, world):
    data = get(client, f"/api/v1/indicators/{world['indicator'].pk}/?as_at={AS_AT}")
    assert [(r["as_at"], r["value"]) for r in data["readings"]] == [("2012-09-30", 42)]
    assert data["latest_value"] == 42
    assert data["trajectory"]["line"] == [
        {"on": "2012-04-01", "value": 0},
        {"on": "2013-03-31", "value": 100},
    ]
    assert data["trajectory"]["verdict"] == "well_behind"
    assert data["trajectory"]["expected"] == 75.27
    # Readings after the date are not shown.
    assert (
        get(client, f"/api/v1/indicators/{world['indicator'].pk}/?as_at=2012-09-29")["readings"]
        == []
    )


def test_milestones_and_actions_are_as_at_the_date(client, world):
    assert [m["state"] for m in get(client, "/api/v1/milestones/?as_at=2012-09-01")["results"]] == [
        "due_soon"
    ]
    assert [m["state"] for m in get(client, f"/api/v1/milestones/?as_at={AS_AT}")["results"]] == [
        "overdue"
    ]
    assert get(client, "/api/v1/milestones/?as_at=2012-09-01&state=overdue")["count"] == 0
    actions = get(client, "/api/v1/actions/?as_at=2012-11-01")["results"]
    assert [(a["description"], a["overdue"], a["state"]) for a in actions] == [
        ("Report back", False, "Open")
    ]
    assert get(client, f"/api/v1/actions/?as_at={AS_AT}&overdue=true")["count"] == 1


def test_meetings_split_upcoming_and_past_as_at_the_date(client, world):
    meeting = world["meeting"]
    assert get(client, "/api/v1/meetings/?as_at=2012-01-17&when=upcoming")["count"] == 1
    assert get(client, "/api/v1/meetings/?as_at=2012-01-18&when=upcoming")["count"] == 0
    assert get(client, "/api/v1/meetings/?as_at=2012-01-18&when=past")["count"] == 1
    detail = get(client, f"/api/v1/meetings/{meeting.pk}/")
    assert [item["number"] for item in detail["agenda"]] == ["1"]
    assert (detail["start_time"], detail["venue"]) == ("10:00", "Smith Square")


def test_an_agenda_item_has_its_paragraphs(client, world):
    data = get(client, f"/api/v1/agenda-items/{world['item'].pk}/")
    assert [(p["number"], p["heading"], p["text"]) for p in data["paragraphs"]] == [
        ("4.5", "Improvement", "Peer work.")
    ]
    assert data["meeting"] == f"http://testserver/api/v1/meetings/{world['meeting'].pk}/"


def test_members_have_their_roles(client, world):
    data = get(client, "/api/v1/members/peter-fleming/")
    assert [(r["board_name"], r["role_label"]) for r in data["roles"]] == [
        (world["board"].name, "Chairman")
    ]
    assert get(client, f"/api/v1/members/?board={world['board'].slug}&role=chairman")["count"] == 1


def test_councils_have_their_take_up(client, world):
    council = get(client, "/api/v1/councils/thurrock/")
    assert council["offers"] == 1
    take_up = get(client, "/api/v1/councils/take-up/")
    assert (take_up["councils"], take_up["taking_part"], take_up["percent"]) == (1, 1, 100)
    assert take_up["by_offer"][0]["name"] == "Corporate peer challenge"


def test_progress_updates_are_published_only_latest_first(client, world):
    ProgressUpdateFactory(
        programme=world["programme"], as_at=date(2012, 9, 30), headline="Q2", rag="amber"
    )
    data = get(client, "/api/v1/progress-updates/?programme=corporate-peer-challenge")
    assert [u["headline"] for u in data["results"]] == ["Behind plan", "Q2"]
    assert [
        u["headline"] for u in get(client, "/api/v1/progress-updates/?as_at=2012-10-01")["results"]
    ] == ["Q2"]


def test_lists_page_in_a_stable_order(client, world):
    for n in range(7):
        ProgrammeFactory(name="Same name", slug=f"same-{n}")
    first = get(client, "/api/v1/programmes/?page_size=3")
    assert first["count"] == 8
    slugs = []
    url = "/api/v1/programmes/?page_size=3"
    while url:
        data = get(client, url)
        slugs += [p["slug"] for p in data["results"]]
        url = data["next"]
    assert len(slugs) == len(set(slugs)) == 8
    assert slugs == [p["slug"] for p in get(client, "/api/v1/programmes/?page_size=8")["results"]]
