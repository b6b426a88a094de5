"""Create the local demo administrator once, with a random password and one backup code
printed once, so that a newcomer can open the admin without setting up an app first.

With the administrator come two people to walk the quarterly cycle as: `officer`, the
lead officer of the demo's National Graduate Development Programme (Pascoe Sawyers in
the papers), and `secretariat`, who reviews, publishes and signs off the round. Each
gets its own password and backup code, printed once."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from boardportal.second_factor import backup_codes_make, second_factor_forget
from priorities.models import Officer

USERNAME = "admin"
# The people to walk the cycle as: username, group, and the officer they are (if any).
CYCLE_PEOPLE = [
    ("officer", "Officers", "Pascoe Sawyers"),
    ("secretariat", "Secretariat", None),
]
SITE = "http://127.0.0.1:8000"
SIGN_IN_URL = f"{SITE}/accounts/login/"
SETUP_URL = f"{SITE}/accounts/two-factor/setup/"
ENROL = (
    f"Sign in at {SIGN_IN_URL} with this username and password; when\n"
    "the site asks for a code, enter the backup code. It opens the admin once.\n"
    "To sign in again after that, set up an authenticator app on your phone (Microsoft\n"
    f"Authenticator, Google Authenticator, FreeOTP...) at {SETUP_URL}\n"
    "while you are signed in: the site shows a QR code; scan it with\n"
    "the app and enter the 6-digit code the app shows. You then get 10 new backup codes,\n"
    "and the site asks for a code from the app at each sign-in.\n"
)


class Command(BaseCommand):
    help = "Create the demo administrator with a random password and a backup code, printed once."

    def add_arguments(self, parser):
        parser.add_argument("--username", default=USERNAME)
        parser.add_argument(
            "--reset-two-factor",
            action="store_true",
            help="Forget the administrator's authenticator app and backup codes, and print "
            "a new backup code.",
        )

    def handle(self, *args, username: str, reset_two_factor: bool = False, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is not None and reset_two_factor:
            second_factor_forget(user=user)
            (code,) = backup_codes_make(user=user, count=1)
            self.stdout.write(
                f"The authenticator app of '{username}' is forgotten, with its backup codes.\n"
                f"A new backup code, shown once only:\n  backup code: {code}\n"
                f"Sign in at {SIGN_IN_URL}, enter the backup code, then set up the app\n"
                f"again at {SETUP_URL}"
            )
            return
        if user is not None:
            self.stdout.write(
                f"The demo administrator '{username}' already exists; its password was printed "
                "when it was created. To set a new one: "
                f".venv/bin/python manage.py changepassword {username}\n"
                "Lost the authenticator app or the backup code? "
                f".venv/bin/python manage.py demo_admin --reset-two-factor --username {username}"
            )
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_superuser(username=username, email="", password=password)
        administrators = Group.objects.filter(name="Administrators").first()
        if administrators:
            user.groups.add(administrators)
        (code,) = backup_codes_make(user=user, count=1)
        self.stdout.write(
            self.style.SUCCESS(
                "\nDemo administrator created. This password and backup code are shown once "
                f"only:\n  username: {username}\n  password: {password}\n"
                f"  backup code: {code}\n"
            )
            + ENROL
        )
        self.cycle_people()

    def cycle_people(self) -> None:
        """The officer and the secretariat member of the demo's quarterly cycle."""
        User = get_user_model()
        lines = []
        for username, group_name, officer_name in CYCLE_PEOPLE:
            if User.objects.filter(username=username).exists():
                continue
            officer = Officer.objects.filter(name=officer_name).first() if officer_name else None
            if officer_name and (officer is None or officer.user_id):
                continue  # the papers' officer is not loaded, or has an account already
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username=username, email=f"{username}@example.org", password=password
            )
            user.is_staff = True
            user.save(update_fields=["is_staff"])
            group = Group.objects.filter(name=group_name).first()
            if group:
                user.groups.add(group)
            if officer is not None:
                officer.user = user
                officer.save()
            (code,) = backup_codes_make(user=user, count=1)
            who = f"{officer.name}, a lead officer" if officer else group_name
            lines.append(f"  {username} ({who}): password {password}, backup code {code}")
        if lines:
            self.stdout.write(
                "To walk the quarterly cycle (2012/13 Q3 is open), sign in as:\n"
                + "\n".join(lines)
                + "\nEach is shown once; each backup code opens the admin once.\n"
            )
