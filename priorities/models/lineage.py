"""A priority's line across plan years: what it came from, what it became, and when it
was new or dropped.

Each link runs from an earlier priority to a later one, with what happened between
them (carried forward, renamed, merged into, split from). A priority with no successor
is recorded as dropped, and one with no predecessor may be recorded as new: the portal
never infers either from a missing link, since a link not yet recorded is not a fact.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.locking import VersionedModel

from .plan import PlanYear
from .priority import Priority


class PriorityLinkQuerySet(models.QuerySet):
    def for_display(self) -> PriorityLinkQuerySet:
        return self.select_related(
            "earlier__plan_year", "earlier__board", "later__plan_year", "later__board", "plan_year"
        )

    def touching(self, priorities) -> PriorityLinkQuerySet:
        """Links to or from any of `priorities` (a queryset or a list of primary keys)."""
        return self.filter(Q(earlier__in=priorities) | Q(later__in=priorities))


class PriorityLink(VersionedModel):
    """How a priority carries on (or stops) from one plan year to a later one."""

    class Kind(models.TextChoices):
        NEW = "new", "New"
        CARRIED_FORWARD = "carried_forward", "Carried forward"
        RENAMED = "renamed", "Renamed"
        MERGED_INTO = "merged_into", "Merged into"
        SPLIT_FROM = "split_from", "Split from"
        DROPPED = "dropped", "Dropped"

    earlier = models.ForeignKey(
        Priority,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="later_links",
        verbose_name="earlier priority",
        help_text="The priority of the earlier plan year. Leave blank only for a priority "
        "the plan says is new.",
    )
    later = models.ForeignKey(
        Priority,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="earlier_links",
        verbose_name="later priority",
        help_text="The priority it became in a later plan year. Leave blank only for a "
        "priority that was dropped.",
    )
    kind = models.CharField(
        "what happened",
        max_length=16,
        choices=Kind.choices,
        help_text="Carried forward (the same work), renamed, merged into a later priority "
        "with others, split from an earlier one into several, dropped (no successor), or "
        "new (no predecessor).",
    )
    plan_year = models.ForeignKey(
        PlanYear,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="priority_links",
        verbose_name="plan year",
        help_text="The plan year the change takes effect in. Filled in from the later "
        "priority; for a dropped priority, the first plan year without it.",
    )
    note = models.TextField(
        "note",
        blank=True,
        help_text="Which paper and paragraph say so, in their words where you can, e.g. "
        "'Item 3, paragraph 15: continues to be focused on the 5 agreed strategic themes'.",
    )

    objects = PriorityLinkQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_year__starts_on", "kind", "pk"]
        verbose_name = "priority across plan years"
        verbose_name_plural = "priorities across plan years"
        constraints = [
            models.UniqueConstraint(
                fields=["earlier", "later"],
                name="priority_link_once",
                violation_error_message="These two priorities are already linked.",
            ),
            models.UniqueConstraint(
                fields=["earlier"],
                condition=Q(later__isnull=True),
                name="priority_dropped_once",
                violation_error_message="This priority is already recorded as dropped.",
            ),
            models.UniqueConstraint(
                fields=["later"],
                condition=Q(earlier__isnull=True),
                name="priority_new_once",
                violation_error_message="This priority is already recorded as new.",
            ),
            models.CheckConstraint(
                condition=Q(earlier__isnull=False) | Q(later__isnull=False),
                name="priority_link_has_a_priority",
                violation_error_message="A link needs at least one priority.",
            ),
        ]

    def __str__(self):
        if self.kind == self.Kind.DROPPED:
            return f"{self.earlier} dropped in {self.plan_year}"
        if self.kind == self.Kind.NEW:
            return f"{self.later} new in {self.plan_year}"
        return f"{self.earlier} {self.get_kind_display().lower()} {self.later}"

    def forward_words(self) -> str:
        """What happened to the earlier priority, from its side: 'Carried forward to'."""
        return FORWARD[self.kind]

    def backward_words(self) -> str:
        """What the later priority came from, from its side: 'Carried forward from'."""
        return BACKWARD[self.kind]

    def clean(self):
        errors: dict[str, str] = {}
        earlier = self.earlier if self.earlier_id else None
        later = self.later if self.later_id else None
        if self.kind == self.Kind.NEW and (earlier or not later):
            errors["earlier"] = "A new priority has a later priority and no earlier one."
        elif self.kind == self.Kind.DROPPED and (later or not earlier):
            errors["later"] = "A dropped priority has an earlier priority and no later one."
        elif self.kind not in (self.Kind.NEW, self.Kind.DROPPED) and not (earlier and later):
            errors["later"] = "Choose both the earlier and the later priority."
        if later is not None:
            # The change takes effect in the later priority's year, whatever was typed.
            self.plan_year = later.plan_year
        if earlier and later and later.plan_year.starts_on <= earlier.plan_year.starts_on:
            errors["later"] = "The later priority must be of a later plan year."
        if self.kind == self.Kind.DROPPED and earlier:
            if self.plan_year_id is None:
                errors["plan_year"] = "Say which plan year it was dropped in."
            elif self.plan_year.starts_on <= earlier.plan_year.starts_on:
                errors["plan_year"] = "It can only be dropped in a later plan year than its own."
        if not errors:
            errors |= self._contradictions(earlier, later)
        if errors:
            raise ValidationError(errors)

    def _contradictions(self, earlier, later) -> dict[str, str]:
        """A dropped priority has no successor, and a new one no predecessor."""
        others = type(self)._base_manager.exclude(pk=self.pk)
        if others.filter(earlier=earlier, later=later).exists():
            return {"kind": "This is already recorded."}
        if self.kind == self.Kind.DROPPED:
            if others.filter(earlier=earlier, later__isnull=False).exists():
                return {"kind": "It has a later priority recorded: it was not dropped."}
        elif earlier and others.filter(earlier=earlier, kind=self.Kind.DROPPED).exists():
            return {"earlier": "This priority is recorded as dropped: remove that first."}
        if self.kind == self.Kind.NEW:
            if others.filter(later=later, earlier__isnull=False).exists():
                return {"kind": "It has an earlier priority recorded: it is not new."}
        elif later is not None and others.filter(later=later, kind=self.Kind.NEW).exists():
            return {"later": "This priority is recorded as new: remove that first."}
        return {}


# The words for each kind, read from either end of the link.
FORWARD = {
    PriorityLink.Kind.NEW: "New",
    PriorityLink.Kind.CARRIED_FORWARD: "Carried forward to",
    PriorityLink.Kind.RENAMED: "Renamed as",
    PriorityLink.Kind.MERGED_INTO: "Merged into",
    PriorityLink.Kind.SPLIT_FROM: "Split into",
    PriorityLink.Kind.DROPPED: "Dropped",
}
BACKWARD = {
    PriorityLink.Kind.NEW: "New",
    PriorityLink.Kind.CARRIED_FORWARD: "Carried forward from",
    PriorityLink.Kind.RENAMED: "Renamed from",
    PriorityLink.Kind.MERGED_INTO: "Merged from",
    PriorityLink.Kind.SPLIT_FROM: "Split from",
    PriorityLink.Kind.DROPPED: "Dropped",
}
