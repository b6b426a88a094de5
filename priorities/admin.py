"""The plan in the admin: Boards, plan years, themes, officers, campaigns and priorities
across plan years.

`Priority` is registered in `programmes/admin/priority.py`: its admin shows the status rolled
up from programmes, and `priorities` imports neither of the other apps.
"""

from django.contrib import admin
from django.db.models import Count, Q

from core.admin import HistoryAdmin, TabularInline
from core.dates import today

from .models import Board, Campaign, CampaignItem, Officer, PlanYear, PriorityLink, Theme
from .services import priority_link_save


def _save_link(*, record: PriorityLink, user) -> PriorityLink:
    return priority_link_save(link=record, user=user)


# The service that saves each record of the plan the admin writes with a rule.
PLAN_SAVERS = {PriorityLink: _save_link}


class StillMeetsFilter(admin.SimpleListFilter):
    title = "still meets"
    parameter_name = "meets"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No, wound up or renamed")]

    def queryset(self, request, queryset):
        current = Q(active_to__isnull=True) | Q(active_to__gte=today())
        if self.value() == "yes":
            return queryset.filter(current)
        if self.value() == "no":
            return queryset.exclude(current)
        return queryset


@admin.register(Board)
class BoardAdmin(HistoryAdmin):
    list_display = ["name", "short_name", "active_from", "active_to", "renamed_from", "order"]
    list_display_links = ["name"]
    list_editable = ["order"]
    list_filter = [StillMeetsFilter]
    list_select_related = ["renamed_from"]
    search_fields = ["name", "short_name", "remit"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["renamed_from"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "remit", "order"]}),
        ("Life", {"fields": [("active_from", "active_to"), "renamed_from"]}),
        ("Sources", {"fields": ["note"], "classes": ["collapse"]}),
    ]


@admin.register(PlanYear)
class PlanYearAdmin(HistoryAdmin):
    list_display = ["label", "status", "starts_on", "ends_on", "agreed_on", "agreed_by", "count"]
    list_filter = ["status"]
    search_fields = ["label", "agreed_by"]
    fieldsets = [
        (None, {"fields": ["label", ("starts_on", "ends_on")]}),
        ("Sign-off", {"fields": ["status", ("agreed_on", "agreed_by")]}),
        ("Sources", {"fields": ["note"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(priority_count=Count("priorities"))

    @admin.display(description="priorities", ordering="priority_count")
    def count(self, obj):
        return obj.priority_count


@admin.register(Theme)
class ThemeAdmin(HistoryAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Officer)
class OfficerAdmin(HistoryAdmin):
    list_display = ["name", "position", "email", "phone", "user"]
    list_select_related = ["user"]
    list_filter = [("user", admin.EmptyFieldListFilter)]
    search_fields = ["name", "position", "email"]
    autocomplete_fields = ["user"]


class CampaignItemInline(TabularInline):
    model = CampaignItem
    fields = ["number", "title", "description", "order"]
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(HistoryAdmin):
    list_display = ["name", "launched_on", "points"]
    search_fields = ["name", "description", "items__title"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "launched_on"
    inlines = [CampaignItemInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_count=Count("items"))

    @admin.display(description="points", ordering="item_count")
    def points(self, obj):
        return obj.item_count


@admin.register(PriorityLink)
class PriorityLinkAdmin(HistoryAdmin):
    """What became of each priority in the next plans: carried forward, renamed, merged,
    split or dropped (and which priorities were new), each with the paragraph that says so.
    Also kept on each priority's own page."""

    record_savers = PLAN_SAVERS
    list_display = ["earlier", "kind", "later", "plan_year", "short_note"]
    list_display_links = ["kind"]
    list_filter = ["kind", ("plan_year", admin.RelatedOnlyFieldListFilter)]
    list_select_related = [
        "earlier__plan_year",
        "earlier__board",
        "later__plan_year",
        "later__board",
        "plan_year",
    ]
    search_fields = ["note", "earlier__title", "later__title", "earlier__reference"]
    autocomplete_fields = ["earlier", "later", "plan_year"]
    fields = ["earlier", "kind", "later", "plan_year", "note"]

    @admin.display(description="note")
    def short_note(self, obj: PriorityLink) -> str:
        return obj.note if len(obj.note) <= 80 else obj.note[:79] + "…"
