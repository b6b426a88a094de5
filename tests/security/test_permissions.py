"""Who may do what: every admin page of every registered model and every page that is not
public, for each kind of user; forms refuse posts without a CSRF token; fields a form does
not show cannot be set by posting them; administrators grant only what they hold."""

from datetime import date

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from boardportal.people import person_add
from core.rag import Rag
from meetings.models import Meeting
from priorities.models import PlanYear
from programmes.models import ProgressUpdate
from tests import factories as f
from tests.conftest import verified_login
from tests.test_admin import REGISTERED, admin_url, form_data, label, make

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"

# What each group may do, written out from the design (DESIGN.md, "Who uses it"), not
# read back from the groups: the test fails if the groups drift from it.
THREE_APPS = {"priorities", "programmes", "meetings"}
OFFICERS_RECORD = {
    "programmes.indicator",
    "programmes.progressupdate",
    "programmes.reading",
    "programmes.milestone",
    "programmes.participation",
}
SECRETARIAT_RUN = {
    "meetings.meeting",
    "meetings.agendaitem",
    "meetings.paragraph",
    "meetings.action",
    "meetings.member",
    "meetings.membership",
    "meetings.themerole",
}
USERS_AND_GROUPS = {"auth.user", "auth.group"}
# The Secretariat runs the quarterly update round: opens it, corrects drafts and readings.
SECRETARIAT_ROUND = {
    "programmes.reportinground": {"add", "change"},
    "programmes.progressupdate": {"change"},
    "programmes.reading": {"change"},
}
# Nobody, superusers included: the cycle writes its records itself, and a round is
# closed rather than deleted.
NOBODY = {
    ("programmes.roundrecord", "add"),
    ("programmes.roundrecord", "delete"),
    ("programmes.reminder", "add"),
    ("programmes.reminder", "delete"),
    ("programmes.reportinground", "delete"),
}

ROLES = [
    "anonymous",
    "board member",
    "officer",
    "secretariat",
    "administrators group",
    "superuser",
    "superuser without a code",
]
# The permission each admin page needs (Django's rules: a change page opens read-only
# with the view permission; history needs view).
VIEWS = {
    "changelist": "view",
    "add": "add",
    "change": "view",
    "delete": "delete",
    "history": "view",
}


def may(role: str, model, action: str) -> bool:
    """Whether the role may do `action` (view, add, change, delete) to the model."""
    label = model._meta.label_lower
    app = model._meta.app_label
    if (label, action) in NOBODY:
        return False
    if role == "superuser":
        return True
    if role == "administrators group":
        return app in THREE_APPS or label in USERS_AND_GROUPS
    if role in ("officer", "secretariat") and app in THREE_APPS:
        if action == "view":
            return True
        if role == "officer":
            return label in OFFICERS_RECORD and action in ("add", "change")
        return label in SECRETARIAT_RUN or action in SECRETARIAT_ROUND.get(label, ())
    return False


def client_for(role: str) -> Client:
    client = Client()
    if role == "anonymous":
        return client
    groups = {
        "board member": "Board members",
        "officer": "Officers",
        "secretariat": "Secretariat",
        "administrators group": "Administrators",
    }
    superuser = role.startswith("superuser")
    user = f.UserFactory(is_staff=role != "board member", is_superuser=superuser)
    if role in groups:
        user.groups.add(Group.objects.get(name=groups[role]))
    if role in ("board member", "superuser without a code"):
        client.force_login(user)
    else:
        verified_login(client, user)
    return client


def reaches_admin(role: str) -> bool:
    return role in ("officer", "secretariat", "administrators group", "superuser")


# --- The admin -----------------------------------------------------------------------


def test_the_matrix_covers_every_registered_model():
    assert len(REGISTERED) == len(admin.site._registry) >= 23


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_admin_pages_of_every_model(model):
    obj = make(model)
    urls = {
        view: admin_url(model, view, *([] if view in ("changelist", "add") else [obj.pk]))
        for view in VIEWS
    }
    expected, actual = {}, {}
    for role in ROLES:
        client = client_for(role)
        for view, url in urls.items():
            response = client.get(url)
            if not reaches_admin(role):
                expected[role, view] = f"302 /admin/login/?next={url}"
            else:
                expected[role, view] = 200 if may(role, model, VIEWS[view]) else 403
            actual[role, view] = (
                f"302 {response.url}" if response.status_code == 302 else response.status_code
            )
    assert actual == expected


@pytest.mark.parametrize("role", ROLES)
def test_admin_front_page_and_reports(role):
    client = client_for(role)
    for url in ("/admin/", "/admin/reports/"):
        response = client.get(url)
        if reaches_admin(role):
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302, url
            assert response.url == f"/admin/login/?next={url}"


# --- Pages that are not public -------------------------------------------------------


@pytest.fixture
def private_pages() -> dict[str, str]:
    draft = f.PlanYearFactory(label="2014/15", status=PlanYear.Status.DRAFT, agreed_on=None)
    priority = f.PriorityFactory(plan_year=draft, reference="1.1", title="Draft idea")
    exempt = f.AgendaItemFactory(number="9", title="Confidential", exempt=True)
    return {
        "draft plan year": draft.get_absolute_url(),
        "draft year's priority": priority.get_absolute_url(),
        "exempt agenda item": exempt.get_absolute_url(),
    }


@pytest.mark.parametrize("role", ROLES)
def test_private_portal_pages(role, private_pages):
    client = client_for(role)
    # Signed-in users of every kind see them, with or without a code; to the public they
    # do not exist (404 rather than 403, so their existence is not given away).
    expected = 404 if role == "anonymous" else 200
    actual = {name: client.get(url).status_code for name, url in private_pages.items()}
    assert actual == dict.fromkeys(private_pages, expected)


# --- CSRF ----------------------------------------------------------------------------


def test_sign_in_without_a_csrf_token_is_refused():
    f.UserFactory(username="member")
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "member", "password": PASSWORD})
    assert response.status_code == 403
    assert not response.wsgi_request.user.is_authenticated


def test_sign_in_with_the_pages_csrf_token_works():
    f.UserFactory(username="member")
    client = Client(enforce_csrf_checks=True)
    token = client.get("/accounts/login/").context["csrf_token"]
    response = client.post(
        "/accounts/login/",
        {"username": "member", "password": PASSWORD, "csrfmiddlewaretoken": str(token)},
    )
    assert response.status_code == 302


def test_admin_add_without_a_csrf_token_is_refused(admin_user):
    client = verified_login(Client(enforce_csrf_checks=True), admin_user)
    board = f.BoardFactory()
    response = client.post(
        admin_url(Meeting, "add"),
        {
            "board": board.pk,
            "meets_on": "2012-11-08",
            "venue": "Local Government House",
            "status": "scheduled",
            "agenda_items-TOTAL_FORMS": "0",
            "agenda_items-INITIAL_FORMS": "0",
            "actions-TOTAL_FORMS": "0",
            "actions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 403
    assert not Meeting.objects.exists()


def test_two_factor_code_and_sign_out_without_a_csrf_token_are_refused():
    officer = f.UserFactory(is_staff=True)
    f.TOTPDeviceFactory(user=officer)
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    assert client.post("/accounts/two-factor/verify/", {"otp_token": "123456"}).status_code == 403
    assert client.post("/accounts/logout/").status_code == 403
    assert client.get("/").wsgi_request.user.is_authenticated


# --- Fields a form does not show -----------------------------------------------------


def test_an_officer_cannot_post_the_evidence_suggestion():
    # The suggestion is worked out from the milestones when the update is saved; the
    # form does not show it, so a posted one is ignored.
    officer = client_for("officer")
    lead = f.OfficerFactory(user_id=officer.session["_auth_user_id"])  # the officer leads it
    programme = f.ProgrammeFactory(
        starts_on=date(2011, 4, 1), ends_on=date(2013, 3, 31), lead_officer=lead
    )
    f.MilestoneFactory(programme=programme, due_on=date(2012, 1, 31))  # overdue: amber
    url = admin_url(ProgressUpdate, "add")
    data = form_data(officer.get(url))
    data.update(
        programme=programme.pk,
        as_at="2012-06-30",
        rag="amber",
        headline="Wave 2 under way",
        suggested_rag="green",
        id="999",
    )
    response = officer.post(url, data)
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert update.suggested_rag == Rag.AMBER
    assert update.pk != 999


def test_extra_fields_on_the_sign_in_form_change_nothing(client):
    member = f.UserFactory(username="member")
    response = client.post(
        "/accounts/login/",
        {
            "username": "member",
            "password": PASSWORD,
            "is_staff": "on",
            "is_superuser": "on",
            "groups": Group.objects.get(name="Administrators").pk,
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.is_staff and not member.is_superuser
    assert not member.groups.exists()
    assert client.get("/admin/").status_code == 302


# --- The people pages ------------------------------------------------------------------


PEOPLE_PAGES = {
    "add a person": "/admin/people/add/",
    "backup codes": "/accounts/two-factor/backup-codes/",
}


def people_pages_expected(role: str) -> dict[str, object]:
    add = "/admin/people/add/"
    codes = "/accounts/two-factor/backup-codes/"
    if role == "anonymous":
        return {
            "add a person": f"302 /admin/login/?next={add}",
            "backup codes": f"302 /accounts/login/?next={codes}",
        }
    if role == "board member":
        return {"add a person": f"302 /admin/login/?next={add}", "backup codes": 403}
    if role == "superuser without a code":
        setup = "/accounts/two-factor/setup/?next=%2Faccounts%2Ftwo-factor%2Fbackup-codes%2F"
        return {"add a person": f"302 /admin/login/?next={add}", "backup codes": f"302 {setup}"}
    may_add = role in ("administrators group", "superuser")
    return {"add a person": 200 if may_add else 403, "backup codes": 200}


@pytest.mark.parametrize("role", ROLES)
def test_the_people_pages(role):
    client = client_for(role)
    actual = {}
    for name, url in PEOPLE_PAGES.items():
        response = client.get(url)
        actual[name] = (
            f"302 {response.url}" if response.status_code == 302 else response.status_code
        )
    assert actual == people_pages_expected(role)


# --- Administrators cannot grant what they do not hold ---------------------------------


def administrator(**kwargs):
    user = f.UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name="Administrators"))
    return user, verified_login(Client(), user)


def a_permission_administrators_lack() -> Permission:
    return Permission.objects.get(content_type__app_label="otp_totp", codename="delete_totpdevice")


def change_user_data(client, user) -> dict:
    """What a browser posts back, unchanged, from the user's admin page (its dates come in
    two fields each, a date and a time)."""
    data = form_data(client.get(admin_url(user, "change", user.pk)))
    for name in ("date_joined", "last_login"):
        value = getattr(user, name)
        value = timezone.localtime(value) if value else None
        del data[name]
        data[f"{name}_0"] = value.date().isoformat() if value else ""
        data[f"{name}_1"] = value.time().isoformat("seconds") if value else ""
    return data


def errors_of(response) -> dict:
    return response.context["adminform"].form.errors.get_json_data()


def test_administrators_cannot_make_themselves_a_superuser():
    editor, client = administrator()
    url = admin_url(editor, "change", editor.pk)
    page = client.get(url)
    assert "is_superuser" not in page.context["adminform"].form.fields  # shown read-only
    data = {**change_user_data(client, editor), "is_superuser": "on"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert errors_of(response) == {
        "__all__": [{"message": "Only a superuser can make someone a superuser", "code": ""}]
    }
    editor.refresh_from_db()
    assert not editor.is_superuser


def test_administrators_cannot_make_anyone_else_a_superuser():
    _, client = administrator()
    target = f.UserFactory(first_name="Before")
    data = {**change_user_data(client, target), "is_superuser": "on", "first_name": "After"}
    response = client.post(admin_url(target, "change", target.pk), data)
    assert response.status_code == 200
    assert list(errors_of(response)) == ["__all__"]
    target.refresh_from_db()
    assert not target.is_superuser and target.first_name == "Before"
    # Without it, the same post is saved.
    del data["is_superuser"]
    assert client.post(admin_url(target, "change", target.pk), data).status_code == 302
    target.refresh_from_db()
    assert not target.is_superuser and target.first_name == "After"


def test_administrators_are_offered_only_what_they_hold():
    editor, client = administrator()
    keepers = Group.objects.create(name="Device keepers")
    keepers.permissions.add(a_permission_administrators_lack())
    target = f.UserFactory()
    form = client.get(admin_url(target, "change", target.pk)).context["adminform"].form
    offered = set(form.fields["user_permissions"].queryset)
    assert offered == set(Permission.objects.filter(group__user=editor))
    assert a_permission_administrators_lack() not in offered
    assert set(form.fields["groups"].queryset.values_list("name", flat=True)) == {
        "Board members",
        "Officers",
        "Secretariat",
        "Administrators",
    }


def test_a_posted_permission_the_administrator_lacks_is_refused():
    _, client = administrator()
    target = f.UserFactory(first_name="Before")
    lacked = a_permission_administrators_lack()
    data = change_user_data(client, target)
    data.update(user_permissions=[str(lacked.pk)], first_name="After")
    response = client.post(admin_url(target, "change", target.pk), data)
    assert response.status_code == 200
    assert errors_of(response) == {
        "user_permissions": [
            {
                "message": f"You can grant only what you hold yourself: {lacked.pk} is not "
                "one of those",
                "code": "invalid_choice",
            }
        ]
    }
    target.refresh_from_db()
    assert not target.user_permissions.exists() and target.first_name == "Before"


def test_a_posted_group_with_a_permission_the_administrator_lacks_is_refused():
    editor, client = administrator()
    keepers = Group.objects.create(name="Device keepers")
    keepers.permissions.add(a_permission_administrators_lack())
    url = admin_url(editor, "change", editor.pk)
    data = {**change_user_data(client, editor), "groups": [str(keepers.pk)]}
    response = client.post(url, data)
    assert response.status_code == 200
    assert list(errors_of(response)) == ["groups"]
    assert list(editor.groups.values_list("name", flat=True)) == ["Administrators"]


def test_administrators_may_grant_what_they_hold():
    _, client = administrator()
    target = f.UserFactory()
    held = Permission.objects.get(codename="add_programme")
    data = change_user_data(client, target)
    data.update(
        user_permissions=[str(held.pk)], groups=[str(Group.objects.get(name="Officers").pk)]
    )
    response = client.post(admin_url(target, "change", target.pk), data)
    assert response.status_code == 302
    assert list(target.user_permissions.all()) == [held]
    assert list(target.groups.values_list("name", flat=True)) == ["Officers"]


def test_administrators_cannot_add_a_permission_they_lack_to_a_group():
    _, client = administrator()
    group = Group.objects.get(name="Administrators")
    url = admin_url(group, "change", group.pk)
    data = form_data(client.get(url))
    before = set(group.permissions.all())
    data["permissions"] = [*data["permissions"], str(a_permission_administrators_lack().pk)]
    response = client.post(url, data)
    assert response.status_code == 200
    assert list(errors_of(response)) == ["permissions"]
    assert set(group.permissions.all()) == before


def test_administrators_cannot_change_a_group_holding_more_than_they_do():
    _, client = administrator()
    keepers = Group.objects.create(name="Device keepers")
    keepers.permissions.add(a_permission_administrators_lack())
    url = admin_url(keepers, "change", keepers.pk)
    assert client.post(url, {"name": "Renamed", "permissions": []}).status_code == 403
    assert client.post(admin_url(keepers, "delete", keepers.pk), {"post": "yes"}).status_code == (
        403
    )
    assert keepers.permissions.count() == 1 and Group.objects.filter(name="Device keepers").exists()


@pytest.mark.parametrize("kind", ["superuser", "holds more"])
def test_administrators_cannot_change_or_delete_someone_more_powerful(kind):
    _, client = administrator()
    if kind == "superuser":
        target = f.UserFactory(is_superuser=True, is_staff=True, email="boss@example.org")
    else:
        target = f.UserFactory(email="boss@example.org")
        target.user_permissions.add(a_permission_administrators_lack())
    change = admin_url(target, "change", target.pk)
    assert client.get(change).status_code == 200  # may look
    assert client.get(change).context["has_change_permission"] is False
    assert client.post(change, {"email": "mine@example.org"}).status_code == 403
    password = f"/admin/auth/user/{target.pk}/password/"
    assert client.get(password).status_code == 403
    data = {"password1": PASSWORD, "password2": PASSWORD, "set_usable_password": "true"}
    assert client.post(password, data).status_code == 403
    assert client.post(admin_url(target, "delete", target.pk), {"post": "yes"}).status_code == 403
    response = client.post(
        admin_url(target, "changelist"),
        {"action": "delete_selected", "_selected_action": [target.pk], "post": "yes"},
    )
    assert response.status_code == 403  # the "delete selected" action too
    target.refresh_from_db()
    assert target.email == "boss@example.org" and target.check_password(PASSWORD)


def test_a_superuser_keeps_full_control(admin_client):
    target = f.UserFactory()
    lacked = a_permission_administrators_lack()
    url = admin_url(target, "change", target.pk)
    page = admin_client.get(url)
    assert "is_superuser" in page.context["adminform"].form.fields
    data = change_user_data(admin_client, target)
    data.update(is_superuser="on", user_permissions=[str(lacked.pk)])
    assert admin_client.post(url, data).status_code == 302
    target.refresh_from_db()
    assert target.is_superuser and list(target.user_permissions.all()) == [lacked]


def test_adding_a_person_cannot_grant_a_group_the_editor_does_not_hold():
    # May manage users, but holds none of the three apps' permissions.
    editor = f.UserFactory(is_staff=True)
    editor.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="auth", content_type__model="user")
    )
    client = verified_login(Client(), editor)
    page = client.get("/admin/people/add/")
    assert page.status_code == 200
    assert page.context["form"].fields["role"].choices == []
    response = client.post(
        "/admin/people/add/",
        {"name": "Eve Admin", "email": "eve@example.org", "role": "administrator"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "role": ["Select a valid choice. administrator is not one of the available choices."]
    }
    assert not get_user_model().objects.filter(username="eve@example.org").exists()
    with pytest.raises(PermissionDenied):
        person_add(name="Eve", email="eve@example.org", role="administrator", added_by=editor)
    assert not get_user_model().objects.filter(username="eve@example.org").exists()


def test_adding_a_person_posts_no_superuser_staff_or_permissions(client):
    _, client = administrator()
    response = client.post(
        "/admin/people/add/",
        {
            "name": "Eve Member",
            "email": "eve@example.org",
            "role": "board_member",
            "is_staff": "on",
            "is_superuser": "on",
            "user_permissions": [str(a_permission_administrators_lack().pk)],
            "groups": [str(Group.objects.get(name="Administrators").pk)],
            "password": "chosen by the administrator",
        },
    )
    assert response.status_code == 302
    eve = get_user_model().objects.get(username="eve@example.org")
    assert not eve.is_staff and not eve.is_superuser and not eve.has_usable_password()
    assert list(eve.groups.values_list("name", flat=True)) == ["Board members"]
    assert not eve.user_permissions.exists()


# --- The quarterly cycle's screens -----------------------------------------------------

CYCLE_EXPECTED = {
    # role: (my quarter, own programme's form, another's form, review, sign off, reopen)
    "officer": (200, 200, 404, 403, 403, 403),
    "secretariat": (200, 200, 200, 200, 200, 403),
    "administrators group": (200, 200, 200, 200, 200, 200),
    "superuser": (200, 200, 200, 200, 200, 200),
}


@pytest.mark.parametrize("role", ROLES)
def test_the_cycle_screens(role):
    round = f.ReportingRoundFactory(plan_year=f.PlanYearFactory(label="2012/13"))
    client = client_for(role)
    user_id = client.session.get("_auth_user_id")
    lead = f.OfficerFactory(user_id=user_id) if user_id else f.OfficerFactory()
    own, other = f.ProgrammeFactory(lead_officer=lead), f.ProgrammeFactory()
    urls = [
        "/admin/cycle/",
        f"/admin/cycle/programme/{own.pk}/",
        f"/admin/cycle/programme/{other.pk}/",
        "/admin/cycle/review/",
        f"/admin/cycle/round/{round.pk}/sign-off/",
        f"/admin/cycle/round/{round.pk}/reopen/",
    ]
    actual = tuple(client.get(url).status_code for url in urls)
    if reaches_admin(role):
        assert actual == CYCLE_EXPECTED[role]
    else:
        assert actual == (302,) * len(urls)  # to the sign-in page


def test_the_front_page_offers_add_a_person_to_those_who_may():
    assert "Add a person" in client_for("administrators group").get("/admin/").content.decode()
    assert "Add a person" not in client_for("officer").get("/admin/").content.decode()
