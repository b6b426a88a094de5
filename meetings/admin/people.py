"""Members of the Boards in the admin: councillors, their seats and their theme roles."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q

from core.admin import HistoryAdmin, TabularInline
from core.dates import today

from ..models import Member, Membership, ThemeRole


class CurrentFilter(admin.SimpleListFilter):
    title = "current"
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No, ended")]

    def queryset(self, request, queryset):
        current = Q(ends_on__isnull=True) | Q(ends_on__gte=today())
        if self.value() == "yes":
            return queryset.filter(current)
        if self.value() == "no":
            return queryset.exclude(current)
        return queryset


class MembershipInline(TabularInline):
    model = Membership
    fields = ["board", "role", "starts_on", "ends_on"]
    autocomplete_fields = ["board"]
    extra = 0


class ThemeRoleInline(TabularInline):
    model = ThemeRole
    fields = ["theme", "plan_year", "role"]
    autocomplete_fields = ["theme", "plan_year"]
    extra = 0


@admin.register(Member)
class MemberAdmin(HistoryAdmin):
    list_display = ["name", "title", "council", "political_group"]
    list_filter = [
        "political_group",
        ("memberships__board", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["council"]
    search_fields = ["name", "council__name"]
    autocomplete_fields = ["council"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["title", "name", "slug", "council", "political_group", "note"]
    inlines = [MembershipInline, ThemeRoleInline]


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["member", "board", "role", "starts_on", "ends_on"]
    list_filter = [CurrentFilter, "role", ("board", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["member", "board"]
    search_fields = ["member__name", "board__name"]
    autocomplete_fields = ["member", "board"]
    date_hierarchy = "starts_on"


@admin.register(ThemeRole)
class ThemeRoleAdmin(HistoryAdmin):
    list_display = ["member", "theme", "plan_year", "role"]
    list_filter = [
        "role",
        ("plan_year", admin.RelatedOnlyFieldListFilter),
        ("theme", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["member", "theme", "plan_year"]
    search_fields = ["member__name", "theme__name", "plan_year__label"]
    autocomplete_fields = ["member", "theme", "plan_year"]
