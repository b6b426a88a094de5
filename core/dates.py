"""Dates: today in the project's time zone, and dates as precisely as the papers state them.

The board papers often give a month ("by January 2012"), a season ("late summer 2012")
or an approximate time ("mid 2013") rather than a day. Such a date is stored as a real
date, so it sorts and compares (the first day of the month, the middle of a season...),
beside its precision and, where the paper's words say more, the words themselves;
`as_stated()` shows it as the paper said it.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils import timezone


def today() -> date:
    return timezone.localdate()


class DatePrecision(models.TextChoices):
    """How precisely a paper states a date."""

    DAY = "day", "Day"
    MONTH = "month", "Month"
    SEASON = "season", "Season (e.g. late summer 2012)"
    YEAR = "year", "Year"
    APPROXIMATE = "approximate", "Approximate (e.g. mid 2013)"


def as_stated(on: date | None, precision: str = DatePrecision.DAY, stated: str = "") -> str:
    """A date as the paper states it: its own words where given, else to its precision:
    "3 October 2011", "January 2012", "2013"."""
    if on is None:
        return stated
    if stated:
        return stated
    if precision == DatePrecision.MONTH:
        return f"{on:%B %Y}"
    if precision == DatePrecision.YEAR:
        return f"{on:%Y}"
    if precision in (DatePrecision.SEASON, DatePrecision.APPROXIMATE):
        return f"around {on:%B %Y}"
    return f"{on:%-d %B %Y}"


def precision_fields(noun: str) -> tuple[models.CharField, models.CharField]:
    """The two fields that go beside a date a paper may state loosely: its precision and
    the paper's own words. `noun` names the date in the labels ("due date")."""
    precision = models.CharField(
        f"{noun}: precision",
        max_length=12,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=f"How precisely the paper gives the {noun}: a day, a month, a season, a "
        "year, or roughly. The date above is then the first day of that month, the middle "
        "of that season, and so on, so that it sorts.",
    )
    stated = models.CharField(
        f"{noun}: as the paper says it",
        max_length=60,
        blank=True,
        help_text=f"The paper's own words for the {noun} where they say more than the "
        "precision, e.g. 'late summer 2012', 'mid 2013'. Shown instead of the date.",
    )
    return precision, stated
