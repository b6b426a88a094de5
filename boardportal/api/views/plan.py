"""The plan's resources: plan years, Boards, themes, priorities with their status."""

from __future__ import annotations

from django.db.models import F, Prefetch
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response

from priorities.models import Board, PlanYear, Priority, Theme
from programmes.filters import NO_STATUS_VALUE
from programmes.selectors import plan_year_summary, priorities_with_status

from .. import filters
from ..schema import PLAN_YEAR
from ..serializers.plan import (
    BoardSerializer,
    PlanYearDetailSerializer,
    PlanYearSerializer,
    PrioritySerializer,
    ThemeSerializer,
)
from .base import ApiViewSet, SlugViewSet


@extend_schema_view(
    list=extend_schema(summary="Plan years", tags=["Plan"]),
    retrieve=extend_schema(
        summary="A plan year, with its priorities and programmes counted by status",
        tags=["Plan"],
    ),
)
class PlanYearViewSet(SlugViewSet):
    """Plan years: agreed ones for everyone; outline and draft ones with a token."""

    serializer_class = PlanYearSerializer
    filterset_class = filters.PlanYearFilter
    lookup_value_regex = r"[0-9]{4}-[0-9]{2}"

    def get_queryset(self):
        return PlanYear.objects.visible_to(self.user).order_by("-starts_on", "pk")

    def get_serializer_class(self):
        return PlanYearDetailSerializer if self.action == "retrieve" else PlanYearSerializer

    def get_object(self):
        plan_year = self.filter_queryset(self.get_queryset()).with_slug(self.kwargs["slug"]).first()
        if plan_year is None:
            raise Http404("No plan year with this label, or not one you may see.")
        as_at = self.use_as_at(plan_year)
        # The plan overview page's counts: every priority of the year, as at the date.
        plan_year.summary = plan_year_summary(plan_year, as_at=as_at)
        return plan_year


@extend_schema_view(
    list=extend_schema(summary="Boards", tags=["Plan"]),
    retrieve=extend_schema(summary="A Board", tags=["Plan"]),
)
class BoardViewSet(SlugViewSet):
    serializer_class = BoardSerializer
    filterset_class = filters.BoardFilter

    def get_queryset(self):
        return Board.objects.select_related("renamed_from").order_by("order", "name", "pk")


@extend_schema_view(
    list=extend_schema(summary="Strategic themes", tags=["Plan"]),
    retrieve=extend_schema(summary="A strategic theme", tags=["Plan"]),
)
class ThemeViewSet(SlugViewSet):
    serializer_class = ThemeSerializer
    filterset_class = filters.ThemeFilter

    def get_queryset(self):
        return Theme.objects.order_by("order", "name", "pk")


@extend_schema_view(
    list=extend_schema(
        summary="Priorities, with their status as at a date",
        tags=["Plan"],
        parameters=[PLAN_YEAR],
    ),
    retrieve=extend_schema(
        summary="A priority, with its status as at a date and the rule that gave it",
        tags=["Plan"],
    ),
)
class PriorityViewSet(ApiViewSet):
    """Priorities of the plan years one may see, each with its status rolled up from its
    programmes as at the date (programmes.selectors.priorities_with_status)."""

    serializer_class = PrioritySerializer
    filterset_class = filters.PriorityFilter

    def get_queryset(self):
        return Priority.objects.visible_to(self.user).order_by(
            "plan_year__starts_on",
            F("board__order").asc(nulls_first=True),
            "order",
            "reference",
            "pk",
        )

    def with_status(self, priorities) -> list[Priority]:
        """The priorities (a queryset), in order, each with `status_at` and the
        priorities it contributes to that the reader may see; queries do not grow."""
        visible = Priority.objects.visible_to(self.user).order_by("pk")
        rows = priorities.prefetch_related(
            Prefetch("contributes_to", queryset=visible, to_attr="visible_contributes_to")
        )
        statuses = priorities_with_status(rows, as_at=self.as_at)
        for status in statuses:
            status.priority.status_at = status
        return [status.priority for status in statuses]

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        plan_year = self.chosen("plan_year")
        if plan_year:
            # As the plan page: today clamped into the plan year asked for.
            self.use_as_at(PlanYear.objects.with_slug(plan_year).first())
        rag = self.chosen("rag")
        if rag:
            # Status is rolled up in Python: work it out for every priority in the
            # filtered list (three queries), keep those with that status, then page.
            wanted = None if rag == NO_STATUS_VALUE else rag
            rows = [p for p in self.with_status(queryset) if p.status_at.rag == wanted]
            page = self.paginate_queryset(rows)
        else:
            ids = [p.pk for p in self.paginate_queryset(queryset.only("pk"))]
            page = self.with_status(self.get_queryset().filter(pk__in=ids))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        priority = self.get_object()
        self.use_as_at(priority.plan_year)
        (row,) = self.with_status(self.get_queryset().filter(pk=priority.pk))
        return Response(self.get_serializer(row).data)
