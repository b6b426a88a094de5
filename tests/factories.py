"""factory_boy factories for every model, valid by default.

Records that carry rules (progress updates, readings, milestones and actions) are
created through their services, as the admin, the loader and the shell create them: a
progress update records what the evidence suggested, and each is fully validated, so
test data looks like real data and a factory cannot make what the portal would refuse.
`build()` still makes an unsaved instance without the services. Pass `user=` to any of
them to record who made the change in the history.
"""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice
from factory.django import DjangoModelFactory

from core.rag import Rag
from meetings.models import (
    Action,
    AgendaItem,
    Meeting,
    Member,
    Membership,
    Paragraph,
    ThemeRole,
)
from meetings.services import action_save
from priorities.models import (
    Board,
    Campaign,
    CampaignItem,
    Officer,
    PlanYear,
    Priority,
    PriorityLink,
    Theme,
)
from priorities.services import priority_link_save
from programmes.models import (
    Council,
    DeliveryStage,
    Indicator,
    Milestone,
    Participation,
    Partner,
    Programme,
    ProgressUpdate,
    Qualifier,
    Reading,
    Reminder,
    ReportingRound,
    RoundRecord,
    SavingsClaim,
    Stage,
    TargetPeriod,
)
from programmes.rounds import round_open
from programmes.services import (
    delivery_stage_save,
    milestone_save,
    progress_update_create,
    reading_save,
    savings_claim_save,
    target_period_save,
)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class TOTPDeviceFactory(DjangoModelFactory):
    """A staff member's confirmed authenticator app (a random secret key by default)."""

    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory, is_staff=True)
    name = "Authenticator app"
    confirmed = True


class BoardFactory(DjangoModelFactory):
    class Meta:
        model = Board

    name = factory.Sequence(lambda n: f"Board {n}")
    short_name = factory.Sequence(lambda n: f"B{n}")
    slug = factory.Sequence(lambda n: f"board-{n}")


class PlanYearFactory(DjangoModelFactory):
    class Meta:
        model = PlanYear
        django_get_or_create = ("label",)

    label = "2012/13"
    starts_on = factory.LazyAttribute(lambda o: PlanYear.dates_for(o.label)[0])
    ends_on = factory.LazyAttribute(lambda o: PlanYear.dates_for(o.label)[1])
    status = PlanYear.Status.AGREED
    agreed_on = factory.LazyAttribute(lambda o: o.starts_on.replace(month=3, day=1))
    agreed_by = "the Executive"


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    order = factory.Sequence(int)


class OfficerFactory(DjangoModelFactory):
    class Meta:
        model = Officer

    name = factory.Sequence(lambda n: f"Officer {n}")
    position = "Programme manager"
    email = factory.Sequence(lambda n: f"officer{n}@example.org")


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"Campaign {n}")
    slug = factory.Sequence(lambda n: f"campaign-{n}")


class CampaignItemFactory(DjangoModelFactory):
    class Meta:
        model = CampaignItem

    campaign = factory.SubFactory(CampaignFactory)
    number = factory.Sequence(lambda n: f"{n}")
    title = factory.Sequence(lambda n: f"Big idea {n}")


class PriorityFactory(DjangoModelFactory):
    class Meta:
        model = Priority

    plan_year = factory.SubFactory(PlanYearFactory)
    board = factory.SubFactory(BoardFactory)
    theme = factory.SubFactory(ThemeFactory)
    reference = factory.Sequence(lambda n: f"4.{n}")
    title = factory.Sequence(lambda n: f"Priority {n}")
    target_statement = "Over 100 peer challenges in each of the next 3 years"


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partner {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    theme = factory.SubFactory(ThemeFactory)
    board = factory.SubFactory(BoardFactory)
    lead_officer = factory.SubFactory(OfficerFactory)
    status = Programme.Status.ACTIVE
    starts_on = date(2011, 4, 1)
    summary = "Delivers a priority."

    @factory.post_generation
    def priorities(self, create, extracted, **kwargs):
        if create and extracted:
            self.priorities.set(extracted)

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)


class MilestoneFactory(DjangoModelFactory):
    """Saved through `milestone_save()`: it cannot be completed in the future."""

    class Meta:
        model = Milestone

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_on = date(2012, 1, 31)

    @classmethod
    def _create(cls, model_class, *args, user=None, **kwargs):
        return milestone_save(milestone=model_class(*args, **kwargs), user=user)


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Peer challenges delivered {n}")
    unit = Indicator.Unit.COUNT
    baseline = Decimal("0")
    target_value = Decimal("100")
    target_starts_on = date(2012, 4, 1)
    target_ends_on = date(2013, 3, 31)


def published_on_its_date(record) -> datetime:
    """Published at noon (UTC) on the date the record describes, as a paper would be."""
    return datetime.combine(record.as_at, time(12), tzinfo=UTC)


class ReadingFactory(DjangoModelFactory):
    """A published reading; `ReadingFactory(draft=True)` for a draft."""

    class Meta:
        model = Reading

    class Params:
        draft = factory.Trait(published_at=None)

    indicator = factory.SubFactory(IndicatorFactory)
    as_at = date(2012, 9, 30)
    value = Decimal("42")
    source = "Item 4e, Chairman's report"
    published_at = factory.LazyAttribute(published_on_its_date)

    @classmethod
    def _create(cls, model_class, *args, user=None, **kwargs):
        # reading_save() rather than reading_record(): a factory makes a new reading, so
        # a second one for the same date is refused rather than silently correcting it.
        return reading_save(reading=model_class(*args, **kwargs), user=user)


class ProgressUpdateFactory(DjangoModelFactory):
    """A published progress update; `ProgressUpdateFactory(draft=True)` for a draft.

    Created by `progress_update_create()`, which records what the programme's milestones
    and indicators suggest at its date: a status differing from that needs an
    `override_reason`, as it does in the admin. `suggested_rag=` stands for a suggestion
    recorded against evidence that has changed since (it is checked the same way)."""

    class Meta:
        model = ProgressUpdate

    class Params:
        draft = factory.Trait(published_at=None)

    programme = factory.SubFactory(ProgrammeFactory)
    as_at = date(2012, 6, 30)
    rag = Rag.GREEN
    headline = factory.Sequence(lambda n: f"Update {n}")
    author = factory.SubFactory(OfficerFactory)
    published_at = factory.LazyAttribute(published_on_its_date)

    @classmethod
    def _create(cls, model_class, *args, user=None, **kwargs):
        recorded = kwargs.pop("suggested_rag", None)
        update = progress_update_create(user=user, **kwargs)
        if recorded is not None and recorded != update.suggested_rag:
            suggested_then(update, recorded)
        return update


def suggested_then(update: ProgressUpdate, suggested: str) -> None:
    """Make `update` as if the evidence had suggested `suggested` when it was saved: the
    row and its one history record both say so, and the override rule still applies."""
    if suggested and suggested != update.rag and not update.override_reason.strip():
        raise ValidationError(
            {
                "override_reason": (
                    f"The evidence suggested {Rag(suggested).label}. "
                    f"Say why the status is {Rag(update.rag).label}."
                )
            }
        )
    # Written past save() on purpose: a later save would add a history row the
    # officer never made, and recompute nothing (its inputs are unchanged).
    ProgressUpdate.objects.filter(pk=update.pk).update(suggested_rag=suggested)
    update.history.filter(history_type="+").update(suggested_rag=suggested)
    update.suggested_rag = suggested


class CouncilFactory(DjangoModelFactory):
    class Meta:
        model = Council

    name = factory.Sequence(lambda n: f"Council {n}")
    slug = factory.Sequence(lambda n: f"council-{n}")
    kind = Council.Kind.UNITARY
    region = Council.Region.EAST


class ParticipationFactory(DjangoModelFactory):
    class Meta:
        model = Participation

    programme = factory.SubFactory(ProgrammeFactory)
    council = factory.SubFactory(CouncilFactory)
    cohort = "Wave 2"


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"Member {n}")
    slug = factory.Sequence(lambda n: f"member-{n}")
    council = factory.SubFactory(CouncilFactory)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    member = factory.SubFactory(MemberFactory)
    board = factory.SubFactory(BoardFactory)
    role = Membership.Role.MEMBER


class ThemeRoleFactory(DjangoModelFactory):
    class Meta:
        model = ThemeRole

    member = factory.SubFactory(MemberFactory)
    theme = factory.SubFactory(ThemeFactory)
    plan_year = factory.SubFactory(PlanYearFactory)
    role = ThemeRole.Role.POOL


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    board = factory.SubFactory(BoardFactory)
    meets_on = factory.Sequence(lambda n: date(2012, 1, 17) + timedelta(days=n))
    venue = "Local Government House, London"
    status = Meeting.Status.HELD


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: f"{n + 1}")
    title = factory.Sequence(lambda n: f"Report {n}")
    purpose = "For discussion and direction."
    summary = "A summary."


class ParagraphFactory(DjangoModelFactory):
    class Meta:
        model = Paragraph

    agenda_item = factory.SubFactory(AgendaItemFactory)
    number = factory.Sequence(lambda n: f"{n + 1}")
    heading = "Leadership"
    text = "A paragraph of the report."


class ActionFactory(DjangoModelFactory):
    """Saved through `action_save()`. Set under an agenda item, it belongs to that item's
    meeting; done or dropped, it needs an `outcome`."""

    class Meta:
        model = Action

    agenda_item = None
    meeting = factory.Maybe(
        "agenda_item",
        yes_declaration=factory.SelfAttribute("agenda_item.meeting"),
        no_declaration=factory.SubFactory(MeetingFactory),
    )
    description = factory.Sequence(lambda n: f"Bring a paper to the next meeting ({n})")
    owner = factory.SubFactory(OfficerFactory)
    due_on = date(2012, 11, 8)

    @classmethod
    def _create(cls, model_class, *args, user=None, **kwargs):
        return action_save(action=model_class(*args, **kwargs), user=user)


class ReportingRoundFactory(DjangoModelFactory):
    """Opened through `round_open()`: 2012/13 Q3, due by 18 January 2013."""

    class Meta:
        model = ReportingRound

    # A plan year of its own for each, so that several can be made (one per quarter).
    plan_year = factory.SubFactory(
        PlanYearFactory, label=factory.Sequence(lambda n: f"{1990 + n}/{(91 + n) % 100:02d}")
    )
    quarter = 3
    opened_on = date(2012, 12, 3)
    deadline = date(2013, 1, 18)

    @classmethod
    def _create(cls, model_class, *args, user=None, **kwargs):
        return round_open(user=user, **kwargs)


class RoundRecordFactory(DjangoModelFactory):
    """An overview file as signed off (written by `round_close()` in the app)."""

    class Meta:
        model = RoundRecord

    round = factory.SubFactory(ReportingRoundFactory)
    format = "csv"
    filename = factory.Sequence(lambda n: f"overview-{n}.csv")
    content = b"Record,Programme\n"
    sha256 = "0" * 64


class ReminderFactory(DjangoModelFactory):
    class Meta:
        model = Reminder

    round = factory.SubFactory(ReportingRoundFactory)
    kind = Reminder.Kind.OPENED
    email = factory.Sequence(lambda n: f"officer{n}@example.org")
    items = 1


# --- A priority's line across plan years, targets as stated, figures per council ------


class PriorityLinkFactory(DjangoModelFactory):
    """2012/13 4.5 carried forward to a 2013/14 priority, saved by `priority_link_save()`."""

    class Meta:
        model = PriorityLink

    earlier = factory.SubFactory(PriorityFactory)
    later = factory.SubFactory(
        PriorityFactory, plan_year=factory.SubFactory(PlanYearFactory, label="2013/14")
    )
    kind = PriorityLink.Kind.CARRIED_FORWARD
    note = "Item 3, paragraph 15: the work continues."

    @classmethod
    def _create(cls, model_class, *args, user=None, **kwargs):
        return priority_link_save(link=model_class(*args, **kwargs), user=user)


class TargetPeriodFactory(DjangoModelFactory):
    """The second year of 'over 100 in each of the next 3 years'."""

    class Meta:
        model = TargetPeriod

    indicator = factory.SubFactory(IndicatorFactory)
    starts_on = date(2013, 4, 1)
    ends_on = date(2014, 3, 31)
    value = Decimal("100")
    qualifier = Qualifier.OVER

    @classmethod
    def _create(cls, model_class, *args, user=None, **kwargs):
        return target_period_save(period=model_class(*args, **kwargs), user=user)


class DeliveryStageFactory(DjangoModelFactory):
    class Meta:
        model = DeliveryStage

    programme = factory.SubFactory(ProgrammeFactory)
    council = factory.SubFactory(CouncilFactory)
    stage = Stage.BOOKED
    reached_on = date(2012, 9, 1)

    @classmethod
    def _create(cls, model_class, *args, user=None, **kwargs):
        return delivery_stage_save(stage=model_class(*args, **kwargs), user=user)


class SavingsClaimFactory(DjangoModelFactory):
    class Meta:
        model = SavingsClaim

    programme = factory.SubFactory(ProgrammeFactory)
    council = factory.SubFactory(CouncilFactory)
    period_starts_on = date(2012, 4, 1)
    period_ends_on = date(2013, 3, 31)
    amount = Decimal("1250000")
    claimed_on = date(2013, 5, 1)
    evidence = "The council's outturn report"

    @classmethod
    def _create(cls, model_class, *args, user=None, **kwargs):
        return savings_claim_save(claim=model_class(*args, **kwargs), user=user)


# Governance's papers, decisions and forward plan: defined in tests/meetings/factories.py,
# imported here (last, as they build on the factories above) so that every factory is in
# this module, where tests and the history checks find them.
from tests.meetings.factories import (  # noqa: E402, F401
    DecisionFactory,
    ForwardPlanEntryFactory,
    NameAsWrittenFactory,
    ReportingCommitmentFactory,
)
