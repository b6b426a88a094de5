"""The API's resources: what each answers, filtered as the pages filter, as at a date,
paged in a stable order, linking to related records by address."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from core.dates import DatePrecision
from programmes.models.targets import Basis, Qualifier
from tests.api.conftest import AS_AT
from tests.factories import (
    IndicatorFactory,
    PlanYearFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
    ReadingFactory,
    TargetPeriodFactory,
)

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


def test_an_indicator_has_its_targets_as_the_papers_state_them(client, world):
    """Qualifiers, the basis and a schedule of periods (issue 10): the period in force
    at the date is the one judged, its line the trajectory; a reading keeps its
    qualifier and its date as the paper gives it."""
    indicator = IndicatorFactory(
        programme=world["programme"],
        name="Places per council",
        target_value=Decimal("100"),
        target_qualifier=Qualifier.OVER,
        target_basis=Basis.PER_COUNCIL,
    )
    TargetPeriodFactory(indicator=indicator, baseline=Decimal("0"), value=Decimal("150"))
    ReadingFactory(
        indicator=indicator,
        as_at=date(2013, 6, 30),
        value=Decimal("50"),
        qualifier=Qualifier.AROUND,
        as_at_precision=DatePrecision.MONTH,
    )
    url = f"/api/v1/indicators/{indicator.pk}/"
    data = get(client, f"{url}?as_at=2013-07-31")
    assert (data["target"], data["target_qualifier"], data["target_basis"]) == (
        100,
        "over",
        "per_council",
    )
    assert [(p["starts_on"], p["value"], p["qualifier"]) for p in data["target_schedule"]] == [
        ("2012-04-01", 100, "over"),
        ("2013-04-01", 150, "over"),
    ]
    in_force = data["target_in_force"]
    assert (in_force["starts_on"], in_force["value"], in_force["assessed"]) == (
        "2013-04-01",
        150,
        True,
    )
    assert in_force["stated"] == "over 150 per council by March 2014"
    assert data["trajectory"]["line"] == [
        {"on": "2013-04-01", "value": 0},
        {"on": "2014-03-31", "value": 150},
    ]
    assert (data["latest_value"], data["latest_qualifier"], data["latest_stated"]) == (
        50,
        "around",
        "June 2013",
    )
    assert data["figure_source"] == "as reported"
    (reading,) = data["readings"]
    assert (reading["qualifier"], reading["date_stated"]) == ("around", "June 2013")
    # In the first year, the indicator's own period is the one in force.
    first = get(client, f"{url}?as_at=2012-12-31")["target_in_force"]
    assert (first["starts_on"], first["value"]) == ("2012-04-01", 100)
    # The indicators download says the same.
    rows = [
        r
        for r in csv.DictReader(
            io.StringIO(
                b"".join(
                    client.get("/open-data/indicators.csv?as_at=2013-07-31").streaming_content
                ).decode()
            )
        )
        if r["indicator"] == "Places per council"
    ]
    assert [
        (r["target"], r["target_qualifier"], r["target_basis"], r["target_starts_on"]) for r in rows
    ] == [("150", "over", "per_council", "2013-04-01")]
    assert rows[0]["target_stated"] == "over 150 per council by March 2014"
    assert (rows[0]["value"], rows[0]["qualifier"], rows[0]["reading_stated"]) == (
        "50",
        "around",
        "June 2013",
    )


def test_a_target_with_no_period_is_shown_and_never_assessed(client, world):
    indicator = IndicatorFactory(
        programme=world["programme"],
        name="Saving",
        target_value=Decimal("20"),
        target_qualifier=Qualifier.AROUND,
        target_starts_on=None,
        target_ends_on=None,
        unit="percent",
    )
    data = get(client, f"/api/v1/indicators/{indicator.pk}/?as_at={AS_AT}")
    assert data["target_in_force"]["assessed"] is False
    assert data["target_in_force"]["stated"] == "around 20%, with no period stated"
    assert data["trajectory"]["line"] == []
    assert data["trajectory"]["verdict"] == "not_assessed"
    assert data["percent_of_target"] is None


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


@pytest.mark.parametrize(
    ("resource", "field"),
    [
        ("milestones", "title"),
        ("indicators", "name"),
        ("progress-updates", "headline"),
        ("meetings", "venue"),
    ],
)
def test_lists_filter_by_plan_year(client, world, resource, field):
    """The world's records are all of 2012/13 (the meeting of 17 January 2012 is in
    2011/12); another agreed plan year has none; a draft one is not known to the public."""
    PlanYearFactory(label="2013/14")
    every = get(client, f"/api/v1/{resource}/?as_at={AS_AT}")["results"]
    assert every
    in_year = get(client, f"/api/v1/{resource}/?as_at={AS_AT}&plan_year=2012-13")["results"]
    other = get(client, f"/api/v1/{resource}/?as_at={AS_AT}&plan_year=2013-14")["results"]
    if resource == "meetings":
        assert (in_year, other) == ([], [])
        earlier = PlanYearFactory(label="2011/12")
        found = get(client, f"/api/v1/meetings/?plan_year={earlier.slug}")["results"]
        assert [m[field] for m in found] == ["Smith Square"]
    else:
        assert [r[field] for r in in_year] == [r[field] for r in every]
        assert other == []
    response = client.get(f"/api/v1/{resource}/?plan_year=2014-15")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["plan_year"]


def test_meetings_filter_by_words(client, world):
    assert get(client, "/api/v1/meetings/?q=smith")["count"] == 1
    assert get(client, "/api/v1/meetings/?q=leeds")["count"] == 0
