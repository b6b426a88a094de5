"""Reads the API and the downloads share that the pages make inside larger ones."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet


def indicators_with_status(indicators: QuerySet, *, as_at: date) -> QuerySet:
    """Indicators annotated with all that `programmes.selectors.indicator_status()` reads,
    for every row at once, as `Programme.objects.with_status()` prepares a programme's:
    the latest reading and, where the QuerySet offers them, the target period in force
    and the figure worked out from councils' records. Without these, the status of each
    row would cost queries of its own."""
    indicators = indicators.with_latest_reading(as_at=as_at)
    for method in ("with_target_at", "with_computed_figure"):
        if hasattr(indicators, method):
            indicators = getattr(indicators, method)(as_at=as_at)
    return indicators
