"""The plan: the overview of a plan year, a priority, themes."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from boardportal import selectors
from boardportal.asat import (
    PREVIEW,
    current_plan_year,
    keep_private,
    page_date,
    plan_year_from_slug,
)
from priorities.models import Priority, Theme


def keeping_date(url: str, shown) -> str:
    """A link that keeps the page's chosen as-at date (and a staff preview)."""
    return f"{url}?{shown.query}" if shown.query else url


@require_GET
def home(request: HttpRequest, year: str | None = None) -> HttpResponse:
    """The plan overview: one plan year's priorities by theme, with status as at a date."""
    chosen = request.GET.get("year", "")
    if chosen and not year:
        # The plan-year selector submits ?year=; its page has an address of its own.
        plan_year = plan_year_from_slug(chosen[:20], request.user)
        kept = {
            name: request.GET[name][:40] for name in ("as_at", PREVIEW) if request.GET.get(name, "")
        }
        query = "?" + urlencode(kept) if kept else ""
        return redirect(plan_year.get_absolute_url() + query)
    if year:
        plan_year = plan_year_from_slug(year, request.user)
    else:
        # The year containing the as-at date (chosen, or by default today).
        plan_year = current_plan_year(request.user, page_date(request).as_at)
    shown = page_date(request, plan_year, previewable=True)
    if plan_year is None:
        return render(request, "portal/home_empty.html", {"page_date": shown})
    overview = selectors.plan_overview(
        plan_year=plan_year, as_at=shown.as_at, include_drafts=shown.drafts
    )
    response = render(
        request,
        "portal/home.html",
        {
            "plan_year": plan_year,
            "plan_years": selectors.plan_years_for(request.user),
            "page_date": shown,
            "summary": overview.summary,
            "organisation": overview.organisation,
            "boards": overview.boards,
            "dropped": overview.dropped,
            "nav": "plan",
        },
    )
    return keep_private(response, shown)


@require_GET
def priority_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The golden thread: what a priority serves, who delivers it and how it is going."""
    priority = get_object_or_404(
        Priority.objects.visible_to(request.user).select_related(
            "plan_year", "board", "theme", "lead_officer"
        ),
        pk=pk,
    )
    shown = page_date(request, priority.plan_year, previewable=True)
    page = selectors.priority_page(
        priority=priority, as_at=shown.as_at, user=request.user, include_drafts=shown.drafts
    )
    response = render(
        request,
        "portal/priority_detail.html",
        {
            **vars(page),
            "page_date": shown,
            "crumbs": [
                ("Plan", reverse("portal:home")),
                (
                    priority.plan_year.label,
                    keeping_date(priority.plan_year.get_absolute_url(), shown),
                ),
            ],
            "nav": "plan",
        },
    )
    return keep_private(response, shown)


@require_GET
def theme_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/theme_list.html", {"themes": Theme.objects.all(), "nav": "themes"}
    )


@require_GET
def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A theme across plan years: its priorities each year with their status."""
    theme = get_object_or_404(Theme, slug=slug)
    shown = page_date(request)
    page = selectors.theme_page(theme=theme, as_at=shown.as_at, user=request.user)
    return render(
        request,
        "portal/theme_detail.html",
        {
            **vars(page),
            "page_date": shown,
            "crumbs": [("Themes", reverse("priorities:themes"))],
            "nav": "themes",
        },
    )
