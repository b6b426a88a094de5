"""Delivery: programmes and offers, milestones, indicators with their targets and readings,
progress, councils and their figures."""

from .councils import Council, Participation
from .cycle import Reminder, ReportingRound, RoundRecord
from .evidence import Milestone, ProgressUpdate
from .figures import DeliveryStage, SavingsClaim, Stage
from .indicators import Indicator, Reading, check_value_for_unit
from .programme import Partner, Programme
from .targets import Basis, Qualifier, TargetPeriod

__all__ = [
    "ReportingRound",
    "RoundRecord",
    "Reminder",
    "Partner",
    "Programme",
    "Milestone",
    "Indicator",
    "check_value_for_unit",
    "Reading",
    "Qualifier",
    "Basis",
    "TargetPeriod",
    "ProgressUpdate",
    "Council",
    "Participation",
    "Stage",
    "DeliveryStage",
    "SavingsClaim",
]
