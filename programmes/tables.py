from __future__ import annotations

from dataclasses import dataclass

import django_tables2 as tables
from django.template.defaultfilters import date as date_filter
from django.utils.html import format_html
from django.utils.safestring import SafeString

from core.quarters import quarter_of
from core.rag import rag_tag

from .models import Programme
from .selectors import ProgrammeStatus, programme_status


@dataclass(frozen=True)
class UpdateNote:
    """A note on the age of the progress update a status reads, shown as a tag in words."""

    text: str
    stale: bool  # out of date: the status counts as none

    @property
    def tag(self) -> SafeString:
        return format_html(
            '<strong class="govuk-tag govuk-tag--grey bp-update-note">{}</strong>', self.text
        )


def update_note(status: ProgrammeStatus) -> UpdateNote | None:
    """The one note beside a programme's status wherever it is shown (the programmes
    list, a programme's page, a priority's programmes):

    - out of date: "Last update 3 October 2011, out of date" (the status counts as none);
    - else dated before the quarter containing the as-at date: "From an earlier quarter:
      30 September 2012";
    - else none. Never both."""
    if status.is_stale:
        return UpdateNote(status.stale_note, stale=True)
    reported_on = status.reported_on
    if reported_on is not None and reported_on < quarter_of(status.as_at).starts_on:
        return UpdateNote(f"From an earlier quarter: {reported_on:%-d %B %Y}", stale=False)
    return None


class ProgrammeTable(tables.Table):
    """Programmes with their status as at the page's date (`with_status()` rows)."""

    name = tables.Column(verbose_name="Programme", linkify=False)
    theme = tables.Column(verbose_name="Theme", order_by=("theme__order", "theme__name"))
    board = tables.Column(verbose_name="Board", order_by=("board__name",))
    lead_officer = tables.Column(verbose_name="Lead officer", order_by=("lead_officer__name",))
    status = tables.Column(verbose_name="Status")
    status_rag = tables.Column(verbose_name="Progress", empty_values=())
    # Not a DateColumn: that renders a template for each cell.
    status_as_at = tables.Column(verbose_name="Last update")

    class Meta:
        model = Programme
        fields = ("name", "theme", "board", "lead_officer", "status", "status_rag", "status_as_at")
        template_name = "includes/table.html"
        attrs = {"class": "govuk-table"}
        orderable = True

    def __init__(self, *args, as_at, link_query="", **kwargs):
        super().__init__(*args, **kwargs)
        self.as_at = as_at
        self.link_query = link_query

    def render_name(self, record, value):
        query = f"?{self.link_query}" if self.link_query else ""
        return format_html(
            '<a class="govuk-link" href="{}{}">{}</a>', record.get_absolute_url(), query, value
        )

    def render_status_as_at(self, value):
        return date_filter(value, "j M Y")

    def render_lead_officer(self, record):
        return record.lead_officer.name

    def render_status_rag(self, record):
        status = programme_status(record, as_at=self.as_at)
        html = rag_tag(status.rag)
        note = update_note(status)
        if note is not None:
            html += format_html("<br>{}", note.tag)
        if status.differs:
            html += format_html(
                '<span class="govuk-body-s bp-suggested"> Evidence suggests {}</span>',
                status.suggested.label,
            )
        # Every part is a SafeString, and so is their sum.
        return html
