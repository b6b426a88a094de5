"""ReportLab's A4 page, colours, paragraph styles and tables whose header row
repeats, for the matters-arising PDF (`boardportal.matters_arising`). The reports'
PDF is laid out by Typst instead, tagged for assistive technology (`overview.typ`).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle

GREY = colors.HexColor("#505a5f")
RULE = colors.HexColor("#b1b4b6")
HEADER_FILL = colors.HexColor("#f3f2f1")
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
