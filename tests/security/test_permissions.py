"""Who may do what: every admin page of every registered model and every page that is not
public, for each kind of user; forms refuse posts without a CSRF token; fields a form does
not show cannot be set by posting them."""

from datetime import date

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client

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
    if role == "superuser":
        return True
    if role == "administrators group":
        return app in THREE_APPS or label in USERS_AND_GROUPS
    if role in ("officer", "secretariat") and app in THREE_APPS:
        if action == "view":
            return True
        if role == "officer":
            return label in OFFICERS_RECORD and action in ("add", "change")
        return label in SECRETARIAT_RUN
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
    programme = f.ProgrammeFactory(starts_on=date(2011, 4, 1), ends_on=date(2013, 3, 31))
    f.MilestoneFactory(programme=programme, due_on=date(2012, 1, 31))  # overdue: amber
    officer = client_for("officer")
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
