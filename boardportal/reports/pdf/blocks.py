"""The pieces the report's PDF is made of, as plain data for the Typst template
(`overview.typ`): headings, paragraphs, tables, a page break and the status chart.

The report's words travel as data (JSON strings), never as Typst markup, so
nothing an officer typed can change the document: `#`, `*` or `<img>` in a
programme's name print as they are.

A piece of text is a string, or a list of runs for anything richer: a run is
`{"t": text}` with `"b"` (strong), `"c"` (a colour) or `"s"` (a smaller size), or
`{"br": 1}`, a line break.
"""

from __future__ import annotations

from core.rag import NO_STATUS, Rag

RAG_COLOURS = {
    "red": "#942514",
    "amber": "#6e3619",
    "green": "#005a30",
    "complete": "#0c2d4a",
    "not_started": "#383f43",
}
NO_STATUS_COLOUR = "#383f43"
OVERDUE_COLOUR = "#942514"
BREAK = {"br": 1}
PAGE_BREAK = {"k": "break"}
# Heading styles: the level is the document's outline; the style only how it looks.
STYLES = ("title", "h1", "h2", "h3", "h4")


def text(value: object) -> str:
    return "" if value is None else str(value)


def run(value: object, *, bold: bool = False, colour: str = "", size: float = 0) -> dict:
    piece: dict = {"t": text(value)}
    if bold:
        piece["b"] = 1
    if colour:
        piece["c"] = colour
    if size:
        piece["s"] = size
    return piece


def tag(rag: Rag | None) -> dict:
    """A status in words (strong), coloured as on the pages; no status says so."""
    if not rag:
        return run(NO_STATUS, bold=True, colour=NO_STATUS_COLOUR)
    return run(rag.label, bold=True, colour=RAG_COLOURS.get(str(rag), NO_STATUS_COLOUR))


def heading(title: str, style: str, level: int, *, bookmark: bool = True) -> dict:
    """A heading at `level` of the outline (1 is the top): headings never skip a
    level, and the bookmarked ones are the PDF's bookmarks."""
    assert style in STYLES
    return {"k": "h", "t": text(title), "style": style, "level": level, "bm": bookmark}


def para(content: str | list, style: str = "body") -> dict:
    return {"k": "p", "t": content, "style": style}


def table(
    headers: list[str],
    rows: list[list],
    widths: list[float],
    numeric: tuple[int, ...] = (),
) -> dict:
    """A table with a header row of real header cells, repeated on each page;
    `widths` are relative; `numeric` columns are aligned right."""
    return {"k": "table", "head": headers, "rows": rows, "w": widths, "num": list(numeric)}
