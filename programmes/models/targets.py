"""Targets as the papers state them: a qualifier ("over 100", "around 20%"), a basis (in
total, or per council) and a schedule of periods.

An indicator's own target fields are the first period of its schedule (or, with no
dates, a target with no period: "around 20% saving"); `TargetPeriod` rows are the
periods after it ("over 100 peer challenges in each of the next 3 years": the first
year on the indicator, the second and third here). `Indicator.schedule()` reads them
together, and the trajectory judges progress by the period containing the as-at date
(`programmes.status.target_for`).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from core.locking import VersionedModel


class Qualifier(models.TextChoices):
    """How a paper qualifies a figure: 'over 100', 'at least £150m', 'around 20%'."""

    EXACTLY = "exactly", "Exactly (the figure as it stands)"
    AT_LEAST = "at_least", "At least"
    OVER = "over", "Over (more than)"
    AROUND = "around", "Around"
    UP_TO = "up_to", "Up to"


# The words shown before a figure. A figure stated exactly is shown bare, as the paper
# wrote it.
QUALIFIER_WORDS = {
    Qualifier.EXACTLY: "",
    Qualifier.AT_LEAST: "at least",
    Qualifier.OVER: "over",
    Qualifier.AROUND: "around",
    Qualifier.UP_TO: "up to",
}


def qualified(figure: str, qualifier: str | None) -> str:
    """'100' with 'over' is 'over 100'; a figure stated exactly stays as it is."""
    words = QUALIFIER_WORDS.get(qualifier or Qualifier.EXACTLY, "")
    return f"{words} {figure}" if words else figure


class Basis(models.TextChoices):
    """What a target counts: the whole programme's total, or each council's figure."""

    TOTAL = "total", "In total"
    PER_COUNCIL = "per_council", "Per council"


BASIS_WORDS = {Basis.TOTAL: "", Basis.PER_COUNCIL: "per council"}


def qualifier_field(noun: str) -> models.CharField:
    return models.CharField(
        f"{noun}: qualifier",
        max_length=10,
        choices=Qualifier.choices,
        default=Qualifier.EXACTLY,
        help_text=f"How the paper qualifies the {noun}: 'over 100', 'at least £150m', "
        "'around 20%', 'up to 15'. Keep the figure itself in the value: 100, not 'over 100'.",
    )


class TargetPeriod(VersionedModel):
    """A later period of an indicator's target schedule: one year of 'over 100 a year'."""

    indicator = models.ForeignKey(
        "programmes.Indicator",
        on_delete=models.CASCADE,
        related_name="target_periods",
        verbose_name="indicator",
        help_text="The indicator whose schedule this period continues.",
    )
    starts_on = models.DateField(
        "starts on",
        help_text="The first day of the period, e.g. 1 April 2013. After the indicator's "
        "own target period, and not overlapping another period.",
    )
    ends_on = models.DateField(
        "ends on",
        help_text="The date the target is to be met by, e.g. 31 March 2014.",
    )
    value = models.DecimalField(
        "target",
        max_digits=14,
        decimal_places=2,
        help_text="The value to reach by the end of the period, in the indicator's unit.",
    )
    qualifier = qualifier_field("target")
    baseline = models.DecimalField(
        "baseline",
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        help_text="The value at the start of the period: 0 for a count that starts again "
        "each period, the total so far for a running total.",
    )
    note = models.TextField("note", blank=True, help_text="Sources and any inferred dates.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "starts_on"]
        verbose_name = "later target period"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "starts_on"],
                name="target_period_one_per_start",
                violation_error_message="This indicator already has a period starting then.",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="target_period_ends_after_start",
                violation_error_message="The period must end on or after its start.",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.name}: {self.starts_on:%-d %b %Y} to {self.ends_on:%-d %b %Y}"

    def clean(self):
        from .indicators import check_value_for_unit

        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The period must end on or after its start."})
        if not self.indicator_id or not (self.starts_on and self.ends_on):
            return
        indicator = self.indicator
        errors = {}
        for field in ("value", "baseline"):
            value = getattr(self, field)
            message = check_value_for_unit(indicator.unit, value) if value is not None else ""
            if message:
                errors[field] = message
        if indicator.target_ends_on is None:
            errors["starts_on"] = (
                "Give the indicator's own target a period first: later periods follow it."
            )
        elif self.starts_on <= indicator.target_ends_on:
            errors["starts_on"] = (
                f"Start after the indicator's own target period, which ends on "
                f"{indicator.target_ends_on:%-d %B %Y}."
            )
        overlapping = (
            TargetPeriod.objects.filter(indicator_id=self.indicator_id)
            .exclude(pk=self.pk)
            .filter(starts_on__lte=self.ends_on, ends_on__gte=self.starts_on)
            .first()
        )
        if overlapping is not None:
            errors["starts_on"] = (
                f"It overlaps the period from {overlapping.starts_on:%-d %B %Y} to "
                f"{overlapping.ends_on:%-d %B %Y}."
            )
        if errors:
            raise ValidationError(errors)
