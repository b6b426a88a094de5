"""Governance in the admin: the secretariat's meetings, agendas, members and actions.

Every action, on its own page or as an inline row of its meeting or agenda item, is
saved through `meetings.services.action_save`, the rules the loader and the shell keep
too. Whether an action is overdue is decided once, by `ActionQuerySet.with_overdue()`.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import Count, Model, Q, QuerySet
from django.utils.safestring import SafeString

from core.admin import (
    HistoryAdmin,
    RecordSaver,
    StackedInline,
    TabularInline,
    tag,
)
from core.dates import today

from .models import (
    Action,
    AgendaItem,
    Meeting,
    Member,
    Membership,
    Paragraph,
    ThemeRole,
)
from .services import action_save


def _save_action(*, record: Action, user) -> Action:
    return action_save(action=record, user=user)


# Every save of an action, on its own page or as an inline row, goes through its service.
RECORD_SAVERS: dict[type[Model], RecordSaver] = {Action: _save_action}

# --- Members and their roles --------------------------------------------------------


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


# --- Meetings, their agenda items, paragraphs and actions ----------------------------


class AgendaItemInline(TabularInline):
    model = AgendaItem
    fields = ["number", "title", "kind", "purpose", "exempt", "order"]
    extra = 0
    show_change_link = True  # paragraphs and actions are on the item's own page


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


@admin.register(Meeting)
class MeetingAdmin(HistoryAdmin):
    record_savers = RECORD_SAVERS
    list_display = ["meets_on", "board", "venue", "status", "items", "open_actions"]
    list_display_links = ["meets_on"]
    list_filter = [("board", admin.RelatedOnlyFieldListFilter), "status", OpenActionFilter]
    list_select_related = ["board"]
    search_fields = ["board__name", "board__short_name", "venue", "agenda_items__title"]
    autocomplete_fields = ["board"]
    date_hierarchy = "meets_on"
    fields = ["board", ("meets_on", "start_time"), "venue", "status", "note"]
    inlines = [AgendaItemInline, MeetingActionInline]

    def get_queryset(self, request):
        # The board is in every meeting's name, so autocomplete and pickers need it too.
        return (
            super()
            .get_queryset(request)
            .select_related("board")
            .annotate(
                n_items=Count("agenda_items", distinct=True),
                n_open_actions=Count(
                    "actions", filter=Q(actions__status=Action.Status.OPEN), distinct=True
                ),
            )
        )

    @admin.display(description="agenda items", ordering="n_items")
    def items(self, obj):
        return obj.n_items

    @admin.display(description="open actions", ordering="n_open_actions")
    def open_actions(self, obj):
        return obj.n_open_actions


class ParagraphInline(StackedInline):
    model = Paragraph
    fields = [("number", "order"), ("heading", "subheading"), "text", ("programmes", "priorities")]
    autocomplete_fields = ["programmes", "priorities"]
    extra = 0


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


@admin.register(AgendaItem)
class AgendaItemAdmin(HistoryAdmin):
    record_savers = RECORD_SAVERS
    list_display = ["number", "title", "meeting", "kind", "purpose", "confidential"]
    list_display_links = ["number", "title"]
    list_filter = [
        "kind",
        "exempt",
        ("meeting__board", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["meeting__board"]
    search_fields = ["number", "title", "summary", "purpose", "meeting__board__name"]
    autocomplete_fields = ["meeting", "contact_officers", "priorities", "programmes"]
    date_hierarchy = "meeting__meets_on"
    fieldsets = [
        (None, {"fields": ["meeting", ("number", "order"), "title", "kind", "purpose", "exempt"]}),
        (
            "The report",
            {
                "fields": [
                    "summary",
                    "recommendations",
                    "action_required",
                    "financial_implications",
                    "contact_officers",
                ]
            },
        ),
        ("What it discusses", {"fields": ["priorities", "programmes"]}),
        ("Sources", {"fields": ["note"], "classes": ["collapse"]}),
    ]
    inlines = [ParagraphInline, AgendaItemActionInline]

    def get_queryset(self, request):
        # The meeting (and its board) label every item in pickers and on its page.
        return super().get_queryset(request).select_related("meeting__board")

    @admin.display(description="exempt", boolean=False, ordering="exempt")
    def confidential(self, obj):
        return (
            tag("Exempt", "overdue", "Confidential: not open to the public") if obj.exempt else ""
        )


@admin.register(Paragraph)
class ParagraphAdmin(HistoryAdmin):
    list_display = ["number", "excerpt", "heading", "agenda_item", "meeting"]
    list_display_links = ["number", "excerpt"]
    list_filter = ["heading", ("agenda_item__meeting__board", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["agenda_item__meeting__board"]
    search_fields = ["text", "heading", "subheading", "agenda_item__title"]
    autocomplete_fields = ["agenda_item", "programmes", "priorities"]
    date_hierarchy = "agenda_item__meeting__meets_on"

    @admin.display(description="text")
    def excerpt(self, obj):
        return obj.text[:100] + ("…" if len(obj.text) > 100 else "")

    @admin.display(description="meeting", ordering="agenda_item__meeting__meets_on")
    def meeting(self, obj):
        return obj.agenda_item.meeting


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
