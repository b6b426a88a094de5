"""Writes to the plan that carry a rule, from the admin, the demo loader or the shell.

Each validates fully (`full_clean()`) before it saves, through the models' optimistic
locking; `user`, where given, is recorded in the history as the one who made the change.
"""

from __future__ import annotations

from django.db import transaction

from .models import PlanYear, Priority, PriorityLink


@transaction.atomic
def priority_link_save(*, link: PriorityLink, user=None) -> PriorityLink:
    """Save a link between a priority and a later one (or a dropped or new record): the
    later one is of a later plan year, whose year the link takes; a dropped priority has
    no successor and a new one no predecessor."""
    link.full_clean()
    if user is not None:
        link._history_user = user
    link.save()
    return link


def priority_link_record(
    *,
    kind: str,
    earlier: Priority | None = None,
    later: Priority | None = None,
    plan_year: PlanYear | None = None,
    note: str = "",
    user=None,
) -> PriorityLink:
    """Record what became of a priority (or where one came from), or change the note and
    kind of the link already recorded between the two; saves only what changed."""
    link = PriorityLink.objects.filter(earlier=earlier, later=later).first() or PriorityLink(
        earlier=earlier, later=later
    )
    wanted = {"kind": kind, "note": note, "plan_year": plan_year or link.plan_year}
    if later is not None:
        wanted["plan_year"] = later.plan_year
    if link.pk is not None and all(getattr(link, k) == v for k, v in wanted.items()):
        return link
    for name, value in wanted.items():
        setattr(link, name, value)
    return priority_link_save(link=link, user=user)
