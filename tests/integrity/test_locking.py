"""Two people editing the same record: the second save is refused with a clear message
and the first person's change is kept, in the admin, in services and in model saves."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F
from django.test import Client

from core.locking import ConcurrentEditError, VersionedModel
from core.rag import Rag
from programmes.models import Milestone, Programme, ProgressUpdate
from programmes.services import progress_update_publish
from tests import factories as f
from tests.conftest import verified_login
from tests.test_admin import admin_url, form_data

pytestmark = pytest.mark.django_db

REFUSED = (
    "Someone else changed this programme while you were editing it. Your changes were "
    "not saved: reload the page to see theirs."
)


def two_administrators() -> tuple[Client, Client]:
    first = f.UserFactory(username="first", is_staff=True, is_superuser=True)
    second = f.UserFactory(username="second", is_staff=True, is_superuser=True)
    return verified_login(Client(), first), verified_login(Client(), second)


def errors_on(response) -> list[str]:
    errors = list(response.context["adminform"].form.non_field_errors())
    for formset in response.context.get("inline_admin_formsets", []):
        for form in formset.formset.forms:
            errors += list(form.non_field_errors())
    return errors


def test_every_model_of_the_three_apps_is_versioned():
    from django.apps import apps

    from programmes.models import Reminder, RoundRecord

    # Written once and never edited: the signed-off overviews and the reminders log.
    append_only = {Reminder, RoundRecord}
    models = [
        model
        for label in ("priorities", "programmes", "meetings")
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
        and not model._meta.auto_created
        and model not in append_only
    ]
    assert models and all(issubclass(model, VersionedModel) for model in models)


# --- In the admin -----------------------------------------------------------------------


def test_second_admin_save_of_the_same_programme_is_refused():
    programme = f.ProgrammeFactory(name="Knowledge Hub")
    first, second = two_administrators()
    url = admin_url(programme, "change", programme.pk)
    first_form = form_data(first.get(url))
    second_form = form_data(second.get(url))
    assert first_form["version"] == second_form["version"] == "1"

    first_form["name"] = "Knowledge Hub (first's change)"
    assert first.post(url, first_form).status_code == 302
    second_form["name"] = "Knowledge Hub (second's change)"
    response = second.post(url, second_form)

    assert response.status_code == 200
    assert errors_on(response) == [REFUSED]
    assert REFUSED in response.content.decode()
    programme.refresh_from_db()
    assert (programme.name, programme.version) == ("Knowledge Hub (first's change)", 2)
    assert programme.history.count() == 2  # created, then the first's change only
    assert programme.history.latest().history_user.username == "first"


def test_a_reloaded_page_saves():
    programme = f.ProgrammeFactory(name="Knowledge Hub")
    first, second = two_administrators()
    url = admin_url(programme, "change", programme.pk)
    data = form_data(first.get(url))
    data["name"] = "First"
    first.post(url, data)
    data = form_data(second.get(url))  # reloaded: the first's change and its version
    assert data["name"] == "First"
    data["summary"] = "Second's summary"
    assert second.post(url, data).status_code == 302
    programme.refresh_from_db()
    assert (programme.name, programme.summary, programme.version) == (
        "First",
        "Second's summary",
        3,
    )


def test_a_stale_inline_row_is_refused_and_nothing_is_saved():
    milestone = f.MilestoneFactory(title="Business case")
    programme = milestone.programme
    first, second = two_administrators()
    url = admin_url(programme, "change", programme.pk)
    first_form = form_data(first.get(url))
    second_form = form_data(second.get(url))
    first_form["milestones-0-title"] = "Business case (first)"
    assert first.post(url, first_form).status_code == 302

    second_form["milestones-0-title"] = "Business case (second)"
    second_form["summary"] = "Second's summary"
    response = second.post(url, second_form)
    assert response.status_code == 200
    # The first's save of the page saved the programme too: both are out of date.
    assert errors_on(response) == [REFUSED, REFUSED.replace("programme", "milestone")]
    milestone.refresh_from_db()
    programme.refresh_from_db()
    assert milestone.title == "Business case (first)"
    assert programme.summary == "Delivers a priority."  # the page's programme change neither


def test_a_save_racing_past_the_form_check_is_refused_too(admin_client, monkeypatch):
    """Someone saves between the form's validation and its save: the save itself refuses."""
    from programmes.admin import ProgrammeAdmin

    programme = f.ProgrammeFactory(name="Knowledge Hub")
    url = admin_url(programme, "change", programme.pk)
    data = form_data(admin_client.get(url))
    data["name"] = "Mine"
    original = ProgrammeAdmin.save_model

    def someone_else_saves_first(self, request, obj, form, change):
        Programme.objects.filter(pk=obj.pk).update(name="Theirs", version=F("version") + 1)
        original(self, request, obj, form, change)

    monkeypatch.setattr(ProgrammeAdmin, "save_model", someone_else_saves_first)
    response = admin_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert REFUSED in [str(m) for m in response.context["messages"]]
    programme.refresh_from_db()
    # The transaction rolled back: "Theirs" came from inside it, so the record is as it was.
    assert (programme.name, programme.version) == ("Knowledge Hub", 1)
    assert programme.history.count() == 1


def test_a_revert_from_a_stale_history_page_is_refused(admin_client):
    programme = f.ProgrammeFactory(name="Capital Asset Pathfinder")
    programme.name = "Capital Asset Pathfinder wave 2"
    programme.save()
    first = programme.history.earliest()
    revert_url = f"/admin/programmes/programme/{programme.pk}/history/{first.history_id}/"
    data = form_data(admin_client.get(revert_url))
    assert data["version"] == "2"  # the record's version now, not the old record's
    programme.name = "Capital Asset Pathfinder wave 3"
    programme.save()  # meanwhile, someone else

    response = admin_client.post(revert_url, data)
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    programme.refresh_from_db()
    assert programme.name == "Capital Asset Pathfinder wave 3"


# --- Services and model saves -------------------------------------------------------------


def test_second_model_save_from_a_stale_copy_is_refused():
    programme = f.ProgrammeFactory(name="Knowledge Hub")
    mine = Programme.objects.get(pk=programme.pk)
    theirs = Programme.objects.get(pk=programme.pk)
    mine.name = "Mine"
    mine.save()
    theirs.name = "Theirs"
    with pytest.raises(ConcurrentEditError) as refused:
        theirs.save()
    assert refused.value.messages == [REFUSED]
    with pytest.raises(ConcurrentEditError):
        theirs.full_clean()
    assert theirs.version == 1  # unchanged by the refused save
    stored = Programme.objects.get(pk=programme.pk)
    assert (stored.name, stored.version) == ("Mine", 2)
    assert stored.history.count() == 2


def test_saves_with_update_fields_move_the_version_on():
    milestone = f.MilestoneFactory()
    stale = Milestone.objects.get(pk=milestone.pk)
    milestone.completed_on = date(2012, 1, 30)
    milestone.save(update_fields=["completed_on"])
    assert Milestone.objects.get(pk=milestone.pk).version == 2
    stale.note = "Late"
    with pytest.raises(ConcurrentEditError):
        stale.save(update_fields=["note"])
    assert Milestone.objects.get(pk=milestone.pk).note == ""


def test_second_service_call_from_a_stale_copy_is_refused():
    secretary = f.UserFactory(is_superuser=True)
    update = f.ProgressUpdateFactory(draft=True, rag=Rag.AMBER, headline="Behind")
    stale = ProgressUpdate.objects.get(pk=update.pk)
    update.headline = "Behind: a recovery plan is agreed"
    update.save()
    with pytest.raises(ConcurrentEditError):
        progress_update_publish(update=stale, user=secretary)
    stored = ProgressUpdate.objects.get(pk=update.pk)
    assert (stored.headline, stored.published_at) == ("Behind: a recovery plan is agreed", None)


def test_a_deleted_record_restored_from_history_is_written_again():
    programme = f.ProgrammeFactory(name="Leeds Castle")
    pk = programme.pk
    programme.delete()
    restored = Programme.history.filter(id=pk).earliest().instance
    restored.save()
    assert Programme.objects.get(pk=pk).name == "Leeds Castle"


def test_the_loader_rereads_so_it_never_saves_a_stale_copy():
    call_command("load_board_papers", stdout=StringIO())
    programme = Programme.objects.get(slug="knowledge-hub")
    original = programme.name
    programme.name = "Renamed by an officer"
    programme.save()
    call_command("load_board_papers", stdout=StringIO())  # puts the papers' facts back
    programme.refresh_from_db()
    assert programme.name == original
    assert programme.version == 3
