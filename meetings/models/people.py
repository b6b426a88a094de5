"""Members of the Boards and their roles."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.locking import VersionedModel
from priorities.models import Board, PlanYear, Theme
from programmes.models import Council


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
