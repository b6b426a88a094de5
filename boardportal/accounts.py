"""Signing in: the client's address, the sign-in log, the admin site that opens only to
a session verified with a second factor, and setting a password from an emailed link.

Anyone with an account signs in with a username and password (django-axes counts the
failures). Staff, who can open the admin, also prove a code from an authenticator app
or a backup code (`boardportal.two_factor`). Nobody types a password for someone else:
new people, and people who forgot theirs, get a link by email to set their own.
"""

from __future__ import annotations

import logging
from contextlib import suppress
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.auth.views import (
    LoginView,
    PasswordResetConfirmView,
    PasswordResetDoneView,
    PasswordResetView,
)
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp import DEVICE_ID_SESSION_KEY

from .people import PersonNotEmailed, link_days, password_link_send
from .second_factor import two_factor_url

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


# --- Setting a password from an emailed link -----------------------------------------


class PasswordLinkForm(PasswordResetForm):
    """ "Forgotten your password?": emails a link to set a new one to the active account
    with that address. Django's own form leaves out accounts with no usable password,
    but here that is every new person whose first link has expired: they get one too.
    The page says the same whether or not the address has an account."""

    def get_users(self, email):
        email_field = get_user_model().get_email_field_name()
        return get_user_model()._default_manager.filter(
            **{f"{email_field}__iexact": email, "is_active": True}
        )

    def save(self, request=None, **kwargs) -> None:
        for user in self.get_users(self.cleaned_data["email"]):
            # A failure is logged; the page must not say whether the address has an account.
            with suppress(PersonNotEmailed):
                password_link_send(user=user, new_account=False)
            logger.info(
                "Password link asked for: username=%r ip=%s", user.get_username(), address(request)
            )


class PasswordLinkView(PasswordResetView):
    form_class = PasswordLinkForm
    template_name = "registration/password_reset_form.html"
    success_url = reverse_lazy("password_reset_done")


class PasswordLinkSentView(PasswordResetDoneView):
    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "days": link_days()}


class SetPasswordView(PasswordResetConfirmView):
    """The page an emailed link opens: set a password (Django's validators apply). The
    link works once, until PASSWORD_RESET_TIMEOUT, and not after the password changed."""

    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        logger.info(
            "Password set from an emailed link: username=%r ip=%s",
            form.user.get_username(),
            address(self.request),
        )
        return super().form_valid(form)
