"""What second factor a user has, and their backup codes.

Staff prove a code from an authenticator app (a confirmed `TOTPDevice`) or, without
their phone, one of their single-use backup codes (django-otp's `StaticDevice`, one per
user, holding a `StaticToken` per unused code). The pages that ask for them are in
`boardportal.two_factor`.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODES = 10
BACKUP_DEVICE_NAME = "Backup codes"
# A backup code as StaticToken.random_token() makes it: 8 characters of base32,
# shown as "abcd-efgh". Typed with or without the hyphen or spaces, in any case.
BACKUP_CODE = re.compile(r"[a-z2-7]{8}")


def has_app(user) -> bool:
    """Whether the user has a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def has_second_factor(user) -> bool:
    """Whether the user can prove a second factor: an app, or a backup code left."""
    return has_app(user) or backup_codes_left(user) > 0


# The same two facts for every row of a list of users, in the list's one query.
HAS_APP = Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
HAS_BACKUP_CODES = Exists(
    StaticToken.objects.filter(device__user=OuterRef("pk"), device__confirmed=True)
)


def two_factor_url(user, next_url: str) -> str:
    """Where a staff user signed in with a password goes for the second factor: the
    code page if they have one, else the page that sets up an app."""
    step = "verify" if has_second_factor(user) else "setup"
    return f"{reverse(f'two_factor_{step}')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"


def shown(code: str) -> str:
    """A backup code as people read it: "abcd-efgh"."""
    return f"{code[:4]}-{code[4:]}"


def normalised(typed: str) -> str:
    """A typed backup code as stored: no spaces or hyphens, lower case."""
    return re.sub(r"[\s-]", "", typed).lower()


def backup_device(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


@transaction.atomic
def backup_codes_make(*, user, count: int = BACKUP_CODES) -> list[str]:
    """A new set of backup codes for the user, as shown to them; the old set stops
    working. The codes are shown once: only the user keeps them.

    The device itself is kept, so a session verified with a backup code stays verified
    (django-otp forgets a session's device once the device is gone)."""
    device = backup_device(user)
    if device is None:
        device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes: list[str] = []
    while len(codes) < count:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [shown(code) for code in codes]


def backup_code_use(*, device: StaticDevice, code: str) -> bool:
    """Whether `code` is one of the device's unused codes; if so it is used up.

    One DELETE decides: of two requests with the same code, only the one whose DELETE
    removed the row succeeds. Wrong codes slow further tries down, as for the app."""
    used = device.token_set.filter(token=normalised(code)).delete()[0] > 0
    if used:
        device.throttle_reset(commit=False)
        device.set_last_used_timestamp(commit=False)
        device.save()
    else:
        device.throttle_increment()
    return used


def second_factor_forget(*, user) -> None:
    """Forget the user's apps and backup codes: at their next sign-in they set up an app
    again (with the password alone, as a new member of staff does)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
