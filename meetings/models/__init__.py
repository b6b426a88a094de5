"""Governance: members and their roles, meetings and the papers presented to each body,
the paragraphs of reports, decisions, the forward plan and actions."""

from .action import ACTION_STATE_COLOURS, Action
from .decision import Decision
from .forward_plan import FORWARD_PLAN_STATE_COLOURS, ForwardPlanEntry, ReportingCommitment
from .meeting import AgendaItem, Meeting
from .paragraph import NameAsWritten, Paragraph
from .people import Member, Membership, ThemeRole

__all__ = [
    "Member",
    "Membership",
    "ThemeRole",
    "Meeting",
    "AgendaItem",
    "Paragraph",
    "NameAsWritten",
    "Decision",
    "ReportingCommitment",
    "ForwardPlanEntry",
    "FORWARD_PLAN_STATE_COLOURS",
    "Action",
    "ACTION_STATE_COLOURS",
]
