"""Adding a person in one step (boardportal.people.person_add and the admin's "Add a
person"): the account, its group, staff status, the officer or member record, and an email
with a link to set a password; refusals that change nothing; and the plain warnings when
someone cannot open the admin."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from boardportal.people import Role, access_notes, person_add
from boardportal.second_factor import backup_codes_make
from meetings.models import Member
from priorities.models import Officer
from tests import factories as f
from tests.conftest import verified_login

pytestmark = pytest.mark.django_db

User = get_user_model()
ADD = "/admin/people/add/"
SITE = "https://portal.example.org"
NEW_PASSWORD = "larch meadow quarry lantern"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.BOARDPORTAL_SITE_URL = SITE


@pytest.fixture
def administrator():
    """A member of the Administrators group (not a superuser), signed in with a code."""
    user = f.UserFactory(username="head.of.admin", is_staff=True)
    user.groups.add(Group.objects.get(name="Administrators"))
    return verified_login(Client(), user)


def groups_of(user) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


def link_in(message) -> str:
    """The set-password link of an email, as the reader would click it."""
    match = re.search(rf"{re.escape(SITE)}(/accounts/set-password/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def set_password_with(link: str) -> Client:
    """Follow an emailed link in a fresh browser and set a password; the browser."""
    browser = Client()
    response = browser.get(link)
    assert response.status_code == 302  # the token moves into the session, out of the address
    form_url = response.url
    page = browser.get(form_url)
    assert page.status_code == 200
    assert "Set your password" in page.content.decode()
    response = browser.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == "/accounts/set-password/done/"
    return browser


# --- One step for each role ----------------------------------------------------------

ROLES = [
    # role, posted extras, group, staff
    ("board_member", {}, "Board members", False),
    ("officer", {"position": "Programme Manager"}, "Officers", True),
    ("secretariat", {}, "Secretariat", True),
    ("administrator", {}, "Administrators", True),
]


@pytest.mark.parametrize(("role", "extra", "group", "staff"), ROLES, ids=[r[0] for r in ROLES])
def test_add_a_person_for_each_role(administrator, role, extra, group, staff):
    response = administrator.post(
        ADD, {"name": "Jane Smith", "email": "Jane.Smith@Example.org", "role": role, **extra}
    )
    user = User.objects.get(email="jane.smith@example.org")
    assert response.status_code == 302
    assert response.url == f"/admin/auth/user/{user.pk}/change/"
    assert user.username == "jane.smith@example.org"
    assert (user.first_name, user.last_name) == ("Jane", "Smith")
    assert groups_of(user) == [group]
    assert user.is_staff is staff
    assert not user.is_superuser
    assert not user.user_permissions.exists()
    assert not user.has_usable_password()
    assert user.is_active

    officer = Officer.objects.filter(user=user).first()
    if role == "officer":
        assert (officer.name, officer.position, officer.email) == (
            "Jane Smith",
            "Programme Manager",
            "jane.smith@example.org",
        )
    else:
        assert officer is None
    members = Member.objects.filter(name="Jane Smith")
    assert members.count() == (1 if role == "board_member" else 0)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jane.smith@example.org"]
    assert message.subject == "Your boardportal account: set your password"
    assert "Your username is your email address:\n\n  jane.smith@example.org" in message.body
    assert ("set up an authenticator app" in message.body) is staff
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'<a href="{SITE}{link_in(message)}">set your password</a>' in html


def test_the_result_page_says_what_was_done_and_what_comes_next(administrator):
    response = administrator.post(
        ADD,
        {"name": "Jo Bloggs", "email": "jo@example.org", "role": "officer", "position": "Adviser"},
        follow=True,
    )
    html = response.content.decode()
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "Jo Bloggs (jo@example.org) was added as an officer.",
        "An email with a link to set a password is on its way to jo@example.org.",
    ]
    # The new officer's page says what happens at their first sign-in.
    assert '<li class="info">No second factor yet: they will be asked to set up an ' in html


def test_the_emailed_link_sets_a_password_once(administrator):
    administrator.post(
        ADD, {"name": "Jane Smith", "email": "jane@example.org", "role": "secretariat"}
    )
    link = link_in(mail.outbox[0])
    set_password_with(link)
    user = User.objects.get(username="jane@example.org")
    assert user.check_password(NEW_PASSWORD)

    # They can sign in with it (staff go on to set up their app).
    browser = Client()
    response = browser.post(
        "/accounts/login/?next=/admin/",
        {"username": "jane@example.org", "password": NEW_PASSWORD},
    )
    assert response.url == "/accounts/two-factor/setup/?next=%2Fadmin%2F"

    # The link works once.
    page = Client().get(link)
    assert "This link no longer works" in page.content.decode()
    assert page.context["validlink"] is False


def test_the_set_password_page_applies_the_password_rules(administrator):
    administrator.post(
        ADD,
        {"name": "Jane Smith", "email": "jane@example.org", "role": "officer", "position": "Lead"},
    )
    browser = Client()
    form_url = browser.get(link_in(mail.outbox[0])).url
    response = browser.post(form_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    assert "This password is entirely numeric." in response.content.decode()
    assert not User.objects.get(username="jane@example.org").has_usable_password()


def test_an_existing_officer_record_is_linked_not_copied(administrator):
    record = f.OfficerFactory(name="Sam Lead", position="Head of Productivity", email="")
    response = administrator.post(
        ADD,
        {"name": "Sam Lead", "email": "sam@example.org", "role": "officer", "officer": record.pk},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.user == User.objects.get(username="sam@example.org")
    assert (record.position, record.email) == ("Head of Productivity", "sam@example.org")
    assert Officer.objects.count() == 1


def test_a_board_members_council_is_recorded(administrator):
    council = f.CouncilFactory(name="Wiltshire Council")
    f.MemberFactory(name="Pat Jones", slug="pat-jones")
    administrator.post(
        ADD,
        {
            "name": "Pat Jones",
            "email": "pat@example.org",
            "role": "board_member",
            "council": council.pk,
        },
    )
    member = Member.objects.get(slug="pat-jones-2")
    assert (member.name, member.council) == ("Pat Jones", council)


# --- Refused, and nothing changed ----------------------------------------------------


def nothing_added(before_users: int) -> None:
    assert User.objects.count() == before_users
    assert not Officer.objects.exists() and not Member.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("email", ["taken@example.org", "TAKEN@example.org"])
def test_a_duplicate_email_is_refused(administrator, email):
    f.UserFactory(username="someone", email="taken@example.org")
    before = User.objects.count()
    response = administrator.post(
        ADD, {"name": "Second Person", "email": email, "role": "officer", "position": "Adviser"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": ["Someone already has an account with this email address"]
    }
    assert "Nothing has been saved." in response.content.decode()
    nothing_added(before)


def test_an_email_used_as_a_username_is_refused(administrator):
    f.UserFactory(username="taken@example.org", email="")
    before = User.objects.count()
    response = administrator.post(
        ADD, {"name": "X Y", "email": "taken@example.org", "role": "secretariat"}
    )
    assert "email" in response.context["form"].errors
    nothing_added(before)


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {},
            {
                "name": ["This field is required."],
                "email": ["This field is required."],
                "role": ["This field is required."],
            },
        ),
        (
            {"name": "Jo", "email": "not an email", "role": "officer", "position": "A"},
            {"email": ["Enter a valid email address."]},
        ),
        (
            {"name": "Jo", "email": "jo@example.org", "role": "officer"},
            {
                "position": [
                    "Enter the officer's position, e.g. Programme Manager, "
                    "or choose their officer record"
                ]
            },
        ),
        (
            {"name": "Jo", "email": "jo@example.org", "role": "secretariat", "position": "A"},
            {"position": ["Only officers have a position here: leave it empty"]},
        ),
        (
            {"name": "Jo", "email": "jo@example.org", "role": "chief"},
            {"role": ["Select a valid choice. chief is not one of the available choices."]},
        ),
    ],
    ids=["empty", "bad email", "officer without position", "position for secretariat", "role"],
)
def test_missing_or_wrong_fields_are_refused(administrator, data, errors):
    before = User.objects.count()
    response = administrator.post(ADD, data)
    assert response.status_code == 200
    assert response.context["form"].errors == errors
    nothing_added(before)


def test_an_officer_record_with_an_account_cannot_be_linked_again():
    record = f.OfficerFactory(user=f.UserFactory())
    before = User.objects.count()
    with pytest.raises(ValidationError) as refused:
        person_add(name="A B", email="ab@example.org", role=Role.OFFICER, officer=record)
    assert refused.value.message_dict == {
        "officer": ["That officer record already belongs to an account"]
    }
    assert User.objects.count() == before and mail.outbox == []


def test_a_failure_part_way_leaves_nothing(monkeypatch):
    # The Officer record is refused after the account was made: all of it is rolled back.
    def refuse(self, *args, **kwargs):
        raise ValidationError({"name": "refused"})

    monkeypatch.setattr(Officer, "full_clean", refuse)
    with pytest.raises(ValidationError):
        person_add(name="A B", email="ab@example.org", role="officer", position="Lead")
    assert not User.objects.filter(username="ab@example.org").exists()
    assert mail.outbox == []


def test_an_email_that_cannot_be_sent_is_reported(administrator, monkeypatch):
    def down(self, messages):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", down)
    response = administrator.post(
        ADD, {"name": "Jo Bloggs", "email": "jo@example.org", "role": "secretariat"}, follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "Jo Bloggs (jo@example.org) was added as a member of the Secretariat.",
        "The email to jo@example.org could not be sent. Once email works, they can ask for a "
        "link on the sign-in page (“Forgotten your password?”).",
    ]
    assert User.objects.filter(username="jo@example.org").exists()


# --- Forgotten password ----------------------------------------------------------------


def test_forgotten_password_sends_a_link_even_before_the_first_password(client, administrator):
    administrator.post(
        ADD, {"name": "Jane Smith", "email": "jane@example.org", "role": "board_member"}
    )
    mail.outbox.clear()
    page = client.get("/accounts/login/")
    forgotten = (
        '<a class="govuk-link" href="/accounts/password-reset/">Forgotten your password?</a>'
    )
    assert forgotten in page.content.decode()
    response = client.post("/accounts/password-reset/", {"email": "JANE@example.org"})
    assert response.url == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Set a new password for boardportal"
    set_password_with(link_in(mail.outbox[0]))
    assert User.objects.get(username="jane@example.org").check_password(NEW_PASSWORD)


def test_forgotten_password_does_not_say_whether_an_address_has_an_account(client):
    f.UserFactory(username="gone", email="gone@example.org", is_active=False)
    for address in ("nobody@example.org", "gone@example.org"):
        response = client.post("/accounts/password-reset/", {"email": address}, follow=True)
        assert "If the address you entered belongs to an account" in response.content.decode()
    assert mail.outbox == []


def test_links_use_the_site_address_not_the_requests_host(client, settings):
    settings.ALLOWED_HOSTS = ["evil.example", "testserver"]
    f.UserFactory(username="jo", email="jo@example.org")
    client.post("/accounts/password-reset/", {"email": "jo@example.org"}, HTTP_HOST="evil.example")
    assert "evil.example" not in mail.outbox[0].body
    assert link_in(mail.outbox[0]).startswith("/accounts/set-password/")


# --- Can they open the admin? ----------------------------------------------------------


def notes(user) -> list[tuple[str, str]]:
    return [(note.level, note.text) for note in access_notes(user)]


def test_an_officer_who_is_not_staff_is_warned_about():
    user = f.UserFactory(is_staff=False)
    user.groups.add(Group.objects.get(name="Officers"))
    assert notes(user) == [
        (
            "warning",
            "In Officers but not staff: cannot open the admin. "
            "Tick “Staff status” so that they can.",
        )
    ]


def test_staff_in_no_group_are_warned_about():
    user = f.UserFactory(is_staff=True)
    f.TOTPDeviceFactory(user=user)
    assert notes(user) == [
        (
            "warning",
            "Staff but in no group: the admin will show them nothing. "
            "Put them in Officers, Secretariat or Administrators.",
        )
    ]


def test_staff_without_a_second_factor_are_told_what_comes_next():
    user = f.UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Secretariat"))
    assert notes(user) == [
        (
            "info",
            "No second factor yet: they will be asked to set up an authenticator app when they "
            "first sign in.",
        )
    ]
    backup_codes_make(user=user)
    assert notes(user) == []


def test_a_superuser_who_is_not_staff_is_warned_about():
    user = f.UserFactory(is_staff=False, is_superuser=True)
    assert notes(user)[0] == (
        "warning",
        "A superuser but not staff: cannot open the admin. Tick “Staff status” so that they can.",
    )


def test_board_members_and_ready_staff_have_no_warnings():
    member = f.UserFactory()
    member.groups.add(Group.objects.get(name="Board members"))
    officer = f.UserFactory(is_staff=True)
    officer.groups.add(Group.objects.get(name="Officers"))
    f.TOTPDeviceFactory(user=officer)
    assert notes(member) == [] and notes(officer) == []


def test_the_user_page_and_list_show_the_warnings(admin_client):
    user = f.UserFactory(username="forgot.staff", is_staff=False)
    user.groups.add(Group.objects.get(name="Officers"))
    page = admin_client.get(f"/admin/auth/user/{user.pk}/change/").content.decode()
    assert (
        '<li class="warning">In Officers but not staff: cannot open the admin. '
        "Tick “Staff status” so that they can.</li>"
    ) in page
    listing = admin_client.get("/admin/auth/user/").content.decode()
    assert "<p>In Officers but not staff: cannot open the admin." in listing
    assert '<a href="/admin/people/add/" class="addlink">Add a person</a>' in listing


def test_the_user_admins_add_page_is_add_a_person(admin_client):
    response = admin_client.get("/admin/auth/user/add/")
    assert response.status_code == 200
    assert "password1" not in response.content.decode()
    assert [field.name for field in response.context["form"]] == [
        "name",
        "email",
        "role",
        "position",
        "officer",
        "council",
    ]
