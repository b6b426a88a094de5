"""What the report's PDF says: the first page (`front`: title, exceptions, status
chart), the summary (counts by board and theme, what changed, and each exception
list in full), the open actions (each once, under the meeting that set it) and,
Board by Board, each priority with its programmes, indicators, milestones and the
references of the actions about it, all drawn from the report's rows.

The same rows feed the CSV and XLSX, so the figures match; how the pages look is
in `layout`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, PageBreak, Paragraph, Table

from core.rag import RagCounts
from programmes.charts import actual_words, target_words

from ..actions import by_meeting
from .front import front_page
from .layout import STYLES, Heading, Markup, cell, table, tag, text

if TYPE_CHECKING:
    from ..rows import PriorityRow, Report, StreamedReport


def fmt_number(value: object) -> str:
    if value is None:
        return ""
    as_float = float(value)
    return f"{as_float:,.0f}" if as_float.is_integer() else f"{as_float:,.2f}"


def fmt_date(value: date | None, pattern: str = "%-d %b %Y") -> str:
    return value.strftime(pattern) if value else ""


def story(report: Report | StreamedReport) -> Iterator[Flowable]:
    """The report's flowables, generated as they are laid out."""
    yield from front_page(report)
    yield PageBreak()
    yield from summary(report)
    yield PageBreak()
    yield from actions(report)
    section = None
    for row in report.priority_rows():
        if row.section != section:
            section = row.section
            yield PageBreak()
            yield Heading(section, "h1", 0, f"section-{row.priority.pk}")
        yield from priority_block(report, row, key=f"priority-{row.priority.pk}")


def counts_table(label: str, counts: dict[str, RagCounts]) -> Table:
    """Priorities by status, a row per board (or theme)."""
    # The statuses in the order RagCounts counts them, so headers and counts line up.
    levels = [name for _, name, _ in RagCounts().rows()] + ["Total"]
    rows = [
        [cell(name)] + [cell(str(c)) for _, _, c in tally.rows()] + [cell(str(tally.total))]
        for name, tally in counts.items()
    ]
    return table([label, *levels], rows, [40] + [10] * 7, numeric=tuple(range(1, 8)))


def summary(report: Report | StreamedReport) -> list[Flowable]:
    """The summary pages: counts, what changed, new reds, slips and indicators behind."""
    period = report.period
    totals = report.summary
    flow: list = [Heading("Summary", "h1", 0, "summary")]
    flow += [Paragraph("Priorities by board", STYLES["h2"]), counts_table("Board", totals.by_board)]
    flow += [Paragraph("Priorities by theme", STYLES["h2"]), counts_table("Theme", totals.by_theme)]
    flow.append(
        Paragraph(text(f"What changed since {period.previous_as_at:%-d %B %Y}"), STYLES["h2"])
    )
    change_rows = []
    for label, rows in totals.changes.items():
        names = "; ".join(
            f"{r.programme} ({r.previous.lower()} to {r.current.lower()})" for r in rows[:50]
        )
        more = f"; and {len(rows) - 50} more" if len(rows) > 50 else ""
        change_rows.append([cell(label), cell(str(len(rows))), cell((names + more) or "None")])
    flow.append(table(["Change", "Programmes", "Which"], change_rows, [14, 10, 76], numeric=(1,)))
    flow.append(Paragraph("New reds", STYLES["h2"]))
    flow.append(
        table(
            ["Programme", "Latest update"],
            [[cell(r.programme), cell(r.headline)] for r in totals.new_reds]
            or [[cell("None"), cell("")]],
            [40, 60],
        )
    )
    flow.append(Paragraph("Milestones slipped", STYLES["h2"]))
    flow.append(
        table(
            ["Programme", "Milestone", "Due"],
            [
                [cell(m.programme), cell(m.milestone), cell(fmt_date(m.due_on))]
                for m in totals.slipped
            ]
            or [[cell("None"), cell(""), cell("")]],
            [35, 50, 15],
        )
    )
    flow.append(Paragraph("Indicators behind trajectory", STYLES["h2"]))
    flow.append(
        indicator_table(
            (b.programme, b.indicator, b.target, b.actual, b.percent_of_target, b.verdict)
            for b in totals.behind
        )
    )
    for title, lines in (
        ("No update in the quarter", totals.no_update),
        ("Out-of-date updates", totals.out_of_date),
    ):
        flow.append(Paragraph(title, STYLES["h2"]))
        flow.append(
            table(
                ["Programme", "Latest update", "Its status"],
                [
                    [
                        cell(u.programme),
                        cell(fmt_date(u.reported_on) or "No update yet"),
                        cell(u.last_status if u.reported_on else ""),
                    ]
                    for u in lines
                ]
                or [[cell("None"), cell(""), cell("")]],
                [55, 25, 20],
            )
        )
    return flow


def actions(report: Report | StreamedReport) -> list[Flowable]:
    """Every open action once, under the meeting that set it, overdue ones flagged."""
    lines = report.actions
    overdue = sum(1 for a in lines if a.overdue)
    flow: list = [
        Heading("Actions", "h1", 0, "actions"),
        Paragraph(
            text(
                f"Open actions as at {report.period.as_at:%-d %B %Y}: {len(lines)}, "
                f"of which {overdue} overdue. Each is listed once, under the meeting that set "
                "it; the priorities' pages give their references."
            ),
            STYLES["body"],
        ),
    ]
    if not lines:
        flow.append(Paragraph("None", STYLES["body"]))
    for meeting, group in by_meeting(lines):
        flow += [
            Paragraph(text(f"Set at {meeting}"), STYLES["h3"]),
            # The action's words alone across the row, what else is known below them:
            # a long description then reads as one block, in print and when copied.
            table(
                ["Ref", "Action, its status, owner, due date and what it concerns"],
                [[cell(a.ref), action_cell(a)] for a in group],
                [7, 93],
            ),
        ]
    return flow


def indicator_table(rows: Iterable[tuple]) -> Table:
    """Rows of (programme, indicator, target, actual, % of target, verdict); a target or
    an actual in words ('over 100 by 31 March 2013') is shown as it is."""
    body = [
        [
            cell(programme),
            cell(indicator),
            cell(target if isinstance(target, str) else fmt_number(target)),
            cell((actual if isinstance(actual, str) else fmt_number(actual)) or "No reading"),
            cell("" if percent is None else f"{percent:.1f}%"),
            cell(verdict),
        ]
        for programme, indicator, target, actual, percent, verdict in rows
    ] or [[cell("None")] + [cell("")] * 5]
    return table(
        ["Programme", "Indicator", "Target", "Actual", "% of target", "Trajectory"],
        body,
        [22, 28, 14, 10, 10, 16],
        numeric=(2, 3, 4),
    )


def action_cell(action) -> list[Paragraph]:
    status = (
        '<font color="#942514"><b>Overdue</b></font>' if action.overdue else text(action.status)
    )
    facts = [status, f"Owner: {text(action.owner or 'none recorded')}", f"Due: {text(action.due)}"]
    if action.concerns:
        facts.append(f"About: {text(action.concerns)}")
    return [
        Paragraph(text(action.description), STYLES["cell"]),
        Paragraph(" · ".join(facts), STYLES["meta"]),
    ]


def latest_update(status) -> str:
    """The latest update's headline and date, and whether it is out of date."""
    if not status.reported_on:
        return status.headline or "No update"
    when = fmt_date(status.reported_on)
    return f"{status.headline} ({when}{', out of date' if status.is_stale else ''})"


def priority_block(
    report: Report | StreamedReport, row: PriorityRow, *, key: str
) -> list[Flowable]:
    """A priority's heading, status and change, then its programmes, indicators,
    milestones and open actions, each table only when there is something to show."""
    period = report.period
    priority = row.priority
    was = f" (was {row.previous_rag.label})" if row.previous_rag else ""
    target = f" Target: {text(priority.target_statement)}" if priority.target_statement else ""
    flow: list = [
        Heading(f"{priority.reference} {priority.title}", "h3", 1, key),
        Paragraph(
            f"{tag(row.status.rag)} {text(row.status.summary)}. Change since "
            f"{period.previous_as_at:%-d %b %Y}: {text(row.change)}{text(was)}.{target}",
            STYLES["body"],
        ),
    ]
    if row.programmes:
        flow.append(
            table(
                ["Programme", "Status", "Change", "Latest update"],
                [
                    [
                        cell(r.programme.name),
                        cell(
                            Markup(
                                tag(r.status.rag)
                                + (
                                    f"<br/>Evidence: {text(r.status.suggested.label)}"
                                    if r.status.differs
                                    else ""
                                )
                            )
                        ),
                        cell(r.change),
                        cell(latest_update(r.status)),
                    ]
                    for r in row.programmes
                ],
                [30, 14, 12, 44],
            )
        )
    if row.indicators:
        flow += [
            Paragraph("Indicators", STYLES["h4"]),
            indicator_table(
                (
                    i.programme_name,
                    i.status.indicator.name,
                    target_words(i.status.target, i.status.indicator) if i.status.target else "",
                    actual_words(i.status) if i.status.actual is not None else None,
                    i.status.percent_of_target,
                    i.status.check.verdict.label,
                )
                for i in row.indicators
            ),
        ]
    milestones = row.milestones_this_quarter + row.milestones_next_quarter
    if milestones:
        flow += [
            Paragraph("Milestones", STYLES["h4"]),
            table(
                ["Programme", "Milestone", "Due", "Outcome"],
                [
                    [
                        cell(m.programme_name),
                        cell(m.milestone.title),
                        cell(m.milestone.due_as_stated),
                        cell(m.outcome),
                    ]
                    for m in milestones
                ],
                [28, 44, 13, 15],
            ),
        ]
    if period.kind == "end-of-year":
        onward = "; ".join(
            f"{k.forward_words()} {k.later.plan_year.label} {k.later.reference}"
            if k.later
            else f"{k.forward_words()} in {k.plan_year.label if k.plan_year else 'a later plan'}"
            for k in row.onward
        )
        onward = text(onward or "nothing recorded")
        flow.append(Paragraph(f"<b>Next plan year:</b> {onward}.", STYLES["body"]))
    if row.actions:
        refs = ", ".join(f"{a.ref} (overdue)" if a.overdue else a.ref for a in row.actions)
        flow.append(
            Paragraph(f"<b>Open actions:</b> {text(refs)}, listed under Actions.", STYLES["body"])
        )
    return flow
