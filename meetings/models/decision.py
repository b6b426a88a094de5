"""What a meeting agreed."""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from core.locking import VersionedModel
from priorities.models import Priority
from programmes.models import Programme

from ..querysets import DecisionQuerySet
from .meeting import AgendaItem, Meeting
from .paragraph import Paragraph


class Decision(VersionedModel):
    """What a meeting agreed, on which item, with the minute reference where known."""

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name="meeting",
        help_text="The meeting that took the decision.",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name="agenda item",
        help_text="The item it was taken on, if known: an item of the same meeting.",
    )
    text = models.TextField(
        "what was agreed",
        help_text="As minuted, or as a paper reports it, e.g. Approved the specification for "
        "a programme of evaluation research.",
    )
    minute_reference = models.CharField(
        "minute reference",
        max_length=40,
        blank=True,
        help_text="The minute's number, e.g. 12/3. Leave blank if it is not known.",
    )
    source_paragraph = models.ForeignKey(
        Paragraph,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions_reported",
        verbose_name="reported in",
        help_text="Where no minutes are held: the paragraph of a paper that reports the "
        "decision, e.g. Item 3, paragraph 20.",
    )
    priorities = models.ManyToManyField(
        Priority,
        blank=True,
        related_name="decisions",
        verbose_name="priorities",
        help_text="The priorities it concerns; their pages then list it.",
    )
    programmes = models.ManyToManyField(
        Programme,
        blank=True,
        related_name="decisions",
        verbose_name="programmes",
        help_text="The programmes it concerns; their pages then list it.",
    )
    order = models.PositiveSmallIntegerField(
        "order", default=0, help_text="Where it comes in the minutes: lower numbers first."
    )
    note = models.TextField("note", blank=True, help_text="Sources and any inferred facts.")

    objects = DecisionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[priorities, programmes])

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = "decision"

    def __str__(self):
        return self.text[:80]

    def clean(self):
        if (
            self.agenda_item_id
            and self.meeting_id
            and self.agenda_item.meeting_id != self.meeting_id
        ):
            raise ValidationError({"agenda_item": "Choose an item of the same meeting."})
