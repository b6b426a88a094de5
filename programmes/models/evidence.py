"""The evidence of delivery: milestones and progress updates (indicators and their readings
are in `indicators`)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.dates import as_stated, precision_fields
from core.locking import VersionedModel
from core.publishing import Publishable
from core.rag import Rag
from priorities.models import Officer

from ..querysets import MilestoneQuerySet, ProgressUpdateQuerySet
from ..status import MILESTONE_STATE_COLOURS, MilestoneState
from .cycle import ReportingRound
from .programme import Programme

_due_precision, _due_stated = precision_fields("due date")
_due_precision.help_text = (
    "How precisely the paper gives the due date: a day, a month ('by January 2012'), a "
    "season ('by late summer 2012'), a year, or roughly. The date above is then the last "
    "day the paper allows (31 January 2012), so that the milestone is overdue only after it."
)


class Milestone(VersionedModel):
    """A dated commitment of a programme: 'a ten year delivery plan by March 2012'."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name="programme",
        help_text="The programme that made the commitment.",
    )
    title = models.CharField(
        "title",
        max_length=300,
        help_text="The commitment in a few words, e.g. Ten-year delivery plan published.",
    )
    due_on = models.DateField(
        "due on",
        help_text="The date it was promised by. Once past, it counts as overdue until completed.",
    )
    due_on_precision = _due_precision
    due_on_stated = _due_stated
    completed_on = models.DateField(
        "completed on", null=True, blank=True, help_text="Leave blank until it is done."
    )
    note = models.TextField("note", blank=True, help_text="Sources and any inferred dates.")

    objects = MilestoneQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "title"]
        verbose_name = "milestone"

    def __str__(self):
        return self.title

    @property
    def due_as_stated(self) -> str:
        """The due date as the paper gives it: '31 January 2012', 'January 2012'."""
        return as_stated(self.due_on, self.due_on_precision, self.due_on_stated)

    @property
    def state_label(self) -> str:
        """Needs `state` from `Milestone.objects.with_state()`."""
        return MilestoneState(self.state).label

    @property
    def state_colour(self) -> str:
        return MILESTONE_STATE_COLOURS[self.state]

    def clean(self):
        if self.completed_on and self.completed_on > timezone.localdate():
            raise ValidationError(
                {"completed_on": "A milestone cannot be completed in the future."}
            )


# What a quarterly update may say: enough for a quarter's story, short enough to be read.
HEADLINE_LIMIT = 300
NARRATIVE_LIMIT = 3000
NEXT_STEPS_LIMIT = 1500
REASON_LIMIT = 1000


def check_not_locked(record, *, noun: str) -> None:
    """A record dated in a signed-off quarter is the record of what the Executive saw:
    it cannot be added, changed or moved out (an administrator may reopen the round)."""
    dates = {record.as_at} if record.as_at else set()
    if record.pk:
        stored = type(record)._base_manager.filter(pk=record.pk).values_list("as_at", flat=True)
        dates |= set(stored)
    for on in sorted(dates):
        closed = ReportingRound.objects.locking(on).select_related("plan_year").first()
        if closed is not None:
            raise ValidationError(
                f"This {noun} is dated in {closed.label}, which was signed off and closed: "
                "it can no longer change. An administrator can reopen the round."
            )


class ProgressUpdate(Publishable):
    """A dated statement of a programme's progress with its RAG status."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="progress_updates",
        verbose_name="programme",
        help_text="The programme the update is about.",
    )
    as_at = models.DateField("as at", help_text="The date the update describes.")
    rag = models.CharField(
        "status",
        max_length=12,
        choices=Rag.choices,
        help_text="The officer's judgement. It stands even where the evidence suggests otherwise.",
    )
    suggested_rag = models.CharField(
        "suggested status",
        max_length=12,
        choices=Rag.choices,
        blank=True,
        editable=False,
        help_text="What the milestones and indicators suggested when the update was saved.",
    )
    override_reason = models.TextField(
        "reason for differing",
        blank=True,
        validators=[MaxLengthValidator(REASON_LIMIT)],
        help_text="Needed when the status differs from the one the evidence suggests.",
    )
    headline = models.CharField(
        "headline",
        max_length=HEADLINE_LIMIT,
        help_text="Where things stand, in one sentence, e.g. Wave 2 under way with 12 councils.",
    )
    narrative = models.TextField(
        "narrative",
        blank=True,
        validators=[MaxLengthValidator(NARRATIVE_LIMIT)],
        help_text="The detail behind the headline: what has happened since the last update. "
        f"Up to {NARRATIVE_LIMIT:,} characters.",
    )
    next_steps = models.TextField(
        "next steps",
        blank=True,
        validators=[MaxLengthValidator(NEXT_STEPS_LIMIT)],
        help_text=f"What happens next, and by when. Up to {NEXT_STEPS_LIMIT:,} characters.",
    )
    author = models.ForeignKey(
        Officer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_updates",
        verbose_name="author",
        help_text="The officer who wrote the update: you, if your account is linked to an officer.",
    )
    source = models.CharField(
        "source", max_length=300, blank=True, help_text="The paper or meeting it was reported to."
    )
    returned_at = models.DateTimeField(
        "returned at",
        null=True,
        blank=True,
        editable=False,
        help_text="When the Secretariat sent the draft back to its officer.",
    )
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="updates_returned",
        verbose_name="returned by",
    )
    return_comment = models.TextField(
        "comment on return",
        blank=True,
        editable=False,
        help_text="What the Secretariat asked the officer to change.",
    )

    objects = ProgressUpdateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "-as_at"]
        get_latest_by = "as_at"
        verbose_name = "progress update"
        permissions = [("publish_progressupdate", "Can publish progress updates")]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "as_at"],
                name="progress_update_one_per_programme_per_date",
                violation_error_message="This programme already has an update for this date.",
            )
        ]

    def __str__(self):
        return f"{self.programme}: {self.get_rag_display()} at {self.as_at:%-d %B %Y}"

    @property
    def differs_from_suggestion(self) -> bool:
        return bool(self.suggested_rag) and self.suggested_rag != self.rag

    def clean(self):
        check_not_locked(self, noun="progress update")
        if self.programme_id and self.as_at:
            programme = self.programme
            if not programme.is_live_on(self.as_at):
                raise ValidationError(
                    {"as_at": "This date is outside the programme's life (its start to its end)."}
                )
        if self.as_at and self.as_at > timezone.localdate():
            raise ValidationError({"as_at": "An update cannot describe a date in the future."})
