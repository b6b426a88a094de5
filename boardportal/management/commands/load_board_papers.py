"""Load the demo data: the five board papers, fact by fact, from `fixtures/*.json`.

The fixtures are keyed by natural keys (labels, slugs, names, references), never by
primary keys, so the command can run against any migrated database. Every record is
validated with `full_clean()` before it is saved, and a record is saved only when it
is new or its values differ, so a second run changes nothing (and writes no history).
Progress updates go through `programmes.services` so their suggested RAG is computed
exactly as in the admin.

The papers are published facts, so their progress updates and readings are loaded
published: as at the date of the paper that reported them (its meeting's date,
never before the date the figure describes), by no one (`published_by` blank).
Every save goes through the models' optimistic locking; the loader re-reads each
row before it writes, so it never saves from an out-of-date copy.
"""

from __future__ import annotations

import calendar
import json
import re
from collections import Counter
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.utils import timezone

from meetings.models import Action, AgendaItem, Meeting, Member, Membership, Paragraph
from priorities.models import (
    Board,
    Campaign,
    CampaignItem,
    Officer,
    PlanYear,
    Priority,
    Theme,
)
from programmes.models import (
    Council,
    Indicator,
    Milestone,
    Participation,
    Partner,
    Programme,
    ProgressUpdate,
    Reading,
)
from programmes.services import (
    progress_update_check,
    progress_update_create,
    progress_update_update,
)

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
DOMAIN_FILES = [
    "reference.json",
    "priorities.json",
    "programmes.json",
    "members.json",
    "meetings.json",
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
    Action,
]

ORGANISATION = "LGA"

MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}
# "Chairman's report, January 2012, paragraph 1" or "... Work Programme for 2013/14, mid-2013"
SOURCE_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r") (\d{4})\b")
SOURCE_MID_YEAR = re.compile(r"\bmid-(\d{4})\b")


class FixtureError(CommandError):
    """The fixtures refer to something that does not exist, or break a rule."""


def parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def decimal_or_none(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


class Loader:
    """Upserts records by natural key; counts what it created and changed."""

    def __init__(self, fixtures_dir: Path):
        self.fixtures_dir = fixtures_dir
        self.created: Counter = Counter()
        self.updated: Counter = Counter()
        self.links: Counter = Counter()
        self.new_rows: set[tuple[str, int]] = set()
        self.paper_dates: list[date] = []

    # -- plumbing ------------------------------------------------------------

    def read(self, name: str) -> dict:
        path = self.fixtures_dir / name
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise FixtureError(f"Missing fixture file {path}") from exc
        except json.JSONDecodeError as exc:
            raise FixtureError(f"{path} is not valid JSON: {exc}") from exc

    def upsert(self, model: type[models.Model], lookup: dict, values: dict) -> models.Model:
        """Get by `lookup` (or start a new row), set `values`, validate, save if changed."""
        obj = model.objects.filter(**lookup).first()
        is_new = obj is None
        if is_new:
            obj = model(**lookup)
        changed = is_new
        for field, value in values.items():
            if getattr(obj, field) != value:
                setattr(obj, field, value)
                changed = True
        if not changed:
            return obj
        try:
            obj.full_clean()
        except ValidationError as exc:
            raise FixtureError(f"{model.__name__} {lookup}: {exc.message_dict}") from exc
        obj.save()
        key = (model.__name__, obj.pk)
        if is_new:
            self.created[model.__name__] += 1
            self.new_rows.add(key)
        elif key not in self.new_rows:  # a second pass over a row made in this run
            self.updated[model.__name__] += 1
        return obj

    def set_m2m(self, obj: models.Model, field: str, targets: list) -> None:
        """Set a many-to-many field only when its members differ (no needless history)."""
        manager = getattr(obj, field)
        wanted = {target.pk for target in targets}
        current = set(manager.values_list("pk", flat=True))
        if wanted != current:
            manager.set(targets)
            self.links[f"{type(obj).__name__}.{field}"] += 1

    def published_at(self, *, source: str, as_at: date) -> datetime:
        """When the paper that reported a figure was published: the date of its meeting,
        found by the month (or "mid-2013") its source names, as the start of that day.

        Never before the date the figure describes; a source naming no paper of ours
        falls back to that date."""
        match = SOURCE_MONTH.search(source)
        if match:
            month = (int(match[2]), MONTHS[match[1]])
            dates = [d for d in self.paper_dates if (d.year, d.month) == month]
        else:
            match = SOURCE_MID_YEAR.search(source)
            dates = [d for d in self.paper_dates if match and d.year == int(match[1])]
        day = max(min(dates, default=as_at), as_at)
        return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())

    # -- lookups by natural key ----------------------------------------------

    def board(self, slug: str | None) -> Board | None:
        if not slug:
            return None
        try:
            return Board.objects.get(slug=slug)
        except Board.DoesNotExist as exc:
            raise FixtureError(f"No Board with slug {slug!r}") from exc

    def plan_year(self, label: str) -> PlanYear:
        try:
            return PlanYear.objects.get(label=label)
        except PlanYear.DoesNotExist as exc:
            raise FixtureError(f"No plan year {label!r}") from exc

    def theme(self, slug: str | None) -> Theme | None:
        if not slug:
            return None
        try:
            return Theme.objects.get(slug=slug)
        except Theme.DoesNotExist as exc:
            raise FixtureError(f"No theme with slug {slug!r}") from exc

    def officer(self, name: str | None) -> Officer | None:
        if not name:
            return None
        officer = Officer.objects.filter(name=name).order_by("pk").first()
        if officer is None:
            raise FixtureError(f"No officer named {name!r}")
        return officer

    def by_slug(self, model: type[models.Model], slug: str) -> models.Model:
        try:
            return model.objects.get(slug=slug)
        except model.DoesNotExist as exc:
            raise FixtureError(f"No {model.__name__} with slug {slug!r}") from exc

    def many_by_slug(self, model: type[models.Model], slugs: list[str] | None) -> list:
        return [self.by_slug(model, slug) for slug in slugs or []]

    def priority(self, key: str) -> Priority:
        """'IPB 2012/13 4.1' (a Board's, by short name) or 'LGA 2012/13 3.4' (organisation-wide)."""
        try:
            owner, label, reference = key.split()
        except ValueError as exc:
            raise FixtureError(f"Priority key {key!r} is not '<board> <plan year> <ref>'") from exc
        query = Priority.objects.filter(plan_year__label=label, reference=reference)
        if owner == ORGANISATION:
            query = query.filter(board__isnull=True)
        else:
            query = query.filter(board__short_name=owner)
        found = list(query[:2])
        if len(found) != 1:
            raise FixtureError(f"Priority key {key!r} matches {len(found)} priorities")
        return found[0]

    def priorities(self, keys: list[str] | None) -> list[Priority]:
        return [self.priority(key) for key in keys or []]

    def meeting(self, ref: dict) -> Meeting:
        try:
            return Meeting.objects.get(
                board=self.board(ref["board"]), meets_on=parse_date(ref["meets_on"])
            )
        except Meeting.DoesNotExist as exc:
            raise FixtureError(f"No meeting {ref}") from exc

    # -- reference data --------------------------------------------------------

    def load_reference(self, data: dict) -> None:
        for row in data["plan_years"]:
            starts_on, ends_on = PlanYear.dates_for(row["label"])
            self.upsert(
                PlanYear,
                {"label": row["label"]},
                {
                    "starts_on": starts_on,
                    "ends_on": ends_on,
                    "status": row["status"],
                    "agreed_on": parse_date(row.get("agreed_on")),
                    "agreed_by": row.get("agreed_by", ""),
                    "note": row.get("note", ""),
                },
            )
        for row in data["boards"]:
            self.upsert(
                Board,
                {"slug": row["slug"]},
                {
                    "name": row["name"],
                    "short_name": row.get("short_name", ""),
                    "remit": row.get("remit", ""),
                    "active_from": parse_date(row.get("active_from")),
                    "active_to": parse_date(row.get("active_to")),
                    "order": row.get("order", 0),
                    "note": row.get("note", ""),
                },
            )
        for row in data["boards"]:  # second pass: renamed_from may point forward
            board = Board.objects.get(slug=row["slug"])
            self.upsert(
                Board, {"pk": board.pk}, {"renamed_from": self.board(row.get("renamed_from"))}
            )
        for row in data["themes"]:
            self.upsert(
                Theme,
                {"slug": row["slug"]},
                {
                    "name": row["name"],
                    "description": row.get("description", ""),
                    "order": row.get("order", 0),
                },
            )
        for row in data["officers"]:
            existing = Officer.objects.filter(name=row["name"]).order_by("pk").first()
            lookup = {"pk": existing.pk} if existing else {"name": row["name"]}
            self.upsert(
                Officer,
                lookup,
                {
                    "name": row["name"],
                    "position": row.get("position", ""),
                    "phone": row.get("phone", ""),
                    "email": row.get("email", ""),
                },
            )
        for row in data["partners"]:
            self.upsert(
                Partner,
                {"slug": row["slug"]},
                {
                    "name": row["name"],
                    "short_name": row.get("short_name", ""),
                    "description": row.get("description", ""),
                },
            )
        for row in data["councils"]:
            self.upsert(
                Council,
                {"slug": row["slug"]},
                {
                    "name": row["name"],
                    "kind": row["kind"],
                    "region": row.get("region", ""),
                    "gss_code": row.get("gss_code", ""),
                },
            )
        for row in data["campaigns"]:
            campaign = self.upsert(
                Campaign,
                {"slug": row["slug"]},
                {
                    "name": row["name"],
                    "description": row.get("description", ""),
                    "launched_on": parse_date(row.get("launched_on")),
                    "note": row.get("note", ""),
                },
            )
            for order, item in enumerate(row.get("items", []), start=1):
                self.upsert(
                    CampaignItem,
                    {"campaign": campaign, "number": item["number"]},
                    {
                        "title": item["title"],
                        "description": item.get("description", ""),
                        "order": order,
                    },
                )

    # -- priorities --------------------------------------------------------------

    def load_priorities(self, data: dict) -> None:
        rows = data["priorities"]
        for row in rows:
            self.upsert(
                Priority,
                self.priority_lookup(row),
                {
                    "theme": self.theme(row.get("theme")),
                    "title": row["title"],
                    "description": row.get("description", ""),
                    "target_statement": row.get("target_statement", ""),
                    "lead_officer": self.officer(row.get("lead_officer")),
                    "order": row.get("order", 0),
                    "source": row.get("source", ""),
                },
            )
        for row in rows:  # links once every priority exists
            priority = Priority.objects.get(**self.priority_lookup(row))
            label = row["plan_year"]
            self.set_m2m(
                priority,
                "contributes_to",
                self.priorities(
                    [f"{ORGANISATION} {label} {ref}" for ref in row.get("contributes_to", [])]
                ),
            )
            self.set_m2m(priority, "campaigns", self.many_by_slug(Campaign, row.get("campaigns")))
            for indicator in row.get("indicators", []):
                self.load_indicator(indicator, priority=priority)

    def priority_lookup(self, row: dict) -> dict:
        return {
            "plan_year": self.plan_year(row["plan_year"]),
            "board": self.board(row.get("board")),
            "reference": row["reference"],
        }

    # -- programmes ----------------------------------------------------------------

    def load_programmes(self, data: dict) -> None:
        rows = data["programmes"]
        for row in rows:
            self.upsert(
                Programme,
                {"slug": row["slug"]},
                {
                    "name": row["name"],
                    "theme": self.theme(row.get("theme")),
                    "board": self.board(row.get("board")),
                    "lead_officer": self.officer(row.get("lead_officer")),
                    "funding_source": row.get("funding_source", ""),
                    "summary": row.get("summary", ""),
                    "status": row.get("status", Programme.Status.ACTIVE),
                    "starts_on": parse_date(row.get("starts_on")),
                    "ends_on": parse_date(row.get("ends_on")),
                    "weight": decimal_or_none(row.get("weight", 1)),
                    "note": row.get("note", ""),
                },
            )
        for row in rows:  # links, then the evidence, then the progress it supports
            programme = Programme.objects.get(slug=row["slug"])
            parent = self.by_slug(Programme, row["parent"]) if row.get("parent") else None
            self.upsert(Programme, {"pk": programme.pk}, {"parent": parent})
            programme.refresh_from_db()
            self.set_m2m(programme, "partners", self.many_by_slug(Partner, row.get("partners")))
            self.set_m2m(programme, "priorities", self.priorities(row.get("priorities")))
            self.set_m2m(programme, "campaigns", self.many_by_slug(Campaign, row.get("campaigns")))
            for milestone in row.get("milestones", []):
                self.upsert(
                    Milestone,
                    {"programme": programme, "title": milestone["title"]},
                    {
                        "due_on": parse_date(milestone["due_on"]),
                        "completed_on": parse_date(milestone.get("completed_on")),
                        "note": milestone.get("note", ""),
                    },
                )
            for indicator in row.get("indicators", []):
                self.load_indicator(indicator, programme=programme)
            for participation in row.get("participations", []):
                self.upsert(
                    Participation,
                    {
                        "programme": programme,
                        "council": self.by_slug(Council, participation["council"]),
                        "cohort": participation.get("cohort", ""),
                    },
                    {
                        "joined_on": parse_date(participation.get("joined_on")),
                        "status": participation.get("status", Participation.Status.TAKING_PART),
                        "note": participation.get("note", ""),
                    },
                )
        for row in rows:  # after every programme's milestones and indicators exist
            programme = Programme.objects.get(slug=row["slug"])
            for update in row.get("progress", []):
                self.load_progress_update(programme, update)

    def load_indicator(
        self, row: dict, *, programme: Programme | None = None, priority: Priority | None = None
    ) -> Indicator:
        indicator = self.upsert(
            Indicator,
            {"programme": programme, "priority": priority, "name": row["name"]},
            {
                "unit": row.get("unit", Indicator.Unit.COUNT),
                "baseline": decimal_or_none(row.get("baseline", 0)),
                "target_value": decimal_or_none(row.get("target_value")),
                "target_starts_on": parse_date(row.get("target_starts_on")),
                "target_ends_on": parse_date(row.get("target_ends_on")),
                "cumulative": row.get("cumulative", True),
                "higher_is_better": row.get("higher_is_better", True),
                "note": row.get("note", ""),
            },
        )
        for reading in row.get("readings", []):
            as_at = parse_date(reading["as_at"])
            self.upsert(
                Reading,
                {"indicator": indicator, "as_at": as_at},
                {
                    "value": decimal_or_none(reading["value"]),
                    "note": reading.get("note", ""),
                    "source": reading.get("source", ""),
                    "published_at": self.published_at(
                        source=reading.get("source", ""), as_at=as_at
                    ),
                    "published_by": None,
                },
            )
        return indicator

    def load_progress_update(self, programme: Programme, row: dict) -> None:
        as_at = parse_date(row["as_at"])
        values = {
            "rag": row["rag"],
            "headline": row["headline"],
            "narrative": row.get("narrative", ""),
            "next_steps": row.get("next_steps", ""),
            "author": self.officer(row.get("author")),
            "override_reason": row.get("override_reason", ""),
            "source": row.get("source", ""),
            "published_at": self.published_at(source=row.get("source", ""), as_at=as_at),
        }
        existing = ProgressUpdate.objects.filter(programme=programme, as_at=as_at).first()
        try:
            if existing is None:
                progress_update_create(programme=programme, as_at=as_at, **values)
                self.created["ProgressUpdate"] += 1
                return
            values["published_by"] = None
            changed = {k: v for k, v in values.items() if getattr(existing, k) != v}
            suggested_before = existing.suggested_rag
            progress_update_check(update=existing)
            if changed or existing.suggested_rag != suggested_before:
                progress_update_update(update=existing, **changed)
                if (ProgressUpdate.__name__, existing.pk) not in self.new_rows:
                    self.updated["ProgressUpdate"] += 1
        except ValidationError as exc:
            raise FixtureError(
                f"Progress update {programme.slug} {as_at}: {exc.message_dict}"
            ) from exc

    # -- members ---------------------------------------------------------------------

    def load_members(self, data: dict) -> None:
        for row in data["members"]:
            council = self.by_slug(Council, row["council"]) if row.get("council") else None
            member = self.upsert(
                Member,
                {"slug": row["slug"]},
                {
                    "name": row["name"],
                    "title": row.get("title", "Cllr"),
                    "council": council,
                    "political_group": row.get("political_group", ""),
                    "note": row.get("note", ""),
                },
            )
            for seat in row.get("memberships", []):
                self.upsert(
                    Membership,
                    {"member": member, "board": self.board(seat["board"]), "role": seat["role"]},
                    {
                        "starts_on": parse_date(seat.get("starts_on")),
                        "ends_on": parse_date(seat.get("ends_on")),
                        "note": seat.get("note", ""),
                    },
                )

    # -- meetings and papers ------------------------------------------------------------

    def load_meetings(self, data: dict) -> None:
        for row in data["meetings"]:
            self.upsert(
                Meeting,
                {"board": self.board(row["board"]), "meets_on": parse_date(row["meets_on"])},
                {
                    "start_time": None,
                    "venue": row.get("venue", ""),
                    "status": row.get("status", Meeting.Status.SCHEDULED),
                    "note": row.get("note", ""),
                },
            )

    def load_paper(self, data: dict) -> None:
        meeting = self.meeting(data["meeting"])
        row = data["agenda_item"]
        item = self.upsert(
            AgendaItem,
            {"meeting": meeting, "number": row["number"]},
            {
                "title": row["title"],
                "kind": row.get("kind", AgendaItem.Kind.REPORT),
                "purpose": row.get("purpose", ""),
                "summary": row.get("summary", ""),
                "recommendations": row.get("recommendations", ""),
                "action_required": row.get("action_required", ""),
                "financial_implications": row.get("financial_implications", ""),
                "exempt": row.get("exempt", False),
                "order": row.get("order", 0),
                "note": row.get("note", ""),
            },
        )
        self.set_m2m(
            item, "contact_officers", [self.officer(n) for n in row.get("contact_officers", [])]
        )
        self.set_m2m(item, "priorities", self.priorities(row.get("priorities")))
        self.set_m2m(item, "programmes", self.many_by_slug(Programme, row.get("programmes")))

        order = 0
        for section in row.get("sections", []):
            for paragraph in section["paragraphs"]:
                order += 1
                saved = self.upsert(
                    Paragraph,
                    {"agenda_item": item, "number": paragraph["number"]},
                    {
                        "heading": section.get("heading", ""),
                        "subheading": section.get("subheading", ""),
                        "text": paragraph["text"],
                        "order": order,
                    },
                )
                self.set_m2m(
                    saved, "programmes", self.many_by_slug(Programme, paragraph.get("programmes"))
                )
                self.set_m2m(saved, "priorities", self.priorities(paragraph.get("priorities")))

        for action in data.get("actions", []):
            due_meeting = self.meeting(action["due_meeting"]) if action.get("due_meeting") else None
            saved = self.upsert(
                Action,
                {"meeting": meeting, "description": action["description"]},
                {
                    "agenda_item": item,
                    "owner": self.officer(action.get("owner")),
                    "due_on": parse_date(action.get("due_on")),
                    "due_meeting": due_meeting,
                    "status": action.get("status", Action.Status.OPEN),
                    "outcome": action.get("outcome", ""),
                    "note": action.get("note", ""),
                },
            )
            self.set_m2m(saved, "priorities", self.priorities(action.get("priorities")))
            self.set_m2m(
                saved, "programmes", self.many_by_slug(Programme, action.get("programmes"))
            )

    # -- the whole load -------------------------------------------------------------------

    def paper_files(self) -> list[str]:
        return sorted(path.name for path in self.fixtures_dir.glob(PAPER_GLOB))

    def load_all(self) -> None:
        reference, priorities, programmes, members, meetings = (
            self.read(name) for name in DOMAIN_FILES
        )
        papers = self.paper_files()
        if not papers:
            raise FixtureError(f"No {PAPER_GLOB} files in {self.fixtures_dir}")
        papers = {name: self.read(name) for name in papers}
        # Figures are published as at their paper's meeting, so the dates come first.
        self.paper_dates = sorted(
            parse_date(paper["meeting"]["meets_on"]) for paper in papers.values()
        )
        self.load_reference(reference)
        self.load_priorities(priorities)
        self.load_programmes(programmes)
        self.load_members(members)
        self.load_meetings(meetings)
        for paper in papers.values():
            self.load_paper(paper)


class Command(BaseCommand):
    help = (
        "Load the demo data: the five board papers (2011 to 2013), fact by fact, from "
        "fixtures/*.json. Safe to run again: records are matched by natural key."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already has any plan year.",
        )
        parser.add_argument(
            "--fixtures",
            default=str(FIXTURES_DIR),
            help="The folder holding the fixture files (default: the project's fixtures/).",
        )

    def handle(self, *args, **options):
        if options["if_empty"] and PlanYear.objects.exists():
            self.stdout.write(
                "The database already has plan years: board papers not loaded (--if-empty)."
            )
            return
        loader = Loader(Path(options["fixtures"]))
        with transaction.atomic():
            loader.load_all()
        created = sum(loader.created.values())
        updated = sum(loader.updated.values())
        links = sum(loader.links.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the board papers: {created} records created, {updated} changed, "
                f"{links} sets of links written."
            )
        )
        for model in SUMMARY_MODELS:
            name = model.__name__
            self.stdout.write(
                f"  {model._meta.verbose_name_plural:<22} {model.objects.count():>4}"
                f"  (+{loader.created[name]} new, {loader.updated[name]} changed)"
            )
