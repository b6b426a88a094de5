"""The Reports page and its downloads, for the public portal and the admin.

A download is served from storage when that report has been built at the current data
version; otherwise it is built in the background and the visitor sees a page saying it
is being prepared, which offers the file when it is ready (`builds`)."""

from __future__ import annotations

from django.contrib import admin
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from boardportal.asat import plan_year_from_slug
from boardportal.models import BuiltReport
from priorities.models import PlanYear

from .builds import ReportKey, open_built_file, request_build
from .period import FORMATS, REPORT_KINDS, ReportError, ReportPeriod
from .writers import CONTENT_TYPES

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


def report_key(
    request: HttpRequest, year: str, kind: str, quarter: int, fmt: str
) -> tuple[ReportKey, ReportPeriod]:
    """The report an address asks for, as the visitor may see it; else 404."""
    plan_year = plan_year_from_slug(year, request.user)
    if kind not in REPORT_KINDS or fmt not in FORMATS:
        raise Http404("No such report")
    if kind == "end-of-year" and quarter != 4:
        raise Http404("The end-of-year review is as at the end of Q4")
    key = ReportKey(plan_year, kind, quarter, fmt)
    try:
        return key, key.period()
    except ReportError as error:
        raise Http404(str(error)) from None


def report_urls(key: ReportKey) -> dict[str, str]:
    kwargs = {"year": key.plan_year.slug, "kind": key.kind, "quarter": key.quarter, "fmt": key.fmt}
    return {
        name: reverse(f"portal:report_{name}", kwargs=kwargs)
        for name in ("download", "preparing", "status")
    }


@require_GET
@never_cache
def report_download(
    request: HttpRequest, year: str, kind: str, quarter: int, fmt: str
) -> HttpResponse:
    """The file, from storage when it is built; else the page saying it is being prepared."""
    key, period = report_key(request, year, kind, quarter, fmt)
    build = request_build(key)
    if build.status == BuiltReport.Status.READY and (stream := open_built_file(build)):
        return FileResponse(
            stream,
            as_attachment=True,
            filename=f"{period.filename_stem}.{fmt}",
            content_type=CONTENT_TYPES[fmt],
        )
    return redirect(report_urls(key)["preparing"])


@require_http_methods(["GET", "POST"])
@never_cache
def report_preparing(
    request: HttpRequest, year: str, kind: str, quarter: int, fmt: str
) -> HttpResponse:
    """Says the report is being prepared, offers it when ready, or says it failed (and
    offers to try again: a POST)."""
    key, period = report_key(request, year, kind, quarter, fmt)
    build = request_build(key, retry=request.method == "POST")
    if request.method == "POST":
        return redirect(report_urls(key)["preparing"])
    failed = build.status == BuiltReport.Status.FAILED
    context = {
        "build": build,
        "period": period,
        "format_label": FORMAT_LABELS[fmt],
        "urls": report_urls(key),
        "nav": "reports",
    }
    return render(request, "reports/report_preparing.html", context, status=500 if failed else 200)


@require_GET
@never_cache
def report_status(
    request: HttpRequest, year: str, kind: str, quarter: int, fmt: str
) -> JsonResponse:
    """Where the build is, for the preparing page's script."""
    key, _period = report_key(request, year, kind, quarter, fmt)
    build = request_build(key)
    return JsonResponse(
        {
            "status": build.status,
            "message": build.get_status_display(),
            "download_url": report_urls(key)["download"],
        }
    )


def admin_reports(request: HttpRequest) -> HttpResponse:
    """The same downloads inside the admin, for officers."""
    context = {
        **admin.site.each_context(request),
        "title": "Reports",
        "years": years_with_links(request.user),
    }
    return render(request, "admin/reports.html", context)
