"""Delivery in the admin: the officers' product.

One module per thing it holds:

- `programme`: a programme's page, its status panel and its inlines;
- `evidence`: progress updates, milestones, indicators and readings on their own pages;
- `priority`: priorities, with their status rolled up from the programmes;
- `councils`: partners, councils and participation;
- `figures`: councils' steps through an offer and their savings claims;
- `targets`: the later periods of an indicator's target schedule;
- `forms`, `filters`, `display` and `savers`: what those share.

Importing the modules registers their admins. Every save of a progress update, reading,
milestone, target period, delivery stage or savings claim goes through its service
(`savers.RECORD_SAVERS`), on its own page or as an inline row. The names below stay
importable from `programmes.admin`.
"""

from __future__ import annotations

from .councils import CouncilAdmin, ParticipationAdmin, PartnerAdmin
from .cycle import ReminderAdmin, ReportingRoundAdmin, RoundRecordAdmin
from .evidence import (
    IndicatorAdmin,
    MilestoneAdmin,
    ProgressUpdateAdmin,
    ReadingAdmin,
    ReadingInline,
)
from .figures import DeliveryStageAdmin, SavingsClaimAdmin
from .filters import (
    CurrentRagFilter,
    DiffersFromSuggestionFilter,
    DueAnUpdateFilter,
    HasTargetFilter,
    LevelFilter,
    MilestoneStateFilter,
    OverriddenFilter,
)
from .forms import ProgressUpdateForm, ProgressUpdateInlineForm, ReadingInlineForm
from .priority import PriorityAdmin
from .programme import (
    IndicatorInline,
    MilestoneInline,
    ParticipationInline,
    ProgrammeAdmin,
    ProgressUpdateInline,
)
from .savers import RECORD_SAVERS
from .targets import TargetPeriodAdmin, TargetPeriodInline

__all__ = [
    "DeliveryStageAdmin",
    "SavingsClaimAdmin",
    "TargetPeriodAdmin",
    "TargetPeriodInline",
    "ReminderAdmin",
    "ReportingRoundAdmin",
    "RoundRecordAdmin",
    "RECORD_SAVERS",
    "CouncilAdmin",
    "CurrentRagFilter",
    "DiffersFromSuggestionFilter",
    "DueAnUpdateFilter",
    "HasTargetFilter",
    "IndicatorAdmin",
    "IndicatorInline",
    "LevelFilter",
    "MilestoneAdmin",
    "MilestoneInline",
    "MilestoneStateFilter",
    "OverriddenFilter",
    "ParticipationAdmin",
    "ParticipationInline",
    "PartnerAdmin",
    "PriorityAdmin",
    "ProgrammeAdmin",
    "ProgressUpdateAdmin",
    "ProgressUpdateForm",
    "ProgressUpdateInline",
    "ProgressUpdateInlineForm",
    "ReadingAdmin",
    "ReadingInline",
    "ReadingInlineForm",
]
