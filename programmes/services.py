"""Writes to delivery data that carry rules: each validates fully before it saves."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from priorities.models import Officer
from priorities.status import Rag

from .models import Indicator, Programme, ProgressUpdate, Reading
from .reporting import programme_status


def suggested_rag_for(*, programme: Programme, as_at: date) -> Rag | None:
    """What the programme's milestones and indicators suggest at a date."""
    fetched = Programme.objects.with_status(as_at=as_at).get(pk=programme.pk)
    return programme_status(fetched, as_at=as_at).suggested


def progress_update_validate_rag(*, rag: str, suggested: Rag | None, override_reason: str) -> None:
    """An officer may differ from the evidence, but must say why."""
    if suggested and rag != suggested and not override_reason.strip():
        raise ValidationError(
            {
                "override_reason": (
                    f"The milestones and indicators suggest {suggested.label}. "
                    f"Say why the status is {Rag(rag).label}."
                )
            }
        )


@transaction.atomic
def progress_update_create(
    *,
    programme: Programme,
    as_at: date,
    rag: str,
    headline: str,
    narrative: str = "",
    next_steps: str = "",
    author: Officer | None = None,
    override_reason: str = "",
    source: str = "",
) -> ProgressUpdate:
    """Record a programme's progress as at a date, keeping the evidence's suggestion beside it."""
    suggested = suggested_rag_for(programme=programme, as_at=as_at)
    progress_update_validate_rag(rag=rag, suggested=suggested, override_reason=override_reason)
    update = ProgressUpdate(
        programme=programme,
        as_at=as_at,
        rag=rag,
        suggested_rag=suggested or "",
        override_reason=override_reason,
        headline=headline,
        narrative=narrative,
        next_steps=next_steps,
        author=author,
        source=source,
    )
    update.full_clean()
    update.save()
    return update


@transaction.atomic
def reading_record(
    *, indicator: Indicator, as_at: date, value: Decimal, note: str = "", source: str = ""
) -> Reading:
    """Record (or correct) an indicator's value as at a date."""
    reading = Reading.objects.filter(indicator=indicator, as_at=as_at).first() or Reading(
        indicator=indicator, as_at=as_at
    )
    reading.value = value
    reading.note = note
    reading.source = source
    reading.full_clean()
    reading.save()
    return reading
