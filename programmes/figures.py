"""Figures per council as at a date: the delivery funnel of an offer (per offer and per
region) and the savings ledger of a programme, each read in one query whatever its size.

The funnel counts, for each stage, the councils that have reached it or gone beyond by
the date (`programmes.status.funnel_counts`); the ledger sums the savings claimed, and
apart from them those verified, by the date. Pages, the admin and the reports ask here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Max, QuerySet

from .charts import format_value, target_words
from .models import Council, DeliveryStage, Indicator, Programme, SavingsClaim, Stage
from .status import Target, funnel_counts, target_for

NO_REGION = "Region not recorded"


@dataclass(frozen=True)
class Funnel:
    """One row of a funnel table: councils at or beyond each stage."""

    label: str
    counts: dict[int, int]
    url: str = ""

    @property
    def cells(self) -> list[int]:
        return [self.counts[stage] for stage in Stage.values]


def _furthest(stages: QuerySet, *, as_at: date, by: tuple[str, ...]) -> list[dict]:
    """Each group's furthest stage reached on or before the date."""
    return list(
        stages.filter(reached_on__lte=as_at).order_by().values(*by).annotate(furthest=Max("stage"))
    )


def _region(code: str) -> str:
    return dict(Council.Region.choices).get(code, NO_REGION)


def _by_region(rows: list[dict]) -> list[Funnel]:
    grouped: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        grouped[_region(row["council__region"])].append(row["furthest"])
    return [
        Funnel(region, funnel_counts(furthest, Stage.values))
        for region, furthest in sorted(grouped.items())
    ]


@dataclass
class OfferFunnel:
    """An offer's funnel overall and by region; empty when no stage is recorded."""

    total: Funnel
    regions: list[Funnel]

    @property
    def is_empty(self) -> bool:
        return not self.regions


def offer_funnel(programme: Programme, *, as_at: date) -> OfferFunnel:
    rows = _furthest(
        programme.delivery_stages.all(), as_at=as_at, by=("council", "council__region")
    )
    total = Funnel(programme.name, funnel_counts((r["furthest"] for r in rows), Stage.values))
    return OfferFunnel(total, _by_region(rows))


@dataclass
class FunnelOverview:
    """Every offer's funnel, and councils by region (their furthest stage in any offer)."""

    offers: list[Funnel]
    regions: list[Funnel]


def funnel_overview(*, as_at: date) -> FunnelOverview:
    rows = _furthest(
        DeliveryStage.objects.all(),
        as_at=as_at,
        by=("programme", "programme__name", "programme__slug", "council", "council__region"),
    )
    by_offer: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_council: dict[int, tuple[str, int]] = {}
    for row in rows:
        by_offer[(row["programme__name"], row["programme__slug"])].append(row["furthest"])
        region, furthest = by_council.get(row["council"], (row["council__region"], 0))
        by_council[row["council"]] = (region, max(furthest, row["furthest"]))
    offers = [
        Funnel(name, funnel_counts(furthest, Stage.values), Programme(slug=slug).get_absolute_url())
        for (name, slug), furthest in sorted(by_offer.items())
    ]
    regions = _by_region(
        [{"council__region": region, "furthest": f} for region, f in by_council.values()]
    )
    return FunnelOverview(offers, regions)


def council_stages(council: Council, *, as_at: date) -> QuerySet:
    """A council's steps through every offer on or before a date, offer by offer."""
    return (
        council.delivery_stages.filter(reached_on__lte=as_at)
        .select_related("programme")
        .order_by("programme__name", "reached_on", "stage")
    )


@dataclass
class Ledger:
    """A programme's savings claims as at a date, claimed and verified apart, against
    the target of the indicator that counts them (if any)."""

    claims: list[SavingsClaim]
    as_at: date
    indicator: Indicator | None = None
    target: Target | None = None
    schedule: list[Target] = field(default_factory=list)

    @property
    def claimed(self) -> Decimal:
        return sum((c.amount for c in self.claims), Decimal(0))

    @property
    def verified(self) -> Decimal:
        return sum(
            (c.amount for c in self.claims if c.verified_on and c.verified_on <= self.as_at),
            Decimal(0),
        )

    def is_verified(self, claim: SavingsClaim) -> bool:
        return claim.verified_on is not None and claim.verified_on <= self.as_at

    @property
    def in_words(self) -> str:
        """'£1,250,000 claimed, of which £1,000,000 verified, towards a target of at
        least £150,000,000 by 31 March 2015.'"""
        claimed = format_value(self.claimed, Indicator.Unit.GBP)
        verified = format_value(self.verified, Indicator.Unit.GBP)
        words = f"{claimed} claimed, of which {verified} verified"
        if self.indicator is not None and self.target is not None:
            words += f", towards a target of {target_words(self.target, self.indicator)}"
        return words + "."

    @property
    def target_in_words(self) -> str:
        if self.indicator is None or self.target is None:
            return ""
        return target_words(self.target, self.indicator)

    @property
    def rows(self) -> list[tuple[SavingsClaim, str, bool]]:
        """Each claim with its amount in words and whether it is verified by the date."""
        return [
            (c, format_value(c.amount, Indicator.Unit.GBP), self.is_verified(c))
            for c in self.claims
        ]


SAVINGS = (Indicator.ComputedFrom.SAVINGS_CLAIMED, Indicator.ComputedFrom.SAVINGS_VERIFIED)


def savings_ledger(
    programme: Programme, *, as_at: date, indicators: list[Indicator] = ()
) -> Ledger | None:
    """The ledger of a programme whose claims exist or one of whose `indicators` counts
    savings (None for any other programme: it has no ledger to show)."""
    counting = next((i for i in indicators if i.computed_from in SAVINGS), None)
    claims = list(
        programme.savings_claims.filter(claimed_on__lte=as_at)
        .select_related("council", "verified_by")
        .order_by("-period_starts_on", "council__name")
    )
    if counting is None and not claims:
        return None
    ledger = Ledger(claims, as_at, counting)
    if counting is not None:
        ledger.schedule = counting.schedule()
        ledger.target = target_for(ledger.schedule, as_at) or next(iter(ledger.schedule), None)
    return ledger


def council_ledger(council: Council, *, as_at: date) -> Ledger:
    """The savings a council has claimed, for any programme, by a date: claimed and
    verified apart, latest period first."""
    claims = list(
        council.savings_claims.filter(claimed_on__lte=as_at)
        .select_related("programme", "verified_by")
        .order_by("-period_starts_on", "programme__name")
    )
    return Ledger(claims, as_at)
