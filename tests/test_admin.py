"""The officers' admin: every page opens, search and filters work, status columns are right
and cost a fixed number of queries, history can be viewed and reverted."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Model
from django.forms import ModelMultipleChoiceField, MultipleChoiceField
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.rag import Rag, rag_tag
from meetings.models import Meeting
from priorities.models import CampaignItem, Priority
from programmes.models import (
    Milestone,
    Programme,
    ProgressUpdate,
    Reminder,
    ReportingRound,
    RoundRecord,
)
from programmes.services import progress_update_update
from tests import factories as f

pytestmark = pytest.mark.django_db

FACTORIES = {
    factory._meta.model: factory
    for factory in (
        f.BoardFactory,
        f.PlanYearFactory,
        f.ThemeFactory,
        f.OfficerFactory,
        f.CampaignFactory,
        f.PriorityFactory,
        f.PartnerFactory,
        f.ProgrammeFactory,
        f.MilestoneFactory,
        f.IndicatorFactory,
        f.ReadingFactory,
        f.ProgressUpdateFactory,
        f.CouncilFactory,
        f.ParticipationFactory,
        f.MemberFactory,
        f.MembershipFactory,
        f.ThemeRoleFactory,
        f.MeetingFactory,
        f.AgendaItemFactory,
        f.ParagraphFactory,
        f.ActionFactory,
        f.DecisionFactory,
        f.ReportingCommitmentFactory,
        f.ForwardPlanEntryFactory,
        f.NameAsWrittenFactory,
        f.ReportingRoundFactory,
        f.RoundRecordFactory,
        f.ReminderFactory,
        f.UserFactory,
        f.TOTPDeviceFactory,
        f.PriorityLinkFactory,
        f.TargetPeriodFactory,
        f.DeliveryStageFactory,
        f.SavingsClaimFactory,
    )
}
REGISTERED = sorted(admin.site._registry, key=lambda m: m._meta.label)
# Written by the cycle, never by hand: the signed-off overviews and the reminders log.
NO_ADD = {RoundRecord, Reminder}
# The cycle's record: a round is closed, not deleted.
NO_DELETE = {RoundRecord, Reminder, ReportingRound}

# The status tags as the admin shows them (core.rag.rag_tag): the words, then the meaning.
GREEN_TAG = str(rag_tag("green", meaning="On track"))
AMBER_TAG = str(rag_tag("amber", meaning="At risk: some issues"))
RED_TAG = str(rag_tag("red", meaning="Off track: needs intervention"))


def make(model: type[Model]) -> Model:
    """One saved object of a registered model, with its related rows."""
    if model is Group:
        return Group.objects.get(name="Officers")
    if model is f.CampaignFactory._meta.model:
        return f.CampaignItemFactory().campaign
    return FACTORIES[model]()


def admin_url(model_or_obj, view: str, *args) -> str:
    opts = model_or_obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def label(model):
    return model._meta.label


def form_data(response) -> dict:
    """What a browser would post back, unchanged, for the admin form on a page."""
    context = response.context
    forms = [context["adminform"].form]
    data = {}
    for inline in context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms.extend(formset.initial_forms)
        data[management.add_prefix("TOTAL_FORMS")] = formset.initial_form_count()
    for form in forms:
        for name, field in form.fields.items():
            value = field.prepare_value(form[name].value())
            key = form.add_prefix(name)
            if value is None and isinstance(field, MultipleChoiceField | ModelMultipleChoiceField):
                continue  # an empty multiple select sends nothing
            if value is None:
                data[key] = ""
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif hasattr(value, "isoformat"):
                data[key] = value.isoformat()
            else:
                data[key] = str(value)
    return data


def post_form(client, url: str, data: dict):
    """Post `data` over what the form at `url` sends untouched (its defaults and each
    inline's management form), as a browser would; a page the client may not open is
    posted `data` alone."""
    page = client.get(url)
    untouched = form_data(page) if page.status_code == 200 else {}
    return client.post(url, {**untouched, **data})


def add_inline_row(data: dict, prefix: str, row: dict) -> None:
    """Add a new row to an inline formset in posted data."""
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    # What a browser posts for the fields left as they were: a date's precision is a day,
    # a reading's figure is stated exactly.
    defaults = {f"{name}_precision": "day" for name in ("due_on", "as_at") if name in row}
    if prefix == "readings":
        defaults["qualifier"] = "exactly"
    row = {**defaults, **row}
    for name, value in row.items():
        data[f"{prefix}-{total}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = total + 1


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


# --- Every model is registered, and every page opens --------------------------------


def test_every_model_of_the_three_apps_is_registered_with_history():
    # Campaign items are edited within their campaign. Signed-off overviews and the
    # reminders log are written once and never edited, so they have no history to keep.
    inline_only = {CampaignItem}
    append_only = {RoundRecord, Reminder}
    for app_label in ("priorities", "programmes", "meetings"):
        for model in apps.get_app_config(app_label).get_models():
            if model.__name__.startswith("Historical") or model in inline_only:
                continue
            assert model in admin.site._registry, model
            if model in append_only:
                assert not admin.site._registry[model].has_change_permission(None), model
                continue
            assert "history" in admin.site._registry[model].get_urls()[0].name


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_changelist_opens_and_lists_the_object(admin_client, model):
    obj = make(model)
    response = admin_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert obj in list(response.context["cl"].result_list)


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_add_page_opens(admin_client, model):
    response = admin_client.get(admin_url(model, "add"))
    assert response.status_code == (403 if model in NO_ADD else 200)


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_change_page_opens(admin_client, model):
    obj = make(model)
    response = admin_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200
    assert response.context["original"] == obj


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_delete_page_opens(admin_client, model):
    obj = make(model)
    response = admin_client.get(admin_url(model, "delete", obj.pk))
    assert response.status_code == (403 if model in NO_DELETE else 200)


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_history_page_opens(admin_client, model):
    obj = make(model)
    response = admin_client.get(admin_url(model, "history", obj.pk))
    assert response.status_code == 200


def searched_for_meeting() -> Model:
    # Found through two of its agenda items, and listed once.
    meeting = f.MeetingFactory()
    f.AgendaItemFactory(meeting=meeting, title="Zephyr pilots")
    f.AgendaItemFactory(meeting=meeting, title="Zephyr evaluation")
    return meeting


def searched_for_campaign() -> Model:
    # Found through two of its points, and listed once.
    item = f.CampaignItemFactory(title="Zephyr councils")
    f.CampaignItemFactory(campaign=item.campaign, title="Zephyr services")
    return item.campaign


# One row of each registered model that a search for "zephyr" should find, each through
# one of its admin's search fields (a related one where the admin has one), and found
# once however many related rows match.
SEARCHED_FOR = {
    Group: lambda: Group.objects.create(name="Zephyr editors"),
    f.UserFactory._meta.model: lambda: f.UserFactory(last_name="Zephyr"),
    f.TOTPDeviceFactory._meta.model: lambda: f.TOTPDeviceFactory(
        user=f.UserFactory(email="zephyr@example.org", is_staff=True)
    ),
    f.ActionFactory._meta.model: lambda: f.ActionFactory(owner=f.OfficerFactory(name="Jo Zephyr")),
    f.AgendaItemFactory._meta.model: lambda: f.AgendaItemFactory(purpose="For Zephyr decision"),
    Meeting: searched_for_meeting,
    f.MemberFactory._meta.model: lambda: f.MemberFactory(
        council=f.CouncilFactory(name="Zephyr District Council")
    ),
    f.MembershipFactory._meta.model: lambda: f.MembershipFactory(
        member=f.MemberFactory(name="Alex Zephyr")
    ),
    f.ParagraphFactory._meta.model: lambda: f.ParagraphFactory(subheading="Zephyr pilots"),
    f.DecisionFactory._meta.model: lambda: f.DecisionFactory(text="Approved the Zephyr pilots"),
    f.ReportingCommitmentFactory._meta.model: lambda: f.ReportingCommitmentFactory(
        title="Zephyr overview"
    ),
    f.ForwardPlanEntryFactory._meta.model: lambda: f.ForwardPlanEntryFactory(
        title="Zephyr evaluation"
    ),
    f.NameAsWrittenFactory._meta.model: lambda: f.NameAsWrittenFactory(name="Zephyr programme"),
    f.ThemeRoleFactory._meta.model: lambda: f.ThemeRoleFactory(
        theme=f.ThemeFactory(name="Zephyr working")
    ),
    f.BoardFactory._meta.model: lambda: f.BoardFactory(remit="Zephyr services"),
    f.CampaignFactory._meta.model: searched_for_campaign,
    f.OfficerFactory._meta.model: lambda: f.OfficerFactory(position="Zephyr adviser"),
    f.PlanYearFactory._meta.model: lambda: f.PlanYearFactory(
        label="2013/14", agreed_by="the Zephyr Executive"
    ),
    Priority: lambda: f.PriorityFactory(target_statement="Zephyr pilots in 10 councils"),
    f.PriorityLinkFactory._meta.model: lambda: f.PriorityLinkFactory(note="Zephyr, paragraph 15"),
    f.TargetPeriodFactory._meta.model: lambda: f.TargetPeriodFactory(note="Zephyr year two"),
    f.DeliveryStageFactory._meta.model: lambda: f.DeliveryStageFactory(
        council=f.CouncilFactory(name="Zephyr Town Council")
    ),
    f.SavingsClaimFactory._meta.model: lambda: f.SavingsClaimFactory(evidence="Zephyr audit"),
    f.ThemeFactory._meta.model: lambda: f.ThemeFactory(description="Zephyr and more"),
    f.CouncilFactory._meta.model: lambda: f.CouncilFactory(name="Zephyr Borough Council"),
    f.IndicatorFactory._meta.model: lambda: f.IndicatorFactory(
        priority=f.PriorityFactory(title="Zephyr pilots")
    ),
    Milestone: lambda: f.MilestoneFactory(note="Zephyr board paper"),
    f.ParticipationFactory._meta.model: lambda: f.ParticipationFactory(cohort="Zephyr wave"),
    f.PartnerFactory._meta.model: lambda: f.PartnerFactory(short_name="ZEPHYR"),
    Programme: lambda: f.ProgrammeFactory(
        partners=[f.PartnerFactory(name="Zephyr Trust"), f.PartnerFactory(name="Zephyr Fund")]
    ),
    ProgressUpdate: lambda: f.ProgressUpdateFactory(next_steps="Zephyr pilots in the autumn"),
    f.ReadingFactory._meta.model: lambda: f.ReadingFactory(
        indicator=f.IndicatorFactory(programme=f.ProgrammeFactory(name="Zephyr Programme"))
    ),
    ReportingRound: lambda: f.ReportingRoundFactory(
        plan_year=f.PlanYearFactory(label="2013/14"), note="Zephyr figures first"
    ),
    RoundRecord: lambda: f.RoundRecordFactory(filename="zephyr-overview.pdf"),
    Reminder: lambda: f.ReminderFactory(email="zephyr@example.org"),
}


def test_every_registered_model_has_a_search_test():
    assert set(SEARCHED_FOR) == set(REGISTERED)


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_search_finds_exactly_the_matching_rows(admin_client, model):
    make(model)  # a row the search must leave out
    wanted = SEARCHED_FOR[model]()
    url = admin_url(model, "changelist")

    def found(q: str) -> list[Model]:
        return list(admin_client.get(url, {"q": q}).context["cl"].result_list)

    assert found("ZEPHYR") == [wanted]  # any case, in any search field, once
    assert found("zephyr nowhere") == []  # every word must match


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_every_filter_choice_and_date_drilldown_works(admin_client, model):
    make(model)
    url = admin_url(model, "changelist")
    changelist = admin_client.get(url).context["cl"]
    query_strings = [
        choice["query_string"]
        for spec in changelist.filter_specs
        for choice in spec.choices(changelist)
    ]
    if changelist.date_hierarchy:
        query_strings.append(f"?{changelist.date_hierarchy}__year=2012")
    for query_string in query_strings:
        response = admin_client.get(url + query_string)
        assert response.status_code == 200, query_string
        assert "cl" in response.context, query_string  # not the "?e=1" error redirect


def test_search_finds_by_name(admin_client):
    wanted = f.ProgrammeFactory(name="Leadership Academy")
    f.ProgrammeFactory(name="Knowledge Hub")
    response = admin_client.get(admin_url(Programme, "changelist"), {"q": "academy"})
    assert list(response.context["cl"].result_list) == [wanted]


# --- Status columns, as at today -----------------------------------------------------


def test_programme_list_shows_status_and_suggestion_as_labelled_tags(admin_client):
    programme = f.ProgrammeFactory()
    # Current (an old update is out of date, and nothing differs from no status).
    today = timezone.localdate()
    f.ProgressUpdateFactory(programme=programme, as_at=today, rag=Rag.GREEN)
    f.MilestoneFactory(programme=programme, due_on=date(2012, 1, 31))  # overdue: amber
    response = admin_client.get(admin_url(Programme, "changelist"))
    html = response.content.decode()
    assert GREEN_TAG in html
    assert AMBER_TAG + " (differs)" in html


def test_programme_without_updates_says_so(admin_client):
    f.ProgrammeFactory()
    response = admin_client.get(admin_url(Programme, "changelist"))
    assert ">No update yet</strong>" in response.content.decode()


def test_programme_status_column_sorts_worst_first(admin_client):
    green = f.ProgrammeFactory(name="A green")
    red = f.ProgrammeFactory(name="B red")
    amber = f.ProgrammeFactory(name="C amber")
    for programme, rag in ((green, Rag.GREEN), (red, Rag.RED), (amber, Rag.AMBER)):
        # Dated today: the admin's status is as at today, and an old update is out of date.
        f.ProgressUpdateFactory(programme=programme, rag=rag, as_at=timezone.localdate())
    url = admin_url(Programme, "changelist")
    column = admin_client.get(url).context["cl"].list_display.index("current_status")
    response = admin_client.get(url, {"o": column})
    assert list(response.context["cl"].result_list) == [red, amber, green]


def test_due_an_update_filter(admin_client):
    # "Due" means due for the open update round, not the calendar quarter.
    f.ReportingRoundFactory(plan_year=f.PlanYearFactory(label="2012/13"), quarter=3)
    updated = f.ProgrammeFactory()
    f.ProgressUpdateFactory(programme=updated, as_at=date(2012, 12, 31))
    due = f.ProgrammeFactory()
    f.ProgressUpdateFactory(programme=due, as_at=date(2012, 6, 30))
    f.ProgrammeFactory(status=Programme.Status.CLOSED)
    url = admin_url(Programme, "changelist")
    assert "due an update for 2012/13 Q3" in admin_client.get(url).content.decode()
    assert list(admin_client.get(url, {"due": "yes"}).context["cl"].result_list) == [due]
    no = set(admin_client.get(url, {"due": "no"}).context["cl"].result_list)
    assert due not in no and updated in no


def test_current_status_filter(admin_client):
    red = f.ProgrammeFactory()
    f.ProgressUpdateFactory(programme=red, rag=Rag.RED, as_at=timezone.localdate())
    silent = f.ProgrammeFactory()
    stale = f.ProgrammeFactory()
    f.ProgressUpdateFactory(programme=stale, rag=Rag.RED, as_at=date(2012, 6, 30))
    url = admin_url(Programme, "changelist")
    assert list(admin_client.get(url, {"rag": "red"}).context["cl"].result_list) == [red]
    # An out-of-date update counts as none, and says so.
    response = admin_client.get(url, {"rag": "none"})
    assert set(response.context["cl"].result_list) == {silent, stale}
    assert "Last update 30 June 2012, out of date" in response.content.decode()


def test_programme_page_shows_status_panel_and_link_to_record_an_update(admin_client):
    programme = f.ProgrammeFactory()
    f.ProgressUpdateFactory(programme=programme, rag=Rag.GREEN, headline="Going well")
    f.MilestoneFactory(programme=programme, due_on=date(2012, 1, 31))
    html = admin_client.get(admin_url(programme, "change", programme.pk)).content.decode()
    assert "30 June 2012: Going well" in html
    assert "<dt>Overdue milestones</dt><dd>1</dd>" in html
    assert f"/admin/programmes/progressupdate/add/?programme={programme.pk}" in html


def test_programme_add_page_offers_milestones_and_councils_only(admin_client):
    response = admin_client.get(admin_url(Programme, "add"))
    inlines = [i.opts.model for i in response.context["inline_admin_formsets"]]
    assert inlines == [Milestone, f.ParticipationFactory._meta.model]


def test_priority_list_rolls_status_up_from_programmes(admin_client):
    priority = f.PriorityFactory(reference="4.1")
    for rag in (Rag.GREEN, Rag.RED):
        f.ProgressUpdateFactory(programme=f.ProgrammeFactory(priorities=[priority]), rag=rag)
    overridden = f.PriorityFactory(
        reference="4.2", status_override=Rag.RED, override_reason="Funding withdrawn"
    )
    html = admin_client.get(admin_url(Priority, "changelist")).content.decode()
    assert AMBER_TAG in html
    assert "1 of 2 programmes on track" in html
    assert RED_TAG + " (set by an officer)" in html
    page = admin_client.get(admin_url(overridden, "change", overridden.pk)).content.decode()
    assert "Set by an officer: Funding withdrawn" in page


def test_priority_page_lists_its_programmes_with_their_status(admin_client):
    priority = f.PriorityFactory()
    programme = f.ProgrammeFactory(name="LG Inform", priorities=[priority])
    f.ProgressUpdateFactory(programme=programme, rag=Rag.GREEN)
    html = admin_client.get(admin_url(priority, "change", priority.pk)).content.decode()
    assert f'<a href="/admin/programmes/programme/{programme.pk}/change/">LG Inform</a>' in html
    assert "1 of 1 programme on track" in html


# --- Changelists cost a fixed number of queries --------------------------------------


def programme_with_evidence(priority=None):
    programme = f.ProgrammeFactory(
        priorities=[priority] if priority else [], partners=[f.PartnerFactory()]
    )
    f.MilestoneFactory(programme=programme)  # overdue at the update's date: amber
    f.ReadingFactory(indicator=f.IndicatorFactory(programme=programme))
    f.ProgressUpdateFactory(programme=programme, rag=Rag.AMBER)
    f.ParticipationFactory(programme=programme)
    return programme


@pytest.mark.parametrize(
    ("model", "make_row"),
    [
        (Programme, lambda: programme_with_evidence()),
        (Priority, lambda: [programme_with_evidence(p) for p in [f.PriorityFactory()] * 2]),
        (ProgressUpdate, lambda: f.ProgressUpdateFactory()),
        (Milestone, lambda: f.MilestoneFactory()),
        (Meeting, lambda: f.ActionFactory(meeting=f.AgendaItemFactory().meeting)),
    ],
    ids=["programme", "priority", "progress-update", "milestone", "meeting"],
)
def test_changelist_queries_do_not_grow_with_rows(admin_client, model, make_row):
    url = admin_url(model, "changelist")
    for _ in range(2):
        make_row()
    admin_client.get(url)  # settle the session
    with_two = count_queries(admin_client, url)
    for _ in range(18):
        make_row()
    with_twenty = count_queries(admin_client, url)
    assert model.objects.count() >= 20
    assert with_twenty == with_two


@pytest.mark.parametrize("model", [m for m in REGISTERED if m is not Group], ids=label)
def test_no_changelist_runs_a_query_per_row(admin_client, model):
    url = admin_url(model, "changelist")
    for _ in range(2):
        make(model)
    admin_client.get(url)
    with_two = count_queries(admin_client, url)
    for _ in range(8):
        make(model)
    assert count_queries(admin_client, url) == with_two


# --- History: view and revert --------------------------------------------------------


def test_changes_are_recorded_and_can_be_reverted(admin_client):
    programme = f.ProgrammeFactory(name="Capital Asset Pathfinder")
    url = admin_url(programme, "change", programme.pk)
    data = form_data(admin_client.get(url))
    data["name"] = "Capital Asset Pathfinder wave 2"
    assert admin_client.post(url, data).status_code == 302
    programme.refresh_from_db()
    assert programme.name == "Capital Asset Pathfinder wave 2"

    history = admin_client.get(admin_url(programme, "history", programme.pk))
    assert "Capital Asset Pathfinder wave 2" in history.content.decode()
    first = programme.history.earliest()
    revert_url = f"/admin/programmes/programme/{programme.pk}/history/{first.history_id}/"
    page = admin_client.get(revert_url)
    assert page.status_code == 200
    assert page.context["adminform"].form["name"].value() == "Capital Asset Pathfinder"
    assert admin_client.post(revert_url, form_data(page)).status_code == 302
    programme.refresh_from_db()
    assert programme.name == "Capital Asset Pathfinder"
    assert programme.history.count() == 3
    assert programme.history.latest().history_user.username == "admin"


def test_reverting_a_progress_update_keeps_its_rules(admin_client):
    """A revert is a save like any other: it records what the evidence suggests now, and
    a status that differs from that needs a reason."""
    update = f.ProgressUpdateFactory(rag=Rag.GREEN, headline="First")  # no evidence yet
    # A milestone overdue at the update's date: from now the evidence suggests amber.
    f.MilestoneFactory(programme=update.programme, due_on=date(2012, 1, 31))
    progress_update_update(update=update, rag=Rag.AMBER, headline="Second")
    first = update.history.earliest()
    assert (first.rag, first.suggested_rag) == (Rag.GREEN, "")
    revert_url = f"/admin/programmes/progressupdate/{update.pk}/history/{first.history_id}/"
    page = admin_client.get(revert_url)
    # The update is published: changing it is a correction, which needs its own reason.
    assert "Reason for the correction" in page.content.decode()

    # Back to green without a reason: refused on the form, and nothing saved.
    response = admin_client.post(revert_url, {**form_data(page), "correction_reason": "Revert"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "override_reason": [
            "The milestones and indicators suggest Amber. Say why the status is Green."
        ]
    }
    update.refresh_from_db()
    assert (update.rag, update.headline, update.suggested_rag) == (Rag.AMBER, "Second", Rag.AMBER)

    # With a reason it is saved, recording the suggestion it differs from.
    data = {**form_data(page), "correction_reason": "Revert"}
    data["override_reason"] = "The overdue plan is agreed; delivery is on track."
    assert admin_client.post(revert_url, data).status_code == 302
    assert update.history.latest().history_change_reason == "Corrected: Revert"
    update.refresh_from_db()
    assert (update.rag, update.headline, update.suggested_rag) == (Rag.GREEN, "First", Rag.AMBER)
    assert update.differs_from_suggestion


# --- Actions -------------------------------------------------------------------------


def test_mark_milestones_completed_today(admin_client):
    milestone = f.MilestoneFactory()
    done = f.MilestoneFactory(completed_on=date(2012, 1, 30))
    response = admin_client.post(
        admin_url(Milestone, "changelist"),
        {"action": "complete_today", "_selected_action": [milestone.pk, done.pk]},
        follow=True,
    )
    assert "Marked 1 milestone(s) completed today." in response.content.decode()
    milestone.refresh_from_db()
    done.refresh_from_db()
    assert milestone.completed_on == timezone.localdate()
    assert done.completed_on == date(2012, 1, 30)
    assert milestone.history.count() == 2


@pytest.mark.parametrize("model", [Programme, Meeting], ids=label)
def test_delete_selected_works_on_annotated_changelists(admin_client, model):
    obj = make(model)
    response = admin_client.post(
        admin_url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not model.objects.filter(pk=obj.pk).exists()


def test_indicator_list_shows_latest_reading_and_trajectory(admin_client):
    indicator = f.IndicatorFactory(
        target_value=Decimal("100"),
        target_starts_on=date(2012, 4, 1),
        target_ends_on=date(2013, 3, 31),
    )
    f.ReadingFactory(indicator=indicator, as_at=date(2013, 3, 31), value=Decimal("42"))
    html = admin_client.get(admin_url(indicator, "changelist")).content.decode()
    assert "42 at 31 Mar 2013" in html
    assert ">Well behind trajectory</span>" in html


def test_overdue_action_is_labelled(admin_client):
    f.ActionFactory(due_on=timezone.localdate() - timedelta(days=1))
    html = admin_client.get("/admin/meetings/action/").content.decode()
    assert '<span class="bp-tag bp-tag--red" title="Overdue">Overdue</span>' in html


def test_overdue_filter_and_column_agree_with_the_queryset(admin_client):
    """One rule for "overdue": past its date, or due at a meeting that has been held."""
    today = timezone.localdate()
    yesterday, tomorrow = today - timedelta(days=1), today + timedelta(days=1)
    late = f.ActionFactory(due_on=yesterday)
    held = f.MeetingFactory(meets_on=yesterday)
    due_at_a_held_meeting = f.ActionFactory(due_on=None, due_meeting=held)
    f.ActionFactory(due_on=tomorrow)  # open, not yet due
    f.ActionFactory(due_on=yesterday, status="done", outcome="Paper taken")
    f.ActionFactory(due_on=None, due_meeting=f.MeetingFactory(meets_on=tomorrow))
    url = admin_url(late, "changelist")
    overdue = admin_client.get(url, {"overdue": "yes"})
    assert set(overdue.context["cl"].result_list) == {late, due_at_a_held_meeting}
    assert set(overdue.context["cl"].result_list) == set(
        f.ActionFactory._meta.model.objects.overdue(today)
    )
    html = admin_client.get(url).content.decode()
    assert html.count(">Overdue</span>") == 2
    assert html.count(">Open</span>") == 2
    assert html.count(">Done</span>") == 1


def test_new_progress_update_is_by_the_signed_in_officer(admin_client, admin_user):
    officer = f.OfficerFactory(user=admin_user)
    response = admin_client.get(admin_url(ProgressUpdate, "add"))
    assert response.context["adminform"].form.initial["author"] == officer.pk


def test_progress_update_page_shows_the_recorded_suggestion(admin_client):
    update = f.ProgressUpdateFactory(rag=Rag.GREEN, suggested_rag=Rag.AMBER, override_reason="x")
    html = admin_client.get(admin_url(update, "change", update.pk)).content.decode()
    assert AMBER_TAG in html
