"""Priorities: organisation-wide and each Board's own, with their targets."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.locking import VersionedModel
from core.rag import Rag

from .plan import Board, Campaign, Officer, PlanYear, Theme


class PriorityQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PriorityQuerySet":
        if user is not None and user.is_authenticated:
            return self
        return self.filter(plan_year__status=PlanYear.Status.AGREED)

    def organisation_wide(self) -> "PriorityQuerySet":
        return self.filter(board__isnull=True)

    def of_boards(self) -> "PriorityQuerySet":
        return self.filter(board__isnull=False)

    def for_listing(self) -> "PriorityQuerySet":
        return self.select_related("plan_year", "board", "theme", "lead_officer")


class Priority(VersionedModel):
    """A priority of the plan year: organisation-wide (no board) or a Board's own."""

    plan_year = models.ForeignKey(
        PlanYear,
        on_delete=models.PROTECT,
        related_name="priorities",
        verbose_name="plan year",
        help_text="The business plan it is part of, e.g. 2012/13.",
    )
    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="priorities",
        verbose_name="board",
        help_text="Leave blank for an organisation-wide priority.",
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="priorities",
        verbose_name="theme",
        help_text="The strategic theme it falls under, if any.",
    )
    reference = models.CharField(
        "reference",
        max_length=20,
        help_text="As numbered in the plan, e.g. 4.1 or 15.2. Unique within a Board's plan year.",
    )
    title = models.CharField(
        "title",
        max_length=300,
        help_text="The priority in a few words, as the plan puts it, e.g. Sector-led improvement.",
    )
    description = models.TextField(
        "description",
        blank=True,
        help_text="What the priority means in practice, in the plan's words where you have them.",
    )
    target_statement = models.TextField(
        "target",
        blank=True,
        help_text="The target in the plan's own words, e.g. 'over 100 peer challenges in each "
        "of the next 3 years'.",
    )
    lead_officer = models.ForeignKey(
        Officer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="priorities",
        verbose_name="lead officer",
        help_text="The member of staff who answers for it.",
    )
    contributes_to = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="contributions",
        verbose_name="contributes to",
        help_text="The organisation-wide priorities this Board priority serves.",
    )
    campaigns = models.ManyToManyField(
        Campaign,
        blank=True,
        related_name="priorities",
        verbose_name="campaigns",
        help_text="The campaigns it supports, if any.",
    )
    order = models.PositiveSmallIntegerField(
        "order", default=0, help_text="Where it comes in its Board's list: lower numbers first."
    )
    status_override = models.CharField(
        "status override",
        max_length=12,
        choices=Rag.choices,
        blank=True,
        help_text="Leave blank to roll the status up from the programmes. Set only with a reason.",
    )
    override_reason = models.TextField(
        "reason for override",
        blank=True,
        help_text="Why the status differs from the one rolled up from the programmes, e.g. "
        "funding withdrawn. Needed with a status override.",
    )
    source = models.CharField(
        "source", max_length=300, blank=True, help_text="The paper this priority comes from."
    )

    objects = PriorityQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[contributes_to])

    class Meta:
        ordering = ["plan_year__starts_on", "board__order", "order", "reference"]
        verbose_name = "priority"
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(
                fields=["plan_year", "board", "reference"],
                condition=Q(board__isnull=False),
                name="priority_reference_unique_per_board",
                violation_error_message="This Board already has a priority with this reference "
                "in this plan year.",
            ),
            models.UniqueConstraint(
                fields=["plan_year", "reference"],
                condition=Q(board__isnull=True),
                name="priority_reference_unique_organisation_wide",
                violation_error_message="There is already an organisation-wide priority with "
                "this reference in this plan year.",
            ),
        ]

    def __str__(self):
        return f"{self.plan_year} {self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("priorities:detail", kwargs={"pk": self.pk})

    @property
    def is_organisation_wide(self) -> bool:
        return self.board_id is None

    def clean(self):
        if self.status_override and not self.override_reason.strip():
            raise ValidationError(
                {"override_reason": "Give a reason when you override the rolled-up status."}
            )
        if self.override_reason.strip() and not self.status_override:
            raise ValidationError(
                {"status_override": "Choose the status the reason applies to, or clear the reason."}
            )
