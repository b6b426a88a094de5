"""Decisions and the forward plan in the admin: what meetings agreed, recurring reports
(whose entries are made when they are saved) and each report due, flagged overdue as at
today by `ForwardPlanEntryQuerySet.with_state()`, the rule the pages use."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.utils.safestring import SafeString

from core.admin import HistoryAdmin, TabularInline, tag
from core.dates import today

from ..models import Decision, ForwardPlanEntry, ReportingCommitment
from .savers import RECORD_SAVERS


@admin.register(Decision)
class DecisionAdmin(HistoryAdmin):
    record_savers = RECORD_SAVERS
    list_display = ["summary", "meeting", "agenda_item", "minute_reference"]
    list_select_related = ["meeting__board", "agenda_item"]
    list_filter = [("meeting__board", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["text", "minute_reference", "note", "meeting__board__name"]
    autocomplete_fields = [
        "meeting",
        "agenda_item",
        "source_paragraph",
        "priorities",
        "programmes",
    ]
    date_hierarchy = "meeting__meets_on"
    fieldsets = [
        (None, {"fields": ["meeting", "agenda_item", "text", ("minute_reference", "order")]}),
        ("What it concerns", {"fields": ["priorities", "programmes"]}),
        ("Sources", {"fields": ["source_paragraph", "note"], "classes": ["collapse"]}),
    ]

    @admin.display(description="what was agreed", ordering="text")
    def summary(self, obj):
        return str(obj)


class OverdueReportFilter(admin.SimpleListFilter):
    """Reports overdue as at today (needs `is_overdue`, annotated by the admin's
    `get_queryset()`)."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return [
            ("overdue", "Overdue: its meeting or date passed, nothing presented"),
            ("presented", "Presented"),
            ("due", "Due"),
        ]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() == "overdue":
            return queryset.filter(is_overdue=True)
        if self.value() == "presented":
            return queryset.filter(presented_item__isnull=False)
        if self.value() == "due":
            return queryset.filter(is_overdue=False, presented_item__isnull=True, withdrawn=False)
        return queryset


def due_text(entry: ForwardPlanEntry) -> str:
    """Where and when a report is due, from the row and its `with_state()` annotations."""
    if entry.due_meeting_id:
        return f"At {entry.due_meeting}"
    if entry.due_on:
        return f"By {entry.due_on:%-d %b %Y}"
    if entry.period_ends_on:
        after = f"First meeting after {entry.period_ends_on:%-d %b %Y}"
        on = getattr(entry, "due_meeting_on", None)
        return f"{after} ({on:%-d %b %Y})" if on else f"{after} (none recorded yet)"
    return "-"


@admin.register(ForwardPlanEntry)
class ForwardPlanEntryAdmin(HistoryAdmin):
    record_savers = RECORD_SAVERS
    list_display = ["title", "period", "board", "due", "state", "presented_item"]
    list_select_related = ["board", "commitment", "due_meeting__board", "presented_item"]
    list_filter = [OverdueReportFilter, "withdrawn", ("board", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "note", "board__name", "commitment__title"]
    autocomplete_fields = [
        "board",
        "due_meeting",
        "presented_item",
        "action",
        "source_paragraph",
        "priorities",
        "programmes",
    ]
    fieldsets = [
        (None, {"fields": ["board", "title", "commitment", "period_ends_on"]}),
        (
            "When it is due",
            {"fields": ["due_meeting", "due_on", ("due_on_precision", "due_on_stated")]},
        ),
        ("What came of it", {"fields": ["presented_item", "withdrawn"]}),
        ("What it concerns", {"fields": ["priorities", "programmes"]}),
        ("Sources", {"fields": ["action", "source_paragraph", "note"], "classes": ["collapse"]}),
    ]
    readonly_fields = ["commitment", "period_ends_on"]

    def get_queryset(self, request) -> QuerySet:
        # Overdue as at today, from the QuerySet: the rule the pages use.
        return super().get_queryset(request).with_state(today())

    @admin.display(description="period", ordering="period_ends_on")
    def period(self, obj):
        return obj.period_label or "-"

    @admin.display(description="due", ordering="due_sort_on")
    def due(self, obj):
        return due_text(obj)

    @admin.display(description="state")
    def state(self, obj: ForwardPlanEntry) -> SafeString:
        return tag(obj.state, obj.state_colour)


class CommitmentEntryInline(TabularInline):
    """The reports the commitment makes, one per period: made and removed with it."""

    model = ForwardPlanEntry
    fk_name = "commitment"
    fields = ["period_ends_on", "due_meeting", "presented_item", "withdrawn", "note"]
    readonly_fields = ["period_ends_on"]
    autocomplete_fields = ["due_meeting", "presented_item"]
    extra = 0
    max_num = 0  # added by the commitment, one per period
    can_delete = False
    show_change_link = True


@admin.register(ReportingCommitment)
class ReportingCommitmentAdmin(HistoryAdmin):
    record_savers = RECORD_SAVERS
    list_display = ["title", "board", "frequency", "starts_on", "ends_on", "reports"]
    list_select_related = ["board"]
    list_filter = ["frequency", ("board", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "note", "board__name"]
    autocomplete_fields = ["board", "source_paragraph", "priorities"]
    fieldsets = [
        (None, {"fields": ["board", "title", "frequency", ("starts_on", "ends_on")]}),
        ("What it concerns", {"fields": ["priorities"]}),
        ("Sources", {"fields": ["source_paragraph", "note"], "classes": ["collapse"]}),
    ]
    inlines = [CommitmentEntryInline]

    def get_queryset(self, request) -> QuerySet:
        return super().get_queryset(request).annotate(n_reports=Count("entries"))

    @admin.display(description="reports", ordering="n_reports")
    def reports(self, obj):
        return obj.n_reports
