"""Pages that follow the golden thread across all three apps: the plan overview,
a priority, a programme, themes and search. Each view only gathers rows; status
comes from `programmes.reporting`."""

from __future__ import annotations

import logging
import sys
from itertools import groupby
from urllib.parse import urlencode

from django.db import Error as DatabaseError
from django.db import connection
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from boardportal.asat import BadQuery, current_plan_year, page_date, plan_year_from_slug
from meetings.models import Action, AgendaItem, Paragraph
from priorities.models import PlanYear, Priority, Theme
from programmes.charts import indicator_chart, sentence
from programmes.models import Programme, Reading
from programmes.reporting import (
    plan_year_summary,
    priorities_with_status,
    programme_status,
)
from programmes.status import milestone_state

from .middleware import DATABASE_DOWN, database_unavailable

MAX_QUERY_LENGTH = 200

logger = logging.getLogger("boardportal.faults")


def plan_years_for(user):
    return list(PlanYear.objects.visible_to(user).order_by("-starts_on"))


@require_GET
def home(request: HttpRequest, year: str | None = None) -> HttpResponse:
    """The plan overview: one plan year's priorities by theme, with status as at a date."""
    chosen = request.GET.get("year", "")
    if chosen and not year:
        # The plan-year selector submits ?year=; its page has an address of its own.
        plan_year = plan_year_from_slug(chosen[:20], request.user)
        as_at = request.GET.get("as_at", "")
        query = "?" + urlencode({"as_at": as_at[:40]}) if as_at else ""
        return redirect(plan_year.get_absolute_url() + query)
    if year:
        plan_year = plan_year_from_slug(year, request.user)
        date = page_date(request, plan_year)
    else:
        date = page_date(request)
        plan_year = current_plan_year(request.user, date.as_at)
        if plan_year is not None:
            date = page_date(request, plan_year)
    if plan_year is None:
        return render(request, "portal/home_empty.html", {"page_date": date})

    summary = plan_year_summary(plan_year, as_at=date.as_at)
    organisation = [s for s in summary.priorities if s.priority.board_id is None]
    board_statuses = [s for s in summary.priorities if s.priority.board_id is not None]
    boards = []
    for board, rows in groupby(board_statuses, key=lambda s: s.priority.board):
        rows = list(rows)
        themes = []
        keyed = sorted(
            rows,
            key=lambda s: (s.priority.theme.order if s.priority.theme else 999, s.priority.order),
        )
        for theme, in_theme in groupby(keyed, key=lambda s: s.priority.theme):
            themes.append((theme, list(in_theme)))
        boards.append((board, themes))
    return render(
        request,
        "portal/home.html",
        {
            "plan_year": plan_year,
            "plan_years": plan_years_for(request.user),
            "page_date": date,
            "summary": summary,
            "organisation": organisation,
            "boards": boards,
            "nav": "plan",
        },
    )


@require_GET
def priority_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The golden thread: what a priority serves, who delivers it and how it is going."""
    priority = get_object_or_404(Priority.objects.visible_to(request.user), pk=pk)
    date = page_date(request, priority.plan_year)
    (status,) = priorities_with_status(Priority.objects.filter(pk=priority.pk), as_at=date.as_at)
    programme_ids = [p.programme.pk for p in status.programmes]
    agenda_items = (
        AgendaItem.objects.visible_to(request.user)
        .filter(Q(priorities=priority) | Q(programmes__in=programme_ids))
        .select_related("meeting__board")
        .distinct()
        .order_by("-meeting__meets_on", "order")
    )
    actions = (
        Action.objects.filter(status=Action.Status.OPEN)
        .filter(Q(priorities=priority) | Q(programmes__in=programme_ids))
        .select_related("meeting__board", "owner", "due_meeting")
        .distinct()
    )
    return render(
        request,
        "portal/priority_detail.html",
        {
            "priority": priority,
            "status": status,
            "page_date": date,
            "contributes_to": priority.contributes_to.select_related("plan_year"),
            "contributions": priority.contributions.visible_to(request.user).select_related(
                "board"
            ),
            "indicators": priority.indicators.all(),
            "agenda_items": agenda_items,
            "actions": actions,
            "nav": "plan",
        },
    )


@require_GET
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A programme's status as at a date, progress timeline, milestones, indicators."""
    base = Programme.objects.for_listing().prefetch_related("partners")
    programme = get_object_or_404(base, slug=slug)
    date = page_date(request)
    fetched = Programme.objects.with_status(as_at=date.as_at).get(pk=programme.pk)
    status = programme_status(fetched, as_at=date.as_at)
    readings = (
        Reading.objects.published()
        .filter(indicator__in=[i.indicator for i in status.indicators], as_at__lte=date.as_at)
        .order_by("as_at")
    )
    by_indicator: dict[int, list[Reading]] = {}
    for reading in readings:
        by_indicator.setdefault(reading.indicator_id, []).append(reading)
    indicators = []
    for indicator in status.indicators:
        rows = by_indicator.get(indicator.indicator.pk, [])
        indicators.append(
            {
                "status": indicator,
                "readings": rows,
                "chart": indicator_chart(indicator, rows),
                "sentence": sentence(indicator),
            }
        )
    milestones = [
        (m, milestone_state(due_on=m.due_on, completed_on=m.completed_on, as_at=date.as_at))
        for m in programme.milestones.all()
    ]
    priorities = programme.priorities.visible_to(request.user).select_related("plan_year", "board")
    discussed = (
        AgendaItem.objects.visible_to(request.user)
        .filter(Q(programmes=programme) | Q(paragraphs__programmes=programme))
        .select_related("meeting__board")
        .distinct()
        .order_by("-meeting__meets_on")
    )
    return render(
        request,
        "portal/programme_detail.html",
        {
            "programme": programme,
            "status": status,
            "page_date": date,
            "updates": programme.progress_updates.published()
            .filter(as_at__lte=date.as_at)
            .select_related("author")
            .order_by("-as_at"),
            "milestones": milestones,
            "indicators": indicators,
            "participations": programme.participations.select_related("council"),
            "children": programme.children.all(),
            "priorities": priorities,
            "agenda_items": discussed,
            "actions": Action.objects.filter(programmes=programme).select_related(
                "meeting__board", "owner"
            ),
            "nav": "programmes",
        },
    )


@require_GET
def theme_list(request: HttpRequest) -> HttpResponse:
    themes = Theme.objects.all()
    return render(request, "portal/theme_list.html", {"themes": themes, "nav": "themes"})


@require_GET
def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A theme across plan years: its priorities each year with their status."""
    theme = get_object_or_404(Theme, slug=slug)
    date = page_date(request)
    priorities = (
        Priority.objects.visible_to(request.user)
        .filter(theme=theme)
        .order_by("-plan_year__starts_on", "board__order", "order")
    )
    statuses = priorities_with_status(priorities, as_at=date.as_at)
    years = [
        (plan_year, list(rows))
        for plan_year, rows in groupby(statuses, key=lambda s: s.priority.plan_year)
    ]
    programmes = Programme.objects.filter(theme=theme).order_by("name")
    return render(
        request,
        "portal/theme_detail.html",
        {
            "theme": theme,
            "years": years,
            "programmes": programmes,
            "page_date": date,
            "nav": "themes",
        },
    )


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """One box across priorities, programmes, agenda items and paragraphs."""
    query = request.GET.get("q", "").strip()
    if len(query) > MAX_QUERY_LENGTH:
        raise BadQuery(f"Search for at most {MAX_QUERY_LENGTH} characters.")
    groups = []
    if query:
        words = query.split()[:10]

        def matching(fields):
            condition = Q()
            for word in words:
                any_field = Q()
                for field in fields:
                    any_field |= Q(**{f"{field}__icontains": word})
                condition &= any_field
            return condition

        priorities = (
            Priority.objects.visible_to(request.user)
            .filter(matching(["title", "description", "target_statement", "reference"]))
            .select_related("plan_year", "board")[:50]
        )
        programmes = Programme.objects.filter(matching(["name", "summary"])).select_related(
            "theme"
        )[:50]
        items = (
            AgendaItem.objects.visible_to(request.user)
            .filter(matching(["title", "summary", "purpose", "recommendations"]))
            .select_related("meeting__board")[:50]
        )
        paragraphs = (
            Paragraph.objects.filter(agenda_item__in=AgendaItem.objects.visible_to(request.user))
            .filter(matching(["text", "heading", "subheading"]))
            .select_related("agenda_item__meeting__board")[:50]
        )
        groups = [
            ("Priorities", "priorities", list(priorities)),
            ("Programmes", "programmes", list(programmes)),
            ("Agenda items", "agenda-items", list(items)),
            ("Paragraphs of reports", "paragraphs", list(paragraphs)),
        ]
    return render(
        request,
        "portal/search.html",
        {
            "query": query,
            "groups": groups,
            "total": sum(len(rows) for _, _, rows in groups),
            "nav": "search",
        },
    )


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html", {"today": timezone.localdate()})


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A 400 page that tells the visitor what to correct when we know."""
    message = str(exception) if isinstance(exception, BadQuery) else ""
    template = loader.get_template("400.html")
    return HttpResponse(template.render({"message": message}, request), status=400)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    template = loader.get_template("404.html")
    return HttpResponse(template.render({}, request), status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, with the request id to quote; 503 when the database is away.

    Most database failures are caught in a view by DatabaseUnavailableMiddleware; this
    catches the rest (a middleware saving a signed-in visitor's session, say)."""
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        return database_unavailable(request)
    context = {"request_id": getattr(request, "request_id", "")}
    return HttpResponseServerError(loader.get_template("500.html").render(context))


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """For a load balancer: 200 "ok" when the database answers `SELECT 1`, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.error("Health check: database unavailable (%s)", type(error).__name__)
        return HttpResponse(
            "database unavailable", status=503, content_type="text/plain; charset=utf-8"
        )
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
