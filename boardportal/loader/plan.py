"""The business plan from `priorities.json`: each plan year's priorities, what they
contribute to, the campaigns they serve, their indicators, and the lineage the papers
trace from one plan year's priority to the next.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from priorities.models import Campaign, Priority, PriorityLink
from priorities.services import priority_link_record

from .base import ORGANISATION, FixtureError, LoaderBase, errors
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
    for row in data.get("lineage", []):
        load_link(loader, row)


def load_link(loader: LoaderBase, row: dict) -> PriorityLink:
    """What became of a priority in a later plan year, as the papers trace it, through
    `priority_link_record()`, which saves only when the kind or the note differs."""
    earlier = loader.priority(row["earlier"]) if row.get("earlier") else None
    later = loader.priority(row["later"]) if row.get("later") else None
    plan_year = loader.plan_year(row["plan_year"]) if row.get("plan_year") else None
    before = (
        PriorityLink.objects.filter(earlier=earlier, later=later)
        .values_list("version", flat=True)
        .first()
    )
    try:
        link = priority_link_record(
            kind=row["kind"], earlier=earlier, later=later, plan_year=plan_year, note=row["note"]
        )
    except ValidationError as exc:
        link_key = f"{row.get('earlier')} to {row.get('later')}"
        raise FixtureError(f"Priority link {link_key}: {errors(exc)}") from exc
    if before is None or link.version != before:
        loader.count(PriorityLink, link.pk, is_new=before is None)
    return link


def priority_lookup(loader: LoaderBase, row: dict) -> dict:
    return {
        "plan_year": loader.plan_year(row["plan_year"]),
        "board": loader.board(row.get("board")),
        "reference": row["reference"],
    }
