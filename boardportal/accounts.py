"""Signing in: the client's address, the sign-in log, two-factor codes for staff, and an
admin site that opens only to a session verified with a code.

Anyone with an account signs in with a username and password (django-axes counts the
failures). Staff, who can open the admin, also prove a code from an authenticator app
(TOTP, django-otp): on their first sign-in they enrol one, after that they are asked for
a code each time they sign in.
"""

from __future__ import annotations

import logging
from base64 import b32encode
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import never_cache
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.compat.etree import ET

logger = logging.getLogger("boardportal.auth")

ADMIN_HOME = "/admin/"


# --- Who is asking -------------------------------------------------------------------


def client_ip(request: HttpRequest) -> str:
    """The client's address. With no trusted proxy (the default) it is the connection's
    own address, whatever X-Forwarded-For says; behind N trusted proxies it is the N-th
    address from the right of X-Forwarded-For, the one our nearest proxy was given.
    Addresses further left were written by the client and may be forged."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.BOARDPORTAL_TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        # Fewer hops than proxies: the request did not come the way we expect.
        return remote
    return forwarded[-proxies]


# --- The sign-in log -----------------------------------------------------------------
# Usernames are logged with repr() so that one containing a line break cannot forge a
# log line. Passwords never reach the log: Django hands receivers cleansed credentials,
# and only the username is read from them.


def address(request: HttpRequest | None) -> str:
    """The client's address for the log; "-" when there is no request (as in tests)."""
    return (client_ip(request) if request is not None else "") or "-"


@receiver(user_logged_in)
def log_sign_in(sender, request, user, **kwargs):
    logger.info("Signed in: username=%r ip=%s", user.get_username(), address(request))


@receiver(user_login_failed)
def log_failed_sign_in(sender, credentials, request=None, **kwargs):
    logger.warning(
        "Sign-in failed: username=%r ip=%s",
        str(credentials.get("username", ""))[:150],
        address(request),
    )


@receiver(user_logged_out)
def log_sign_out(sender, request, user, **kwargs):
    if user is not None:
        logger.info(
            "Signed out: username=%r ip=%s",
            user.get_username(),
            address(request),
        )


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The page django-axes shows once a username has failed too often from one address."""
    username = str((credentials or {}).get("username") or request.POST.get("username", ""))
    logger.warning("Locked out: username=%r ip=%s", username[:150], client_ip(request))
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


# --- Where to go next ----------------------------------------------------------------


def safe_next(request: HttpRequest, default: str) -> str:
    """The `next` address of the request if it stays on this site, else `default`."""
    wanted = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default


def has_confirmed_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def two_factor_url(user, next_url: str) -> str:
    """Where a staff user signed in with a password goes for the second factor."""
    step = "verify" if has_confirmed_device(user) else "setup"
    return f"{reverse(f'two_factor_{step}')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"


class SignInView(LoginView):
    """The portal's sign-in. Staff go on to the two-factor step before anything else."""

    def form_valid(self, form):
        # Signing in again on a session already verified (Django keeps the session's
        # data for the same user) still asks for a code.
        self.request.session.pop(DEVICE_ID_SESSION_KEY, None)
        response = super().form_valid(form)
        user = form.get_user()
        if user.is_staff:
            return redirect(two_factor_url(user, self.get_redirect_url() or ADMIN_HOME))
        return response


# --- The admin site ------------------------------------------------------------------


class TwoFactorAdminSite(admin.AdminSite):
    """The admin opens only to active staff whose session is verified with a code.

    It has no sign-in form of its own: its login page sends people to the portal's
    sign-in, which counts failures and asks staff for their code."""

    def has_permission(self, request):
        is_verified = getattr(request.user, "is_verified", None)
        return super().has_permission(request) and bool(is_verified and is_verified())

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        next_url = safe_next(request, reverse("admin:index", current_app=self.name))
        user = request.user
        if user.is_active and user.is_staff:
            if self.has_permission(request):
                return redirect(next_url)
            return redirect(two_factor_url(user, next_url))
        if user.is_authenticated:
            raise PermissionDenied  # a board member: the admin is not for them
        return redirect(f"{reverse('login')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")


# --- Two-factor: enrol and verify ----------------------------------------------------


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


def check_code(form: CodeForm, device: TOTPDevice) -> bool:
    """Whether the form's code is right for the device; puts the reason on the form if not."""
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


def verified(request: HttpRequest, device: TOTPDevice, next_url: str) -> HttpResponse:
    """Mark the session as verified by the device, under a new session key."""
    request.session.cycle_key()
    otp_login(request, device)
    logger.info(
        "Two-factor verified: username=%r ip=%s",
        request.user.get_username(),
        client_ip(request),
    )
    return redirect(next_url)


def staff_only(request: HttpRequest) -> None:
    if not request.user.is_staff:
        raise PermissionDenied


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
    """Enrol an authenticator app: show its secret as a QR code and as text, and confirm
    it with a code. A user who already has one is asked for a code instead: replacing a
    device needs an administrator, so a stolen password cannot swap it."""
    staff_only(request)
    user = request.user
    next_url = safe_next(request, ADMIN_HOME)
    if has_confirmed_device(user):
        return redirect(two_factor_url(user, next_url))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and check_code(form, device):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        logger.info(
            "Two-factor enrolled: username=%r ip=%s", user.get_username(), client_ip(request)
        )
        return verified(request, device, next_url)
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "qr_code": qr_code_svg(device.config_url, "QR code to scan with your app"),
            "secret": grouped(secret),
        },
    )


@never_cache
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Ask a staff user with an authenticator app for its code."""
    staff_only(request)
    user = request.user
    next_url = safe_next(request, ADMIN_HOME)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        return redirect(two_factor_url(user, next_url))
    if user.is_verified():
        return redirect(next_url)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if check_code(form, device):
            return verified(request, device, next_url)
        logger.warning(
            "Two-factor code refused: username=%r ip=%s", user.get_username(), client_ip(request)
        )
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})
