"""Governance: members and their roles, meetings, agenda items, paragraphs and actions."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.locking import VersionedModel
from priorities.models import Board, Officer, PlanYear, Priority, Theme
from programmes.models import Council, Programme

from .querysets import ActionQuerySet, AgendaItemQuerySet, MeetingQuerySet


class Member(VersionedModel):
    """A councillor who sits on a Board."""

    class Group(models.TextChoices):
        CONSERVATIVE = "conservative", "Conservative"
        LABOUR = "labour", "Labour"
        LIBERAL_DEMOCRAT = "liberal_democrat", "Liberal Democrat"
        INDEPENDENT = "independent", "Independent"
        OTHER = "other", "Other"
        UNKNOWN = "", "Not stated"

    name = models.CharField(
        "name", max_length=200, help_text="Without the title, e.g. Peter Fleming."
    )
    title = models.CharField("title", max_length=20, default="Cllr", blank=True)
    slug = models.SlugField("slug", max_length=200, unique=True)
    council = models.ForeignKey(
        Council,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name="council",
    )
    political_group = models.CharField(
        "political group", max_length=20, choices=Group.choices, blank=True
    )
    note = models.TextField("note", blank=True, help_text="Sources and any inferred facts.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "member"

    def __str__(self):
        return f"{self.title} {self.name}".strip()

    def get_absolute_url(self):
        return reverse("meetings:member", kwargs={"slug": self.slug})


class Membership(VersionedModel):
    """A member's seat on a Board, with their role, for a period."""

    class Role(models.TextChoices):
        CHAIRMAN = "chairman", "Chairman"
        DEPUTY_CHAIRMAN = "deputy_chairman", "Deputy Chairman"
        VICE_CHAIR = "vice_chair", "Vice-Chair"
        MEMBER = "member", "Member"

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="memberships", verbose_name="member"
    )
    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="memberships", verbose_name="board"
    )
    role = models.CharField("role", max_length=20, choices=Role.choices, default=Role.MEMBER)
    starts_on = models.DateField("from", null=True, blank=True)
    ends_on = models.DateField("to", null=True, blank=True)
    note = models.TextField("note", blank=True, help_text="Sources and any inferred dates.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["board", "role", "member__name"]
        verbose_name = "board membership"

    def __str__(self):
        return f"{self.member}, {self.get_role_display()} of {self.board}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The end date must be on or after the start date."})


class ThemeRole(VersionedModel):
    """A member's part in a theme for a plan year: lead member (portfolio holder) or pool."""

    class Role(models.TextChoices):
        LEAD = "lead", "Lead member (portfolio holder)"
        POOL = "pool", "Pool of interested members"

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="theme_roles", verbose_name="member"
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, related_name="member_roles", verbose_name="theme"
    )
    plan_year = models.ForeignKey(
        PlanYear, on_delete=models.CASCADE, related_name="theme_roles", verbose_name="plan year"
    )
    role = models.CharField("role", max_length=10, choices=Role.choices, default=Role.POOL)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_year", "theme", "role", "member__name"]
        verbose_name = "theme role"
        constraints = [
            models.UniqueConstraint(
                fields=["member", "theme", "plan_year"],
                name="theme_role_unique",
                violation_error_message="This member already has a role in this theme this year.",
            ),
            models.UniqueConstraint(
                fields=["theme", "plan_year"],
                condition=Q(role="lead"),
                name="theme_role_one_lead",
                violation_error_message="This theme already has a lead member this plan year.",
            ),
        ]

    def __str__(self):
        return f"{self.member}: {self.get_role_display()}, {self.theme} {self.plan_year}"


class Meeting(VersionedModel):
    """A meeting of a Board."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="meetings", verbose_name="board"
    )
    meets_on = models.DateField("date")
    start_time = models.TimeField("time", null=True, blank=True)
    venue = models.CharField(
        "venue", max_length=300, blank=True, help_text="e.g. Local Government House, London."
    )
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.SCHEDULED
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
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name="meeting"
    )
    number = models.CharField("item number", max_length=10, help_text="e.g. 1, 4e.")
    title = models.CharField("title", max_length=300)
    kind = models.CharField("kind", max_length=20, choices=Kind.choices, default=Kind.REPORT)
    purpose = models.CharField(
        "purpose", max_length=200, blank=True, help_text="e.g. For discussion and direction."
    )
    summary = models.TextField("summary", blank=True)
    recommendations = models.TextField("recommendation", blank=True)
    action_required = models.TextField(
        "action", blank=True, help_text="The action the report asks for, in its own words."
    )
    contact_officers = models.ManyToManyField(
        Officer, blank=True, related_name="agenda_items", verbose_name="contact officers"
    )
    financial_implications = models.TextField("financial implications", blank=True)
    exempt = models.BooleanField(
        "exempt (confidential)",
        default=False,
        help_text="Tick for an item not open to the public; only signed-in members see it.",
    )
    priorities = models.ManyToManyField(
        Priority, blank=True, related_name="agenda_items", verbose_name="priorities discussed"
    )
    programmes = models.ManyToManyField(
        Programme, blank=True, related_name="agenda_items", verbose_name="programmes discussed"
    )
    order = models.PositiveSmallIntegerField("order", default=0)
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
        AgendaItem, on_delete=models.CASCADE, related_name="paragraphs", verbose_name="agenda item"
    )
    number = models.CharField("number", max_length=10, help_text="As numbered: 4, 4.1.")
    heading = models.CharField(
        "heading", max_length=200, blank=True, help_text="e.g. Leadership, Productivity."
    )
    subheading = models.CharField("subheading", max_length=200, blank=True)
    text = models.TextField("text")
    programmes = models.ManyToManyField(
        Programme, blank=True, related_name="paragraphs", verbose_name="programmes mentioned"
    )
    priorities = models.ManyToManyField(
        Priority, blank=True, related_name="paragraphs", verbose_name="priorities mentioned"
    )
    order = models.PositiveSmallIntegerField("order", default=0)

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


class Action(VersionedModel):
    """What a meeting asks of officers, with an owner and a due date or meeting."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="actions", verbose_name="meeting"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name="agenda item",
    )
    description = models.TextField("description")
    owner = models.ForeignKey(
        Officer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name="owner",
    )
    due_on = models.DateField("due on", null=True, blank=True)
    due_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions_due",
        verbose_name="due at meeting",
        help_text="When the action is due at a meeting rather than by a date.",
    )
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField("outcome", blank=True)
    priorities = models.ManyToManyField(
        Priority, blank=True, related_name="actions", verbose_name="priorities"
    )
    programmes = models.ManyToManyField(
        Programme, blank=True, related_name="actions", verbose_name="programmes"
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
