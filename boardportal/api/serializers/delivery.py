"""Delivery: programmes with their status, milestones, indicators with readings and their
target trajectory, progress updates, councils and their participation."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from programmes.charts import target_words
from programmes.models import (
    Council,
    Indicator,
    Milestone,
    Participation,
    Partner,
    Programme,
    ProgressUpdate,
    Reading,
)
from programmes.models.targets import Basis, Qualifier
from programmes.status import MilestoneState, Trajectory
from programmes.tables import update_note

from .common import (
    ListLinkField,
    OfficerSerializer,
    PageField,
    RagField,
    RagLabelField,
    identity,
    link,
)


def number(**kwargs) -> serializers.DecimalField:
    """A figure as a JSON number (2410, not "2410.00")."""
    return serializers.DecimalField(
        max_digits=14, decimal_places=2, coerce_to_string=False, read_only=True, **kwargs
    )


class PartnerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Partner
        fields = ["name", "short_name", "slug"]


class ProgressSerializer(serializers.Serializer):
    """A programme's status as at a date (programmes.selectors.ProgrammeStatus)."""

    as_at = serializers.DateField()
    rag = RagField(help_text="The officer's status from the latest current update; null: none.")
    rag_label = RagLabelField("rag")
    rag_meaning = RagLabelField("rag", meaning=True)
    reported_on = serializers.DateField(
        allow_null=True, help_text="The latest progress update's date, current or not."
    )
    headline = serializers.CharField()
    out_of_date = serializers.BooleanField(
        source="is_stale",
        help_text="The latest update is older than STALE_AFTER_QUARTERS quarters: it no "
        "longer counts, and `rag` is null.",
    )
    note = serializers.SerializerMethodField(
        help_text="'From an earlier quarter: <date>' or 'Last update <date>, out of date', "
        "as the pages tag it; null when neither."
    )
    suggested_rag = RagField(
        source="suggested",
        help_text="What overdue milestones and indicators behind trajectory suggest.",
    )
    suggested_label = RagLabelField("suggested")
    differs = serializers.BooleanField(
        help_text="The officer's status differs from the suggestion."
    )
    overdue_milestones = serializers.IntegerField()
    indicators_behind = serializers.SerializerMethodField()

    def get_note(self, status) -> str | None:
        note = update_note(status)
        return note.text if note else None

    def get_indicators_behind(self, status) -> int:
        return len(status.indicators_behind)


class ProgrammeSerializer(serializers.ModelSerializer):
    """A programme with `progress_at`: its ProgrammeStatus, set by the view."""

    url = identity("programme")
    theme = link("theme", allow_null=True)
    theme_name = serializers.CharField(source="theme.name", read_only=True, allow_null=True)
    board = link("board", allow_null=True)
    board_name = serializers.CharField(source="board.name", read_only=True, allow_null=True)
    lead_officer = OfficerSerializer(read_only=True, allow_null=True)
    partners = PartnerSerializer(many=True, read_only=True)
    parent = link("programme", allow_null=True)
    priorities = link("priority", many=True, source="visible_priorities")
    progress = ProgressSerializer(source="progress_at", read_only=True)
    milestones = ListLinkField("milestone", "programme")
    indicators = ListLinkField("indicator", "programme")
    progress_updates = ListLinkField("progress-update", "programme")
    participations = ListLinkField("participation", "programme")
    page = PageField()

    class Meta:
        model = Programme
        fields = [
            "url",
            "slug",
            "name",
            "summary",
            "status",
            "starts_on",
            "ends_on",
            "funding_source",
            "weight",
            "theme",
            "theme_name",
            "board",
            "board_name",
            "lead_officer",
            "partners",
            "parent",
            "priorities",
            "progress",
            "milestones",
            "indicators",
            "progress_updates",
            "participations",
            "page",
        ]
        extra_kwargs = {"weight": {"coerce_to_string": False}}


class MilestoneSerializer(serializers.ModelSerializer):
    """A milestone with its state as at a date (`Milestone.objects.with_state()`)."""

    url = identity("milestone")
    programme = link("programme")
    programme_name = serializers.CharField(source="programme.name", read_only=True)
    as_at = serializers.DateField(source="shown_as_at", read_only=True)
    state = serializers.ChoiceField(choices=MilestoneState.choices, read_only=True)
    state_label = serializers.CharField(read_only=True)

    class Meta:
        model = Milestone
        fields = [
            "url",
            "id",
            "programme",
            "programme_name",
            "title",
            "due_on",
            "completed_on",
            "as_at",
            "state",
            "state_label",
        ]


class ReadingSerializer(serializers.ModelSerializer):
    value = number()
    qualifier = serializers.ChoiceField(
        choices=Qualifier.choices,
        read_only=True,
        help_text="How the paper qualifies the figure: 'over', 'around'... ('exactly': bare).",
    )
    date_stated = serializers.CharField(
        source="date_as_stated",
        read_only=True,
        help_text="The date as the paper gives it: '19 January 2012', 'October 2011'.",
    )

    class Meta:
        model = Reading
        fields = ["as_at", "date_stated", "value", "qualifier", "note", "source", "published_at"]


class TrajectoryPointSerializer(serializers.Serializer):
    on = serializers.DateField()
    value = number()


class TargetSerializer(serializers.Serializer):
    """One period of a target schedule, or a target with no period (never assessed)."""

    starts_on = serializers.DateField(allow_null=True, help_text="null: no period stated.")
    ends_on = serializers.DateField(
        allow_null=True, help_text="The date it is to be met by; null: no period stated."
    )
    value = number()
    qualifier = serializers.ChoiceField(choices=Qualifier.choices)
    baseline = number(help_text="The value at the period's start.")
    assessed = serializers.BooleanField(
        source="has_period",
        help_text="False for a target with no period: shown, never judged against a line.",
    )
    stated = serializers.SerializerMethodField(
        help_text="As the pages say it: 'over 100 by March 2013', '1 per council by ...'."
    )

    def get_stated(self, target) -> str:
        return target_words(target, self.context["indicator"])


class TrajectorySerializer(serializers.Serializer):
    """Where the straight line from baseline to target says the indicator should be."""

    line = serializers.SerializerMethodField(
        help_text="The target trajectory: the baseline at the start of the target period in "
        "force to its target at the end; empty without a target with a period."
    )
    expected = number(
        source="check.expected", allow_null=True, help_text="The line's value at the as-at date."
    )
    shortfall = serializers.FloatField(
        source="check.shortfall",
        allow_null=True,
        help_text="The share of the expected progress by which the latest reading falls short.",
    )
    verdict = serializers.ChoiceField(source="check.verdict", choices=Trajectory.choices)
    verdict_label = serializers.SerializerMethodField()

    @extend_schema_field(TrajectoryPointSerializer(many=True))
    def get_line(self, status) -> list[dict]:
        target = status.target
        if target is None or not target.has_period:
            return []
        return [
            {"on": target.starts_on, "value": target.baseline},
            {"on": target.ends_on, "value": target.value},
        ]

    def get_verdict_label(self, status) -> str:
        return Trajectory(status.check.verdict).label


class IndicatorSerializer(serializers.ModelSerializer):
    """An indicator with `status_at` (programmes.selectors.IndicatorStatus) and
    `readings_at` (its published readings up to the date), both set by the view, and its
    target schedule (`target_periods` prefetched)."""

    url = identity("indicator")
    programme = link("programme", allow_null=True)
    priority = link("priority", allow_null=True)
    baseline = number()
    target = number(
        source="target_value",
        allow_null=True,
        help_text="The indicator's own target: the first period of its schedule, or a "
        "target with no period. `target_in_force` is the one judged at the date.",
    )
    target_qualifier = serializers.ChoiceField(choices=Qualifier.choices, read_only=True)
    target_basis = serializers.ChoiceField(
        choices=Basis.choices,
        read_only=True,
        help_text="'total': the programme's whole figure; 'per_council': each council's.",
    )
    target_schedule = serializers.SerializerMethodField(
        help_text="Every period of the target, in order: the indicator's own, then later ones."
    )
    target_in_force = serializers.SerializerMethodField(
        help_text="The target judged at the date: the period containing it, else the last "
        "one over; a target with no period (not assessed); null: none."
    )
    as_at = serializers.DateField(source="shown_as_at", read_only=True)
    figure_source = serializers.CharField(
        source="status_at.figure_source",
        read_only=True,
        help_text="'as reported' (a reading), 'computed from the stages recorded' or '... "
        "savings ledger' (from councils' records); empty without a figure.",
    )
    latest_value = number(source="status_at.actual", allow_null=True)
    latest_qualifier = serializers.CharField(
        source="status_at.actual_qualifier",
        read_only=True,
        help_text="The latest reading's qualifier ('over', 'around'...); empty: exactly.",
    )
    latest_on = serializers.DateField(
        source="status_at.actual_as_at", read_only=True, allow_null=True
    )
    latest_stated = serializers.CharField(
        source="status_at.actual_date",
        read_only=True,
        help_text="The latest reading's date as the paper gives it: 'October 2011'.",
    )
    percent_of_target = serializers.FloatField(
        source="status_at.percent_of_target", read_only=True, allow_null=True
    )
    trajectory = TrajectorySerializer(source="status_at", read_only=True)
    readings = ReadingSerializer(many=True, read_only=True, source="readings_at")

    class Meta:
        model = Indicator
        fields = [
            "url",
            "id",
            "name",
            "programme",
            "priority",
            "unit",
            "baseline",
            "target",
            "target_qualifier",
            "target_basis",
            "target_starts_on",
            "target_ends_on",
            "target_schedule",
            "target_in_force",
            "cumulative",
            "higher_is_better",
            "computed_from",
            "as_at",
            "figure_source",
            "latest_value",
            "latest_qualifier",
            "latest_on",
            "latest_stated",
            "percent_of_target",
            "trajectory",
            "readings",
        ]

    def _target(self, target, indicator) -> dict:
        context = {**self.context, "indicator": indicator}
        return TargetSerializer(target, context=context).data

    @extend_schema_field(TargetSerializer(many=True))
    def get_target_schedule(self, indicator) -> list[dict]:
        return [self._target(target, indicator) for target in indicator.schedule()]

    @extend_schema_field(TargetSerializer(allow_null=True))
    def get_target_in_force(self, indicator) -> dict | None:
        target = indicator.status_at.target
        return self._target(target, indicator) if target is not None else None


class ProgressUpdateSerializer(serializers.ModelSerializer):
    url = identity("progress-update")
    programme = link("programme")
    programme_name = serializers.CharField(source="programme.name", read_only=True)
    rag_label = serializers.CharField(source="get_rag_display", read_only=True)
    suggested_rag = RagField(
        help_text="What the milestones and indicators suggested when the update was saved."
    )
    author = serializers.CharField(source="author.name", read_only=True, allow_null=True)

    class Meta:
        model = ProgressUpdate
        fields = [
            "url",
            "id",
            "programme",
            "programme_name",
            "as_at",
            "rag",
            "rag_label",
            "suggested_rag",
            "override_reason",
            "headline",
            "narrative",
            "next_steps",
            "author",
            "source",
            "published_at",
        ]


class CouncilParticipationSerializer(serializers.ModelSerializer):
    url = identity("participation")
    programme = link("programme")
    programme_name = serializers.CharField(source="programme.name", read_only=True)

    class Meta:
        model = Participation
        fields = ["url", "programme", "programme_name", "cohort", "joined_on", "status"]


class CouncilSerializer(serializers.ModelSerializer):
    url = identity("council")
    offers = serializers.IntegerField(
        read_only=True, help_text="How many programmes (offers) it takes part in."
    )
    participations = CouncilParticipationSerializer(many=True, read_only=True)
    members = ListLinkField("member", "council")
    page = PageField()

    class Meta:
        model = Council
        fields = [
            "url",
            "name",
            "slug",
            "kind",
            "region",
            "gss_code",
            "offers",
            "participations",
            "members",
            "page",
        ]


class ParticipationSerializer(serializers.ModelSerializer):
    url = identity("participation")
    programme = link("programme")
    programme_name = serializers.CharField(source="programme.name", read_only=True)
    council = link("council")
    council_name = serializers.CharField(source="council.name", read_only=True)

    class Meta:
        model = Participation
        fields = [
            "url",
            "id",
            "programme",
            "programme_name",
            "council",
            "council_name",
            "cohort",
            "joined_on",
            "status",
            "note",
        ]


class OfferTakeUpSerializer(serializers.Serializer):
    programme = link("programme")
    name = serializers.CharField(source="programme.name")
    councils = serializers.IntegerField()
    percent = serializers.IntegerField(help_text="Of all councils, in whole per cent.")


class RegionTakeUpSerializer(serializers.Serializer):
    region = serializers.CharField()
    councils = serializers.IntegerField()
    taking_part = serializers.IntegerField()
    percent = serializers.IntegerField(help_text="Of the region's councils, in whole per cent.")


class TakeUpSerializer(serializers.Serializer):
    """The take-up of offers, as the councils page shows it (selectors.council_overview)."""

    councils = serializers.IntegerField(source="total")
    taking_part = serializers.IntegerField(help_text="Councils taking part in any offer.")
    percent = serializers.IntegerField(source="share")
    by_offer = OfferTakeUpSerializer(many=True)
    by_region = RegionTakeUpSerializer(many=True)
