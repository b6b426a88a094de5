"""Programmes and offers, and the partners they deliver with."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.locking import VersionedModel
from priorities.models import Board, Campaign, Officer, Priority, Theme

from ..querysets import (
    ProgrammeQuerySet,
)


class Partner(VersionedModel):
    """An organisation the Association delivers with: NESTA, IESE, CIPFA..."""

    name = models.CharField(
        "name",
        max_length=200,
        unique=True,
        help_text="The organisation's full name, e.g. Chartered Institute of Public Finance "
        "and Accountancy.",
    )
    short_name = models.CharField(
        "short name",
        max_length=60,
        blank=True,
        help_text="As used in tables, e.g. CIPFA. Leave blank to use the full name.",
    )
    slug = models.SlugField(
        "slug",
        max_length=200,
        unique=True,
        help_text="For web addresses; filled in from the name. Letters, numbers and hyphens.",
    )
    description = models.TextField(
        "description",
        blank=True,
        help_text="What the organisation does with the Association, in a sentence or two.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "partner"

    def __str__(self):
        return self.short_name or self.name


class Programme(VersionedModel):
    """A programme or offer that delivers one or more priorities."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    name = models.CharField(
        "name", max_length=200, help_text="As the programme is known, e.g. Leadership Academy."
    )
    slug = models.SlugField(
        "slug",
        max_length=200,
        unique=True,
        help_text="For web addresses; filled in from the name. Letters, numbers and hyphens.",
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name="theme",
        help_text="The strategic theme it falls under, if any.",
    )
    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name="board",
        help_text="The Board that oversees the programme.",
    )
    lead_officer = models.ForeignKey(
        Officer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name="lead officer",
        help_text="The member of staff who answers for the programme and reports its progress.",
    )
    delegates = models.ManyToManyField(
        Officer,
        blank=True,
        related_name="delegated_programmes",
        verbose_name="delegated to",
        help_text="Officers who may record this programme's updates as well as its lead.",
    )
    partners = models.ManyToManyField(
        Partner,
        blank=True,
        related_name="programmes",
        verbose_name="partners",
        help_text="The organisations it is delivered with, e.g. NESTA.",
    )
    funding_source = models.CharField(
        "funding source", max_length=200, blank=True, help_text="e.g. RSG top-slice."
    )
    summary = models.TextField(
        "summary", blank=True, help_text="What the programme does and for whom, in a few lines."
    )
    status = models.CharField(
        "status",
        max_length=10,
        choices=Status.choices,
        default=Status.ACTIVE,
        help_text="Planned until it starts, active while it runs, closed once it has ended.",
    )
    starts_on = models.DateField(
        "starts on",
        null=True,
        blank=True,
        help_text="No progress update can be dated before it. Leave blank if you do not know.",
    )
    ends_on = models.DateField(
        "ends on",
        null=True,
        blank=True,
        help_text="No progress update can be dated after it. Leave blank while there is no "
        "set end.",
    )
    priorities = models.ManyToManyField(
        Priority,
        blank=True,
        related_name="programmes",
        verbose_name="priorities delivered",
        help_text="The priorities this programme delivers, in any plan year.",
    )
    campaigns = models.ManyToManyField(
        Campaign,
        blank=True,
        related_name="programmes",
        verbose_name="campaigns",
        help_text="The campaigns it supports, if any.",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="part of",
        help_text="For an offer within a larger programme.",
    )
    weight = models.DecimalField(
        "roll-up weight",
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="How much this programme counts when its priorities' status is rolled up. "
        "1 is normal.",
    )
    note = models.TextField("note", blank=True, help_text="Sources and any inferred dates.")

    objects = ProgrammeQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[partners, priorities, delegates])

    class Meta:
        ordering = ["name"]
        verbose_name = "programme"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programmes:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The end date must be on or after the start date."})
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": "A programme cannot be part of itself."})
        errors = self._updates_outside_a_new_life()
        if errors:
            raise ValidationError(errors)

    def _updates_outside_a_new_life(self) -> dict[str, str]:
        """Errors for a start or end date moved past progress updates already recorded.

        `ProgressUpdate.clean()` keeps each update inside its programme's life as the
        update is saved; this keeps them inside when the programme's dates change, from
        the admin, the loader or the shell alike. Only a changed date is checked, so an
        unrelated edit is never refused for what was already there."""
        if self._state.adding or self.pk is None:
            return {}
        stored = type(self)._base_manager.filter(pk=self.pk).values("starts_on", "ends_on").first()
        if stored is None:
            return {}
        outside = {}
        if self.starts_on and self.starts_on != stored["starts_on"]:
            outside["starts_on"] = Q(as_at__lt=self.starts_on), "before this start date"
        if self.ends_on and self.ends_on != stored["ends_on"]:
            outside["ends_on"] = Q(as_at__gt=self.ends_on), "after this end date"
        if not outside:
            return {}
        updates = self.progress_updates.all()
        counts = updates.aggregate(
            **{field: models.Count("pk", filter=when) for field, (when, _) in outside.items()}
        )
        errors = {}
        for field, (_, where) in outside.items():
            n = counts[field]
            if n:
                updates_are, them = (
                    ("1 progress update is", "it")
                    if n == 1
                    else (f"{n} progress updates are", "them")
                )
                errors[field] = (
                    f"{updates_are} dated {where}. Change or delete {them} first, or choose "
                    "another date."
                )
        return errors

    def is_live_on(self, on: date) -> bool:
        return (self.starts_on is None or self.starts_on <= on) and (
            self.ends_on is None or on <= self.ends_on
        )
