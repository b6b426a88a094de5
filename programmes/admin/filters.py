"""The list filters of the delivery admin: status as at today, the evidence, targets and
the level of a priority."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import F, Q, QuerySet

from core.rag import NO_STATUS, Rag

from ..models import Programme, ReportingRound
from ..status import MilestoneState

YES_NO = [("yes", "Yes"), ("no", "No")]


class DiffersFromSuggestionFilter(admin.SimpleListFilter):
    """Progress updates whose status differs from the one the evidence suggested."""

    title = "differs from the evidence"
    parameter_name = "differs"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return [("yes", "Yes, with a reason"), ("no", "No")]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        differs = ~Q(suggested_rag="") & ~Q(suggested_rag=F("rag"))
        if self.value() == "yes":
            return queryset.filter(differs)
        if self.value() == "no":
            return queryset.exclude(differs)
        return queryset


class DueAnUpdateFilter(admin.SimpleListFilter):
    """Programmes with no progress update yet for the open update round."""

    title = "due an update for the open round"
    parameter_name = "due"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        current = ReportingRound.objects.select_related("plan_year").current()
        self.title = f"due an update for {current.label}" if current else "due an update"
        return YES_NO if current else []

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        current = ReportingRound.objects.current()
        if current is None:
            return queryset
        due = Programme.objects.due_an_update(current).values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=due)
        if self.value() == "no":
            return queryset.exclude(pk__in=due)
        return queryset


class CurrentRagFilter(admin.SimpleListFilter):
    """Programmes by their status as at today (needs `current_rag`, annotated by
    `Programme.objects.with_status()`: an out-of-date update counts as none)."""

    title = "status as at today"
    parameter_name = "rag"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return [*Rag.choices, ("none", NO_STATUS)]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() == "none":
            return queryset.filter(current_rag__isnull=True)
        if self.value() in Rag.values:
            return queryset.filter(current_rag=self.value())
        return queryset


class MilestoneStateFilter(admin.SimpleListFilter):
    """Milestones by their state as at today (needs `state`, annotated by
    `Milestone.objects.with_state()`)."""

    title = "state as at today"
    parameter_name = "state"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return [(state.value, state.label) for state in MilestoneState]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() in MilestoneState.values:
            return queryset.filter(state=self.value())
        return queryset


class HasTargetFilter(admin.SimpleListFilter):
    """Indicators with or without a target value."""

    title = "has a target"
    parameter_name = "target"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return YES_NO

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(target_value__isnull=False)
        if self.value() == "no":
            return queryset.filter(target_value__isnull=True)
        return queryset


class OverriddenFilter(admin.SimpleListFilter):
    """Priorities whose status an officer set rather than rolled up."""

    title = "status overridden"
    parameter_name = "overridden"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return [("yes", "Yes"), ("no", "No, rolled up")]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.exclude(status_override="")
        if self.value() == "no":
            return queryset.filter(status_override="")
        return queryset


class LevelFilter(admin.SimpleListFilter):
    """Organisation-wide priorities, or a Board's own."""

    title = "level"
    parameter_name = "level"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return [("organisation", "Organisation-wide"), ("board", "A Board's own")]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() == "organisation":
            return queryset.organisation_wide()
        if self.value() == "board":
            return queryset.of_boards()
        return queryset
