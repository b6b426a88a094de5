"""Personal API tokens: making one (shown once), revoking it, and checking one.

The page is /accounts/api-tokens/, for anyone signed in (board members above all):
their tokens with when each was made and last used, a form to make one, and a button
to revoke each. A token reads what its owner reads signed in: draft plan years and
exempt agenda items besides the public data; never a draft progress update or reading,
which only staff verified with a second factor preview on the pages."""

from __future__ import annotations

import logging
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from boardportal.accounts import client_ip
from boardportal.models import ApiToken, new_token, token_digest

logger = logging.getLogger("boardportal.auth")

# `last_used_at` is written at most this often for a token: a script polling every
# second should not write a row every second.
LAST_USE_PRECISION = timedelta(minutes=1)


@transaction.atomic
def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the record and the token, which is not kept."""
    limit = settings.BOARDPORTAL_API_TOKENS_PER_USER
    if ApiToken.objects.live().filter(user=user).count() >= limit:
        raise ValidationError(
            f"You already have {limit} tokens. Revoke one you no longer use first."
        )
    raw = new_token()
    token = ApiToken(user=user, name=name.strip(), shown_start=raw[:8], digest=token_digest(raw))
    token.full_clean()
    token.save()
    return token, raw


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Stop a token working from now on; revoking twice changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_for(raw: str) -> ApiToken | None:
    """The live token of an active account that `raw` is, noting its use; else None."""
    if not raw or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.live()
        .select_related("user")
        .filter(digest=token_digest(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        help_text="A name to tell your tokens apart, for example Power BI dashboard.",
        max_length=100,
        error_messages={
            "required": "Enter what the token is for",
            "max_length": "What the token is for must be 100 characters or fewer",
        },
    )


def _page(request: HttpRequest, form: TokenForm, status: int = 200) -> HttpResponse:
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at", "-pk")
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": tokens, "limit": settings.BOARDPORTAL_API_TOKENS_PER_USER},
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """The signed-in person's tokens, and the form that makes one (shown once)."""
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            token, raw = api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error("name", error)
        else:
            logger.info(
                "API token made: username=%r token=%s ip=%s",
                request.user.get_username(),
                token.shown_start,
                client_ip(request),
            )
            return render(request, "accounts/tokens_shown.html", {"token": token, "raw": raw})
    return _page(request, form, status=400)


@never_cache
@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the signed-in person's own tokens (anyone else's is 404)."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    api_token_revoke(token=token)
    logger.info(
        "API token revoked: username=%r token=%s ip=%s",
        request.user.get_username(),
        token.shown_start,
        client_ip(request),
    )
    return redirect("api_tokens")
