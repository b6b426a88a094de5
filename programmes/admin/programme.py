"""A programme's admin page: its status as at today, and its milestones, indicators,
progress updates, councils, their steps through the offer and their savings claims as
inlines.

Status columns are read as at today from `Programme.objects.with_status()` and
`programmes.selectors`, so the changelist runs the same number of queries whatever its
length. Progress updates added here follow the same rules as on their own page: the
form applies `progress_update_check()` and the save goes through the service."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from core.admin import (
    HistoryAdmin,
    StackedInline,
    TabularInline,
    publication_text,
    rag_tag,
    tag,
)
from core.dates import today
from core.rag import SEVERITY

from ..models import Indicator, Milestone, Participation, Programme, ProgressUpdate
from ..selectors import programme_status
from .display import draft_marked, milestone_state_tag
from .figures import DeliveryStageInline, SavingsClaimInline
from .filters import CurrentRagFilter, DueAnUpdateFilter
from .forms import ProgressUpdateInlineForm
from .savers import RECORD_SAVERS


class MilestoneInline(TabularInline):
    model = Milestone
    fields = ["title", "due_on", "due_on_precision", "due_on_stated", "completed_on", "state_today"]
    readonly_fields = ["state_today"]
    extra = 0

    def get_queryset(self, request) -> QuerySet:
        return super().get_queryset(request).with_state(as_at=today())

    @admin.display(description="as at today")
    def state_today(self, obj: Milestone) -> str:
        return milestone_state_tag(obj)


class IndicatorInline(TabularInline):
    model = Indicator
    fk_name = "programme"
    fields = [
        "name",
        "unit",
        "baseline",
        "target_value",
        "target_qualifier",
        "target_starts_on",
        "target_ends_on",
        "cumulative",
        "higher_is_better",
    ]
    extra = 0
    # Readings, later target periods and where its figures come from are on the
    # indicator's own page.
    show_change_link = True


class ProgressUpdateInline(StackedInline):
    model = ProgressUpdate
    form = ProgressUpdateInlineForm
    fields = [
        ("as_at", "rag", "recorded_suggestion"),
        "override_reason",
        "headline",
        ("narrative", "next_steps"),
        ("author", "source"),
        "publication",
    ]
    readonly_fields = ["recorded_suggestion", "publication"]
    autocomplete_fields = ["author"]
    extra = 0
    show_change_link = True
    classes = ["collapse"]

    @admin.display(description="suggested status when saved")
    def recorded_suggestion(self, obj: ProgressUpdate | None) -> str:
        if obj is None or obj.pk is None:
            return "Worked out when you save."
        return rag_tag(obj.suggested_rag, empty="No evidence")

    @admin.display(description="publication")
    def publication(self, obj: ProgressUpdate | None) -> str:
        return publication_text(obj)


class ParticipationInline(TabularInline):
    model = Participation
    fields = ["council", "cohort", "status", "joined_on"]
    autocomplete_fields = ["council"]
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(HistoryAdmin):
    record_savers = RECORD_SAVERS
    list_display = [
        "name",
        "board",
        "lead_officer",
        "status",
        "current_status",
        "reported_on",
        "suggested",
        "ends_on",
    ]
    list_filter = [
        DueAnUpdateFilter,
        CurrentRagFilter,
        "status",
        ("board", admin.RelatedOnlyFieldListFilter),
        ("theme", admin.RelatedOnlyFieldListFilter),
        ("lead_officer", admin.RelatedOnlyFieldListFilter),
        ("partners", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["board", "theme", "lead_officer", "parent"]
    search_fields = ["name", "summary", "funding_source", "lead_officer__name", "partners__name"]
    autocomplete_fields = [
        "theme",
        "board",
        "lead_officer",
        "partners",
        "priorities",
        "campaigns",
        "parent",
    ]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["status_panel"]
    fieldsets = [
        ("Status as at today", {"fields": ["status_panel"]}),
        (None, {"fields": ["name", "slug", "parent", "status", "summary"]}),
        ("Ownership", {"fields": ["board", "theme", "lead_officer", "partners", "funding_source"]}),
        ("What it delivers", {"fields": ["priorities", "campaigns", "weight"]}),
        ("Life", {"fields": [("starts_on", "ends_on")]}),
        ("Sources", {"fields": ["note"], "classes": ["collapse"]}),
    ]
    inlines = [
        MilestoneInline,
        IndicatorInline,
        ProgressUpdateInline,
        ParticipationInline,
        DeliveryStageInline,
        SavingsClaimInline,
    ]

    def get_queryset(self, request) -> QuerySet:
        # Status as at today for every row in a fixed number of queries; severity lets
        # the status column sort worst first rather than alphabetically.
        return (
            super()
            .get_queryset(request)
            .with_status(as_at=today(), include_drafts=True)
            .annotate(
                status_severity=Case(
                    *[When(current_rag=rag.value, then=Value(n)) for rag, n in SEVERITY.items()],
                    default=Value(len(SEVERITY)),
                    output_field=IntegerField(),
                )
            )
        )

    def get_fieldsets(self, request, obj: Programme | None = None) -> list:
        # A programme being added has no status to show yet.
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if obj is not None else fieldsets[1:]

    def get_inlines(self, request, obj: Programme | None) -> list:
        if obj is None:
            # Indicators and progress updates need a saved programme: its evidence
            # suggests the status, and an indicator must name what it measures.
            return [MilestoneInline, ParticipationInline]
        return super().get_inlines(request, obj)

    def add_view(self, request, form_url="", extra_context=None):
        if request.method == "GET":
            messages.info(
                request,
                "Save the programme, then add its indicators and progress updates.",
            )
        return super().add_view(request, form_url, extra_context)

    @admin.display(description="status as at today", ordering="status_severity")
    def current_status(self, obj: Programme) -> SafeString:
        status = programme_status(obj, as_at=today())
        if status.is_stale:
            return format_html("{} ({})", rag_tag(None), status.stale_note)
        return draft_marked(rag_tag(status.rag), obj)

    @admin.display(description="reported", ordering="status_as_at")
    def reported_on(self, obj: Programme):
        return obj.status_as_at or "-"

    @admin.display(description="suggested by the evidence")
    def suggested(self, obj: Programme) -> SafeString:
        status = programme_status(obj, as_at=today())
        if status.suggested is None:
            return tag("No evidence", "none")
        if status.differs:
            return format_html("{} (differs)", rag_tag(status.suggested))
        return rag_tag(status.suggested)

    @admin.display(description="status")
    def status_panel(self, obj: Programme | None) -> SafeString | str:
        """The programme's status as at today, the evidence behind the suggestion and a
        link to record an update (`admin/programmes/programme_status_panel.html`)."""
        if obj is None or obj.pk is None or not hasattr(obj, "status_rag"):
            return "-"
        on = today()
        status = programme_status(obj, as_at=on)
        status_tag = rag_tag(status.rag)
        if status.rag is not None:
            # Only a status read from an update can be read from a draft one.
            status_tag = draft_marked(status_tag, obj)
        add_url = (
            reverse("admin:programmes_progressupdate_add")
            + "?"
            + urlencode({"programme": obj.pk, "as_at": on.isoformat()})
        )
        return render_to_string(
            "admin/programmes/programme_status_panel.html",
            {
                "status": status,
                "status_tag": status_tag,
                "draft": obj.status_published_at is None,
                "suggested_tag": rag_tag(status.suggested, empty="No evidence yet"),
                "add_url": add_url,
            },
        )
