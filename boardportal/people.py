"""People: adding someone in one step, what each editor may grant, and why someone
cannot open the admin.

- `person_add()` makes the account (username from the email, no usable password), puts
  it in its role's group, makes it staff exactly when the role works in the admin, and
  makes the Officer or Member record, in one transaction; then emails a link to set a
  password (`password_link_send()`). Nobody types a password for someone else.
- An editor who is not a superuser may grant only what they hold: permissions they
  have, groups all of whose permissions they have (`permissions_held()`,
  `groups_grantable()`), and may change only people who hold nothing more than they do
  (`may_manage()`). The user and group admins and the add-a-person page all ask here.
- `access_notes()` says plainly why someone cannot open the admin, or what happens when
  they first try.
"""

from __future__ import annotations

import logging
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify

from meetings.models import Member
from priorities.models import Officer
from programmes.models import Council

from .second_factor import HAS_APP, HAS_BACKUP_CODES

logger = logging.getLogger("boardportal.auth")


class Role(models.TextChoices):
    """What a person is, as the add-a-person page asks it."""

    BOARD_MEMBER = "board_member", "Board member"
    OFFICER = "officer", "Officer"
    SECRETARIAT = "secretariat", "Secretariat"
    ADMINISTRATOR = "administrator", "Administrator"


ROLE_GROUPS = {
    Role.BOARD_MEMBER: "Board members",
    Role.OFFICER: "Officers",
    Role.SECRETARIAT: "Secretariat",
    Role.ADMINISTRATOR: "Administrators",
}
# The groups whose work is in the admin: their members must be staff.
STAFF_GROUPS = ("Officers", "Secretariat", "Administrators")

DUPLICATE_EMAIL = "Someone already has an account with this email address"


class PersonNotEmailed(Exception):
    """The account was made, but the email with its set-password link was not sent."""

    def __init__(self, user):
        super().__init__(f"No email sent to {user.email}")
        self.user = user


# --- What an editor may grant --------------------------------------------------------


def permissions_held(user) -> QuerySet[Permission]:
    """The permissions the user has, directly or through a group; every one for a
    superuser. For an inactive user, what they would have if reactivated."""
    if user.is_superuser:
        return Permission.objects.all()
    return Permission.objects.filter(Q(user=user) | Q(group__user=user)).distinct()


def groups_grantable(editor) -> QuerySet[Group]:
    """The groups the editor may put people in: those all of whose permissions the
    editor holds (a group with none, such as Board members, is open to any editor)."""
    if editor.is_superuser:
        return Group.objects.all()
    not_held = Permission.objects.exclude(pk__in=permissions_held(editor).values("pk"))
    return Group.objects.exclude(permissions__in=not_held)


# What adding someone in a role makes, besides the account: the editor must be allowed it.
ROLE_RECORD_PERMISSIONS = {
    Role.BOARD_MEMBER: ["meetings.add_member"],
    Role.OFFICER: ["priorities.add_officer"],
    Role.SECRETARIAT: [],
    Role.ADMINISTRATOR: [],
}


def roles_grantable(editor) -> list[Role]:
    """The roles the editor may give someone on "Add a person": those whose group the
    editor may grant and whose record the editor may make."""
    if not editor.has_perm("auth.add_user"):
        return []
    groups = set(groups_grantable(editor).values_list("name", flat=True))
    return [
        role
        for role in Role
        if ROLE_GROUPS[role] in groups and editor.has_perms(ROLE_RECORD_PERMISSIONS[role])
    ]


def may_manage(editor, person) -> bool:
    """Whether the editor may change or delete the person: a superuser always; anyone
    else only someone who is not a superuser and holds nothing the editor does not."""
    if editor.is_superuser:
        return True
    if person.is_superuser:
        return False
    held = permissions_held(editor).values("pk")
    return not permissions_held(person).exclude(pk__in=held).exists()


# --- Why someone cannot open the admin -----------------------------------------------


class AccessNote(NamedTuple):
    """A plain sentence about someone's access to the admin: a `warning` when they
    cannot open it, `info` for what happens at their first sign-in."""

    level: str
    text: str


def with_access_facts(users: QuerySet) -> QuerySet:
    """Users with what `access_notes()` reads, in the same query (no query per row)."""
    memberships = get_user_model().groups.through.objects.filter(user=OuterRef("pk"))
    return users.annotate(
        staff_group=Subquery(
            memberships.filter(group__name__in=STAFF_GROUPS)
            .order_by("group__name")
            .values("group__name")[:1]
        ),
        in_a_group=Exists(memberships),
        has_app=HAS_APP,
        has_backup_codes=HAS_BACKUP_CODES,
    )


def access_notes(user) -> list[AccessNote]:
    """Why the user cannot open the admin, or what happens when they first try. Reads
    the facts `with_access_facts()` adds, fetching them if `user` lacks them."""
    if not hasattr(user, "staff_group"):
        user = with_access_facts(get_user_model().objects.filter(pk=user.pk)).get()
    notes = []
    if not user.is_staff and (user.staff_group or user.is_superuser):
        why = f"In {user.staff_group}" if user.staff_group else "A superuser"
        notes.append(
            AccessNote(
                "warning",
                f"{why} but not staff: cannot open the admin. "
                "Tick “Staff status” so that they can.",
            )
        )
    if user.is_staff and not user.is_superuser and not user.in_a_group:
        notes.append(
            AccessNote(
                "warning",
                "Staff but in no group: the admin will show them nothing. "
                "Put them in Officers, Secretariat or Administrators.",
            )
        )
    if user.is_staff and not (user.has_app or user.has_backup_codes):
        notes.append(
            AccessNote(
                "info",
                "No second factor yet: they will be asked to set up an authenticator app "
                "when they first sign in.",
            )
        )
    return notes


# --- Adding a person -----------------------------------------------------------------


def split_name(name: str) -> tuple[str, str]:
    """First and last names for the account: "Mary Ann Evans" -> ("Mary Ann", "Evans")."""
    first, _, last = name.strip().rpartition(" ")
    return (first, last) if first else (last, "")


def unique_member_slug(name: str) -> str:
    base = slugify(name)[:190] or "member"
    slug, n = base, 1
    while Member.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def check_person(
    *, name: str, email: str, role: str, position: str, officer, council, added_by
) -> None:
    """Refuse, with the reason against each field, what `person_add()` may not do."""
    errors: dict[str, str] = {}
    User = get_user_model()
    if not name:
        errors["name"] = "Enter the person's full name"
    try:
        validate_email(email)
        UnicodeUsernameValidator()(email)
    except ValidationError:
        errors["email"] = "Enter an email address like jane.smith@example.org"
    else:
        if len(email) > 150:
            errors["email"] = "The email address must be 150 characters or fewer"
        elif User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists():
            errors["email"] = DUPLICATE_EMAIL
    if role not in Role.values:
        errors["role"] = "Choose what they are"
    if role == Role.OFFICER:
        if officer is not None and officer.user_id is not None:
            errors["officer"] = "That officer record already belongs to an account"
        if not position and officer is None:
            errors["position"] = (
                "Enter the officer's position, e.g. Programme Manager, "
                "or choose their officer record"
            )
    else:
        if position:
            errors["position"] = "Only officers have a position here: leave it empty"
        if officer is not None:
            errors["officer"] = "Only officers have an officer record: choose none"
    if council is not None and role != Role.BOARD_MEMBER:
        errors["council"] = "Only Board members have a council here: choose none"
    if errors:
        raise ValidationError(errors)
    if added_by is not None and (
        role not in roles_grantable(added_by)
        or (officer is not None and not added_by.has_perm("priorities.change_officer"))
    ):
        raise PermissionDenied


def person_add(
    *,
    name: str,
    email: str,
    role: Role | str,
    position: str = "",
    officer: Officer | None = None,
    council: Council | None = None,
    added_by=None,
) -> AbstractBaseUser:
    """Add a person in one step, then email them a link to set their password.

    In one transaction: the account (username and email the address, in lower case; no
    usable password; staff exactly when the role works in the admin), its group, and
    for an officer their Officer record (a new one with the position, or `officer`, an
    existing record with no account, linked), for a Board member a Member record with
    their council. Nothing is saved if anything is refused (`ValidationError` by field,
    or `PermissionDenied` when `added_by` may not grant the role).

    Raises `PersonNotEmailed` (with the new `user`) if the account was made but the
    email could not be sent: the person can ask for a link from the sign-in page later.
    """
    name, email, position = " ".join(name.split()), email.strip().lower(), position.strip()
    check_person(
        name=name,
        email=email,
        role=role,
        position=position,
        officer=officer,
        council=council,
        added_by=added_by,
    )
    role = Role(role)
    User = get_user_model()
    first_name, last_name = split_name(name)
    try:
        with transaction.atomic():
            user = User(
                username=email,
                email=email,
                first_name=first_name[:150],
                last_name=last_name[:150],
                is_staff=ROLE_GROUPS[role] in STAFF_GROUPS,
            )
            user.set_unusable_password()
            user.save()
            user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
            if role == Role.OFFICER:
                record = officer or Officer(name=name)
                record.user = user
                record.position = position or record.position
                record.email = record.email or email
                record.full_clean()
                record.save()
            elif role == Role.BOARD_MEMBER:
                # Member has no link to an account (unlike Officer): the record is made
                # with the person's name and council, and is not tied to the account.
                member = Member(name=name, slug=unique_member_slug(name), council=council)
                member.full_clean()
                member.save()
    except IntegrityError as error:  # the same address added at the same moment
        raise ValidationError({"email": DUPLICATE_EMAIL}) from error
    logger.info(
        "Person added: username=%r role=%s by=%r",
        user.get_username(),
        role.value,
        added_by.get_username() if added_by else None,
    )
    password_link_send(user=user, new_account=True)
    return user


# --- The set-password email ----------------------------------------------------------


def link_days() -> int:
    """For how many days a set-password link works (PASSWORD_RESET_TIMEOUT)."""
    return max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60))


def password_link(user) -> str:
    """An absolute link to set the user's password: it works once, until
    PASSWORD_RESET_TIMEOUT, and not after the password has changed."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.BOARDPORTAL_SITE_URL}{path}"


def password_link_send(*, user, new_account: bool) -> None:
    """Email the user a link to set their password, as plain text and HTML: for a new
    account, a welcome; otherwise the answer to "Forgotten your password?". Raises
    `PersonNotEmailed` if the mail server refuses it or cannot be reached."""
    context = {
        "user": user,
        "name": user.get_full_name() or user.get_username(),
        "username": user.get_username(),
        "link": password_link(user),
        "sign_in": f"{settings.BOARDPORTAL_SITE_URL}{reverse('login')}",
        "days": link_days(),
        "new_account": new_account,
        "staff": user.is_staff,
    }
    subject = " ".join(render_to_string("emails/set_password_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/set_password.txt", context),
        to=[user.email],
    )
    message.attach_alternative(render_to_string("emails/set_password.html", context), "text/html")
    try:
        message.send()
    except (OSError, ValueError) as error:  # smtplib's errors are OSErrors
        logger.error(
            "Set-password email not sent: username=%r error=%s", user.get_username(), error
        )
        raise PersonNotEmailed(user) from error
