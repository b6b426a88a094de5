"""The report engine's public names, for callers written before it was split.

Each name lives in the module that holds its rule: the kinds of report and their
dates in `period`, the rows in `rows`, the summary and the words for a change in
`summary`. New code imports from those; this module only re-exports them.
"""

from .period import FORMATS, REPORT_KINDS, ReportError, ReportPeriod, resolve_period
from .rows import (
    IndicatorRow,
    MilestoneRow,
    PriorityRow,
    ProgrammeRow,
    Report,
    Section,
    StreamedReport,
    build_report,
    priority_rows,
    report_priorities,
)
from .summary import BehindLine, Change, ChangeLine, SlipLine, Summary, change_between

__all__ = [
    "FORMATS",
    "REPORT_KINDS",
    "BehindLine",
    "Change",
    "ChangeLine",
    "IndicatorRow",
    "MilestoneRow",
    "PriorityRow",
    "ProgrammeRow",
    "Report",
    "ReportError",
    "ReportPeriod",
    "Section",
    "SlipLine",
    "StreamedReport",
    "Summary",
    "build_report",
    "change_between",
    "priority_rows",
    "report_priorities",
    "resolve_period",
]
