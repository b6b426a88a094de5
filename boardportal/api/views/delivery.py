"""Delivery's resources: programmes with their status, milestones, indicators, progress
updates, councils and participations. Published updates and readings only, always."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from boardportal import selectors
from priorities.models import Priority
from programmes.models import (
    Council,
    Indicator,
    Milestone,
    Participation,
    Programme,
    ProgressUpdate,
    Reading,
)
from programmes.selectors import indicator_status, programme_status

from .. import filters
from ..reads import indicators_with_status
from ..schema import PLAN_YEAR
from ..serializers.delivery import (
    CouncilSerializer,
    IndicatorSerializer,
    MilestoneSerializer,
    ParticipationSerializer,
    ProgrammeSerializer,
    ProgressUpdateSerializer,
    TakeUpSerializer,
)
from .base import ApiViewSet, SlugViewSet


class StatusListMixin:
    """Lists and details whose rows need a status read from the fetched rows (no query
    per row): `attach(row)` sets it on each."""

    def attach(self, row):
        return row

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = [self.attach(row) for row in page]
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.attach(self.get_object())).data)


@extend_schema_view(
    list=extend_schema(
        summary="Programmes, with their status as at a date",
        tags=["Delivery"],
        parameters=[PLAN_YEAR],
    ),
    retrieve=extend_schema(summary="A programme, with its status as at a date", tags=["Delivery"]),
)
class ProgrammeViewSet(StatusListMixin, SlugViewSet):
    """Programmes with their status and the evidence's suggestion as at the date
    (`with_status()` read by `programme_status()`); filtered as the programmes page."""

    serializer_class = ProgrammeSerializer
    filterset_class = filters.ProgrammeApiFilter

    def get_queryset(self):
        return (
            Programme.objects.for_listing()
            .with_status(as_at=self.as_at)
            .prefetch_related(
                "partners",
                Prefetch(
                    "priorities",
                    queryset=Priority.objects.visible_to(self.user).order_by("pk"),
                    to_attr="visible_priorities",
                ),
            )
            .order_by("name", "pk")
        )

    def attach(self, programme):
        programme.progress_at = programme_status(programme, as_at=self.as_at)
        return programme


@extend_schema_view(
    list=extend_schema(
        summary="Milestones, with their state as at a date",
        tags=["Delivery"],
        parameters=[PLAN_YEAR],
    ),
    retrieve=extend_schema(summary="A milestone", tags=["Delivery"]),
)
class MilestoneViewSet(ApiViewSet):
    serializer_class = MilestoneSerializer
    filterset_class = filters.MilestoneFilter

    def get_queryset(self):
        return (
            Milestone.objects.with_state(as_at=self.as_at)
            .annotate(shown_as_at=self.as_at_value())
            .select_related("programme")
            .order_by("due_on", "pk")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Indicators, with their readings and target trajectory",
        tags=["Delivery"],
        parameters=[PLAN_YEAR],
    ),
    retrieve=extend_schema(summary="An indicator", tags=["Delivery"]),
)
class IndicatorViewSet(StatusListMixin, ApiViewSet):
    """Indicators with their published readings up to the date, the latest against the
    straight-line trajectory to the target (programmes.selectors.indicator_status)."""

    serializer_class = IndicatorSerializer
    filterset_class = filters.IndicatorFilter

    def get_queryset(self):
        readings = Reading.objects.published().filter(as_at__lte=self.as_at).order_by("as_at")
        visible = Indicator.objects.filter(
            Q(priority__isnull=True) | Q(priority__in=Priority.objects.visible_to(self.user))
        )
        return (
            indicators_with_status(visible, as_at=self.as_at)
            .annotate(shown_as_at=self.as_at_value())
            .select_related("programme", "priority")
            .prefetch_related(
                Prefetch("readings", queryset=readings, to_attr="readings_at"),
                # Its target schedule, read by Indicator.schedule().
                "target_periods",
            )
            .order_by("name", "pk")
        )

    def attach(self, indicator):
        indicator.status_at = indicator_status(indicator, as_at=self.as_at)
        return indicator


@extend_schema_view(
    list=extend_schema(
        summary="Published progress updates", tags=["Delivery"], parameters=[PLAN_YEAR]
    ),
    retrieve=extend_schema(summary="A published progress update", tags=["Delivery"]),
)
class ProgressUpdateViewSet(ApiViewSet):
    """Published progress updates dated on or before the date, the latest first. Drafts
    never: not even with a token (staff preview drafts on the pages, with a second factor)."""

    serializer_class = ProgressUpdateSerializer
    filterset_class = filters.ProgressUpdateFilter

    def get_queryset(self):
        return (
            ProgressUpdate.objects.published()
            .latest_on(self.as_at)
            .select_related("programme", "author")
            .order_by("-as_at", "-pk")
        )


@extend_schema_view(
    list=extend_schema(summary="Councils, with the offers they take part in", tags=["Councils"]),
    retrieve=extend_schema(summary="A council", tags=["Councils"]),
    take_up=extend_schema(
        summary="The take-up of offers, overall and by region",
        tags=["Councils"],
        responses=TakeUpSerializer,
    ),
)
class CouncilViewSet(SlugViewSet):
    serializer_class = CouncilSerializer
    filterset_class = filters.CouncilApiFilter

    def get_queryset(self):
        return Council.objects.with_offers().with_participations().order_by("name", "pk")

    @action(detail=False, url_path="take-up", pagination_class=None, filterset_class=None)
    def take_up(self, request):
        """As the councils page: every council, how many take part, by offer and region."""
        overview = selectors.council_overview(councils=Council.objects.all())
        data = {
            "total": overview.total,
            "taking_part": overview.taking_part,
            "share": overview.share,
            "by_offer": [
                {"programme": programme, "councils": councils, "percent": percent}
                for programme, councils, percent in overview.by_offer
            ],
            "by_region": [
                {"region": region, "councils": n, "taking_part": taking, "percent": percent}
                for region, n, taking, percent in overview.by_region
            ],
        }
        return Response(TakeUpSerializer(data, context=self.get_serializer_context()).data)


@extend_schema_view(
    list=extend_schema(summary="Councils' participation in programmes", tags=["Councils"]),
    retrieve=extend_schema(summary="A council's participation in a programme", tags=["Councils"]),
)
class ParticipationViewSet(ApiViewSet):
    serializer_class = ParticipationSerializer
    filterset_class = filters.ParticipationFilter

    def get_queryset(self):
        return Participation.objects.select_related("programme", "council").order_by(
            "programme__name", "cohort", "council__name", "pk"
        )
