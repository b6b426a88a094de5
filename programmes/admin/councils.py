"""Who delivers and who takes part: partners, councils and councils' participation in
programmes."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet

from core.admin import HistoryAdmin

from ..models import Council, Participation, Partner
from .figures import CouncilSavingsClaimInline, CouncilStageInline
from .savers import RECORD_SAVERS


@admin.register(Partner)
class PartnerAdmin(HistoryAdmin):
    list_display = ["name", "short_name", "programme_count"]
    search_fields = ["name", "short_name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request) -> QuerySet:
        return super().get_queryset(request).annotate(n_programmes=Count("programmes"))

    @admin.display(description="programmes", ordering="n_programmes")
    def programme_count(self, obj: Partner) -> int:
        return obj.n_programmes


@admin.register(Council)
class CouncilAdmin(HistoryAdmin):
    list_display = ["name", "kind", "region", "gss_code", "take_up"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "gss_code"]
    prepopulated_fields = {"slug": ["name"]}
    record_savers = RECORD_SAVERS
    inlines = [CouncilStageInline, CouncilSavingsClaimInline]

    def get_queryset(self, request) -> QuerySet:
        return super().get_queryset(request).with_offers()

    @admin.display(description="programmes taken up", ordering="offers")
    def take_up(self, obj: Council) -> int:
        return obj.offers


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
