"""The demo data: the five board papers, loaded fact by fact, and loaded again to no effect."""

import json
import shutil
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command

from meetings.models import Action, AgendaItem, Meeting, Member, Membership, Paragraph
from priorities.models import Board, Campaign, Officer, PlanYear, Priority, PriorityLink
from programmes.models import (
    Council,
    DeliveryStage,
    Indicator,
    Milestone,
    Participation,
    Programme,
    ProgressUpdate,
    Reading,
    SavingsClaim,
)
from programmes.services import reading_record

pytestmark = pytest.mark.django_db

CHAIRS_REPORT_OCT_2011 = "Item 4e, Chairman's report, October 2011"
CHAIRS_REPORT_JAN_2012 = "Chairman's report, January 2012"


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_board_papers", *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """Every model's row count, history tables and link tables included."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        counts[model._meta.label] = model.objects.count()
    return counts


@pytest.fixture
def loaded():
    return load()


def reading(programme_slug: str, indicator_name: str) -> Reading:
    return Reading.objects.get(
        indicator__programme__slug=programme_slug, indicator__name=indicator_name
    )


# -- the plan ------------------------------------------------------------------


def test_three_agreed_plan_years_with_inferred_sign_off_dates(loaded):
    years = {py.label: py for py in PlanYear.objects.all()}
    assert set(years) == {"2011/12", "2012/13", "2013/14"}
    assert all(py.status == PlanYear.Status.AGREED for py in years.values())
    assert years["2012/13"].agreed_on == date(2012, 3, 31)
    assert years["2012/13"].agreed_by == "LGA Executive"
    assert "inferred" in years["2012/13"].note
    assert years["2012/13"].starts_on == date(2012, 4, 1)
    assert years["2012/13"].ends_on == date(2013, 3, 31)


def test_2012_13_has_six_organisation_priorities_and_thirteen_board_priorities(loaded):
    year = Priority.objects.filter(plan_year__label="2012/13")
    organisation = year.filter(board__isnull=True)
    board = year.filter(board__slug="improvement-programme-board")
    assert sorted(organisation.values_list("reference", flat=True)) == [
        f"3.{n}" for n in range(1, 7)
    ]
    assert organisation.get(reference="3.5").title == "Sector-led Improvement"
    assert set(board.values_list("reference", flat=True)) == {f"4.{n}" for n in range(1, 14)}

    peer = board.get(reference="4.5")
    assert peer.target_statement == "over 100 peer challenges in each of the next 3 years"
    assert peer.theme.slug == "sector-led-improvement"
    assert list(peer.contributes_to.values_list("reference", flat=True)) == ["3.5"]

    savings = board.get(reference="4.1")
    assert savings.target_statement == "save at least £150m over the next 3 years"
    assert list(savings.contributes_to.values_list("reference", flat=True)) == ["3.4"]

    assert list(board.get(reference="4.10").campaigns.values_list("slug", flat=True)) == [
        "be-a-councillor"
    ]


def test_2011_12_and_2013_14_priorities(loaded):
    y2011 = Priority.objects.filter(plan_year__label="2011/12")
    assert sorted(y2011.filter(board__isnull=True).values_list("reference", flat=True)) == [
        "2.1",
        "2.2",
    ]
    assert sorted(y2011.filter(board__isnull=False).values_list("reference", flat=True)) == [
        "3.1",
        "3.2",
        "3.3",
        "3.4",
    ]
    assert y2011.get(reference="3.1").campaigns.get().name == "Taking the Lead"

    y2013 = Priority.objects.filter(plan_year__label="2013/14")
    assert sorted(y2013.filter(board__isnull=True).values_list("title", flat=True)) == [
        "Economic growth, jobs and prosperity",
        "Funding for local government",
        "Public service reform",
    ]
    themes = y2013.filter(board__slug="improvement-and-innovation-board").order_by("order")
    assert [(p.reference, p.theme.name) for p in themes] == [
        ("15.1", "Sector-led improvement"),
        ("15.2", "Productivity"),
        ("15.3", "Innovation"),
        ("15.4", "Leadership"),
        ("15.5", "Transparency"),
    ]
    assert themes.get(reference="15.2").contributes_to.get().title == "Public service reform"


def test_boards_and_the_rename(loaded):
    renamed = Board.objects.get(name="Improvement and Innovation Board")
    assert renamed.renamed_from.name == "Improvement Programme Board"
    assert Board.objects.get(name="Improvement Programme Board").renamed_to.get() == renamed
    advisory = Board.objects.get(slug="advisory-board")
    assert advisory.active_from == date(2011, 2, 16)
    assert "Steve Freer" in advisory.note
    assert {
        "Leadership Board",
        "LGA Executive",
        "Children's Improvement Board",
        "Community Wellbeing Programme Board",
    } <= set(Board.objects.values_list("name", flat=True))


def test_campaigns(loaded):
    rewiring = Campaign.objects.get(name="Rewiring Public Services")
    items = list(rewiring.items.order_by("order"))
    assert [item.number for item in items] == [f"6.{n}" for n in range(1, 11)]
    assert items[3].title == "Share money fairly around the UK"
    assert items[3].description == (
        "Replace the Barnett formula with a new needs-based funding model."
    )
    taking_the_lead = Campaign.objects.get(slug="taking-the-lead")
    assert taking_the_lead.launched_on == date(2011, 2, 1)
    assert "inferred" in taking_the_lead.note
    assert set(taking_the_lead.programmes.values_list("slug", flat=True)) >= {
        "corporate-peer-challenge",
        "lg-inform",
    }


def test_contact_officer(loaded):
    dennis = Officer.objects.get(name="Dennis Skinner")
    assert dennis.position == "Head of Leadership and Productivity"
    assert dennis.phone == "020 7664 3017"
    assert dennis.email == "dennis.skinner@local.gov.uk"
    assert Officer.objects.get(name="Pascoe Sawyers").phone == "020 7664 3053"
    assert Officer.objects.get(name="Michael Coughlin").position == "Executive Director"


# -- delivery --------------------------------------------------------------------


def test_peer_challenge_readings_name_their_paper(loaded):
    delivered = reading("corporate-peer-challenge", "Peer challenges delivered to date")
    assert delivered.value == 42
    assert delivered.as_at == date(2011, 10, 13)
    assert delivered.source.startswith(CHAIRS_REPORT_OCT_2011)
    assert "inferred" in delivered.note
    booked = reading(
        "corporate-peer-challenge",
        "Peer challenges booked or in discussion to the end of 2011/12",
    )
    assert booked.value == 54

    target = Indicator.objects.get(
        programme__slug="corporate-peer-challenge", target_value__isnull=False
    )
    # 'over 100 peer challenges in each of the next 3 years': three yearly periods.
    assert [(t.value, t.qualifier, t.starts_on, t.ends_on) for t in target.schedule()] == [
        (100, "over", date(2012, 4, 1), date(2013, 3, 31)),
        (100, "over", date(2013, 4, 1), date(2014, 3, 31)),
        (100, "over", date(2014, 4, 1), date(2015, 3, 31)),
    ]
    assert "inferred" in target.note


def test_figures_from_every_paper(loaded):
    registrations = reading("leadership-academy", "Registrations for Leadership Academy programmes")
    assert registrations.value == 266
    authorities = reading(
        "leadership-academy", "Authorities with registrations on Leadership Academy programmes"
    )
    assert (authorities.value, authorities.qualifier) == (121, "over")
    assert (
        reading(
            "national-graduate-development-programme",
            "National Management Trainees starting (cohort 13)",
        ).value
        == 47
    )
    applications = reading(
        "national-graduate-development-programme", "Applications for the 2012 intake"
    )
    assert applications.value == 2239
    assert applications.source.startswith(CHAIRS_REPORT_JAN_2012)
    assert reading("bame-weekender", "Councillors attending the BAME Weekender").value == 20
    assert reading("creative-councils", "Creative Councils in the programme").value == 17
    learning_event = reading(
        "creative-councils", "Local authority representatives at the first Learning Event"
    )
    assert learning_event.value == 40
    launch = reading("adult-social-care-efficiency-programme", "Delegates at the launch event")
    assert (launch.value, launch.qualifier, launch.as_at) == (100, "around", date(2012, 1, 19))
    assert launch.date_as_stated == "19 January 2012"
    balance = Reading.objects.get(
        indicator__programme__slug="local-public-audit", indicator__unit=Indicator.Unit.GBP
    )
    assert (balance.value, balance.as_at) == (Decimal("26800000"), date(2010, 3, 31))

    survey = Reading.objects.filter(indicator__programme__slug="sector-led-improvement-evaluation")
    assert sorted(survey.values_list("value", flat=True)) == [61, 69, 83, 84, 90]

    advisory = Reading.objects.filter(indicator__priority__reference="15.1").filter(
        indicator__name__startswith="Advisory Board"
    )
    assert sorted(advisory.values_list("value", flat=True)) == [6, 10]

    savings = Indicator.objects.get(programme__slug="local-productivity-programme", unit="gbp")
    # 'at least £150m over the next 3 years': one period over the three years.
    assert [(t.value, t.qualifier, t.ends_on) for t in savings.schedule()] == [
        (Decimal("150000000"), "at_least", date(2015, 3, 31))
    ]
    assert savings.computed_from == Indicator.ComputedFrom.SAVINGS_VERIFIED

    # Every reading says which paper it came from.
    assert not Reading.objects.filter(source="").exists()


def test_capital_asset_pathfinder_wave_2(loaded):
    wave = Programme.objects.get(slug="capital-asset-pathfinder-wave-2")
    assert wave.parent.slug == "capital-asset-pathfinder"
    milestones = list(wave.milestones.order_by("due_on").values_list("due_on", "completed_on"))
    assert milestones == [(date(2012, 1, 31), None), (date(2012, 3, 31), None)]
    values = dict(
        Reading.objects.filter(indicator__programme=wave).values_list("indicator__name", "value")
    )
    assert values == {
        "Councils selected for wave 2": 15,
        "Share of English local authorities covered by wave 2": 19,
        "Share of the population represented by wave 2 councils": 16,
    }


def test_programmes_partners_and_offers(loaded):
    assert Programme.objects.get(slug="creative-councils").partners.get().name == "NESTA"
    assert Programme.objects.get(slug="waste-collection").partners.get().short_name == "IESE"
    assert (
        Programme.objects.get(slug="fighting-fraud-locally").partners.get().name
        == "National Fraud Authority"
    )
    productivity_offers = set(
        Programme.objects.filter(parent__slug="local-productivity-programme").values_list(
            "slug", flat=True
        )
    )
    assert productivity_offers == {
        "adult-social-care-efficiency-programme",
        "productivity-masterclasses",
        "procurement-hubs-business-case",
        "childrens-services-productivity",
        "waste-collection",
    }
    assert Programme.objects.get(slug="corporate-peer-challenge").funding_source == "RSG top-slice"
    induction = Milestone.objects.get(programme__slug="national-graduate-development-programme")
    assert (induction.due_on, induction.completed_on) == (date(2011, 10, 21), None)
    assert Milestone.objects.get(programme__slug="be-a-councillor").due_on == date(2012, 2, 1)


def test_councils_and_participation(loaded):
    masterclass = Participation.objects.filter(programme__slug="productivity-masterclasses")
    assert set(masterclass.values_list("council__slug", flat=True)) == {
        "coventry",
        "solihull",
        "warwickshire",
    }
    thurrock = Participation.objects.get(council__slug="thurrock")
    assert thurrock.programme.slug == "corporate-peer-challenge"
    assert Council.objects.get(slug="thurrock").kind == Council.Kind.UNITARY
    assert Council.objects.get(slug="hampshire").region == Council.Region.SOUTH_EAST
    assert Council.objects.filter(slug="city-of-london").exists()


def test_progress_updates_are_read_from_the_narrative(loaded):
    updates = ProgressUpdate.objects.all()
    assert updates.count() > 10
    assert all("RAG assessed from the paper's narrative" in u.narrative for u in updates)
    productivity = updates.get(programme__slug="local-productivity-programme")
    assert productivity.rag == "amber"
    # The overdue induction milestone suggests amber; the officer's green carries a reason.
    ngdp = updates.get(
        programme__slug="national-graduate-development-programme", as_at=date(2012, 1, 31)
    )
    assert (ngdp.rag, ngdp.suggested_rag) == ("green", "amber")
    assert ngdp.override_reason


# -- governance ----------------------------------------------------------------------


def test_members_and_roles(loaded):
    fleming = Member.objects.get(slug="peter-fleming")
    assert fleming.council is None  # the papers do not name his council
    assert fleming.political_group == ""
    chair = Membership.objects.get(role=Membership.Role.CHAIRMAN)
    assert (chair.member, chair.board.slug) == (fleming, "improvement-programme-board")
    deputy = Membership.objects.get(role=Membership.Role.DEPUTY_CHAIRMAN)
    assert deputy.member.name == "Ruth Cadbury"
    assert Member.objects.filter(name="Tim Cheetham").exists()
    assert not Member.objects.filter(name__in=["Andrew Smith", "Steve Freer"]).exists()


def test_meetings_and_agenda_items(loaded):
    ipb = Meeting.objects.filter(board__slug="improvement-programme-board")
    assert set(ipb.values_list("meets_on", flat=True)) == {
        date(2011, 7, 31),  # the Advisory Board reported to the Board in July 2011
        date(2011, 10, 13),
        date(2011, 11, 8),
        date(2012, 1, 17),
    }
    assert "inferred" in ipb.get(meets_on=date(2011, 10, 13)).note
    assert not Meeting.objects.exclude(status=Meeting.Status.HELD).exists()

    item1 = AgendaItem.objects.get(meeting__meets_on=date(2012, 1, 17), number="1")
    assert item1.purpose == "For review and direction."
    assert list(item1.contact_officers.values_list("name", flat=True)) == ["Dennis Skinner"]
    assert item1.priorities.count() == 19
    item3 = AgendaItem.objects.get(number="3")
    assert item3.meeting.board.slug == "improvement-and-innovation-board"
    assert "RSG 'topslice'" in item3.financial_implications
    assert set(item3.contact_officers.values_list("name", flat=True)) == {
        "Michael Coughlin",
        "Dennis Skinner",
    }


def test_paragraphs_in_full_under_their_headings(loaded):
    # The papers held; the items they only refer to have no paragraphs. The Chairman's
    # report of January 2012 has no number ("").
    held = AgendaItem.objects.filter(paragraphs__isnull=False).distinct()
    per_item = {item.number: item.paragraphs.count() for item in held}
    assert per_item == {"2": 28, "4e": 13, "1": 24, "": 10, "3": 66}

    report = AgendaItem.objects.get(kind=AgendaItem.Kind.CHAIRS_REPORT, presented_on__year=2012)
    assert report.kind == AgendaItem.Kind.CHAIRS_REPORT
    leadership = report.paragraphs.filter(heading="Leadership").order_by("order")
    assert [p.number for p in leadership] == ["6", "7", "8"]
    assert leadership[0].subheading == "Leadership Academy BAME Weekender event"
    assert leadership[0].programmes.filter(slug="bame-weekender").exists()
    assert report.paragraphs.get(number="9").heading == "Productivity"

    item4e = AgendaItem.objects.get(number="4e")
    assert item4e.paragraphs.get(number="3").heading == "Transparency"
    assert "42 peer challenges to date" in item4e.paragraphs.get(number="7").text
    assert item4e.paragraphs.get(number="4.2").programmes.get().slug == "productivity-masterclasses"

    peer_target = Paragraph.objects.get(agenda_item__number="1", number="4.5")
    assert peer_target.priorities.get().reference == "4.5"


def test_actions(loaded):
    november = Meeting.objects.get(meets_on=date(2011, 11, 8))
    due = Action.objects.filter(due_meeting=november)
    # Item 2's three; what Item 4e (a report to the Executive) says is coming to the Board
    # is on the Board's forward plan, not an action of a meeting.
    assert due.count() == 3
    assert due.filter(description__contains="performance of the sector overall").exists()
    assert all(a.owner.name == "Dennis Skinner" for a in due)
    assert not Action.objects.exclude(status=Action.Status.OPEN).exists()
    assert Action.objects.filter(description__contains="Leadership Board").exists()
    # The January 2012 Chairman's report went to another body, which set no action.
    assert not Action.objects.filter(description__contains="Write to Ministers").exists()


# -- the audit against the papers ---------------------------------------------------


def test_every_meeting_the_papers_name_with_its_inferred_date(loaded):
    july = Meeting.objects.get(
        board__slug="improvement-programme-board", meets_on=date(2011, 7, 31)
    )
    assert "July 2011" in july.note
    assert "inferred" in july.note
    executive = Meeting.objects.filter(board__slug="lga-executive")
    assert set(executive.values_list("meets_on", flat=True)) == {
        date(2011, 3, 31),  # agreed the 2011/12 Business Plan 'earlier in the year'
        date(2012, 1, 31),  # 'the January Executive' (Item 1)
        date(2012, 3, 31),  # the final 2012/13 plan 'due to be signed off ... in March'
    }
    assert all("inferred" in meeting.note for meeting in executive)
    assert Meeting.objects.get(meets_on=date(2012, 3, 31)).meets_on == (
        PlanYear.objects.get(label="2012/13").agreed_on
    )
    november = Meeting.objects.get(meets_on=date(2011, 11, 8))
    assert "2011 is inferred" in november.note
    assert "last Board meeting" in Meeting.objects.get(meets_on=date(2013, 7, 31)).note


def test_every_inferred_date_says_so(loaded):
    # Every progress update is dated to its paper, whose date is inferred.
    assert all("Date inferred from the paper" in u.narrative for u in ProgressUpdate.objects.all())
    seminar = Milestone.objects.get(programme__slug="political-mentoring-toolkit")
    assert (seminar.completed_on, "2011 is inferred" in seminar.note) == (date(2011, 10, 7), True)
    attendance = reading("political-mentoring-toolkit", "People attending the launch seminar")
    assert (attendance.value, attendance.qualifier) == (40, "over")
    assert "More than 40" in attendance.note and "recorded as 40" not in attendance.note
    assert "inferred" in attendance.note
    # The peer challenge publication was launched by October 2011; the paper gives no date.
    summary = Programme.objects.get(slug="corporate-peer-challenge").summary
    assert "launched in October 2011" not in summary
    assert "had been launched by October 2011" in summary


def test_the_seven_core_services_each_have_a_programme(loaded):
    item3 = AgendaItem.objects.get(number="3")
    core = {
        p.number: set(p.programmes.values_list("slug", flat=True))
        for p in item3.paragraphs.filter(number__startswith="13.")
    }
    assert sorted(core) == [f"13.{n}" for n in range(1, 8)]
    assert all(core.values())
    assert core["13.5"] == {"service-improvement-programmes"}
    services = Programme.objects.get(slug="service-improvement-programmes")
    assert services.theme.slug == "sector-led-improvement"
    assert "internal group" in services.summary
    assert set(services.paragraphs.values_list("agenda_item__number", "number")) == {
        ("2", "6"),
        ("3", "13.5"),
        ("3", "26"),
    }
    key_offers = item3.paragraphs.get(number="23")
    assert set(key_offers.programmes.values_list("slug", flat=True)) == {
        "leadership-offer",
        "corporate-peer-challenge",
        "local-productivity-programme",
        "direct-support",
    }


def test_programmes_and_notes_added_in_the_audit(loaded):
    guide = Programme.objects.get(slug="improvement-and-innovation-services-guide")
    assert "LGA Annual Conference" in guide.summary
    assert guide.paragraphs.get().number == "27"
    open_data = Paragraph.objects.get(agenda_item__number="4e", number="3")
    assert open_data.programmes.get().slug == "transparency-work-programme"
    item1 = AgendaItem.objects.get(number="1")
    assert set(item1.paragraphs.get(number="4.8").programmes.values_list("slug", flat=True)) == {
        "leadership-academy",
        "councillor-development-programme",
    }
    assert item1.paragraphs.get(number="4.9").programmes.get().slug == (
        "councillor-development-programme"
    )
    finance = Action.objects.get(programmes__slug="finance-offer")
    assert (finance.due_on, "inferred" in finance.note) == (date(2013, 11, 30), True)
    assert finance.meeting.meets_on == date(2013, 7, 31)

    ipb = Board.objects.get(slug="improvement-programme-board")
    assert "Improvement and Innovation conference" in ipb.note
    assert "March 2011" in ipb.note
    assert "City of London" in ipb.note
    assert "internal group" in Board.objects.get(slug="advisory-board").note
    assert "the last meeting" in Programme.objects.get(slug="creative-councils").note


def test_the_remaining_figures_of_the_papers(loaded):
    def value(slug, name):
        return reading(slug, name).value

    assert (
        value(
            "leadership-academy",
            "Authorities sending councillors on the programmes for the first time",
        )
        == 3
    )
    assert value("leeds-castle", "Cohorts of Leeds Castle alumni") == 7
    assert (
        value("local-productivity-programme", "Workstreams in the programme's initial phase") == 9
    )
    assert value("local-productivity-programme", "Big win areas after consolidation") == 3
    induction = Indicator.objects.get(programme__slug="councillor-induction-events")
    assert (induction.target_value, induction.target_starts_on, induction.target_ends_on) == (
        11,
        date(2011, 11, 1),
        date(2011, 12, 31),
    )
    asce = "adult-social-care-efficiency-programme"
    assert (
        value(asce, "Councils the Adult Care Efficiency pathfinder would work with (proposal)")
        == 15
    )
    councils = reading(
        asce,
        "Councils whose applications to the programme were successful (represented at the launch)",
    )
    assert (councils.value, councils.qualifier) == (40, "over")
    assert (
        value(
            asce, "Suppliers at the launch event interested in supporting councils on the programme"
        )
        == 15
    )
    assert (
        value("creative-councils", "Creative Council representatives at the first Learning Event")
        == 16
    )
    assert (
        value("creative-councils", "Creative Councils represented at the first Learning Event") == 7
    )
    fees = reading(
        "local-public-audit",
        "Proposed reduction in audit fees from the published 2011/12 scale fees",
    )
    assert (fees.value, fees.indicator.unit) == (10, Indicator.Unit.PERCENT)
    take_up = Reading.objects.get(
        indicator__name="Councils that have taken up one of the LGA key offers"
    )
    assert (take_up.value, take_up.qualifier, take_up.date_as_stated) == (85, "over", "mid 2013")
    # 'around 20% saving and 25% CO2': targets with no period, never assessed.
    wave = Indicator.objects.filter(programme__slug="capital-asset-pathfinder-wave-2")
    aims = {
        i.name: (i.target_value, i.target_qualifier, i.target_basis, i.target_ends_on)
        for i in wave
        if "aim" in i.name
    }
    assert aims == {
        "Saving wave 2 pathfinders aim to achieve": (20, "around", "per_council", None),
        "CO2 emissions reduction wave 2 pathfinders aim to achieve": (
            25,
            "exactly",
            "per_council",
            None,
        ),
    }
    place = Indicator.objects.get(priority__reference="4.8", priority__plan_year__label="2012/13")
    assert (place.target_value, place.target_basis, len(place.schedule())) == (1, "per_council", 3)


# -- across plan years, targets as stated, figures per council -------------------------


def test_the_lineage_is_only_what_the_papers_trace(loaded):
    links = {
        (
            k.earlier.plan_year.label,
            k.earlier.reference,
            k.kind,
            k.later.plan_year.label,
            k.later.reference,
        ): k.note
        for k in PriorityLink.objects.for_display()
    }
    assert set(links) == {
        ("2011/12", "3.1", "carried_forward", "2012/13", "4.5"),
        ("2012/13", "4.5", "carried_forward", "2013/14", "15.1"),
    }
    first, second = (links[key] for key in sorted(links))
    # Each note names the paragraphs that say so, in their words, and what is inferred.
    assert "Item 2 (2011/12), paragraph 3.1" in first and "paragraph 5" in first
    assert "Item 4e, paragraph 7" in first and "Item 1 (17 January 2012), paragraph 4.5" in first
    assert "Item 3 (2013/14), paragraph 15" in second and "13.1" in second
    assert "continues to be focused on the 5 agreed strategic themes" in second
    assert all("No paper says in terms" in note for note in links.values())
    # The papers record no priority as new or dropped.
    assert not PriorityLink.objects.filter(kind__in=["new", "dropped"]).exists()
    assert {k.plan_year.label for k in PriorityLink.objects.all()} == {"2012/13", "2013/14"}


def test_qualifiers_only_where_the_papers_qualify(loaded):
    qualified = {
        (r.indicator.name, r.qualifier) for r in Reading.objects.exclude(qualifier="exactly")
    }
    assert qualified == {
        ("Authorities with registrations on Leadership Academy programmes", "over"),
        ("People attending the launch seminar", "over"),
        ("Delegates at the launch event", "around"),
        (
            "Councils whose applications to the programme were successful (represented at the "
            "launch)",
            "over",
        ),
        ("Councils the Adult Care Efficiency pathfinder would work with (proposal)", "up_to"),
        ("Councils that have taken up one of the LGA key offers", "over"),
    }
    targets = dict(
        Indicator.objects.exclude(target_qualifier="exactly").values_list(
            "name", "target_qualifier"
        )
    )
    assert targets == {
        "Peer challenges in the year (target: over 100 in each of the next 3 years)": "over",
        "Savings councils make with the programme's support (target: at least £150m over "
        "the next 3 years)": "at_least",
        "Saving wave 2 pathfinders aim to achieve": "around",
    }
    # No note still carries a stripped qualifier.
    assert not Reading.objects.filter(note__contains="recorded as").exists()


def test_dates_as_precisely_as_the_papers_give_them(loaded):
    due = {
        m.title: m.due_as_stated
        for m in Milestone.objects.exclude(due_on_precision="day").order_by("due_on")
    }
    assert due == {
        "Specification for the programme of evaluation research approved by the Board": (
            "November 2011"
        ),
        "Series of 11 one-day regional induction events delivered": "November and December 2011",
        "At least one business case from each wave 2 pathfinder": "January 2012",
        "Ten year delivery plan from each wave 2 pathfinder": "March 2012",
        "Prototype Plus available": "late summer 2012",
        "Baseline report published": "February 2013",
        "Finance offer published": "autumn 2013",
        "Research for the final report conducted": "autumn and winter 2013",
        "Final report research synthesised": "the first quarter of 2014",
    }
    # 'by January 2012' is overdue only after January: due on its last day.
    business_case = Milestone.objects.get(title__startswith="At least one business case")
    assert business_case.due_on == date(2012, 1, 31)
    delivered = reading("corporate-peer-challenge", "Peer challenges delivered to date")
    assert (delivered.as_at, delivered.date_as_stated) == (date(2011, 10, 13), "October 2011")
    assert reading("creative-councils", "Learning Events held").date_as_stated == (
        "15 December 2011"
    )
    survey = Reading.objects.filter(indicator__programme__slug="sector-led-improvement-evaluation")
    assert {r.date_as_stated for r in survey} == {"mid 2013"}


def test_no_figures_per_council_are_invented(loaded):
    # The papers give totals (42 delivered, 54 booked or in discussion), not councils.
    assert not DeliveryStage.objects.exists()
    assert not SavingsClaim.objects.exists()
    assert reading("corporate-peer-challenge", "Peer challenges delivered to date").value == 42
    # Each council says where it is named, and that its codes are not from the papers.
    assert all(
        "Named in" in c.note and "not from the papers" in c.note for c in Council.objects.all()
    )
    assert "paragraph 1" in Council.objects.get(slug="thurrock").note


# -- the command ---------------------------------------------------------------------


def test_loading_twice_leaves_the_same_rows(loaded):
    assert "records created" in loaded
    before = row_counts()
    output = load()
    assert row_counts() == before
    assert "0 records created, 0 changed, 0 sets of links written" in output


def test_if_empty_does_nothing_on_a_loaded_database(loaded):
    before = row_counts()
    output = load("--if-empty")
    assert "not loaded" in output
    assert row_counts() == before


def test_if_empty_loads_an_empty_database():
    assert not PlanYear.objects.exists()
    output = load("--if-empty")
    assert "records created" in output
    assert PlanYear.objects.count() == 3


def test_a_corrected_figure_is_put_back_as_the_paper_published_it(loaded):
    applications = reading(
        "national-graduate-development-programme", "Applications for the 2012 intake"
    )
    published_at = applications.published_at
    reading_record(
        indicator=applications.indicator,
        as_at=applications.as_at,
        value=Decimal("2240"),
        source=applications.source,
    )
    output = load()
    assert "0 records created, 1 changed, 0 sets of links written" in output
    assert "(+0 new, 1 changed)" in next(line for line in output.splitlines() if "readings" in line)
    applications.refresh_from_db()
    assert (applications.value, applications.published_at) == (Decimal("2239"), published_at)
    assert applications.published_by is None
    assert "0 records created, 0 changed" in load()


def test_a_fixture_breaking_a_rule_is_reported_and_nothing_is_written(tmp_path):
    fixtures = tmp_path / "fixtures"
    shutil.copytree(settings.BASE_DIR / "fixtures", fixtures)
    path = fixtures / "paper_2012_01_item1_priorities_2012_13.json"
    paper = json.loads(path.read_text(encoding="utf-8"))
    paper["actions"][0]["due_meeting"] = paper["meeting"]
    path.write_text(json.dumps(paper), encoding="utf-8")
    with pytest.raises(CommandError, match="cannot be due at the meeting that set it"):
        load("--fixtures", str(fixtures))
    assert not PlanYear.objects.exists()
