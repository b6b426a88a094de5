"""Delivery in the admin: the officers' product.

Status columns are read as at today from `Programme.objects.with_status()` and
`programmes.selectors`, so a changelist runs the same number of queries whatever
its length. Progress updates, whether added on their own or on a programme's
page, follow the rules of `programmes.services.progress_update_create`.

Progress updates and readings are drafts until someone with the publish permission
(Secretariat, Administrators) publishes them with the "Publish selected" action; the
public, the status and the reports see published rows only. The programme and
indicator lists here show drafts too, marked as drafts, so officers see what they
have recorded beside what is published.

`Priority` is registered here rather than in `priorities/admin.py` because its
rolled-up status comes from the programmes, and `priorities` imports neither of
the other apps.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode

from core.admin import (
    HistoryAdmin,
    PublishedFilter,
    PublishingAdmin,
    StackedInline,
    TabularInline,
    admin_change_link,
    publication_tag,
    publication_text,
    rag_tag,
    tag,
)
from core.dates import today
from core.rag import NO_STATUS, SEVERITY, Rag
from priorities.models import Priority

from .models import (
    Council,
    Indicator,
    Milestone,
    Participation,
    Partner,
    Programme,
    ProgressUpdate,
    Reading,
    check_value_for_unit,
)
from .selectors import indicator_status, priorities_with_status, programme_status
from .services import (
    milestone_complete,
    milestone_save,
    progress_update_check,
    progress_update_save,
    reading_save,
    suggested_rag_for,
)
from .status import MilestoneState

# Every save of these, on their own pages or as inlines, goes through its service.
RECORD_SAVERS = {
    ProgressUpdate: lambda *, record, user: progress_update_save(update=record, user=user),
    Reading: lambda *, record, user: reading_save(reading=record, user=user),
    Milestone: lambda *, record, user: milestone_save(milestone=record, user=user),
}

# --- Progress updates: the rules of programmes.services, on a form -------------------


class ProgressUpdateForm(forms.ModelForm):
    """A progress update form that applies `progress_update_check()` as it validates, so
    a missing reason shows on the form; the admin saves through `progress_update_save()`.

    The suggestion is shown beside the status field before the officer chooses.
    """

    show_suggestion = True

    class Meta:
        model = ProgressUpdate
        fields = [
            "programme",
            "as_at",
            "rag",
            "override_reason",
            "headline",
            "narrative",
            "next_steps",
            "author",
            "source",
        ]
        widgets = {"override_reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.show_suggestion and not self.is_bound and "rag" in self.fields:
            self._describe_suggestion()

    def _describe_suggestion(self) -> None:
        """Say what the evidence suggests, when the programme is known."""
        programme = self.instance.programme if self.instance.programme_id else None
        as_at = self.instance.as_at
        try:
            # On the add page, from `?programme=...&as_at=...` (the programme's own link).
            if programme is None and self.initial.get("programme"):
                programme = self.fields["programme"].clean(self.initial["programme"])
            if as_at is None and self.initial.get("as_at"):
                as_at = self.fields["as_at"].clean(self.initial["as_at"])
        except forms.ValidationError:
            return
        if programme is None:
            return
        as_at = as_at or today()
        suggested = suggested_rag_for(programme=programme, as_at=as_at)
        now = " now" if self.instance.pk else ""
        if suggested is None:
            text = f"There is{now} no milestone or indicator evidence as at {as_at:%-d %B %Y}."
        else:
            text = (
                f"The milestones and indicators{now} suggest {suggested.label} as at "
                f"{as_at:%-d %B %Y}. If you choose another status, say why."
            )
        field = self.fields["rag"]
        field.help_text = f"{field.help_text} {text}".strip()

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            progress_update_check(update=self.instance)
        except forms.ValidationError as exc:
            self.add_error(None, exc)


class ProgressUpdateInlineForm(ProgressUpdateForm):
    # The programme's status panel shows the suggestion once for the whole page.
    show_suggestion = False


class DiffersFromSuggestionFilter(admin.SimpleListFilter):
    title = "differs from the evidence"
    parameter_name = "differs"

    def lookups(self, request, model_admin):
        return [("yes", "Yes, with a reason"), ("no", "No")]

    def queryset(self, request, queryset):
        differs = ~Q(suggested_rag="") & ~Q(suggested_rag=F("rag"))
        if self.value() == "yes":
            return queryset.filter(differs)
        if self.value() == "no":
            return queryset.exclude(differs)
        return queryset


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(PublishingAdmin):
    record_savers = RECORD_SAVERS
    form = ProgressUpdateForm
    list_display = [
        "programme",
        "as_at",
        "status",
        "suggestion",
        "headline",
        "author",
        "publication",
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

    def get_fieldsets(self, request, obj=None):
        # Nothing has been suggested (or published) until the update is saved.
        return self.add_fieldsets if obj is None else super().get_fieldsets(request, obj)

    def get_changeform_initial_data(self, request):
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
    def status(self, obj):
        return rag_tag(obj.rag)

    @admin.display(description="suggested by the evidence", ordering="suggested_rag")
    def suggestion(self, obj):
        if not obj.suggested_rag:
            return tag("No evidence", "none")
        if obj.differs_from_suggestion:
            return format_html("{} (differs)", rag_tag(obj.suggested_rag))
        return rag_tag(obj.suggested_rag)

    @admin.display(description="suggested status when saved")
    def recorded_suggestion(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        if not obj.suggested_rag:
            return "No milestone or indicator evidence when it was saved."
        return rag_tag(obj.suggested_rag)


# --- Programmes --------------------------------------------------------------------


class MilestoneInline(TabularInline):
    model = Milestone
    fields = ["title", "due_on", "completed_on", "state_today"]
    readonly_fields = ["state_today"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).with_state(as_at=today())

    @admin.display(description="as at today")
    def state_today(self, obj):
        return milestone_state_tag(obj)


class IndicatorInline(TabularInline):
    model = Indicator
    fk_name = "programme"
    fields = [
        "name",
        "unit",
        "baseline",
        "target_value",
        "target_starts_on",
        "target_ends_on",
        "cumulative",
        "higher_is_better",
    ]
    extra = 0
    show_change_link = True  # readings are entered on the indicator's own page


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
    def recorded_suggestion(self, obj):
        if obj is None or obj.pk is None:
            return "Worked out when you save."
        return rag_tag(obj.suggested_rag, empty="No evidence")

    @admin.display(description="publication")
    def publication(self, obj):
        return publication_text(obj)


class ParticipationInline(TabularInline):
    model = Participation
    fields = ["council", "cohort", "status", "joined_on"]
    autocomplete_fields = ["council"]
    extra = 0


class DueAnUpdateFilter(admin.SimpleListFilter):
    title = "due an update this quarter"
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        due = Programme.objects.due_an_update(on=today()).values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=due)
        if self.value() == "no":
            return queryset.exclude(pk__in=due)
        return queryset


class CurrentRagFilter(admin.SimpleListFilter):
    title = "status as at today"
    parameter_name = "rag"

    def lookups(self, request, model_admin):
        return [*Rag.choices, ("none", NO_STATUS)]

    def queryset(self, request, queryset):
        # `status_rag` is annotated by ProgrammeAdmin.get_queryset().
        if self.value() == "none":
            return queryset.filter(status_rag__isnull=True)
        if self.value() in Rag.values:
            return queryset.filter(status_rag=self.value())
        return queryset


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
    inlines = [MilestoneInline, IndicatorInline, ProgressUpdateInline, ParticipationInline]

    def get_queryset(self, request):
        # Status as at today for every row in a fixed number of queries; severity lets
        # the status column sort worst first rather than alphabetically.
        return (
            super()
            .get_queryset(request)
            .with_status(as_at=today(), include_drafts=True)
            .annotate(
                status_severity=Case(
                    *[When(status_rag=rag.value, then=Value(n)) for rag, n in SEVERITY.items()],
                    default=Value(len(SEVERITY)),
                    output_field=IntegerField(),
                )
            )
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if obj is not None else fieldsets[1:]

    def get_inlines(self, request, obj):
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
    def current_status(self, obj):
        return draft_marked(rag_tag(obj.status_rag), obj)

    @admin.display(description="reported", ordering="status_as_at")
    def reported_on(self, obj):
        return obj.status_as_at or "-"

    @admin.display(description="suggested by the evidence")
    def suggested(self, obj):
        status = programme_status(obj, as_at=today())
        if status.suggested is None:
            return tag("No evidence", "none")
        if status.differs:
            return format_html("{} (differs)", rag_tag(status.suggested))
        return rag_tag(status.suggested)

    @admin.display(description="status")
    def status_panel(self, obj):
        if obj is None or obj.pk is None or not hasattr(obj, "status_rag"):
            return "-"
        status = programme_status(obj, as_at=today())
        behind = format_html_join(
            "",
            "<li>{}: {}</li>",
            ((i.indicator.name, i.check.verdict.label) for i in status.indicators_behind),
        )
        add_url = (
            reverse("admin:programmes_progressupdate_add")
            + "?"
            + urlencode({"programme": obj.pk, "as_at": today().isoformat()})
        )
        return format_html(
            '<div class="bp-status-panel"><dl>'
            "<dt>Status as at {}</dt><dd>{} {}</dd>"
            "<dt>Latest update</dt><dd>{}</dd>"
            "<dt>Suggested by the milestones and indicators</dt><dd>{}</dd>"
            "<dt>Overdue milestones</dt><dd>{}</dd>"
            "<dt>Indicators behind their trajectory</dt><dd>{}</dd>"
            '</dl><p><a class="addlink" href="{}">Record a progress update</a></p></div>',
            f"{status.as_at:%-d %B %Y}",
            draft_marked(rag_tag(status.rag), obj),
            status.meaning,
            (
                f"{status.reported_on:%-d %B %Y}: {status.headline}"
                + ("" if obj.status_published_at else " (a draft, not published yet)")
                if status.reported_on
                else "None yet"
            ),
            rag_tag(status.suggested, empty="No evidence yet"),
            status.overdue_milestones,
            format_html("<ul>{}</ul>", behind) if status.indicators_behind else "None",
            add_url,
        )


def draft_marked(label, obj):
    """A status read from a draft update, marked as such: the public does not see it yet."""
    if getattr(obj, "status_rag", None) and obj.status_published_at is None:
        return format_html("{} (draft)", label)
    return label


# --- Milestones, indicators and readings --------------------------------------------


def milestone_state_tag(obj: Milestone):
    """Needs `state` from `Milestone.objects.with_state()`; a row not yet saved has none."""
    if obj is None or getattr(obj, "state", None) is None:
        return "-"
    return tag(obj.state_label, obj.state_colour)


class MilestoneStateFilter(admin.SimpleListFilter):
    title = "state as at today"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [(state.value, state.label) for state in MilestoneState]

    def queryset(self, request, queryset):
        # The changelist's rows already carry their state as at today.
        if self.value() in MilestoneState.values:
            return queryset.filter(state=self.value())
        return queryset


@admin.register(Milestone)
class MilestoneAdmin(HistoryAdmin):
    record_savers = RECORD_SAVERS
    list_display = ["title", "programme", "due_on", "completed_on", "state_today"]
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

    def get_queryset(self, request):
        return super().get_queryset(request).with_state(as_at=today())

    @admin.display(description="state as at today", ordering="state")
    def state_today(self, obj):
        return milestone_state_tag(obj)

    @admin.action(description="Mark the selected milestones completed today")
    def complete_today(self, request, queryset):
        # Saved one by one so that each keeps its history.
        on = today()
        done = 0
        for milestone in queryset.filter(completed_on__isnull=True):
            milestone_complete(milestone=milestone, completed_on=on, user=request.user)
            done += 1
        self.message_user(request, f"Marked {done} milestone(s) completed today.")


class ReadingInlineForm(forms.ModelForm):
    class Meta:
        model = Reading
        fields = ["indicator", "as_at", "value", "note", "source"]

    def clean(self):
        cleaned = super().clean()
        indicator = cleaned.get("indicator")
        value = cleaned.get("value")
        # Reading.clean() checks the unit only once the indicator is saved; on a new
        # indicator's page, check it against the unit being entered.
        if indicator is not None and indicator.pk is None and value is not None:
            message = check_value_for_unit(indicator.unit, value)
            if message:
                self.add_error("value", message)
        return cleaned


class ReadingInline(TabularInline):
    model = Reading
    form = ReadingInlineForm
    fields = ["as_at", "value", "note", "source", "published"]
    readonly_fields = ["published"]
    extra = 0

    @admin.display(description="published")
    def published(self, obj):
        return publication_tag(obj)


class TrajectoryFilter(admin.SimpleListFilter):
    title = "has a target"
    parameter_name = "target"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(target_value__isnull=False)
        if self.value() == "no":
            return queryset.filter(target_value__isnull=True)
        return queryset


@admin.register(Indicator)
class IndicatorAdmin(HistoryAdmin):
    record_savers = RECORD_SAVERS
    list_display = [
        "name",
        "programme",
        "priority",
        "unit",
        "latest",
        "target_value",
        "target_ends_on",
        "trajectory",
    ]
    list_filter = [
        "unit",
        TrajectoryFilter,
        "cumulative",
        ("programme__board", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["programme", "priority__plan_year"]
    search_fields = ["name", "note", "programme__name", "priority__title"]
    autocomplete_fields = ["programme", "priority"]
    fieldsets = [
        (None, {"fields": ["name", "programme", "priority", "unit"]}),
        (
            "Target",
            {
                "fields": [
                    ("baseline", "target_value"),
                    ("target_starts_on", "target_ends_on"),
                    ("cumulative", "higher_is_better"),
                ]
            },
        ),
        ("Sources", {"fields": ["note"], "classes": ["collapse"]}),
    ]
    inlines = [ReadingInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_latest_reading(as_at=today(), include_drafts=True)

    @admin.display(description="latest reading", ordering="latest_as_at")
    def latest(self, obj):
        if obj.latest_value is None:
            return "-"
        draft = " (draft)" if obj.latest_published_at is None else ""
        return f"{obj.latest_value.normalize():,f} at {obj.latest_as_at:%-d %b %Y}{draft}"

    @admin.display(description="trajectory as at today")
    def trajectory(self, obj):
        verdict = indicator_status(obj, as_at=today()).check.verdict
        return tag(verdict.label, verdict.value.replace("_", "-"))


@admin.register(Reading)
class ReadingAdmin(PublishingAdmin):
    record_savers = RECORD_SAVERS
    list_display = ["indicator", "as_at", "value", "unit", "source", "publication"]
    list_display_links = ["as_at"]
    list_filter = [
        PublishedFilter,
        "indicator__unit",
        ("indicator__programme__board", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["indicator"]
    search_fields = ["indicator__name", "indicator__programme__name", "source", "note"]
    autocomplete_fields = ["indicator"]
    date_hierarchy = "as_at"
    readonly_fields = ["publication_detail"]

    @admin.display(description="unit", ordering="indicator__unit")
    def unit(self, obj):
        return obj.indicator.get_unit_display()


# --- Partners, councils and participation -------------------------------------------


@admin.register(Partner)
class PartnerAdmin(HistoryAdmin):
    list_display = ["name", "short_name", "programme_count"]
    search_fields = ["name", "short_name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_programmes=Count("programmes"))

    @admin.display(description="programmes", ordering="n_programmes")
    def programme_count(self, obj):
        return obj.n_programmes


@admin.register(Council)
class CouncilAdmin(HistoryAdmin):
    list_display = ["name", "kind", "region", "gss_code", "take_up"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "gss_code"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(n_programmes=Count("participations__programme", distinct=True))
        )

    @admin.display(description="programmes taken up", ordering="n_programmes")
    def take_up(self, obj):
        return obj.n_programmes


@admin.register(Participation)
class ParticipationAdmin(HistoryAdmin):
    list_display = ["council", "programme", "cohort", "status", "joined_on"]
    list_filter = [
        "status",
        "council__kind",
        "council__region",
        ("programme", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["council", "programme"]
    search_fields = ["council__name", "programme__name", "cohort"]
    autocomplete_fields = ["programme", "council"]
    date_hierarchy = "joined_on"


# --- Priorities, with their status rolled up from the programmes ---------------------


class OverriddenFilter(admin.SimpleListFilter):
    title = "status overridden"
    parameter_name = "overridden"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No, rolled up")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(status_override="")
        if self.value() == "no":
            return queryset.filter(status_override="")
        return queryset


class LevelFilter(admin.SimpleListFilter):
    title = "level"
    parameter_name = "level"

    def lookups(self, request, model_admin):
        return [("organisation", "Organisation-wide"), ("board", "A Board's own")]

    def queryset(self, request, queryset):
        if self.value() == "organisation":
            return queryset.organisation_wide()
        if self.value() == "board":
            return queryset.of_boards()
        return queryset


@admin.register(Priority)
class PriorityAdmin(HistoryAdmin):
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

    def get_queryset(self, request):
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
    def rolled_up_status(self, obj):
        status = getattr(obj, "admin_status", None)
        if status is None:
            return "-"
        label = rag_tag(status.rag)
        return format_html("{} (set by an officer)", label) if obj.status_override else label

    @admin.display(description="programmes")
    def programmes_on_track(self, obj):
        status = getattr(obj, "admin_status", None)
        return status.summary if status is not None else "-"

    @admin.display(description="rolled-up status as at today")
    def status_panel(self, obj):
        if obj is None or obj.pk is None:
            return "Worked out from the programmes once the priority is saved."
        (status,) = priorities_with_status(Priority.objects.filter(pk=obj.pk), as_at=today())
        rows = format_html_join(
            "",
            "<li>{}: {}</li>",
            ((admin_change_link(p.programme), rag_tag(p.rag)) for p in status.programmes),
        )
        return format_html(
            '<div class="bp-status-panel"><p>{} {}. {}.</p>{}</div>',
            rag_tag(status.rag),
            status.rollup.rule,
            status.summary,
            format_html("<ul>{}</ul>", rows) if status.programmes else "",
        )
