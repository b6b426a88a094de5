"""Users of each group, signed in with a second factor as the admin requires."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests import factories as f
from tests.conftest import verified_login


def member_of(group_name: str, username: str | None = None):
    extra = {"username": username} if username else {}
    user = f.UserFactory(is_staff=True, **extra)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def client_for(user) -> Client:
    return verified_login(Client(), user)


@pytest.fixture
def officer_user(db):
    return member_of("Officers", "officer")


@pytest.fixture
def secretariat_user(db):
    return member_of("Secretariat", "secretary")


@pytest.fixture
def officer(officer_user):
    return client_for(officer_user)


@pytest.fixture
def secretariat(secretariat_user):
    return client_for(secretariat_user)
