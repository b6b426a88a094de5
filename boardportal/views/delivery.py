"""Delivery: the programmes list and its CSV, a programme, councils."""

from __future__ import annotations

import csv

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from boardportal import selectors
from boardportal.asat import keep_private, page_date
from core.rag import rag_label
from core.spreadsheets import spreadsheet_safe
from programmes.figures import council_ledger, council_stages
from programmes.filters import CouncilFilter, ProgrammeFilter
from programmes.models import Council
from programmes.querysets import listing_with_status
from programmes.selectors import programme_status
from programmes.tables import ProgrammeTable

from .plan import keeping_date

PAGE_SIZE = 50


@method_decorator(require_GET, name="dispatch")
class ProgrammeListView(SingleTableMixin, FilterView):
    """Every programme, filtered and sorted, with progress as at a date."""

    table_class = ProgrammeTable
    filterset_class = ProgrammeFilter
    template_name = "programmes/programme_list.html"
    paginate_by = PAGE_SIZE

    def dispatch(self, request, *args, **kwargs):
        self.page_date = page_date(request)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return listing_with_status(as_at=self.page_date.as_at)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def get_table_kwargs(self):
        return {"as_at": self.page_date.as_at, "link_query": self.page_date.query}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("sort", None)
        return {
            **context,
            "page_date": self.page_date,
            "csv_query": query.urlencode(),
            "nav": "programmes",
        }


CSV_COLUMNS = [
    "Programme",
    "Theme",
    "Board",
    "Lead officer",
    "Status",
    "Progress as at",
    "Progress",
    "Reported on",
    "Suggested by evidence",
    "Headline",
    "Overdue milestones",
    "Partners",
    "Link",
]


class _Echo:
    """A file-like object that hands back what is written, for streaming CSV."""

    def write(self, value: str) -> str:
        return value


@require_GET
def programme_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Exactly the rows of the filtered list, every page, as CSV."""
    shown = page_date(request)
    queryset = (
        listing_with_status(as_at=shown.as_at)
        # A list, not the manager: filling each programme's manager builds a queryset
        # for each, most of the file's time at 10,000 programmes.
        .prefetch_related(Prefetch("partners", to_attr="partner_list"))
        .order_by("name")
    )
    filterset = ProgrammeFilter(request.GET, queryset=queryset, user=request.user)
    rows = filterset.qs if filterset.is_valid() else queryset.none()

    def lines():
        writer = csv.writer(_Echo())
        yield writer.writerow(CSV_COLUMNS)
        for programme in rows:
            status = programme_status(programme, as_at=shown.as_at)
            yield writer.writerow(
                [
                    spreadsheet_safe(value)
                    for value in (
                        programme.name,
                        str(programme.theme or ""),
                        str(programme.board or ""),
                        programme.lead_officer.name if programme.lead_officer else "",
                        programme.get_status_display(),
                        shown.as_at.isoformat(),
                        rag_label(status.rag),
                        status.reported_on.isoformat() if status.reported_on else "",
                        status.suggested.label if status.suggested else "",
                        status.headline,
                        status.overdue_milestones,
                        "; ".join(str(p) for p in programme.partner_list),
                        request.build_absolute_uri(programme.get_absolute_url()),
                    )
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="programmes-{shown.as_at}.csv"'
    return response


@require_GET
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A programme's status as at a date, progress timeline, milestones, indicators."""
    shown = page_date(request, previewable=True)
    page = selectors.programme_page(
        slug=slug, as_at=shown.as_at, user=request.user, include_drafts=shown.drafts
    )
    if page is None:
        raise Http404("No such programme")
    response = render(
        request,
        "portal/programme_detail.html",
        {
            **vars(page),
            "funnel_shown": page.funnel_shown,
            "page_date": shown,
            "crumbs": [
                ("Plan", reverse("portal:home")),
                ("Programmes", keeping_date(reverse("programmes:list"), shown)),
            ],
            "nav": "programmes",
        },
    )
    return keep_private(response, shown)


@require_GET
def council_list(request: HttpRequest) -> HttpResponse:
    """Councils by type and region, and the take-up of offers."""
    filterset = CouncilFilter(request.GET, queryset=Council.objects.all())
    councils = filterset.qs if filterset.is_valid() else Council.objects.none()
    shown = page_date(request)
    overview = selectors.council_overview(councils=councils, as_at=shown.as_at)
    return render(
        request,
        "programmes/council_list.html",
        {
            **vars(overview),
            "share": overview.share,
            "filter": filterset,
            "page_date": shown,
            "nav": "councils",
        },
    )


@require_GET
def council_detail(request: HttpRequest, slug: str) -> HttpResponse:
    council = get_object_or_404(Council, slug=slug)
    shown = page_date(request)
    return render(
        request,
        "programmes/council_detail.html",
        {
            "council": council,
            "participations": council.participations.select_related("programme"),
            "stages": council_stages(council, as_at=shown.as_at),
            "ledger": council_ledger(council, as_at=shown.as_at),
            "page_date": shown,
            "crumbs": [("Councils", reverse("programmes:councils"))],
            "nav": "councils",
        },
    )
