"""Writing generated rows: in batches, counted by model."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db import models

# Rows per INSERT (Django lowers it to what SQLite allows).
BATCH = 2000


@dataclass
class Counts:
    """How many rows of each model were made, by model label."""

    rows: dict[str, int] = field(default_factory=dict)

    def save(self, model: type[models.Model], rows: list) -> list:
        """Insert `rows` (unsaved instances of `model`, or of its many-to-many `through`
        model) and return them with their primary keys."""
        made = model._default_manager.bulk_create(rows, batch_size=BATCH)
        label = model._meta.label
        self.rows[label] = self.rows.get(label, 0) + len(made)
        return made


def link(counts: Counts, relation, pairs) -> None:
    """Fill a many-to-many relation (e.g. `Programme.priorities`) from (from_id, to_id)
    pairs, each once."""
    through = relation.through
    field_from, field_to = relation.field.m2m_field_name(), relation.field.m2m_reverse_field_name()
    rows = [
        through(**{f"{field_from}_id": a, f"{field_to}_id": b}) for a, b in dict.fromkeys(pairs)
    ]
    counts.save(through, rows)


def published_on(on: date) -> datetime:
    """When a record dated `on` was published: a fortnight later, at noon UTC (the papers
    go out after the quarter they describe)."""
    return datetime.combine(on + timedelta(days=14), time(12), tzinfo=UTC)
