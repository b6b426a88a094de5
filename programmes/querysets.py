"""The reads of delivery data. Status as at a date is worked out in SQL plus prefetches,
so the number of queries never grows with the number of programmes.

Progress updates and readings are drafts until published: every read here uses
published rows only unless asked for `include_drafts=True` (the admin, which shows
officers their drafts beside what the public sees)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from core.publishing import PublishableQuerySet
from core.sql import KeptSubquery, built_once


class ReadingQuerySet(PublishableQuerySet):
    def as_at(self, on: date) -> ReadingQuerySet:
        return self.filter(as_at__lte=on)


class ProgressUpdateQuerySet(PublishableQuerySet):
    def latest_on(self, on: date) -> ProgressUpdateQuerySet:
        """Updates describing `on` or earlier, the latest first: a programme's status as
        at a date is the first of these."""
        return self.filter(as_at__lte=on).order_by("-as_at", "-pk")

    def latest_for_each_programme(
        self, *, as_at: date, include_drafts: bool = False
    ) -> ProgressUpdateQuerySet:
        """For a subquery on programmes: each programme's updates as at the date, the
        latest first (`.values("rag")[:1]` is its status)."""
        return (
            self.published(include_drafts=include_drafts)
            .filter(programme=OuterRef("pk"))
            .latest_on(as_at)
        )


class MilestoneQuerySet(models.QuerySet):
    def with_state(self, *, as_at: date, due_soon_days: int | None = None) -> MilestoneQuerySet:
        """Annotate `state` (a `MilestoneState`) as at a date: done once completed on or
        before it; overdue once its due date has passed (completing it on the due date
        is on time); due soon within `due_soon_days` (the DUE_SOON_DAYS setting) of it;
        upcoming after that."""
        from .status import MilestoneState

        if due_soon_days is None:
            due_soon_days = settings.BOARDPORTAL_DUE_SOON_DAYS
        return self.annotate(
            state=Case(
                When(completed_on__lte=as_at, then=Value(MilestoneState.DONE)),
                When(due_on__lt=as_at, then=Value(MilestoneState.OVERDUE)),
                When(
                    due_on__lte=as_at + timedelta(days=due_soon_days),
                    then=Value(MilestoneState.DUE_SOON),
                ),
                default=Value(MilestoneState.UPCOMING),
                output_field=CharField(),
            )
        )

    def in_state(self, state: str, *, as_at: date) -> MilestoneQuerySet:
        return self.with_state(as_at=as_at).filter(state=state)


class IndicatorQuerySet(models.QuerySet):
    def with_latest_reading(
        self, *, as_at: date, include_drafts: bool = False
    ) -> IndicatorQuerySet:
        """Annotate the latest published reading on or before `as_at` (value and its date);
        with `include_drafts`, the latest of any, and `latest_published_at` (None: a draft)."""
        from .models import Reading

        latest = (
            Reading.objects.published(include_drafts=include_drafts)
            .filter(indicator=OuterRef("pk"), as_at__lte=as_at)
            .order_by("-as_at")
        )
        return self.annotate(
            latest_value=KeptSubquery(latest.values("value")[:1]),
            latest_as_at=KeptSubquery(latest.values("as_at")[:1]),
            latest_published_at=KeptSubquery(latest.values("published_at")[:1]),
            latest_qualifier=KeptSubquery(latest.values("qualifier")[:1]),
            latest_precision=KeptSubquery(latest.values("as_at_precision")[:1]),
            latest_stated=KeptSubquery(latest.values("as_at_stated")[:1]),
        )

    def with_target_at(self, *, as_at: date) -> IndicatorQuerySet:
        """Annotate the later target period (`TargetPeriod`) that began last on or before
        `as_at` (`later_*`), so that `programmes.selectors.indicator_status` can choose the
        period in force with no query of its own: the periods do not overlap, so it is
        the one containing the date or, if none does, the last one over."""
        from .models import TargetPeriod

        later = TargetPeriod.objects.filter(
            indicator=OuterRef("pk"), starts_on__lte=as_at
        ).order_by("-starts_on")
        return self.annotate(
            **{
                f"later_{name}": KeptSubquery(later.values(name)[:1])
                for name in ("value", "qualifier", "starts_on", "ends_on", "baseline")
            }
        )

    def with_computed_figure(self, *, as_at: date) -> IndicatorQuerySet:
        """Annotate `computed_value`: the indicator's figure worked out from its
        programme's councils' records on or before `as_at` (the councils at or beyond a
        delivery stage, or the savings claimed or verified), or None where it takes its
        figures from readings or no such record exists by then."""
        from .models import DeliveryStage, Indicator, SavingsClaim

        mine = {"programme": OuterRef("programme")}
        stages = DeliveryStage.objects.filter(**mine, reached_on__lte=as_at)
        councils = (
            stages.filter(stage__gte=OuterRef("computed_stage"))
            .order_by()
            .values("programme")
            .annotate(n=Count("council", distinct=True))
            .values("n")[:1]
        )
        claims = SavingsClaim.objects.filter(**mine, claimed_on__lte=as_at)
        verified = claims.filter(verified_on__lte=as_at)

        def total(queryset):
            sums = queryset.order_by().values("programme").annotate(s=Sum("amount")).values("s")
            return Coalesce(KeptSubquery(sums[:1]), Value(Decimal(0)))

        source = Indicator.ComputedFrom
        return self.annotate(
            computed_value=Case(
                When(
                    Q(computed_from=source.STAGES) & Exists(stages),
                    then=Coalesce(KeptSubquery(councils), Value(0)),
                ),
                When(Q(computed_from=source.SAVINGS_CLAIMED) & Exists(claims), then=total(claims)),
                When(
                    Q(computed_from=source.SAVINGS_VERIFIED) & Exists(claims),
                    then=total(verified),
                ),
                default=Value(None),
                output_field=DecimalField(max_digits=14, decimal_places=2),
            )
        )


class CouncilQuerySet(models.QuerySet):
    def with_offers(self) -> CouncilQuerySet:
        """`offers`: how many offers (programmes) each council takes up, however many
        cohorts it joined them in. The councils page, its admin, the API and the open data
        all count take-up this way."""
        return self.annotate(offers=Count("participations__programme", distinct=True))

    def with_participations(self) -> CouncilQuerySet:
        """Each council's participations, programme by programme, in one query."""
        participation = self.model._meta.get_field("participations").related_model
        return self.prefetch_related(
            Prefetch(
                "participations",
                queryset=participation.objects.select_related("programme").order_by(
                    "programme__name", "cohort", "pk"
                ),
            )
        )


class ProgrammeQuerySet(models.QuerySet):
    def for_listing(self) -> ProgrammeQuerySet:
        return self.select_related("theme", "board", "lead_officer", "parent")

    def live_between(self, starts_on: date, ends_on: date) -> ProgrammeQuerySet:
        """Active programmes running at some point in a period (a quarter)."""
        return self.filter(status="active").filter(
            (Q(starts_on__isnull=True) | Q(starts_on__lte=ends_on))
            & (Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
        )

    def recordable_by(self, user) -> ProgrammeQuerySet:
        """The programmes whose updates, readings and milestones a user may record: those
        they lead or are delegated, or every one for those who review and publish."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or user.has_perm("programmes.publish_progressupdate"):
            return self
        return self.filter(Q(lead_officer__user=user) | Q(delegates__user=user)).distinct()

    def with_current_rag(
        self, *, as_at: date, include_drafts: bool = False, plan_year=None
    ) -> ProgrammeQuerySet:
        """Annotate the latest published (with `include_drafts`, any) progress update's
        `status_rag` and `status_as_at` on or before `as_at`, and `current_rag`: its status
        while it is current (`programmes.status.update_current_from`, for a priority of
        `plan_year` if given), else None. Filter, count and roll up by `current_rag`."""
        from .models import ProgressUpdate
        from .status import update_current_from

        latest = ProgressUpdate.objects.latest_for_each_programme(
            as_at=as_at, include_drafts=include_drafts
        )
        since = update_current_from(as_at, plan_year)
        return self.annotate(
            status_rag=KeptSubquery(latest.values("rag")[:1]),
            status_as_at=KeptSubquery(latest.values("as_at")[:1]),
        ).annotate(
            current_rag=Case(
                When(status_as_at__gte=since, then=F("status_rag")),
                default=Value(None),
                output_field=CharField(),
            )
        )

    def with_status(self, *, as_at: date, include_drafts: bool = False) -> ProgrammeQuerySet:
        """Annotate the latest published progress update on or before `as_at` and the
        evidence for a suggested RAG: milestone counts in SQL, indicators with their
        latest published reading prefetched into `indicators_at` (one query for all
        programmes). With `include_drafts`, drafts count too, and `status_published_at`
        is None when the latest update is a draft. `current_rag` is the status while the
        latest update is current (`with_current_rag`, which is all a status alone needs).

        Read the result with `programmes.selectors.programme_status()`.
        """
        from .models import Milestone, ProgressUpdate
        from .status import MilestoneState

        latest = ProgressUpdate.objects.latest_for_each_programme(
            as_at=as_at, include_drafts=include_drafts
        )
        milestones = Milestone.objects.filter(programme=OuterRef("pk"), due_on__lte=as_at)
        overdue = milestones.in_state(MilestoneState.OVERDUE, as_at=as_at)

        def count_of(queryset):
            return Coalesce(
                KeptSubquery(
                    queryset.order_by().values("programme").annotate(n=Count("pk")).values("n")[:1]
                ),
                Value(0),
            )

        indicators = _evidence_indicators(as_at, include_drafts)
        return (
            self.with_current_rag(as_at=as_at, include_drafts=include_drafts)
            .annotate(
                status_headline=KeptSubquery(latest.values("headline")[:1]),
                status_published_at=KeptSubquery(latest.values("published_at")[:1]),
                milestones_due=count_of(milestones),
                milestones_overdue=count_of(overdue),
            )
            .prefetch_related(Prefetch("indicators", queryset=indicators, to_attr="indicators_at"))
        )

    def due_an_update(self, round) -> ProgrammeQuerySet:
        """Programmes a round asks for (`live_between` its quarter) with no progress
        update dated in its quarter yet. A draft counts: the officer has written it, it
        only awaits review."""
        from .models import ProgressUpdate

        updated = ProgressUpdate.objects.filter(
            programme=OuterRef("pk"), as_at__gte=round.starts_on, as_at__lte=round.ends_on
        )
        return self.live_between(round.starts_on, round.ends_on).exclude(Exists(updated))


@built_once
def _evidence_indicators(as_at: date, include_drafts: bool) -> IndicatorQuerySet:
    """The indicators' queryset `with_status` prefetches: its twenty-odd subqueries took
    longer to build than the query takes to run."""
    from .models import Indicator

    return (
        Indicator.objects.filter(programme__isnull=False)
        .with_latest_reading(as_at=as_at, include_drafts=include_drafts)
        .with_target_at(as_at=as_at)
        .with_computed_figure(as_at=as_at)
        .order_by("name")
    )


def listing_with_status(*, as_at: date, include_drafts: bool = False) -> ProgrammeQuerySet:
    """`Programme.objects.for_listing().with_status(...)`, the pages' usual read of
    programmes, built once per process for a date and the settings its SQL depends on
    (building it cost more than running it); each call returns a clone to filter on."""
    return _listing_with_status(
        as_at,
        include_drafts,
        settings.BOARDPORTAL_STALE_AFTER_QUARTERS,
        settings.BOARDPORTAL_DUE_SOON_DAYS,
    )


@built_once
def _listing_with_status(
    as_at: date, include_drafts: bool, *settings_in_its_sql: int
) -> ProgrammeQuerySet:
    from .models import Programme

    return Programme.objects.for_listing().with_status(as_at=as_at, include_drafts=include_drafts)
