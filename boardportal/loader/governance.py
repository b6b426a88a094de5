"""Governance from `members.json`, `meetings.json` and each `paper_*.json`: members and
their seats, meetings (dated as precisely as the papers say), and each paper: its agenda
item (at a meeting, or presented to a body with the meeting unknown), paragraphs and the
programme names they write differently, the actions it set, the items it refers to, the
decisions and the forward plan it states, and the paragraphs its figures came from.

Records with rules are written through `meetings.services`; the rest are plain records
and go through the generic validated upsert. Corrections to earlier loads are explicit:
a paper that moved says where from (`moved_from`), an action recorded in error is named
under `retired_actions` and deleted, so a database loaded before ends up the same as a
new one, and a second run changes nothing.
"""

from __future__ import annotations

from datetime import date

from core.dates import DatePrecision
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
from meetings.services import (
    action_delete,
    action_save,
    agenda_item_save,
    decision_save,
    forward_plan_entry_save,
    forward_plan_generate,
    reporting_commitment_save,
)
from meetings.sources import cited_paragraphs, paragraphs_cited
from programmes.models import Council, Programme, ProgressUpdate, Reading

from .base import FixtureError, LoaderBase, parse_date


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
                "meets_on_precision": row.get("precision", DatePrecision.DAY),
                "meets_on_stated": row.get("stated", ""),
                # The papers give no start times.
                "start_time": None,
                "venue": row.get("venue", ""),
                "status": row.get("status", Meeting.Status.SCHEDULED),
                "note": row.get("note", ""),
            },
        )


def paper_date(data: dict) -> date | None:
    """When a paper was presented: its meeting's date, or the date it went to its body."""
    if data.get("meeting"):
        return parse_date(data["meeting"]["meets_on"])
    return parse_date(data.get("presented_to", {}).get("on"))


def load_paper(loader: LoaderBase, data: dict) -> None:
    """One board paper: its agenda item, the paragraphs in full, the actions it set, and
    what it tells of other papers, decisions and reports due."""
    meeting = loader.meeting(data["meeting"]) if data.get("meeting") else None
    item = load_agenda_item(loader, meeting, data["agenda_item"], data.get("presented_to"))
    for row in data.get("retired_actions", []):
        retire_action(loader, row)
    for action in data.get("actions", []):
        if meeting is None:
            raise FixtureError(f"{item}: a paper with no meeting sets no actions")
        load_action(loader, meeting, item, action)
    for row in data.get("referred_items", []):
        load_referred_item(loader, item, row)
    for row in data.get("decisions", []):
        load_decision(loader, item, row)
    for row in data.get("reporting_commitments", []):
        load_commitment(loader, item, row)
    for row in data.get("forward_plan", []):
        load_forward_plan_entry(loader, item, row)
    link_sources(loader, item, data.get("cited_as", ""))


def item_key(meeting: Meeting | None, presented_to, row: dict) -> dict:
    """An item's natural key: its meeting (or, with none, its body), and its number or,
    for an item the papers give no number, its title."""
    key = {"meeting": meeting, "presented_to": presented_to}
    return {**key, "number": row["number"]} if row.get("number") else {**key, "title": row["title"]}


def load_agenda_item(
    loader: LoaderBase, meeting: Meeting | None, row: dict, presented: dict | None = None
) -> AgendaItem:
    presented = presented or {}
    body = loader.board(presented.get("board")) if meeting is None else None
    key = item_key(meeting, body, row)
    moved = row.get("moved_from")
    if moved and not AgendaItem.objects.filter(**key).exists():
        # Loaded before at the wrong place: correct that row, keeping its history.
        old = AgendaItem.objects.filter(
            meeting=loader.meeting(moved), number=moved["number"]
        ).first()
        if old is not None:
            key = {"pk": old.pk}
    item = loader.upsert(
        AgendaItem,
        key,
        {
            "meeting": meeting,
            "presented_to": body,
            "presented_on": parse_date(presented.get("on")),
            "presented_on_precision": presented.get("precision", DatePrecision.DAY),
            "presented_on_stated": presented.get("stated", ""),
            "number": row.get("number", ""),
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
        save=lambda item: agenda_item_save(item=item),
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
            for slug, name in paragraph.get("names_as_written", {}).items():
                loader.upsert(
                    NameAsWritten,
                    {"paragraph": saved, "programme": loader.by_slug(Programme, slug)},
                    {"name": name, "note": paragraph.get("names_note", "")},
                )
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


def retire_action(loader: LoaderBase, row: dict) -> None:
    """Delete an action an earlier load recorded in error, if it is still there."""
    action = Action.objects.filter(
        meeting=loader.meeting(row["meeting"]), description=row["description"]
    ).first()
    if action is not None:
        loader.count(Action, action.pk, is_new=False)
        action_delete(action=action)


def paragraph(item: AgendaItem, number: str | None) -> Paragraph | None:
    """A paragraph of this paper, by its number; None for none."""
    if not number:
        return None
    found = item.paragraphs.filter(number=number).first()
    if found is None:
        raise FixtureError(f"{item} has no paragraph {number!r}")
    return found


def load_referred_item(loader: LoaderBase, source: AgendaItem, row: dict) -> AgendaItem:
    """An item known only because this paper refers to it: what is known, no more."""
    meeting = loader.meeting(row["meeting"])
    item = loader.upsert(
        AgendaItem,
        item_key(meeting, None, row),
        {
            "number": row.get("number", ""),
            "title": row["title"],
            "kind": row.get("kind", AgendaItem.Kind.REPORT),
            "purpose": row.get("purpose", ""),
            "referred_to_in": paragraph(source, row.get("paragraph")),
            "order": row.get("order", 0),
            "note": row.get("note", ""),
        },
        save=lambda item: agenda_item_save(item=item),
    )
    loader.set_m2m(item, "priorities", loader.priorities(row.get("priorities")))
    loader.set_m2m(item, "programmes", loader.many_by_slug(Programme, row.get("programmes")))
    return item


def load_decision(loader: LoaderBase, source: AgendaItem, row: dict) -> Decision:
    """A decision this paper reports (or, at its own meeting, records)."""
    meeting = loader.meeting(row["meeting"])
    decision = loader.upsert(
        Decision,
        {"meeting": meeting, "text": row["text"]},
        {
            "agenda_item": find_item(loader, row["item"]) if row.get("item") else None,
            "minute_reference": row.get("minute_reference", ""),
            "source_paragraph": paragraph(source, row.get("paragraph")),
            "order": row.get("order", 0),
            "note": row.get("note", ""),
        },
        save=lambda decision: decision_save(decision=decision),
    )
    loader.set_m2m(decision, "priorities", loader.priorities(row.get("priorities")))
    loader.set_m2m(decision, "programmes", loader.many_by_slug(Programme, row.get("programmes")))
    return decision


def find_item(loader: LoaderBase, ref: dict) -> AgendaItem:
    """An item by its meeting and its number or title."""
    key = item_key(loader.meeting(ref["meeting"]), None, ref)
    found = AgendaItem.objects.filter(**key).first()
    if found is None:
        raise FixtureError(f"No agenda item {ref}")
    return found


def load_commitment(loader: LoaderBase, source: AgendaItem, row: dict) -> ReportingCommitment:
    """A recurring report this paper promises, and its entries in the forward plan."""
    commitment = loader.upsert(
        ReportingCommitment,
        {"board": loader.board(row["board"]), "title": row["title"]},
        {
            "frequency": row["frequency"],
            "starts_on": parse_date(row["starts_on"]),
            "ends_on": parse_date(row["ends_on"]),
            "source_paragraph": paragraph(source, row.get("paragraph")),
            "note": row.get("note", ""),
        },
        save=lambda commitment: reporting_commitment_save(commitment=commitment),
    )
    loader.set_m2m(commitment, "priorities", loader.priorities(row.get("priorities")))
    # Saving made its entries; made here, they are counted (a run that finds them all
    # as they should be writes nothing).
    before = set(commitment.entries.values_list("pk", flat=True))
    for entry in forward_plan_generate(commitment=commitment):
        if entry.pk not in before:
            loader.count(ForwardPlanEntry, entry.pk, is_new=True)
    return commitment


def load_forward_plan_entry(loader: LoaderBase, source: AgendaItem, row: dict) -> None:
    """A report this paper says is due at a meeting, or by a date."""
    action = None
    if row.get("action"):
        action = Action.objects.filter(agenda_item=source, description=row["action"]).first()
        if action is None:
            raise FixtureError(f"{source} set no action {row['action']!r}")
    entry = loader.upsert(
        ForwardPlanEntry,
        {"board": loader.board(row["board"]), "title": row["title"], "commitment": None},
        {
            "due_meeting": loader.meeting(row["due_meeting"]) if row.get("due_meeting") else None,
            "due_on": parse_date(row.get("due_on")),
            "due_on_precision": row.get("due_on_precision", DatePrecision.DAY),
            "due_on_stated": row.get("due_on_stated", ""),
            "presented_item": find_item(loader, row["presented_item"])
            if row.get("presented_item")
            else None,
            "withdrawn": row.get("withdrawn", False),
            "action": action,
            "source_paragraph": paragraph(source, row.get("paragraph")),
            "note": row.get("note", ""),
        },
        save=lambda entry: forward_plan_entry_save(entry=entry),
    )
    loader.set_m2m(entry, "priorities", loader.priorities(row.get("priorities")))
    loader.set_m2m(entry, "programmes", loader.many_by_slug(Programme, row.get("programmes")))


def link_sources(loader: LoaderBase, item: AgendaItem, cited_as: str) -> None:
    """Link each reading and progress update whose source cites this paper (`cited_as`,
    e.g. "Item 4e, Chairman's report, October 2011") to the paragraphs it names."""
    if not cited_as:
        return
    paragraphs = list(item.paragraphs.order_by("order"))
    links: dict[str, dict[int, list]] = {"figures": {}, "updates": {}}
    for field, model in (("figures", Reading), ("updates", ProgressUpdate)):
        for record in model.objects.filter(source__contains=cited_as).order_by("pk"):
            for paper, refs in cited_paragraphs(record.source):
                if paper != cited_as:
                    continue
                try:
                    cited = paragraphs_cited(paragraphs, refs)
                except LookupError as exc:
                    raise FixtureError(f"{model.__name__} {record}: {cited_as}: {exc}") from exc
                for each in cited:
                    links[field].setdefault(each.pk, []).append(record)
    for each in paragraphs:
        loader.set_m2m(each, "figures", links["figures"].get(each.pk, []))
        loader.set_m2m(each, "updates", links["updates"].get(each.pk, []))
