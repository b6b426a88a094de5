"""What each public page reads, across the three apps. A view asks one of these and
renders; the API and the reports can ask the same.

Status always comes from `programmes.selectors`; who may see what (draft plans, exempt
items) from the QuerySets' `visible_to()`. Published progress updates and readings only,
unless a page asks for `include_drafts` (the staff preview, `boardportal.asat`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

from django.db.models import Count, F, Q, QuerySet, prefetch_related_objects

from core.dates import today
from core.text import words_match
from meetings.models import (
    Action,
    AgendaItem,
    Decision,
    ForwardPlanEntry,
    Meeting,
    Membership,
    Paragraph,
    ThemeRole,
)
from meetings.selectors import decisions_for, forward_plan_for, source_paragraphs_prefetch
from priorities.models import Board, PlanYear, Priority, PriorityLink, Theme
from programmes.charts import IndicatorPanel, indicator_panels, schedule_rows
from programmes.figures import (
    FunnelOverview,
    Ledger,
    OfferFunnel,
    funnel_overview,
    offer_funnel,
    savings_ledger,
)
from programmes.lineage import PriorityLine, priority_line
from programmes.models import Council, Indicator, Programme, ProgressUpdate, Reading, Stage
from programmes.querysets import listing_with_status
from programmes.selectors import (
    PlanYearSummary,
    PriorityStatus,
    ProgrammeStatus,
    priorities_with_status,
    priority_rollups,
    programme_status,
    summarise,
)
from programmes.tables import UpdateNote, update_note

# At most this many results in each group of a search.
SEARCH_LIMIT = 50


def plan_years_for(user) -> list[PlanYear]:
    return list(PlanYear.objects.visible_to(user).order_by("-starts_on"))


@dataclass
class PlanOverview:
    """The plan overview: a plan year's priorities, organisation-wide and by Board and theme."""

    summary: PlanYearSummary
    organisation: list[PriorityStatus]
    boards: list[tuple[Board, list[tuple[Theme | None, list[PriorityStatus]]]]]
    dropped: list[PriorityLink]  # earlier priorities recorded as dropped in this year


def plan_overview(
    *, plan_year: PlanYear, as_at: date, include_drafts: bool = False
) -> PlanOverview:
    """The year's priorities with their status, each marked with what is recorded of
    where it came from (`priority.came_from`: new, carried forward from...), and the
    earlier priorities recorded as dropped this year."""
    # The priorities come ordered by Board; within a Board, by theme then order. The
    # overview shows statuses and counts, never a programme's evidence or name: reading
    # every programme of the year as a model for it was most of the page's cost at
    # 10,000 programmes.
    statuses = priority_rollups(
        Priority.objects.filter(plan_year=plan_year), as_at=as_at, include_drafts=include_drafts
    )
    changes = list(PriorityLink.objects.for_display().filter(plan_year=plan_year))
    for status in statuses:
        status.priority.came_from = [k for k in changes if k.later_id == status.priority.pk]
    summary = summarise(plan_year, as_at=as_at, statuses=statuses)
    organisation = [s for s in summary.priorities if s.priority.board_id is None]
    of_boards = [s for s in summary.priorities if s.priority.board_id is not None]
    boards = []
    for board, rows in groupby(of_boards, key=lambda s: s.priority.board):
        by_theme = sorted(
            rows,
            key=lambda s: (s.priority.theme.order if s.priority.theme else 999, s.priority.order),
        )
        themes = [(theme, list(group)) for theme, group in groupby(by_theme, key=_theme)]
        boards.append((board, themes))
    dropped = [k for k in changes if k.kind == PriorityLink.Kind.DROPPED]
    return PlanOverview(summary, organisation, boards, dropped)


def _theme(status: PriorityStatus) -> Theme | None:
    return status.priority.theme


@dataclass(frozen=True)
class ProgrammeRow:
    """A programme's status on a page, with the note on its update's age (if any)."""

    status: ProgrammeStatus
    note: UpdateNote | None

    @classmethod
    def of(cls, status: ProgrammeStatus) -> ProgrammeRow:
        return cls(status, update_note(status))

    @property
    def draft(self) -> bool:
        """The update it reads is a draft: only ever so in the staff preview."""
        published_at = getattr(self.status.programme, "status_published_at", True)
        return self.status.reported_on is not None and published_at is None


@dataclass
class PriorityPage:
    priority: Priority
    status: PriorityStatus
    programmes: list[ProgrammeRow]
    contributes_to: QuerySet
    contributions: QuerySet
    indicators: list[tuple[Indicator, list[tuple[str, str]]]]  # each with its schedule
    agenda_items: QuerySet
    actions: QuerySet
    line: PriorityLine
    forward_plan: list[ForwardPlanEntry]  # reports due about it, overdue ones flagged
    decisions: list[Decision]


def priority_page(
    *, priority: Priority, as_at: date, user, include_drafts: bool = False
) -> PriorityPage:
    """A priority's golden thread: what it serves, who delivers it, how it is going and
    its line across plan years. `priority` read with its plan year, board, theme and
    lead officer."""
    (status,) = priorities_with_status([priority], as_at=as_at, include_drafts=include_drafts)
    programme_ids = [p.programme.pk for p in status.programmes]
    measures = priority.indicators.prefetch_related("target_periods")
    return PriorityPage(
        priority=priority,
        status=status,
        programmes=[ProgrammeRow.of(p) for p in status.programmes],
        contributes_to=priority.contributes_to.select_related("plan_year"),
        contributions=priority.contributions.visible_to(user).select_related("board"),
        indicators=[(i, schedule_rows(i)) for i in measures],
        line=priority_line(priority, user=user, known=status, include_drafts=include_drafts),
        agenda_items=_discussed_at(
            AgendaItem.objects.visible_to(user).concerning(
                priorities=[priority.pk], programmes=programme_ids
            )
        ),
        actions=Action.objects.open()
        .concerning(priorities=[priority.pk], programmes=programme_ids)
        .with_overdue(as_at)
        .select_related("meeting__board", "owner", "due_meeting"),
        forward_plan=forward_plan_for(
            priorities=[priority.pk], programmes=programme_ids, on=as_at, user=user
        ),
        decisions=decisions_for(priorities=[priority.pk], programmes=programme_ids, user=user),
    )


def _discussed_at(items: QuerySet) -> QuerySet:
    """Papers about a priority or programme, latest first: at a meeting, or presented to
    a body with the meeting unknown (sorted by the date they went, those with none last)."""
    return items.with_body().order_by(F("presented_sort_on").desc(nulls_last=True), "order", "pk")


@dataclass
class ProgrammePage:
    programme: Programme
    status: ProgrammeStatus
    progress: ProgrammeRow  # the status with its note and draft flag
    indicators: list[IndicatorPanel]
    milestones: QuerySet
    updates: QuerySet
    participations: QuerySet
    children: QuerySet
    priorities: QuerySet
    agenda_items: QuerySet
    actions: QuerySet
    funnel: OfferFunnel
    ledger: Ledger | None
    stages: list[str]  # the funnel's stage names, in order
    forward_plan: list[ForwardPlanEntry]
    decisions: list[Decision]

    @property
    def funnel_shown(self) -> bool:
        """An offer delivered to councils: steps recorded, or an indicator counting them."""
        counted = any(
            i.status.indicator.computed_from == Indicator.ComputedFrom.STAGES
            for i in self.indicators
        )
        return counted or not self.funnel.is_empty


def programme_page(
    *, slug: str, as_at: date, user, include_drafts: bool = False
) -> ProgrammePage | None:
    """A programme's status as at a date, its timeline, milestones, indicators, councils,
    and the meetings and actions about it; None when there is no such programme."""
    programme = (
        listing_with_status(as_at=as_at, include_drafts=include_drafts)
        .prefetch_related("partners")
        .filter(slug=slug)
        .first()
    )
    if programme is None:
        return None
    status = programme_status(programme, as_at=as_at)
    readings = (
        Reading.objects.published(include_drafts=include_drafts)
        .filter(indicator__in=[i.indicator for i in status.indicators], as_at__lte=as_at)
        .prefetch_related(source_paragraphs_prefetch(user))
        .order_by("as_at")
    )
    measured = [i.indicator for i in status.indicators]
    prefetch_related_objects(measured, "target_periods")
    indicators = indicator_panels(status.indicators, readings)
    return ProgrammePage(
        programme=programme,
        status=status,
        progress=ProgrammeRow.of(status),
        indicators=indicators,
        milestones=programme.milestones.with_state(as_at=as_at),
        updates=programme.progress_updates.published(include_drafts=include_drafts)
        .latest_on(as_at)
        .select_related("author")
        .prefetch_related(source_paragraphs_prefetch(user)),
        participations=programme.participations.select_related("council"),
        children=programme.children.all(),
        priorities=programme.priorities.visible_to(user).select_related("plan_year", "board"),
        agenda_items=_discussed_at(
            AgendaItem.objects.visible_to(user).concerning(
                programmes=[programme.pk], paragraphs=True
            )
        ),
        actions=Action.objects.concerning(programmes=[programme.pk])
        .with_overdue(as_at)
        .select_related("meeting__board", "owner", "due_meeting"),
        funnel=offer_funnel(programme, as_at=as_at),
        ledger=savings_ledger(programme, as_at=as_at, indicators=measured),
        stages=Stage.labels,
        forward_plan=forward_plan_for(programmes=[programme.pk], on=as_at, user=user),
        decisions=decisions_for(programmes=[programme.pk], user=user),
    )


@dataclass
class ThemePage:
    theme: Theme
    years: list[tuple[PlanYear, list[PriorityStatus]]]
    programmes: QuerySet


def theme_page(*, theme: Theme, as_at: date, user) -> ThemePage:
    """A theme across plan years: its priorities each year with their status."""
    priorities = (
        Priority.objects.visible_to(user)
        .filter(theme=theme)
        .order_by("-plan_year__starts_on", "board__order", "order")
    )
    statuses = priorities_with_status(priorities, as_at=as_at)
    years = [
        (plan_year, list(rows))
        for plan_year, rows in groupby(statuses, key=lambda s: s.priority.plan_year)
    ]
    return ThemePage(theme, years, Programme.objects.filter(theme=theme).order_by("name"))


@dataclass
class SearchResults:
    query: str
    groups: list[tuple[str, str, list]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(rows) for _, _, rows in self.groups)


def search(*, query: str, user) -> SearchResults:
    """One box across priorities, programmes, published progress updates (never drafts),
    agenda items and paragraphs: every word must appear in one of each kind's fields."""
    results = SearchResults(query)
    if not query:
        return results
    visible_items = AgendaItem.objects.visible_to(user)
    priorities = (
        Priority.objects.visible_to(user)
        .filter(words_match(query, ["title", "description", "target_statement", "reference"]))
        .select_related("plan_year", "board")
    )
    programmes = Programme.objects.filter(words_match(query, ["name", "summary"])).select_related(
        "theme"
    )
    updates = (
        ProgressUpdate.objects.published()
        .filter(words_match(query, ["headline", "narrative", "next_steps"]))
        .select_related("programme")
        .order_by("-as_at", "-pk")
    )
    items = visible_items.filter(
        words_match(query, ["title", "summary", "purpose", "recommendations"])
    ).select_related("meeting__board")
    paragraphs = (
        Paragraph.objects.filter(agenda_item__in=visible_items)
        .filter(words_match(query, ["text", "heading", "subheading"]))
        .select_related("agenda_item__meeting__board")
    )
    results.groups = [
        ("Priorities", "priorities", list(priorities[:SEARCH_LIMIT])),
        ("Programmes", "programmes", list(programmes[:SEARCH_LIMIT])),
        ("Progress updates", "progress-updates", list(updates[:SEARCH_LIMIT])),
        ("Agenda items", "agenda-items", list(items[:SEARCH_LIMIT])),
        ("Paragraphs of reports", "paragraphs", list(paragraphs[:SEARCH_LIMIT])),
    ]
    return results


@dataclass
class CouncilOverview:
    councils: QuerySet
    total: int
    taking_part: int
    by_offer: list[tuple[Programme, int, int]]
    by_region: list[tuple[str, int, int, int]]
    funnels: FunnelOverview
    stages: list[str]

    @property
    def share(self) -> int:
        return percent(self.taking_part, self.total)


def percent(part: int, whole: int) -> int:
    """A whole percentage; 0 of nothing is 0."""
    return round(100 * part / whole) if whole else 0


def council_overview(*, councils: QuerySet, as_at: date | None = None) -> CouncilOverview:
    """Councils (as filtered), the take-up of offers overall and by region, and the
    delivery funnels as at a date (today unless given)."""
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
    return CouncilOverview(
        councils=councils.with_offers(),
        total=total,
        taking_part=taking_part,
        by_offer=[(p, p.councils, percent(p.councils, total)) for p in by_offer],
        by_region=[
            (
                region_names.get(row["region"], "Region not recorded"),
                row["councils"],
                row["taking_part"],
                percent(row["taking_part"], row["councils"]),
            )
            for row in by_region
        ],
        funnels=funnel_overview(as_at=as_at or today()),
        stages=Stage.labels,
    )


def meetings_of(*, board: Board | None, user, on: date) -> tuple[QuerySet, QuerySet]:
    """Upcoming and past meetings (of one Board, or all), with the items this user sees."""
    meetings = Meeting.objects.select_related("board").with_item_counts(user)
    if board is not None:
        meetings = meetings.filter(board=board)
    return meetings.upcoming(on), meetings.past(on)


def boards_that_meet() -> QuerySet:
    return Board.objects.filter(meetings__isnull=False).distinct()


def members_by_board() -> list[tuple[Board, list[Membership]]]:
    memberships = Membership.objects.select_related("board", "member__council").order_by(
        "board__order", "board__name", "role", "member__name"
    )
    return [(board, list(rows)) for board, rows in groupby(memberships, key=lambda m: m.board)]


def theme_roles_visible_to(user) -> QuerySet:
    return ThemeRole.objects.filter(plan_year__in=PlanYear.objects.visible_to(user))
