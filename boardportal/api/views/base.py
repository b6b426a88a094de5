"""What every resource's views share: read-only, `as_at` parsed as the pages parse it,
filters that keep their FilterSet (some filters are read by the view), and answers
`served_openly` (ETag, 304, CORS for GET)."""

from __future__ import annotations

from datetime import date

from django.db.models import DateField, Value
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from boardportal.asat import BadQuery, default_as_at, parse_as_at
from core.dates import today

from ..http import served_openly

PK = r"[0-9]{1,18}"
SLUG = r"[-a-zA-Z0-9_]{1,200}"


class ApiViewSet(viewsets.ReadOnlyModelViewSet):
    """A resource's list and detail."""

    filter_backends = [DjangoFilterBackend]
    lookup_value_regex = PK
    filterset = None

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        return served_openly(super().as_view(actions, **initkwargs))

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        try:
            self.chosen_as_at = parse_as_at(request.query_params.get("as_at"))
        except BadQuery as error:
            raise ValidationError({"as_at": [str(error.args[0])]}) from None
        self.use_as_at()

    def use_as_at(self, plan_year=None) -> date:
        """The as-at date of this answer: `?as_at=`, else `default_as_at` (today, clamped
        into `plan_year`), the one rule the pages use. The list's envelope reports it."""
        self.request.api_as_at = self.chosen_as_at or default_as_at(today(), plan_year)
        return self.request.api_as_at

    @property
    def as_at(self) -> date:
        # Outside a request's handling (drf-spectacular reads querysets for the schema).
        return getattr(self.request, "api_as_at", None) or today()

    def as_at_value(self) -> Value:
        """The as-at date as an annotation (`shown_as_at`), for records that show it."""
        return Value(self.as_at, output_field=DateField())

    @property
    def user(self):
        return self.request.user

    def filter_queryset(self, queryset):
        """django-filter's backend, keeping the FilterSet for the view to read."""
        backend = DjangoFilterBackend()
        self.filterset = backend.get_filterset(self.request, queryset, self)
        if self.filterset is None:
            return queryset
        if not self.filterset.is_valid():
            raise translate_validation(self.filterset.errors)
        return self.filterset.qs

    def chosen(self, name: str):
        """A filter's cleaned value, or None (after `filter_queryset`)."""
        if self.filterset is None:
            return None
        return self.filterset.form.cleaned_data.get(name) or None


class SlugViewSet(ApiViewSet):
    lookup_field = "slug"
    lookup_value_regex = SLUG
