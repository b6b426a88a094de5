"""Writes to delivery data. Every write that carries a rule goes through here, from the
admin, the demo loader, a command or the shell, so the rule holds wherever data comes
from. Each function validates fully (`full_clean()`) before it saves.

Every save goes through the models' optimistic locking (`core.locking`): a service given
a copy of a record that someone has changed since raises `ConcurrentEditError` and
writes nothing. History (who, when, the value before) is recorded by simple_history on
each save; `user`, where given, is recorded as the one who made the change.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.publishing import record_publish
from core.rag import Rag, as_rag
from priorities.models import Officer

from .models import (
    DeliveryStage,
    Indicator,
    Milestone,
    Programme,
    ProgressUpdate,
    Reading,
    SavingsClaim,
    TargetPeriod,
)
from .selectors import programme_status

# What a progress update records of the evidence is worked out again only when one of
# these changes: rewording a narrative keeps the suggestion the status was set against.
SUGGESTION_INPUTS = ("programme_id", "as_at", "rag")


def _by(record, user) -> None:
    if user is not None:
        record._history_user = user


def suggested_rag_for(*, programme: Programme, as_at: date) -> Rag | None:
    """What the programme's milestones and indicators suggest at a date.

    Draft readings count: the officer recording an update judges all the evidence
    they have, published or not yet."""
    if programme.pk is None:
        return None  # a programme being added has no saved evidence yet
    fetched = Programme.objects.with_status(as_at=as_at, include_drafts=True).get(pk=programme.pk)
    return programme_status(fetched, as_at=as_at).suggested


def progress_update_check(*, update: ProgressUpdate) -> None:
    """The rule of a progress update beyond its own fields: it records what the evidence
    suggested, and an officer who differs from the suggestion must say why.

    The suggestion is worked out afresh for a new update, or when its programme, date or
    status changes; otherwise the one recorded when the status was set is kept. Sets
    `update.suggested_rag`; raises ValidationError (on `override_reason`) when a reason
    is missing."""
    if update.programme_id is None or update.as_at is None or not update.rag:
        return  # the field checks say what is missing
    stored = (
        ProgressUpdate.objects.filter(pk=update.pk).values(*SUGGESTION_INPUTS, "suggested_rag")
        if update.pk
        else ProgressUpdate.objects.none()
    ).first()
    if stored and all(stored[name] == getattr(update, name) for name in SUGGESTION_INPUTS):
        suggested = as_rag(stored["suggested_rag"])
    else:
        suggested = suggested_rag_for(programme=update.programme, as_at=update.as_at)
    update.suggested_rag = suggested.value if suggested else ""
    if suggested and update.rag != suggested and not update.override_reason.strip():
        raise ValidationError(
            {
                "override_reason": (
                    f"The milestones and indicators suggest {suggested.label}. "
                    f"Say why the status is {Rag(update.rag).label}."
                )
            }
        )


@transaction.atomic
def progress_update_save(*, update: ProgressUpdate, user=None) -> ProgressUpdate:
    """Save a new or changed progress update, applying `progress_update_check()`.

    An officer saving a draft the Secretariat returned answers the return: the comment
    is cleared (the history keeps it)."""
    progress_update_check(update=update)
    if update.returned_at is not None and update.published_at is None:
        update.returned_at, update.returned_by, update.return_comment = None, None, ""
    update.full_clean()
    _by(update, user)
    update.save()
    return update


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
    user=None,
) -> ProgressUpdate:
    """Record a programme's progress as at a date, keeping the evidence's suggestion beside it.

    The update is a draft until `progress_update_publish()`; `published_at` is only for
    updates already published elsewhere (the board papers the demo loader reads)."""
    update = ProgressUpdate(
        programme=programme,
        as_at=as_at,
        rag=rag,
        override_reason=override_reason,
        headline=headline,
        narrative=narrative,
        next_steps=next_steps,
        author=author,
        source=source,
        published_at=published_at,
    )
    return progress_update_save(update=update, user=user)


def progress_update_update(*, update: ProgressUpdate, user=None, **changes) -> ProgressUpdate:
    """Change fields of a progress update (any of those `progress_update_create` takes)."""
    allowed = {f.name for f in ProgressUpdate._meta.fields if f.editable} | {
        "published_at",
        "published_by",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"progress_update_update() cannot change {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(update, name, value)
    return progress_update_save(update=update, user=user)


def progress_update_publish(*, update: ProgressUpdate, user) -> ProgressUpdate:
    """Publish a draft progress update: from now the public, status and reports see it.

    Needs `programmes.publish_progressupdate` (Secretariat and Administrators)."""
    return record_publish(record=update, user=user)


def reading_publish(*, reading: Reading, user) -> Reading:
    """Publish a draft reading; needs `programmes.publish_reading`."""
    return record_publish(record=reading, user=user)


@transaction.atomic
def reading_save(*, reading: Reading, user=None) -> Reading:
    """Save a new or changed reading: its value must fit its indicator's unit, one a date."""
    reading.full_clean()
    _by(reading, user)
    reading.save()
    return reading


@transaction.atomic
def reading_record(
    *,
    indicator: Indicator,
    as_at: date,
    value: Decimal,
    note: str = "",
    source: str = "",
    qualifier: str | None = None,
    as_at_precision: str | None = None,
    as_at_stated: str | None = None,
    published_at: datetime | None = None,
    user=None,
) -> Reading:
    """Record (or correct) an indicator's value as at a date, as a draft.

    `qualifier` ('over', 'around'...) and the date's precision and wording, where not
    given, stay as recorded (exactly, and to the day, for a new reading).

    Correcting a published reading makes it a draft again, so no unreviewed figure
    reaches the public: until the correction is published, they see the indicator's
    earlier readings (the history keeps the figure that was published). `published_at`
    is only for figures already published elsewhere (the board papers)."""
    reading = Reading.objects.filter(indicator=indicator, as_at=as_at).first() or Reading(
        indicator=indicator, as_at=as_at
    )
    wanted = {
        "value": value,
        "note": note,
        "source": source,
        "qualifier": reading.qualifier if qualifier is None else qualifier,
        "as_at_precision": reading.as_at_precision if as_at_precision is None else as_at_precision,
        "as_at_stated": reading.as_at_stated if as_at_stated is None else as_at_stated,
    }
    corrected = any(getattr(reading, name) != given for name, given in wanted.items())
    if corrected:
        reading.published_at = None
        reading.published_by = None
    if published_at is not None and (corrected or reading.published_at != published_at):
        reading.published_at = published_at
        reading.published_by = None
    elif not corrected and reading.pk is not None:
        return reading  # nothing changed: no save, no history
    for name, given in wanted.items():
        setattr(reading, name, given)
    return reading_save(reading=reading, user=user)


@transaction.atomic
def milestone_save(*, milestone: Milestone, user=None) -> Milestone:
    """Save a new or changed milestone (it cannot be completed in the future)."""
    milestone.full_clean()
    _by(milestone, user)
    milestone.save()
    return milestone


def milestone_complete(*, milestone: Milestone, completed_on: date, user=None) -> Milestone:
    """Record that a milestone was met on a date (any date up to today)."""
    milestone.completed_on = completed_on
    return milestone_save(milestone=milestone, user=user)


# --- Review: the Secretariat returns, corrects or unpublishes ---------------------------


def _require(user, permission: str, doing: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied(f"You may not {doing}: ask the secretariat.")


@transaction.atomic
def progress_update_return(*, update: ProgressUpdate, user, comment: str) -> ProgressUpdate:
    """Send a draft back to its officer with a comment saying what to change. The draft
    stays a draft; the officer sees the comment until they save it again."""
    _require(user, ProgressUpdate.publish_permission(), "return progress updates")
    if update.published_at is not None:
        raise ValidationError("This update is published: correct or unpublish it instead.")
    if not comment.strip():
        raise ValidationError({"return_comment": "Say what the officer should change."})
    update.returned_at = timezone.now()
    update.returned_by = user
    update.return_comment = comment.strip()
    update.full_clean()
    _by(update, user)
    update._change_reason = f"Returned to the officer: {update.return_comment}"[:100]
    update.save()
    return update


@transaction.atomic
def progress_update_unpublish(*, update: ProgressUpdate, user, reason: str) -> ProgressUpdate:
    """Take a published update back to a draft: the public, status and reports stop
    seeing it. The reason is kept in its history."""
    _require(user, ProgressUpdate.publish_permission(), "unpublish progress updates")
    if not reason.strip():
        raise ValidationError("Say why the update is being unpublished.")
    if update.published_at is None:
        return update
    update.published_at = None
    update.published_by = None
    update.full_clean()
    _by(update, user)
    update._change_reason = f"Unpublished: {reason.strip()}"[:100]
    update.save()
    return update


@transaction.atomic
def progress_update_correct(
    *, update: ProgressUpdate, user, reason: str, **changes
) -> ProgressUpdate:
    """Correct a published update in place (a typo, a wrong figure), keeping it published;
    the history records who, when and why."""
    _require(user, ProgressUpdate.publish_permission(), "correct published updates")
    if not reason.strip():
        raise ValidationError("Say why the published update is being corrected.")
    update._change_reason = f"Corrected: {reason.strip()}"[:100]
    return progress_update_update(update=update, user=user, **changes)


# --- Targets and figures per council ----------------------------------------------------


@transaction.atomic
def target_period_save(*, period: TargetPeriod, user=None) -> TargetPeriod:
    """Save a later period of an indicator's target schedule: after the indicator's own
    period, overlapping no other, its values in the indicator's unit."""
    period.full_clean()
    _by(period, user)
    period.save()
    return period


@transaction.atomic
def delivery_stage_save(*, stage: DeliveryStage, user=None) -> DeliveryStage:
    """Record a council reaching a step of an offer's delivery (never in the future)."""
    stage.full_clean()
    _by(stage, user)
    stage.save()
    return stage


@transaction.atomic
def savings_claim_save(*, claim: SavingsClaim, user=None) -> SavingsClaim:
    """Save a council's savings claim: verified only with a date and who verified it."""
    claim.full_clean()
    _by(claim, user)
    claim.save()
    return claim


def savings_claim_verify(
    *, claim: SavingsClaim, verified_by: Officer, verified_on: date, user=None
) -> SavingsClaim:
    """Mark a claim verified: its evidence was checked by `verified_by` on `verified_on`."""
    claim.verified_by = verified_by
    claim.verified_on = verified_on
    return savings_claim_save(claim=claim, user=user)
