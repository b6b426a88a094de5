"""The report as a print-ready A4 PDF, drawn with ReportLab's platypus.

Title page, contents with page numbers, PDF bookmarks for every Board and
priority, "as at" and "Page n of N" on every page, tables whose rows never split
across pages and whose header row repeats.

One layout pass: the canvas holds each laid-out page until the end, then writes
them all, now knowing the page count and the page each section starts on (for
the contents). The story is generated as it is consumed, so memory does not
hold every table of a large report at once.

ReportLab rather than WeasyPrint: WeasyPrint lays out about 8 pages a second
here (1,000 programmes, 222 pages: 30 s and 711 MB), so 10,000 programmes would
take minutes and gigabytes; ReportLab draws the same content in seconds.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
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

from core.rag import NO_STATUS

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
}

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 16 * mm, 22 * mm, 20 * mm
WIDTH = PAGE_WIDTH - 2 * MARGIN_X


def text(value) -> str:
    """Escape anything a person typed: platypus reads a small XML markup."""
    return escape("" if value is None else str(value))


class Markup(str):
    """Platypus markup we wrote ourselves, such as a RAG tag. `cell()` escapes any
    other string: typed text holding `<img src=...>` would otherwise make ReportLab
    fetch that image, and broken markup would fail the whole download."""


def tag(rag) -> Markup:
    if not rag:
        return Markup(f'<font color="#383f43"><b>{NO_STATUS}</b></font>')
    colour = RAG_COLOURS.get(str(rag), "#383f43")
    return Markup(f'<font color="{colour}"><b>{text(rag.label)}</b></font>')


SHORT = 14  # characters that fit the narrowest column without wrapping


def cell(value, style="cell") -> Paragraph | str:
    """A table cell. Short plain text stays a string (drawn as it is, no wrapping
    needed, and far faster to lay out); longer text becomes a Paragraph of the
    escaped text, and our own `Markup` a Paragraph as written."""
    if isinstance(value, Markup):
        return Paragraph(value, STYLES[style])
    value = "" if value is None else str(value)
    if len(value) <= SHORT:
        return value
    return Paragraph(text(value), STYLES[style])


def header_cell(title: str) -> Paragraph | str:
    return title if len(title) <= SHORT else Paragraph(f"<b>{text(title)}</b>", STYLES["cell"])


def table(
    headers: list[str], rows: list[list], widths: list[float], numeric: tuple[int, ...] = ()
) -> Table:
    scale = WIDTH / sum(widths)
    data = [[header_cell(h) for h in headers], *rows]
    result = Table(data, colWidths=[w * scale for w in widths], repeatRows=1)
    result.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("FONT", (0, 0), (-1, -1), "Helvetica", 8, 10),
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8, 10),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                *[("ALIGN", (column, 0), (column, -1), "RIGHT") for column in numeric],
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


class DeferredCanvas(Canvas):
    """Keeps each page until `save()`, then draws the running header and footer
    ("Page n of N"), the contents page and the bookmarks, and writes the pages."""

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.pages: list[dict] = []
        self.page_marks: list[tuple[str, str, int]] = []  # (key, title, level) on this page
        self.contents: list[tuple[str, str, int]] = []  # (title, key, page) for the contents

    def mark(self, key: str, title: str, level: int, contents: bool) -> None:
        self.page_marks.append((key, title, level))
        if contents:
            self.contents.append((title, key, len(self.pages) + 1))

    def showPage(self):
        # A page's drawing operators as one string: thousands of small strings per
        # page would cost far more memory while the pages wait for `save()`.
        self._code = ["\n".join(self._code)] if self._code else []
        self.pages.append({**self.__dict__, "page_marks": list(self.page_marks)})
        self.page_marks = []
        self._startPage()

    def save(self):
        total = len(self.pages)
        self.pages.reverse()  # pop from the end: each page is let go once written
        number = 0
        while self.pages:
            state = self.pages.pop()
            number += 1
            self.__dict__.update(state)
            for key, title, level in state["page_marks"]:
                self.bookmarkPage(key)
                self.addOutlineEntry(title, key, level=level, closed=level > 0)
            if number > 1:
                self.draw_furniture(number, total)
            if number == 2:
                self.draw_contents()
            super().showPage()
        super().save()

    def draw_furniture(self, number: int, total: int) -> None:
        period = self.report.period
        self.saveState()
        self.setFont("Helvetica", 8)
        self.setFillColor(GREY)
        top = PAGE_HEIGHT - 12 * mm
        self.drawString(MARGIN_X, top, period.title)
        self.drawRightString(PAGE_WIDTH - MARGIN_X, top, f"As at {period.as_at:%-d %B %Y}")
        self.drawRightString(PAGE_WIDTH - MARGIN_X, 10 * mm, f"Page {number} of {total}")
        self.restoreState()

    def draw_contents(self) -> None:
        self.saveState()
        self.setFont("Helvetica", 11)
        y = PAGE_HEIGHT - MARGIN_TOP - 16 * mm
        right = PAGE_WIDTH - MARGIN_X
        for title, key, page in self.contents:
            self.setFillColor(colors.black)
            self.drawString(MARGIN_X, y, title)
            self.drawRightString(right, y, str(page))
            title_end = MARGIN_X + self.stringWidth(title, "Helvetica", 11) + 2 * mm
            number_start = right - self.stringWidth(str(page), "Helvetica", 11) - 2 * mm
            self.setFillColor(GREY)
            dots = "." * max(
                0, int((number_start - title_end) / self.stringWidth(".", "Helvetica", 11))
            )
            self.drawString(title_end, y, dots)
            self.linkAbsolute(title, key, (MARGIN_X, y - 2, right, y + 10))
            y -= 7 * mm
            if y < MARGIN_BOTTOM:
                break
        self.restoreState()


class LazyStory(list):
    """A story list that fills itself from a generator as platypus consumes it."""

    def __init__(self, source, buffer: int = 64):
        super().__init__()
        self.source = iter(source)
        self.buffer = buffer
        self.fill()

    def fill(self) -> None:
        while self.source is not None and list.__len__(self) < self.buffer:
            try:
                list.append(self, next(self.source))
            except StopIteration:
                self.source = None

    def __delitem__(self, index):
        list.__delitem__(self, index)
        self.fill()

    def __setitem__(self, index, value):
        list.__setitem__(self, index, value)
        self.fill()

    def pop(self, index=-1):
        value = list.pop(self, index)
        self.fill()
        return value


class ReportDocument(BaseDocTemplate):
    def __init__(self, path: Path, report):
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
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM)
        self.addPageTemplates(
            [PageTemplate(id="title", frames=[frame]), PageTemplate(id="body", frames=[frame])]
        )

    def afterFlowable(self, flowable) -> None:
        bookmark = getattr(flowable, "bookmark", None)
        if bookmark:
            title, level, key, contents = bookmark
            self.canv.mark(key, title, level, contents)


def story(report):
    """The report's flowables, generated as they are laid out."""
    period = report.period
    yield from [
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
        # The canvas draws the entries on this page once it knows their pages.
        Heading("Contents", "h1", 0, "contents"),
        PageBreak(),
    ]
    yield from summary(report)
    section = None
    for row in report.priority_rows():
        if row.section != section:
            section = row.section
            yield PageBreak()
            yield Heading(section, "h1", 0, f"section-{row.priority.pk}", contents=True)
        yield from priority_block(report, row, key=f"priority-{row.priority.pk}")


def counts_table(label: str, counts: dict) -> Table:
    levels = ["Red", "Amber", "Green", "Complete", "Not started", NO_STATUS, "Total"]
    rows = [
        [cell(name)] + [cell(str(c)) for _, _, c in tally.rows()] + [cell(str(tally.total))]
        for name, tally in counts.items()
    ]
    return table([label, *levels], rows, [40] + [10] * 7, numeric=tuple(range(1, 8)))


def summary(report) -> list:
    period = report.period
    totals = report.summary
    flow: list = [Heading("Summary", "h1", 0, "summary", contents=True)]
    flow.append(Paragraph("Programmes by progress", STYLES["h2"]))
    counts = totals.programme_counts
    flow.append(
        table(
            [label for _, label, _ in counts.rows()] + ["Total"],
            [[cell(str(c)) for _, _, c in counts.rows()] + [cell(str(counts.total))]],
            [10] * 7,
            numeric=tuple(range(7)),
        )
    )
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
    return flow


def indicator_table(rows) -> Table:
    """Rows of (programme, indicator, target, actual, % of target, verdict)."""
    body = [
        [
            cell(programme),
            cell(indicator),
            cell(fmt_number(target)),
            cell(fmt_number(actual) or "No reading"),
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


def priority_block(report, row, *, key: str) -> list:
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
                        cell(
                            (r.status.headline or "No update")
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
        flow += [
            Paragraph("Indicators", STYLES["h4"]),
            indicator_table(
                (
                    i.programme_name,
                    i.status.indicator.name,
                    i.status.indicator.target_value,
                    i.status.actual,
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


def write_pdf(report, path: Path) -> None:
    document = ReportDocument(path, report)

    def canvas(*args, **kwargs):
        return DeferredCanvas(*args, report=report, **kwargs)

    document.build(LazyStory(story(report)), canvasmaker=canvas)
