"""Priorities in the admin, with their status rolled up from the programmes that deliver
them.

`Priority` is registered here rather than in `priorities/admin.py` because its rolled-up
status comes from the programmes, and `priorities` imports neither of the other apps."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString

from core.admin import HistoryAdmin, TabularInline, admin_change_link, rag_tag
from core.dates import today
from priorities.admin import PLAN_SAVERS
from priorities.models import Priority, PriorityLink

from ..selectors import priorities_with_status
from .filters import LevelFilter, OverriddenFilter


class LaterYearsInline(TabularInline):
    """What became of the priority: carried forward, renamed, merged, split or dropped."""

    model = PriorityLink
    fk_name = "earlier"
    fields = ["kind", "later", "plan_year", "note"]
    autocomplete_fields = ["later", "plan_year"]
    extra = 0
    verbose_name = "in a later plan year"
    verbose_name_plural = "In later plan years (what it became, or that it was dropped)"


class EarlierYearsInline(TabularInline):
    """What the priority came from, or that it was new."""

    model = PriorityLink
    fk_name = "later"
    fields = ["kind", "earlier", "note"]
    autocomplete_fields = ["earlier"]
    extra = 0
    verbose_name = "in an earlier plan year"
    verbose_name_plural = "In earlier plan years (what it came from, or that it is new)"


@admin.register(Priority)
class PriorityAdmin(HistoryAdmin):
    record_savers = PLAN_SAVERS
    inlines = [EarlierYearsInline, LaterYearsInline]
    list_display = [
        "reference",
        "title",
        "plan_year",
        "board",
        "lead_officer",
        "rolled_up_status",
        "programmes_on_track",
    ]
    list_display_links = ["reference", "title"]
    list_filter = [
        ("plan_year", admin.RelatedOnlyFieldListFilter),
        LevelFilter,
        ("board", admin.RelatedOnlyFieldListFilter),
        ("theme", admin.RelatedOnlyFieldListFilter),
        OverriddenFilter,
        ("lead_officer", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["plan_year", "board", "theme", "lead_officer"]
    search_fields = ["reference", "title", "description", "target_statement"]
    autocomplete_fields = [
        "plan_year",
        "board",
        "theme",
        "lead_officer",
        "contributes_to",
        "campaigns",
    ]
    readonly_fields = ["status_panel"]
    fieldsets = [
        (None, {"fields": ["plan_year", "board", "theme", ("reference", "order"), "title"]}),
        ("What it aims at", {"fields": ["description", "target_statement", "lead_officer"]}),
        ("Links", {"fields": ["contributes_to", "campaigns", "source"]}),
        (
            "Status",
            {
                "fields": ["status_panel", "status_override", "override_reason"],
                "description": "The status rolls up from the programmes that deliver the "
                "priority. Override it only with a reason.",
            },
        ),
    ]

    def get_queryset(self, request) -> QuerySet:
        # Its plan year is in every priority's name, so pickers need it too. (A queryset
        # that already selects related rows makes the changelist skip list_select_related.)
        return super().get_queryset(request).for_listing()

    def get_changelist_instance(self, request):
        # Roll up the page's priorities once (a fixed number of queries) and hang each
        # status on its row for the columns below.
        changelist = super().get_changelist_instance(request)
        rows = list(changelist.result_list)
        statuses = {
            status.priority.pk: status
            for status in priorities_with_status(
                Priority.objects.filter(pk__in=[row.pk for row in rows]), as_at=today()
            )
        }
        for row in rows:
            row.admin_status = statuses.get(row.pk)
        return changelist

    @admin.display(description="status as at today")
    def rolled_up_status(self, obj: Priority) -> SafeString | str:
        status = getattr(obj, "admin_status", None)
        if status is None:
            return "-"
        label = rag_tag(status.rag)
        return format_html("{} (set by an officer)", label) if obj.status_override else label

    @admin.display(description="programmes")
    def programmes_on_track(self, obj: Priority) -> str:
        status = getattr(obj, "admin_status", None)
        return status.summary if status is not None else "-"

    @admin.display(description="rolled-up status as at today")
    def status_panel(self, obj: Priority | None) -> SafeString | str:
        """The rolled-up status, the rule that set it and each programme behind it
        (`admin/programmes/priority_status_panel.html`)."""
        if obj is None or obj.pk is None:
            return "Worked out from the programmes once the priority is saved."
        (status,) = priorities_with_status(Priority.objects.filter(pk=obj.pk), as_at=today())
        return render_to_string(
            "admin/programmes/priority_status_panel.html",
            {
                "status": status,
                "status_tag": rag_tag(status.rag),
                "programmes": [
                    (admin_change_link(p.programme), rag_tag(p.rag)) for p in status.programmes
                ],
            },
        )
