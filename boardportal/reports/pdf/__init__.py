"""The report as a print-ready, accessible A4 PDF: tagged, conforming to PDF/UA-1.

A first page that leads with the exceptions and a chart of the statuses (`front`),
then the summary, the actions and the Boards' priorities (`content`), as plain
data (`blocks`) that the Typst template `overview.typ` lays out: PDF bookmarks for
every section and priority (no contents page: the bookmarks show when the file
opens), "as at" and "Page n of N" on every page, tables whose rows never split
across pages and whose header row repeats. A report too large to lay out at once
is laid out in parts and joined (`merge`), so memory stays bounded.

Typst rather than ReportLab or WeasyPrint: ReportLab's open-source edition cannot
tag a PDF (no structure tree, no language, no table headers for a screen reader),
and WeasyPrint lays out about 8 pages a second here, Typst about 45. The
benchmark's figures are in the README ("Reports for the Executive and the Board"):
the tagged PDF of 10,000 programmes is over its 30 s and memory budget.

`layout` keeps ReportLab's styles for the matters-arising PDF.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

import pikepdf

from .blocks import PAGE_BREAK, heading
from .content import story
from .merge import join

if TYPE_CHECKING:
    from ..rows import Report, StreamedReport

TEMPLATE = Path(__file__).with_name("overview.typ")
TYPESET = Path(__file__).with_name("typeset.py")
# Table rows laid out at once, by one child process: its peak was about 350 MB with
# 1,000 programmes, 650 MB with 10,000 (a table is never split; the summary's grow).
PART_ROWS = 4_000
LAYOUTS = min(2, os.cpu_count() or 1)  # parts laid out at once, each by a child process


def parts(blocks: Iterable[dict], rows: int) -> Iterator[list[dict]]:
    """The blocks in parts of about `rows` table rows, each ending before a page
    break or a level-2 heading (a priority, a part of the summary or of the
    actions), so that each part starts a page. A part that
    starts inside a section opens with its heading, "(continued)": a document's
    headings start at level 1."""
    part: list[dict] = []
    count = 0
    section = ""
    for block in blocks:
        priority = block["k"] == "h" and block["level"] == 2
        if count >= rows and part and (block is PAGE_BREAK or priority):
            yield part
            part, count = [], 0
            if priority:
                part.append(heading(f"{section} (continued)", "h1", 1, bookmark=False))
        if block["k"] == "h" and block["level"] == 1:
            section = block["t"]
        if not (block is PAGE_BREAK and not part):
            part.append(block)
        count += len(block.get("rows", ())) + 1
    if part:
        yield part


def typeset(report: Report | StreamedReport, blocks: list, output: Path, **furniture) -> int:
    """Lay out `blocks` into `output` in a child process (`typeset`); its page count."""
    period = report.period
    data = {
        # The window title (Typst sets DisplayDocTitle) and the XMP title.
        "title": f"{period.title}: {period.label}",
        "subject": f"As at {period.as_at:%-d %B %Y}",
        "running": period.title,
        "as_at": f"As at {period.as_at:%-d %B %Y}",
        "first": 1,
        "furniture": "all",
        "blocks": blocks,
        **furniture,
    }
    source = output.with_suffix(".json")
    source.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
    standards = [] if data["furniture"] == "footer" else ["ua-1"]
    child = subprocess.run(
        [sys.executable, str(TYPESET), str(TEMPLATE), str(source), str(output), *standards],
        capture_output=True,
        text=True,
    )
    source.unlink()
    if child.returncode:
        raise RuntimeError(f"Typst could not lay out the report: {child.stderr.strip()}")
    with pikepdf.open(output) as pdf:
        return len(pdf.pages)


def bookmarks(blocks: list[dict]) -> list[tuple[str, int]]:
    return [(b["t"], b["level"]) for b in blocks if b["k"] == "h" and b["bm"]]


def write_pdf(report: Report | StreamedReport, path: Path, *, part_rows: int = PART_ROWS) -> None:
    with tempfile.TemporaryDirectory(prefix="report-pdf-") as folder:
        pieces = parts(story(report), part_rows)
        first = next(pieces)
        second = next(pieces, None)
        if second is None:
            typeset(report, first, Path(folder) / "whole.pdf")
            shutil.move(Path(folder) / "whole.pdf", path)
            return
        written: list[Path] = []
        marks: list[list[tuple[str, int]]] = []
        pages = 0
        # The parts are laid out side by side (no part's layout depends on another's:
        # page numbers are drawn on afterwards) while the next part's rows are read;
        # at most LAYOUTS parts wait at once, so memory stays bounded.
        with ThreadPoolExecutor(max_workers=LAYOUTS) as pool:
            waiting: deque[Future] = deque()
            for number, blocks in enumerate(chain([first, second], pieces)):
                if len(waiting) >= LAYOUTS:
                    pages += waiting.popleft().result()
                part = Path(folder) / f"part-{number}.pdf"
                # `first` above 1: the running header from the part's first page.
                waiting.append(
                    pool.submit(
                        typeset, report, blocks, part, first=number + 1, furniture="running"
                    )
                )
                written.append(part)
                marks.append(bookmarks(blocks))
            pages += sum(job.result() for job in waiting)
        footers = Path(folder) / "footers.pdf"
        typeset(report, [], footers, furniture="footer", pages=pages)
        join(written, marks, footers, Path(path))


__all__ = ["write_pdf"]
