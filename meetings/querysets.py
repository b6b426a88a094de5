"""The reads of governance data: meetings, agenda items and actions.

Who may see an exempt item, which items and actions concern a priority or a
programme, and when an action is overdue are each decided here, once."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import models
from django.db.models import BooleanField, Case, Count, Q, Value, When


def _is_signed_in(user) -> bool:
    return user is not None and user.is_authenticated


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, on: date) -> MeetingQuerySet:
        return self.filter(meets_on__gte=on).order_by("meets_on")

    def past(self, on: date) -> MeetingQuerySet:
        return self.filter(meets_on__lt=on).order_by("-meets_on")

    def with_item_counts(self, user) -> MeetingQuerySet:
        """`items`: the agenda items this user may see (exempt ones need signing in)."""
        visible = None if _is_signed_in(user) else Q(agenda_items__exempt=False)
        return self.annotate(items=Count("agenda_items", filter=visible, distinct=True))


class AgendaItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> AgendaItemQuerySet:
        """Exempt (confidential) items need a signed-in user."""
        return self if _is_signed_in(user) else self.filter(exempt=False)

    def concerning(
        self, *, priorities: Iterable = (), programmes: Iterable = (), paragraphs: bool = False
    ) -> AgendaItemQuerySet:
        """Items that discuss any of these priorities or programmes (given as objects or
        primary keys); with `paragraphs`, also items whose paragraphs mention them."""
        condition = Q(priorities__in=priorities) | Q(programmes__in=programmes)
        if paragraphs:
            condition |= Q(paragraphs__priorities__in=priorities) | Q(
                paragraphs__programmes__in=programmes
            )
        return self.filter(condition).distinct()


class ActionQuerySet(models.QuerySet):
    def open(self) -> ActionQuerySet:
        return self.filter(status="open")

    def concerning(self, *, priorities: Iterable = (), programmes: Iterable = ()) -> ActionQuerySet:
        """Actions set about any of these priorities or programmes."""
        return self.filter(Q(priorities__in=priorities) | Q(programmes__in=programmes)).distinct()

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
