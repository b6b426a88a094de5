"""The Reports page and its downloads, for the public portal and the admin.

A download is written to a temporary file, which is then streamed: a large PDF or
workbook is never held in memory whole, and the file is deleted once sent."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import admin
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from boardportal.asat import plan_year_from_slug
from priorities.models import PlanYear

from .period import FORMATS, REPORT_KINDS, ReportError, resolve_period
from .rows import StreamedReport
from .writers import CONTENT_TYPES, write_format

FORMAT_LABELS = {"pdf": "PDF", "xlsx": "Spreadsheet (XLSX)", "csv": "CSV"}


def report_links(plan_year: PlanYear) -> list[dict]:
    """Every report of a plan year, with a download per format."""
    rows = []
    for quarter in plan_year.quarters:
        rows.append(("overview", quarter.number, f"Overview, Q{quarter.number}", quarter))
        if quarter.number in (2, 4):
            rows.append(
                ("board-progress", quarter.number, f"Board progress, Q{quarter.number}", quarter)
            )
    rows.append(("end-of-year", 4, "End of year review", plan_year.quarters[-1]))
    return [
        {
            "kind": kind,
            "title": title,
            "as_at": quarter.ends_on,
            "months": quarter.months,
            "downloads": [
                (
                    FORMAT_LABELS[fmt],
                    reverse(
                        "portal:report_download",
                        kwargs={
                            "year": plan_year.slug,
                            "kind": kind,
                            "quarter": number,
                            "fmt": fmt,
                        },
                    ),
                )
                for fmt in FORMATS
            ],
        }
        for kind, number, title, quarter in rows
    ]


def years_with_links(user) -> list[tuple[PlanYear, list[dict]]]:
    return [(year, report_links(year)) for year in PlanYear.objects.visible_to(user)]


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/report_list.html",
        {"years": years_with_links(request.user), "kinds": REPORT_KINDS, "nav": "reports"},
    )


@require_GET
def report_download(
    request: HttpRequest, year: str, kind: str, quarter: int, fmt: str
) -> FileResponse:
    plan_year = plan_year_from_slug(year, request.user)
    if kind not in REPORT_KINDS or fmt not in FORMATS:
        raise Http404("No such report")
    try:
        period = resolve_period(
            kind=kind, year=plan_year.label, quarter=None if kind == "end-of-year" else quarter
        )
    except ReportError as error:
        raise Http404(str(error)) from None
    if kind == "end-of-year" and quarter != 4:
        raise Http404("The end-of-year review is as at the end of Q4")
    # Deleted when closed: FileResponse closes it once the last byte is sent (or the
    # client goes away), and the except closes it if writing fails. Not a `with`: it
    # must stay open after this returns, for the response to stream.
    download = tempfile.NamedTemporaryFile(  # noqa: SIM115
        prefix="boardportal-report-", suffix=f".{fmt}"
    )
    try:
        # Written through its path, into the same file the open handle reads.
        write_format(StreamedReport(period), fmt, Path(download.name))
        download.seek(0)
        return FileResponse(
            download,
            as_attachment=True,
            filename=f"{period.filename_stem}.{fmt}",
            content_type=CONTENT_TYPES[fmt],
        )
    except BaseException:
        download.close()
        raise


def admin_reports(request: HttpRequest) -> HttpResponse:
    """The same downloads inside the admin, for officers."""
    context = {
        **admin.site.each_context(request),
        "title": "Reports",
        "years": years_with_links(request.user),
    }
    return render(request, "admin/reports.html", context)
