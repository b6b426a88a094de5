"""Which service saves each delivery record the admin writes.

Every admin here sets `record_savers = RECORD_SAVERS`, so a progress update, reading,
milestone, later target period, delivery stage or savings claim saved on its own page or
as an inline row follows the same rules as one saved by the loader or from the shell
(`programmes.services`)."""

from __future__ import annotations

from django.db.models import Model

from core.admin import RecordSaver

from ..models import DeliveryStage, Milestone, ProgressUpdate, Reading, SavingsClaim, TargetPeriod
from ..services import (
    delivery_stage_save,
    milestone_save,
    progress_update_save,
    reading_save,
    savings_claim_save,
    target_period_save,
)


def _save_update(*, record: ProgressUpdate, user) -> ProgressUpdate:
    return progress_update_save(update=record, user=user)


def _save_reading(*, record: Reading, user) -> Reading:
    return reading_save(reading=record, user=user)


def _save_milestone(*, record: Milestone, user) -> Milestone:
    return milestone_save(milestone=record, user=user)


def _save_period(*, record: TargetPeriod, user) -> TargetPeriod:
    return target_period_save(period=record, user=user)


def _save_stage(*, record: DeliveryStage, user) -> DeliveryStage:
    return delivery_stage_save(stage=record, user=user)


def _save_claim(*, record: SavingsClaim, user) -> SavingsClaim:
    return savings_claim_save(claim=record, user=user)


RECORD_SAVERS: dict[type[Model], RecordSaver] = {
    ProgressUpdate: _save_update,
    Reading: _save_reading,
    Milestone: _save_milestone,
    TargetPeriod: _save_period,
    DeliveryStage: _save_stage,
    SavingsClaim: _save_claim,
}
