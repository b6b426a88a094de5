"""Which service saves each governance record the admin writes, on its own page or as
an inline row (`core.admin.HistoryAdmin.record_savers`)."""

from __future__ import annotations

from django.db.models import Model

from core.admin import RecordSaver

from ..models import Action, AgendaItem, Decision, ForwardPlanEntry, ReportingCommitment
from ..services import (
    action_save,
    agenda_item_save,
    decision_save,
    forward_plan_entry_save,
    reporting_commitment_save,
)

RECORD_SAVERS: dict[type[Model], RecordSaver] = {
    Action: lambda *, record, user: action_save(action=record, user=user),
    AgendaItem: lambda *, record, user: agenda_item_save(item=record, user=user),
    Decision: lambda *, record, user: decision_save(decision=record, user=user),
    ForwardPlanEntry: lambda *, record, user: forward_plan_entry_save(entry=record, user=user),
    ReportingCommitment: lambda *, record, user: reporting_commitment_save(
        commitment=record, user=user
    ),
}
