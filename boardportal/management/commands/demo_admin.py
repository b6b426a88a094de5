"""Create the local demo administrator once, with a random password printed once."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django_otp.plugins.otp_totp.models import TOTPDevice

USERNAME = "admin"
SIGN_IN_URL = "http://127.0.0.1:8000/accounts/login/"
ENROL = (
    f"Sign in at {SIGN_IN_URL} with this username and password. The admin also needs a\n"
    "code from an authenticator app on your phone (Microsoft Authenticator, Google\n"
    "Authenticator, FreeOTP...): the first time, the site shows a QR code; scan it with\n"
    "the app and enter the 6-digit code the app shows. After that it asks for a code at\n"
    "each sign-in.\n"
)


class Command(BaseCommand):
    help = "Create the demo administrator with a random password, printed once."

    def add_arguments(self, parser):
        parser.add_argument("--username", default=USERNAME)
        parser.add_argument(
            "--reset-two-factor",
            action="store_true",
            help="Forget the administrator's authenticator app, to set one up again.",
        )

    def handle(self, *args, username: str, reset_two_factor: bool = False, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is not None and reset_two_factor:
            TOTPDevice.objects.filter(user=user).delete()
            self.stdout.write(
                f"The authenticator app of '{username}' is forgotten. {SIGN_IN_URL}: sign in "
                "and scan the new QR code."
            )
            return
        if user is not None:
            self.stdout.write(
                f"The demo administrator '{username}' already exists; its password was printed "
                "when it was created. To set a new one: "
                f".venv/bin/python manage.py changepassword {username}\n"
                "Lost the authenticator app? "
                f".venv/bin/python manage.py demo_admin --reset-two-factor --username {username}"
            )
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_superuser(username=username, email="", password=password)
        administrators = Group.objects.filter(name="Administrators").first()
        if administrators:
            user.groups.add(administrators)
        self.stdout.write(
            self.style.SUCCESS(
                "\nDemo administrator created. This password is shown once only:\n"
                f"  username: {username}\n  password: {password}\n"
            )
            + ENROL
        )
