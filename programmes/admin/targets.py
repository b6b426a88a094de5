"""An indicator's target schedule in the admin: the periods after its own ('in each of
the next 3 years'), on the indicator's page and on a page of their own."""

from __future__ import annotations

from django.contrib import admin

from core.admin import HistoryAdmin, TabularInline

from ..charts import format_value
from ..models import TargetPeriod
from .savers import RECORD_SAVERS
from .scope import RecordedByOfficersMixin


class TargetPeriodInline(TabularInline):
    model = TargetPeriod
    fields = ["starts_on", "ends_on", "value", "qualifier", "baseline", "note"]
    extra = 0
    verbose_name_plural = (
        "Later target periods (after the target period above, e.g. the second and third "
        "of 'each of the next 3 years')"
    )


@admin.register(TargetPeriod)
class TargetPeriodAdmin(RecordedByOfficersMixin, HistoryAdmin):
    record_savers = RECORD_SAVERS
    programme_path = "indicator__programme"
    list_display = ["indicator", "starts_on", "ends_on", "target"]
    list_select_related = ["indicator__programme", "indicator__priority"]
    list_filter = ["qualifier", ("indicator__programme__board", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["indicator__name", "indicator__programme__name", "note"]
    autocomplete_fields = ["indicator"]
    date_hierarchy = "starts_on"
    fields = ["indicator", ("starts_on", "ends_on"), ("value", "qualifier"), "baseline", "note"]

    @admin.display(description="target", ordering="value")
    def target(self, obj: TargetPeriod) -> str:
        """'over 100': the figure in its unit with its qualifier."""
        return format_value(obj.value, obj.indicator.unit, obj.qualifier)
