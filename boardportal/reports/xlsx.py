"""The report as an XLSX workbook: a sheet per table (`tables.tables()`), numbers and
dates typed, the header row bold and frozen, filters on; each status cell filled in
its colour with the word kept in it; on the Summary sheet, the programmes' statuses
now and at the date compared with, as a table and a bar chart of that table.

Written in openpyxl's write-only mode, so memory stays flat however large: one pass
over the report fills every detail sheet, and the whole-report sheets, which come
first, are filled last (write-only sheets may be appended in any order)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from core.rag import NO_STATUS, ORDER
from core.spreadsheets import spreadsheet_safe

from .tables import tables

if TYPE_CHECKING:
    from .rows import Report, StreamedReport

# A status's fill and text colour (light fills, dark text: readable, and the word is
# always in the cell, so nothing depends on the colour alone).
TAG_COLOURS = {
    "Red": ("F4CDC6", "2A0B06"),
    "Amber": ("FCD6C3", "6E3619"),
    "Green": ("CCE2D8", "005A30"),
    "Complete": ("BBD4EA", "0C2D4A"),
    "Not started": ("E5E6E7", "383F43"),
    NO_STATUS: ("F3F2F1", "383F43"),
    "Overdue": ("F4CDC6", "2A0B06"),
}
PREVIOUS_BAR, CURRENT_BAR = "B1B4B6", "1D70B8"


class Tags:
    """Status cells, coloured. One styled cell per status is made once; every other
    cell copies its style, far cheaper than styling each cell afresh."""

    def __init__(self, sheet):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font, PatternFill

        self.styles = {}
        for label, (fill, ink) in TAG_COLOURS.items():
            template = WriteOnlyCell(sheet, value=label)
            template.fill = PatternFill("solid", fgColor=fill)
            template.font = Font(bold=True, color=ink)
            self.styles[label] = template._style

    def cell(self, sheet, value):
        from openpyxl.cell.cell import Cell

        style = self.styles.get(value) if isinstance(value, str) else None
        if style is None:
            return value
        return Cell(sheet, row=1, column=1, value=value, style_array=style)


def write_xlsx(report: Report | StreamedReport, path: Path) -> None:
    """Every table a sheet; the Summary sheet's chart below its measures."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    sheets = []
    tags = None
    for table in tables(report):
        sheet = workbook.create_sheet(table.name[:31])
        tags = tags or Tags(sheet)
        for index, width in enumerate(table.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        header = []
        for title in table.headers:
            cell = WriteOnlyCell(sheet, value=title)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        sheets.append([table, sheet, 0])

    def append(entry, rows) -> None:
        table, sheet = entry[0], entry[1]
        for row in rows:
            # Plain values: openpyxl types numbers and dates itself (dates get a
            # date format), and no cell object per value keeps this fast.
            values = [spreadsheet_safe(value) for value in row]
            for column in table.tags:
                values[column] = tags.cell(sheet, values[column])
            sheet.append(values)
            entry[2] += 1

    detail = [entry for entry in sheets if entry[0].rows_for]
    for priority in report.priority_rows():
        for entry in detail:
            append(entry, entry[0].rows_for(priority))
    for entry in sheets:
        if entry[0].summary_rows:
            append(entry, entry[0].summary_rows())
    for table, sheet, count in sheets:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.headers))}{count + 1}"
    summary_table, summary_sheet, measures = sheets[0]
    status_chart(report, summary_sheet, tags, first_row=measures + 3, bold=bold)
    workbook.save(path)


def status_rows(report: Report | StreamedReport) -> list[list]:
    """Programmes by status at the date compared with and now, worst first, then the
    total: the chart's data and its text equivalent."""
    summary = report.summary
    before = {value: count for value, _, count in summary.previous_programmes.rows()}
    rows = [
        [label, before[value], count] for value, label, count in summary.programme_counts.rows()
    ]
    rows.append(["Total", summary.previous_programmes.total, summary.programme_counts.total])
    return rows


def status_chart(report, sheet, tags: Tags, *, first_row: int, bold) -> None:
    """A table of the programmes' statuses then and now, a blank row below the
    measures, and a clustered bar chart of it, each bar labelled with its number."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.label import DataLabelList

    period = report.period
    sheet.append([])
    header = []
    for title in (
        "Programmes by status",
        f"At {period.previous_as_at:%-d %b %Y}",
        f"At {period.as_at:%-d %b %Y}",
    ):
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    rows = status_rows(report)
    for label, before, now in rows:
        sheet.append([tags.cell(sheet, label), before, now])
    statuses = len(ORDER) + 1  # the chart leaves out the total

    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = "Programmes by status"
    chart.y_axis.title = "Programmes"
    chart.y_axis.majorGridlines = None
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    data = Reference(sheet, min_col=2, max_col=3, min_row=first_row, max_row=first_row + statuses)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(
        Reference(sheet, min_col=1, min_row=first_row + 1, max_row=first_row + statuses)
    )
    for series, colour in zip(chart.series, (PREVIOUS_BAR, CURRENT_BAR), strict=True):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showVal = True
    chart.legend.position = "b"
    chart.width, chart.height = 18, 9
    sheet.add_chart(chart, "D2")


__all__ = ["write_xlsx"]
