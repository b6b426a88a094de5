"""Writes to delivery data that carry rules: each validates fully before it saves.

Every save goes through the models' optimistic locking (`core.locking`): a
service given a copy of a record that someone has changed since raises
`ConcurrentEditError` and writes nothing. History (who, when, the value before)
is recorded by simple_history on each save.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.rag import Rag
from priorities.models import Officer

from .models import Indicator, Programme, ProgressUpdate, Publishable, Reading
from .reporting import programme_status


def suggested_rag_for(*, programme: Programme, as_at: date) -> Rag | None:
    """What the programme's milestones and indicators suggest at a date.

    Draft readings count: the officer recording an update judges all the evidence
    they have, published or not yet."""
    fetched = Programme.objects.with_status(as_at=as_at, include_drafts=True).get(pk=programme.pk)
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
    published_at: datetime | None = None,
) -> ProgressUpdate:
    """Record a programme's progress as at a date, keeping the evidence's suggestion beside it.

    The update is a draft until `progress_update_publish()`; `published_at` is only for
    updates already published elsewhere (the board papers the demo loader reads)."""
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
        published_at=published_at,
    )
    update.full_clean()
    update.save()
    return update


def _publish(record: Publishable, *, user, permission: str, noun: str) -> Publishable:
    if not user.has_perm(permission):
        raise PermissionDenied(f"You may not publish {noun}: ask the secretariat.")
    if record.published_at is not None:
        return record  # already published: nothing changes, no history written
    record.published_at = timezone.now()
    record.published_by = user
    record._history_user = user
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def progress_update_publish(*, update: ProgressUpdate, user) -> ProgressUpdate:
    """Publish a draft progress update: from now the public, status and reports see it.

    Needs the `programmes.publish_progressupdate` permission (Secretariat and
    Administrators); who published it and when are kept on the update and in its history.
    """
    return _publish(
        update,
        user=user,
        permission="programmes.publish_progressupdate",
        noun="progress updates",
    )


@transaction.atomic
def reading_publish(*, reading: Reading, user) -> Reading:
    """Publish a draft reading; needs `programmes.publish_reading`. As `progress_update_publish`."""
    return _publish(reading, user=user, permission="programmes.publish_reading", noun="readings")


@transaction.atomic
def reading_record(
    *, indicator: Indicator, as_at: date, value: Decimal, note: str = "", source: str = ""
) -> Reading:
    """Record (or correct) an indicator's value as at a date, as a draft.

    Correcting a published reading makes it a draft again, so no unreviewed figure
    reaches the public: until the correction is published, they see the indicator's
    earlier readings (the history keeps the figure that was published)."""
    reading = Reading.objects.filter(indicator=indicator, as_at=as_at).first() or Reading(
        indicator=indicator, as_at=as_at
    )
    if (reading.value, reading.note, reading.source) != (value, note, source):
        reading.published_at = None
        reading.published_by = None
    reading.value = value
    reading.note = note
    reading.source = source
    reading.full_clean()
    reading.save()
    return reading
