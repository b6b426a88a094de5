"""Figures per council: each council's steps through an offer (its delivery funnel) and
the savings councils claim for a programme (its savings ledger).

The papers give totals ("42 peer challenges delivered to date, a further 54 booked/in
discussion"), which are readings; these hold what officers know council by council,
and an indicator can be worked out from them (`Indicator.computed_from`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.locking import VersionedModel
from priorities.models import Officer

from .councils import Council
from .programme import Programme


class Stage(models.IntegerChoices):
    """The steps of an offer's delivery to a council, in order: a council that has
    reached one has passed the ones before it (the funnel counts it at each)."""

    REQUESTED = 1, "Requested"
    IN_DISCUSSION = 2, "In discussion"
    BOOKED = 3, "Booked"
    DELIVERED = 4, "Delivered"
    FOLLOW_UP = 5, "Follow-up"


class DeliveryStage(VersionedModel):
    """A council reaching a step of an offer's delivery on a date: requested, in
    discussion, booked, delivered, follow-up."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="delivery_stages",
        verbose_name="offer",
        help_text="The offer (programme) being delivered, e.g. Corporate peer challenge.",
    )
    council = models.ForeignKey(
        Council,
        on_delete=models.PROTECT,
        related_name="delivery_stages",
        verbose_name="council",
        help_text="The council it is delivered to.",
    )
    stage = models.PositiveSmallIntegerField(
        "stage",
        choices=Stage.choices,
        help_text="The step reached: requested, in discussion, booked, delivered or "
        "follow-up. Record each step as it is reached, with its date.",
    )
    reached_on = models.DateField(
        "reached on",
        help_text="The date the council reached this step, e.g. the day the peer "
        "challenge was booked. Not in the future.",
    )
    note = models.TextField("note", blank=True, help_text="Anything that qualifies the step.")
    source = models.CharField(
        "source", max_length=300, blank=True, help_text="The paper or record that says so."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "council", "stage", "reached_on"]
        verbose_name = "delivery stage"
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "council", "stage", "reached_on"],
                name="delivery_stage_once_a_day",
                violation_error_message="This step is already recorded for this council "
                "on this date.",
            )
        ]

    def __str__(self):
        return f"{self.council} {self.get_stage_display().lower()} ({self.programme})"

    def clean(self):
        if self.reached_on and self.reached_on > timezone.localdate():
            raise ValidationError({"reached_on": "A step cannot be reached in the future."})


class SavingsClaim(VersionedModel):
    """Savings a council claims for a programme over a period, verified or not."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="savings_claims",
        verbose_name="programme",
        help_text="The programme whose support the saving is claimed for.",
    )
    council = models.ForeignKey(
        Council,
        on_delete=models.PROTECT,
        related_name="savings_claims",
        verbose_name="council",
        help_text="The council claiming the saving.",
    )
    period_starts_on = models.DateField(
        "period starts on", help_text="The first day of the period the saving was made in."
    )
    period_ends_on = models.DateField(
        "period ends on", help_text="The last day of the period the saving was made in."
    )
    amount = models.DecimalField(
        "amount (£)",
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text="The saving claimed, in pounds, e.g. 1250000.",
    )
    claimed_on = models.DateField(
        "claimed on", help_text="When the council made the claim. Not in the future."
    )
    evidence = models.TextField(
        "evidence",
        blank=True,
        help_text="What the claim rests on: the council's figures, an audit, a report.",
    )
    verified_on = models.DateField(
        "verified on",
        null=True,
        blank=True,
        help_text="When the claim was checked and accepted. Leave blank until it is.",
    )
    verified_by = models.ForeignKey(
        Officer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="savings_verified",
        verbose_name="verified by",
        help_text="The officer who checked the evidence. Needed with a verified date.",
    )
    note = models.TextField("note", blank=True, help_text="Sources and anything else.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "-period_starts_on", "council"]
        verbose_name = "savings claim"
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "council", "period_starts_on"],
                name="savings_claim_one_per_council_and_period",
                violation_error_message="This council already has a claim for this "
                "programme starting then.",
            )
        ]

    def __str__(self):
        return f"{self.council}: £{self.amount:,.0f} ({self.programme})"

    @property
    def is_verified(self) -> bool:
        return self.verified_on is not None

    def clean(self):
        errors = {}
        today = timezone.localdate()
        starts, ends = self.period_starts_on, self.period_ends_on
        if starts and ends and ends < starts:
            errors["period_ends_on"] = "The period must end on or after its start."
        if self.claimed_on and self.claimed_on > today:
            errors["claimed_on"] = "A claim cannot be made in the future."
        if self.verified_on is not None:
            if self.verified_on > today:
                errors["verified_on"] = "A claim cannot be verified in the future."
            elif self.claimed_on and self.verified_on < self.claimed_on:
                errors["verified_on"] = "A claim is verified after it is made."
            if self.verified_by_id is None:
                errors["verified_by"] = "Say who verified it."
        elif self.verified_by_id is not None:
            errors["verified_on"] = "Say when it was verified, or clear who verified it."
        if errors:
            raise ValidationError(errors)
