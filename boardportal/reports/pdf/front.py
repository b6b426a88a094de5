"""The PDF's first page, which leads with what needs the Executive's attention: the
title, period, as-at date and the day it was prepared; the exceptions, each a short
titled list with its count ("None" only when there are none); and the programmes
by status this quarter against the date compared with, as a bar chart with every
bar labelled with its number and, beside it, the same counts as a table. The chart
carries alternative text that says what it shows, figures included.

Each list shows its first few entries; the Summary and Actions pages list them all.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from core.rag import Rag

from .blocks import BREAK, heading, para, run, table, tag, text

if TYPE_CHECKING:
    from ..rows import Report, StreamedReport
    from ..summary import ExceptionList

SHOWN = 6  # entries of each exception list on the first page
# Short names under the bars; the table beside the chart has the full ones.
BAR_NAMES = ["Red", "Amber", "Green", "Complete", "Not started", "No update yet"]


def front_page(report: Report | StreamedReport) -> list[dict]:
    period = report.period
    return [
        heading(period.title, "title", 1),
        para(text(period.label), "subtitle"),
        para(
            [
                run("Position as at "),
                run(f"{period.as_at:%-d %B %Y}", bold=True),
                run(
                    f", compared with {period.previous_as_at:%-d %B %Y}. Plan year "
                    f"{period.plan_year.label} ({period.plan_year.get_status_display()}). "
                    f"Prepared on {report.prepared_on:%-d %B %Y}."
                ),
            ]
        ),
        heading("Exceptions", "h2", 1),
        exceptions_table(report.exceptions),
        heading("Programmes by status", "h2", 1),
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


def exceptions_table(exceptions: list[ExceptionList]) -> dict:
    rows = [
        [
            [run(e.title, bold=True), BREAK, run(e.description, size=7)],
            str(len(e.items)),
            shortlist(e),
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


def status_block(report: Report | StreamedReport) -> dict:
    """The chart and, beside it, its text equivalent."""
    period = report.period
    counts = status_counts(report)
    before, now = f"{period.previous_as_at:%-d %b %Y}", f"{period.as_at:%-d %b %Y}"
    summary = report.summary
    figures = table(
        ["Status", before, now],
        [[[tag(rag)], str(b), str(n)] for rag, _, b, n in counts]
        + [
            [
                "Total",
                str(summary.previous_programmes.total),
                str(summary.programme_counts.total),
            ]
        ],
        [16, 10, 10],
        numeric=(1, 2),
    )
    top = max([b for _, _, b, _ in counts] + [n for _, _, _, n in counts] + [1])
    figures_in_words = "; ".join(f"{label}: {b} then {n}" for _, label, b, n in counts)
    return {
        "k": "status",
        "alt": (
            f"Bar chart of the programmes by status on {before} and on {now}. "
            f"{figures_in_words}. The table beside it gives the same figures."
        ),
        "names": BAR_NAMES[: len(counts)],
        "before": [b for _, _, b, _ in counts],
        "now": [n for _, _, _, n in counts],
        "top": max(1, math.ceil(top * 1.15)),
        "legend": [before, now],
        "table": figures,
    }
