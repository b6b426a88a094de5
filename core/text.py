"""Word search: every word of a query must appear in at least one of the fields."""

from __future__ import annotations

from django.db.models import Q

# More words than this add nothing a person meant and only slow the query.
MAX_WORDS = 10


def words_match(query: str, fields: list[str]) -> Q:
    """A filter matching rows where each word of `query` is in one of `fields`
    (case-insensitive); an empty query matches everything."""
    condition = Q()
    for word in query.split()[:MAX_WORDS]:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    return condition
