"""Factories for governance's papers, decisions and forward plan, saved through their
services as the admin and the loader save them. Imported into `tests.factories` (at its
end), through which tests use them; import them from there, not from here."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from meetings.models import Decision, ForwardPlanEntry, NameAsWritten, ReportingCommitment
from meetings.services import decision_save, forward_plan_entry_save, reporting_commitment_save
from tests.factories import (
    BoardFactory,
    MeetingFactory,
    ParagraphFactory,
    ProgrammeFactory,
)


class DecisionFactory(DjangoModelFactory):
    """What a meeting agreed, saved through `decision_save()`."""

    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"Approved the specification ({n})")

    @classmethod
    def _create(cls, model_class, *args, user=None, **kwargs):
        links = {name: kwargs.pop(name, []) for name in ("priorities", "programmes")}
        decision = decision_save(decision=model_class(*args, **kwargs), user=user)
        for name, targets in links.items():
            getattr(decision, name).set(targets)
        return decision


class ReportingCommitmentFactory(DjangoModelFactory):
    """Twice a year to a Board through 2012/13: two reports, to 30 September 2012 and
    31 March 2013, made by `reporting_commitment_save()`."""

    class Meta:
        model = ReportingCommitment

    board = factory.SubFactory(BoardFactory)
    title = factory.Sequence(lambda n: f"Progress against the plan ({n})")
    frequency = ReportingCommitment.Frequency.HALF_YEARLY
    starts_on = date(2012, 4, 1)
    ends_on = date(2013, 3, 31)

    @classmethod
    def _create(cls, model_class, *args, user=None, **kwargs):
        priorities = kwargs.pop("priorities", [])
        commitment = reporting_commitment_save(commitment=model_class(*args, **kwargs), user=user)
        commitment.priorities.set(priorities)
        return commitment


class ForwardPlanEntryFactory(DjangoModelFactory):
    """A report due at a meeting of its Board, saved through `forward_plan_entry_save()`."""

    class Meta:
        model = ForwardPlanEntry

    due_meeting = factory.SubFactory(MeetingFactory)
    board = factory.SelfAttribute("due_meeting.board")
    title = factory.Sequence(lambda n: f"A paper on the performance of the sector ({n})")

    @classmethod
    def _create(cls, model_class, *args, user=None, **kwargs):
        links = {name: kwargs.pop(name, []) for name in ("priorities", "programmes")}
        entry = forward_plan_entry_save(entry=model_class(*args, **kwargs), user=user)
        for name, targets in links.items():
            getattr(entry, name).set(targets)
        return entry


class NameAsWrittenFactory(DjangoModelFactory):
    class Meta:
        model = NameAsWritten

    paragraph = factory.SubFactory(ParagraphFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    name = "Adult Society Care Efficiency Programme"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        record = model_class(*args, **kwargs)
        record.full_clean()
        record.save()
        return record
