"""Councils and their part in programmes."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.locking import VersionedModel

from ..querysets import CouncilQuerySet
from .programme import Programme


class Council(VersionedModel):
    """An English council or fire and rescue authority."""

    class Kind(models.TextChoices):
        COUNTY = "county", "County council"
        DISTRICT = "district", "District council"
        UNITARY = "unitary", "Unitary authority"
        METROPOLITAN = "metropolitan", "Metropolitan borough"
        LONDON_BOROUGH = "london_borough", "London borough"
        FIRE = "fire", "Fire and rescue authority"
        OTHER = "other", "Other"

    class Region(models.TextChoices):
        NORTH_EAST = "north_east", "North East"
        NORTH_WEST = "north_west", "North West"
        YORKSHIRE = "yorkshire", "Yorkshire and the Humber"
        EAST_MIDLANDS = "east_midlands", "East Midlands"
        WEST_MIDLANDS = "west_midlands", "West Midlands"
        EAST = "east", "East of England"
        LONDON = "london", "London"
        SOUTH_EAST = "south_east", "South East"
        SOUTH_WEST = "south_west", "South West"

    name = models.CharField(
        "name",
        max_length=200,
        unique=True,
        help_text="The council's full name, e.g. Wiltshire Council.",
    )
    slug = models.SlugField(
        "slug",
        max_length=200,
        unique=True,
        help_text="For web addresses; filled in from the name. Letters, numbers and hyphens.",
    )
    kind = models.CharField(
        "type",
        max_length=20,
        choices=Kind.choices,
        help_text="Choose Other for a combined or joint authority.",
    )
    region = models.CharField(
        "region",
        max_length=20,
        choices=Region.choices,
        blank=True,
        help_text="The English region it is in. Leave blank if you do not know.",
    )
    gss_code = models.CharField(
        "ONS/GSS code",
        max_length=9,
        blank=True,
        help_text="The nine-character statistical code, e.g. E06000034. Unique when set.",
    )
    note = models.TextField(
        "note",
        blank=True,
        help_text="Sources: the paper that names the council, and where its type, region "
        "and code come from (reference data, not the papers).",
    )

    objects = CouncilQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "council"
        constraints = [
            models.UniqueConstraint(
                fields=["gss_code"],
                condition=~Q(gss_code=""),
                name="council_gss_code_unique_when_set",
                violation_error_message="Another council already has this code.",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programmes:council", kwargs={"slug": self.slug})


class Participation(VersionedModel):
    """A council's part in a programme, in a cohort or wave."""

    class Status(models.TextChoices):
        APPLIED = "applied", "Applied"
        SELECTED = "selected", "Selected"
        TAKING_PART = "taking_part", "Taking part"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name="programme",
        help_text="The programme the council takes part in.",
    )
    council = models.ForeignKey(
        Council,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name="council",
        help_text="The council taking part.",
    )
    cohort = models.CharField(
        "cohort or wave", max_length=60, blank=True, help_text="e.g. Wave 2, Cohort 8."
    )
    joined_on = models.DateField(
        "from",
        null=True,
        blank=True,
        help_text="When the council joined or was selected. Leave blank if you do not know.",
    )
    status = models.CharField(
        "status",
        max_length=12,
        choices=Status.choices,
        default=Status.TAKING_PART,
        help_text="Where the council has got to, from applying to completing (or withdrawing).",
    )
    note = models.TextField("note", blank=True, help_text="Sources and any inferred dates.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "cohort", "council"]
        verbose_name = "participation"
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "council", "cohort"],
                name="participation_unique",
                violation_error_message="This council is already recorded in this cohort.",
            )
        ]

    def __str__(self):
        cohort = f" ({self.cohort})" if self.cohort else ""
        return f"{self.council} in {self.programme}{cohort}"
