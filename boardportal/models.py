"""The site's own records: personal API tokens, and the reports built for download
(`BuiltReport`, boardportal.reports.builds).

A token is shown once, when it is made; only its SHA-256 digest is kept, so whoever
reads the database (or a backup) cannot use one. A token is random (32 bytes), so a
plain digest is enough: there is nothing to guess that a slow hash would protect.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

# What every token starts with: says what it is when one turns up in a log or a
# repository, so secret scanners can find it.
TOKEN_PREFIX = "bp_"


def token_digest(token: str) -> str:
    """The SHA-256 of a token, as stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class ApiTokenQuerySet(models.QuerySet):
    def live(self) -> ApiTokenQuerySet:
        """Tokens not revoked."""
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A person's token for the API: it reads what they may read when signed in."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name="user",
        help_text="Whose token it is; it reads what they may read when signed in.",
    )
    name = models.CharField(
        "name", max_length=100, help_text="What it is for, e.g. Power BI dashboard."
    )
    shown_start = models.CharField(
        "starts with",
        max_length=12,
        help_text="The token's first characters, to tell tokens apart; not enough to use it.",
    )
    digest = models.CharField(
        "digest", max_length=64, unique=True, help_text="The SHA-256 of the token."
    )
    created_at = models.DateTimeField("created at", default=timezone.now)
    last_used_at = models.DateTimeField("last used at", null=True, blank=True)
    revoked_at = models.DateTimeField(
        "revoked at", null=True, blank=True, help_text="Once set, the token no longer works."
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.name} ({self.shown_start}…)"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None


class BuiltReport(models.Model):
    """A report file built for download, kept for as long as the data it shows is
    current: one per report, plan year, quarter, format and data version. A download of
    one built already is served from storage; one not yet built is built in the
    background (boardportal.reports.builds)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be prepared"
        BUILDING = "building", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be prepared"

    plan_year = models.ForeignKey(
        "priorities.PlanYear",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The plan year the report is of.",
    )
    kind = models.CharField(
        max_length=20, help_text="Which report: overview, board-progress or end-of-year."
    )
    quarter = models.PositiveSmallIntegerField(help_text="The quarter it is as at (1 to 4).")
    format = models.CharField(max_length=4, help_text="The file format: pdf, xlsx or csv.")
    data_version = models.CharField(
        max_length=64,
        help_text="The data version (core.versioning) it was built from; a write makes a new one.",
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.QUEUED,
        help_text="Where the build is: waiting, being prepared, ready or failed.",
    )
    file = models.FileField(
        upload_to="reports/", blank=True, help_text="The file, once ready (default storage)."
    )
    error = models.TextField(
        blank=True, help_text="Why the build failed, for officers; not shown to visitors."
    )
    requested_at = models.DateTimeField(
        default=timezone.now, help_text="When it was (last) queued."
    )
    finished_at = models.DateTimeField(
        null=True, blank=True, help_text="When it became ready or failed."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["plan_year", "kind", "quarter", "format", "data_version"],
                name="built_report_once_per_version",
            )
        ]
        verbose_name = "built report"

    def __str__(self):
        return f"{self.kind} {self.quarter} {self.format} ({self.get_status_display()})"
