"""What the cycle's screens read: an officer's quarter, the review queue, and the
differences a reviewer checks."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from core.dates import today
from core.rag import Rag, as_rag
from meetings.models import Action
from priorities.models import Officer
from programmes.models import Programme, ProgressUpdate, Reading, ReportingRound
from programmes.rounds import UPDATE_STATE_COLOURS, ProgrammeDue, UpdateState, round_obligations

from .emails import send_return_notice


@dataclass
class RoundSummary:
    """The whole round at a glance, for the Secretariat."""

    dues: list[ProgrammeDue]

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        """(state, colour, how many programmes) for each update state."""
        states = [d.update_state for d in self.dues]
        return [(s, UPDATE_STATE_COLOURS[s], states.count(s)) for s in UPDATE_STATE_COLOURS]

    @property
    def outstanding(self) -> list[ProgrammeDue]:
        return [d for d in self.dues if d.outstanding]

    @property
    def without_lead(self) -> list[ProgrammeDue]:
        return [d for d in self.dues if d.programme.lead_officer_id is None]


@dataclass
class MyQuarter:
    round: ReportingRound | None
    dues: list[ProgrammeDue] = field(default_factory=list)
    actions: QuerySet | list = field(default_factory=list)
    summary: RoundSummary | None = None

    @property
    def returned(self) -> list[ProgrammeDue]:
        return [d for d in self.dues if d.update_state == UpdateState.RETURNED]

    @property
    def outstanding(self) -> int:
        return sum(d.outstanding for d in self.dues)


def my_quarter(
    *, round: ReportingRound | None, officer: Officer | None, reviewer: bool
) -> MyQuarter:
    page = MyQuarter(round=round)
    if officer is not None:
        page.actions = (
            Action.objects.open()
            .filter(owner=officer)
            .with_overdue(today())
            .select_related("meeting__board", "due_meeting__board")
        )
    if round is None:
        return page
    if officer is not None:
        page.dues = round_obligations(round, officer=officer)
    if reviewer:
        page.summary = RoundSummary(round_obligations(round))
    return page


def last_published(programme: Programme, *, before: date) -> ProgressUpdate | None:
    """The programme's latest published update dated before a date (last quarter's)."""
    return (
        programme.progress_updates.published()
        .filter(as_at__lt=before)
        .order_by("-as_at", "-pk")
        .select_related("author")
        .first()
    )


def word_diff(before: str, after: str) -> SafeString:
    """The words removed and added between two texts, marked with <del> and <ins> and
    said in words for screen readers."""
    old, new = before.split(), after.split()
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(format_html("{}", " ".join(old[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(
                format_html(
                    '<del><span class="visually-hidden">removed: </span>{}</del>',
                    " ".join(old[i1:i2]),
                )
            )
        if op in ("insert", "replace"):
            parts.append(
                format_html(
                    '<ins><span class="visually-hidden">added: </span>{}</ins>',
                    " ".join(new[j1:j2]),
                )
            )
    return format_html_join(" ", "{}", ((p,) for p in parts))


@dataclass
class ReviewRow:
    """A draft waiting for review, beside what was last published."""

    update: ProgressUpdate
    previous: ProgressUpdate | None
    readings: list[Reading]

    @property
    def rag_change(self) -> str:
        before = as_rag(self.previous.rag) if self.previous else None
        after = Rag(self.update.rag)
        if before is None:
            return f"{after.label} (first update)"
        if before == after:
            return f"{after.label}, unchanged"
        return f"{before.label} to {after.label}"

    @property
    def narrative_diff(self) -> SafeString:
        return word_diff(self.previous.narrative if self.previous else "", self.update.narrative)

    @property
    def headline_diff(self) -> SafeString:
        return word_diff(self.previous.headline if self.previous else "", self.update.headline)


def review_queue(round: ReportingRound, *, only: int | None = None) -> list[ReviewRow]:
    """The round's draft updates (dated in its quarter), oldest first, each with the
    programme's last published update before the quarter and the draft readings; with
    `only`, just that draft."""
    drafts = (
        ProgressUpdate.objects.drafts()
        .filter(as_at__gte=round.starts_on, as_at__lte=round.ends_on)
        .select_related("programme", "author", "returned_by")
        .order_by("programme__name", "as_at")
    )
    drafts = list(drafts.filter(pk=only) if only is not None else drafts)
    programmes = [d.programme_id for d in drafts]
    previous: dict[int, ProgressUpdate] = {}
    for update in (
        ProgressUpdate.objects.published()
        .filter(programme__in=programmes, as_at__lt=round.starts_on)
        .order_by("programme", "-as_at", "-pk")
    ):
        previous.setdefault(update.programme_id, update)
    readings: dict[int, list[Reading]] = {}
    for reading in (
        Reading.objects.drafts()
        .filter(
            indicator__programme__in=programmes,
            as_at__gte=round.starts_on,
            as_at__lte=round.ends_on,
        )
        .select_related("indicator")
    ):
        readings.setdefault(reading.indicator.programme_id, []).append(reading)
    return [
        ReviewRow(d, previous.get(d.programme_id), readings.get(d.programme_id, [])) for d in drafts
    ]


def tell_officer_of_return(request, update: ProgressUpdate) -> None:
    """Email the officer whose draft was returned (its author, else the lead officer)."""
    send_return_notice(update)
