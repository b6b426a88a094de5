"""What every app's admin shares: the history-keeping base class, labelled status tags and
publishing.

Status is always shown as its label in words; the colour from `admin/boardportal.css`
only repeats it, so nothing is carried by colour alone.

Nothing is lost in the admin:

- every change page (and every inline row) carries the version of the record it
  was read at in a hidden field; a save from a page that someone else has saved
  since is refused with a message on the form, and nothing is written
  (`core.locking`);
- a change page with its inlines, a revert from the history and a bulk action
  each save in one transaction: a failure part-way leaves nothing half-saved;
- every save records who made it and when (simple_history), one object at a time,
  bulk actions included.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.db.models import DecimalField, Model
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import ModelChange, ModelDelta

from .admin_widgets import AccessibleWidgetsMixin
from .locking import ConcurrentEditError, VersionedModel
from .publishing import record_publish
from .rag import Rag, rag_meaning
from .rag import rag_tag as render_rag_tag


def tag(label: str, css_class: str, title: str = "") -> SafeString:
    """A labelled status tag: the words carry the meaning, the class only adds colour."""
    return format_html(
        '<span class="bp-tag bp-tag--{}" title="{}">{}</span>', css_class, title or label, label
    )


def rag_tag(rag: Rag | str | None, *, empty: str = "") -> SafeString:
    """A status as the portal's tag, its meaning read out after it. `empty` names a
    missing status where it means something other than "no update yet" (a suggestion
    with no evidence behind it)."""
    if not rag and empty:
        return render_rag_tag(None, label=empty)
    return render_rag_tag(rag, meaning=rag_meaning(rag))


def admin_change_link(obj, label: str | None = None) -> SafeString:
    """A link to an object's admin change page."""
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, label if label is not None else obj)


VERSION = "version"


class PlainDecimalField(forms.DecimalField):
    """A decimal shown as a person writes it: 2410, not 2410.00 (the stored places are
    still checked on input)."""

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        return super().prepare_value(value)


def _without_version(fieldsets) -> list:
    return [
        (name, {**options, "fields": [f for f in options["fields"] if f != VERSION]})
        for name, options in fieldsets
    ]


def _with_version(fieldsets) -> list:
    *head, (name, options) = fieldsets
    return [*head, (name, {**options, "fields": [*options["fields"], VERSION]})]


class VersionedFormMixin:
    """Round-trips a versioned record's `version` through its change form, hidden.

    Only where the user may change the record: a view-only page has nothing to save.
    The record's own `full_clean()` compares the posted version with the stored one and
    puts `ConcurrentEditError`'s message at the top of the form."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == VERSION and issubclass(db_field.model, VersionedModel):
            # Not required: a new inline row has no version to send (and a post that
            # carries none keeps the version the record was loaded with).
            return db_field.formfield(widget=forms.HiddenInput, required=False)
        if isinstance(db_field, DecimalField):
            kwargs.setdefault("form_class", PlainDecimalField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def versioned_fieldsets(self, request, fieldsets, *, obj, editing: bool) -> list:
        if not issubclass(self.model, VersionedModel):
            return fieldsets
        fieldsets = _without_version(fieldsets)
        if not editing or not self.has_change_permission(request, obj):
            return fieldsets
        return _with_version(fieldsets)


class VersionedInlineMixin(VersionedFormMixin):
    """For inlines: each row carries the version it was read at."""

    def get_fieldsets(self, request, obj=None):
        return self.versioned_fieldsets(
            request, super().get_fieldsets(request, obj), obj=obj, editing=True
        )


class TabularInline(AccessibleWidgetsMixin, VersionedInlineMixin, admin.TabularInline):
    in_table = True  # each field is named after its column


class StackedInline(AccessibleWidgetsMixin, VersionedInlineMixin, admin.StackedInline):
    pass


RecordSaver = Callable[..., Model]


def save_through(savers: dict[type[Model], RecordSaver], record: Model, *, user) -> None:
    """Save a record through its service where its model has one (`savers`, keyed by
    model: a function taking `record` and `user`), else with its own `save()`."""
    saver = savers.get(type(record))
    if saver is None:
        record.save()
    else:
        saver(record=record, user=user)


class HistoryAdmin(AccessibleWidgetsMixin, VersionedFormMixin, SimpleHistoryAdmin):
    """The base of every boardportal admin: history to view and revert, optimistic
    locking on every change page, and one transaction per bulk action.

    Writes go through the services: `record_savers` maps a model (this admin's own, or
    an inline's) to the service that saves it, so the admin keeps the same rules as the
    loader, an import or the shell."""

    list_per_page = 50
    record_savers: dict[type[Model], RecordSaver] = {}

    def save_model(self, request, obj, form, change):
        save_through(self.record_savers, obj, user=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model not in self.record_savers:
            return super().save_formset(request, form, formset, change)
        for record in formset.save(commit=False):
            save_through(self.record_savers, record, user=request.user)
        for record in formset.deleted_objects:
            record.delete()
        formset.save_m2m()

    def get_fieldsets(self, request, obj=None):
        return self.versioned_fieldsets(
            request, super().get_fieldsets(request, obj), obj=obj, editing=obj is not None
        )

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        # simple_history's history page lists changes to editable fields only; who
        # published a record and when, and the suggestion an update was saved with,
        # are changes too. The version, which every save moves on, would be noise.
        records = list(historical_records)
        for newer, older in zip(records, records[1:], strict=False):
            delta = newer.diff_against(
                older, foreign_keys_are_objs=foreign_keys_are_objs, excluded_fields=[VERSION]
            )
            extra = [
                ModelChange(field.name, *values)
                for field in newer.tracked_fields
                if not field.editable and field.name != VERSION
                for values in [self._values(field, older, newer, foreign_keys_are_objs)]
                if values[0] != values[1]
            ]
            changes = [*delta.changes, *extra]
            delta = ModelDelta(changes, [c.field for c in changes], older, newer)
            helper = self.get_historical_record_context_helper(request, newer)
            newer.history_delta_changes = helper.context_for_delta_changes(delta)

    @staticmethod
    def _values(field, older, newer, foreign_keys_are_objs):
        name = field.name if field.is_relation and foreign_keys_are_objs else field.attname
        return getattr(older, name), getattr(newer, name)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if getattr(request, "_reverting_from_history", False) and obj is not None:
            # A revert edits the record as it is now, back to an old state: the page
            # carries the current version, not the one in the historical row.
            stored = type(obj)._base_manager.filter(pk=obj.pk).values_list(VERSION, flat=True)
            if issubclass(self.model, VersionedModel) and stored.exists():
                obj.version = stored.get()
        return super().get_form(request, obj, change=change, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ConcurrentEditError as exc:
            # Someone saved between this form's validation and its save: the
            # transaction has rolled back; say so and show the record as it now is.
            return self._refused(request, exc)
        except ValidationError as exc:
            # A service refused a record the form had accepted (the evidence changed as
            # the page saved its inlines): the transaction has rolled back.
            return self._refused(request, exc, prefix="Nothing was saved: ")

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
        request._reverting_from_history = True
        try:
            # simple_history saves a revert outside a transaction; the record and its
            # many-to-many links are saved together or not at all.
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().history_form_view(request, object_id, version_id, extra_context)
        except ConcurrentEditError as exc:
            return self._refused(request, exc)
        except ValidationError as exc:
            # A service refused the reverted record (the rules have moved on since that
            # version): nothing was saved.
            return self._refused(request, exc, prefix="Not reverted: ")

    def response_action(self, request, queryset):
        # A bulk action saves every selected object or none.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().response_action(request, queryset)

    def _refused(self, request, exc: ValidationError, prefix: str = ""):
        self.message_user(request, prefix + " ".join(exc.messages), messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())


# --- Publishing: drafts until someone allowed publishes them --------------------------


def publication_tag(obj) -> str:
    if obj is None or obj.published_at is None:
        return tag("Draft", "none", "Not published: the public does not see it")
    return tag("Published", "done", f"Published {timezone.localtime(obj.published_at):%-d %B %Y}")


def publication_text(obj) -> str:
    if obj is None or obj.pk is None or obj.published_at is None:
        return (
            "Draft: not published yet. The public pages, the status and the reports do "
            "not show it until someone allowed publishes it."
        )
    when = timezone.localtime(obj.published_at)
    by = f" by {obj.published_by}" if obj.published_by_id else " with its board paper"
    return f"Published on {when:%-d %B %Y} at {when:%H:%M}{by}."


class PublishedFilter(admin.SimpleListFilter):
    title = "published"
    parameter_name = "published"

    def lookups(self, request, model_admin):
        return [("yes", "Published"), ("no", "Draft")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(published_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(published_at__isnull=True)
        return queryset


class PublishingAdmin(HistoryAdmin):
    """A Published column and filter, and a "Publish selected" action for those allowed.

    A published record is what the public sees, so changing it needs the publish
    permission too: to anyone else its page is view-only."""

    actions = ["publish_selected"]

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm(self.model.publish_permission())

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and obj.published_at is not None:
            return self.has_publish_permission(request)
        return allowed

    def changelist_view(self, request, extra_context=None):
        # The action is not offered to those who may not publish; one posted anyway is
        # refused outright rather than quietly ignored.
        if (
            request.method == "POST"
            and "publish_selected" in request.POST.getlist("action")
            and not self.has_publish_permission(request)
        ):
            raise PermissionDenied
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        # Only a publisher changes what is published: a revert to a version from before
        # (or after) publication by anyone else leaves the publication as it is.
        if change and not self.has_publish_permission(request):
            stored = (
                type(obj)._base_manager.filter(pk=obj.pk).values("published_at", "published_by")
            ).first()
            if stored is not None:
                obj.published_at = stored["published_at"]
                obj.published_by_id = stored["published_by"]
        super().save_model(request, obj, form, change)

    @admin.action(description="Publish selected %(verbose_name_plural)s", permissions=["publish"])
    def publish_selected(self, request, queryset):
        # One at a time through the service, so each keeps its own history (who, when).
        published, refused = 0, []
        for record in queryset.drafts().order_by("pk"):
            try:
                record_publish(record=record, user=request.user)
            except ValidationError as exc:
                refused.append(f"{record}: {' '.join(exc.messages)}")
            else:
                published += 1
        noun = self.opts.verbose_name if published == 1 else self.opts.verbose_name_plural
        self.message_user(request, f"Published {published} {noun}.", messages.SUCCESS)
        for line in refused:
            self.message_user(request, f"Not published: {line}", messages.ERROR)

    @admin.display(description="published", ordering="published_at")
    def publication(self, obj):
        return publication_tag(obj)

    @admin.display(description="publication")
    def publication_detail(self, obj):
        return publication_text(obj)
