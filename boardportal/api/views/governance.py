"""Governance's resources: meetings, agenda items with their paragraphs, actions,
members and their roles. Exempt items need a token (`AgendaItem.objects.visible_to`)."""

from __future__ import annotations

from django.db.models import F, Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view

from boardportal import selectors
from meetings.models import Action, AgendaItem, Meeting, Member, Membership, Paragraph
from priorities.models import Priority
from programmes.models import Programme

from .. import filters
from ..schema import PLAN_YEAR
from ..serializers.governance import (
    ActionSerializer,
    AgendaItemDetailSerializer,
    AgendaItemSerializer,
    MeetingDetailSerializer,
    MeetingSerializer,
    MemberSerializer,
)
from .base import ApiViewSet, SlugViewSet


@extend_schema_view(
    list=extend_schema(summary="Meetings of the Boards", tags=["Meetings"], parameters=[PLAN_YEAR]),
    retrieve=extend_schema(summary="A meeting, with its agenda", tags=["Meetings"]),
)
class MeetingViewSet(ApiViewSet):
    """Meetings, the latest first; `when=upcoming` or `past` as at the date, as the
    meetings page splits them (`Meeting.objects.upcoming()` / `past()`)."""

    filterset_class = filters.MeetingFilter

    def get_serializer_class(self):
        return MeetingDetailSerializer if self.action == "retrieve" else MeetingSerializer

    def get_queryset(self):
        meetings = Meeting.objects.select_related("board").with_item_counts(self.user)
        if self.action == "retrieve":
            items = AgendaItem.objects.visible_to(self.user).order_by("order", "number", "pk")
            meetings = meetings.prefetch_related(
                Prefetch("agenda_items", queryset=items, to_attr="visible_items")
            )
        return meetings.order_by("-meets_on", "pk")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        when = self.chosen("when")
        if when == "upcoming":
            return queryset.upcoming(self.as_at).order_by("meets_on", "pk")
        if when == "past":
            return queryset.past(self.as_at).order_by("-meets_on", "pk")
        return queryset


def visible_priorities(user) -> Prefetch:
    return Prefetch(
        "priorities",
        queryset=Priority.objects.visible_to(user).order_by("pk"),
        to_attr="visible_priorities",
    )


@extend_schema_view(
    list=extend_schema(summary="Agenda items (exempt ones need a token)", tags=["Meetings"]),
    retrieve=extend_schema(summary="An agenda item, with its paragraphs", tags=["Meetings"]),
)
class AgendaItemViewSet(ApiViewSet):
    filterset_class = filters.AgendaItemFilter

    def get_serializer_class(self):
        return AgendaItemDetailSerializer if self.action == "retrieve" else AgendaItemSerializer

    def get_queryset(self):
        items = (
            AgendaItem.objects.visible_to(self.user)
            .select_related("meeting__board")
            .prefetch_related(
                "contact_officers",
                Prefetch("programmes", queryset=_programmes()),
                visible_priorities(self.user),
            )
        )
        if self.action == "retrieve":
            paragraphs = Paragraph.objects.prefetch_related(
                Prefetch("programmes", queryset=_programmes()), visible_priorities(self.user)
            ).order_by("order", "pk")
            items = items.prefetch_related(
                Prefetch("paragraphs", queryset=paragraphs, to_attr="paragraphs_in_order")
            )
        return items.order_by("-meeting__meets_on", "meeting__pk", "order", "number", "pk")


def _programmes():
    # Links need only the slug.
    return Programme.objects.only("pk", "slug").order_by("name", "pk")


@extend_schema_view(
    list=extend_schema(summary="Actions set at meetings, overdue as at a date", tags=["Meetings"]),
    retrieve=extend_schema(summary="An action", tags=["Meetings"]),
)
class ActionViewSet(ApiViewSet):
    """Actions with `overdue` as at the date (`Action.objects.with_overdue()`). Without a
    token, an action set under an exempt item is left out with the item."""

    serializer_class = ActionSerializer
    filterset_class = filters.ActionFilter

    def get_queryset(self):
        actions = Action.objects.with_overdue(self.as_at)
        if not self.user.is_authenticated:
            actions = actions.exclude(agenda_item__in=AgendaItem.objects.filter(exempt=True))
        return (
            actions.annotate(shown_as_at=self.as_at_value())
            .select_related("meeting__board", "owner", "agenda_item", "due_meeting")
            .prefetch_related(
                Prefetch("programmes", queryset=_programmes()), visible_priorities(self.user)
            )
            .order_by(F("due_on").asc(nulls_last=True), "pk")
        )


@extend_schema_view(
    list=extend_schema(summary="Members of the Boards, with their roles", tags=["Members"]),
    retrieve=extend_schema(summary="A member, with their roles", tags=["Members"]),
)
class MemberViewSet(SlugViewSet):
    serializer_class = MemberSerializer
    filterset_class = filters.MemberFilter

    def get_queryset(self):
        memberships = Membership.objects.select_related("board").order_by(
            "board__order", "board__name", "role", "pk"
        )
        theme_roles = (
            selectors.theme_roles_visible_to(self.user)
            .select_related("theme", "plan_year")
            .order_by("plan_year__starts_on", "theme__order", "role", "pk")
        )
        return (
            Member.objects.select_related("council")
            .prefetch_related(
                Prefetch("memberships", queryset=memberships),
                Prefetch("theme_roles", queryset=theme_roles, to_attr="visible_theme_roles"),
            )
            .order_by("name", "pk")
        )
