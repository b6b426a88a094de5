"""The second factor's pages: set up an authenticator app (with 10 backup codes, shown
once), enter a code from it or a backup code at sign-in, and see or renew the codes.

Someone with only the password cannot set up an app over the account's app or backup
codes: that needs a session already verified with one of them (a lost phone is replaced
after signing in with a backup code), or an administrator to remove the old app.
"""

from __future__ import annotations

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.compat.etree import ET

from .accounts import ADMIN_HOME, client_ip, logger, safe_next
from .second_factor import (
    BACKUP_CODE,
    BACKUP_CODES,
    backup_code_use,
    backup_codes_left,
    backup_codes_make,
    backup_device,
    has_app,
    has_second_factor,
    normalised,
    two_factor_url,
)

# --- Forms ---------------------------------------------------------------------------


class CodeForm(forms.Form):
    """A 6-digit code from an authenticator app."""

    otp_token = forms.CharField(
        label="Code",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def clean_otp_token(self) -> str:
        code = "".join(self.cleaned_data["otp_token"].split())
        if not (len(code) == 6 and code.isascii() and code.isdigit()):
            raise forms.ValidationError("The code must be 6 digits, like 123456")
        return code


class SignInCodeForm(forms.Form):
    """At sign-in: a 6-digit code from the app, or a backup code ("abcd-efgh"). `kind`
    says which it is once the form is valid."""

    otp_token = forms.CharField(label="Code", max_length=20)

    def __init__(self, *args, with_app: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.with_app = with_app
        self.kind = ""
        self.fields["otp_token"].error_messages["required"] = (
            "Enter the 6-digit code from your authenticator app, or a backup code"
            if with_app
            else "Enter one of your backup codes"
        )

    def clean_otp_token(self) -> str:
        typed = self.cleaned_data["otp_token"]
        digits = "".join(typed.split())
        if self.with_app and len(digits) == 6 and digits.isascii() and digits.isdigit():
            self.kind = "app"
            return digits
        code = normalised(typed)
        if BACKUP_CODE.fullmatch(code):
            self.kind = "backup"
            return code
        raise forms.ValidationError(
            "Enter the 6 digits your app shows, like 123456, or a backup code, like abcd-efgh"
            if self.with_app
            else "A backup code is 8 letters and numbers, like abcd-efgh"
        )


# --- Checking a code -----------------------------------------------------------------


def check_code(form: CodeForm | SignInCodeForm, device: TOTPDevice) -> bool:
    """Whether the form's code is right for the app; puts the reason on the form if not."""
    if not form.is_valid():
        return False
    allowed, _ = device.verify_is_allowed()
    if allowed and device.verify_token(form.cleaned_data["otp_token"]):
        return True
    form.add_error(
        "otp_token",
        "The code is not right, or it has expired. Enter the code your app shows now"
        if allowed
        else "Too many wrong codes. Wait a minute, then enter the code your app shows",
    )
    return False


def check_backup_code(form: SignInCodeForm, device: StaticDevice | None) -> bool:
    """Whether the form's backup code is one of the user's unused codes (it is then used
    up); puts the reason on the form if not."""
    if device is None:
        form.add_error("otp_token", "You have no backup codes left. Enter the code from your app")
        return False
    allowed, _ = device.verify_is_allowed()
    if allowed and backup_code_use(device=device, code=form.cleaned_data["otp_token"]):
        return True
    form.add_error(
        "otp_token",
        "That backup code is not right, or it has been used. Check it, or try another"
        if allowed
        else "Too many wrong codes. Wait a minute, then try again",
    )
    return False


def mark_verified(request: HttpRequest, device: Device) -> None:
    """Mark the session as verified by the device, under a new session key."""
    request.session.cycle_key()
    otp_login(request, device)
    logger.info(
        "Two-factor verified: username=%r ip=%s device=%s",
        request.user.get_username(),
        client_ip(request),
        "backup code" if isinstance(device, StaticDevice) else "app",
    )


def staff_only(request: HttpRequest) -> None:
    if not request.user.is_staff:
        raise PermissionDenied


def codes_shown(request: HttpRequest, codes: list[str], next_url: str, *, enrolled: bool):
    """The one page that shows a new set of backup codes. Never stored or cached: once
    it is gone, nobody can show the codes again."""
    return render(
        request,
        "accounts/backup_codes_shown.html",
        {"codes": codes, "next": next_url, "enrolled": enrolled},
    )


# --- Set up an app -------------------------------------------------------------------


def qr_code_svg(data: str, title: str) -> SafeString:
    """`data` as an inline SVG QR code: no image file, no script, no style attribute."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10)
    svg = image.get_image()
    svg.set("width", "200")
    svg.set("height", "200")
    svg.set("role", "img")
    svg.set("aria-labelledby", "qr-title")
    # Unqualified like the image's own <rect> and <path>, so it stays in the SVG namespace.
    heading = ET.Element("title", id="qr-title")
    heading.text = title
    svg.insert(0, heading)
    # Built by the XML library from our own key and username, which it escapes.
    return mark_safe(ET.tostring(svg, encoding="unicode"))  # noqa: S308


def grouped(secret: str) -> str:
    """A base32 secret in groups of four, easier to type."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: show its secret as a QR code and as text, confirm it
    with a code, then show 10 new backup codes once.

    With the password alone, only an account with no app and no backup codes may do
    this; a verified session may set up a new app, which replaces the old one."""
    staff_only(request)
    user = request.user
    next_url = safe_next(request, ADMIN_HOME)
    if not user.is_verified() and has_second_factor(user):
        return redirect(two_factor_url(user, next_url))
    replacing = has_app(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and check_code(form, device):
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = backup_codes_make(user=user)
        logger.info(
            "Two-factor enrolled: username=%r ip=%s", user.get_username(), client_ip(request)
        )
        mark_verified(request, device)
        return codes_shown(request, codes, next_url, enrolled=True)
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "qr_code": qr_code_svg(device.config_url, "QR code to scan with your app"),
            "secret": grouped(secret),
            "replacing": replacing,
        },
    )


# --- A code at each sign-in ----------------------------------------------------------


@never_cache
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Ask a staff user for a code from their app, or one of their backup codes."""
    staff_only(request)
    user = request.user
    next_url = safe_next(request, ADMIN_HOME)
    app = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    backup = backup_device(user) if backup_codes_left(user) else None
    if app is None and backup is None:
        return redirect(two_factor_url(user, next_url))
    if user.is_verified():
        return redirect(next_url)
    form = SignInCodeForm(
        request.POST if request.method == "POST" else None, with_app=app is not None
    )
    if request.method == "POST":
        if form.is_valid() and form.kind == "backup":
            if check_backup_code(form, backup):
                mark_verified(request, backup)
                left = backup_codes_left(user)
                logger.info(
                    "Backup code used: username=%r ip=%s left=%d",
                    user.get_username(),
                    client_ip(request),
                    left,
                )
                messages.warning(request, backup_code_reminder(left, with_app=app is not None))
                return redirect(next_url)
        elif app is not None and check_code(form, app):
            mark_verified(request, app)
            return redirect(next_url)
        logger.warning(
            "Two-factor code refused: username=%r ip=%s", user.get_username(), client_ip(request)
        )
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": next_url, "with_app": app is not None},
    )


def backup_code_reminder(left: int, *, with_app: bool) -> str:
    codes = "1 backup code" if left == 1 else f"{left} backup codes"
    reminder = f"You signed in with a backup code. You have {codes} left."
    manage = reverse("two_factor_backup_codes")
    if not with_app:
        return (
            f"{reminder} Set up an authenticator app now, so that you can sign in again: "
            f"go to {manage}."
        )
    if left <= 3:
        return f"{reminder} Make a new set before they run out: go to {manage}."
    return reminder


# --- Backup codes --------------------------------------------------------------------


@never_cache
@login_required
def two_factor_backup_codes(request: HttpRequest) -> HttpResponse:
    """How many backup codes are left, and a button for a new set (which replaces the
    old one). Only for a session verified with a second factor."""
    staff_only(request)
    user = request.user
    if not user.is_verified():
        return redirect(two_factor_url(user, request.path))
    if request.method == "POST":
        codes = backup_codes_make(user=user)
        logger.info("Backup codes made: username=%r ip=%s", user.get_username(), client_ip(request))
        return codes_shown(request, codes, safe_next(request, ADMIN_HOME), enrolled=False)
    return render(
        request,
        "accounts/backup_codes.html",
        {"left": backup_codes_left(user), "with_app": has_app(user), "count": BACKUP_CODES},
    )
