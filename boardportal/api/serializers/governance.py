"""Governance: meetings, agenda items with their paragraphs, actions, members and roles."""

from __future__ import annotations

from rest_framework import serializers

from meetings.models import Action, AgendaItem, Meeting, Member, Membership, Paragraph, ThemeRole

from .common import (
    ClockField,
    ContactOfficerSerializer,
    ListLinkField,
    PageField,
    identity,
    link,
)


class MeetingItemSerializer(serializers.ModelSerializer):
    url = identity("agenda-item")

    class Meta:
        model = AgendaItem
        fields = ["url", "number", "title", "kind", "exempt"]


class MeetingSerializer(serializers.ModelSerializer):
    url = identity("meeting")
    board = link("board")
    board_name = serializers.CharField(source="board.name", read_only=True)
    start_time = ClockField(help_text="When it starts, UK time (24-hour clock), if known.")
    items = serializers.IntegerField(
        read_only=True, help_text="Agenda items you may see (exempt ones need a token)."
    )
    agenda_items = ListLinkField("agenda-item", "meeting", "pk")
    actions = ListLinkField("action", "meeting", "pk")
    page = PageField(help_text="The meeting's page: its agenda and papers.")

    class Meta:
        model = Meeting
        fields = [
            "url",
            "id",
            "board",
            "board_name",
            "meets_on",
            "start_time",
            "venue",
            "status",
            "note",
            "items",
            "agenda_items",
            "actions",
            "page",
        ]


class MeetingDetailSerializer(MeetingSerializer):
    agenda = MeetingItemSerializer(many=True, read_only=True, source="visible_items")

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "agenda"]


class ParagraphSerializer(serializers.ModelSerializer):
    programmes = link("programme", many=True)
    priorities = link("priority", many=True, source="visible_priorities")

    class Meta:
        model = Paragraph
        fields = ["number", "heading", "subheading", "text", "programmes", "priorities"]


class AgendaItemSerializer(serializers.ModelSerializer):
    url = identity("agenda-item")
    meeting = link("meeting")
    board_name = serializers.CharField(source="meeting.board.name", read_only=True)
    meets_on = serializers.DateField(source="meeting.meets_on", read_only=True)
    contact_officers = ContactOfficerSerializer(many=True, read_only=True)
    priorities = link("priority", many=True, source="visible_priorities")
    programmes = link("programme", many=True)
    actions = ListLinkField("action", "agenda_item", "pk")
    page = PageField()

    class Meta:
        model = AgendaItem
        fields = [
            "url",
            "id",
            "meeting",
            "board_name",
            "meets_on",
            "number",
            "title",
            "kind",
            "purpose",
            "summary",
            "recommendations",
            "action_required",
            "financial_implications",
            "exempt",
            "contact_officers",
            "priorities",
            "programmes",
            "actions",
            "page",
        ]


class AgendaItemDetailSerializer(AgendaItemSerializer):
    paragraphs = ParagraphSerializer(many=True, read_only=True, source="paragraphs_in_order")

    class Meta(AgendaItemSerializer.Meta):
        fields = [*AgendaItemSerializer.Meta.fields, "paragraphs"]


class ActionSerializer(serializers.ModelSerializer):
    """An action with `is_overdue` as at a date (`Action.objects.with_overdue()`)."""

    url = identity("action")
    meeting = link("meeting")
    agenda_item = link("agenda-item", allow_null=True)
    owner = serializers.CharField(source="owner.name", read_only=True, allow_null=True)
    due_meeting = link("meeting", allow_null=True)
    as_at = serializers.DateField(source="shown_as_at", read_only=True)
    overdue = serializers.BooleanField(
        source="is_overdue",
        read_only=True,
        help_text="Open and past its date, or its meeting has been held, as at the date.",
    )
    state = serializers.CharField(read_only=True, help_text="Open, Overdue, Done or Dropped.")
    programmes = link("programme", many=True)
    priorities = link("priority", many=True, source="visible_priorities")

    class Meta:
        model = Action
        fields = [
            "url",
            "id",
            "meeting",
            "agenda_item",
            "description",
            "owner",
            "due_on",
            "due_meeting",
            "status",
            "outcome",
            "as_at",
            "overdue",
            "state",
            "programmes",
            "priorities",
        ]


class MembershipSerializer(serializers.ModelSerializer):
    board = link("board")
    board_name = serializers.CharField(source="board.name", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Membership
        fields = ["board", "board_name", "role", "role_label", "starts_on", "ends_on"]


class ThemeRoleSerializer(serializers.ModelSerializer):
    theme = link("theme")
    theme_name = serializers.CharField(source="theme.name", read_only=True)
    plan_year = link("plan-year")
    plan_year_label = serializers.CharField(source="plan_year.label", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = ThemeRole
        fields = ["theme", "theme_name", "plan_year", "plan_year_label", "role", "role_label"]


class MemberSerializer(serializers.ModelSerializer):
    url = identity("member")
    council = link("council", allow_null=True)
    council_name = serializers.CharField(source="council.name", read_only=True, allow_null=True)
    roles = MembershipSerializer(many=True, read_only=True, source="memberships")
    theme_roles = ThemeRoleSerializer(many=True, read_only=True, source="visible_theme_roles")
    page = PageField()

    class Meta:
        model = Member
        fields = [
            "url",
            "name",
            "title",
            "slug",
            "council",
            "council_name",
            "political_group",
            "roles",
            "theme_roles",
            "page",
        ]
