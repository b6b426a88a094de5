"""The plan's frame: plan years, Boards, themes, officers and campaigns."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.dates import precision_fields
from core.locking import VersionedModel
from core.quarters import Quarter, parse_plan_year_label, quarters_of


class Board(VersionedModel):
    """A policy Board of the Association, or the Executive, which owns priorities."""

    name = models.CharField(
        "name",
        max_length=200,
        unique=True,
        help_text="The Board's full name, e.g. Improvement and Innovation Board.",
    )
    short_name = models.CharField(
        "short name", max_length=60, blank=True, help_text="As used in tables, e.g. 'IPB'."
    )
    slug = models.SlugField(
        "slug",
        max_length=200,
        unique=True,
        help_text="For web addresses; filled in from the name. Letters, numbers and hyphens.",
    )
    remit = models.TextField("remit", blank=True, help_text="What the Board is responsible for.")
    active_from = models.DateField(
        "active from",
        null=True,
        blank=True,
        help_text="The date of its first meeting under this name, if known.",
    )
    active_to = models.DateField(
        "active to", null=True, blank=True, help_text="Leave blank while the Board still meets."
    )
    renamed_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renamed_to",
        verbose_name="renamed from",
        help_text="The Board this one was before it was renamed.",
    )
    order = models.PositiveSmallIntegerField(
        "order", default=0, help_text="Where it comes in lists: lower numbers first."
    )
    note = models.TextField("note", blank=True, help_text="Sources and any inferred dates.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "board"

    def __str__(self):
        return self.name

    def clean(self):
        if self.active_from and self.active_to and self.active_to < self.active_from:
            raise ValidationError({"active_to": "The end date must be on or after the start date."})
        if self.renamed_from_id and self.renamed_from_id == self.pk:
            raise ValidationError({"renamed_from": "A Board cannot be renamed from itself."})


class PlanYearQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PlanYearQuerySet":
        """Agreed plans are public; outline and draft plans need a signed-in user."""
        if user is not None and user.is_authenticated:
            return self
        return self.filter(status=PlanYear.Status.AGREED)

    def containing(self, on: date) -> "PlanYearQuerySet":
        return self.filter(starts_on__lte=on, ends_on__gte=on)

    def with_slug(self, slug: str) -> "PlanYearQuerySet":
        """The plan year whose URL form (`PlanYear.slug`, `2012-13`) is `slug`."""
        return self.filter(label=PlanYear.label_from_slug(slug))


class PlanYear(VersionedModel):
    """A financial year of the business plan, April to March, written `2012/13`."""

    class Status(models.TextChoices):
        OUTLINE = "outline", "Outline"
        DRAFT = "draft", "Draft"
        AGREED = "agreed", "Agreed"

    label = models.CharField(
        "plan year", max_length=7, unique=True, help_text="Written like 2012/13."
    )
    starts_on = models.DateField("starts on", help_text="1 April.")
    ends_on = models.DateField("ends on", help_text="31 March of the following year.")
    status = models.CharField(
        "status",
        max_length=10,
        choices=Status.choices,
        default=Status.OUTLINE,
        help_text="Outline in January, draft while Boards comment, agreed when signed off. "
        "Only agreed plans are public.",
    )
    agreed_on = models.DateField(
        "agreed on",
        null=True,
        blank=True,
        help_text="The date the plan was signed off. Needed once the plan is agreed.",
    )
    # As precisely as the papers give it ("in March", "earlier in the year").
    agreed_on_precision, agreed_on_stated = precision_fields("sign-off date")
    agreed_on_precision.help_text = (
        "How precisely the papers give the sign-off: a day, a month ('in March'), a year or "
        "roughly ('earlier in the year'). The date above is then the last day they allow."
    )
    agreed_by = models.CharField(
        "agreed by", max_length=200, blank=True, help_text="e.g. the LGA Executive."
    )
    note = models.TextField("note", blank=True, help_text="Sources and any inferred dates.")

    objects = PlanYearQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on"]
        verbose_name = "plan year"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="plan_year_ends_after_start"
            )
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("portal:plan_year", kwargs={"year": self.slug})

    @property
    def slug(self) -> str:
        """`2012/13` as a URL segment: `2012-13`."""
        return self.label.replace("/", "-")

    @staticmethod
    def label_from_slug(slug: str) -> str:
        """The other way: `2012-13` back to `2012/13`."""
        return slug.replace("-", "/")

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.AGREED

    @property
    def quarters(self) -> list[Quarter]:
        return quarters_of(self.label)

    def quarter(self, number: int) -> Quarter:
        return self.quarters[number - 1]

    def contains(self, on: date) -> bool:
        return self.starts_on <= on <= self.ends_on

    def clean(self):
        errors = {}
        try:
            start_year = parse_plan_year_label(self.label or "")
        except ValueError as exc:
            errors["label"] = str(exc)
        else:
            if self.starts_on and self.starts_on != date(start_year, 4, 1):
                errors["starts_on"] = f"Plan year {self.label} starts on 1 April {start_year}."
            if self.ends_on and self.ends_on != date(start_year + 1, 3, 31):
                errors["ends_on"] = f"Plan year {self.label} ends on 31 March {start_year + 1}."
        if self.status == self.Status.AGREED and not self.agreed_on:
            errors["agreed_on"] = "Say when an agreed plan was agreed."
        if self.agreed_on and self.agreed_on > timezone.localdate():
            errors["agreed_on"] = "The agreed date cannot be in the future."
        if errors:
            raise ValidationError(errors)

    @classmethod
    def dates_for(cls, label: str) -> tuple[date, date]:
        start = parse_plan_year_label(label)
        return date(start, 4, 1), date(start + 1, 3, 31)


class Theme(VersionedModel):
    """A strategic theme: Sector-led improvement, Productivity, Innovation, Leadership..."""

    name = models.CharField(
        "name", max_length=100, unique=True, help_text="e.g. Sector-led improvement."
    )
    slug = models.SlugField(
        "slug",
        max_length=100,
        unique=True,
        help_text="For web addresses; filled in from the name. Letters, numbers and hyphens.",
    )
    description = models.TextField(
        "description", blank=True, help_text="What the theme covers, in a sentence or two."
    )
    order = models.PositiveSmallIntegerField(
        "order", default=0, help_text="Where it comes in lists: lower numbers first."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "theme"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("priorities:theme", kwargs={"slug": self.slug})


class Officer(VersionedModel):
    """A member of staff who leads work or is a report's contact officer."""

    name = models.CharField("name", max_length=200, help_text="Full name, e.g. Jane Smith.")
    position = models.CharField(
        "position", max_length=200, blank=True, help_text="Job title, e.g. Programme Manager."
    )
    phone = models.CharField(
        "phone",
        max_length=40,
        blank=True,
        help_text="A work number with its area code, e.g. 020 7946 0000.",
    )
    email = models.EmailField(
        "email", blank=True, help_text="A work address, e.g. jane.smith@local.gov.uk."
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="officer",
        verbose_name="user account",
        help_text="Links the officer to the account they sign in with, if they have one.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "officer"

    def __str__(self):
        return f"{self.name}, {self.position}" if self.position else self.name


class Campaign(VersionedModel):
    """A campaign of the Association: Taking the Lead, Rewiring Public Services, Be a Councillor."""

    name = models.CharField(
        "name", max_length=200, unique=True, help_text="As launched, e.g. Rewiring Public Services."
    )
    slug = models.SlugField(
        "slug",
        max_length=200,
        unique=True,
        help_text="For web addresses; filled in from the name. Letters, numbers and hyphens.",
    )
    description = models.TextField(
        "description", blank=True, help_text="What the campaign calls for, in a sentence or two."
    )
    launched_on = models.DateField(
        "launched on", null=True, blank=True, help_text="Leave blank if you do not know."
    )
    note = models.TextField("note", blank=True, help_text="Sources and any inferred dates.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "campaign"

    def __str__(self):
        return self.name


class CampaignItem(VersionedModel):
    """One point of a campaign, e.g. one of the ten big ideas of Rewiring Public Services."""

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name="campaign",
        help_text="The campaign this point belongs to.",
    )
    number = models.CharField("number", max_length=10, help_text="As numbered in the paper.")
    title = models.CharField(
        "title", max_length=300, help_text="The point in a few words, as the paper puts it."
    )
    description = models.TextField(
        "description", blank=True, help_text="The point in full, or a summary of it."
    )
    order = models.PositiveSmallIntegerField(
        "order", default=0, help_text="Where it comes in lists: lower numbers first."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "order", "number"]
        verbose_name = "campaign item"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="campaign_item_unique")
        ]

    def __str__(self):
        return f"{self.number} {self.title}"
