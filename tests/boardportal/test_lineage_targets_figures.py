"""The pages and the admin show a priority's line across plan years, targets as the papers
state them, dates as precisely as the papers give them, and figures per council."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from core.rag import Rag
from priorities.models import PriorityLink
from programmes.models import Council, Indicator, SavingsClaim, Stage
from tests import factories as f
from tests.test_admin import admin_url

pytestmark = pytest.mark.django_db


def words(html: str) -> str:
    """A page's text, tags dropped and spaces collapsed, for asserting what a reader sees."""
    html = re.sub(r"(?s)<(script|style|svg|title).*?</\1>", " ", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


@pytest.fixture
def line():
    years = {y: f.PlanYearFactory(label=y) for y in ("2011/12", "2012/13", "2013/14")}
    priorities = {
        "3.1": f.PriorityFactory(
            plan_year=years["2011/12"], reference="3.1", title="Taking the Lead"
        ),
        "3.2": f.PriorityFactory(plan_year=years["2011/12"], reference="3.2", title="Productivity"),
        "4.5": f.PriorityFactory(
            plan_year=years["2012/13"], reference="4.5", title="Peer challenge"
        ),
        "4.6": f.PriorityFactory(plan_year=years["2012/13"], reference="4.6", title="Overview"),
        "15.1": f.PriorityFactory(
            plan_year=years["2013/14"], reference="15.1", title="Sector Led Improvement"
        ),
    }
    f.PriorityLinkFactory(earlier=priorities["3.1"], later=priorities["4.5"], note="Item 1, 4.5")
    f.PriorityLinkFactory(earlier=priorities["4.5"], later=priorities["15.1"], note="Item 3, 15")
    f.PriorityLinkFactory(
        earlier=priorities["3.2"],
        later=None,
        kind=PriorityLink.Kind.DROPPED,
        plan_year=years["2012/13"],
        note="Not in Item 1",
    )
    f.PriorityLinkFactory(earlier=None, later=priorities["4.6"], kind=PriorityLink.Kind.NEW)
    for reference, on, rag in [
        ("3.1", date(2012, 1, 31), Rag.GREEN),
        ("4.5", date(2013, 3, 1), Rag.AMBER),
        ("15.1", date(2013, 7, 31), Rag.RED),
    ]:
        programme = f.ProgrammeFactory(priorities=[priorities[reference]])
        f.ProgressUpdateFactory(programme=programme, as_at=on, rag=rag)
    return priorities


def test_the_plan_overview_marks_what_is_new_carried_forward_and_dropped(client, line):
    text = words(client.get("/plan/2012-13/").content.decode())
    assert "Carried forward from 2011/12 3.1 Taking the Lead" in text
    assert "4.6 Overview" in text and "New this year" in text
    assert "Dropped from earlier plans" in text
    assert "2011/12 3.2 Productivity Not in Item 1" in text
    # A year with nothing recorded marks nothing.
    earliest = words(client.get("/plan/2011-12/").content.decode())
    assert "New this year" not in earliest and "Dropped from earlier plans" not in earliest


def test_the_priority_page_shows_its_line_with_each_years_end_status(client, line):
    text = words(client.get(line["4.5"].get_absolute_url()).content.decode())
    table = text.split("Across plan years")[1].split("Programmes that deliver it")[0]
    assert "2011/12 3.1 Taking the Lead" in table
    assert "Green 1 of 1 programme on track, at 31 March 2012" in table
    assert "4.5 Peer challenge (this priority)" in table
    assert "Carried forward from 2011/12 3.1: Item 1, 4.5" in table
    assert "Amber 0 of 1 programme on track, at 31 March 2013" in table
    assert "Carried forward from 2012/13 4.5: Item 3, 15" in table
    assert "Red 0 of 1 programme on track, at 31 March 2014" in table
    lone = words(client.get(line["3.2"].get_absolute_url()).content.decode())
    assert "Dropped in 2012/13" in lone
    nothing = words(client.get(f.PriorityFactory().get_absolute_url()).content.decode())
    assert "No priority of an earlier or later plan year is recorded as linked" in nothing


@pytest.fixture
def offer():
    """Corporate peer challenge: over 100 in each of three years, readings qualified and
    dated as loosely as the papers give them, councils' steps and a milestone by a month."""
    programme = f.ProgrammeFactory(name="Corporate peer challenge", slug="corporate-peer-challenge")
    yearly = f.IndicatorFactory(programme=programme, name="Peer challenges in the year")
    Indicator.objects.filter(pk=yearly.pk).update(target_qualifier="over")
    f.TargetPeriodFactory(indicator=yearly)
    f.TargetPeriodFactory(indicator=yearly, starts_on=date(2014, 4, 1), ends_on=date(2015, 3, 31))
    delivered = f.IndicatorFactory(
        programme=programme,
        name="Peer challenges delivered to date",
        target_value=None,
        target_starts_on=None,
        target_ends_on=None,
        computed_from=Indicator.ComputedFrom.STAGES,
        computed_stage=Stage.DELIVERED,
    )
    f.ReadingFactory(
        indicator=delivered,
        as_at=date(2011, 10, 13),
        value=Decimal(42),
        qualifier="over",
        as_at_precision="month",
    )
    f.MilestoneFactory(
        programme=programme,
        title="A business case",
        due_on=date(2012, 1, 31),
        due_on_precision="month",
    )
    return programme, delivered


def test_the_programme_page_states_targets_figures_and_dates_as_the_papers_do(client, offer):
    programme, _ = offer
    text = words(client.get(programme.get_absolute_url() + "?as_at=2012-06-30").content.decode())
    # The schedule, period by period, with its qualifier.
    assert "1 April 2012 to 31 March 2013 Target over 100" in text
    assert "1 April 2014 to 31 March 2015 Target over 100" in text
    assert "against a target of over 100 by March 2013" not in text  # no reading yet
    assert "Peer challenges in the year: no reading yet. Target: over 100 by March 2013." in text
    # The reading as the paper gives it: qualified, dated to the month, as reported.
    assert "Peer challenges delivered to date: over 42 at October 2011. No target is set." in text
    assert "Figure as reported." in text
    assert "October 2011 over 42" in text
    # The milestone due as the paper says it.
    assert "A business case" in text and "January 2012 Overdue" in text
    # No council's steps yet: the funnel is empty and says why.
    assert "No council's steps through this offer" in text


def test_the_funnel_on_the_programme_councils_and_council_pages(client, offer):
    programme, _ = offer
    thurrock = f.CouncilFactory(name="Thurrock Council", slug="thurrock", region="east")
    leeds = f.CouncilFactory(name="Leeds City Council", region=Council.Region.YORKSHIRE)
    for council, stage in [(thurrock, Stage.DELIVERED), (leeds, Stage.BOOKED)]:
        f.DeliveryStageFactory(
            programme=programme, council=council, stage=stage, reached_on=date(2012, 5, 1)
        )
    page = words(client.get(programme.get_absolute_url() + "?as_at=2012-06-30").content.decode())
    assert "Figure computed from the stages recorded." in page
    assert "Peer challenges delivered to date: 1 (computed from the stages recorded)" in page
    assert "All councils 2 2 2 1 0" in page
    assert "East of England 1 1 1 1 0" in page and "Yorkshire and the Humber 1 1 1 0 0" in page
    councils = words(
        client.get(reverse("programmes:councils") + "?as_at=2012-06-30").content.decode()
    )
    assert "Corporate peer challenge 2 2 2 1 0" in councils
    before = words(
        client.get(reverse("programmes:councils") + "?as_at=2012-04-30").content.decode()
    )
    assert "No council's steps through an offer are recorded on or before this date" in before
    council = words(client.get(thurrock.get_absolute_url()).content.decode())
    assert "Corporate peer challenge Delivered 1 May 2012" in council


def test_the_savings_ledger_shows_claimed_and_verified_apart(client):
    programme = f.ProgrammeFactory(name="Local Productivity programme")
    f.IndicatorFactory(
        programme=programme,
        unit=Indicator.Unit.GBP,
        target_value=Decimal("150000000"),
        target_qualifier="at_least",
        target_ends_on=date(2015, 3, 31),
        computed_from=Indicator.ComputedFrom.SAVINGS_VERIFIED,
    )
    url = programme.get_absolute_url() + "?as_at=2013-06-30"
    empty = words(client.get(url).content.decode())
    assert "Savings ledger Target: at least £150,000,000 by March 2015" in empty
    assert "No savings claims by councils are recorded on or before 30 June 2013" in empty
    f.SavingsClaimFactory(
        programme=programme,
        council=f.CouncilFactory(name="Coventry City Council"),
        verified_on=date(2013, 5, 2),
        verified_by=f.OfficerFactory(name="Jo Checker"),
    )
    f.SavingsClaimFactory(programme=programme, amount=Decimal(500000))
    text = words(client.get(url).content.decode())
    assert (
        "£1,750,000 claimed, of which £1,250,000 verified, towards a target of at least "
        "£150,000,000 by March 2015." in text
    )
    assert "£1,250,000 Verified 2 May 2013 by Jo Checker" in text
    assert "£500,000 Not verified" in text
    # The council's page lists its own claims, for every programme, apart the same way.
    coventry = words(
        client.get(
            Council.objects.get(name="Coventry City Council").get_absolute_url()
        ).content.decode()
    )
    assert "Savings claimed £1,250,000 claimed, of which £1,250,000 verified." in coventry
    assert "Local Productivity programme 1 Apr 2012 to 31 Mar 2013" in coventry
    before = words(
        client.get(
            Council.objects.get(name="Coventry City Council").get_absolute_url()
            + "?as_at=2013-04-30"
        ).content.decode()
    )
    assert "No savings claimed by this council are recorded on or before 30 April 2013" in before


def test_the_admin_shows_targets_qualifiers_and_dates_as_stated(admin_client, offer):
    programme, delivered = offer
    indicators = words(admin_client.get(admin_url(Indicator, "changelist")).content.decode())
    assert "over 100 by March 2015" in indicators  # the period in force today: the last
    assert "over 42 at October 2011" in indicators
    readings = words(
        admin_client.get(admin_url(delivered.readings.model, "changelist")).content.decode()
    )
    assert "October 2011" in readings and "over 42" in readings
    milestones = words(
        admin_client.get(admin_url(f.MilestoneFactory._meta.model, "changelist")).content.decode()
    )
    assert "January 2012" in milestones
    page = admin_client.get(admin_url(Indicator, "change", delivered.pk))
    assert page.status_code == 200
    assert "Later target periods" in page.content.decode()


def test_an_officer_verifies_claims_in_bulk_through_the_service(admin_client, admin_user):
    officer = f.OfficerFactory(user=admin_user)
    claims = [f.SavingsClaimFactory(), f.SavingsClaimFactory()]
    response = admin_client.post(
        admin_url(SavingsClaim, "changelist"),
        {"action": "verify_today", "_selected_action": [c.pk for c in claims]},
    )
    assert response.status_code == 302
    for claim in claims:
        claim.refresh_from_db()
        assert (claim.verified_by, claim.verified_on) == (officer, date.today())
        assert claim.history.latest().history_user == admin_user


def test_the_priority_admin_keeps_its_line_as_inlines(admin_client, line):
    response = admin_client.get(admin_url(line["4.5"], "change", line["4.5"].pk))
    html = response.content.decode()
    assert "In earlier plan years" in html and "In later plan years" in html
    formsets = {i.formset.prefix: i.formset for i in response.context["inline_admin_formsets"]}
    assert [form.instance.later for form in formsets["later_links"].initial_forms] == [line["15.1"]]
    assert [form.instance.earlier for form in formsets["earlier_links"].initial_forms] == [
        line["3.1"]
    ]


def test_the_council_admin_keeps_its_steps_and_savings_claims_as_inlines(admin_client):
    from tests.test_admin import add_inline_row, form_data

    council = f.CouncilFactory()
    programme = f.ProgrammeFactory(name="Local Productivity Programme")
    f.SavingsClaimFactory(council=council, programme=programme, period_starts_on=date(2012, 4, 1))
    url = admin_url(Council, "change", council.pk)
    response = admin_client.get(url)
    formsets = {i.formset.prefix: i.formset for i in response.context["inline_admin_formsets"]}
    assert set(formsets) == {"delivery_stages", "savings_claims"}
    assert len(formsets["savings_claims"].initial_forms) == 1
    data = form_data(response)
    claim = {
        "programme": programme.pk,
        "period_starts_on": "2013-04-01",
        "period_ends_on": "2014-03-31",
        "amount": "250000",
        "claimed_on": "2014-05-01",
        "verified_on": "2014-06-01",  # with nobody named as verifying it
    }
    add_inline_row(data, "savings_claims", claim)
    refused = admin_client.post(url, data)
    assert refused.status_code == 200
    assert "Say who verified it." in refused.content.decode()
    data["savings_claims-1-verified_on"] = ""
    assert admin_client.post(url, data).status_code == 302
    assert council.savings_claims.count() == 2
    assert council.savings_claims.get(period_starts_on=date(2013, 4, 1)).history.exists()
