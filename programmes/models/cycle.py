"""The quarterly cycle: update rounds, what was signed off, and the reminders sent."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.locking import VersionedModel
from core.quarters import Quarter, parse_plan_year_label
from priorities.models import PlanYear


class RoundQuerySet(models.QuerySet):
    def open(self) -> RoundQuerySet:
        return self.filter(status=ReportingRound.Status.OPEN)

    def closed(self) -> RoundQuerySet:
        return self.filter(status=ReportingRound.Status.CLOSED)

    def covering(self, on: date) -> RoundQuerySet:
        """The rounds whose quarter contains a date."""
        return self.filter(starts_on__lte=on, ends_on__gte=on)

    def locking(self, on: date) -> RoundQuerySet:
        """Closed rounds whose quarter contains `on`: updates and readings dated then are
        the record of what the Executive saw, and cannot change."""
        return self.closed().covering(on)

    def current(self) -> ReportingRound | None:
        """The open round the officers are working to: the latest open one."""
        return self.open().order_by("-ends_on").first()


class RoundManager(models.Manager.from_queryset(RoundQuerySet)):
    def get_queryset(self) -> RoundQuerySet:
        # A round is named by its plan year ("2012/13 Q3"): fetched together, always.
        return super().get_queryset().select_related("plan_year")


class ReportingRound(VersionedModel):
    """An update round: the Secretariat asks lead officers for a quarter's progress."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed (signed off)"

    plan_year = models.ForeignKey(
        PlanYear,
        on_delete=models.PROTECT,
        related_name="rounds",
        verbose_name="plan year",
        help_text="The plan year whose quarter this round reports on.",
    )
    quarter = models.PositiveSmallIntegerField(
        "quarter",
        choices=[(n, f"Q{n}") for n in (1, 2, 3, 4)],
        help_text="Q1 April to June, Q2 July to September, Q3 October to December, "
        "Q4 January to March.",
    )
    starts_on = models.DateField(
        "quarter starts", editable=False, help_text="Worked out from the plan year and quarter."
    )
    ends_on = models.DateField(
        "quarter ends", editable=False, help_text="Worked out from the plan year and quarter."
    )
    opened_on = models.DateField(
        "opened on", help_text="When officers were asked for their updates."
    )
    deadline = models.DateField(
        "deadline",
        help_text="When updates are due. Reminders go a week before and after it.",
    )
    status = models.CharField(
        "status",
        max_length=10,
        choices=Status.choices,
        default=Status.OPEN,
        editable=False,
        help_text="A round is closed when the Executive's overview is signed off.",
    )
    closed_at = models.DateTimeField("signed off at", null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="rounds_closed",
        verbose_name="signed off by",
    )
    note = models.TextField(
        "note", blank=True, help_text="Anything officers should know about this round."
    )

    objects = RoundManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-ends_on"]
        verbose_name = "update round"
        permissions = [
            ("close_reportinground", "Can sign off and close update rounds"),
            ("reopen_reportinground", "Can reopen a closed update round"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["plan_year", "quarter"],
                name="round_one_per_quarter",
                violation_error_message="There is already a round for this quarter.",
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("opened_on")),
                name="round_deadline_after_opening",
                violation_error_message="The deadline must be on or after the day it opens.",
            ),
        ]

    def __str__(self):
        return f"{self.label} update round"

    def save(self, *args, **kwargs):
        if self.plan_year_id and self.quarter:
            self.starts_on, self.ends_on = self.period.starts_on, self.period.ends_on
        return super().save(*args, **kwargs)

    @property
    def period(self) -> Quarter:
        return Quarter(parse_plan_year_label(self.plan_year.label), self.quarter)

    @property
    def label(self) -> str:
        return f"{self.plan_year.label} Q{self.quarter}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def as_at(self) -> date:
        """The date the round's updates describe: the quarter's last day."""
        return self.period.ends_on


class RoundRecord(models.Model):
    """An overview file as the Executive signed it off: the record of what they saw."""

    round = models.ForeignKey(
        ReportingRound,
        on_delete=models.PROTECT,
        related_name="records",
        verbose_name="update round",
    )
    format = models.CharField("format", max_length=10)
    filename = models.CharField("file name", max_length=200)
    content = models.BinaryField("content")
    sha256 = models.CharField("SHA-256", max_length=64)
    made_at = models.DateTimeField("made at", auto_now_add=True)

    class Meta:
        ordering = ["round", "format"]
        verbose_name = "signed-off overview"
        constraints = [
            models.UniqueConstraint(fields=["round", "format"], name="round_record_one_per_format")
        ]

    def __str__(self):
        return self.filename


class Reminder(models.Model):
    """A reminder sent to someone about a round, so nobody gets the same one twice."""

    class Kind(models.TextChoices):
        OPENED = "opened", "The round has opened"
        WEEK_BEFORE = "week_before", "A week before the deadline"
        OVERDUE = "overdue", "After the deadline"
        OVERDUE_LIST = "overdue_list", "The overdue list, to the Secretariat"

    round = models.ForeignKey(
        ReportingRound,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name="update round",
    )
    kind = models.CharField("kind", max_length=20, choices=Kind.choices)
    email = models.EmailField("sent to")
    items = models.PositiveIntegerField("items listed", default=0)
    sent_at = models.DateTimeField("sent at", auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = "reminder"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "kind", "email"], name="reminder_once_per_person"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.email}"
