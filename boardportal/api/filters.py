"""Each list's filters, as the pages filter: Board, plan year and theme by their slugs
(as in the pages' addresses), status, RAG as at the date, and words through
`core.text.words_match`. The programmes and councils lists use the pages' own FilterSets.

An unknown value (a Board that does not exist, a plan year one may not see, a status
that is not one) makes the FilterSet invalid: a 400 naming the parameter."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from core.rag import NO_STATUS, Rag
from core.text import words_match
from meetings.models import Action, AgendaItem, Meeting, Member, Membership
from priorities.models import Board, PlanYear, Priority, Theme
from programmes.filters import NO_STATUS_VALUE, CouncilFilter, ProgrammeFilter
from programmes.models import (
    Council,
    Indicator,
    Milestone,
    Participation,
    Programme,
    ProgressUpdate,
)
from programmes.status import MilestoneState

RAG_CHOICES = [*Rag.choices, (NO_STATUS_VALUE, NO_STATUS)]


def words(*fields: str) -> django_filters.CharFilter:
    """`q`: every word in one of `fields` (core.text.words_match), as the pages search."""
    return django_filters.CharFilter(
        label=f"Words, each in one of: {', '.join(fields)}",
        method=lambda queryset, name, value: queryset.filter(words_match(value, list(fields))),
        max_length=200,
    )


def by_slug(model, field_name: str, label: str) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name, queryset=model.objects.all(), to_field_name="slug", label=label
    )


def visible_priorities(request):
    return Priority.objects.visible_to(getattr(request, "user", None))


class ApiFilterSet(django_filters.FilterSet):
    """Knows who asks: `plan_year` offers the plan years they may see (slugs: 2012-13)."""

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        for filter_ in self.filters.values():
            # A filter keeps the form field it first made (django-filter caches it), and
            # the copies each FilterSet makes carry it along: once the schema generator
            # has made one, every request would get its choices and querysets. Each
            # request makes its own, from what the person asking may see.
            filter_.__dict__.pop("_field", None)
        if "plan_year" in self.filters:
            years = PlanYear.objects.visible_to(getattr(request, "user", None))
            self.filters["plan_year"].extra["choices"] = [(y.slug, y.label) for y in years]

    @staticmethod
    def plan_year_filter(*fields: str, label: str = "Plan year, as 2012-13"):
        """Records whose plan year (by any of `fields`, each a path to a label) is the one
        asked for."""

        def chosen(queryset, name: str, value: str):
            label = PlanYear.label_from_slug(value)
            # Across many-valued relations: each record once.
            return queryset.filter(Q.create([(field, label) for field in fields], Q.OR)).distinct()

        return django_filters.ChoiceFilter(label=label, choices=[], method=chosen)

    @staticmethod
    def in_plan_year_filter(field: str) -> django_filters.ChoiceFilter:
        """Records dated (`field`) within the plan year asked for, as 2012-13."""

        def chosen(queryset, name: str, value: str):
            year = PlanYear.objects.with_slug(value).first()
            if year is None:
                return queryset.none()
            return queryset.filter(**{f"{field}__range": (year.starts_on, year.ends_on)})

        return django_filters.ChoiceFilter(
            label="Plan year they fall in, as 2012-13", choices=[], method=chosen
        )


class PlanYearFilter(ApiFilterSet):
    status = django_filters.ChoiceFilter(choices=PlanYear.Status.choices)

    class Meta:
        model = PlanYear
        fields = ["status"]


class BoardFilter(ApiFilterSet):
    q = words("name", "short_name", "remit")

    class Meta:
        model = Board
        fields = ["q"]


class ThemeFilter(ApiFilterSet):
    q = words("name", "description")

    class Meta:
        model = Theme
        fields = ["q"]


class PriorityFilter(ApiFilterSet):
    q = words("title", "description", "target_statement", "reference")
    plan_year = ApiFilterSet.plan_year_filter("plan_year__label")
    board = by_slug(Board, "board", "Board")
    theme = by_slug(Theme, "theme", "Theme")
    organisation_wide = django_filters.BooleanFilter(field_name="board", lookup_expr="isnull")
    # Read by the view: a priority's status is rolled up in Python (priorities.status).
    rag = django_filters.ChoiceFilter(
        label="Status as at the date", choices=RAG_CHOICES, method=lambda qs, name, value: qs
    )

    class Meta:
        model = Priority
        fields = ["q", "plan_year", "board", "theme", "organisation_wide", "rag"]


class ProgrammeApiFilter(ProgrammeFilter):
    """The programmes page's own filters, for the user asking."""

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        user = getattr(request, "user", None)
        super().__init__(data, queryset, request=request, user=user, **kwargs)


class MilestoneFilter(ApiFilterSet):
    q = words("title")
    programme = by_slug(Programme, "programme", "Programme")
    board = by_slug(Board, "programme__board", "The programme's Board")
    theme = by_slug(Theme, "programme__theme", "The programme's theme")
    plan_year = ApiFilterSet.plan_year_filter(
        "programme__priorities__plan_year__label",
        label="The plan year of a priority its programme delivers, as 2012-13",
    )
    state = django_filters.ChoiceFilter(
        label="State as at the date", choices=MilestoneState.choices, field_name="state"
    )

    class Meta:
        model = Milestone
        fields = ["q", "programme", "board", "theme", "plan_year", "state"]


class IndicatorFilter(ApiFilterSet):
    q = words("name")
    programme = by_slug(Programme, "programme", "Programme")
    priority = django_filters.ModelChoiceFilter(queryset=visible_priorities, label="Priority id")
    board = by_slug(Board, "programme__board", "The programme's Board")
    theme = by_slug(Theme, "programme__theme", "The programme's theme")
    plan_year = ApiFilterSet.plan_year_filter(
        "priority__plan_year__label",
        "programme__priorities__plan_year__label",
        label="The plan year of its priority, or of one its programme delivers, as 2012-13",
    )

    class Meta:
        model = Indicator
        fields = ["q", "programme", "priority", "board", "theme", "plan_year", "unit"]


class ProgressUpdateFilter(ApiFilterSet):
    q = words("headline", "narrative", "next_steps")
    programme = by_slug(Programme, "programme", "Programme")
    board = by_slug(Board, "programme__board", "The programme's Board")
    theme = by_slug(Theme, "programme__theme", "The programme's theme")
    plan_year = ApiFilterSet.plan_year_filter(
        "programme__priorities__plan_year__label",
        label="The plan year of a priority its programme delivers, as 2012-13",
    )
    rag = django_filters.ChoiceFilter(choices=Rag.choices)

    class Meta:
        model = ProgressUpdate
        fields = ["q", "programme", "board", "theme", "plan_year", "rag"]


class CouncilApiFilter(CouncilFilter):
    """The councils page's own filters, and words in the name."""

    q = words("name")

    class Meta(CouncilFilter.Meta):
        fields = ["q", "kind", "region"]

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)


class ParticipationFilter(ApiFilterSet):
    programme = by_slug(Programme, "programme", "Programme")
    council = by_slug(Council, "council", "Council")
    status = django_filters.ChoiceFilter(choices=Participation.Status.choices)

    class Meta:
        model = Participation
        fields = ["programme", "council", "cohort", "status"]


WHEN_CHOICES = [("upcoming", "On or after the as-at date"), ("past", "Before the as-at date")]


class MeetingFilter(ApiFilterSet):
    q = words("venue", "note")
    board = by_slug(Board, "board", "Board")
    plan_year = ApiFilterSet.in_plan_year_filter("meets_on")
    status = django_filters.ChoiceFilter(choices=Meeting.Status.choices)
    from_date = django_filters.DateFilter(field_name="meets_on", lookup_expr="gte")
    to_date = django_filters.DateFilter(field_name="meets_on", lookup_expr="lte")
    # Read by the view, which knows the as-at date.
    when = django_filters.ChoiceFilter(choices=WHEN_CHOICES, method=lambda qs, name, value: qs)

    class Meta:
        model = Meeting
        fields = ["q", "board", "plan_year", "status", "from_date", "to_date", "when"]


class AgendaItemFilter(ApiFilterSet):
    q = words("title", "summary", "purpose", "recommendations")
    meeting = django_filters.ModelChoiceFilter(queryset=Meeting.objects.all(), label="Meeting id")
    board = by_slug(Board, "meeting__board", "The meeting's Board")
    programme = by_slug(Programme, "programmes", "A programme it discusses")
    priority = django_filters.ModelChoiceFilter(
        field_name="priorities", queryset=visible_priorities, label="A priority it discusses (id)"
    )
    kind = django_filters.ChoiceFilter(choices=AgendaItem.Kind.choices)

    class Meta:
        model = AgendaItem
        fields = ["q", "meeting", "board", "programme", "priority", "kind", "exempt"]

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).distinct()


class ActionFilter(ApiFilterSet):
    q = words("description", "outcome")
    meeting = django_filters.ModelChoiceFilter(queryset=Meeting.objects.all(), label="Meeting id")
    agenda_item = django_filters.ModelChoiceFilter(
        queryset=AgendaItem.objects.all(), label="Agenda item id"
    )
    board = by_slug(Board, "meeting__board", "The Board of the meeting that set it")
    programme = by_slug(Programme, "programmes", "A programme it concerns")
    priority = django_filters.ModelChoiceFilter(
        field_name="priorities", queryset=visible_priorities, label="A priority it concerns (id)"
    )
    status = django_filters.ChoiceFilter(choices=Action.Status.choices)
    overdue = django_filters.BooleanFilter(field_name="is_overdue", label="Overdue as at the date")

    class Meta:
        model = Action
        fields = ["q", "meeting", "agenda_item", "board", "programme", "priority", "status"]

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).distinct()


class MemberFilter(ApiFilterSet):
    q = words("name")
    board = by_slug(Board, "memberships__board", "A Board they sit on")
    role = django_filters.ChoiceFilter(
        field_name="memberships__role", choices=Membership.Role.choices
    )
    council = by_slug(Council, "council", "Council")

    class Meta:
        model = Member
        fields = ["q", "board", "role", "council", "political_group"]

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).distinct()
