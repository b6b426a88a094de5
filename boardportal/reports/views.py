"""The Reports page and its downloads, for the public portal and the admin."""

import tempfile
from pathlib import Path

from django.contrib import admin
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from boardportal.asat import plan_year_from_slug
from priorities.models import PlanYear

from .engine import FORMATS, REPORT_KINDS, ReportError, StreamedReport, resolve_period
from .writers import CONTENT_TYPES, write_report

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
                    f"/reports/{plan_year.slug}/{kind}/q{number}.{fmt}",
                )
                for fmt in FORMATS
            ],
        }
        for kind, number, title, quarter in rows
    ]


def years_with_links(user):
    return [(year, report_links(year)) for year in PlanYear.objects.visible_to(user)]


@require_GET
def report_list(request):
    return render(
        request,
        "reports/report_list.html",
        {"years": years_with_links(request.user), "kinds": REPORT_KINDS, "nav": "reports"},
    )


@require_GET
def report_download(request, year: str, kind: str, quarter: int, fmt: str):
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
    report = StreamedReport(period)
    with tempfile.TemporaryDirectory() as folder:
        path = write_report(report, fmt, Path(folder) / f"report.{fmt}")
        content = path.read_bytes()
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{period.filename_stem}.{fmt}"'
    return response


def admin_reports(request):
    """The same downloads inside the admin, for officers."""
    context = {
        **admin.site.each_context(request),
        "title": "Reports",
        "years": years_with_links(request.user),
    }
    return render(request, "admin/reports.html", context)
