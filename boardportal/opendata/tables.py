"""The open-data tables: what each column means, how often it changes, and the rows as at
a date, read in chunks so that memory stays flat however many rows there are.

Public data only, whoever asks: agreed plan years, published updates and readings,
non-exempt items (and no action set under an exempt one). Status comes from the same
selectors the pages and the API read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Prefetch, Q

from boardportal.api.reads import indicators_with_status
from core.rag import rag_label
from meetings.models import Action, AgendaItem, Meeting
from priorities.models import Priority
from programmes.charts import target_words
from programmes.models import Council, Indicator, Programme, Reading
from programmes.selectors import indicator_status, priorities_with_status, programme_status
from programmes.status import Trajectory
from programmes.tables import update_note

# Rows are read this many at a time (priorities: this many a query batch).
CHUNK = 500
PRIORITY_CHUNK = 100

Row = dict[str, object]


@dataclass(frozen=True)
class Column:
    key: str
    meaning: str


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    one_row: str  # what a row is
    changes: str  # how often it changes
    columns: list[Column]
    rows: Callable[[date, Callable[[str], str]], Iterator[Row]]

    @property
    def keys(self) -> list[str]:
        return [column.key for column in self.columns]


def in_chunks(queryset, *cached: str) -> Iterator:
    """Each row of `queryset`, read CHUNK at a time with its prefetches. Once a chunk has
    been written, what prefetching left on its rows (and the `cached` attributes a
    Prefetch's to_attr made) is dropped: the related rows refer back to theirs, a cycle
    only the garbage collector's rare full pass frees, so a chunk would otherwise stay
    in memory long after it was written, and memory would grow with the table."""
    chunk = []
    for row in queryset.iterator(chunk_size=CHUNK):
        yield row
        chunk.append(row)
        if len(chunk) == CHUNK:
            _forget(chunk, cached)
            chunk = []
    _forget(chunk, cached)


def _forget(rows: list, cached: tuple[str, ...]) -> None:
    for row in rows:
        row.__dict__.pop("_prefetched_objects_cache", None)
        for name in cached:
            row.__dict__.pop(name, None)
    rows.clear()


def _public():
    return AnonymousUser()


def _name(obj) -> str:
    return obj.name if obj is not None else ""


def priority_rows(as_at: date, absolute: Callable[[str], str]) -> Iterator[Row]:
    """Each priority of an agreed plan year with its status as at the date."""
    priorities = Priority.objects.visible_to(_public()).order_by(
        "plan_year__starts_on", F("board__order").asc(nulls_first=True), "order", "reference", "pk"
    )
    ids = list(priorities.values_list("pk", flat=True))
    for start in range(0, len(ids), PRIORITY_CHUNK):
        chunk = priorities.filter(pk__in=ids[start : start + PRIORITY_CHUNK])
        for status in priorities_with_status(chunk, as_at=as_at):
            priority = status.priority
            yield {
                "id": priority.pk,
                "plan_year": priority.plan_year.label,
                "board": _name(priority.board) or "Organisation-wide",
                "theme": _name(priority.theme),
                "reference": priority.reference,
                "title": priority.title,
                "target": priority.target_statement,
                "lead_officer": _name(priority.lead_officer),
                "as_at": as_at,
                "status": status.rag.value if status.rag else "",
                "status_label": rag_label(status.rag),
                "rule": status.rollup.rule,
                "programmes": len(status.programmes),
                "programmes_counted": status.rollup.counted,
                "programmes_on_track": status.rollup.on_track,
                "link": absolute(priority.get_absolute_url()),
            }


def programme_rows(as_at: date, absolute: Callable[[str], str]) -> Iterator[Row]:
    """Each programme with its status as at the date, as the programmes page shows it."""
    programmes = (
        Programme.objects.for_listing()
        .with_status(as_at=as_at)
        .prefetch_related("partners")
        .order_by("name", "pk")
    )
    for programme in in_chunks(programmes, "indicators_at"):
        status = programme_status(programme, as_at=as_at)
        note = update_note(status)
        yield {
            "slug": programme.slug,
            "name": programme.name,
            "theme": _name(programme.theme),
            "board": _name(programme.board),
            "lead_officer": _name(programme.lead_officer),
            "lifecycle": programme.get_status_display(),
            "as_at": as_at,
            "status": status.rag.value if status.rag else "",
            "status_label": rag_label(status.rag),
            "reported_on": status.reported_on,
            "note": note.text if note else "",
            "suggested": status.suggested.value if status.suggested else "",
            "headline": status.headline,
            "overdue_milestones": status.overdue_milestones,
            "indicators_behind": len(status.indicators_behind),
            "partners": "; ".join(str(partner) for partner in programme.partners.all()),
            "link": absolute(programme.get_absolute_url()),
        }


def indicator_rows(as_at: date, absolute: Callable[[str], str]) -> Iterator[Row]:
    """A row per published reading up to the date (an indicator without one: one row)."""
    readings = Reading.objects.published().filter(as_at__lte=as_at).order_by("as_at")
    public = Indicator.objects.filter(
        Q(priority__isnull=True) | Q(priority__in=Priority.objects.visible_to(_public()))
    )
    indicators = (
        indicators_with_status(public, as_at=as_at)
        .select_related("programme", "priority")
        .prefetch_related(Prefetch("readings", queryset=readings, to_attr="readings_at"))
        .order_by("name", "pk")
    )
    for indicator in in_chunks(indicators, "readings_at"):
        status = indicator_status(indicator, as_at=as_at)
        # The target judged at the date: a period of the schedule, or one with no period.
        target = status.target
        common = {
            "indicator_id": indicator.pk,
            "indicator": indicator.name,
            "programme": _name(indicator.programme),
            "priority": indicator.priority.reference if indicator.priority else "",
            "unit": indicator.unit,
            "baseline": target.baseline if target else indicator.baseline,
            "target": target.value if target else None,
            "target_qualifier": target.qualifier if target else "",
            "target_basis": indicator.target_basis,
            "target_starts_on": target.starts_on if target else None,
            "target_ends_on": target.ends_on if target else None,
            "target_stated": target_words(target, indicator),
            "as_at": as_at,
            "expected": status.check.expected,
            "trajectory": Trajectory(status.check.verdict).label,
            "figure_source": status.figure_source,
        }
        for reading in indicator.readings_at or [None]:
            yield {
                **common,
                "reading_on": reading.as_at if reading else None,
                "reading_stated": reading.date_as_stated if reading else "",
                "value": reading.value if reading else None,
                "qualifier": reading.qualifier if reading else "",
                "source": reading.source if reading else "",
            }


def council_rows(as_at: date, absolute: Callable[[str], str]) -> Iterator[Row]:
    """Each council with the offers it takes up, as the councils page counts them."""
    councils = Council.objects.with_offers().with_participations().order_by("name", "pk")
    for council in in_chunks(councils):
        yield {
            "slug": council.slug,
            "name": council.name,
            "type": council.get_kind_display(),
            "region": council.get_region_display() if council.region else "",
            "gss_code": council.gss_code,
            "offers": council.offers,
            "programmes": "; ".join(
                f"{p.programme.name} ({p.cohort})" if p.cohort else p.programme.name
                for p in council.participations.all()
            ),
            "link": absolute(council.get_absolute_url()),
        }


def meeting_rows(as_at: date, absolute: Callable[[str], str]) -> Iterator[Row]:
    meetings = (
        Meeting.objects.select_related("board")
        .with_item_counts(_public())
        .order_by("meets_on", "pk")
    )
    for meeting in in_chunks(meetings):
        yield {
            "id": meeting.pk,
            "board": meeting.board.name,
            "date": meeting.meets_on,
            "time": meeting.start_time.strftime("%H:%M") if meeting.start_time else "",
            "venue": meeting.venue,
            "status": meeting.get_status_display(),
            "as_at": as_at,
            "upcoming": meeting.meets_on >= as_at,
            "items": meeting.items,
            "link": absolute(meeting.get_absolute_url()),
        }


def action_rows(as_at: date, absolute: Callable[[str], str]) -> Iterator[Row]:
    actions = (
        Action.objects.with_overdue(as_at)
        .exclude(agenda_item__in=AgendaItem.objects.filter(exempt=True))
        .select_related("meeting__board", "owner", "due_meeting")
        .prefetch_related("programmes")
        .order_by("meeting__meets_on", "pk")
    )
    for action in in_chunks(actions):
        yield {
            "id": action.pk,
            "board": action.meeting.board.name,
            "meeting": action.meeting.meets_on,
            "description": action.description,
            "owner": _name(action.owner),
            "due_on": action.due_on,
            "due_at_meeting": action.due_meeting.meets_on if action.due_meeting else None,
            "status": action.get_status_display(),
            "as_at": as_at,
            "overdue": action.is_overdue,
            "state": action.state,
            "outcome": action.outcome,
            "programmes": "; ".join(p.name for p in action.programmes.all()),
            "link": absolute(action.meeting.get_absolute_url()),
        }
