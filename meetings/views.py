from itertools import groupby

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from priorities.models import Board, PlanYear

from .models import AgendaItem, Meeting, Member, Membership, ThemeRole


@require_GET
def meeting_list(request):
    """Upcoming and past meetings, optionally of one board."""
    today = timezone.localdate()
    meetings = Meeting.objects.select_related("board").annotate(
        items=Count("agenda_items", filter=Q(agenda_items__exempt=False)),
    )
    board = None
    board_slug = request.GET.get("board", "")
    if board_slug:
        board = Board.objects.filter(slug=board_slug[:200]).first()
        if board is None:
            raise Http404("No such board")
        meetings = meetings.filter(board=board)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "upcoming": meetings.upcoming(today),
            "past": meetings.past(today),
            "boards": Board.objects.filter(meetings__isnull=False).distinct(),
            "board": board,
            "nav": "meetings",
        },
    )


@require_GET
def meeting_detail(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("board"), pk=pk)
    items = (
        AgendaItem.objects.visible_to(request.user)
        .filter(meeting=meeting)
        .prefetch_related("contact_officers")
    )
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "actions": meeting.actions.select_related("owner", "agenda_item", "due_meeting__board"),
            "actions_due": meeting.actions_due.select_related("owner", "meeting__board"),
            "nav": "meetings",
        },
    )


@require_GET
def agenda_item_detail(request, pk):
    """A report: its fields and its numbered paragraphs, read by heading."""
    item = get_object_or_404(
        AgendaItem.objects.visible_to(request.user).select_related("meeting__board"), pk=pk
    )
    paragraphs = item.paragraphs.prefetch_related("programmes", "priorities")
    sections = [
        (heading, list(rows)) for heading, rows in groupby(paragraphs, key=lambda p: p.heading)
    ]
    return render(
        request,
        "meetings/agenda_item_detail.html",
        {
            "item": item,
            "sections": sections,
            "contact_officers": item.contact_officers.all(),
            "priorities": item.priorities.visible_to(request.user).select_related(
                "plan_year", "board"
            ),
            "programmes": item.programmes.all(),
            "actions": item.actions.select_related("owner", "due_meeting__board"),
            "nav": "meetings",
        },
    )


@require_GET
def member_list(request):
    """Each board's members with their roles; portfolio holders and pools per theme."""
    memberships = Membership.objects.select_related("board", "member__council").order_by(
        "board__order", "board__name", "role", "member__name"
    )
    boards = [(board, list(rows)) for board, rows in groupby(memberships, key=lambda m: m.board)]
    theme_roles = ThemeRole.objects.filter(
        plan_year__in=PlanYear.objects.visible_to(request.user)
    ).select_related("member", "theme", "plan_year")
    return render(
        request,
        "meetings/member_list.html",
        {
            "boards": boards,
            "theme_roles": theme_roles,
            "members": Member.objects.select_related("council").prefetch_related(
                Prefetch("memberships", queryset=Membership.objects.select_related("board"))
            ),
            "nav": "members",
        },
    )


@require_GET
def member_detail(request, slug):
    member = get_object_or_404(Member.objects.select_related("council"), slug=slug)
    return render(
        request,
        "meetings/member_detail.html",
        {
            "member": member,
            "memberships": member.memberships.select_related("board"),
            "theme_roles": member.theme_roles.filter(
                plan_year__in=PlanYear.objects.visible_to(request.user)
            ).select_related("theme", "plan_year"),
            "nav": "members",
        },
    )
