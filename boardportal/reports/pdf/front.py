"""The PDF's first page, which leads with what needs the Executive's attention: the
title, period, as-at date and the day it was prepared; the exceptions, each a short
titled list with its count ("None" only when there are none); and the programmes
by status this quarter against the date compared with, as a bar chart with every
bar labelled with its number and, beside it, the same counts as a table.

Each list shows its first few entries; the Summary and Actions pages list them all.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from core.rag import Rag

from .layout import GREY, STYLES, WIDTH, Heading, Markup, cell, table, tag, text

if TYPE_CHECKING:
    from ..rows import Report, StreamedReport
    from ..summary import ExceptionList

SHOWN = 6  # entries of each exception list on the first page
PREVIOUS_BAR = colors.HexColor("#b1b4b6")
CURRENT_BAR = colors.HexColor("#1d70b8")
# Short names under the bars; the table beside the chart has the full ones.
BAR_NAMES = ["Red", "Amber", "Green", "Complete", "Not\nstarted", "No update\nyet"]


def front_page(report: Report | StreamedReport) -> list[Flowable]:
    period = report.period
    return [
        Heading(period.title, "title", 0, "title"),
        Paragraph(text(period.label), STYLES["subtitle"]),
        Spacer(1, 1.5 * mm),
        Paragraph(
            f"Position as at <b>{period.as_at:%-d %B %Y}</b>, compared with "
            f"{period.previous_as_at:%-d %B %Y}. Plan year {text(period.plan_year.label)} "
            f"({text(period.plan_year.get_status_display())}). "
            f"Prepared on {report.prepared_on:%-d %B %Y}.",
            STYLES["body"],
        ),
        Heading("Exceptions", "h2", 0, "exceptions"),
        exceptions_table(report.exceptions),
        Heading("Programmes by status", "h2", 0, "status"),
        status_block(report),
    ]


def shortlist(exception: ExceptionList) -> str:
    """'A (why); B (why); and 4 more, listed under Summary', or 'None'."""
    items = exception.items
    if not items:
        return "None"
    shown = "; ".join(f"{i.name} ({i.in_brief})" if i.in_brief else i.name for i in items[:SHOWN])
    if len(items) > SHOWN:
        where = "Actions" if exception.title == "Overdue actions" else "Summary"
        shown += f"; and {len(items) - SHOWN} more, listed under {where}"
    return shown


def exceptions_table(exceptions: list[ExceptionList]) -> Table:
    rows = [
        [
            cell(Markup(f"<b>{text(e.title)}</b><br/><font size=7>{text(e.description)}</font>")),
            cell(str(len(e.items))),
            cell(shortlist(e)),
        ]
        for e in exceptions
    ]
    return table(["Exception", "Count", "Which"], rows, [30, 8, 62], numeric=(1,))


def status_counts(report: Report | StreamedReport) -> list[tuple[Rag | None, str, int, int]]:
    """(status, its name, programmes then, programmes now), worst first, then none."""
    summary = report.summary
    before = {value: count for value, _, count in summary.previous_programmes.rows()}
    return [
        (Rag(value) if value else None, label, before[value], count)
        for value, label, count in summary.programme_counts.rows()
    ]


def status_block(report: Report | StreamedReport) -> Table:
    """The chart and, beside it, its text equivalent."""
    period = report.period
    counts = status_counts(report)
    before, now = f"{period.previous_as_at:%-d %b %Y}", f"{period.as_at:%-d %b %Y}"
    summary = report.summary
    figures = table(
        ["Status", before, now],
        [[cell(tag(rag)), cell(str(b)), cell(str(n))] for rag, _, b, n in counts]
        + [
            [
                cell("Total"),
                cell(str(summary.previous_programmes.total)),
                cell(str(summary.programme_counts.total)),
            ]
        ],
        [16, 10, 10],
        numeric=(1, 2),
        width=WIDTH * 0.4,
    )
    chart_width = WIDTH * 0.58
    block = Table(
        [[status_chart(counts, before, now, width=chart_width), figures]],
        colWidths=[chart_width, WIDTH - chart_width],
    )
    block.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return block


def status_chart(
    counts: list[tuple[Rag | None, str, int, int]], before: str, now: str, *, width: float
) -> Drawing:
    """Grouped bars: each status's programmes then (left, grey) and now (right, blue),
    every bar labelled with its number, so nothing depends on the colours."""
    height = 62 * mm
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 24, 34
    chart.width, chart.height = width - 30, height - 56
    chart.data = [[b for _, _, b, _ in counts], [n for _, _, _, n in counts]]
    chart.bars[0].fillColor = PREVIOUS_BAR
    chart.bars[1].fillColor = CURRENT_BAR
    chart.bars.strokeColor = None
    chart.groupSpacing = 6
    chart.barSpacing = 1
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = "Helvetica"
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 5
    chart.categoryAxis.categoryNames = BAR_NAMES
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.categoryAxis.labels.dy = -3
    top = max([b for _, _, b, _ in counts] + [n for _, _, _, n in counts] + [1])
    step = max(1, math.ceil(top / 4))
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = step * math.ceil(top * 1.15 / step)
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = "Helvetica"
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d"
    drawing.add(chart)
    # The legend says which bar is which by position as well as by colour.
    y = height - 10
    legend = ((24, PREVIOUS_BAR, f"Left: {before}"), (width / 2, CURRENT_BAR, f"Right: {now}"))
    for x, colour, words in legend:
        drawing.add(Rect(x, y, 8, 8, fillColor=colour, strokeColor=None))
        drawing.add(String(x + 11, y + 1, words, fontName="Helvetica", fontSize=8, fillColor=GREY))
    return drawing
