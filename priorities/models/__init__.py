"""The plan: plan years, boards, themes, priorities and their targets and lineage across
plan years, officers, campaigns."""

from .lineage import PriorityLink, PriorityLinkQuerySet
from .plan import Board, Campaign, CampaignItem, Officer, PlanYear, PlanYearQuerySet, Theme
from .priority import Priority, PriorityQuerySet

__all__ = [
    "Board",
    "PlanYearQuerySet",
    "PlanYear",
    "Theme",
    "Officer",
    "Campaign",
    "CampaignItem",
    "PriorityQuerySet",
    "Priority",
    "PriorityLinkQuerySet",
    "PriorityLink",
]
