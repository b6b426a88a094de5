"""Delivery data from `programmes.json`: programmes, their links, milestones (due as
precisely as the papers say), indicators with their targets as stated (qualifier, basis,
later periods) and readings (with their qualifier and how precisely they are dated),
councils' participation, and the progress the papers reported.

Milestones, readings and progress updates carry rules, so they are written through
`programmes.services`, exactly as the admin writes them. The papers are published
facts: their readings and progress updates are published as at the paper that reported
them (`LoaderBase.published_at()`), by no one (`published_by` blank).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from core.dates import DatePrecision
from priorities.models import Campaign, Priority
from programmes.models import (
    Basis,
    Council,
    Indicator,
    Milestone,
    Participation,
    Partner,
    Programme,
    ProgressUpdate,
    Qualifier,
    Reading,
    TargetPeriod,
)
from programmes.services import (
    milestone_save,
    progress_update_check,
    progress_update_create,
    progress_update_update,
    reading_record,
    target_period_save,
)

from .base import FixtureError, LoaderBase, decimal_or_none, errors, parse_date


def load_programmes(loader: LoaderBase, data: dict) -> None:
    rows = data["programmes"]
    for row in rows:
        loader.upsert(
            Programme,
            {"slug": row["slug"]},
            {
                "name": row["name"],
                "theme": loader.theme(row.get("theme")),
                "board": loader.board(row.get("board")),
                "lead_officer": loader.officer(row.get("lead_officer")),
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
        parent = loader.by_slug(Programme, row["parent"]) if row.get("parent") else None
        loader.upsert(Programme, {"pk": programme.pk}, {"parent": parent})
        programme.refresh_from_db()  # the upsert saved its own copy
        loader.set_m2m(programme, "partners", loader.many_by_slug(Partner, row.get("partners")))
        loader.set_m2m(programme, "priorities", loader.priorities(row.get("priorities")))
        loader.set_m2m(programme, "campaigns", loader.many_by_slug(Campaign, row.get("campaigns")))
        for milestone in row.get("milestones", []):
            load_milestone(loader, programme, milestone)
        for indicator in row.get("indicators", []):
            load_indicator(loader, indicator, programme=programme)
        for participation in row.get("participations", []):
            load_participation(loader, programme, participation)
    # A progress update's suggested RAG is worked out from the evidence, so every
    # programme's milestones and indicators must exist first.
    for row in rows:
        programme = Programme.objects.get(slug=row["slug"])
        for update in row.get("progress", []):
            load_progress_update(loader, programme, update)


def load_milestone(loader: LoaderBase, programme: Programme, row: dict) -> Milestone:
    return loader.upsert(
        Milestone,
        {"programme": programme, "title": row["title"]},
        {
            "due_on": parse_date(row["due_on"]),
            # As precisely as the paper gives it ("by January 2012", "late summer 2012").
            "due_on_precision": row.get("due_on_precision", DatePrecision.DAY),
            "due_on_stated": row.get("due_on_stated", ""),
            "completed_on": parse_date(row.get("completed_on")),
            "note": row.get("note", ""),
        },
        save=lambda milestone: milestone_save(milestone=milestone),
    )


def load_participation(loader: LoaderBase, programme: Programme, row: dict) -> Participation:
    return loader.upsert(
        Participation,
        {
            "programme": programme,
            "council": loader.by_slug(Council, row["council"]),
            "cohort": row.get("cohort", ""),
        },
        {
            "joined_on": parse_date(row.get("joined_on")),
            "status": row.get("status", Participation.Status.TAKING_PART),
            "note": row.get("note", ""),
        },
    )


def load_indicator(
    loader: LoaderBase,
    row: dict,
    *,
    programme: Programme | None = None,
    priority: Priority | None = None,
) -> Indicator:
    """An indicator of a programme or of a priority, and the readings the papers give."""
    indicator = loader.upsert(
        Indicator,
        {"programme": programme, "priority": priority, "name": row["name"]},
        {
            "unit": row.get("unit", Indicator.Unit.COUNT),
            "baseline": decimal_or_none(row.get("baseline", 0)),
            # The target as the paper states it: "over 100", "around 20% ... per council".
            "target_value": decimal_or_none(row.get("target_value")),
            "target_qualifier": row.get("target_qualifier", Qualifier.EXACTLY),
            "target_basis": row.get("target_basis", Basis.TOTAL),
            "target_starts_on": parse_date(row.get("target_starts_on")),
            "target_ends_on": parse_date(row.get("target_ends_on")),
            "cumulative": row.get("cumulative", True),
            "higher_is_better": row.get("higher_is_better", True),
            "computed_from": row.get("computed_from", Indicator.ComputedFrom.READINGS),
            "computed_stage": row.get("computed_stage"),
            "note": row.get("note", ""),
        },
    )
    for period in row.get("target_periods", []):
        loader.upsert(
            TargetPeriod,
            {"indicator": indicator, "starts_on": parse_date(period["starts_on"])},
            {
                "ends_on": parse_date(period["ends_on"]),
                "value": decimal_or_none(period["value"]),
                "qualifier": period.get("qualifier", Qualifier.EXACTLY),
                "baseline": decimal_or_none(period.get("baseline", 0)),
                "note": period.get("note", ""),
            },
            save=lambda record: target_period_save(period=record),
        )
    for reading in row.get("readings", []):
        load_reading(loader, indicator, reading)
    return indicator


def load_reading(loader: LoaderBase, indicator: Indicator, row: dict) -> Reading:
    """A figure a paper reported, published with that paper.

    `reading_record()` saves only when the figure or its publication date differs, so a
    second run writes nothing; it does not say whether it saved, so the row's version
    before and after tells the summary."""
    as_at = parse_date(row["as_at"])
    source = row.get("source", "")
    lookup = {"indicator": indicator, "as_at": as_at}
    version_before = Reading.objects.filter(**lookup).values_list("version", flat=True).first()
    try:
        reading = reading_record(
            indicator=indicator,
            as_at=as_at,
            value=decimal_or_none(row["value"]),
            # The paper's qualifier and how precisely it dates the figure.
            qualifier=row.get("qualifier", Qualifier.EXACTLY),
            as_at_precision=row.get("as_at_precision", DatePrecision.DAY),
            as_at_stated=row.get("as_at_stated", ""),
            note=row.get("note", ""),
            source=source,
            published_at=loader.published_at(source=source, as_at=as_at),
        )
    except ValidationError as exc:
        raise FixtureError(f"Reading {lookup}: {errors(exc)}") from exc
    if version_before is None or reading.version != version_before:
        loader.count(Reading, reading.pk, is_new=version_before is None)
    return reading


def load_progress_update(loader: LoaderBase, programme: Programme, row: dict) -> None:
    """A programme's progress as a paper reported it, published with that paper.

    Written through `programmes.services`, so its suggested RAG is worked out exactly as
    in the admin, and only when something changed, so a second run writes no history."""
    as_at = parse_date(row["as_at"])
    values = {
        "rag": row["rag"],
        "headline": row["headline"],
        "narrative": row.get("narrative", ""),
        "next_steps": row.get("next_steps", ""),
        "author": loader.officer(row.get("author")),
        "override_reason": row.get("override_reason", ""),
        "source": row.get("source", ""),
        "published_at": loader.published_at(source=row.get("source", ""), as_at=as_at),
    }
    existing = ProgressUpdate.objects.filter(programme=programme, as_at=as_at).first()
    try:
        if existing is None:
            created = progress_update_create(programme=programme, as_at=as_at, **values)
            loader.count(ProgressUpdate, created.pk, is_new=True)
            return
        # The paper's update is published by no one, even if someone has published it since.
        values["published_by"] = None
        changed = {k: v for k, v in values.items() if getattr(existing, k) != v}
        # The check may record a different suggestion, which is a change to save too.
        suggested_before = existing.suggested_rag
        progress_update_check(update=existing)
        if changed or existing.suggested_rag != suggested_before:
            progress_update_update(update=existing, **changed)
            loader.count(ProgressUpdate, existing.pk, is_new=False)
    except ValidationError as exc:
        raise FixtureError(f"Progress update {programme.slug} {as_at}: {errors(exc)}") from exc
