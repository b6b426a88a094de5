"""The cycle's emails: reminders of what is due in a round, and a returned draft.

Each is sent as plain text and HTML (Django's email framework: the console in
development, SMTP from the settings in production). Reminders are idempotent: a
`Reminder` row records each one sent, so running `send_reminders` again (cron, or the
task worker) sends nobody the same reminder twice."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from programmes.models import ProgressUpdate, Reminder, ReportingRound
from programmes.rounds import ProgrammeDue, round_obligations

logger = logging.getLogger("boardportal.cycle")

# How long before the deadline the second reminder goes.
WEEK = timedelta(days=7)


def site_url(path: str) -> str:
    return settings.BOARDPORTAL_SITE_URL.rstrip("/") + path


def send(*, to: list[str], subject: str, template: str, context: dict) -> None:
    """One email, plain text and HTML, from `templates/emails/<template>.txt|.html`."""
    context = {**context, "site_url": settings.BOARDPORTAL_SITE_URL.rstrip("/")}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{template}.txt", context),
        to=to,
    )
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    message.send()


def email_of(officer) -> str:
    """Where an officer's email goes: their own address, else their account's."""
    if officer.email:
        return officer.email
    return officer.user.email if officer.user_id and officer.user.email else ""


@dataclass
class Recipient:
    email: str
    name: str
    dues: list[ProgrammeDue] = field(default_factory=list)

    @property
    def outstanding(self) -> list[ProgrammeDue]:
        return [d for d in self.dues if d.outstanding]


def recipients(dues: list[ProgrammeDue]) -> list[Recipient]:
    """Each officer (lead or delegate) with an email address, with their programmes."""
    by_email: dict[str, Recipient] = {}
    for due in dues:
        for officer in due.officers:
            email = email_of(officer)
            if email:
                by_email.setdefault(email, Recipient(email, officer.name)).dues.append(due)
    return sorted(by_email.values(), key=lambda r: r.email)


def secretariat_emails() -> list[str]:
    users = (
        get_user_model()
        .objects.filter(groups__name="Secretariat", is_active=True)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def _once(round: ReportingRound, kind: str, email: str, items: int, send_it) -> bool:
    """Send unless this reminder went before; record it in the same transaction, so a
    failed send is tried again next time and a sent one is never repeated."""
    if Reminder.objects.filter(round=round, kind=kind, email=email).exists():
        return False
    try:
        with transaction.atomic():
            Reminder.objects.create(round=round, kind=kind, email=email, items=items)
            send_it()
    except IntegrityError:
        return False  # another run sent it at the same moment
    return True


def send_round_reminders(round: ReportingRound, *, on: date) -> dict[str, int]:
    """The reminders due for a round on a date; returns how many of each were sent."""
    sent = dict.fromkeys(Reminder.Kind.values, 0)
    if not round.is_open or on < round.opened_on:
        return sent
    people = recipients(round_obligations(round, on=on))
    link = site_url(reverse("cycle:home"))
    common = {"round": round, "link": link}
    for person in people:
        if _once(
            round,
            Reminder.Kind.OPENED,
            person.email,
            len(person.dues),
            lambda p=person: send(
                to=[p.email],
                subject=f"{round.label} updates are due by {round.deadline:%-d %B %Y}",
                template="round_opened",
                context={**common, "person": p, "dues": p.dues},
            ),
        ):
            sent[Reminder.Kind.OPENED] += 1
    late = on > round.deadline
    week_before = round.deadline - WEEK <= on <= round.deadline
    if not (late or week_before):
        return sent
    kind = Reminder.Kind.OVERDUE if late else Reminder.Kind.WEEK_BEFORE
    for person in people:
        if person.outstanding and _once(
            round,
            kind,
            person.email,
            len(person.outstanding),
            lambda p=person: send(
                to=[p.email],
                subject=(
                    f"Overdue: your {round.label} updates"
                    if late
                    else f"A week to go: your {round.label} updates"
                ),
                template="round_reminder",
                context={**common, "person": p, "dues": p.outstanding, "late": late},
            ),
        ):
            sent[kind] += 1
    overdue = [d for d in round_obligations(round, on=on) if d.outstanding] if late else []
    if overdue:
        for email in secretariat_emails():
            if _once(
                round,
                Reminder.Kind.OVERDUE_LIST,
                email,
                len(overdue),
                lambda e=email: send(
                    to=[e],
                    subject=f"{round.label}: {len(overdue)} programmes overdue",
                    template="round_overdue_list",
                    context={**common, "dues": overdue},
                ),
            ):
                sent[Reminder.Kind.OVERDUE_LIST] += 1
    return sent


def send_return_notice(update: ProgressUpdate) -> bool:
    """Tell the officer a draft was returned, with the Secretariat's comment."""
    officer = update.author or update.programme.lead_officer
    email = email_of(officer) if officer else ""
    if not email:
        logger.warning("Returned update %s: no email address for its officer", update.pk)
        return False
    send(
        to=[email],
        subject=f"Returned for changes: your update on {update.programme}",
        template="update_returned",
        context={
            "update": update,
            "officer": officer,
            "link": site_url(reverse("cycle:update", args=[update.programme_id])),
        },
    )
    return True
