import django_filters
from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from core.rag import NO_STATUS, Rag
from core.text import words_match
from priorities.models import Board, Officer, PlanYear, Theme

from .models import Council, Partner, Programme

NO_STATUS_VALUE = "none"


def _attrs(attrs: dict) -> SafeString:
    """Attributes as Django's widgets write them: True bare, False left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class QuickSelect(forms.Select):
    """A select whose options are written here rather than by a template each: the same
    markup as Django's own, at a fraction of the cost where a filter lists hundreds of
    officers or councils (every uncached programmes page renders it)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], _attrs(option["attrs"]), option["label"])
                for _, group, _ in widget["optgroups"]
                for option in group
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, _attrs(widget["attrs"]), options
        )


class ProgrammeFilter(django_filters.FilterSet):
    """The programmes list's filters. The queryset must come from `with_status()`."""

    q = django_filters.CharFilter(
        label="Name or summary contains", method="filter_text", max_length=200
    )
    theme = django_filters.ModelChoiceFilter(
        queryset=Theme.objects.all(), to_field_name="slug", empty_label="Any theme"
    )
    board = django_filters.ModelChoiceFilter(
        queryset=Board.objects.all(), to_field_name="slug", empty_label="Any board"
    )
    plan_year = django_filters.ChoiceFilter(
        label="Plan year", method="filter_plan_year", empty_label="Any plan year", choices=[]
    )
    status = django_filters.ChoiceFilter(choices=Programme.Status.choices, empty_label="Any status")
    rag = django_filters.ChoiceFilter(
        label="Progress (as at the date shown)",
        choices=[*Rag.choices, (NO_STATUS_VALUE, NO_STATUS)],
        method="filter_rag",
        empty_label="Any progress",
    )
    lead_officer = django_filters.ModelChoiceFilter(
        queryset=Officer.objects.filter(programmes__isnull=False).distinct(),
        empty_label="Any lead officer",
        label="Lead officer",
    )
    partner = django_filters.ModelChoiceFilter(
        field_name="partners",
        label="Partner",
        queryset=Partner.objects.all(),
        to_field_name="slug",
        empty_label="Any partner",
    )

    class Meta:
        model = Programme
        fields = ["q", "theme", "board", "plan_year", "status", "rag", "lead_officer", "partner"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        years = PlanYear.objects.visible_to(user).order_by("-starts_on")
        self.filters["plan_year"].extra["choices"] = [(y.slug, y.label) for y in years]
        self.form.fields["plan_year"].choices = [("", "Any plan year")] + [
            (y.slug, y.label) for y in years
        ]
        for field in self.form.fields.values():
            if type(field.widget) is forms.Select:
                field.widget = QuickSelect(attrs=field.widget.attrs, choices=field.widget.choices)
            field.widget.attrs.setdefault("class", "govuk-select")
        self.form.fields["q"].widget = forms.TextInput(
            attrs={"class": "govuk-input", "maxlength": 200}
        )

    def filter_text(self, queryset, name, value):
        return queryset.filter(words_match(value, ["name", "summary"]))

    def filter_plan_year(self, queryset, name: str, value: str):
        label = PlanYear.label_from_slug(value)
        return queryset.filter(priorities__plan_year__label=label).distinct()

    def filter_rag(self, queryset, name, value):
        if value == NO_STATUS_VALUE:
            return queryset.filter(current_rag__isnull=True)
        return queryset.filter(current_rag=value)


class CouncilFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label="Type", choices=Council.Kind.choices, empty_label="Any type"
    )
    region = django_filters.ChoiceFilter(choices=Council.Region.choices, empty_label="Any region")

    class Meta:
        model = Council
        fields = ["kind", "region"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "govuk-select")
