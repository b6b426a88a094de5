"""Figures per council in the admin: each council's steps through an offer (the delivery
funnel) and the savings councils claim (the savings ledger), on their own pages and as
inlines on the programme's and the council's pages."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.utils.safestring import SafeString

from core.admin import HistoryAdmin, TabularInline, tag
from core.dates import today

from ..charts import format_value
from ..models import DeliveryStage, Indicator, SavingsClaim
from ..services import savings_claim_verify
from .savers import RECORD_SAVERS
from .scope import RecordedByOfficersMixin


class DeliveryStageInline(TabularInline):
    model = DeliveryStage
    fields = ["council", "stage", "reached_on", "note", "source"]
    autocomplete_fields = ["council"]
    extra = 0
    verbose_name_plural = "Delivery to councils (each council's steps, with their dates)"


class CouncilStageInline(DeliveryStageInline):
    fields = ["programme", "stage", "reached_on", "note", "source"]
    autocomplete_fields = ["programme"]
    verbose_name_plural = "Steps through the offers"


class SavingsClaimInline(TabularInline):
    model = SavingsClaim
    fields = [
        "council",
        ("period_starts_on", "period_ends_on"),
        "amount",
        "claimed_on",
        "evidence",
        ("verified_on", "verified_by"),
    ]
    autocomplete_fields = ["council", "verified_by"]
    extra = 0
    verbose_name_plural = "Savings ledger (claims by councils, verified or not)"


class CouncilSavingsClaimInline(SavingsClaimInline):
    fields = ["programme", *SavingsClaimInline.fields[1:]]
    autocomplete_fields = ["programme", "verified_by"]
    verbose_name_plural = "Savings claimed (for each programme and period, verified or not)"


@admin.register(DeliveryStage)
class DeliveryStageAdmin(RecordedByOfficersMixin, HistoryAdmin):
    record_savers = RECORD_SAVERS
    list_display = ["council", "programme", "stage", "reached_on"]
    list_filter = [
        "stage",
        "council__region",
        ("programme", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["council", "programme"]
    search_fields = ["council__name", "programme__name", "note", "source"]
    autocomplete_fields = ["programme", "council"]
    date_hierarchy = "reached_on"


class VerifiedFilter(admin.SimpleListFilter):
    title = "verified"
    parameter_name = "verified"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return [("yes", "Verified"), ("no", "Not verified")]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(verified_on__isnull=False)
        if self.value() == "no":
            return queryset.filter(verified_on__isnull=True)
        return queryset


@admin.register(SavingsClaim)
class SavingsClaimAdmin(RecordedByOfficersMixin, HistoryAdmin):
    record_savers = RECORD_SAVERS
    list_display = ["council", "programme", "period_starts_on", "claimed", "verification"]
    list_display_links = ["council"]
    list_filter = [VerifiedFilter, ("programme", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["council", "programme", "verified_by"]
    search_fields = ["council__name", "programme__name", "evidence", "note"]
    autocomplete_fields = ["programme", "council", "verified_by"]
    date_hierarchy = "claimed_on"
    fieldsets = [
        (None, {"fields": ["programme", "council", ("period_starts_on", "period_ends_on")]}),
        ("The claim", {"fields": ["amount", "claimed_on", "evidence"]}),
        ("Verification", {"fields": [("verified_on", "verified_by")]}),
        ("Sources", {"fields": ["note"], "classes": ["collapse"]}),
    ]
    actions = ["verify_today"]

    @admin.display(description="claimed", ordering="amount")
    def claimed(self, obj: SavingsClaim) -> str:
        return format_value(obj.amount, Indicator.Unit.GBP)

    @admin.display(description="verified", ordering="verified_on")
    def verification(self, obj: SavingsClaim) -> SafeString:
        if obj.verified_on is None:
            return tag("Not verified", "none")
        by = f" by {obj.verified_by.name}" if obj.verified_by else ""
        return tag(f"Verified {obj.verified_on:%-d %b %Y}{by}", "done")

    @admin.action(description="Mark the selected claims verified today, by me")
    def verify_today(self, request, queryset: QuerySet) -> None:
        officer = getattr(request.user, "officer", None)
        if officer is None:
            self.message_user(
                request, "Only an officer can verify: link your account to an officer first."
            )
            return
        done = 0
        for claim in queryset.filter(
            verified_on__isnull=True, programme__in=self.recordable(request)
        ):
            savings_claim_verify(
                claim=claim, verified_by=officer, verified_on=today(), user=request.user
            )
            done += 1
        self.message_user(request, f"Verified {done} claim(s) today.")
