"""The business plan from `priorities.json`: each plan year's priorities, what they
contribute to, the campaigns they serve, and their indicators.
"""

from __future__ import annotations

from priorities.models import Campaign, Priority

from .base import ORGANISATION, LoaderBase
from .delivery import load_indicator


def load_priorities(loader: LoaderBase, data: dict) -> None:
    rows = data["priorities"]
    for row in rows:
        loader.upsert(
            Priority,
            priority_lookup(loader, row),
            {
                "theme": loader.theme(row.get("theme")),
                "title": row["title"],
                "description": row.get("description", ""),
                "target_statement": row.get("target_statement", ""),
                "lead_officer": loader.officer(row.get("lead_officer")),
                "order": row.get("order", 0),
                "source": row.get("source", ""),
            },
        )
    for row in rows:  # links once every priority exists
        priority = Priority.objects.get(**priority_lookup(loader, row))
        label = row["plan_year"]
        # A Board's priority contributes to the organisation's priorities of the same year.
        loader.set_m2m(
            priority,
            "contributes_to",
            loader.priorities(
                [f"{ORGANISATION} {label} {ref}" for ref in row.get("contributes_to", [])]
            ),
        )
        loader.set_m2m(priority, "campaigns", loader.many_by_slug(Campaign, row.get("campaigns")))
        for indicator in row.get("indicators", []):
            load_indicator(loader, indicator, priority=priority)


def priority_lookup(loader: LoaderBase, row: dict) -> dict:
    return {
        "plan_year": loader.plan_year(row["plan_year"]),
        "board": loader.board(row.get("board")),
        "reference": row["reference"],
    }
