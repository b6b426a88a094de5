"""Governance: meetings, agenda items and members."""

from __future__ import annotations

from itertools import groupby

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from boardportal import selectors
from core.dates import today
from meetings.models import AgendaItem, Meeting, Member, Membership
from priorities.models import Board


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    """Upcoming and past meetings, optionally of one board."""
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
            "boards": selectors.boards_that_meet(),
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
            "actions": meeting.actions.with_overdue(on).select_related(
                "owner", "agenda_item", "due_meeting__board"
            ),
            "actions_due": meeting.actions_due.with_overdue(on).select_related(
                "owner", "meeting__board"
            ),
            "crumbs": [("Meetings", reverse("meetings:list"))],
            "nav": "meetings",
        },
    )


@require_GET
def agenda_item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A report: its fields and its numbered paragraphs, read by heading."""
    item = get_object_or_404(
        AgendaItem.objects.visible_to(request.user).select_related("meeting__board"), pk=pk
    )
    paragraphs = item.paragraphs.prefetch_related("programmes", "priorities")
    return render(
        request,
        "meetings/agenda_item_detail.html",
        {
            "item": item,
            "sections": [
                (heading, list(rows))
                for heading, rows in groupby(paragraphs, key=lambda p: p.heading)
            ],
            "contact_officers": item.contact_officers.all(),
            "priorities": item.priorities.visible_to(request.user).select_related(
                "plan_year", "board"
            ),
            "programmes": item.programmes.all(),
            "actions": item.actions.with_overdue(today()).select_related(
                "owner", "due_meeting__board"
            ),
            "crumbs": [
                ("Meetings", reverse("meetings:list")),
                (f"{item.meeting.meets_on:%-d %B %Y}", item.meeting.get_absolute_url()),
            ],
            "nav": "meetings",
        },
    )


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
