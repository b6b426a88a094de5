"""Delivery: programmes with their progress updates and evidence, councils taking part,
councils' delivery stages and savings claims, and the round now open."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils.text import slugify

from core.rag import Rag
from programmes.models import (
    Council,
    DeliveryStage,
    Indicator,
    Milestone,
    Participation,
    Programme,
    ProgressUpdate,
    Reading,
    ReportingRound,
    SavingsClaim,
    Stage,
    TargetPeriod,
)

from .evidence import Evidence, make_evidence
from .plan import CURRENT, YEARS, Plan
from .rows import Counts, link, published_on
from .words import COUNCIL_PLACES, PRIORITY_WORDS, PROGRAMME_NOUNS

QUARTER_ENDS = (
    date(2011, 9, 30),
    date(2011, 12, 31),
    date(2012, 3, 31),
    date(2012, 6, 30),
    date(2012, 9, 30),
    date(2012, 12, 31),
)
RAGS = [Rag.GREEN] * 6 + [Rag.AMBER] * 3 + [Rag.RED]


@dataclass
class Delivery:
    programmes: list[Programme] = field(default_factory=list)
    councils: list[Council] = field(default_factory=list)
    updates: list[ProgressUpdate] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)


def make_delivery(rng: random.Random, n: int, plan: Plan, counts: Counts) -> Delivery:
    delivery = Delivery()
    delivery.councils = _councils(n, counts)
    programmes, evidence = [], []
    for i in range(n):
        programme = _programme(rng, i, plan)
        programmes.append(programme)
        draft_last = i % 7 == 0
        evidence.append(make_evidence(rng, i, programme.name, draft_last))
    delivery.programmes = counts.save(Programme, programmes)
    _links(plan, delivery.programmes, counts)
    _evidence(delivery, evidence, counts)
    _updates(rng, delivery, evidence, counts)
    _councils_in(rng, plan, delivery, counts)
    current = plan.years[CURRENT]
    counts.save(
        ReportingRound,
        [
            ReportingRound(
                plan_year=current,
                quarter=3,
                starts_on=date(2012, 10, 1),
                ends_on=date(2012, 12, 31),
                opened_on=date(2012, 12, 10),
                deadline=date(2013, 1, 11),
            )
        ],
    )
    return delivery


def _councils(n: int, counts: Counts) -> list[Council]:
    kinds = list(Council.Kind)[:-1]
    regions = list(Council.Region)
    rows = []
    for k in range(min(350, max(6, n // 25))):
        place = COUNCIL_PLACES[k % len(COUNCIL_PLACES)]
        suffix = f" {k // len(COUNCIL_PLACES) + 1}" if k >= len(COUNCIL_PLACES) else ""
        name = f"{place}{suffix} Council"
        rows.append(
            Council(
                name=name,
                slug=slugify(name),
                kind=kinds[k % len(kinds)],
                region=regions[k % len(regions)],
                gss_code=f"E0{6 + k % 3}{k:06d}",
            )
        )
    return counts.save(Council, rows)


def _programme(rng: random.Random, i: int, plan: Plan) -> Programme:
    priorities = plan.priorities[CURRENT]
    priority = priorities[i % len(priorities)]
    name = f"{rng.choice(PRIORITY_WORDS)} {rng.choice(PROGRAMME_NOUNS).lower()} {i + 1}"
    status, starts, ends = Programme.Status.ACTIVE, None, None
    if i % 25 == 24:
        status, starts = Programme.Status.PLANNED, date(2013, 6, 1)
    else:
        starts = date(2011, 4, 1) + timedelta(days=rng.randrange(0, 300))
        if i % 20 == 19:
            status, ends = Programme.Status.CLOSED, date(2013, 3, 31)
    return Programme(
        name=name,
        slug=slugify(name),
        theme=priority.theme,
        board=priority.board or plan.boards[i % len(plan.boards)],
        lead_officer=plan.officers[i % len(plan.officers)],
        summary=f"{name} helps councils with {priority.title.lower()}.",
        status=status,
        starts_on=starts,
        ends_on=ends,
        funding_source=rng.choice(("RSG top-slice", "Grant", "Subscriptions", "")),
        weight=Decimal("2") if i % 10 == 0 else Decimal("1"),
    )


def _links(plan: Plan, programmes: list[Programme], counts: Counts) -> None:
    """Each delivers its priority of 2012/13; half the one before it, a third the one
    after."""
    first, current, next_ = (plan.priorities[label] for label, _, _ in YEARS)
    pairs = []
    for i, programme in enumerate(programmes):
        k = i % len(current)
        pairs.append((programme.pk, current[k].pk))
        if i % 2 == 0:
            pairs.append((programme.pk, first[k].pk))
        if i % 3 == 0:
            pairs.append((programme.pk, next_[k].pk))
    link(counts, Programme.priorities, pairs)


def _evidence(delivery: Delivery, evidence: list[Evidence], counts: Counts) -> None:
    milestones, indicators = [], []
    for programme, found in zip(delivery.programmes, evidence, strict=True):
        for milestone in found.milestones:
            milestone.programme = programme
            milestones.append(milestone)
        for indicator, _, _ in found.indicators:
            indicator.programme = programme
            indicators.append(indicator)
    counts.save(Milestone, milestones)
    counts.save(Indicator, indicators)
    periods, readings = [], []
    for found in evidence:
        for indicator, later, taken in found.indicators:
            for row in later + taken:
                row.indicator = indicator
            periods += later
            readings += taken
    counts.save(TargetPeriod, periods)
    delivery.readings = counts.save(Reading, readings)


def _updates(rng: random.Random, delivery: Delivery, evidence: list[Evidence], counts: Counts):
    """A progress update each quarter of the programme's life (one in ten missed), with
    the status the evidence suggests or, one in seven, the officer's own with a reason."""
    rows = []
    for i, (programme, found) in enumerate(zip(delivery.programmes, evidence, strict=True)):
        dates = [q for q in QUARTER_ENDS if programme.is_live_on(q) and rng.random() > 0.1]
        for on in dates:
            suggested = found.suggested(on)
            rag, reason = suggested or rng.choice(RAGS), ""
            if rng.random() < 0.15:
                other = rng.choice([r for r in (Rag.GREEN, Rag.AMBER, Rag.RED) if r != rag])
                rag = other
                if suggested:
                    reason = "The officer's judgement: the figures lag the work on the ground."
            last = on == dates[-1]
            rows.append(
                ProgressUpdate(
                    programme=programme,
                    as_at=on,
                    rag=rag,
                    suggested_rag=suggested.value if suggested else "",
                    override_reason=reason,
                    headline=f"{programme.name}: quarter to {on:%B %Y} {Rag(rag).label.lower()}",
                    narrative=f"Update on {programme.name} for the quarter to {on:%-d %B %Y}.",
                    next_steps="Report again next quarter.",
                    author=programme.lead_officer,
                    published_at=None if last and i % 7 == 0 else published_on(on),
                    source=f"Quarterly return, {on:%B %Y}",
                )
            )
    delivery.updates = counts.save(ProgressUpdate, rows)


def _councils_in(rng: random.Random, plan: Plan, delivery: Delivery, counts: Counts) -> None:
    """Two councils take part in each programme; one in ten offers has its councils'
    steps recorded, and another one in ten their savings claims."""
    councils, officers = delivery.councils, plan.officers
    parts, stages, claims = [], [], []
    statuses = list(Participation.Status)
    for i, programme in enumerate(delivery.programmes):
        chosen = rng.sample(councils, 2)
        for k, council in enumerate(chosen):
            parts.append(
                Participation(
                    programme=programme,
                    council=council,
                    cohort=f"Wave {k + 1}",
                    joined_on=date(2011, 9, 1) + timedelta(days=90 * k),
                    status=statuses[(i + k) % len(statuses)],
                )
            )
        if i % 10 == 3:
            for council in chosen:
                reached = date(2012, 1, 10)
                for stage in list(Stage)[: rng.randrange(1, len(Stage) + 1)]:
                    stages.append(
                        DeliveryStage(
                            programme=programme, council=council, stage=stage, reached_on=reached
                        )
                    )
                    reached += timedelta(days=rng.randrange(20, 90))
        if i % 10 == 7:
            for k, council in enumerate(chosen):
                verified = k == 0
                claims.append(
                    SavingsClaim(
                        programme=programme,
                        council=council,
                        period_starts_on=date(2012, 4, 1),
                        period_ends_on=date(2013, 3, 31),
                        amount=Decimal(rng.randrange(50, 2000) * 1000),
                        claimed_on=date(2013, 4, 30),
                        evidence="The council's outturn report.",
                        verified_on=date(2013, 6, 14) if verified else None,
                        verified_by=officers[i % len(officers)] if verified else None,
                    )
                )
    counts.save(Participation, parts)
    counts.save(DeliveryStage, stages)
    counts.save(SavingsClaim, claims)
