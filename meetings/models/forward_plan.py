"""The forward plan: which reports are due at which meeting of a body, one-off or
recurring, and which item presented each."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.dates import as_stated
from core.locking import VersionedModel
from priorities.models import Board, Priority
from programmes.models import Programme

from ..planning import LONGEST_YEARS, period_label
from ..querysets import ForwardPlanEntryQuerySet
from .action import Action
from .meeting import AgendaItem, Meeting, stated_date_fields
from .paragraph import Paragraph


class ReportingCommitment(VersionedModel):
    """A report a body is to receive again and again: progress to the Board twice a year,
    an overview to the Executive every quarter. Each period's report is an entry of the
    forward plan, made when the commitment is saved."""

    class Frequency(models.TextChoices):
        QUARTERLY = "quarterly", "Every quarter"
        HALF_YEARLY = "half_yearly", "Twice a year"

    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        related_name="reporting_commitments",
        verbose_name="reported to",
        help_text="The body that is to receive the reports, e.g. the LGA Executive.",
    )
    title = models.CharField(
        "report",
        max_length=300,
        help_text="What is reported each time, e.g. Overview of all Boards' work programmes "
        "and progress.",
    )
    frequency = models.CharField(
        "how often",
        max_length=12,
        choices=Frequency.choices,
        help_text="Every quarter (to 30 June, 30 September, 31 December, 31 March) or twice a "
        "year (to 30 September and 31 March).",
    )
    starts_on = models.DateField(
        "from",
        help_text="When the commitment was made: a period ending before this is not due.",
    )
    ends_on = models.DateField(
        "to",
        help_text="The last day it covers, e.g. 31 March 2014 for the plan year 2013/14. A "
        "report is due for each period ending from the start to this day.",
    )
    source_paragraph = models.ForeignKey(
        Paragraph,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reporting_commitments",
        verbose_name="stated in",
        help_text="The paragraph of the paper that makes the commitment.",
    )
    priorities = models.ManyToManyField(
        Priority,
        blank=True,
        related_name="reporting_commitments",
        verbose_name="priorities",
        help_text="The priorities whose progress is reported; their pages list the reports.",
    )
    note = models.TextField("note", blank=True, help_text="Sources and any inferred dates.")

    history = HistoricalRecords(m2m_fields=[priorities])

    class Meta:
        ordering = ["board", "starts_on", "title"]
        verbose_name = "recurring report"

    def __str__(self):
        return f"{self.title} ({self.get_frequency_display().lower()})"

    def clean(self):
        if self.starts_on and self.ends_on:
            if self.ends_on < self.starts_on:
                raise ValidationError({"ends_on": "The end must be on or after the start."})
            if (self.ends_on - self.starts_on).days > LONGEST_YEARS * 366:
                raise ValidationError(
                    {"ends_on": f"A commitment covers {LONGEST_YEARS} years at most."}
                )


class ForwardPlanEntry(VersionedModel):
    """A report due to a body at a meeting, or by a date; overdue once that has passed
    with no item presenting it (`ForwardPlanEntry.objects.with_state()`)."""

    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        related_name="forward_plan",
        verbose_name="due to",
        help_text="The body that is to receive the report.",
    )
    title = models.CharField(
        "report",
        max_length=300,
        help_text="What is to be reported, e.g. A paper on the performance of the sector.",
    )
    due_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports_due",
        verbose_name="due at meeting",
        help_text="The meeting it is due at, if known: a meeting of the same body. A report "
        "of a recurring commitment is due at the body's first meeting after its period "
        "ends unless you choose one here.",
    )
    due_on = models.DateField(
        "due by",
        null=True,
        blank=True,
        help_text="Where a date is given rather than a meeting: past it, with nothing "
        "presented, the report is overdue.",
    )
    due_on_precision, due_on_stated = stated_date_fields("due date")
    commitment = models.ForeignKey(
        ReportingCommitment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="entries",
        verbose_name="recurring report",
        help_text="Made by a recurring commitment, for one of its periods.",
    )
    period_ends_on = models.DateField(
        "for the period to",
        null=True,
        blank=True,
        editable=False,
        help_text="The last day of the period a recurring report covers.",
    )
    presented_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forward_plan_entries",
        verbose_name="presented as",
        help_text="The item that presented it, once it has been: a paper to the same body.",
    )
    withdrawn = models.BooleanField(
        "withdrawn",
        default=False,
        help_text="Tick if the report will not come after all, and say why in the note; it "
        "is then never overdue.",
    )
    action = models.ForeignKey(
        Action,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forward_plan_entries",
        verbose_name="asked for by",
        help_text="The action that asked for the report, if any.",
    )
    source_paragraph = models.ForeignKey(
        Paragraph,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forward_plan_entries",
        verbose_name="stated in",
        help_text="The paragraph of the paper that says the report is due.",
    )
    priorities = models.ManyToManyField(
        Priority,
        blank=True,
        related_name="forward_plan_entries",
        verbose_name="priorities",
        help_text="The priorities it reports on; their pages then list it.",
    )
    programmes = models.ManyToManyField(
        Programme,
        blank=True,
        related_name="forward_plan_entries",
        verbose_name="programmes",
        help_text="The programmes it reports on; their pages then list it.",
    )
    note = models.TextField("note", blank=True, help_text="Sources and any inferred dates.")

    objects = ForwardPlanEntryQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[priorities, programmes])

    class Meta:
        ordering = ["board", "due_on", "period_ends_on", "pk"]
        verbose_name = "forward plan entry"
        verbose_name_plural = "forward plan"
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "period_ends_on"],
                condition=Q(commitment__isnull=False),
                name="forward_plan_one_entry_per_period",
            )
        ]

    def __str__(self):
        if self.period_ends_on and self.commitment_id:
            return f"{self.title}, {self.period_label}"
        return self.title

    @property
    def due_as_stated(self) -> str:
        """The date it is due by, as precisely as the papers give it; '' if none."""
        return as_stated(self.due_on, self.due_on_precision, self.due_on_stated)

    @property
    def period_label(self) -> str:
        """'2013/14 Q2' for a recurring report; '' for a one-off."""
        if not (self.period_ends_on and self.commitment_id):
            return ""
        return period_label(self.commitment.frequency, self.period_ends_on)

    @property
    def state(self) -> str:
        """Presented, Withdrawn, Overdue or Due: needs `is_overdue` from
        `ForwardPlanEntry.objects.with_state()`."""
        if self.presented_item_id:
            return "Presented"
        if self.withdrawn:
            return "Withdrawn"
        return "Overdue" if getattr(self, "is_overdue", False) else "Due"

    @property
    def state_colour(self) -> str:
        return FORWARD_PLAN_STATE_COLOURS[self.state]

    def clean(self):
        errors = {}
        if self.due_meeting_id and self.board_id and self.due_meeting.board_id != self.board_id:
            errors["due_meeting"] = "Choose a meeting of the body it is due to."
        if self.presented_item_id and self.board_id:
            item = self.presented_item
            body_id = item.meeting.board_id if item.meeting_id else item.presented_to_id
            if body_id != self.board_id:
                errors["presented_item"] = "Choose a paper presented to the body it is due to."
        if self.commitment_id is None and not (self.due_meeting_id or self.due_on):
            errors["due_on"] = "Give the meeting it is due at, or the date it is due by."
        if errors:
            raise ValidationError(errors)


# The tag colour of each state, as for actions; the state is always in words too.
FORWARD_PLAN_STATE_COLOURS = {
    "Presented": "green",
    "Withdrawn": "grey",
    "Overdue": "red",
    "Due": "blue",
}
