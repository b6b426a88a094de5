"""The report's tables, each defined once: the XLSX has a sheet per table, the CSV is
the Programmes table with a row for each priority that has no programme and a row
per action, and the PDF shows the same values. So the three formats show the same
figures."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.rag import RagCounts, rag_label
from programmes.charts import actual_words, target_words

if TYPE_CHECKING:
    from .rows import PriorityRow, Report, StreamedReport


@dataclass(frozen=True)
class Table:
    """A sheet of the XLSX: its columns and how one priority's rows, or the whole
    report (summaries, exceptions, actions), fill it. `tags` are the columns holding a
    status in words, which the XLSX colours."""

    name: str
    headers: list[str]
    widths: list[int]
    rows_for: Callable[[PriorityRow], Iterable[list]] | None = None  # detail tables
    summary_rows: Callable[[], Iterable[list]] | None = None  # whole-report tables
    tags: tuple[int, ...] = ()


def percent_of_target(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def number(value) -> float | int | None:
    """Decimals become plain numbers so spreadsheets treat them as numbers."""
    if value is None:
        return None
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else as_float


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


# The priority's columns at the start of each programme row (and of the CSV's row for
# a priority with no programme).
PRIORITY_HEADERS = [
    "Board",
    "Priority",
    "Priority title",
    "Theme",
    "Priority status",
    "Priority change",
]


def priority_columns(priority: PriorityRow) -> list:
    return [
        priority.section,
        priority.priority.reference,
        priority.priority.title,
        str(priority.priority.theme or ""),
        rag_label(priority.status.rag),
        priority.change,
    ]


def programme_table(report: Report | StreamedReport) -> Table:
    previous = f"Status at {report.period.previous_as_at:%-d %b %Y}"

    def rows_for(priority: PriorityRow):
        for row in priority.programmes:
            status = row.status
            percents = [
                p
                for p in (percent_of_target(i.percent_of_target) for i in status.indicators)
                if p is not None
            ]
            yield [
                *priority_columns(priority),
                row.programme.name,
                row.programme.lead_officer.name if row.programme.lead_officer else "",
                rag_label(status.rag),
                rag_label(row.previous_rag),
                row.change,
                status.suggested.label if status.suggested else "",
                status.headline,
                status.reported_on,
                yes_no(row.updated_in_quarter) if row.expected_in_quarter else "Not running",
                yes_no(status.is_stale),
                len(status.indicators),
                len(status.indicators_behind),
                min(percents) if percents else None,
                status.overdue_milestones,
            ]

    return Table(
        "Programmes",
        [
            *PRIORITY_HEADERS,
            "Programme",
            "Lead officer",
            "Status",
            previous,
            "Change",
            "Suggested by evidence",
            "Latest update",
            "Reported on",
            "Update in the quarter",
            "Update out of date",
            "Indicators",
            "Indicators behind trajectory",
            "Worst % of target",
            "Overdue milestones",
        ],
        [28, 9, 40, 20, 12, 12, 36, 22, 12, 14, 12, 14, 50, 12, 12, 12, 10, 12, 12, 10],
        rows_for=rows_for,
        tags=(4, 8, 9, 11),
    )


ACTION_HEADERS = [
    "Set at",
    "Ref",
    "Action",
    "Owner",
    "Due",
    "Due at meeting",
    "Status",
    "Priorities",
    "Programmes",
]


def action_rows(report: Report | StreamedReport) -> Iterable[list]:
    """Each open action once, under the meeting that set it (the report's order)."""
    for a in report.actions:
        yield [
            a.meeting,
            a.ref,
            a.description,
            a.owner,
            a.due_on,
            a.due_meeting,
            a.status,
            a.priority_refs,
            a.programme_names,
        ]


def tables(report: Report | StreamedReport) -> list[Table]:
    """Every sheet, in order: the summary, the exceptions and the counts, one per kind
    of detail, then the actions."""
    period = report.period
    # The statuses in the order RagCounts counts them, so headers and counts line up.
    levels = [name for _, name, _ in RagCounts().rows()] + ["Total"]

    def summary_rows():
        summary = report.summary
        yield ["Report", period.title]
        yield ["Plan year", period.plan_year.label]
        yield ["As at", period.as_at]
        yield ["Compared with", period.previous_as_at]
        yield ["Prepared on", report.prepared_on]
        yield ["Programmes", summary.programme_counts.total]
        for _, name, count in summary.programme_counts.rows():
            yield [f"Programmes {name.lower()}", count]
        for exception in report.exceptions:
            yield [exception.title, len(exception.items)]
        yield ["Open actions", len(report.actions)]
        for change, lines in summary.changes.items():
            yield [f"Programmes {change.lower()}", len(lines)]

    def exception_rows():
        for exception in report.exceptions:
            for item in exception.items:
                yield [exception.title, item.name, item.detail, item.on]
            if not exception.items:
                yield [exception.title, "None", "", None]

    def counts_rows():
        summary = report.summary
        for group, counts in (("Board", summary.by_board), ("Theme", summary.by_theme)):
            for name, tally in counts.items():
                yield [group, name, *[c for _, _, c in tally.rows()], tally.total]

    def priorities(row: PriorityRow):
        yield [
            row.section,
            row.priority.reference,
            row.priority.title,
            str(row.priority.theme or ""),
            row.priority.target_statement,
            rag_label(row.status.rag),
            rag_label(row.previous_rag),
            row.change,
            row.status.rollup.rule,
            len(row.programmes),
            len(row.actions),
            ", ".join(a.ref for a in row.actions),
        ]

    def indicators(priority: PriorityRow):
        for row in priority.indicators:
            i = row.status
            yield [
                priority.section,
                priority.priority.reference,
                row.programme_name,
                i.indicator.name,
                i.indicator.get_unit_display(),
                number(i.target.value) if i.target else None,
                i.target.ends_on if i.target else None,
                number(i.actual),
                i.actual_as_at,
                percent_of_target(i.percent_of_target),
                number(i.check.expected),
                i.check.verdict.label,
                # The figures as the papers state them: 'over 100', 'around 20% per council'.
                target_words(i.target, i.indicator) if i.target else "",
                actual_words(i) if i.actual is not None else "",
            ]

    def milestones(priority: PriorityRow):
        for m in priority.milestones_this_quarter + priority.milestones_next_quarter:
            yield [
                priority.section,
                priority.priority.reference,
                m.programme_name,
                m.milestone.title,
                m.milestone.due_on,
                m.milestone.completed_on,
                m.outcome,
                m.milestone.due_as_stated,
            ]

    def carried_forward(row: PriorityRow):
        head = [
            row.section,
            row.priority.reference,
            row.priority.title,
            rag_label(row.status.rag),
        ]
        for link in row.onward:
            later = link.later
            dropped_in = f" in {link.plan_year.label}" if later is None and link.plan_year else ""
            yield [
                *head,
                link.forward_words() + dropped_in,
                f"{later.plan_year.label} {later.reference}" if later else "",
                later.title if later else "",
                link.note,
            ]
        if not row.onward:
            yield [*head, "Nothing recorded", "", "", ""]

    return [
        Table("Summary", ["Measure", "Value"], [36, 40], summary_rows=summary_rows),
        Table(
            "Exceptions",
            ["Exception", "Programme or action", "Detail", "Date"],
            [28, 40, 60, 12],
            summary_rows=exception_rows,
        ),
        Table(
            "By board and theme",
            ["Group", "Name", *levels],
            [10, 40] + [10] * 7,
            summary_rows=counts_rows,
        ),
        Table(
            "Priorities",
            [
                "Board",
                "Priority",
                "Title",
                "Theme",
                "Target",
                "Status",
                f"Status at {period.previous_as_at:%-d %b %Y}",
                "Change",
                "How the status was worked out",
                "Programmes",
                "Open actions",
                "Actions (see Open actions)",
            ],
            [28, 9, 40, 20, 40, 12, 14, 12, 40, 10, 10, 16],
            rows_for=priorities,
            tags=(5, 6),
        ),
        programme_table(report),
        Table(
            "Indicators",
            [
                "Board",
                "Priority",
                "Programme",
                "Indicator",
                "Unit",
                "Target",
                "Target by",
                "Actual",
                "Actual as at",
                "% of target",
                "Expected by now",
                "Trajectory",
                "Target as stated",
                "Actual as stated",
            ],
            [28, 9, 30, 40, 10, 10, 12, 10, 12, 10, 12, 22, 30, 16],
            rows_for=indicators,
        ),
        Table(
            "Milestones",
            [
                "Board",
                "Priority",
                "Programme",
                "Milestone",
                "Due",
                "Completed",
                "Outcome",
                "Due as stated",
            ],
            [28, 9, 30, 50, 12, 12, 16, 20],
            rows_for=milestones,
        ),
        Table(
            "Open actions",
            ACTION_HEADERS,
            [36, 6, 60, 22, 12, 30, 10, 16, 30],
            summary_rows=lambda: action_rows(report),
            tags=(6,),
        ),
    ] + ([carried_forward_table(carried_forward)] if period.kind == "end-of-year" else [])


def carried_forward_table(rows_for) -> Table:
    """The end-of-year review's: what became of each priority in the next plans."""
    return Table(
        "Carried forward",
        [
            "Board",
            "Priority",
            "Title",
            "Status at year end",
            "What became of it",
            "Next plan's priority",
            "Its title",
            "Which paper says so",
        ],
        [28, 9, 40, 12, 18, 14, 40, 60],
        rows_for=rows_for,
        tags=(3,),
    )
