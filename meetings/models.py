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
    title = models.CharField(
        "title",
        max_length=20,
        default="Cllr",
        blank=True,
        help_text="As the member is addressed, e.g. Cllr, Mayor or Sir. Leave blank for none.",
    )
    slug = models.SlugField(
        "slug",
        max_length=200,
        unique=True,
        help_text="For web addresses; filled in from the name. Letters, numbers and hyphens.",
    )
    council = models.ForeignKey(
        Council,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name="council",
        help_text="The council they were elected to.",
    )
    political_group = models.CharField(
        "political group",
        max_length=20,
        choices=Group.choices,
        blank=True,
        help_text="As the member declares it; Not stated if you do not know.",
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
        Member,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="member",
        help_text="The councillor who holds the seat.",
    )
    board = models.ForeignKey(
        Board,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="board",
        help_text="The Board the seat is on.",
    )
    role = models.CharField(
        "role",
        max_length=20,
        choices=Role.choices,
        default=Role.MEMBER,
        help_text="Most seats are Member; choose the office for the Board's chair and deputies.",
    )
    starts_on = models.DateField(
        "from",
        null=True,
        blank=True,
        help_text="When they took the seat, e.g. the first meeting of the municipal year. "
        "Leave blank if you do not know.",
    )
    ends_on = models.DateField(
        "to", null=True, blank=True, help_text="Leave blank while they still hold the seat."
    )
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
        Member,
        on_delete=models.CASCADE,
        related_name="theme_roles",
        verbose_name="member",
        help_text="The councillor with a part in the theme.",
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.CASCADE,
        related_name="member_roles",
        verbose_name="theme",
        help_text="The theme they lead or follow.",
    )
    plan_year = models.ForeignKey(
        PlanYear,
        on_delete=models.CASCADE,
        related_name="theme_roles",
        verbose_name="plan year",
        help_text="Roles are set afresh each plan year, e.g. 2012/13.",
    )
    role = models.CharField(
        "role",
        max_length=10,
        choices=Role.choices,
        default=Role.POOL,
        help_text="A theme has one lead member a year at most, and any number in its pool.",
    )

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
