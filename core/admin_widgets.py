"""The admin's form widgets, made accessible in one place: every model admin and inline
of the portal takes its widgets through `AccessibleWidgetsMixin`.

Django's own widgets fall short in these ways, each found by axe-core or the Nu HTML
Checker on the officers' screens:

- a date-and-time field is two inputs under one label that names neither (WCAG 1.3.1,
  4.1.2): each input is named "<field>: date" and "<field>: time";
- a field in a tabular inline sits in a table cell under a column heading, with no
  label of its own: it is named after its field;
- an autocomplete (Select2) renders only the chosen option, so a required one has no
  empty first option and an optional one an empty option with no text (HTML: both
  invalid); the empty option is always there, and says "None";
- the read-only password summary is a <div> marked `disabled`, which a div cannot be;
- a tabular inline row's "Delete?" box has no label;
- a field with a callable default (a TOTP device's key) repeats its value in a hidden
  input that carries the field's `aria-describedby`, which a hidden input cannot have.

The names of the Select2 comboboxes themselves are given in the browser, where Select2
builds them (static/admin/boardportal.mjs)."""

from __future__ import annotations

from django import forms
from django.contrib.admin import widgets
from django.contrib.auth.forms import ReadOnlyPasswordHashWidget
from django.forms.formsets import DELETION_FIELD_NAME

EMPTY_CHOICE = "None"


class LabelledSplitDateTime(widgets.AdminSplitDateTime):
    """A date and a time input, each named after the field."""

    def __init__(self, label: str = "", attrs=None):
        super().__init__(attrs)
        self.label = label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, part in zip(context["widget"]["subwidgets"], ("date", "time"), strict=False):
            subwidget["attrs"]["aria-label"] = f"{self.label}: {part}"
        return context


class EmptyFirst:
    """An autocomplete's options start with an empty one, with text, required or not."""

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        options = groups[0][1]
        if options and options[0]["value"] == "":
            options[0]["label"] = EMPTY_CHOICE
        else:
            options.insert(0, self.create_option(name, "", EMPTY_CHOICE, False, 0))
            for index, option in enumerate(options):
                option["index"] = str(index)
        return groups


class AutocompleteSelect(EmptyFirst, widgets.AutocompleteSelect):
    pass


class PasswordSummary(ReadOnlyPasswordHashWidget):
    """The password's summary and its "Reset password" link, not marked disabled."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("disabled", None)
        return context


class PlainHiddenInput(forms.HiddenInput):
    """A hidden input without `aria-*` attributes."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        attrs = context["widget"]["attrs"]
        for key in [key for key in attrs if key.startswith("aria-")]:
            del attrs[key]
        return context


def inner(widget):
    """The widget inside Django's related-object wrapper (the add and change icons)."""
    if isinstance(widget, widgets.RelatedFieldWidgetWrapper):
        return widget.widget
    return widget


class AccessibleWidgetsMixin:
    """For a ModelAdmin or an inline: its form fields' widgets, made accessible.
    `in_table` (tabular inlines) names each field after its column."""

    in_table = False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is None:
            return formfield
        label = str(formfield.label or db_field.verbose_name).capitalize()
        widget = inner(formfield.widget)
        if isinstance(widget, widgets.AdminSplitDateTime) and not isinstance(
            widget, LabelledSplitDateTime
        ):
            labelled = LabelledSplitDateTime(label, attrs=widget.attrs)
            if widget is formfield.widget:
                formfield.widget = labelled
            else:
                formfield.widget.widget = labelled
        elif type(widget) is widgets.AutocompleteSelect:
            widget.__class__ = AutocompleteSelect
        elif isinstance(widget, ReadOnlyPasswordHashWidget):
            widget.__class__ = PasswordSummary
        if self.in_table and not widget.is_hidden:
            widget.attrs.setdefault("aria-label", label)
        if formfield.show_hidden_initial:
            formfield.hidden_widget = PlainHiddenInput
        return formfield

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if not self.in_table:
            return formset

        def add_fields(formset_self, form, index):
            formset.add_fields(formset_self, form, index)
            if DELETION_FIELD_NAME in form.fields:
                form.fields[DELETION_FIELD_NAME].widget.attrs["aria-label"] = "Delete"

        return type(formset.__name__, (formset,), {"add_fields": add_fields})
