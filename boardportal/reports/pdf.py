"""The report as a print-ready A4 PDF, drawn with ReportLab's platypus.

Title page, contents with page numbers, PDF bookmarks for every Board and
priority, "as at" and "Page n of N" on every page, tables whose rows never split
across pages and whose header row repeats.

ReportLab rather than WeasyPrint: WeasyPrint lays out about 8 pages a second
here (1,000 programmes, 222 pages: 30 s and 711 MB), so 10,000 programmes would
take minutes and gigabytes; ReportLab draws the same content in seconds.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from .engine import Report

GREY = colors.HexColor("#505a5f")
RULE = colors.HexColor("#b1b4b6")
HEADER_FILL = colors.HexColor("#f3f2f1")
RAG_COLOURS = {
    "red": "#942514",
    "amber": "#6e3619",
    "green": "#005a30",
    "complete": "#0c2d4a",
    "not_started": "#383f43",
}

_base = getSampleStyleSheet()
STYLES = {
    "title": ParagraphStyle("title", parent=_base["Title"], fontSize=26, leading=32, alignment=0),
    "subtitle": ParagraphStyle("subtitle", parent=_base["Normal"], fontSize=14, leading=20),
    "h1": ParagraphStyle("h1", parent=_base["Heading1"], fontSize=18, leading=22, spaceAfter=6),
    "h2": ParagraphStyle("h2", parent=_base["Heading2"], fontSize=13, leading=16, spaceBefore=8),
    "h3": ParagraphStyle("h3", parent=_base["Heading3"], fontSize=11, leading=14, spaceBefore=8),
    "h4": ParagraphStyle("h4", parent=_base["Heading4"], fontSize=9.5, leading=12, spaceBefore=4),
    "body": ParagraphStyle("body", parent=_base["BodyText"], fontSize=9, leading=11.5),
    "cell": ParagraphStyle("cell", parent=_base["BodyText"], fontSize=8, leading=10),
    "cell_num": ParagraphStyle(
        "cell_num", parent=_base["BodyText"], fontSize=8, leading=10, alignment=TA_RIGHT
    ),
    "toc1": ParagraphStyle("toc1", parent=_base["Normal"], fontSize=10, leading=14),
}

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 16 * mm, 22 * mm, 20 * mm
WIDTH = PAGE_WIDTH - 2 * MARGIN_X


def text(value) -> str:
    """Escape anything a person typed: platypus reads a small XML markup."""
    return escape("" if value is None else str(value))


def tag(rag) -> str:
    if not rag:
        return '<font color="#383f43"><b>No status</b></font>'
    return f'<font color="{RAG_COLOURS.get(str(rag), "#383f43")}"><b>{text(rag.label)}</b></font>'


def cell(value, style="cell") -> Paragraph:
    return Paragraph(value if isinstance(value, str) else text(value), STYLES[style])


def table(headers: list[str], rows: list[list], widths: list[float]) -> Table:
    scale = WIDTH / sum(widths)
    data = [[cell(f"<b>{text(h)}</b>") for h in headers], *rows]
    result = Table(data, colWidths=[w * scale for w in widths], repeatRows=1)
    result.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return result


def fmt_number(value) -> str:
    if value is None:
        return ""
    as_float = float(value)
    return f"{as_float:,.0f}" if as_float.is_integer() else f"{as_float:,.2f}"


def fmt_date(value, pattern="%-d %b %Y") -> str:
    return value.strftime(pattern) if value else ""


class Heading(Paragraph):
    """A heading that becomes a bookmark and, at level 0, a contents entry."""

    def __init__(self, title: str, style: str, level: int, key: str, contents: bool = False):
        super().__init__(text(title), STYLES[style])
        self.bookmark = (title, level, key, contents)


class ReportDocument(BaseDocTemplate):
    def __init__(self, path: Path, report: Report):
        super().__init__(
            str(path),
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=f"{report.period.title}: {report.period.label}",
            author="boardportal",
            subject=f"As at {report.period.as_at:%-d %B %Y}",
        )
        self.report = report
        self.total_pages = 0  # pages in the previous pass: this pass prints "of N" with it
        self.pages_drawn = 0  # pages in this pass so far
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM)
        self.addPageTemplates(
            [
                PageTemplate(id="title", frames=[frame]),
                PageTemplate(id="body", frames=[frame], onPage=self.decorate),
            ]
        )

    def beforeDocument(self) -> None:
        self.total_pages = self.pages_drawn
        self.pages_drawn = 0

    def afterPage(self) -> None:
        self.pages_drawn = self.page

    def decorate(self, canvas, doc) -> None:
        period = self.report.period
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(GREY)
        top = PAGE_HEIGHT - 12 * mm
        canvas.drawString(MARGIN_X, top, period.title)
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, top, f"As at {period.as_at:%-d %B %Y}")
        total = f" of {self.total_pages}" if self.total_pages else ""
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, 10 * mm, f"Page {doc.page}{total}")
        canvas.restoreState()

    def afterFlowable(self, flowable) -> None:
        bookmark = getattr(flowable, "bookmark", None)
        if not bookmark:
            return
        title, level, key, contents = bookmark
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)
        if contents:
            self.notify("TOCEntry", (0, text(title), self.page, key))


def story(report: Report) -> list:
    period = report.period
    flow: list = [
        Spacer(1, 50 * mm),
        Heading(period.title, "title", 0, "title"),
        Paragraph(text(period.label), STYLES["subtitle"]),
        Spacer(1, 4 * mm),
        Paragraph(
            text(
                f"Position as at {period.as_at:%-d %B %Y}, compared with "
                f"{period.previous_as_at:%-d %B %Y}"
            ),
            STYLES["subtitle"],
        ),
        Paragraph(
            text(f"Plan year {period.plan_year.label} ({period.plan_year.get_status_display()})"),
            STYLES["body"],
        ),
        NextPageTemplate("body"),
        PageBreak(),
        Heading("Contents", "h1", 0, "contents"),
    ]
    contents = TableOfContents(dotsMinLevel=0)
    contents.levelStyles = [STYLES["toc1"]]
    flow += [contents, PageBreak()]
    flow += summary(report)
    for number, section in enumerate(report.sections, start=1):
        flow += [PageBreak(), Heading(section.title, "h1", 0, f"section-{number}", contents=True)]
        for row in section.priorities:
            flow += priority_block(report, row, key=f"priority-{row.priority.pk}")
    return flow


def counts_table(label: str, counts: dict) -> Table:
    levels = ["Red", "Amber", "Green", "Complete", "Not started", "No status", "Total"]
    rows = [
        [cell(name)]
        + [cell(str(c), "cell_num") for _, _, c in tally.rows()]
        + [cell(str(tally.total), "cell_num")]
        for name, tally in counts.items()
    ]
    return table([label, *levels], rows, [40] + [10] * 7)


def summary(report: Report) -> list:
    period = report.period
    flow: list = [Heading("Summary", "h1", 0, "summary", contents=True)]
    flow.append(Paragraph("Programmes by progress", STYLES["h2"]))
    counts = report.programme_counts
    flow.append(
        table(
            [label for _, label, _ in counts.rows()] + ["Total"],
            [[cell(str(c), "cell_num") for _, _, c in counts.rows()] + [cell(str(counts.total))]],
            [10] * 7,
        )
    )
    flow += [Paragraph("Priorities by board", STYLES["h2"]), counts_table("Board", report.by_board)]
    flow += [Paragraph("Priorities by theme", STYLES["h2"]), counts_table("Theme", report.by_theme)]
    flow.append(
        Paragraph(text(f"What changed since {period.previous_as_at:%-d %B %Y}"), STYLES["h2"])
    )
    change_rows = []
    for label, rows in report.changes.items():
        names = "; ".join(
            f"{r.programme.name} ({r.previous_rag.label if r.previous_rag else 'no status'} to "
            f"{r.status.rag.label if r.status.rag else 'no status'})"
            for r in rows[:50]
        )
        more = f"; and {len(rows) - 50} more" if len(rows) > 50 else ""
        change_rows.append(
            [cell(label), cell(str(len(rows)), "cell_num"), cell((names + more) or "None")]
        )
    flow.append(table(["Change", "Programmes", "Which"], change_rows, [14, 10, 76]))
    flow.append(Paragraph("New reds", STYLES["h2"]))
    flow.append(
        table(
            ["Programme", "Latest update"],
            [[cell(r.programme.name), cell(r.status.headline)] for r in report.new_reds]
            or [[cell("None"), cell("")]],
            [40, 60],
        )
    )
    flow.append(Paragraph("Milestones slipped", STYLES["h2"]))
    flow.append(
        table(
            ["Programme", "Milestone", "Due"],
            [
                [
                    cell(m.programme_name),
                    cell(m.milestone.title),
                    cell(fmt_date(m.milestone.due_on)),
                ]
                for m in report.slipped
            ]
            or [[cell("None"), cell(""), cell("")]],
            [35, 50, 15],
        )
    )
    flow.append(Paragraph("Indicators behind trajectory", STYLES["h2"]))
    flow.append(indicator_table(report.behind))
    return flow


def indicator_table(rows) -> Table:
    body = [
        [
            cell(r.programme_name),
            cell(r.status.indicator.name),
            cell(fmt_number(r.status.indicator.target_value), "cell_num"),
            cell(fmt_number(r.status.actual) or "No reading", "cell_num"),
            cell(
                "" if r.status.percent_of_target is None else f"{r.status.percent_of_target:.1f}%",
                "cell_num",
            ),
            cell(r.status.check.verdict.label),
        ]
        for r in rows
    ] or [[cell("None")] + [cell("")] * 5]
    return table(
        ["Programme", "Indicator", "Target", "Actual", "% of target", "Trajectory"],
        body,
        [24, 30, 10, 10, 10, 16],
    )


def priority_block(report: Report, row, *, key: str) -> list:
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
                            tag(r.status.rag)
                            + (
                                f"<br/>Evidence: {text(r.status.suggested.label)}"
                                if r.status.differs
                                else ""
                            )
                        ),
                        cell(r.change),
                        cell(
                            text(r.status.headline or "No update")
                            + (
                                f" ({fmt_date(r.status.reported_on)})"
                                if r.status.reported_on
                                else ""
                            )
                        ),
                    ]
                    for r in row.programmes
                ],
                [30, 14, 12, 44],
            )
        )
    if row.indicators:
        flow += [Paragraph("Indicators", STYLES["h4"]), indicator_table(row.indicators)]
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
                        cell(fmt_date(m.milestone.due_on)),
                        cell(m.outcome),
                    ]
                    for m in milestones
                ],
                [28, 44, 13, 15],
            ),
        ]
    if row.actions:
        flow += [
            Paragraph("Open actions", STYLES["h4"]),
            table(
                ["Action", "Owner", "Due"],
                [
                    [
                        cell(a.description),
                        cell(a.owner.name if a.owner else ""),
                        cell(str(a.due_meeting) if a.due_meeting else fmt_date(a.due_on)),
                    ]
                    for a in row.actions
                ],
                [60, 20, 20],
            ),
        ]
    return flow


def write_pdf(report: Report, path: Path) -> None:
    document = ReportDocument(path, report)
    # Two passes at least: the first finds the page count and the contents' pages.
    document.multiBuild(story(report))
    if document.total_pages != document.pages_drawn:
        # The last pass changed the page count, so its "of N" is stale: once more.
        document.multiBuild(story(report))
