"""Today, in the project's time zone: the default as-at date of the admin's status."""

from __future__ import annotations

from datetime import date

from django.utils import timezone


def today() -> date:
    return timezone.localdate()
