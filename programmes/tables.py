import django_tables2 as tables
from django.utils.html import format_html

from core.rag import rag_tag

from .models import Programme
from .selectors import programme_status


class ProgrammeTable(tables.Table):
    """Programmes with their status as at the page's date (`with_status()` rows)."""

    name = tables.Column(verbose_name="Programme", linkify=False)
    theme = tables.Column(verbose_name="Theme", order_by=("theme__order", "theme__name"))
    board = tables.Column(verbose_name="Board", order_by=("board__name",))
    lead_officer = tables.Column(verbose_name="Lead officer", order_by=("lead_officer__name",))
    status = tables.Column(verbose_name="Status")
    status_rag = tables.Column(verbose_name="Progress", empty_values=())
    status_as_at = tables.DateColumn(verbose_name="Last update", format="j M Y")

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

    def render_lead_officer(self, record):
        return record.lead_officer.name

    def render_status_rag(self, record):
        status = programme_status(record, as_at=self.as_at)
        html = rag_tag(status.rag)
        if status.is_stale:
            html += format_html('<span class="govuk-body-s bp-stale"> {}</span>', status.stale_note)
        if status.differs:
            html += format_html(
                '<span class="govuk-body-s bp-suggested"> Evidence suggests {}</span>',
                status.suggested.label,
            )
        # Both parts are SafeStrings, and so is their sum.
        return html
