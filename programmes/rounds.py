"""The quarterly update round: opening it, who owes what, closing and reopening it.

Every quarter the Secretariat opens a round for a plan year's quarter with a deadline.
Each live programme's lead officer (or a delegate) then owes, for that quarter:

- a progress update dated in the quarter;
- a reading dated in the quarter for each of its indicators with a target;
- word on each milestone due in the quarter (completed, with the date, or not).

Once the Executive's overview is signed off the round is closed: the overview files
are kept as the record (`RoundRecord`), and updates and readings dated in the quarter
are locked (`ProgressUpdate.clean`, `Reading.clean`). An administrator may reopen it,
with a reason kept in its history.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from core.dates import today
from priorities.models import Officer, PlanYear

from .models import (
    Indicator,
    Milestone,
    Programme,
    ProgressUpdate,
    Reading,
    ReportingRound,
    RoundRecord,
)


class UpdateState:
    """Where a programme's update for the round stands, in the words officers see."""

    PUBLISHED = "Published"
    DRAFT = "Awaiting review"
    RETURNED = "Returned to you"
    DUE = "Due"
    OVERDUE = "Overdue"


# The tag colour of each state (`govuk-tag--<colour>`, `bp-tag--<colour>` in the admin).
UPDATE_STATE_COLOURS = {
    UpdateState.PUBLISHED: "green",
    UpdateState.DRAFT: "blue",
    UpdateState.RETURNED: "orange",
    UpdateState.DUE: "grey",
    UpdateState.OVERDUE: "red",
}


@dataclass
class IndicatorDue:
    indicator: Indicator
    reading: Reading | None  # the latest reading dated in the quarter, draft or not

    @property
    def done(self) -> bool:
        return self.reading is not None


@dataclass
class ProgrammeDue:
    """What one programme owes for a round, and what it has given."""

    round: ReportingRound
    programme: Programme
    update: ProgressUpdate | None  # the latest update dated in the quarter
    indicators: list[IndicatorDue] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)  # due in the quarter
    on: date = field(default_factory=today)

    @property
    def update_state(self) -> str:
        if self.update is not None:
            if self.update.published_at is not None:
                return UpdateState.PUBLISHED
            return UpdateState.RETURNED if self.update.returned_at else UpdateState.DRAFT
        return UpdateState.OVERDUE if self.on > self.round.deadline else UpdateState.DUE

    @property
    def update_colour(self) -> str:
        return UPDATE_STATE_COLOURS[self.update_state]

    @property
    def readings_missing(self) -> list[IndicatorDue]:
        return [i for i in self.indicators if not i.done]

    @property
    def milestones_open(self) -> list[Milestone]:
        """Milestones due in the quarter with no completion recorded."""
        return [m for m in self.milestones if m.completed_on is None]

    @property
    def outstanding(self) -> int:
        """How many things the officer still owes: the update, readings, milestones."""
        owed = 0 if self.update is not None else 1
        return owed + len(self.readings_missing) + len(self.milestones_open)

    @property
    def is_overdue(self) -> bool:
        return self.outstanding > 0 and self.on > self.round.deadline

    @property
    def officers(self) -> list[Officer]:
        lead = [self.programme.lead_officer] if self.programme.lead_officer else []
        return lead + [d for d in self.programme.delegates.all() if d not in lead]


def round_programmes(round: ReportingRound) -> QuerySet:
    """The programmes a round asks for, with everything `round_obligations` reads
    prefetched: a fixed number of queries however many there are."""
    start, end = round.starts_on, round.ends_on
    in_quarter = Q(as_at__gte=start, as_at__lte=end)
    return (
        Programme.objects.live_between(start, end)
        .select_related("lead_officer__user", "board")
        .prefetch_related(
            Prefetch("delegates", queryset=Officer.objects.select_related("user")),
            Prefetch(
                "progress_updates",
                queryset=ProgressUpdate.objects.filter(in_quarter).order_by("-as_at", "-pk"),
                to_attr="round_updates",
            ),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.filter(target_value__isnull=False).prefetch_related(
                    Prefetch(
                        "readings",
                        queryset=Reading.objects.filter(in_quarter).order_by("-as_at"),
                        to_attr="round_readings",
                    )
                ),
                to_attr="round_indicators",
            ),
            Prefetch(
                "milestones",
                queryset=Milestone.objects.filter(due_on__gte=start, due_on__lte=end).with_state(
                    as_at=round.as_at
                ),
                to_attr="round_milestones",
            ),
        )
        .order_by("board__order", "name")
    )


def round_obligations(
    round: ReportingRound,
    *,
    officer: Officer | None = None,
    programmes: QuerySet | None = None,
    on: date | None = None,
) -> list[ProgrammeDue]:
    """Each live programme's dues for the round as at `on` (default today), only those
    an officer leads or is delegated when one is given."""
    rows = round_programmes(round) if programmes is None else programmes
    if officer is not None:
        rows = rows.filter(Q(lead_officer=officer) | Q(delegates=officer)).distinct()
    on = on or today()
    return [
        ProgrammeDue(
            round=round,
            programme=programme,
            update=programme.round_updates[0] if programme.round_updates else None,
            indicators=[
                IndicatorDue(i, i.round_readings[0] if i.round_readings else None)
                for i in programme.round_indicators
            ],
            milestones=list(programme.round_milestones),
            on=on,
        )
        for programme in rows
    ]


def round_as_at(round: ReportingRound) -> date:
    """The date an officer's update and readings describe: the quarter's end, or today
    while the quarter is still running (an update cannot describe the future)."""
    return min(round.ends_on, today())


# --- Writes --------------------------------------------------------------------------


@transaction.atomic
def round_open(
    *,
    plan_year: PlanYear,
    quarter: int,
    deadline: date,
    opened_on: date | None = None,
    note: str = "",
    user=None,
) -> ReportingRound:
    """Open the update round for a plan year's quarter."""
    round = ReportingRound(
        plan_year=plan_year,
        quarter=quarter,
        deadline=deadline,
        opened_on=opened_on or today(),
        note=note,
    )
    round.full_clean()
    if user is not None:
        round._history_user = user
    round.save()
    return round


@transaction.atomic
def round_close(
    *, round: ReportingRound, user, files: list[tuple[str, str, bytes]]
) -> ReportingRound:
    """Close a round once the Executive has signed off its overview: keep the files as
    signed off (`files`: format, file name, content) and lock the quarter."""
    if not user.has_perm("programmes.close_reportinground"):
        raise PermissionDenied("You may not sign off an update round.")
    if not round.is_open:
        raise ValidationError(f"The {round.label} round is already closed.")
    if not files:
        raise ValidationError("Keep the overview as signed off: no file was given.")
    for fmt, filename, content in files:
        RoundRecord.objects.update_or_create(
            round=round,
            format=fmt,
            defaults={
                "filename": filename,
                "content": content,
                "sha256": hashlib.sha256(content).hexdigest(),
            },
        )
    round.status = ReportingRound.Status.CLOSED
    round.closed_at = timezone.now()
    round.closed_by = user
    round._history_user = user
    round._change_reason = "Signed off and closed"
    round.save()
    return round


@transaction.atomic
def round_reopen(*, round: ReportingRound, user, reason: str) -> ReportingRound:
    """Reopen a closed round (administrators), unlocking its quarter; the reason is kept
    in the round's history. The files signed off stay as the record of what was seen."""
    if not user.has_perm("programmes.reopen_reportinground"):
        raise PermissionDenied("Only an administrator may reopen an update round.")
    if round.is_open:
        raise ValidationError(f"The {round.label} round is open already.")
    if not reason.strip():
        raise ValidationError("Say why the round is being reopened.")
    round.status = ReportingRound.Status.OPEN
    round.closed_at = None
    round.closed_by = None
    round._history_user = user
    round._change_reason = f"Reopened: {reason.strip()}"[:100]
    round.save()
    return round


def officer_for(user) -> Officer | None:
    """The officer record of a signed-in user, if they have one."""
    if user is None or not user.is_authenticated:
        return None
    return Officer.objects.filter(user=user).first()
