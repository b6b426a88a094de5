"""The Red/Amber/Green vocabulary: the statuses, their words and their colours.

Every page, admin column, chart and report names a status through this module, so
a status (and the absence of one) reads the same everywhere. Colour only repeats
the words: `RAG_CSS` gives the class that adds it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString


class Rag(models.TextChoices):
    """Red/Amber/Green delivery status, plus the two states outside the scale."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    COMPLETE = "complete", "Complete"
    NOT_STARTED = "not_started", "Not started"


# The words for "no status", wherever a status is missing: a programme with no
# progress update as at the date, or a priority none of whose programmes has one.
NO_STATUS = "No update yet"

# Plain-English meaning, shown beside the label so colour never carries it alone.
RAG_MEANINGS = {
    Rag.RED: "Off track: needs intervention",
    Rag.AMBER: "At risk: some issues",
    Rag.GREEN: "On track",
    Rag.COMPLETE: "Delivered",
    Rag.NOT_STARTED: "Not yet started",
}
NO_STATUS_MEANING = "No progress update as at this date"

# Worst first: used to order and to compare severity.
SEVERITY = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2, Rag.COMPLETE: 3, Rag.NOT_STARTED: 4}

# The order statuses are counted and listed in, worst first.
ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.COMPLETE, Rag.NOT_STARTED]

# The CSS modifier of each status's tag (`bp-rag--<modifier>`), on pages and in the admin.
RAG_CSS = {
    Rag.RED: "red",
    Rag.AMBER: "amber",
    Rag.GREEN: "green",
    Rag.COMPLETE: "complete",
    Rag.NOT_STARTED: "not-started",
    None: "no-update",
}
# GOV.UK Frontend's tag colour for each status on the public pages.
GOVUK_TAG = {
    Rag.RED: "govuk-tag--red",
    Rag.AMBER: "govuk-tag--orange",
    Rag.GREEN: "govuk-tag--green",
    Rag.COMPLETE: "",
    Rag.NOT_STARTED: "govuk-tag--grey",
    None: "",
}


def as_rag(value: Rag | str | None) -> Rag | None:
    """A status from a stored value ('red', 'RED', a Rag), or None for none."""
    if not value:
        return None
    return Rag(str(value).lower())


def rag_label(value: Rag | str | None) -> str:
    """'Red', 'Not started', or 'No update yet' when there is no status."""
    rag = as_rag(value)
    return rag.label if rag else NO_STATUS


def rag_meaning(value: Rag | str | None) -> str:
    rag = as_rag(value)
    return RAG_MEANINGS[rag] if rag else NO_STATUS_MEANING


def worse(before: Rag | None, after: Rag | None) -> bool:
    """Whether `after` is a worse status than `before` (not started counts below red)."""
    rank = {**SEVERITY, Rag.NOT_STARTED: -1}
    return before is not None and after is not None and rank[after] < rank[before]


@dataclass
class RagCounts:
    """Counts by status, in a fixed order, including 'no status'."""

    counts: Counter = field(default_factory=Counter)

    def add(self, rag: Rag | str | None) -> None:
        rag = as_rag(rag)
        self.counts[rag.value if rag else ""] += 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def rows(self) -> list[tuple[str, str, int]]:
        """(value, label, count) for each status, worst first, then 'no status'."""
        rows = [(r.value, r.label, self.counts.get(r.value, 0)) for r in ORDER]
        rows.append(("", NO_STATUS, self.counts.get("", 0)))
        return rows

    def __getitem__(self, key: str) -> int:
        # Only statuses are keys, so templates can still reach `rows` and `total`.
        if key != "" and key not in Rag.values:
            raise KeyError(key)
        return self.counts.get(key, 0)


def rag_tag(
    value: Rag | str | None,
    *,
    label: str = "",
    prefix: str = "",
    meaning: str = "",
    meaning_visible: bool = False,
) -> SafeString:
    """A status as a tag that always says it in words; the colour only repeats it.

    The same markup on the public pages (GOV.UK tag colours) and in the admin (its own
    stylesheet styles `bp-rag--*`). `meaning` (say `rag_meaning(value)`) is read out
    after the label, or shown when `meaning_visible`; `prefix` is visually hidden text
    before the label, e.g. "Status:"."""
    rag = as_rag(value)
    classes = " ".join(
        c for c in ("govuk-tag", GOVUK_TAG[rag], "bp-rag", f"bp-rag--{RAG_CSS[rag]}") if c
    )
    hidden_prefix = (
        format_html('<span class="govuk-visually-hidden">{} </span>', prefix) if prefix else ""
    )
    html = format_html(
        '<strong class="{}">{}{}</strong>', classes, hidden_prefix, label or rag_label(rag)
    )
    if meaning and meaning_visible:
        return format_html('{} <span class="bp-rag__meaning">{}</span>', html, meaning)
    if meaning:
        return format_html('{}<span class="govuk-visually-hidden"> ({})</span>', html, meaning)
    return html
