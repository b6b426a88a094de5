"""The loader's plumbing: reading fixture files, upserting by natural key, setting links,
dating the papers' figures, and finding records by the natural keys the fixtures use.

Every section of the load (`reference`, `plan`, `delivery`, `governance`) writes through
a `LoaderBase`, so what was created and changed is counted in one place for the summary.
"""

from __future__ import annotations

import calendar
import json
import re
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import models
from django.utils import timezone

from meetings.models import Meeting
from priorities.models import Board, Officer, PlanYear, Priority, Theme

M = TypeVar("M", bound=models.Model)

# A priority key's owner when the priority is the organisation's own, not a Board's.
ORGANISATION = "LGA"

MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}
# "Chairman's report, January 2012, paragraph 1" or "... Work Programme for 2013/14, mid-2013"
SOURCE_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r") (\d{4})\b")
SOURCE_MID_YEAR = re.compile(r"\bmid-(\d{4})\b")


class FixtureError(CommandError):
    """The fixtures refer to something that does not exist, or break a rule."""


def parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def decimal_or_none(value: Any) -> Decimal | None:
    # Through str so a JSON float such as 0.1 keeps the digits the paper gave.
    return None if value is None else Decimal(str(value))


def errors(exc: ValidationError) -> Any:
    """What a validation error says, by field where it says which field."""
    # A ConcurrentEditError names no field, and has no message_dict to show.
    return exc.message_dict if hasattr(exc, "error_dict") else exc.messages


class LoaderBase:
    """Upserts records by natural key; counts what it created and changed."""

    def __init__(self, fixtures_dir: Path) -> None:
        self.fixtures_dir = fixtures_dir
        self.created: Counter[str] = Counter()
        self.updated: Counter[str] = Counter()
        self.links: Counter[str] = Counter()
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

    def upsert(
        self,
        model: type[M],
        lookup: dict,
        values: dict,
        *,
        save: Callable[[M], object] | None = None,
    ) -> M:
        """Get by `lookup` (or start a new row), set `values`, and save only if it is new
        or changed, so a second run writes no history.

        `save` is the service that holds the model's rules (and validates); without one
        the row is validated with `full_clean()` and saved as it is. The row is read
        afresh here, so the save never comes from an out-of-date copy."""
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
            if save is None:
                obj.full_clean()
                obj.save()
            else:
                save(obj)
        except ValidationError as exc:
            raise FixtureError(f"{model.__name__} {lookup}: {errors(exc)}") from exc
        self.count(model, obj.pk, is_new=is_new)
        return obj

    def count(self, model: type[models.Model], pk: int, *, is_new: bool) -> None:
        """Count a row saved by this run, for the summary."""
        key = (model.__name__, pk)
        if is_new:
            self.created[model.__name__] += 1
            self.new_rows.add(key)
        elif key not in self.new_rows:  # a second pass over a row made in this run
            self.updated[model.__name__] += 1

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
        # Names are not unique: the earliest officer of a name is the one the papers mean.
        officer = Officer.objects.filter(name=name).order_by("pk").first()
        if officer is None:
            raise FixtureError(f"No officer named {name!r}")
        return officer

    def by_slug(self, model: type[M], slug: str) -> M:
        try:
            return model.objects.get(slug=slug)
        except model.DoesNotExist as exc:
            raise FixtureError(f"No {model.__name__} with slug {slug!r}") from exc

    def many_by_slug(self, model: type[M], slugs: list[str] | None) -> list[M]:
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
