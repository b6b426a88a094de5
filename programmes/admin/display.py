"""Small pieces of display shared by the delivery admin's columns and panels."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString

from core.admin import tag

from ..models import Milestone


def milestone_state_tag(obj: Milestone | None) -> SafeString | str:
    """Needs `state` from `Milestone.objects.with_state()`; a row not yet saved has none."""
    if obj is None or getattr(obj, "state", None) is None:
        return "-"
    return tag(obj.state_label, obj.state_colour)


def draft_marked(label: SafeString, obj) -> SafeString:
    """A status read from a draft update, marked as such: the public does not see it yet.

    Needs `status_rag` and `status_published_at` from `Programme.objects.with_status()`."""
    if getattr(obj, "status_rag", None) and obj.status_published_at is None:
        return format_html("{} (draft)", label)
    return label
