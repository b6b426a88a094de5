"""Create the local demo administrator once, with a random password printed once."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

USERNAME = "admin"


class Command(BaseCommand):
    help = "Create the demo administrator with a random password, printed once."

    def add_arguments(self, parser):
        parser.add_argument("--username", default=USERNAME)

    def handle(self, *args, username: str, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"The demo administrator '{username}' already exists; its password was printed "
                "when it was created. To set a new one: "
                f".venv/bin/python manage.py changepassword {username}"
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
                "Sign in at http://127.0.0.1:8000/admin/\n"
            )
        )
