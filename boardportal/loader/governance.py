"""Governance from `members.json`, `meetings.json` and each `paper_*.json`: members and
their seats, meetings, and each paper's agenda item, paragraphs and actions.

Actions carry rules, so they are written through `meetings.services.action_save()`;
the rest are plain records and go through the generic validated upsert.
"""

from __future__ import annotations

from meetings.models import Action, AgendaItem, Meeting, Member, Membership, Paragraph
from meetings.services import action_save
from programmes.models import Council, Programme

from .base import LoaderBase, parse_date


def load_members(loader: LoaderBase, data: dict) -> None:
    for row in data["members"]:
        council = loader.by_slug(Council, row["council"]) if row.get("council") else None
        member = loader.upsert(
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
            loader.upsert(
                Membership,
                {"member": member, "board": loader.board(seat["board"]), "role": seat["role"]},
                {
                    "starts_on": parse_date(seat.get("starts_on")),
                    "ends_on": parse_date(seat.get("ends_on")),
                    "note": seat.get("note", ""),
                },
            )


def load_meetings(loader: LoaderBase, data: dict) -> None:
    for row in data["meetings"]:
        loader.upsert(
            Meeting,
            {"board": loader.board(row["board"]), "meets_on": parse_date(row["meets_on"])},
            {
                # The papers give no start times.
                "start_time": None,
                "venue": row.get("venue", ""),
                "status": row.get("status", Meeting.Status.SCHEDULED),
                "note": row.get("note", ""),
            },
        )


def load_paper(loader: LoaderBase, data: dict) -> None:
    """One board paper: its agenda item, the paragraphs in full, and the actions it set."""
    meeting = loader.meeting(data["meeting"])
    item = load_agenda_item(loader, meeting, data["agenda_item"])
    for action in data.get("actions", []):
        load_action(loader, meeting, item, action)


def load_agenda_item(loader: LoaderBase, meeting: Meeting, row: dict) -> AgendaItem:
    item = loader.upsert(
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
    loader.set_m2m(
        item, "contact_officers", [loader.officer(n) for n in row.get("contact_officers", [])]
    )
    loader.set_m2m(item, "priorities", loader.priorities(row.get("priorities")))
    loader.set_m2m(item, "programmes", loader.many_by_slug(Programme, row.get("programmes")))

    # Paragraphs are numbered as in the paper ("4.2", "13.5"), which does not sort; they
    # keep the paper's order across its sections.
    order = 0
    for section in row.get("sections", []):
        for paragraph in section["paragraphs"]:
            order += 1
            saved = loader.upsert(
                Paragraph,
                {"agenda_item": item, "number": paragraph["number"]},
                {
                    "heading": section.get("heading", ""),
                    "subheading": section.get("subheading", ""),
                    "text": paragraph["text"],
                    "order": order,
                },
            )
            loader.set_m2m(
                saved, "programmes", loader.many_by_slug(Programme, paragraph.get("programmes"))
            )
            loader.set_m2m(saved, "priorities", loader.priorities(paragraph.get("priorities")))
    return item


def load_action(loader: LoaderBase, meeting: Meeting, item: AgendaItem, row: dict) -> Action:
    due_meeting = loader.meeting(row["due_meeting"]) if row.get("due_meeting") else None
    action = loader.upsert(
        Action,
        {"meeting": meeting, "description": row["description"]},
        {
            "agenda_item": item,
            "owner": loader.officer(row.get("owner")),
            "due_on": parse_date(row.get("due_on")),
            "due_meeting": due_meeting,
            "status": row.get("status", Action.Status.OPEN),
            "outcome": row.get("outcome", ""),
            "note": row.get("note", ""),
        },
        save=lambda action: action_save(action=action),
    )
    loader.set_m2m(action, "priorities", loader.priorities(row.get("priorities")))
    loader.set_m2m(action, "programmes", loader.many_by_slug(Programme, row.get("programmes")))
    return action
