"""The quarterly cycle's screens in the admin: "My quarter", the quarterly form, the
Secretariat's review queue, and signing off (and reopening) a round.

Each view asks `boardportal.cycle.selectors` or `programmes.rounds` for its rows and
writes only through the services."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from boardportal.reports.period import resolve_period
from boardportal.reports.rows import StreamedReport
from boardportal.reports.writers import write_format
from programmes.models import Programme, ProgressUpdate, ReportingRound
from programmes.rounds import (
    officer_for,
    round_as_at,
    round_close,
    round_obligations,
    round_programmes,
    round_reopen,
)
from programmes.services import (
    progress_update_publish,
    progress_update_return,
    reading_publish,
)

from . import selectors
from .forms import QuarterlyUpdateForm

SIGNED_OFF_FORMATS = ("pdf", "xlsx", "csv")


def can_review(user) -> bool:
    return user.has_perm(ProgressUpdate.publish_permission())


def context(request: HttpRequest, title: str, **extra) -> dict:
    """The admin's own context (site header, navigation) and this page's."""
    return {**admin.site.each_context(request), "title": title, **extra}


def chosen_round(request: HttpRequest) -> ReportingRound | None:
    """The round a page shows: `?round=<id>`, else the open one."""
    wanted = request.GET.get("round", "")
    if wanted:
        if not wanted.isdigit():
            raise Http404("No such round")
        return get_object_or_404(ReportingRound.objects.select_related("plan_year"), pk=wanted)
    return ReportingRound.objects.select_related("plan_year").current()


def my_quarter(request: HttpRequest) -> HttpResponse:
    """What the signed-in officer owes this round, what was returned to them, and the
    actions they own; for the Secretariat, the whole round at a glance."""
    round = chosen_round(request)
    officer = officer_for(request.user)
    page = selectors.my_quarter(round=round, officer=officer, reviewer=can_review(request.user))
    return render(
        request,
        "admin/cycle/my_quarter.html",
        context(request, "My quarter", page=page, round=round, officer=officer),
    )


@require_http_methods(["GET", "POST"])
def quarterly_update(request: HttpRequest, pk: int) -> HttpResponse:
    """One programme's whole update for the open round, on one page."""
    programme = get_object_or_404(Programme.objects.recordable_by(request.user), pk=pk)
    round = chosen_round(request)
    if round is None:
        messages.error(request, "No update round is open: the Secretariat opens one each quarter.")
        return redirect("cycle:home")
    if not round.is_open:
        raise PermissionDenied(f"The {round.label} round is closed.")
    (due,) = round_obligations(
        round, programmes=round_programmes(round).filter(pk=programme.pk)
    ) or [None]
    if due is None:
        raise Http404(f"{programme} is not asked for an update in {round.label}.")
    as_at = round_as_at(round)
    published = due.update is not None and due.update.published_at is not None
    form = QuarterlyUpdateForm(
        request.POST or None,
        due=due,
        as_at=as_at,
        initial=QuarterlyUpdateForm.initial_for(due),
    )
    suggested = None
    if request.method == "POST" and not published and form.is_valid():
        try:
            if request.POST.get("action") == "check":
                suggested = form.suggestion(request.user)
            else:
                form.save(user=request.user, author=officer_for(request.user))
                messages.success(
                    request,
                    f"Saved your {round.label} update for {programme} as a draft. "
                    "The Secretariat will review and publish it.",
                )
                return redirect(reverse("cycle:home") + f"?round={round.pk}")
        except ValidationError as error:
            form.apply_error(error)
    return render(
        request,
        "admin/cycle/quarterly_update.html",
        context(
            request,
            f"{programme}: {round.label} update",
            form=form,
            due=due,
            round=round,
            as_at=as_at,
            published=published,
            suggested=suggested,
            checked=suggested is not None or request.POST.get("action") == "check",
            previous=selectors.last_published(programme, before=round.starts_on),
        ),
    )


@require_http_methods(["GET", "POST"])
def review(request: HttpRequest) -> HttpResponse:
    """The Secretariat's queue: the round's drafts, each against the programme's last
    published update; publish or return them, one by one or in bulk."""
    if not can_review(request.user):
        raise PermissionDenied
    round = chosen_round(request)
    if round is None:
        return render(request, "admin/cycle/review.html", context(request, "Review", round=None))
    drafts = selectors.review_queue(round)
    if request.method == "POST":
        return review_action(request, round, drafts)
    return render(
        request,
        "admin/cycle/review.html",
        context(request, f"Review the {round.label} updates", round=round, drafts=drafts),
    )


@require_http_methods(["GET", "POST"])
def review_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """One draft on its own, beside the programme's last published update: publish it or
    return it to its officer, from the draft itself."""
    if not can_review(request.user):
        raise PermissionDenied
    update = get_object_or_404(ProgressUpdate.objects.drafts(), pk=pk)
    round = ReportingRound.objects.covering(update.as_at).first()
    if round is None:
        raise Http404("This draft is dated outside every update round.")
    rows = selectors.review_queue(round, only=update.pk)
    if request.method == "POST":
        return review_action(request, round, rows, back=reverse("cycle:review_draft", args=[pk]))
    return render(
        request,
        "admin/cycle/review_draft.html",
        context(request, f"Review the {update.programme} update", round=round, row=rows[0]),
    )


def review_action(
    request: HttpRequest, round: ReportingRound, drafts, *, back: str = ""
) -> HttpResponse:
    by_pk = {row.update.pk: row for row in drafts}
    wanted = {int(pk) for pk in request.POST.getlist("update") if pk.isdigit()}
    chosen = [row for pk, row in by_pk.items() if pk in wanted]
    action = request.POST.get("action", "")
    comment = request.POST.get("comment", "").strip()
    queue = reverse("cycle:review") + f"?round={round.pk}"
    back = back or queue
    if action not in ("publish", "return") or not chosen:
        messages.error(request, "Choose at least one draft and what to do with it.")
        return redirect(back)
    if action == "return" and not comment:
        messages.error(request, "Say what the officer should change: the comment is sent to them.")
        return redirect(back)
    if len(chosen) > 1 and request.POST.get("confirmed") != "yes":
        return render(
            request,
            "admin/cycle/review_confirm.html",
            context(
                request,
                f"{action.title()} {len(chosen)} updates?",
                round=round,
                chosen=chosen,
                action=action,
                comment=comment,
            ),
        )
    done = []
    for row in chosen:
        try:
            if action == "publish":
                progress_update_publish(update=row.update, user=request.user)
                for reading in row.readings:
                    reading_publish(reading=reading, user=request.user)
            else:
                progress_update_return(update=row.update, user=request.user, comment=comment)
                selectors.tell_officer_of_return(request, row.update)
            done.append(row)
        except ValidationError as error:
            messages.error(request, f"{row.update.programme}: {' '.join(error.messages)}")
    verb = "Published" if action == "publish" else "Returned"
    if done:
        messages.success(request, f"{verb} {len(done)} update{'s' if len(done) != 1 else ''}.")
        return redirect(queue)  # the draft is no longer one to review
    return redirect(back)


@require_http_methods(["GET", "POST"])
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a round once the Executive has signed off its overview: the files are kept
    as the record and the quarter is locked."""
    if not request.user.has_perm("programmes.close_reportinground"):
        raise PermissionDenied
    round = get_object_or_404(ReportingRound.objects.select_related("plan_year"), pk=pk)
    dues = round_obligations(round)
    if request.method == "POST" and request.POST.get("confirmed") == "yes":
        try:
            round_close(round=round, user=request.user, files=overview_files(round))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"Signed off the {round.label} overview and closed the round: its updates "
                "and readings are locked.",
            )
        return redirect(reverse("admin:programmes_reportinground_change", args=[round.pk]))
    return render(
        request,
        "admin/cycle/sign_off.html",
        context(
            request,
            f"Sign off {round.label}",
            round=round,
            drafts=[d for d in dues if d.update is not None and d.update.published_at is None],
            missing=[d for d in dues if d.update is None],
        ),
    )


def overview_files(round: ReportingRound) -> list[tuple[str, str, bytes]]:
    """The Executive's overview for the round's quarter, in every format, as signed off."""
    period = resolve_period(kind="overview", year=round.plan_year.label, quarter=round.quarter)
    files = []
    with tempfile.TemporaryDirectory() as folder:
        for fmt in SIGNED_OFF_FORMATS:
            path = Path(folder) / f"overview.{fmt}"
            write_format(StreamedReport(period), fmt, path)
            files.append((fmt, f"{period.filename_stem}-signed-off.{fmt}", path.read_bytes()))
    return files


@require_http_methods(["GET", "POST"])
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Reopen a closed round (administrators), with a reason kept in its history."""
    if not request.user.has_perm("programmes.reopen_reportinground"):
        raise PermissionDenied
    round = get_object_or_404(ReportingRound.objects.select_related("plan_year"), pk=pk)
    error = ""
    if request.method == "POST":
        try:
            round_reopen(round=round, user=request.user, reason=request.POST.get("reason", ""))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"Reopened the {round.label} round.")
            return redirect(reverse("admin:programmes_reportinground_change", args=[round.pk]))
    return render(
        request,
        "admin/cycle/reopen.html",
        context(request, f"Reopen {round.label}", round=round, error=error),
    )
