"""The reads of delivery data. Status as at a date is worked out in SQL plus prefetches,
so the number of queries never grows with the number of programmes.

Progress updates and readings are drafts until published: every read here uses
published rows only unless asked for `include_drafts=True` (the admin, which shows
officers their drafts beside what the public sees)."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce

from core.publishing import PublishableQuerySet


class ReadingQuerySet(PublishableQuerySet):
    def as_at(self, on: date) -> ReadingQuerySet:
        return self.filter(as_at__lte=on)


class ProgressUpdateQuerySet(PublishableQuerySet):
    def as_at(self, on: date) -> ProgressUpdateQuerySet:
        return self.filter(as_at__lte=on)

    def latest_first(self) -> ProgressUpdateQuerySet:
        return self.order_by("-as_at", "-pk")


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
            latest_value=Subquery(latest.values("value")[:1]),
            latest_as_at=Subquery(latest.values("as_at")[:1]),
            latest_published_at=Subquery(latest.values("published_at")[:1]),
        )


class ProgrammeQuerySet(models.QuerySet):
    def for_listing(self) -> ProgrammeQuerySet:
        return self.select_related("theme", "board", "lead_officer", "parent")

    def with_status(self, *, as_at: date, include_drafts: bool = False) -> ProgrammeQuerySet:
        """Annotate the latest published progress update on or before `as_at` and the
        evidence for a suggested RAG: milestone counts in SQL, indicators with their
        latest published reading prefetched into `indicators_at` (one query for all
        programmes). With `include_drafts`, drafts count too, and `status_published_at`
        is None when the latest update is a draft.

        Read the result with `programmes.reporting.programme_status()`.
        """
        from .models import Indicator, Milestone, ProgressUpdate

        latest = (
            ProgressUpdate.objects.published(include_drafts=include_drafts)
            .filter(programme=OuterRef("pk"), as_at__lte=as_at)
            .order_by("-as_at", "-pk")
        )
        milestones = Milestone.objects.filter(programme=OuterRef("pk"), due_on__lte=as_at)
        overdue = milestones.filter(due_on__lt=as_at).filter(
            Q(completed_on__isnull=True) | Q(completed_on__gt=as_at)
        )

        def count_of(queryset):
            return Coalesce(
                Subquery(
                    queryset.order_by().values("programme").annotate(n=Count("pk")).values("n")[:1]
                ),
                Value(0),
            )

        indicators = (
            Indicator.objects.filter(programme__isnull=False)
            .with_latest_reading(as_at=as_at, include_drafts=include_drafts)
            .order_by("name")
        )
        return self.annotate(
            status_rag=Subquery(latest.values("rag")[:1]),
            status_as_at=Subquery(latest.values("as_at")[:1]),
            status_headline=Subquery(latest.values("headline")[:1]),
            status_published_at=Subquery(latest.values("published_at")[:1]),
            milestones_due=count_of(milestones),
            milestones_overdue=count_of(overdue),
        ).prefetch_related(Prefetch("indicators", queryset=indicators, to_attr="indicators_at"))

    def due_an_update(self, *, on: date) -> ProgrammeQuerySet:
        """Active programmes with no progress update in the quarter containing `on`.

        A draft counts: the officer has written the update, it only awaits publishing."""
        from core.quarters import quarter_of

        from .models import ProgressUpdate

        quarter = quarter_of(on)
        updated = ProgressUpdate.objects.filter(
            programme=OuterRef("pk"), as_at__gte=quarter.starts_on, as_at__lte=quarter.ends_on
        )
        return self.filter(status="active").exclude(Exists(updated))
