"""Governance: members and their roles, meetings, agenda items, paragraphs and actions."""

from .action import ACTION_STATE_COLOURS, Action
from .meeting import AgendaItem, Meeting, Paragraph
from .people import Member, Membership, ThemeRole

__all__ = [
    "Member",
    "Membership",
    "ThemeRole",
    "Meeting",
    "AgendaItem",
    "Paragraph",
    "Action",
    "ACTION_STATE_COLOURS",
]
