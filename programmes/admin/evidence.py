"""The evidence of delivery on its own pages: progress updates, milestones, indicators
and their readings.

Progress updates and readings are drafts until someone with the publish permission
(Secretariat, Administrators) publishes them with the "Publish selected" action; the
public, the status and the reports see published rows only. The indicator list here
shows drafts too, marked as drafts, so officers see what they have recorded beside what
is published."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from core.admin import (
    HistoryAdmin,
    PublishedFilter,
    PublishingAdmin,
    TabularInline,
    publication_tag,
    rag_tag,
    tag,
)
from core.dates import DatePrecision, today

from ..charts import actual_words, format_value, target_words
from ..models import Indicator, Milestone, ProgressUpdate, Reading
from ..selectors import indicator_status, target_in_force
from ..services import milestone_complete, progress_update_correct, progress_update_unpublish
from .display import milestone_state_tag
from .filters import DiffersFromSuggestionFilter, HasTargetFilter, MilestoneStateFilter
from .forms import CorrectionForm, ProgressUpdateForm, ReadingInlineForm
from .savers import RECORD_SAVERS
from .scope import RecordedByOfficersMixin
from .targets import TargetPeriodInline

# --- Progress updates: the rules of programmes.services, on a form -------------------


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(RecordedByOfficersMixin, PublishingAdmin):
    record_savers = RECORD_SAVERS
    form = ProgressUpdateForm
    # The columns a reviewer scans come first; the headline, the widest, last and short.
    list_display = [
        "programme",
        "as_at",
        "status",
        "publication",
        "suggestion",
        "author",
        "short_headline",
    ]
    list_display_links = ["as_at"]
    list_filter = [
        PublishedFilter,
        "rag",
        "suggested_rag",
        DiffersFromSuggestionFilter,
        ("programme__board", admin.RelatedOnlyFieldListFilter),
        ("author", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["programme", "author"]
    search_fields = ["headline", "narrative", "next_steps", "programme__name"]
    autocomplete_fields = ["programme", "author"]
    date_hierarchy = "as_at"
    readonly_fields = ["recorded_suggestion", "publication_detail"]
    add_fieldsets = [
        (None, {"fields": ["programme", "as_at"]}),
        ("Status", {"fields": ["rag", "override_reason"]}),
        ("Progress", {"fields": ["headline", "narrative", "next_steps"]}),
        ("Attribution", {"fields": ["author", "source"]}),
    ]
    fieldsets = [
        (None, {"fields": ["programme", "as_at"]}),
        ("Status", {"fields": ["rag", "override_reason", "recorded_suggestion"]}),
        ("Progress", {"fields": ["headline", "narrative", "next_steps"]}),
        ("Attribution", {"fields": ["author", "source"]}),
        ("Publication", {"fields": ["publication_detail"]}),
    ]

    actions = ["publish_selected", "unpublish_selected"]

    def get_fieldsets(self, request, obj: ProgressUpdate | None = None) -> list:
        # Nothing has been suggested (or published) until the update is saved.
        if obj is None:
            return self.add_fieldsets
        fieldsets = super().get_fieldsets(request, obj)
        if obj.published_at is not None and self.has_change_permission(request, obj):
            fieldsets = [*fieldsets, ("Correction", {"fields": ["correction_reason"]})]
        return fieldsets

    def get_form(self, request, obj: ProgressUpdate | None = None, change=False, **kwargs):
        if obj is not None and obj.published_at is not None:
            kwargs["form"] = CorrectionForm
        return super().get_form(request, obj, change=change, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        update = self.get_object(request, object_id)
        if (
            update is not None
            and update.published_at is None
            and request.user.has_perm(ProgressUpdate.publish_permission())
        ):
            extra_context = {
                **(extra_context or {}),
                "review_url": reverse("cycle:review_draft", args=[update.pk]),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj: ProgressUpdate, form, change: bool) -> None:
        if change and obj.published_at is not None and "correction_reason" in form.cleaned_data:
            progress_update_correct(
                update=obj, user=request.user, reason=form.cleaned_data["correction_reason"]
            )
            return
        super().save_model(request, obj, form, change)

    @admin.action(
        description="Unpublish selected progress updates (asks for a reason)",
        permissions=["publish"],
    )
    def unpublish_selected(self, request, queryset: QuerySet):
        published = queryset.filter(published_at__isnull=False).select_related("programme")
        reason = request.POST.get("unpublish_reason", "").strip()
        if request.POST.get("confirmed") == "yes" and reason:
            for update in published:
                progress_update_unpublish(update=update, user=request.user, reason=reason)
            self.message_user(request, f"Unpublished {published.count()} progress update(s).")
            return None
        return TemplateResponse(
            request,
            "admin/programmes/progressupdate/unpublish.html",
            {
                **self.admin_site.each_context(request),
                "title": "Unpublish progress updates?",
                "opts": self.opts,
                "updates": published,
                "missing_reason": request.POST.get("confirmed") == "yes" and not reason,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def get_changeform_initial_data(self, request) -> dict:
        initial = super().get_changeform_initial_data(request)
        # The programme's "Record a progress update" link passes ?programme=<pk>; a
        # mangled one would break the programme picker, so it is dropped.
        if not str(initial.get("programme", "0")).isdigit():
            del initial["programme"]
        officer = getattr(request.user, "officer", None)
        if officer is not None and "author" not in initial:
            initial["author"] = officer.pk
        return initial

    @admin.display(description="status", ordering="rag")
    def status(self, obj: ProgressUpdate) -> SafeString:
        return rag_tag(obj.rag)

    @admin.display(description="headline", ordering="headline")
    def short_headline(self, obj: ProgressUpdate) -> str:
        return Truncator(obj.headline).chars(70)

    @admin.display(description="suggested by the evidence", ordering="suggested_rag")
    def suggestion(self, obj: ProgressUpdate) -> SafeString:
        if not obj.suggested_rag:
            return tag("No evidence", "none")
        if obj.differs_from_suggestion:
            return format_html("{} (differs)", rag_tag(obj.suggested_rag))
        return rag_tag(obj.suggested_rag)

    @admin.display(description="suggested status when saved")
    def recorded_suggestion(self, obj: ProgressUpdate | None) -> SafeString | str:
        if obj is None or obj.pk is None:
            return "-"
        if not obj.suggested_rag:
            return "No milestone or indicator evidence when it was saved."
        return rag_tag(obj.suggested_rag)


# --- Milestones ----------------------------------------------------------------------


@admin.register(Milestone)
class MilestoneAdmin(RecordedByOfficersMixin, HistoryAdmin):
    record_savers = RECORD_SAVERS
    list_display = ["title", "programme", "due", "completed_on", "state_today"]
    list_filter = [
        MilestoneStateFilter,
        ("programme__board", admin.RelatedOnlyFieldListFilter),
        ("programme__lead_officer", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["programme"]
    search_fields = ["title", "note", "programme__name"]
    autocomplete_fields = ["programme"]
    date_hierarchy = "due_on"
    actions = ["complete_today"]

    def get_queryset(self, request) -> QuerySet:
        # Every row carries its state as at today, for the column and the filter.
        return super().get_queryset(request).with_state(as_at=today())

    fieldsets = [
        (None, {"fields": ["programme", "title"]}),
        ("Due", {"fields": ["due_on", ("due_on_precision", "due_on_stated")]}),
        (None, {"fields": ["completed_on", "note"]}),
    ]

    @admin.display(description="due", ordering="due_on")
    def due(self, obj: Milestone) -> str:
        """As the paper gives it: 'January 2012', 'late summer 2012'."""
        return obj.due_as_stated

    @admin.display(description="state as at today", ordering="state")
    def state_today(self, obj: Milestone) -> SafeString | str:
        return milestone_state_tag(obj)

    @admin.action(description="Mark the selected milestones completed today")
    def complete_today(self, request, queryset: QuerySet) -> None:
        # Saved one by one so that each keeps its history; only the programmes this
        # person records. (The quarterly form takes any completion date.)
        on = today()
        done = 0
        mine = queryset.filter(completed_on__isnull=True, programme__in=self.recordable(request))
        for milestone in mine:
            milestone_complete(milestone=milestone, completed_on=on, user=request.user)
            done += 1
        self.message_user(request, f"Marked {done} milestone(s) completed today.")


# --- Indicators and their readings ---------------------------------------------------


class ReadingInline(TabularInline):
    model = Reading
    form = ReadingInlineForm
    fields = [
        "as_at",
        "as_at_precision",
        "as_at_stated",
        "value",
        "qualifier",
        "note",
        "source",
        "published",
    ]
    readonly_fields = ["published"]
    extra = 0

    @admin.display(description="published")
    def published(self, obj: Reading | None) -> SafeString:
        return publication_tag(obj)


@admin.register(Indicator)
class IndicatorAdmin(RecordedByOfficersMixin, HistoryAdmin):
    record_savers = RECORD_SAVERS
    list_display = [
        "name",
        "programme",
        "priority",
        "unit",
        "latest",
        "target",
        "trajectory",
    ]
    list_filter = [
        "unit",
        HasTargetFilter,
        "cumulative",
        ("programme__board", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["programme", "priority__plan_year"]
    search_fields = ["name", "note", "programme__name", "priority__title"]
    autocomplete_fields = ["programme", "priority"]
    fieldsets = [
        (None, {"fields": ["name", "programme", "priority", "unit"]}),
        (
            "Target, as the paper states it",
            {
                "fields": [
                    ("target_value", "target_qualifier", "target_basis"),
                    ("target_starts_on", "target_ends_on"),
                    "baseline",
                    ("cumulative", "higher_is_better"),
                ],
                "description": "The first period of the target (or, with no dates, a target "
                "the paper gives no period for: shown, never assessed). Add the later "
                "periods below.",
            },
        ),
        ("Where its figures come from", {"fields": [("computed_from", "computed_stage")]}),
        ("Sources", {"fields": ["note"], "classes": ["collapse"]}),
    ]
    inlines = [TargetPeriodInline, ReadingInline]

    def get_queryset(self, request) -> QuerySet:
        # Every indicator is named with its programme or priority, in pickers too.
        return (
            super()
            .get_queryset(request)
            .select_related("programme", "priority__plan_year")
            .with_latest_reading(as_at=today(), include_drafts=True)
            .with_target_at(as_at=today())
            .with_computed_figure(as_at=today())
        )

    def _may_record(self, request, obj) -> bool:
        # A measure of a whole priority is the Secretariat's to keep.
        if obj is not None and obj.programme_id is None:
            return request.user.has_perm(ProgressUpdate.publish_permission())
        return super()._may_record(request, obj)

    @admin.display(description="latest figure", ordering="latest_as_at")
    def latest(self, obj: Indicator) -> str:
        status = indicator_status(obj, as_at=today())
        if status.actual is None:
            return "-"
        figure = actual_words(status)
        if status.computed:
            return f"{figure} ({status.figure_source})"
        draft = " (draft)" if obj.latest_published_at is None else ""
        day = (obj.latest_precision or DatePrecision.DAY) == DatePrecision.DAY
        when = f"{obj.latest_as_at:%-d %b %Y}" if day else status.actual_date
        return f"{figure} at {when}{draft}"

    @admin.display(description="target as at today")
    def target(self, obj: Indicator) -> str:
        target = target_in_force(obj, as_at=today())
        return target_words(target, obj) if target else "-"

    @admin.display(description="trajectory as at today")
    def trajectory(self, obj: Indicator) -> SafeString:
        verdict = indicator_status(obj, as_at=today()).check.verdict
        return tag(verdict.label, verdict.value.replace("_", "-"))


@admin.register(Reading)
class ReadingAdmin(RecordedByOfficersMixin, PublishingAdmin):
    record_savers = RECORD_SAVERS
    programme_path = "indicator__programme"
    list_display = ["indicator_name", "date", "figure", "source", "publication"]
    list_display_links = ["date"]
    list_filter = [
        PublishedFilter,
        "indicator__unit",
        ("indicator__programme__board", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["indicator__programme", "indicator__priority__plan_year"]
    search_fields = ["indicator__name", "indicator__programme__name", "source", "note"]
    autocomplete_fields = ["indicator"]
    date_hierarchy = "as_at"
    readonly_fields = ["publication_detail"]

    def get_queryset(self, request) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .select_related("indicator__programme", "indicator__priority__plan_year")
        )

    @admin.display(description="indicator", ordering="indicator__name")
    def indicator_name(self, obj: Reading) -> str:
        return str(obj.indicator)

    @admin.display(description="as at", ordering="as_at")
    def date(self, obj: Reading) -> str:
        """As the paper dates it: '19 January 2012', 'October 2011', 'mid 2013'."""
        return obj.date_as_stated

    @admin.display(description="value", ordering="value")
    def figure(self, obj: Reading) -> str:
        """'2,410', 'over £150,000', '85%': the figure in its unit with its qualifier, as
        a person writes it."""
        return format_value(obj.value, obj.indicator.unit, obj.qualifier)
