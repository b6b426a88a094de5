"""What the report's PDF says: the first page (`front`: title, exceptions, status
chart), the summary (counts by board and theme, what changed, and each exception
list in full), the open actions (each once, under the meeting that set it) and,
Board by Board, each priority with its programmes, indicators, milestones and the
references of the actions about it, all drawn from the report's rows.

The same rows feed the CSV and XLSX, so the figures match; how the pages look is
in `overview.typ`. Headings never skip a level: the title, the first page's two
sections, Summary, Actions and each Board are level 1 (the bookmarks' top), a
priority level 2 (a bookmark within its Board), and what is inside them one level
further, not bookmarked.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING

from core.rag import RagCounts
from programmes.charts import actual_words, target_words

from ..actions import by_meeting
from .blocks import BREAK, PAGE_BREAK, heading, para, run, table, tag, text
from .front import front_page

if TYPE_CHECKING:
    from ..rows import PriorityRow, Report, StreamedReport


def fmt_number(value: object) -> str:
    if value is None:
        return ""
    as_float = float(value)
    return f"{as_float:,.0f}" if as_float.is_integer() else f"{as_float:,.2f}"


def fmt_date(value: date | None, pattern: str = "%-d %b %Y") -> str:
    return value.strftime(pattern) if value else ""


def story(report: Report | StreamedReport) -> Iterator[dict]:
    """The report's pieces, in reading order."""
    yield from front_page(report)
    yield PAGE_BREAK
    yield from summary(report)
    yield PAGE_BREAK
    yield from actions(report)
    section = None
    for row in report.priority_rows():
        if row.section != section:
            section = row.section
            yield PAGE_BREAK
            yield heading(section, "h1", 1)
        yield from priority_block(report, row)


def counts_table(label: str, counts: dict[str, RagCounts]) -> dict:
    """Priorities by status, a row per board (or theme)."""
    # The statuses in the order RagCounts counts them, so headers and counts line up.
    levels = [name for _, name, _ in RagCounts().rows()] + ["Total"]
    rows = [
        [name] + [str(c) for _, _, c in tally.rows()] + [str(tally.total)]
        for name, tally in counts.items()
    ]
    return table([label, *levels], rows, [40] + [10] * 7, numeric=tuple(range(1, 8)))


def subheading(title: str, style: str = "h2", level: int = 2) -> dict:
    return heading(title, style, level, bookmark=False)


def summary(report: Report | StreamedReport) -> list[dict]:
    """The summary pages: counts, what changed, new reds, slips and indicators behind."""
    period = report.period
    totals = report.summary
    flow: list = [heading("Summary", "h1", 1)]
    flow += [subheading("Priorities by board"), counts_table("Board", totals.by_board)]
    flow += [subheading("Priorities by theme"), counts_table("Theme", totals.by_theme)]
    flow.append(subheading(f"What changed since {period.previous_as_at:%-d %B %Y}"))
    change_rows = []
    for label, rows in totals.changes.items():
        names = "; ".join(
            f"{r.programme} ({r.previous.lower()} to {r.current.lower()})" for r in rows[:50]
        )
        more = f"; and {len(rows) - 50} more" if len(rows) > 50 else ""
        change_rows.append([text(label), str(len(rows)), (names + more) or "None"])
    flow.append(table(["Change", "Programmes", "Which"], change_rows, [14, 10, 76], numeric=(1,)))
    flow.append(subheading("New reds"))
    flow.append(
        table(
            ["Programme", "Latest update"],
            [[text(r.programme), text(r.headline)] for r in totals.new_reds] or [["None", ""]],
            [40, 60],
        )
    )
    flow.append(subheading("Milestones slipped"))
    flow.append(
        table(
            ["Programme", "Milestone", "Due"],
            [[text(m.programme), text(m.milestone), fmt_date(m.due_on)] for m in totals.slipped]
            or [["None", "", ""]],
            [35, 50, 15],
        )
    )
    flow.append(subheading("Indicators behind trajectory"))
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
        flow.append(subheading(title))
        flow.append(
            table(
                ["Programme", "Latest update", "Its status"],
                [
                    [
                        text(u.programme),
                        fmt_date(u.reported_on) or "No update yet",
                        text(u.last_status) if u.reported_on else "",
                    ]
                    for u in lines
                ]
                or [["None", "", ""]],
                [55, 25, 20],
            )
        )
    return flow


def actions(report: Report | StreamedReport) -> list[dict]:
    """Every open action once, under the meeting that set it, overdue ones flagged."""
    lines = report.actions
    overdue = sum(1 for a in lines if a.overdue)
    flow: list = [
        heading("Actions", "h1", 1),
        para(
            f"Open actions as at {report.period.as_at:%-d %B %Y}: {len(lines)}, "
            f"of which {overdue} overdue. Each is listed once, under the meeting that set "
            "it; the priorities' pages give their references."
        ),
    ]
    if not lines:
        flow.append(para("None"))
    for meeting, group in by_meeting(lines):
        flow += [
            subheading(f"Set at {meeting}", "h3"),
            # The action's words alone across the row, what else is known below them:
            # a long description then reads as one block, in print and when copied.
            table(
                ["Ref", "Action, its status, owner, due date and what it concerns"],
                [[text(a.ref), action_cell(a)] for a in group],
                [7, 93],
            ),
        ]
    return flow


def indicator_table(rows: Iterable[tuple]) -> dict:
    """Rows of (programme, indicator, target, actual, % of target, verdict); a target or
    an actual in words ('over 100 by 31 March 2013') is shown as it is."""
    body = [
        [
            text(programme),
            text(indicator),
            text(target) if isinstance(target, str) else fmt_number(target),
            (text(actual) if isinstance(actual, str) else fmt_number(actual)) or "No reading",
            "" if percent is None else f"{percent:.1f}%",
            text(verdict),
        ]
        for programme, indicator, target, actual, percent, verdict in rows
    ] or [["None"] + [""] * 5]
    return table(
        ["Programme", "Indicator", "Target", "Actual", "% of target", "Trajectory"],
        body,
        [22, 28, 14, 10, 10, 16],
        numeric=(2, 3, 4),
    )


def action_cell(action) -> list[dict]:
    status = run("Overdue", bold=True, colour="#942514") if action.overdue else run(action.status)
    facts = [f"Owner: {text(action.owner or 'none recorded')}", f"Due: {text(action.due)}"]
    if action.concerns:
        facts.append(f"About: {text(action.concerns)}")
    return [
        run(action.description),
        BREAK,
        {**status, "s": 7.5, "c": status.get("c", "#505a5f")},
        run(" · " + " · ".join(facts), size=7.5, colour="#505a5f"),
    ]


def latest_update(status) -> str:
    """The latest update's headline and date, and whether it is out of date."""
    if not status.reported_on:
        return text(status.headline or "No update")
    when = fmt_date(status.reported_on)
    return f"{text(status.headline)} ({when}{', out of date' if status.is_stale else ''})"


def priority_block(report: Report | StreamedReport, row: PriorityRow) -> list[dict]:
    """A priority's heading, status and change, then its programmes, indicators,
    milestones and open actions, each table only when there is something to show."""
    period = report.period
    priority = row.priority
    was = f" (was {row.previous_rag.label})" if row.previous_rag else ""
    target = f" Target: {text(priority.target_statement)}" if priority.target_statement else ""
    flow: list = [
        heading(f"{priority.reference} {priority.title}", "h3", 2),
        para(
            [
                tag(row.status.rag),
                run(
                    f" {text(row.status.summary)}. Change since "
                    f"{period.previous_as_at:%-d %b %Y}: {text(row.change)}{was}.{target}"
                ),
            ]
        ),
    ]
    if row.programmes:
        flow.append(
            table(
                ["Programme", "Status", "Change", "Latest update"],
                [
                    [
                        text(r.programme.name),
                        [tag(r.status.rag)]
                        + (
                            [BREAK, run(f"Evidence: {r.status.suggested.label}")]
                            if r.status.differs
                            else []
                        ),
                        text(r.change),
                        latest_update(r.status),
                    ]
                    for r in row.programmes
                ],
                [30, 14, 12, 44],
            )
        )
    if row.indicators:
        flow += [
            subheading("Indicators", "h4", 3),
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
            subheading("Milestones", "h4", 3),
            table(
                ["Programme", "Milestone", "Due", "Outcome"],
                [
                    [
                        text(m.programme_name),
                        text(m.milestone.title),
                        text(m.milestone.due_as_stated),
                        text(m.outcome),
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
        flow.append(
            para([run("Next plan year:", bold=True), run(f" {onward or 'nothing recorded'}.")])
        )
    if row.actions:
        refs = ", ".join(f"{a.ref} (overdue)" if a.overdue else a.ref for a in row.actions)
        flow.append(para([run("Open actions:", bold=True), run(f" {refs}, listed under Actions.")]))
    return flow
