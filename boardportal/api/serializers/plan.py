"""The plan: plan years, Boards, themes and priorities with their status as at a date."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.rag import RagCounts
from priorities.models import Board, PlanYear, Priority, Theme

from .common import (
    ListLinkField,
    OfficerSerializer,
    PageField,
    RagField,
    RagLabelField,
    identity,
    link,
)


class QuarterSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="1 (April to June) to 4 (January to March).")
    label = serializers.CharField(help_text="e.g. 2012/13 Q3.")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(help_text="Status 'as at' the quarter is as at this day.")


class PlanYearSerializer(serializers.ModelSerializer):
    url = identity("plan-year")
    slug = serializers.CharField(read_only=True, help_text="The label as an address: 2012-13.")
    quarters = QuarterSerializer(many=True, read_only=True)
    priorities = ListLinkField("priority", "plan_year")
    page = PageField()

    class Meta:
        model = PlanYear
        fields = [
            "url",
            "label",
            "slug",
            "starts_on",
            "ends_on",
            "status",
            "agreed_on",
            "agreed_by",
            "quarters",
            "priorities",
            "page",
        ]


class RagCountSerializer(serializers.Serializer):
    rag = RagField(help_text="null: no status (no current progress update).")
    label = serializers.CharField()
    count = serializers.IntegerField()


@extend_schema_field(RagCountSerializer(many=True))
class RagCountsField(serializers.Field):
    """Counts by status, worst first, then 'no status' (core.rag.RagCounts.rows)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: RagCounts) -> list[dict]:
        return [
            {"rag": rag or None, "label": label, "count": count}
            for rag, label, count in value.rows()
        ]


class PlanYearDetailSerializer(PlanYearSerializer):
    """A plan year with its counts of priorities and programmes by status as at a date,
    as the plan overview page shows them."""

    as_at = serializers.DateField(source="summary.as_at", read_only=True)
    priority_counts = RagCountsField(source="summary.priority_counts")
    programme_counts = RagCountsField(
        source="summary.programme_counts",
        help_text="Each programme once, however many of the year's priorities it delivers.",
    )

    class Meta(PlanYearSerializer.Meta):
        fields = [*PlanYearSerializer.Meta.fields, "as_at", "priority_counts", "programme_counts"]


class BoardSerializer(serializers.ModelSerializer):
    url = identity("board")
    renamed_from = link("board", allow_null=True)
    priorities = ListLinkField("priority", "board")
    programmes = ListLinkField("programme", "board")
    meetings = ListLinkField("meeting", "board")

    class Meta:
        model = Board
        fields = [
            "url",
            "name",
            "short_name",
            "slug",
            "remit",
            "active_from",
            "active_to",
            "renamed_from",
            "priorities",
            "programmes",
            "meetings",
        ]


class ThemeSerializer(serializers.ModelSerializer):
    url = identity("theme")
    priorities = ListLinkField("priority", "theme")
    programmes = ListLinkField("programme", "theme")
    page = PageField()

    class Meta:
        model = Theme
        fields = ["url", "name", "slug", "description", "order", "priorities", "programmes", "page"]


class PriorityProgrammeSerializer(serializers.Serializer):
    """A programme delivering the priority, with its status as counted in the roll-up."""

    url = link("programme", source="programme")
    name = serializers.CharField(source="programme.name")
    rag = RagField(help_text="null: no current progress update.")
    rag_label = RagLabelField("rag")
    reported_on = serializers.DateField(allow_null=True, help_text="Its latest update's date.")
    weight = serializers.DecimalField(
        source="programme.weight", max_digits=5, decimal_places=2, coerce_to_string=False
    )


class PriorityStatusSerializer(serializers.Serializer):
    """A priority's status as at a date and the rule that gave it (priorities.status)."""

    as_at = serializers.DateField()
    rag = RagField(help_text="null: no programme has a current status.")
    rag_label = RagLabelField("rag")
    rag_meaning = RagLabelField("rag", meaning=True)
    rule = serializers.CharField(
        source="rollup.rule",
        help_text="How the status was reached: the weighted score of the programmes "
        "counted, that a red programme holds it at amber, or an officer's override and "
        "its reason.",
    )
    overridden = serializers.SerializerMethodField(
        help_text="An officer set the status, with a reason, over the roll-up."
    )
    programmes_counted = serializers.IntegerField(source="rollup.counted")
    programmes_on_track = serializers.IntegerField(source="rollup.on_track")
    summary = serializers.CharField(help_text="e.g. 3 of 5 programmes on track.")
    programmes = PriorityProgrammeSerializer(many=True)

    def get_overridden(self, status) -> bool:
        return bool(status.priority.status_override)


class PrioritySerializer(serializers.ModelSerializer):
    """A priority with `status`: a `PriorityStatus` set on it by the view."""

    url = identity("priority")
    plan_year = link("plan-year")
    plan_year_label = serializers.CharField(source="plan_year.label", read_only=True)
    board = link("board", allow_null=True)
    board_name = serializers.CharField(source="board.name", read_only=True, allow_null=True)
    theme = link("theme", allow_null=True)
    theme_name = serializers.CharField(source="theme.name", read_only=True, allow_null=True)
    lead_officer = OfficerSerializer(read_only=True, allow_null=True)
    organisation_wide = serializers.BooleanField(source="is_organisation_wide", read_only=True)
    contributes_to = link("priority", many=True, source="visible_contributes_to")
    status = PriorityStatusSerializer(source="status_at", read_only=True)
    indicators = ListLinkField("indicator", "priority", "pk")
    page = PageField()

    class Meta:
        model = Priority
        fields = [
            "url",
            "id",
            "reference",
            "title",
            "description",
            "target_statement",
            "plan_year",
            "plan_year_label",
            "board",
            "board_name",
            "theme",
            "theme_name",
            "organisation_wide",
            "lead_officer",
            "contributes_to",
            "status",
            "indicators",
            "page",
        ]
