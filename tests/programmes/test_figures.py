"""Figures per council: an offer's delivery funnel (per offer, per region) and the savings
ledger (claimed and verified apart), and the indicator figures worked out from them."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from programmes.figures import council_ledger, funnel_overview, offer_funnel, savings_ledger
from programmes.models import Council, Indicator, Programme, SavingsClaim, Stage
from programmes.selectors import programme_status
from programmes.services import delivery_stage_save, savings_claim_save, savings_claim_verify
from programmes.status import funnel_counts
from tests import factories as f

STAGES = Stage.values  # requested, in discussion, booked, delivered, follow-up


@pytest.mark.parametrize(
    ("furthest", "expected"),
    [
        ([], [0, 0, 0, 0, 0]),
        ([Stage.REQUESTED], [1, 0, 0, 0, 0]),
        # A council delivered to was booked before, whether or not the booking was recorded.
        ([Stage.DELIVERED], [1, 1, 1, 1, 0]),
        ([Stage.FOLLOW_UP, Stage.BOOKED, Stage.REQUESTED], [3, 2, 2, 1, 1]),
    ],
)
def test_the_funnel_counts_councils_at_or_beyond_each_stage(furthest, expected):
    assert list(funnel_counts(furthest, STAGES).values()) == expected


DAY = date(2012, 9, 30)


def offer_with_stages() -> tuple[Programme, list[Council]]:
    """Thurrock delivered (after booking), Essex booked, Leeds requested, the day before
    and the day after DAY."""
    offer = f.ProgrammeFactory(name="Corporate peer challenge")
    thurrock = f.CouncilFactory(name="Thurrock Council", region=Council.Region.EAST)
    essex = f.CouncilFactory(name="Essex County Council", region=Council.Region.EAST)
    leeds = f.CouncilFactory(name="Leeds City Council", region=Council.Region.YORKSHIRE)
    f.DeliveryStageFactory(programme=offer, council=thurrock, stage=Stage.BOOKED)
    f.DeliveryStageFactory(programme=offer, council=thurrock, stage=Stage.DELIVERED, reached_on=DAY)
    f.DeliveryStageFactory(programme=offer, council=essex, stage=Stage.BOOKED)
    f.DeliveryStageFactory(
        programme=offer, council=leeds, stage=Stage.REQUESTED, reached_on=DAY + timedelta(1)
    )
    return offer, [thurrock, essex, leeds]


@pytest.mark.django_db
def test_an_offers_funnel_on_the_day_and_the_day_after():
    offer, _ = offer_with_stages()
    on_the_day = offer_funnel(offer, as_at=DAY)
    assert on_the_day.total.cells == [2, 2, 2, 1, 0]
    assert [(r.label, r.cells) for r in on_the_day.regions] == [
        ("East of England", [2, 2, 2, 1, 0])
    ]
    assert offer_funnel(offer, as_at=DAY - timedelta(1)).total.cells == [2, 2, 2, 0, 0]
    day_after = offer_funnel(offer, as_at=DAY + timedelta(1))
    assert [(r.label, r.cells) for r in day_after.regions] == [
        ("East of England", [2, 2, 2, 1, 0]),
        ("Yorkshire and the Humber", [1, 0, 0, 0, 0]),
    ]
    assert offer_funnel(f.ProgrammeFactory(), as_at=DAY).is_empty


@pytest.mark.django_db
def test_the_councils_page_funnel_takes_each_councils_furthest_stage_in_any_offer():
    offer, (thurrock, _, _) = offer_with_stages()
    other = f.ProgrammeFactory(name="Leadership Academy")
    f.DeliveryStageFactory(programme=other, council=thurrock, stage=Stage.FOLLOW_UP)
    overview = funnel_overview(as_at=DAY)
    assert [(o.label, o.cells) for o in overview.offers] == [
        ("Corporate peer challenge", [2, 2, 2, 1, 0]),
        ("Leadership Academy", [1, 1, 1, 1, 1]),
    ]
    assert [(r.label, r.cells) for r in overview.regions] == [("East of England", [2, 2, 2, 1, 1])]


def status_of(programme: Programme, as_at: date):
    fetched = Programme.objects.with_status(as_at=as_at).get(pk=programme.pk)
    return programme_status(fetched, as_at=as_at)


@pytest.mark.django_db
def test_an_indicator_computed_from_the_stages_where_they_exist_else_as_reported():
    offer, _ = offer_with_stages()
    delivered = f.IndicatorFactory(
        programme=offer,
        name="Peer challenges delivered to date",
        computed_from=Indicator.ComputedFrom.STAGES,
        computed_stage=Stage.DELIVERED,
    )
    f.ReadingFactory(indicator=delivered, as_at=date(2012, 6, 30), value=Decimal(42))
    (computed,) = status_of(offer, DAY).indicators
    assert (computed.actual, computed.computed, computed.figure_source) == (
        1,
        True,
        "computed from the stages recorded",
    )
    # Before any stage is recorded, the figure is the reading, as reported.
    (reported,) = status_of(offer, date(2012, 8, 31)).indicators
    assert (reported.actual, reported.computed, reported.figure_source) == (
        42,
        False,
        "as reported",
    )


@pytest.mark.django_db
def test_a_step_cannot_be_reached_in_the_future():
    stage = f.DeliveryStageFactory.build(
        programme=f.ProgrammeFactory(),
        council=f.CouncilFactory(),
        reached_on=date.today() + timedelta(1),
    )
    with pytest.raises(ValidationError, match="in the future"):
        delivery_stage_save(stage=stage)


# --- The savings ledger --------------------------------------------------------------------


def productivity_with_claims() -> tuple[Programme, Indicator]:
    """£1.25m verified, £0.5m verified the day after DAY, £2m not verified, £3m claimed
    the day after DAY; a target of at least £150m over three years."""
    programme = f.ProgrammeFactory(name="Local Productivity programme")
    savings = f.IndicatorFactory(
        programme=programme,
        unit=Indicator.Unit.GBP,
        target_value=Decimal("150000000"),
        target_qualifier="at_least",
        target_ends_on=date(2015, 3, 31),
        computed_from=Indicator.ComputedFrom.SAVINGS_VERIFIED,
    )
    officer = f.OfficerFactory()
    verified = [(Decimal("1250000"), DAY), (Decimal("500000"), DAY + timedelta(1))]
    for amount, verified_on in verified:
        f.SavingsClaimFactory(
            programme=programme,
            amount=amount,
            claimed_on=date(2012, 7, 1),
            verified_on=verified_on,
            verified_by=officer,
        )
    f.SavingsClaimFactory(programme=programme, amount=Decimal(2000000), claimed_on=DAY)
    f.SavingsClaimFactory(
        programme=programme, amount=Decimal(3000000), claimed_on=DAY + timedelta(1)
    )
    return programme, savings


@pytest.mark.django_db
def test_claimed_and_verified_are_summed_apart_as_at_a_date():
    programme, savings = productivity_with_claims()
    ledger = savings_ledger(programme, as_at=DAY, indicators=[savings])
    assert (ledger.claimed, ledger.verified) == (Decimal("3750000"), Decimal("1250000"))
    assert ledger.in_words == (
        "£3,750,000 claimed, of which £1,250,000 verified, towards a target of at least "
        "£150,000,000 by March 2015."
    )
    day_after = savings_ledger(programme, as_at=DAY + timedelta(1), indicators=[savings])
    assert (day_after.claimed, day_after.verified) == (Decimal("6750000"), Decimal("1750000"))
    # The indicator counts what is verified, and says so.
    (figure,) = status_of(programme, DAY).indicators
    assert (figure.actual, figure.figure_source) == (
        Decimal("1250000"),
        "computed from the savings ledger",
    )


@pytest.mark.django_db
def test_with_no_claims_the_ledger_is_empty_and_shows_the_target():
    programme, savings = productivity_with_claims()
    SavingsClaim.objects.all().delete()
    ledger = savings_ledger(programme, as_at=DAY, indicators=[savings])
    assert (ledger.claims, ledger.claimed, ledger.verified) == ([], 0, 0)
    assert ledger.target_in_words == "at least £150,000,000 by March 2015"
    # A programme with no claims and nothing counting savings has no ledger at all.
    assert savings_ledger(f.ProgrammeFactory(), as_at=DAY) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"verified_on": DAY}, "verified_by"),  # who verified it
        ({"verified_by": "officer"}, "verified_on"),  # and when
        ({"verified_on": date(2013, 4, 30), "verified_by": "officer"}, "verified_on"),
        ({"period_ends_on": date(2012, 3, 31)}, "period_ends_on"),
    ],
)
def test_a_claim_is_verified_with_who_and_when_after_it_is_made(changes, field):
    if changes.get("verified_by") == "officer":
        changes["verified_by"] = f.OfficerFactory()
    claim = f.SavingsClaimFactory.build(
        programme=f.ProgrammeFactory(), council=f.CouncilFactory(), **changes
    )
    with pytest.raises(ValidationError) as error:
        savings_claim_save(claim=claim)
    assert field in error.value.message_dict


@pytest.mark.django_db
def test_verifying_on_the_day_of_the_claim_is_accepted_and_kept_in_its_history():
    claim = f.SavingsClaimFactory()
    officer = f.OfficerFactory(name="Jo Checker")
    savings_claim_verify(claim=claim, verified_by=officer, verified_on=claim.claimed_on)
    claim.refresh_from_db()
    assert (claim.verified_on, claim.verified_by) == (claim.claimed_on, officer)
    assert claim.history.count() == 2


@pytest.mark.django_db
def test_a_councils_claims_for_every_programme_are_summed_apart_as_at_a_date():
    council, officer = f.CouncilFactory(), f.OfficerFactory()
    productivity, assets = f.ProgrammeFactory(), f.ProgrammeFactory()

    def claim(programme, year, amount, claimed_on, verified_on=None):
        f.SavingsClaimFactory(
            programme=programme,
            council=council,
            period_starts_on=date(year, 4, 1),
            period_ends_on=date(year + 1, 3, 31),
            amount=Decimal(amount),
            claimed_on=claimed_on,
            verified_on=verified_on,
            verified_by=officer if verified_on else None,
        )

    claim(productivity, 2011, 1000, date(2012, 7, 1), verified_on=DAY)
    claim(productivity, 2012, 200, date(2012, 7, 1), verified_on=DAY + timedelta(1))
    claim(assets, 2012, 30, DAY)
    claim(assets, 2011, 4, DAY + timedelta(1))
    f.SavingsClaimFactory(programme=productivity, amount=Decimal(99999), claimed_on=DAY)
    ledger = council_ledger(council, as_at=DAY)
    # The claim made the day after is left out; the one verified the day after is
    # claimed, not yet verified; another council's claim is not this council's.
    assert (ledger.claimed, ledger.verified) == (Decimal(1230), Decimal(1000))
    assert ledger.in_words == "£1,230 claimed, of which £1,000 verified."
    # Latest period first.
    assert [c.period_starts_on.year for c in ledger.claims] == [2012, 2012, 2011]
    day_after = council_ledger(council, as_at=DAY + timedelta(1))
    assert (day_after.claimed, day_after.verified) == (Decimal(1234), Decimal(1200))
