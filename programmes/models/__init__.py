"""Delivery: programmes and offers, milestones, indicators and readings, progress, councils."""

from .councils import Council, Participation
from .cycle import Reminder, ReportingRound, RoundRecord
from .evidence import Indicator, Milestone, ProgressUpdate, Reading, check_value_for_unit
from .programme import Partner, Programme

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
    "ProgressUpdate",
    "Council",
    "Participation",
]
