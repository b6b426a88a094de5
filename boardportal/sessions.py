"""A session ends at the latest `SESSION_MAX_HOURS` after signing in, however active it
has been (OWASP ASVS 3.3.2), beside the idle limit (`SESSION_IDLE_MINUTES`, Django's
SESSION_COOKIE_AGE renewed at each request).

Signing in stamps the session with the time (server side: the session row, never the
cookie). At each request from a signed-in session, `SessionLimitMiddleware` compares
the stamp with the clock: once the limit is reached the person is signed out (the
session is flushed, with its second-factor verification) and sent to the sign-in page,
which says why. Staff then sign in again with their password and their second factor.
A session signed in before this existed has no stamp: its clock starts at its next
request.

This module is also the session engine (SESSION_ENGINE): Django's database sessions,
except that the database being unavailable while a session is saved is reported as
that, for the 503 page, rather than as a session deleted meanwhile (a 400).
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from .middleware import database_error

logger = logging.getLogger("boardportal.auth")

# Seconds since the epoch when the session signed in.
SIGNED_IN_AT = "boardportal_signed_in_at"
# Set in the fresh session after the limit ended the old one, for the sign-in page.
ENDED_AFTER_HOURS = "boardportal_session_ended_after_hours"


def now() -> float:
    """The clock (the tests move it)."""
    return time.time()


def max_seconds() -> int:
    return settings.BOARDPORTAL_SESSION_MAX_HOURS * 60 * 60


@receiver(user_logged_in, dispatch_uid="boardportal.sessions.stamp_sign_in")
def stamp_sign_in(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:
        session[SIGNED_IN_AT] = now()
        session.pop(ENDED_AFTER_HOURS, None)


class SessionLimitMiddleware:
    """Signs out a session that signed in `SESSION_MAX_HOURS` ago or more, and tells the
    sign-in page why (`request.session_ended_after_hours`, read by its template).

    After AuthenticationMiddleware, before django-otp's: the request then carries on as
    an anonymous one. Only sessions with a signed-in user are read; an anonymous
    visitor without a session cookie costs nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        login_path = reverse("login")
        if SESSION_KEY in session:
            signed_in_at = session.get(SIGNED_IN_AT)
            if not isinstance(signed_in_at, int | float):
                session[SIGNED_IN_AT] = now()
            elif now() - signed_in_at >= max_seconds():
                ended = self.end(request)
                if request.path != login_path:
                    # Only a page's address is worth coming back to; a form's data is gone.
                    if request.method in ("GET", "HEAD"):
                        return redirect_to_login(request.get_full_path())
                    return HttpResponseRedirect(login_path)
                request.session_ended_after_hours = ended
        if request.path == login_path and ENDED_AFTER_HOURS in session:
            request.session_ended_after_hours = session.pop(ENDED_AFTER_HOURS)
        return self.get_response(request)

    def end(self, request: HttpRequest) -> int:
        from .accounts import address  # the views' module: loaded once the apps are

        hours = settings.BOARDPORTAL_SESSION_MAX_HOURS
        user = request.user
        logger.info(
            "Session ended after %s hours: username=%r ip=%s",
            hours,
            user.get_username(),
            address(request),
        )
        logout(request)
        request.session[ENDED_AFTER_HOURS] = hours
        return hours


class SessionStore(db.SessionStore):
    """Django's database sessions (SESSION_ENGINE = "boardportal.sessions").

    Django takes any database error while saving an existing session for "the session
    was deleted meanwhile" (UpdateError), which SessionMiddleware answers with a 400.
    When the error is the database being unavailable, it is raised as it is instead,
    so the visitor gets the 503 page like everywhere else."""

    def save(self, must_create=False):
        try:
            super().save(must_create=must_create)
        except UpdateError as error:
            raise self.outage_behind(error) from None

    async def asave(self, must_create=False):
        try:
            await super().asave(must_create=must_create)
        except UpdateError as error:
            raise self.outage_behind(error) from None

    @staticmethod
    def outage_behind(error: UpdateError) -> BaseException:
        return database_error(error.__context__) or error
