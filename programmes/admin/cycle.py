"""The quarterly cycle in the admin: update rounds, what was signed off, reminders sent.

A round is opened through `programmes.rounds.round_open`; signing off and reopening
are screens of their own (`boardportal.cycle`), linked from the round's page."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from core.admin import HistoryAdmin, tag

from ..models import Reminder, ReportingRound, RoundRecord
from ..rounds import round_open

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def save_round(*, record: ReportingRound, user) -> ReportingRound:
    if record.pk is None:
        return round_open(
            plan_year=record.plan_year,
            quarter=record.quarter,
            deadline=record.deadline,
            opened_on=record.opened_on,
            note=record.note,
            user=user,
        )
    record.full_clean()
    record._history_user = user
    record.save()
    return record


class RoundRecordInline(admin.TabularInline):
    model = RoundRecord
    fields = ["format", "download", "sha256", "made_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="file")
    def download(self, obj: RoundRecord):
        url = reverse("admin:programmes_roundrecord_download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.filename)


@admin.register(ReportingRound)
class ReportingRoundAdmin(HistoryAdmin):
    record_savers = {ReportingRound: save_round}
    list_display = ["label", "opened_on", "deadline", "state", "closed_at"]
    list_filter = ["status", "plan_year"]
    list_select_related = ["plan_year"]
    search_fields = ["plan_year__label", "note"]
    date_hierarchy = "deadline"
    fields = ["plan_year", "quarter", "opened_on", "deadline", "note", "next_steps"]
    readonly_fields = ["next_steps"]
    inlines = [RoundRecordInline]

    def get_readonly_fields(self, request, obj: ReportingRound | None = None):
        if obj is not None:
            # The quarter a round covers is fixed once it has opened.
            return ["plan_year", "quarter", "opened_on", "next_steps"]
        return ["next_steps"]

    def has_change_permission(self, request, obj: ReportingRound | None = None) -> bool:
        # A closed round is the record of what was signed off: reopen it to change it.
        if obj is not None and not obj.is_open:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj: ReportingRound | None = None) -> bool:
        return False  # rounds are the cycle's record; close one instead

    @admin.display(description="label", ordering="ends_on")
    def label(self, obj: ReportingRound) -> str:
        return obj.label

    @admin.display(description="status", ordering="status")
    def state(self, obj: ReportingRound):
        return tag(obj.get_status_display(), "blue" if obj.is_open else "green")

    @admin.display(description="what next")
    def next_steps(self, obj: ReportingRound | None):
        if obj is None or obj.pk is None:
            return "Officers are asked for their updates once the round is saved."
        links = [
            (reverse("cycle:home") + f"?round={obj.pk}", "See who owes what"),
            (reverse("cycle:review") + f"?round={obj.pk}", "Review the drafts"),
        ]
        if obj.is_open:
            links.append((reverse("cycle:sign_off", args=[obj.pk]), "Sign off and close"))
        else:
            links.append((reverse("cycle:reopen", args=[obj.pk]), "Reopen (administrators)"))
        return format_html(
            "<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a></li>', links)
        )


@admin.register(RoundRecord)
class RoundRecordAdmin(admin.ModelAdmin):
    list_display = ["filename", "round", "format", "made_at", "sha256"]
    list_filter = ["format"]
    search_fields = ["filename", "round__plan_year__label"]
    list_select_related = ["round__plan_year"]
    fields = ["round", "format", "filename", "sha256", "made_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        download = self.admin_site.admin_view(self.download)
        return [
            path("<int:pk>/download/", download, name="programmes_roundrecord_download"),
            *super().get_urls(),
        ]

    def download(self, request, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        record = get_object_or_404(RoundRecord, pk=pk)
        response = HttpResponse(bytes(record.content), content_type=CONTENT_TYPES[record.format])
        response["Content-Disposition"] = f'attachment; filename="{record.filename}"'
        return response


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "round", "kind", "email", "items"]
    list_filter = ["kind", "round"]
    list_select_related = ["round__plan_year"]
    search_fields = ["email"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
