"""The reads of governance data: meetings, agenda items, decisions, the forward plan and
actions.

Who may see an exempt item, which items, decisions, reports and actions concern a
priority or a programme, when an action is overdue and when a report on the forward
plan is overdue are each decided here, once."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    F,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from core.sql import KeptSubquery


def _listed(targets: Iterable) -> Iterable:
    """Targets to use more than once: a queryset stays one (a subquery), else a list."""
    return targets if isinstance(targets, models.QuerySet) else list(targets)


def _naming(relation, targets: Iterable, owner: str = "") -> models.QuerySet:
    """Through a many-to-many `relation` (its descriptor, e.g. `AgendaItem.priorities`),
    the rows naming any of `targets` (objects or keys), as their owners (or `owner`, a
    path on from each): for `pk__in`, a subquery on the table of links that its index
    answers. Joining several such tables and taking the distinct rows multiplied the rows
    first: half a second for a programme's page at 10,000 programmes on PostgreSQL."""
    field = relation.field
    path = field.m2m_field_name() + (f"__{owner}" if owner else "")
    return relation.through.objects.filter(
        **{f"{field.m2m_reverse_field_name()}__in": targets}
    ).values(path)


def _naming_any(model, priorities: Iterable, programmes: Iterable) -> Q:
    """Rows of `model` naming any of these priorities or programmes."""
    return Q(pk__in=_naming(model.priorities, priorities)) | Q(
        pk__in=_naming(model.programmes, programmes)
    )


def _is_signed_in(user) -> bool:
    return user is not None and user.is_authenticated


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, on: date) -> MeetingQuerySet:
        return self.filter(meets_on__gte=on).order_by("meets_on")

    def past(self, on: date) -> MeetingQuerySet:
        return self.filter(meets_on__lt=on).order_by("-meets_on")

    def held_before(self, meeting) -> MeetingQuerySet:
        """The same Board's meetings before this one, latest first (cancelled ones left
        out): the first is the previous meeting, whose business arises at this one."""
        return (
            self.filter(board_id=meeting.board_id, meets_on__lt=meeting.meets_on)
            .exclude(status="cancelled")
            .order_by("-meets_on")
        )

    def with_item_counts(self, user) -> MeetingQuerySet:
        """`items`: the agenda items this user may see (exempt ones need signing in)."""
        visible = None if _is_signed_in(user) else Q(agenda_items__exempt=False)
        return self.annotate(items=Count("agenda_items", filter=visible, distinct=True))


class AgendaItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> AgendaItemQuerySet:
        """Exempt (confidential) items need a signed-in user."""
        return self if _is_signed_in(user) else self.filter(exempt=False)

    def with_body(self) -> AgendaItemQuerySet:
        """With the meeting and its Board, or the body presented to, for `body` and
        `date_as_stated`; `presented_sort_on`, the date it was presented, for sorting."""
        return self.select_related("meeting__board", "presented_to").annotate(
            presented_sort_on=Coalesce("meeting__meets_on", "presented_on")
        )

    def presented_to_body(self, board) -> AgendaItemQuerySet:
        """Papers presented to a body: at its meetings, or with the meeting unknown."""
        return self.filter(Q(meeting__board=board) | Q(presented_to=board))

    def concerning(
        self, *, priorities: Iterable = (), programmes: Iterable = (), paragraphs: bool = False
    ) -> AgendaItemQuerySet:
        """Items that discuss any of these priorities or programmes (given as objects or
        primary keys); with `paragraphs`, also items whose paragraphs mention them."""
        from .models import Paragraph

        priorities, programmes = _listed(priorities), _listed(programmes)
        condition = _naming_any(self.model, priorities, programmes)
        if paragraphs:
            condition |= Q(pk__in=_naming(Paragraph.priorities, priorities, "agenda_item")) | Q(
                pk__in=_naming(Paragraph.programmes, programmes, "agenda_item")
            )
        return self.filter(condition)


class ActionQuerySet(models.QuerySet):
    def open(self) -> ActionQuerySet:
        return self.filter(status="open")

    def concerning(self, *, priorities: Iterable = (), programmes: Iterable = ()) -> ActionQuerySet:
        """Actions set about any of these priorities or programmes."""
        return self.filter(_naming_any(self.model, priorities, programmes))

    def overdue_condition(self, on: date) -> Q:
        # An open action past its date; one due at a meeting is overdue once that
        # meeting has been held.
        return Q(status="open") & (
            Q(due_on__lt=on) | Q(due_on__isnull=True, due_meeting__meets_on__lt=on)
        )

    def overdue(self, on: date) -> ActionQuerySet:
        return self.filter(self.overdue_condition(on))

    def with_overdue(self, on: date) -> ActionQuerySet:
        """Annotate `is_overdue` as at a date, for tags and columns."""
        return self.annotate(
            is_overdue=Case(
                When(self.overdue_condition(on), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user) -> DecisionQuerySet:
        """A decision taken on an exempt item needs a signed-in user, as the item does."""
        if _is_signed_in(user):
            return self
        return self.filter(Q(agenda_item__isnull=True) | Q(agenda_item__exempt=False))

    def concerning(
        self, *, priorities: Iterable = (), programmes: Iterable = ()
    ) -> DecisionQuerySet:
        """Decisions about any of these priorities or programmes."""
        return self.filter(_naming_any(self.model, priorities, programmes))


class ForwardPlanEntryQuerySet(models.QuerySet):
    def concerning(
        self, *, priorities: Iterable = (), programmes: Iterable = ()
    ) -> ForwardPlanEntryQuerySet:
        """Reports on any of these priorities or programmes, their own or their recurring
        commitment's."""
        from .models import ReportingCommitment

        priorities = _listed(priorities)
        return self.filter(
            _naming_any(self.model, priorities, programmes)
            | Q(commitment__in=_naming(ReportingCommitment.priorities, priorities))
        )

    def with_state(self, on: date) -> ForwardPlanEntryQuerySet:
        """Annotate, as at a date:

        - `first_meeting_id`: for a recurring report, the body's first meeting (not
          cancelled) after its period ends, where it is due unless a meeting is chosen;
        - `due_meeting_on`: the date of the meeting it is due at, chosen or first after;
        - `due_sort_on`: the date it is due, for sorting (meeting, date, or period end);
        - `is_overdue`: nothing presented, not withdrawn, and its due date or due
          meeting's day is before `on`. Due at a meeting, it is overdue from the day
          after that meeting; presented, it never is."""
        from .models import Meeting  # the models import these querysets

        first_after = (
            Meeting.objects.filter(
                board_id=OuterRef("board_id"), meets_on__gt=OuterRef("period_ends_on")
            )
            .exclude(status="cancelled")
            .order_by("meets_on")
        )
        return self.annotate(
            first_meeting_id=KeptSubquery(first_after.values("pk")[:1]),
            due_meeting_on=Coalesce(
                F("due_meeting__meets_on"),
                KeptSubquery(first_after.values("meets_on")[:1]),
                output_field=DateField(),
            ),
        ).annotate(
            due_sort_on=Coalesce(
                "due_meeting_on", "due_on", "period_ends_on", output_field=DateField()
            ),
            is_overdue=Case(
                When(
                    Q(presented_item__isnull=True, withdrawn=False)
                    & (Q(due_on__lt=on) | Q(due_meeting_on__lt=on)),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )

    def overdue(self, on: date) -> ForwardPlanEntryQuerySet:
        return self.with_state(on).filter(is_overdue=True)
