"""How the report's PDF looks, whatever it says: A4 pages, colours and paragraph
styles, tables whose header row repeats, the status tag, and the canvas that adds
"Page n of N", the running header and the bookmarks once every page is laid out.

One layout pass: the canvas holds each laid-out page until the end, then writes
them all, now knowing the page count. There is no contents page: the bookmarks
(shown when the file opens) list every section and priority, and each section
starts a page. `LazyStory` feeds platypus the flowables as it consumes them, so
memory does not hold every table of a large report at once.

What the pages say is in `content`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from core.rag import NO_STATUS, Rag

if TYPE_CHECKING:
    from ..rows import Report, StreamedReport

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
    "title": ParagraphStyle(
        "title", parent=_base["Title"], fontSize=20, leading=24, alignment=0, spaceAfter=2
    ),
    "subtitle": ParagraphStyle("subtitle", parent=_base["Normal"], fontSize=13, leading=17),
    "h1": ParagraphStyle("h1", parent=_base["Heading1"], fontSize=18, leading=22, spaceAfter=6),
    "h2": ParagraphStyle("h2", parent=_base["Heading2"], fontSize=13, leading=16, spaceBefore=8),
    "h3": ParagraphStyle("h3", parent=_base["Heading3"], fontSize=11, leading=14, spaceBefore=8),
    "h4": ParagraphStyle("h4", parent=_base["Heading4"], fontSize=9.5, leading=12, spaceBefore=4),
    "body": ParagraphStyle("body", parent=_base["BodyText"], fontSize=9, leading=11.5),
    "cell": ParagraphStyle("cell", parent=_base["BodyText"], fontSize=8, leading=10),
    "meta": ParagraphStyle(
        "meta", parent=_base["BodyText"], fontSize=7.5, leading=9.5, textColor="#505a5f"
    ),
}

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 16 * mm, 22 * mm, 20 * mm
WIDTH = PAGE_WIDTH - 2 * MARGIN_X


def text(value: object) -> str:
    """Escape anything a person typed: platypus reads a small XML markup."""
    return escape("" if value is None else str(value))


class Markup(str):
    """Platypus markup we wrote ourselves, such as a RAG tag. `cell()` escapes any
    other string: typed text holding `<img src=...>` would otherwise make ReportLab
    fetch that image, and broken markup would fail the whole download."""


def tag(rag: Rag | None) -> Markup:
    """A status in words, coloured as on the pages; no status reads as such."""
    if not rag:
        return Markup(f'<font color="#383f43"><b>{NO_STATUS}</b></font>')
    colour = RAG_COLOURS.get(str(rag), "#383f43")
    return Markup(f'<font color="{colour}"><b>{text(rag.label)}</b></font>')


SHORT = 14  # characters that fit the narrowest column without wrapping


def cell(value: object, style: str = "cell") -> Paragraph | str:
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
    headers: list[str],
    rows: list[list],
    widths: list[float],
    numeric: tuple[int, ...] = (),
    width: float = WIDTH,
) -> Table:
    """A table of the full width (or `width`): `widths` are relative; the header row
    repeats on each page."""
    scale = width / sum(widths)
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


class Heading(Paragraph):
    """A heading that becomes a bookmark."""

    def __init__(self, title: str, style: str, level: int, key: str):
        super().__init__(text(title), STYLES[style])
        self.bookmark = (title, level, key)


class DeferredCanvas(Canvas):
    """Keeps each page until `save()`, then draws the running header (from page 2:
    the first page has the title) and the footer ("Page n of N") and the bookmarks,
    and writes the pages."""

    def __init__(self, *args, report: Report | StreamedReport, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.pages: list[dict] = []
        self.page_marks: list[tuple[str, str, int]] = []  # (key, title, level) on this page
        self.showOutline()  # the bookmarks are the contents: open the file showing them

    def mark(self, key: str, title: str, level: int) -> None:
        self.page_marks.append((key, title, level))

    def showPage(self) -> None:
        # A page's drawing operators as one string: thousands of small strings per
        # page would cost far more memory while the pages wait for `save()`.
        self._code = ["\n".join(self._code)] if self._code else []
        self.pages.append({**self.__dict__, "page_marks": list(self.page_marks)})
        self.page_marks = []
        self._startPage()

    def save(self) -> None:
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
            self.draw_furniture(number, total)
            super().showPage()
        super().save()

    def draw_furniture(self, number: int, total: int) -> None:
        period = self.report.period
        self.saveState()
        self.setFont("Helvetica", 8)
        self.setFillColor(GREY)
        if number > 1:
            top = PAGE_HEIGHT - 12 * mm
            self.drawString(MARGIN_X, top, period.title)
            self.drawRightString(PAGE_WIDTH - MARGIN_X, top, f"As at {period.as_at:%-d %B %Y}")
        self.drawRightString(PAGE_WIDTH - MARGIN_X, 10 * mm, f"Page {number} of {total}")
        self.restoreState()


class LazyStory(list):
    """A story list that fills itself from a generator as platypus consumes it."""

    def __init__(self, source: Iterable[Flowable], buffer: int = 64):
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

    def __delitem__(self, index) -> None:
        list.__delitem__(self, index)
        self.fill()

    def __setitem__(self, index, value) -> None:
        list.__setitem__(self, index, value)
        self.fill()

    def pop(self, index: int = -1) -> Flowable:
        value = list.pop(self, index)
        self.fill()
        return value


class ReportDocument(BaseDocTemplate):
    """A4 pages; headings become bookmarks."""

    def __init__(self, path: Path, report: Report | StreamedReport):
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
        self.addPageTemplates([PageTemplate(id="body", frames=[frame])])

    def afterFlowable(self, flowable: Flowable) -> None:
        bookmark = getattr(flowable, "bookmark", None)
        if bookmark:
            title, level, key = bookmark
            self.canv.mark(key, title, level)
