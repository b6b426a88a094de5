"""Meetings and the papers presented to each body in the admin: a meeting with its agenda,
decisions, actions and the reports due at it; a paper with its paragraphs, decisions and
actions; paragraphs with the figures and progress they reported and programmes as they
name them."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count, Q

from core.admin import HistoryAdmin, StackedInline, TabularInline, tag

from ..models import (
    Action,
    AgendaItem,
    Decision,
    ForwardPlanEntry,
    Meeting,
    NameAsWritten,
    Paragraph,
)
from .actions import AgendaItemActionInline, MeetingActionInline, OpenActionFilter
from .savers import RECORD_SAVERS


class AgendaItemInline(TabularInline):
    model = AgendaItem
    fields = ["number", "title", "kind", "purpose", "exempt", "order"]
    extra = 0
    show_change_link = True  # paragraphs and actions are on the item's own page


class MeetingDecisionInline(TabularInline):
    """What the meeting agreed."""

    model = Decision
    fk_name = "meeting"
    fields = ["text", "agenda_item", "minute_reference", "order"]
    autocomplete_fields = ["agenda_item"]
    # Two lines are enough to read a decision in a row.
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}
    extra = 0
    show_change_link = True  # priorities and programmes on the decision's own page


class ReportsDueInline(TabularInline):
    """The reports due at this meeting (the forward plan): the Board is the meeting's."""

    model = ForwardPlanEntry
    fk_name = "due_meeting"
    fields = ["title", "presented_item", "withdrawn", "note"]
    autocomplete_fields = ["presented_item"]
    verbose_name = "report due at this meeting"
    verbose_name_plural = "reports due at this meeting (forward plan)"
    extra = 0
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(HistoryAdmin):
    record_savers = RECORD_SAVERS
    list_display = ["date", "board", "venue", "status", "items", "open_actions"]
    list_display_links = ["date"]
    list_filter = [("board", admin.RelatedOnlyFieldListFilter), "status", OpenActionFilter]
    list_select_related = ["board"]
    search_fields = ["board__name", "board__short_name", "venue", "agenda_items__title"]
    autocomplete_fields = ["board"]
    date_hierarchy = "meets_on"
    fields = [
        "board",
        ("meets_on", "start_time"),
        ("meets_on_precision", "meets_on_stated"),
        "venue",
        "status",
        "note",
    ]
    inlines = [AgendaItemInline, MeetingDecisionInline, MeetingActionInline, ReportsDueInline]

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

    @admin.display(description="date", ordering="meets_on")
    def date(self, obj):
        return obj.date_as_stated

    @admin.display(description="agenda items", ordering="n_items")
    def items(self, obj):
        return obj.n_items

    @admin.display(description="open actions", ordering="n_open_actions")
    def open_actions(self, obj):
        return obj.n_open_actions


class ParagraphInline(StackedInline):
    model = Paragraph
    fields = [
        ("number", "order"),
        ("heading", "subheading"),
        "text",
        ("programmes", "priorities"),
        ("figures", "updates"),
    ]
    autocomplete_fields = ["programmes", "priorities", "figures", "updates"]
    extra = 0
    show_change_link = True  # programme names as written are on the paragraph's page


class ItemDecisionForm(forms.ModelForm):
    """A decision on an agenda item is taken at that item's meeting."""

    class Meta:
        model = Decision
        fields = ["text", "minute_reference", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        cleaned = super().clean()
        item = self.instance.agenda_item if self.instance.agenda_item_id else None
        if item is not None:
            if not item.meeting_id:
                raise forms.ValidationError(
                    "A decision is taken at a meeting: choose this paper's meeting first."
                )
            self.instance.meeting_id = item.meeting_id
        return cleaned


class ItemDecisionInline(TabularInline):
    """What the meeting agreed on this item."""

    model = Decision
    form = ItemDecisionForm
    fk_name = "agenda_item"
    fields = ["text", "minute_reference", "order"]
    extra = 0
    show_change_link = True


@admin.register(AgendaItem)
class AgendaItemAdmin(HistoryAdmin):
    record_savers = RECORD_SAVERS
    list_display = ["number", "title", "body", "date", "kind", "purpose", "confidential"]
    list_display_links = ["number", "title"]
    list_filter = [
        "kind",
        "exempt",
        ("meeting__board", admin.RelatedOnlyFieldListFilter),
        ("presented_to", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["meeting__board", "presented_to"]
    search_fields = [
        "number",
        "title",
        "summary",
        "purpose",
        "meeting__board__name",
        "presented_to__name",
    ]
    autocomplete_fields = [
        "meeting",
        "presented_to",
        "referred_to_in",
        "contact_officers",
        "priorities",
        "programmes",
    ]
    date_hierarchy = "meeting__meets_on"
    fieldsets = [
        (None, {"fields": ["meeting", ("number", "order"), "title", "kind", "purpose", "exempt"]}),
        (
            "When the meeting is not known",
            {
                "fields": [
                    "presented_to",
                    "presented_on",
                    ("presented_on_precision", "presented_on_stated"),
                ],
                "description": "A paper presented to a body (the Executive, a forum) at a "
                "meeting the papers do not name: leave the meeting blank and say which body "
                "and when, as precisely as the papers do.",
            },
        ),
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
        ("Sources", {"fields": ["referred_to_in", "note"], "classes": ["collapse"]}),
    ]
    inlines = [ParagraphInline, ItemDecisionInline, AgendaItemActionInline]

    def get_queryset(self, request):
        # The meeting (and its board) or the body label every item in pickers and lists.
        return super().get_queryset(request).select_related("meeting__board", "presented_to")

    @admin.display(description="presented to")
    def body(self, obj):
        return obj.body

    @admin.display(description="date", ordering="meeting__meets_on")
    def date(self, obj):
        return obj.date_as_stated or "Not known"

    @admin.display(description="exempt", boolean=False, ordering="exempt")
    def confidential(self, obj):
        return (
            tag("Exempt", "overdue", "Confidential: not open to the public") if obj.exempt else ""
        )


class NameAsWrittenInline(TabularInline):
    """Programmes as this paragraph names them, where that differs from their names."""

    model = NameAsWritten
    fields = ["programme", "name", "note"]
    autocomplete_fields = ["programme"]
    extra = 0


@admin.register(Paragraph)
class ParagraphAdmin(HistoryAdmin):
    list_display = ["number", "excerpt", "heading", "agenda_item", "meeting"]
    list_display_links = ["number", "excerpt"]
    list_filter = ["heading", ("agenda_item__meeting__board", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["agenda_item__meeting__board"]
    search_fields = ["text", "heading", "subheading", "agenda_item__title"]
    autocomplete_fields = ["agenda_item", "programmes", "priorities", "figures", "updates"]
    date_hierarchy = "agenda_item__meeting__meets_on"
    inlines = [NameAsWrittenInline]

    @admin.display(description="text")
    def excerpt(self, obj):
        return obj.text[:100] + ("…" if len(obj.text) > 100 else "")

    @admin.display(description="meeting", ordering="agenda_item__meeting__meets_on")
    def meeting(self, obj):
        return obj.agenda_item.meeting or "Not known"


@admin.register(NameAsWritten)
class NameAsWrittenAdmin(HistoryAdmin):
    list_display = ["name", "programme", "paragraph"]
    list_select_related = ["programme", "paragraph"]
    list_filter = [("programme", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "programme__name", "paragraph__text"]
    autocomplete_fields = ["paragraph", "programme"]
