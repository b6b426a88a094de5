"""Reference data from `reference.json`: plan years, Boards, themes, officers, partners,
councils and campaigns, which everything else in the papers points at.

Plain records with no rule beyond their fields, so they go through the generic
validated upsert.
"""

from __future__ import annotations

from priorities.models import Board, Campaign, CampaignItem, Officer, PlanYear, Theme
from programmes.models import Council, Partner

from .base import LoaderBase, parse_date


def load_reference(loader: LoaderBase, data: dict) -> None:
    load_plan_years(loader, data["plan_years"])
    load_boards(loader, data["boards"])
    load_themes(loader, data["themes"])
    load_officers(loader, data["officers"])
    load_partners(loader, data["partners"])
    load_councils(loader, data["councils"])
    load_campaigns(loader, data["campaigns"])


def load_plan_years(loader: LoaderBase, rows: list[dict]) -> None:
    for row in rows:
        starts_on, ends_on = PlanYear.dates_for(row["label"])
        loader.upsert(
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


def load_boards(loader: LoaderBase, rows: list[dict]) -> None:
    for row in rows:
        loader.upsert(
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
    for row in rows:  # second pass: renamed_from may point forward
        board = Board.objects.get(slug=row["slug"])
        loader.upsert(
            Board, {"pk": board.pk}, {"renamed_from": loader.board(row.get("renamed_from"))}
        )


def load_themes(loader: LoaderBase, rows: list[dict]) -> None:
    for row in rows:
        loader.upsert(
            Theme,
            {"slug": row["slug"]},
            {
                "name": row["name"],
                "description": row.get("description", ""),
                "order": row.get("order", 0),
            },
        )


def load_officers(loader: LoaderBase, rows: list[dict]) -> None:
    for row in rows:
        # Officers have no natural key but their name, which is not unique: match the
        # one `LoaderBase.officer()` finds, so links and records agree.
        existing = Officer.objects.filter(name=row["name"]).order_by("pk").first()
        lookup = {"pk": existing.pk} if existing else {"name": row["name"]}
        loader.upsert(
            Officer,
            lookup,
            {
                "name": row["name"],
                "position": row.get("position", ""),
                "phone": row.get("phone", ""),
                "email": row.get("email", ""),
            },
        )


def load_partners(loader: LoaderBase, rows: list[dict]) -> None:
    for row in rows:
        loader.upsert(
            Partner,
            {"slug": row["slug"]},
            {
                "name": row["name"],
                "short_name": row.get("short_name", ""),
                "description": row.get("description", ""),
            },
        )


def load_councils(loader: LoaderBase, rows: list[dict]) -> None:
    for row in rows:
        loader.upsert(
            Council,
            {"slug": row["slug"]},
            {
                "name": row["name"],
                "kind": row["kind"],
                "region": row.get("region", ""),
                "gss_code": row.get("gss_code", ""),
                "note": row.get("note", ""),
            },
        )


def load_campaigns(loader: LoaderBase, rows: list[dict]) -> None:
    for row in rows:
        campaign = loader.upsert(
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
            loader.upsert(
                CampaignItem,
                {"campaign": campaign, "number": item["number"]},
                {
                    "title": item["title"],
                    "description": item.get("description", ""),
                    "order": order,
                },
            )
