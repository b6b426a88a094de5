"""The evidence of delivery: milestones, indicators and their readings, progress updates."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.locking import VersionedModel
from core.publishing import Publishable
from core.rag import Rag
from priorities.models import Officer, Priority

from ..querysets import (
    IndicatorQuerySet,
    MilestoneQuerySet,
    ProgressUpdateQuerySet,
    ReadingQuerySet,
)
from ..status import MILESTONE_STATE_COLOURS, MilestoneState
from .cycle import ReportingRound
from .programme import Programme


class Milestone(VersionedModel):
    """A dated commitment of a programme: 'a ten year delivery plan by March 2012'."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name="programme",
        help_text="The programme that made the commitment.",
    )
    title = models.CharField(
        "title",
        max_length=300,
        help_text="The commitment in a few words, e.g. Ten-year delivery plan published.",
    )
    due_on = models.DateField(
        "due on",
        help_text="The date it was promised by. Once past, it counts as overdue until completed.",
    )
    completed_on = models.DateField(
        "completed on", null=True, blank=True, help_text="Leave blank until it is done."
    )
    note = models.TextField("note", blank=True, help_text="Sources and any inferred dates.")

    objects = MilestoneQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "title"]
        verbose_name = "milestone"

    def __str__(self):
        return self.title

    @property
    def state_label(self) -> str:
        """Needs `state` from `Milestone.objects.with_state()`."""
        return MilestoneState(self.state).label

    @property
    def state_colour(self) -> str:
        return MILESTONE_STATE_COLOURS[self.state]

    def clean(self):
        if self.completed_on and self.completed_on > timezone.localdate():
            raise ValidationError(
                {"completed_on": "A milestone cannot be completed in the future."}
            )


class Indicator(VersionedModel):
    """A measure of a programme or priority, with a target over a period."""

    class Unit(models.TextChoices):
        COUNT = "count", "Count"
        GBP = "gbp", "Pounds (£)"
        PERCENT = "percent", "Per cent (%)"
        PEOPLE = "people", "People"

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
        help_text="The value to reach by the end of the target period, e.g. 100. Leave blank "
        "if there is none.",
    )
    target_starts_on = models.DateField(
        "target period starts",
        null=True,
        blank=True,
        help_text="e.g. 1 April 2012. Needed with a target.",
    )
    target_ends_on = models.DateField(
        "target period ends",
        null=True,
        blank=True,
        help_text="The date the target is to be met by, e.g. 31 March 2013. Needed with a target.",
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

    def clean(self):
        errors = {}
        if self.programme_id is None and self.priority_id is None:
            errors["programme"] = "Choose the programme (or the priority) this indicator measures."
        if (
            self.target_starts_on
            and self.target_ends_on
            and self.target_ends_on < self.target_starts_on
        ):
            errors["target_ends_on"] = "The target period must end on or after its start."
        if self.target_value is not None and not (self.target_starts_on and self.target_ends_on):
            errors["target_ends_on"] = "Give the period over which the target is to be met."
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
    value = models.DecimalField(
        "value",
        max_digits=14,
        decimal_places=2,
        help_text="In the indicator's unit: a whole number for a count, 0 to 100 for a percentage.",
    )
    note = models.TextField("note", blank=True, help_text="Qualifiers such as 'over' or 'around'.")
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

    def clean(self):
        check_not_locked(self, noun="reading")
        if self.indicator_id and self.value is not None:
            message = check_value_for_unit(self.indicator.unit, self.value)
            if message:
                raise ValidationError({"value": message})


# What a quarterly update may say: enough for a quarter's story, short enough to be read.
HEADLINE_LIMIT = 300
NARRATIVE_LIMIT = 3000
NEXT_STEPS_LIMIT = 1500
REASON_LIMIT = 1000


def check_not_locked(record, *, noun: str) -> None:
    """A record dated in a signed-off quarter is the record of what the Executive saw:
    it cannot be added, changed or moved out (an administrator may reopen the round)."""
    dates = {record.as_at} if record.as_at else set()
    if record.pk:
        stored = type(record)._base_manager.filter(pk=record.pk).values_list("as_at", flat=True)
        dates |= set(stored)
    for on in sorted(dates):
        closed = ReportingRound.objects.locking(on).select_related("plan_year").first()
        if closed is not None:
            raise ValidationError(
                f"This {noun} is dated in {closed.label}, which was signed off and closed: "
                "it can no longer change. An administrator can reopen the round."
            )


class ProgressUpdate(Publishable):
    """A dated statement of a programme's progress with its RAG status."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="progress_updates",
        verbose_name="programme",
        help_text="The programme the update is about.",
    )
    as_at = models.DateField("as at", help_text="The date the update describes.")
    rag = models.CharField(
        "status",
        max_length=12,
        choices=Rag.choices,
        help_text="The officer's judgement. It stands even where the evidence suggests otherwise.",
    )
    suggested_rag = models.CharField(
        "suggested status",
        max_length=12,
        choices=Rag.choices,
        blank=True,
        editable=False,
        help_text="What the milestones and indicators suggested when the update was saved.",
    )
    override_reason = models.TextField(
        "reason for differing",
        blank=True,
        validators=[MaxLengthValidator(REASON_LIMIT)],
        help_text="Needed when the status differs from the one the evidence suggests.",
    )
    headline = models.CharField(
        "headline",
        max_length=HEADLINE_LIMIT,
        help_text="Where things stand, in one sentence, e.g. Wave 2 under way with 12 councils.",
    )
    narrative = models.TextField(
        "narrative",
        blank=True,
        validators=[MaxLengthValidator(NARRATIVE_LIMIT)],
        help_text="The detail behind the headline: what has happened since the last update. "
        f"Up to {NARRATIVE_LIMIT:,} characters.",
    )
    next_steps = models.TextField(
        "next steps",
        blank=True,
        validators=[MaxLengthValidator(NEXT_STEPS_LIMIT)],
        help_text=f"What happens next, and by when. Up to {NEXT_STEPS_LIMIT:,} characters.",
    )
    author = models.ForeignKey(
        Officer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_updates",
        verbose_name="author",
        help_text="The officer who wrote the update: you, if your account is linked to an officer.",
    )
    source = models.CharField(
        "source", max_length=300, blank=True, help_text="The paper or meeting it was reported to."
    )
    returned_at = models.DateTimeField(
        "returned at",
        null=True,
        blank=True,
        editable=False,
        help_text="When the Secretariat sent the draft back to its officer.",
    )
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="updates_returned",
        verbose_name="returned by",
    )
    return_comment = models.TextField(
        "comment on return",
        blank=True,
        editable=False,
        help_text="What the Secretariat asked the officer to change.",
    )

    objects = ProgressUpdateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "-as_at"]
        get_latest_by = "as_at"
        verbose_name = "progress update"
        permissions = [("publish_progressupdate", "Can publish progress updates")]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "as_at"],
                name="progress_update_one_per_programme_per_date",
                violation_error_message="This programme already has an update for this date.",
            )
        ]

    def __str__(self):
        return f"{self.programme}: {self.get_rag_display()} at {self.as_at:%-d %B %Y}"

    @property
    def differs_from_suggestion(self) -> bool:
        return bool(self.suggested_rag) and self.suggested_rag != self.rag

    def clean(self):
        check_not_locked(self, noun="progress update")
        if self.programme_id and self.as_at:
            programme = self.programme
            if not programme.is_live_on(self.as_at):
                raise ValidationError(
                    {"as_at": "This date is outside the programme's life (its start to its end)."}
                )
        if self.as_at and self.as_at > timezone.localdate():
            raise ValidationError({"as_at": "An update cannot describe a date in the future."})
