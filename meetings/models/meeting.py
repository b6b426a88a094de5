"""Meetings and their agenda items: the papers presented to a body, at a meeting or, where
the meeting is not known, to the body on a date as precisely as the papers give it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.dates import DatePrecision, as_stated, precision_fields
from core.locking import VersionedModel
from priorities.models import Board, Officer, Priority
from programmes.models import Programme

from ..querysets import AgendaItemQuerySet, MeetingQuerySet


def stated_date_fields(noun: str) -> tuple[models.CharField, models.CharField]:
    """`core.dates.precision_fields`, saying where in a month or season the date goes."""
    precision, stated = precision_fields(noun)
    precision.help_text = (
        f"How precisely the papers give the {noun}: a day, a month ('the January "
        "Executive'), a season, a year, or roughly ('mid 2013'). The date above is then a "
        "day within it, usually the last the papers allow (31 July 2011 for July 2011), so "
        "that it sorts after the days known within it; pages show it as the papers say it."
    )
    return precision, stated


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
        "date",
        help_text="The day it meets. A Board has one meeting a day at most. Where the papers "
        "give only a month or a season, a day within it (say in the note why that day), "
        "with the precision below.",
    )
    meets_on_precision, meets_on_stated = stated_date_fields("date")
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
        return f"{self.board} {self.date_as_stated}"

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={"pk": self.pk})

    @property
    def date_as_stated(self) -> str:
        """'8 November 2011', 'July 2011', 'mid 2013': as precisely as the papers say."""
        return as_stated(self.meets_on, self.meets_on_precision, self.meets_on_stated)

    @property
    def day_is_known(self) -> bool:
        return self.meets_on_precision == DatePrecision.DAY


class AgendaItem(VersionedModel):
    """A paper presented to a body: an item on a meeting's agenda, or, where the meeting
    is not known, presented to a Board (the Executive, a forum) on a date."""

    class Kind(models.TextChoices):
        REPORT = "report", "Report"
        CHAIRS_REPORT = "chairs_report", "Chairman's report"
        PRESENTATION = "presentation", "Presentation"
        OTHER = "other", "Other"

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name="meeting",
        help_text="The meeting whose agenda it is on. Leave blank for a paper whose meeting "
        "is not known, and say below which body it went to.",
    )
    presented_to = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="papers",
        verbose_name="presented to",
        help_text="Only when the meeting is not known: the body the paper went to, e.g. the "
        "LGA Executive. Leave blank when you choose a meeting (its Board is the body).",
    )
    presented_on = models.DateField(
        "presented on",
        null=True,
        blank=True,
        help_text="Only when the meeting is not known: when the paper was presented, as "
        "precisely as the papers say (a month: its last day), with the precision below. "
        "Leave blank if not even the month is known.",
    )
    presented_on_precision, presented_on_stated = stated_date_fields("date presented")
    referred_to_in = models.ForeignKey(
        "meetings.Paragraph",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items_referred_to",
        verbose_name="known from",
        help_text='For an item known only because another paper refers to it ("a report '
        'later on the agenda"): the paragraph that does. Leave blank if the paper is held.',
    )
    number = models.CharField(
        "item number",
        max_length=10,
        blank=True,
        help_text="e.g. 1, 4e. Leave blank if the papers give none.",
    )
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
                condition=~Q(number=""),
                name="agenda_item_number_unique_when_given",
                violation_error_message="This meeting already has an item with this number.",
            ),
            models.CheckConstraint(
                condition=Q(meeting__isnull=False) | Q(presented_to__isnull=False),
                name="agenda_item_presented_to_a_body",
                violation_error_message="Choose the meeting, or the body the paper went to.",
            ),
        ]

    def __str__(self):
        return f"Item {self.number}: {self.title}" if self.number else self.title

    def get_absolute_url(self):
        return reverse("meetings:item", kwargs={"pk": self.pk})

    # The body and date below read the meeting (and its Board) or the body presented to:
    # select them with `AgendaItem.objects.with_body()`, or each costs a query.

    @property
    def body(self) -> Board | None:
        """The body the paper went to: its meeting's Board, or the Board presented to."""
        return self.meeting.board if self.meeting_id else self.presented_to

    @property
    def presented_on_date(self):
        """The date it was presented, for sorting: its meeting's, or its own."""
        return self.meeting.meets_on if self.meeting_id else self.presented_on

    @property
    def date_as_stated(self) -> str:
        """When it was presented, as precisely as the papers say; '' if not known."""
        if self.meeting_id:
            return self.meeting.date_as_stated
        return as_stated(self.presented_on, self.presented_on_precision, self.presented_on_stated)

    def clean(self):
        errors = {}
        if self.meeting_id:
            if self.presented_to_id:
                errors["presented_to"] = (
                    "Leave this blank: the paper went to the meeting's Board. Clear the "
                    "meeting if it is not known."
                )
            if self.presented_on or self.presented_on_stated:
                errors["presented_on"] = "Leave this blank: the meeting gives the date."
        elif not self.presented_to_id:
            errors["meeting"] = "Choose the meeting or, if it is not known, the body it went to."
        if self.referred_to_in_id and self.pk and self.referred_to_in.agenda_item_id == self.pk:
            errors["referred_to_in"] = "Choose a paragraph of another paper."
        if errors:
            raise ValidationError(errors)
