"""Governance: meetings, the papers presented to each body, its forward plan, a meeting's
matters arising (a page and a PDF for the agenda pack), agenda items and members."""

from __future__ import annotations

from itertools import groupby

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from boardportal import selectors
from boardportal.asat import parse_as_at
from boardportal.matters_arising import matters_arising_pdf as render_matters_arising_pdf
from core.dates import today
from meetings import selectors as governance
from meetings.models import AgendaItem, Meeting, Member, Membership
from priorities.models import Board


def _meetings_crumbs() -> list[tuple[str, str]]:
    return [("Meetings", reverse("meetings:list"))]


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    """Upcoming and past meetings, optionally of one board, with its papers and plan."""
    board = None
    board_slug = request.GET.get("board", "")
    if board_slug:
        board = Board.objects.filter(slug=board_slug[:200]).first()
        if board is None:
            raise Http404("No such board")
    upcoming, past = selectors.meetings_of(board=board, user=request.user, on=today())
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "upcoming": upcoming,
            "past": past,
            "boards": governance.bodies_with_business(),
            "board": board,
            "nav": "meetings",
        },
    )


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("board"), pk=pk)
    on = today()
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "items": meeting.agenda_items.visible_to(request.user).prefetch_related(
                "contact_officers"
            ),
            "decisions": governance.decisions_of(meeting=meeting, user=request.user),
            "reports_due": governance.reports_due_at(meeting=meeting, on=on, user=request.user),
            "actions": meeting.actions.with_overdue(on).select_related(
                "owner", "agenda_item", "due_meeting__board"
            ),
            "actions_due": meeting.actions_due.with_overdue(on).select_related(
                "owner", "meeting__board"
            ),
            "crumbs": _meetings_crumbs(),
            "nav": "meetings",
        },
    )


@require_GET
def agenda_item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A paper: its fields and its numbered paragraphs, read by heading, with the figures
    and progress each reported; what was agreed on it and what it presented."""
    item = get_object_or_404(
        AgendaItem.objects.visible_to(request.user)
        .with_body()
        .select_related("referred_to_in__agenda_item"),
        pk=pk,
    )
    paragraphs = governance.paragraphs_of(item=item, user=request.user)
    referred = item.referred_to_in
    if referred is not None and referred.agenda_item.exempt and not request.user.is_authenticated:
        referred = None
    crumbs = _meetings_crumbs()
    if item.meeting_id:
        crumbs.append((item.meeting.date_as_stated, item.meeting.get_absolute_url()))
    else:
        crumbs.append(
            (
                f"Papers to the {item.presented_to.name}",
                reverse("meetings:board_papers", kwargs={"slug": item.presented_to.slug}),
            )
        )
    return render(
        request,
        "meetings/agenda_item_detail.html",
        {
            "item": item,
            "referred_to_in": referred,
            "sections": [
                (heading, list(rows))
                for heading, rows in groupby(paragraphs, key=lambda p: p.heading)
            ],
            "contact_officers": item.contact_officers.all(),
            "priorities": item.priorities.visible_to(request.user).select_related(
                "plan_year", "board"
            ),
            "programmes": item.programmes.all(),
            "decisions": governance.decisions_on(item=item, user=request.user),
            "presented": item.forward_plan_entries.select_related("board", "commitment"),
            "actions": item.actions.with_overdue(today()).select_related(
                "owner", "due_meeting__board"
            ),
            "crumbs": crumbs,
            "nav": "meetings",
        },
    )


def _board(slug: str) -> Board:
    return get_object_or_404(Board, slug=slug)


@require_GET
def board_papers(request: HttpRequest, slug: str) -> HttpResponse:
    """Every paper presented to a body: at its meetings, or with the meeting not known."""
    board = _board(slug)
    return render(
        request,
        "meetings/board_papers.html",
        {
            "board": board,
            "papers": governance.papers_of(board=board, user=request.user),
            "crumbs": _meetings_crumbs(),
            "nav": "meetings",
        },
    )


@require_GET
def forward_plan(request: HttpRequest, slug: str) -> HttpResponse:
    """A body's forward plan: which reports are due at which meeting, overdue ones flagged,
    as at today (or `?as_at=`)."""
    board = _board(slug)
    on = parse_as_at(request.GET.get("as_at")) or today()
    return render(
        request,
        "meetings/forward_plan.html",
        {
            "board": board,
            "on": on,
            "entries": governance.forward_plan(board=board, on=on, user=request.user),
            "crumbs": _meetings_crumbs(),
            "nav": "meetings",
        },
    )


def _matters_arising(request: HttpRequest, pk: int) -> governance.MattersArising:
    meeting = get_object_or_404(Meeting.objects.select_related("board"), pk=pk)
    return governance.matters_arising(meeting=meeting, user=request.user)


@require_GET
def matters_arising(request: HttpRequest, pk: int) -> HttpResponse:
    """The previous meeting's decisions and actions, for this meeting's agenda pack."""
    page = _matters_arising(request, pk)
    return render(
        request,
        "meetings/matters_arising.html",
        {
            "page": page,
            "meeting": page.meeting,
            "crumbs": [
                *_meetings_crumbs(),
                (page.meeting.date_as_stated, page.meeting.get_absolute_url()),
            ],
            "nav": "meetings",
        },
    )


@require_GET
def matters_arising_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The matters arising as a PDF, ready for the agenda pack."""
    page = _matters_arising(request, pk)
    response = HttpResponse(render_matters_arising_pdf(page), content_type="application/pdf")
    name = f"matters-arising-{page.meeting.board.slug}-{page.meeting.meets_on:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def member_list(request: HttpRequest) -> HttpResponse:
    """Each board's members with their roles; portfolio holders and pools per theme."""
    return render(
        request,
        "meetings/member_list.html",
        {
            "boards": selectors.members_by_board(),
            "theme_roles": selectors.theme_roles_visible_to(request.user).select_related(
                "member", "theme", "plan_year"
            ),
            "members": Member.objects.select_related("council").prefetch_related(
                Prefetch("memberships", queryset=Membership.objects.select_related("board"))
            ),
            "nav": "members",
        },
    )


@require_GET
def member_detail(request: HttpRequest, slug: str) -> HttpResponse:
    member = get_object_or_404(Member.objects.select_related("council"), slug=slug)
    return render(
        request,
        "meetings/member_detail.html",
        {
            "member": member,
            "memberships": member.memberships.select_related("board"),
            "theme_roles": selectors.theme_roles_visible_to(request.user)
            .filter(member=member)
            .select_related("theme", "plan_year"),
            "crumbs": [("Members", reverse("meetings:members"))],
            "nav": "members",
        },
    )
