"""The user groups of `boardportal/permissions.py`, kept in step after every migrate, and
what each may do."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission

from boardportal.permissions import sync_groups
from core.rag import Rag
from meetings.models import Meeting
from programmes.models import Programme, ProgressUpdate
from tests import factories as f
from tests.conftest import verified_login
from tests.test_admin import admin_url, form_data, post_form

pytestmark = pytest.mark.django_db


def codenames(group_name: str, prefix: str = "") -> set[str]:
    permissions = Group.objects.get(name=group_name).permissions.filter(codename__startswith=prefix)
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


def signed_in(client, group_name: str, *, is_staff: bool = True):
    user = f.UserFactory(is_staff=is_staff)
    user.groups.add(Group.objects.get(name=group_name))
    verified_login(client, user)
    return client


@pytest.fixture
def officer(client):
    return signed_in(client, "Officers")


@pytest.fixture
def secretariat(client):
    return signed_in(client, "Secretariat")


@pytest.fixture
def administrator(client):
    return signed_in(client, "Administrators")


def update_data(programme):
    return {
        "programme": programme.pk,
        "as_at": "2012-06-30",
        "rag": "green",
        "headline": "Wave 2 under way",
    }


def meeting_data(board):
    return {
        "board": board.pk,
        "meets_on": "2012-11-08",
        "venue": "Local Government House",
        "status": "scheduled",
        "agenda_items-TOTAL_FORMS": "0",
        "agenda_items-INITIAL_FORMS": "0",
        "actions-TOTAL_FORMS": "0",
        "actions-INITIAL_FORMS": "0",
    }


# --- The groups and their permissions ------------------------------------------------


def test_the_four_groups_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Board members",
        "Officers",
        "Secretariat",
        "Administrators",
    }


def test_board_members_have_no_permissions():
    assert codenames("Board members") == set()


def test_officers_record_delivery_and_view_the_rest():
    assert codenames("Officers", "add_") == {
        "programmes.add_progressupdate",
        "programmes.add_reading",
        "programmes.add_milestone",
        "programmes.add_participation",
        "programmes.add_indicator",
    }
    assert codenames("Officers", "change_") == {
        "programmes.change_progressupdate",
        "programmes.change_reading",
        "programmes.change_milestone",
        "programmes.change_participation",
        "programmes.change_indicator",
    }
    assert codenames("Officers", "delete_") == set()
    every_view = {
        f"{model._meta.app_label}.view_{model._meta.model_name}"
        for label in ("priorities", "programmes", "meetings")
        for model in apps.get_app_config(label).get_models()
    }
    assert codenames("Officers", "view_") == every_view


def test_secretariat_runs_meetings_members_and_the_update_rounds_and_views_the_rest():
    run = {"meeting", "agendaitem", "paragraph", "action", "member", "membership", "themerole"}
    meetings = {f"meetings.delete_{m}" for m in run}
    assert codenames("Secretariat", "delete_") == meetings
    assert codenames("Secretariat", "add_") == {f"meetings.add_{m}" for m in run} | {
        "programmes.add_reportinground"
    }
    # The round: open it, review and correct drafts, publish, sign it off; not reopen it.
    assert codenames("Secretariat", "change_") == {f"meetings.change_{m}" for m in run} | {
        "programmes.change_progressupdate",
        "programmes.change_reading",
        "programmes.change_reportinground",
    }
    assert {
        "programmes.publish_progressupdate",
        "programmes.publish_reading",
        "programmes.close_reportinground",
    } <= codenames("Secretariat")
    assert "programmes.reopen_reportinground" not in codenames("Secretariat")
    assert "programmes.view_progressupdate" in codenames("Secretariat", "view_")


def test_administrators_have_every_permission_of_the_apps_and_users():
    expected = set(
        Permission.objects.filter(
            content_type__app_label__in=["priorities", "programmes", "meetings"]
        ).values_list("pk", flat=True)
    )
    administrators = Group.objects.get(name="Administrators")
    granted = set(administrators.permissions.values_list("pk", flat=True))
    assert expected <= granted
    assert {"auth.add_user", "auth.change_user", "auth.delete_user", "auth.add_group"} <= (
        codenames("Administrators")
    )


def test_the_groups_are_made_again_without_duplicates():
    Group.objects.filter(name__in=["Officers", "Secretariat"]).delete()
    sync_groups()
    sync_groups()  # and again, without duplicates
    assert Group.objects.filter(name="Officers").count() == 1
    assert "programmes.add_progressupdate" in codenames("Officers")


def test_a_permission_granted_by_hand_is_taken_back():
    # The groups hold exactly what boardportal.permissions says, whatever was set since.
    officers = Group.objects.get(name="Officers")
    officers.permissions.add(Permission.objects.get(codename="delete_programme"))
    sync_groups()
    assert codenames("Officers", "delete_") == set()


# --- What each group can do in the admin ---------------------------------------------


def test_board_member_cannot_open_the_admin(client):
    signed_in(client, "Board members", is_staff=False)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == "/admin/login/?next=/admin/"


def test_officer_can_add_a_progress_update(officer):
    # For a programme they lead; another's is refused, and nothing is saved.
    user = officer.session["_auth_user_id"]
    mine = f.ProgrammeFactory(lead_officer=f.OfficerFactory(user_id=user))
    theirs = f.ProgrammeFactory()
    assert officer.get(admin_url(ProgressUpdate, "add")).status_code == 200
    response = post_form(officer, admin_url(ProgressUpdate, "add"), update_data(theirs))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ProgressUpdate.objects.exists()
    response = post_form(officer, admin_url(ProgressUpdate, "add"), update_data(mine))
    assert response.status_code == 302
    assert ProgressUpdate.objects.get().rag == Rag.GREEN


def test_officer_can_view_but_not_change_or_delete_a_programme(officer):
    programme = f.ProgrammeFactory(name="Knowledge Hub")
    url = admin_url(programme, "change", programme.pk)
    assert officer.get(url).status_code == 200
    assert officer.post(url, {"name": "Renamed"}).status_code == 403
    assert officer.post(
        admin_url(programme, "delete", programme.pk), {"post": "yes"}
    ).status_code == (403)
    assert Programme.objects.get().name == "Knowledge Hub"


def test_officer_cannot_revert_a_programme_from_its_history(officer, admin_client):
    programme = f.ProgrammeFactory(name="Knowledge Hub")
    programme.name = "Knowledge Hub 2"
    programme.save()
    first = programme.history.earliest()
    revert_url = f"/admin/programmes/programme/{programme.pk}/history/{first.history_id}/"
    data = form_data(admin_client.get(revert_url))
    assert officer.get(revert_url).status_code == 200  # may look
    assert officer.post(revert_url, data).status_code == 403  # may not change
    assert Programme.objects.get().name == "Knowledge Hub 2"


def test_officer_cannot_add_a_meeting(officer):
    board = f.BoardFactory()
    assert officer.get(admin_url(Meeting, "add")).status_code == 403
    assert post_form(officer, admin_url(Meeting, "add"), meeting_data(board)).status_code == 403
    assert not Meeting.objects.exists()


def test_secretariat_can_add_a_meeting(secretariat):
    board = f.BoardFactory()
    assert secretariat.get(admin_url(Meeting, "add")).status_code == 200
    response = post_form(secretariat, admin_url(Meeting, "add"), meeting_data(board))
    assert response.status_code == 302
    assert Meeting.objects.get().board == board


def test_secretariat_cannot_add_a_progress_update(secretariat):
    programme = f.ProgrammeFactory()
    assert secretariat.get(admin_url(ProgressUpdate, "add")).status_code == 403
    response = post_form(secretariat, admin_url(ProgressUpdate, "add"), update_data(programme))
    assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_administrator_can_do_everything(administrator):
    programme = f.ProgrammeFactory()
    response = post_form(administrator, admin_url(ProgressUpdate, "add"), update_data(programme))
    assert response.status_code == 302
    response = post_form(administrator, admin_url(Meeting, "add"), meeting_data(f.BoardFactory()))
    assert response.status_code == 302
    assert administrator.get("/admin/auth/user/add/").status_code == 200
    assert administrator.get("/admin/auth/group/").status_code == 200
    response = administrator.post(admin_url(programme, "delete", programme.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Programme.objects.exists()
