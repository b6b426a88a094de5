"""The report as a print-ready A4 PDF, drawn with ReportLab's platypus.

A first page that leads with the exceptions and a chart of the statuses (`front`),
then the summary, the actions and the Boards' priorities (`content`); PDF bookmarks
for every section and priority (no contents page: the bookmarks show when the file
opens), "as at" and "Page n of N" on every page, tables whose rows never split
across pages and whose header row repeats. `layout` holds how the pages look.

ReportLab rather than WeasyPrint: WeasyPrint lays out about 8 pages a second
here (1,000 programmes, 222 pages: 30 s and 711 MB), so 10,000 programmes would
take minutes and gigabytes; ReportLab draws the same content in seconds.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .content import story
from .layout import DeferredCanvas, LazyStory, ReportDocument

if TYPE_CHECKING:
    from ..rows import Report, StreamedReport


def write_pdf(report: Report | StreamedReport, path: Path) -> None:
    document = ReportDocument(path, report)

    def canvas(*args, **kwargs) -> DeferredCanvas:
        return DeferredCanvas(*args, report=report, **kwargs)

    document.build(LazyStory(story(report)), canvasmaker=canvas)


__all__ = ["write_pdf"]
