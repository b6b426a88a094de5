"""Actions in the admin: on their own pages, and as inline rows of the meeting or the
agenda item that set them, each saved through `meetings.services.action_save`. Whether
one is overdue is decided once, by `ActionQuerySet.with_overdue()`."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.utils.safestring import SafeString

from core.admin import HistoryAdmin, TabularInline, tag
from core.dates import today

from ..models import Action
from .savers import RECORD_SAVERS


class ActionInlineForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "meeting",
            "agenda_item",
            "description",
            "owner",
            "due_on",
            "due_meeting",
            "status",
            "outcome",
            "priorities",
            "programmes",
            "note",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2, "cols": 40}),
            "outcome": forms.Textarea(attrs={"rows": 2, "cols": 30}),
        }


class MeetingActionInline(TabularInline):
    """The actions a meeting set."""

    model = Action
    form = ActionInlineForm
    fk_name = "meeting"  # an action also names the meeting it is due at
    fields = ["description", "agenda_item", "owner", "due_on", "due_meeting", "status", "outcome"]
    autocomplete_fields = ["agenda_item", "owner", "due_meeting"]
    extra = 0
    show_change_link = True


class OpenActionFilter(admin.SimpleListFilter):
    """Meetings with (or without) actions still open."""

    title = "open actions"
    parameter_name = "open_actions"

    def lookups(self, request, model_admin):
        return [("yes", "Has open actions"), ("no", "None open")]

    def queryset(self, request, queryset):
        open_actions = Action.objects.open().values("meeting")
        if self.value() == "yes":
            return queryset.filter(pk__in=open_actions)
        if self.value() == "no":
            return queryset.exclude(pk__in=open_actions)
        return queryset


class AgendaItemActionForm(ActionInlineForm):
    """An action set under an agenda item belongs to that item's meeting."""

    def clean(self):
        cleaned = super().clean()
        agenda_item = cleaned.get("agenda_item")
        if agenda_item is not None and agenda_item.meeting_id:
            # Set before the model's own checks run, so they see the meeting.
            self.instance.meeting_id = agenda_item.meeting_id
        return cleaned


class AgendaItemActionInline(TabularInline):
    """The actions an agenda item set, in its meeting."""

    model = Action
    form = AgendaItemActionForm
    fk_name = "agenda_item"
    fields = ["description", "owner", "due_on", "due_meeting", "status", "outcome"]
    autocomplete_fields = ["owner", "due_meeting"]
    extra = 0
    show_change_link = True


class OverdueFilter(admin.SimpleListFilter):
    """Actions overdue as at today (needs `is_overdue`, annotated by
    `ActionAdmin.get_queryset()`)."""

    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return [("yes", "Open and past its due date or meeting")]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(is_overdue=True)
        return queryset


@admin.register(Action)
class ActionAdmin(HistoryAdmin):
    record_savers = RECORD_SAVERS
    list_display = ["summary", "meeting", "owner", "due", "state"]
    list_filter = [
        "status",
        OverdueFilter,
        ("meeting__board", admin.RelatedOnlyFieldListFilter),
        ("owner", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["meeting__board", "owner", "due_meeting__board"]
    search_fields = ["description", "outcome", "owner__name", "meeting__board__name"]
    autocomplete_fields = [
        "meeting",
        "agenda_item",
        "owner",
        "due_meeting",
        "priorities",
        "programmes",
    ]
    date_hierarchy = "due_on"
    fieldsets = [
        (None, {"fields": ["meeting", "agenda_item", "description"]}),
        ("Who and when", {"fields": ["owner", ("due_on", "due_meeting")]}),
        ("Outcome", {"fields": ["status", "outcome"]}),
        ("What it concerns", {"fields": ["priorities", "programmes"]}),
        ("Sources", {"fields": ["note"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request) -> QuerySet:
        # Each row carries whether it is overdue as at today, for the filter and the
        # column: the same rule as the public pages, from the QuerySet.
        return super().get_queryset(request).with_overdue(today())

    @admin.display(description="action", ordering="description")
    def summary(self, obj):
        return str(obj)

    @admin.display(description="due", ordering="due_on")
    def due(self, obj):
        if obj.due_on:
            return f"{obj.due_on:%-d %b %Y}"
        if obj.due_meeting_id:
            return f"At {obj.due_meeting}"
        return "-"

    @admin.display(description="status", ordering="status")
    def state(self, obj: Action) -> SafeString:
        return tag(obj.state, obj.state_colour)
