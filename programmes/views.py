import csv

from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from boardportal.asat import page_date
from core.rag import rag_label
from core.spreadsheets import spreadsheet_safe

from .filters import CouncilFilter, ProgrammeFilter
from .models import Council, Programme
from .reporting import programme_status
from .tables import ProgrammeTable

PAGE_SIZE = 50


class AsAtMixin:
    def dispatch(self, request, *args, **kwargs):
        self.page_date = page_date(request)
        return super().dispatch(request, *args, **kwargs)


@method_decorator(require_GET, name="dispatch")
class ProgrammeListView(AsAtMixin, SingleTableMixin, FilterView):
    """Every programme, filtered and sorted, with progress as at a date."""

    table_class = ProgrammeTable
    filterset_class = ProgrammeFilter
    template_name = "programmes/programme_list.html"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return Programme.objects.for_listing().with_status(as_at=self.page_date.as_at)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def get_table_kwargs(self):
        return {"as_at": self.page_date.as_at, "link_query": self.page_date.query}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_date"] = self.page_date
        context["nav"] = "programmes"
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("sort", None)
        context["csv_query"] = query.urlencode()
        return context


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


@require_GET
def programme_csv(request):
    """Exactly the rows of the filtered list, every page, as CSV."""
    date = page_date(request)
    queryset = (
        Programme.objects.for_listing()
        .with_status(as_at=date.as_at)
        .prefetch_related("partners")
        .order_by("name")
    )
    filterset = ProgrammeFilter(request.GET, queryset=queryset, user=request.user)
    rows = filterset.qs if filterset.is_valid() else queryset.none()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="programmes-{date.as_at}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for programme in rows:
        status = programme_status(programme, as_at=date.as_at)
        writer.writerow(
            [
                spreadsheet_safe(value)
                for value in (
                    programme.name,
                    str(programme.theme or ""),
                    str(programme.board or ""),
                    programme.lead_officer.name if programme.lead_officer else "",
                    programme.get_status_display(),
                    date.as_at.isoformat(),
                    rag_label(status.rag),
                    status.reported_on.isoformat() if status.reported_on else "",
                    status.suggested.label if status.suggested else "",
                    status.headline,
                    status.overdue_milestones,
                    "; ".join(str(p) for p in programme.partners.all()),
                    request.build_absolute_uri(programme.get_absolute_url()),
                )
            ]
        )
    return response


@require_GET
def council_list(request):
    """Councils by type and region, and the take-up of offers."""
    filterset = CouncilFilter(request.GET, queryset=Council.objects.all())
    councils = (
        filterset.qs.annotate(offers=Count("participations__programme", distinct=True))
        if filterset.is_valid()
        else Council.objects.none()
    )
    total = Council.objects.count()
    taking_part = Council.objects.filter(participations__isnull=False).distinct().count()
    by_offer = (
        Programme.objects.annotate(councils=Count("participations__council", distinct=True))
        .filter(councils__gt=0)
        .order_by("-councils", "name")
    )
    by_region = (
        Council.objects.values("region")
        .annotate(
            councils=Count("pk", distinct=True),
            taking_part=Count("pk", filter=Q(participations__isnull=False), distinct=True),
        )
        .order_by("region")
    )
    region_names = dict(Council.Region.choices)
    return render(
        request,
        "programmes/council_list.html",
        {
            "filter": filterset,
            "councils": councils,
            "total": total,
            "taking_part": taking_part,
            "share": round(100 * taking_part / total) if total else 0,
            "by_offer": [
                (p, p.councils, round(100 * p.councils / total) if total else 0) for p in by_offer
            ],
            "by_region": [
                (
                    region_names.get(row["region"], "Region not recorded"),
                    row["councils"],
                    row["taking_part"],
                    round(100 * row["taking_part"] / row["councils"]),
                )
                for row in by_region
            ],
            "nav": "councils",
        },
    )


@require_GET
def council_detail(request, slug):
    council = get_object_or_404(Council, slug=slug)
    return render(
        request,
        "programmes/council_detail.html",
        {
            "council": council,
            "participations": council.participations.select_related("programme"),
            "nav": "councils",
        },
    )
