"""The admin's forms for delivery records: each applies the rule its service applies as
it validates, so a refusal shows on the form beside the field rather than after a save."""

from __future__ import annotations

from django import forms

from core.dates import today

from ..models import ProgressUpdate, Reading, check_value_for_unit
from ..services import progress_update_check, suggested_rag_for


class ProgressUpdateForm(forms.ModelForm):
    """A progress update form that applies `progress_update_check()` as it validates, so
    a missing reason shows on the form; the admin saves through `progress_update_save()`.

    The suggestion is shown beside the status field before the officer chooses.
    """

    show_suggestion = True

    class Meta:
        model = ProgressUpdate
        fields = [
            "programme",
            "as_at",
            "rag",
            "override_reason",
            "headline",
            "narrative",
            "next_steps",
            "author",
            "source",
        ]
        widgets = {"override_reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.show_suggestion and not self.is_bound and "rag" in self.fields:
            self._describe_suggestion()

    def _describe_suggestion(self) -> None:
        """Say what the evidence suggests, when the programme is known."""
        programme = self.instance.programme if self.instance.programme_id else None
        as_at = self.instance.as_at
        try:
            # On the add page, from `?programme=...&as_at=...` (the programme's own link).
            if programme is None and self.initial.get("programme"):
                programme = self.fields["programme"].clean(self.initial["programme"])
            if as_at is None and self.initial.get("as_at"):
                as_at = self.fields["as_at"].clean(self.initial["as_at"])
        except forms.ValidationError:
            return
        if programme is None:
            return
        as_at = as_at or today()
        suggested = suggested_rag_for(programme=programme, as_at=as_at)
        now = " now" if self.instance.pk else ""
        if suggested is None:
            text = f"There is{now} no milestone or indicator evidence as at {as_at:%-d %B %Y}."
        else:
            text = (
                f"The milestones and indicators{now} suggest {suggested.label} as at "
                f"{as_at:%-d %B %Y}. If you choose another status, say why."
            )
        field = self.fields["rag"]
        field.help_text = f"{field.help_text} {text}".strip()

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.errors:
            return
        try:
            progress_update_check(update=self.instance)
        except forms.ValidationError as exc:
            self.add_error(None, exc)


class CorrectionForm(ProgressUpdateForm):
    """Correcting a published update (the Secretariat): it stays published, and the
    reason is kept in its history."""

    correction_reason = forms.CharField(
        label="Reason for the correction",
        max_length=90,
        help_text="Required: the update is published. Kept in its history, e.g. "
        "'Typo in the council's name'.",
    )


class ProgressUpdateInlineForm(ProgressUpdateForm):
    # The programme's status panel shows the suggestion once for the whole page.
    show_suggestion = False


class ReadingInlineForm(forms.ModelForm):
    """A reading on its indicator's page, checked against the unit being entered."""

    class Meta:
        model = Reading
        fields = [
            "indicator",
            "as_at",
            "as_at_precision",
            "as_at_stated",
            "value",
            "qualifier",
            "note",
            "source",
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        indicator = cleaned.get("indicator")
        value = cleaned.get("value")
        # Reading.clean() checks the unit only once the indicator is saved; on a new
        # indicator's page, check it against the unit being entered.
        if indicator is not None and indicator.pk is None and value is not None:
            message = check_value_for_unit(indicator.unit, value)
            if message:
                self.add_error("value", message)
        return cleaned
