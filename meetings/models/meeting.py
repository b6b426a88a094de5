"""Meetings, their agenda items and the numbered paragraphs of reports."""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.locking import VersionedModel
from priorities.models import Board, Officer, Priority
from programmes.models import Programme

from ..querysets import AgendaItemQuerySet, MeetingQuerySet


class Meeting(VersionedModel):
    """A meeting of a Board."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name="board",
        help_text="The Board that meets.",
    )
    meets_on = models.DateField(
        "date", help_text="The day it meets. A Board has one meeting a day at most."
    )
    start_time = models.TimeField(
        "time",
        null=True,
        blank=True,
        help_text="When it starts, e.g. 11:00. Leave blank if you do not know.",
    )
    venue = models.CharField(
        "venue", max_length=300, blank=True, help_text="e.g. Local Government House, London."
    )
    status = models.CharField(
        "status",
        max_length=10,
        choices=Status.choices,
        default=Status.SCHEDULED,
        help_text="Scheduled until the day; then held, or cancelled if it did not go ahead.",
    )
    note = models.TextField("note", blank=True, help_text="Sources and any inferred dates.")

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-meets_on"]
        get_latest_by = "meets_on"
        verbose_name = "meeting"
        constraints = [
            models.UniqueConstraint(
                fields=["board", "meets_on"],
                name="meeting_one_per_board_per_day",
                violation_error_message="This Board already has a meeting on this date.",
            )
        ]

    def __str__(self):
        return f"{self.board} {self.meets_on:%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={"pk": self.pk})


class AgendaItem(VersionedModel):
    """An item on a meeting's agenda: a report, the Chairman's report, a presentation."""

    class Kind(models.TextChoices):
        REPORT = "report", "Report"
        CHAIRS_REPORT = "chairs_report", "Chairman's report"
        PRESENTATION = "presentation", "Presentation"
        OTHER = "other", "Other"

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="agenda_items",
        verbose_name="meeting",
        help_text="The meeting whose agenda it is on.",
    )
    number = models.CharField("item number", max_length=10, help_text="e.g. 1, 4e.")
    title = models.CharField(
        "title", max_length=300, help_text="As on the agenda, e.g. Sector-led improvement."
    )
    kind = models.CharField(
        "kind",
        max_length=20,
        choices=Kind.choices,
        default=Kind.REPORT,
        help_text="Most items are reports; the Chairman's report has a kind of its own.",
    )
    purpose = models.CharField(
        "purpose", max_length=200, blank=True, help_text="e.g. For discussion and direction."
    )
    summary = models.TextField(
        "summary", blank=True, help_text="The report's summary, in its own words."
    )
    recommendations = models.TextField(
        "recommendation",
        blank=True,
        help_text="What the report asks members to do, in its own words, e.g. Members are "
        "asked to note the report.",
    )
    action_required = models.TextField(
        "action", blank=True, help_text="The action the report asks for, in its own words."
    )
    contact_officers = models.ManyToManyField(
        Officer,
        blank=True,
        related_name="agenda_items",
        verbose_name="contact officers",
        help_text="The officers the report names as its contacts.",
    )
    financial_implications = models.TextField(
        "financial implications",
        blank=True,
        help_text="What the report says about cost, in its own words. Leave blank if it says "
        "nothing.",
    )
    exempt = models.BooleanField(
        "exempt (confidential)",
        default=False,
        help_text="Tick for an item not open to the public; only signed-in members see it.",
    )
    priorities = models.ManyToManyField(
        Priority,
        blank=True,
        related_name="agenda_items",
        verbose_name="priorities discussed",
        help_text="Each priority the item reports on; its page then lists the item.",
    )
    programmes = models.ManyToManyField(
        Programme,
        blank=True,
        related_name="agenda_items",
        verbose_name="programmes discussed",
        help_text="Each programme the item reports on; its page then lists the item.",
    )
    order = models.PositiveSmallIntegerField(
        "order", default=0, help_text="Where it comes on the agenda: lower numbers first."
    )
    note = models.TextField("note", blank=True, help_text="Sources and any inferred facts.")

    objects = AgendaItemQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[priorities, programmes])

    class Meta:
        ordering = ["meeting", "order", "number"]
        verbose_name = "agenda item"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="agenda_item_number_unique",
                violation_error_message="This meeting already has an item with this number.",
            )
        ]

    def __str__(self):
        return f"Item {self.number}: {self.title}"

    def get_absolute_url(self):
        return reverse("meetings:item", kwargs={"pk": self.pk})


class Paragraph(VersionedModel):
    """A numbered paragraph of a report, under a heading, linked to what it discusses."""

    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="paragraphs",
        verbose_name="agenda item",
        help_text="The report the paragraph is from.",
    )
    number = models.CharField("number", max_length=10, help_text="As numbered: 4, 4.1.")
    heading = models.CharField(
        "heading", max_length=200, blank=True, help_text="e.g. Leadership, Productivity."
    )
    subheading = models.CharField(
        "subheading",
        max_length=200,
        blank=True,
        help_text="A heading within the heading, if the report has one, e.g. Peer challenge.",
    )
    text = models.TextField("text", help_text="The paragraph as written, without its number.")
    programmes = models.ManyToManyField(
        Programme,
        blank=True,
        related_name="paragraphs",
        verbose_name="programmes mentioned",
        help_text="Each programme the paragraph mentions by name or describes.",
    )
    priorities = models.ManyToManyField(
        Priority,
        blank=True,
        related_name="paragraphs",
        verbose_name="priorities mentioned",
        help_text="Each priority the paragraph mentions or reports on.",
    )
    order = models.PositiveSmallIntegerField(
        "order", default=0, help_text="Where it comes in the report: lower numbers first."
    )

    history = HistoricalRecords(m2m_fields=[programmes])

    class Meta:
        ordering = ["agenda_item", "order"]
        verbose_name = "paragraph"
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "number"],
                name="paragraph_number_unique",
                violation_error_message="This item already has a paragraph with this number.",
            )
        ]

    def __str__(self):
        return f"{self.number} {self.text[:60]}"
