"""Which paragraphs a source cites, without the database.

Readings and progress updates name their source in words: "Item 4e, Chairman's report,
October 2011, paragraph 7"; "Item 3, ..., mid-2013, paragraphs 20-24"; several papers
separated by semicolons. `cited_paragraphs()` reads that; `paragraphs_cited()` finds the
paragraphs of one paper it means, so each figure links to the paragraph it came from."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol, TypeVar

# "<paper>, paragraph 7" / "<paper>, paragraphs 8-9" / "<paper>, paragraphs 4 and 5"
CITATION = re.compile(r"^(?P<paper>.+?),\s*paragraphs?\s+(?P<refs>[\w.\s,–-]+?)\s*$")
RANGE = re.compile(r"^(?P<first>[\w.]+)\s*[-–]\s*(?P<last>[\w.]+)$")

Ref = tuple[str, str]  # (first, last): one paragraph when the two are the same


class Numbered(Protocol):
    number: str


P = TypeVar("P", bound=Numbered)


def cited_paragraphs(source: str) -> list[tuple[str, list[Ref]]]:
    """Each paper a source names with the paragraphs it cites, in order:
    "Item 2, October 2011, paragraphs 8-9; Item 4e, October 2011, paragraph 4" gives
    [("Item 2, October 2011", [("8", "9")]), ("Item 4e, October 2011", [("4", "4")])].
    A part that cites no paragraph is left out."""
    found = []
    for part in source.split(";"):
        match = CITATION.match(part.strip())
        if not match:
            continue
        refs: list[Ref] = []
        for ref in re.split(r",|\band\b", match["refs"]):
            ref = ref.strip()
            if not ref:
                continue
            span = RANGE.match(ref)
            refs.append((span["first"], span["last"]) if span else (ref, ref))
        found.append((match["paper"].strip(), refs))
    return found


def _within(number: str, last: str) -> bool:
    return number == last or number.startswith(f"{last}.")


def paragraphs_cited(paragraphs: Sequence[P], refs: list[Ref]) -> list[P]:
    """The paragraphs (in the paper's order) that `refs` cite: one by its number; a range
    from its first to its last, with the last's sub-paragraphs (20-24 takes in 20.1 and
    22.3). Raises LookupError for a number the paper does not have."""
    numbers = [p.number for p in paragraphs]
    chosen: list[P] = []
    for first, last in refs:
        if first not in numbers or last not in numbers:
            missing = first if first not in numbers else last
            raise LookupError(f"no paragraph {missing}")
        start = numbers.index(first)
        if first == last:
            chosen.append(paragraphs[start])
            continue
        end = max(i for i, n in enumerate(numbers) if _within(n, last))
        chosen.extend(paragraphs[start : end + 1])
    unique = []
    for paragraph in chosen:
        if paragraph not in unique:
            unique.append(paragraph)
    return unique
