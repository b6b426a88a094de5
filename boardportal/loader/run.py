"""The whole load: which fixture files, in which order, and what the summary counts."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from meetings.models import (
    Action,
    AgendaItem,
    Decision,
    ForwardPlanEntry,
    Meeting,
    Member,
    Membership,
    NameAsWritten,
    Paragraph,
    ReportingCommitment,
)
from priorities.models import Board, Campaign, CampaignItem, Officer, PlanYear, Priority, Theme
from programmes.models import (
    Council,
    Indicator,
    Milestone,
    Participation,
    Partner,
    Programme,
    ProgressUpdate,
    Reading,
    ReportingRound,
)

from .base import FixtureError, LoaderBase
from .cycle import load_rounds
from .delivery import load_programmes
from .governance import load_meetings, load_members, load_paper, paper_date
from .plan import load_priorities
from .reference import load_reference

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
# In the order they load: each refers only to what the ones before it hold.
DOMAIN_FILES = [
    "reference.json",
    "priorities.json",
    "programmes.json",
    "members.json",
    "meetings.json",
    "cycle.json",
]
PAPER_GLOB = "paper_*.json"

# What the summary counts, in order.
SUMMARY_MODELS = [
    PlanYear,
    Board,
    Theme,
    Officer,
    Partner,
    Council,
    Campaign,
    CampaignItem,
    Priority,
    Programme,
    Milestone,
    Indicator,
    Reading,
    Participation,
    ProgressUpdate,
    Member,
    Membership,
    Meeting,
    AgendaItem,
    Paragraph,
    NameAsWritten,
    Action,
    Decision,
    ReportingCommitment,
    ForwardPlanEntry,
    ReportingRound,
]


class Loader(LoaderBase):
    """Loads every fixture file in `fixtures_dir`, counting what it created and changed."""

    def paper_files(self) -> list[str]:
        return sorted(path.name for path in self.fixtures_dir.glob(PAPER_GLOB))

    def load_all(self) -> None:
        reference, priorities, programmes, members, meetings, cycle = (
            self.read(name) for name in DOMAIN_FILES
        )
        papers = self.paper_files()
        if not papers:
            raise FixtureError(f"No {PAPER_GLOB} files in {self.fixtures_dir}")
        papers = {name: self.read(name) for name in papers}
        # Figures are published as at their paper's meeting (or, with the meeting not
        # known, the date it was presented), so the dates come first.
        self.paper_dates = sorted(filter(None, map(paper_date, papers.values())))
        load_reference(self, reference)
        load_priorities(self, priorities)
        load_programmes(self, programmes)
        load_members(self, members)
        load_meetings(self, meetings)
        for paper in papers.values():
            load_paper(self, paper)
        load_rounds(self, cycle)
