"""What a meeting asks of officers."""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from core.locking import VersionedModel
from priorities.models import Officer, Priority
from programmes.models import Programme

from ..querysets import ActionQuerySet
from .meeting import AgendaItem, Meeting


class Action(VersionedModel):
    """What a meeting asks of officers, with an owner and a due date or meeting."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name="meeting",
        help_text="The meeting that set the action.",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name="agenda item",
        help_text="The item under which it was set, if any: an item of the same meeting.",
    )
    description = models.TextField(
        "description",
        help_text="What is to be done, as minuted, e.g. Bring a paper on peer challenge to "
        "the next meeting.",
    )
    owner = models.ForeignKey(
        Officer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name="owner",
        help_text="The officer who is to do it.",
    )
    due_on = models.DateField(
        "due on",
        null=True,
        blank=True,
        help_text="Past this date and still open, it is overdue. Leave blank if it is due at "
        "a meeting instead.",
    )
    due_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions_due",
        verbose_name="due at meeting",
        help_text="When the action is due at a meeting rather than by a date.",
    )
    status = models.CharField(
        "status",
        max_length=10,
        choices=Status.choices,
        default=Status.OPEN,
        help_text="Open until it is done, or dropped if it will not be; then say what came of it.",
    )
    outcome = models.TextField(
        "outcome",
        blank=True,
        help_text="What came of it, e.g. Paper taken at the November meeting. Needed once it "
        "is done or dropped.",
    )
    priorities = models.ManyToManyField(
        Priority,
        blank=True,
        related_name="actions",
        verbose_name="priorities",
        help_text="The priorities it concerns; their pages then list it.",
    )
    programmes = models.ManyToManyField(
        Programme,
        blank=True,
        related_name="actions",
        verbose_name="programmes",
        help_text="The programmes it concerns; their pages then list it.",
    )
    note = models.TextField("note", blank=True, help_text="Sources and any inferred dates.")

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = "action"

    def __str__(self):
        return self.description[:80]

    @property
    def state(self) -> str:
        """Open, Overdue, Done or Dropped: needs `is_overdue` from
        `Action.objects.with_overdue()`, and reads as its status without it."""
        if getattr(self, "is_overdue", False):
            return "Overdue"
        return self.get_status_display()

    @property
    def state_colour(self) -> str:
        return ACTION_STATE_COLOURS[self.state]

    def clean(self):
        errors = {}
        if (
            self.agenda_item_id
            and self.meeting_id
            and self.agenda_item.meeting_id != self.meeting_id
        ):
            errors["agenda_item"] = "Choose an item of the same meeting."
        if self.due_meeting_id and self.meeting_id and self.due_meeting_id == self.meeting_id:
            errors["due_meeting"] = "An action cannot be due at the meeting that set it."
        if self.status != self.Status.OPEN and not self.outcome.strip():
            errors["outcome"] = "Say what came of an action that is done or dropped."
        if errors:
            raise ValidationError(errors)


# The tag colour of each action state: `govuk-tag--<colour>` on the pages and
# `bp-tag--<colour>` in the admin. The state is always in words too.
ACTION_STATE_COLOURS = {"Open": "blue", "Overdue": "red", "Done": "green", "Dropped": "grey"}
