"""What every app's admin shares: the history-keeping base class and labelled status tags.

Status is always shown as its label in words; the colour from `admin/boardportal.css`
only repeats it, so nothing is carried by colour alone.
"""

from __future__ import annotations

from datetime import date

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from simple_history.admin import SimpleHistoryAdmin

from priorities.status import RAG_MEANINGS, Rag


def admin_today() -> date:
    """The as-at date of the admin's status columns: today, in the project's time zone."""
    return timezone.localdate()


def tag(label: str, css_class: str, title: str = "") -> SafeString:
    """A labelled status tag: the words carry the meaning, the class only adds colour."""
    return format_html(
        '<span class="bp-tag bp-tag--{}" title="{}">{}</span>', css_class, title or label, label
    )


def rag_tag(rag: Rag | str | None, *, empty: str = "No update yet") -> SafeString:
    """Red/Amber/Green (or Complete, Not started) as a tag; `empty` when there is none."""
    if not rag:
        return tag(empty, "none")
    rag = Rag(rag)
    return tag(rag.label, rag.value.replace("_", "-"), RAG_MEANINGS[rag])


def admin_change_link(obj, label: str | None = None) -> SafeString:
    """A link to an object's admin change page."""
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, label if label is not None else obj)


class HistoryAdmin(SimpleHistoryAdmin):
    """The base of every boardportal admin: history to view and revert, shared styles."""

    list_per_page = 50

    class Media:
        css = {"all": ["admin/boardportal.css"]}

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history saves a posted revert for anyone who may *view* the history;
        # reverting is a change, so it needs the change permission.
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            allowed = (
                self.has_add_permission(request)  # restoring a deleted record
                if obj is None
                else self.has_change_permission(request, obj)
            )
            if not allowed:
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
