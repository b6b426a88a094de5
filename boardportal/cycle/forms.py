"""The quarterly form: a programme's whole update for a round on one page.

The status and narrative, a reading for each indicator with a target and the completion
dates of the milestones due in the quarter. It is saved as one draft, in one
transaction, through the services (`programmes.services`), so the same rules hold as
everywhere else; "Work out the suggestion" runs the same writes and rolls them back,
so the suggestion comes from exactly what is on the form.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from core.rag import Rag
from programmes.models import Indicator, Milestone, ProgressUpdate
from programmes.models.evidence import (
    HEADLINE_LIMIT,
    NARRATIVE_LIMIT,
    NEXT_STEPS_LIMIT,
    REASON_LIMIT,
)
from programmes.rounds import ProgrammeDue
from programmes.services import (
    milestone_complete,
    progress_update_save,
    reading_record,
    suggested_rag_for,
)


def limited(limit: int, rows: int) -> forms.Textarea:
    """A text area that says its limit and carries it for the character count."""
    return forms.Textarea(
        attrs={"rows": rows, "maxlength": limit, "data-maxlength": limit, "class": "bp-count"}
    )


class QuarterlyUpdateForm(forms.Form):
    """One programme's update for a round."""

    rag = forms.ChoiceField(
        label="Status",
        choices=Rag.choices,
        widget=forms.RadioSelect,
        help_text="Your judgement of where the programme stands at the end of the quarter.",
    )
    headline = forms.CharField(
        label="Headline",
        max_length=HEADLINE_LIMIT,
        widget=forms.TextInput(attrs={"size": 80}),
        help_text="Where things stand, in one sentence.",
    )
    narrative = forms.CharField(
        label="What has happened this quarter",
        required=False,
        max_length=NARRATIVE_LIMIT,
        widget=limited(NARRATIVE_LIMIT, 8),
        help_text=f"Up to {NARRATIVE_LIMIT:,} characters.",
    )
    next_steps = forms.CharField(
        label="Next steps",
        required=False,
        max_length=NEXT_STEPS_LIMIT,
        widget=limited(NEXT_STEPS_LIMIT, 4),
        help_text=f"What happens next, and by when. Up to {NEXT_STEPS_LIMIT:,} characters.",
    )
    override_reason = forms.CharField(
        label="Reason, if your status differs from the suggestion",
        required=False,
        max_length=REASON_LIMIT,
        widget=limited(REASON_LIMIT, 3),
        help_text="Needed only when you choose a status other than the one the milestones "
        "and indicators suggest.",
    )

    def __init__(self, *args, due: ProgrammeDue, as_at: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.due = due
        self.as_at = as_at
        for row in due.indicators:
            indicator = row.indicator
            self.fields[f"reading_{indicator.pk}"] = forms.DecimalField(
                label=f"{indicator.name} ({indicator.get_unit_display()})",
                required=False,
                max_digits=14,
                decimal_places=2,
                help_text=f"The figure as at {as_at:%-d %B %Y}. Leave blank if you have none.",
            )
            self.fields[f"reading_note_{indicator.pk}"] = forms.CharField(
                label=f"Note on {indicator.name}",
                required=False,
                max_length=300,
                help_text="Qualifiers such as 'over' or 'around', and where the figure comes from.",
            )
        for milestone in due.milestones:
            self.fields[f"milestone_{milestone.pk}"] = forms.DateField(
                label=f"{milestone.title}: completed on",
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
                help_text=f"Due {milestone.due_on:%-d %B %Y}. Any date up to today; leave blank "
                "if it is not done.",
            )

    @classmethod
    def initial_for(cls, due: ProgrammeDue) -> dict:
        """What the form starts with: the draft (or published update) of the round, and
        the readings and completion dates already recorded."""
        initial: dict = {}
        if due.update is not None:
            for name in ("rag", "headline", "narrative", "next_steps", "override_reason"):
                initial[name] = getattr(due.update, name)
        for row in due.indicators:
            if row.reading is not None:
                initial[f"reading_{row.indicator.pk}"] = row.reading.value
                initial[f"reading_note_{row.indicator.pk}"] = row.reading.note
        for milestone in due.milestones:
            initial[f"milestone_{milestone.pk}"] = milestone.completed_on
        return initial

    def reading_fields(self):
        for row in self.due.indicators:
            pk = row.indicator.pk
            yield row, self[f"reading_{pk}"], self[f"reading_note_{pk}"]

    def milestone_fields(self):
        for milestone in self.due.milestones:
            yield milestone, self[f"milestone_{milestone.pk}"]

    # --- Writing ------------------------------------------------------------------

    def readings(self) -> list[tuple[Indicator, Decimal, str]]:
        return [
            (row.indicator, value, self.cleaned_data.get(f"reading_note_{row.indicator.pk}", ""))
            for row in self.due.indicators
            if (value := self.cleaned_data.get(f"reading_{row.indicator.pk}")) is not None
        ]

    def completions(self) -> list[tuple[Milestone, date | None]]:
        return [
            (m, self.cleaned_data.get(f"milestone_{m.pk}"))
            for m in self.due.milestones
            if self.cleaned_data.get(f"milestone_{m.pk}") != m.completed_on
        ]

    def _write_evidence(self, user) -> None:
        for milestone, completed_on in self.completions():
            milestone_complete(milestone=milestone, completed_on=completed_on, user=user)
        for indicator, value, note in self.readings():
            reading_record(
                indicator=indicator,
                as_at=self.as_at,
                value=value,
                note=note,
                source=f"Quarterly update, {self.due.round.label}",
                user=user,
            )

    def suggestion(self, user) -> Rag | None:
        """What the evidence suggests with the form's readings and milestones in place:
        written, read and rolled back, so nothing is saved."""
        with transaction.atomic():
            self._write_evidence(user)
            suggested = suggested_rag_for(programme=self.due.programme, as_at=self.as_at)
            transaction.set_rollback(True)
        return suggested

    @transaction.atomic
    def save(self, *, user, author) -> ProgressUpdate:
        """Save the whole update as one draft; nothing is saved if any part is refused."""
        self._write_evidence(user)
        update = self.due.update
        if update is None:
            update = ProgressUpdate(programme=self.due.programme, as_at=self.as_at)
        elif update.published_at is not None:
            raise ValidationError(
                "This quarter's update is published: ask the Secretariat to correct it."
            )
        update.as_at = self.as_at
        for name in ("rag", "headline", "narrative", "next_steps", "override_reason"):
            setattr(update, name, self.cleaned_data[name])
        if update.author_id is None:
            update.author = author
        return progress_update_save(update=update, user=user)

    def apply_error(self, error: ValidationError) -> None:
        """Show a service's refusal on the form: field errors where the field is on it."""
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)
