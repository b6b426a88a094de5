"""Indicators, their targets as the papers state them, and their dated readings."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.dates import as_stated, precision_fields
from core.locking import VersionedModel
from core.publishing import Publishable
from priorities.models import Priority

from ..querysets import IndicatorQuerySet, ReadingQuerySet
from ..status import Target
from .evidence import check_not_locked
from .figures import Stage
from .programme import Programme
from .targets import Basis, qualifier_field


class Indicator(VersionedModel):
    """A measure of a programme or priority, with its target as the paper states it."""

    class Unit(models.TextChoices):
        COUNT = "count", "Count"
        GBP = "gbp", "Pounds (£)"
        PERCENT = "percent", "Per cent (%)"
        PEOPLE = "people", "People"

    class ComputedFrom(models.TextChoices):
        READINGS = "", "Its readings, as reported"
        STAGES = "stages", "The delivery stages recorded for the programme's councils"
        SAVINGS_CLAIMED = "savings_claimed", "Savings claimed in the savings ledger"
        SAVINGS_VERIFIED = "savings_verified", "Savings verified in the savings ledger"

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name="programme",
        help_text="The programme it measures. Leave blank for a measure of a whole priority.",
    )
    priority = models.ForeignKey(
        Priority,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name="priority",
        help_text="Set this instead of a programme for a measure of a whole priority.",
    )
    name = models.CharField(
        "name", max_length=300, help_text="What is measured, e.g. Peer challenges delivered."
    )
    unit = models.CharField(
        "unit",
        max_length=10,
        choices=Unit.choices,
        default=Unit.COUNT,
        help_text="What its values are in. A change is checked against the readings recorded.",
    )
    baseline = models.DecimalField(
        "baseline",
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        help_text="The value at the start of the target period.",
    )
    target_value = models.DecimalField(
        "target",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The value to reach, e.g. 100 for 'over 100'. With a period below it is "
        "the first period of the schedule; without one, a target with no period, shown "
        "but not assessed. Leave blank if there is none.",
    )
    target_qualifier = qualifier_field("target")
    target_basis = models.CharField(
        "target counts",
        max_length=12,
        choices=Basis.choices,
        default=Basis.TOTAL,
        help_text="In total (the programme's whole figure) or per council ('one place to "
        "every council').",
    )
    target_starts_on = models.DateField(
        "target period starts",
        null=True,
        blank=True,
        help_text="e.g. 1 April 2012. Leave both dates blank for a target the paper gives "
        "no period for.",
    )
    target_ends_on = models.DateField(
        "target period ends",
        null=True,
        blank=True,
        help_text="The date the target is to be met by, e.g. 31 March 2013. Later periods "
        "('in each of the next 3 years') are added below, as later target periods.",
    )
    cumulative = models.BooleanField(
        "cumulative",
        default=True,
        help_text="Tick when readings are running totals (e.g. peer challenges to date).",
    )
    higher_is_better = models.BooleanField(
        "higher is better",
        default=True,
        help_text="Untick for a measure that should fall, e.g. days lost to sickness.",
    )
    computed_from = models.CharField(
        "figures from",
        max_length=16,
        choices=ComputedFrom.choices,
        default=ComputedFrom.READINGS,
        blank=True,
        help_text="Where its figure comes from. Worked out from the delivery stages or the "
        "savings ledger wherever they hold records on or before the date; otherwise "
        "its readings, as reported.",
    )
    computed_stage = models.PositiveSmallIntegerField(
        "stage counted",
        choices=Stage.choices,
        null=True,
        blank=True,
        help_text="With figures from the delivery stages: the step whose councils it counts "
        "(those that have reached it or gone beyond), e.g. Delivered.",
    )
    note = models.TextField("note", blank=True, help_text="Sources and any inferred dates.")

    objects = IndicatorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "indicator"
        constraints = [
            models.CheckConstraint(
                condition=Q(programme__isnull=False) | Q(priority__isnull=False),
                name="indicator_belongs_somewhere",
                violation_error_message="An indicator measures a programme or a priority.",
            )
        ]

    def __str__(self):
        # Named with what it measures: pickers list indicators of many programmes.
        if self.programme_id:
            return f"{self.name} ({self.programme.name})"
        if self.priority_id:
            return f"{self.name} (priority {self.priority.reference})"
        return self.name

    def own_target(self) -> Target | None:
        """The target on the indicator itself: the schedule's first period, or a target
        with no period."""
        if self.target_value is None:
            return None
        return Target(
            value=self.target_value,
            qualifier=self.target_qualifier,
            starts_on=self.target_starts_on,
            ends_on=self.target_ends_on,
            baseline=self.baseline,
        )

    def schedule(self) -> list[Target]:
        """Every period of the target, in order: the indicator's own, then its later
        periods (prefetch `target_periods` to read many indicators' schedules at once)."""
        own = self.own_target()
        later = [
            Target(
                value=p.value,
                qualifier=p.qualifier,
                starts_on=p.starts_on,
                ends_on=p.ends_on,
                baseline=p.baseline,
            )
            for p in self.target_periods.all()
        ]
        return ([own] if own else []) + sorted(later, key=lambda t: t.starts_on)

    def clean(self):
        errors = {}
        if self.programme_id is None and self.priority_id is None:
            errors["programme"] = "Choose the programme (or the priority) this indicator measures."
        errors |= self._target_errors()
        errors |= self._computed_errors()
        for field in ("baseline", "target_value"):
            value = getattr(self, field)
            if value is None:
                continue
            message = check_value_for_unit(self.unit, value)
            if message:
                errors[field] = message
        if "unit" not in errors:
            misfit = self._reading_unfit_for_a_new_unit()
            if misfit:
                errors["unit"] = misfit
        if errors:
            raise ValidationError(errors)

    def _target_errors(self) -> dict[str, str]:
        starts, ends = self.target_starts_on, self.target_ends_on
        if bool(starts) != bool(ends):
            return {"target_ends_on": "Give both dates of the target period, or neither."}
        if starts and ends and ends < starts:
            return {"target_ends_on": "The target period must end on or after its start."}
        if starts and self.target_value is None:
            return {"target_value": "Give the target for this period, or clear its dates."}
        if self._state.adding or self.pk is None:
            return {}
        later = _later_periods(self)
        if later.exists() and ends is None:
            return {"target_ends_on": "It has later target periods: give its own period too."}
        if ends and later.filter(starts_on__lte=ends).exists():
            first = later.order_by("starts_on").first()
            return {
                "target_ends_on": f"A later period starts on {first.starts_on:%-d %B %Y}: end "
                "the first period before it, or move the later one."
            }
        return {}

    def _computed_errors(self) -> dict[str, str]:
        source = self.computed_from
        if source == self.ComputedFrom.STAGES:
            if self.computed_stage is None:
                return {"computed_stage": "Choose the stage whose councils it counts."}
            if self.unit not in (self.Unit.COUNT, self.Unit.PEOPLE):
                return {"computed_from": "Councils at a stage are a count: choose unit Count."}
        elif self.computed_stage is not None:
            return {"computed_stage": "A stage is counted only with figures from the stages."}
        savings = (self.ComputedFrom.SAVINGS_CLAIMED, self.ComputedFrom.SAVINGS_VERIFIED)
        if source in savings and self.unit != self.Unit.GBP:
            return {"computed_from": "Savings are in pounds: choose unit Pounds (£)."}
        if source and self.programme_id is None:
            return {
                "computed_from": "Only a programme's indicator is worked out from its "
                "councils' records."
            }
        return {}

    def _reading_unfit_for_a_new_unit(self) -> str:
        """The error for a unit changed to one that a recorded reading does not fit, naming
        the earliest such reading; '' when the unit is unchanged or every reading fits.

        `Reading.clean()` checks each reading against its indicator's unit as the reading
        is saved; this checks the readings when the unit changes, from the admin, the
        loader or the shell alike."""
        if self._state.adding or self.pk is None:
            return ""
        stored = type(self)._base_manager.filter(pk=self.pk).values_list("unit", flat=True)
        if stored.first() in (None, self.unit):
            return ""
        for reading in Reading.objects.filter(indicator_id=self.pk).order_by("as_at"):
            message = check_value_for_unit(self.unit, reading.value)
            if message:
                return (
                    f"The reading of {reading.value.normalize():,f} at "
                    f"{reading.as_at:%-d %B %Y} does not fit this unit: "
                    f"{message[0].lower()}{message[1:]} Change or delete it first."
                )
        return ""


def _later_periods(indicator: Indicator) -> models.QuerySet:
    """The indicator's later target periods as stored (not a prefetched copy)."""
    from .targets import TargetPeriod

    return TargetPeriod.objects.filter(indicator_id=indicator.pk)


def check_value_for_unit(unit: str, value: Decimal) -> str:
    """The validation message for a value in a unit, or '' when it is acceptable."""
    if unit in (Indicator.Unit.COUNT, Indicator.Unit.PEOPLE) and value < 0:
        return "A count cannot be negative."
    if unit == Indicator.Unit.COUNT and value != value.to_integral_value():
        return "A count is a whole number."
    if unit == Indicator.Unit.PEOPLE and value != value.to_integral_value():
        return "A number of people is a whole number."
    if unit == Indicator.Unit.PERCENT and not (0 <= value <= 100):
        return "A percentage is between 0 and 100."
    return ""


_date_precision, _date_stated = precision_fields("date")
_date_precision.help_text = (
    "How precisely the paper dates the figure: a day, a month ('October 2011'), a season, "
    "a year, or roughly ('mid 2013'). The date above stays the day the figure is taken to "
    "describe (the paper's, where inferred), so that it sorts and counts in its quarter."
)


class Reading(Publishable):
    """A dated value of an indicator, with the paper or meeting it came from."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="readings",
        verbose_name="indicator",
        help_text="The indicator the figure is for.",
    )
    as_at = models.DateField("as at", help_text="The date the value describes.")
    as_at_precision = _date_precision
    as_at_stated = _date_stated
    value = models.DecimalField(
        "value",
        max_digits=14,
        decimal_places=2,
        help_text="In the indicator's unit: a whole number for a count, 0 to 100 for a percentage.",
    )
    qualifier = qualifier_field("value")
    note = models.TextField(
        "note", blank=True, help_text="The paper's words for the figure, and any inference."
    )
    source = models.CharField(
        "source",
        max_length=300,
        blank=True,
        help_text="The paper or meeting this figure came from.",
    )

    objects = ReadingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "as_at"]
        get_latest_by = "as_at"
        verbose_name = "reading"
        permissions = [("publish_reading", "Can publish readings")]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "as_at"],
                name="reading_one_per_indicator_per_date",
                violation_error_message="This indicator already has a reading for this date.",
            )
        ]

    def __str__(self):
        return f"{self.indicator.name}: {self.value.normalize():,f} at {self.as_at:%-d %B %Y}"

    @property
    def date_as_stated(self) -> str:
        """The date as the paper gives it: '19 January 2012', 'October 2011', 'mid 2013'."""
        return as_stated(self.as_at, self.as_at_precision, self.as_at_stated)

    def clean(self):
        check_not_locked(self, noun="reading")
        if self.indicator_id and self.value is not None:
            message = check_value_for_unit(self.indicator.unit, self.value)
            if message:
                raise ValidationError({"value": message})
