"""The demo's quarterly update round (fixtures/cycle.json).

The papers record no update rounds; the demo opens one for 2012/13 Q3 so that a
newcomer can walk the cycle, and says so in its note. Loading again keeps a round a
newcomer has since closed closed: only its deadline and note are brought back."""

from __future__ import annotations

from programmes.models import ReportingRound
from programmes.rounds import round_open

from .base import LoaderBase, parse_date


def load_rounds(loader: LoaderBase, data: dict) -> None:
    for row in data["rounds"]:
        plan_year = loader.plan_year(row["plan_year"])
        existing = ReportingRound.objects.filter(
            plan_year=plan_year, quarter=row["quarter"]
        ).first()
        if existing is None:
            round_open(
                plan_year=plan_year,
                quarter=row["quarter"],
                opened_on=parse_date(row["opened_on"]),
                deadline=parse_date(row["deadline"]),
                note=row.get("note", ""),
            )
            loader.created["ReportingRound"] += 1
            continue
        loader.upsert(
            ReportingRound,
            {"pk": existing.pk},
            {"deadline": parse_date(row["deadline"]), "note": row.get("note", "")},
        )
