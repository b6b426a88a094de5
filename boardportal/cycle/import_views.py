"""The bulk import's screens: a round's template to download, and the upload, whose dry
run shows every row's outcome and error before "Import these rows" writes them.

Between the dry run and the confirmation the file is kept in the session (the database's
or the cache's, never local disk), base64-encoded and at most `MAX_BYTES` before
encoding, with its SHA-256: the confirmation names that digest, so it imports exactly
the file that was checked. It is checked again as it is written, all or nothing, and
dropped from the session once imported, cancelled or refused.
"""

from __future__ import annotations

import base64
import hashlib

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from programmes.models import Programme, ReportingRound

from .import_files import FORMATS, MAX_BYTES, template_file
from .imports import ImportFileError, ImportReport, Outcome, read_rows, run_import
from .views import context

SESSION_KEY = "cycle_import"


class ImportForm(forms.Form):
    file = forms.FileField(
        label="The filled-in template",
        help_text=f"A CSV or XLSX file of up to {filesizeformat(MAX_BYTES)}: a round's "
        "template with your updates and readings in it.",
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(
                f"{upload.name} is larger than {filesizeformat(MAX_BYTES)}, the limit: "
                "split it into smaller files."
            )
        self.content = upload.read()
        try:
            self.rows = read_rows(upload.name, self.content)
        except ImportFileError as error:
            raise ValidationError(str(error)) from None
        return upload


def may_import(user) -> None:
    """Anyone who may record some programme: its officers, delegates, the Secretariat."""
    if not Programme.objects.recordable_by(user).exists():
        raise PermissionDenied


@require_GET
def import_template(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The round's template: a row for everything due of the programmes the user records."""
    may_import(request.user)
    if fmt not in FORMATS:
        raise Http404("The template comes as .xlsx or .csv")
    round = get_object_or_404(ReportingRound.objects.select_related("plan_year"), pk=pk)
    content, content_type, filename = template_file(round, request.user, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def import_updates(request: HttpRequest) -> HttpResponse:
    """Upload a filled-in template: a dry run first, then "Import these rows"."""
    may_import(request.user)
    action = request.POST.get("action", "")
    if action == "cancel":
        request.session.pop(SESSION_KEY, None)
        messages.info(request, "Nothing was imported.")
        return redirect("cycle:import")
    if action == "confirm":
        return confirm(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["file"].name
        report = run_import(form.rows, user=request.user, commit=False)
        digest = hold(request, name, form.content) if not report.has_errors else ""
        return page(request, ImportForm(), report=report, name=name, digest=digest)
    return page(request, form)


def hold(request: HttpRequest, name: str, content: bytes) -> str:
    """Keep a checked file in the session for its confirmation; returns its digest."""
    digest = hashlib.sha256(content).hexdigest()
    request.session[SESSION_KEY] = {
        "name": name,
        "digest": digest,
        "content": base64.b64encode(content).decode("ascii"),
    }
    return digest


def confirm(request: HttpRequest) -> HttpResponse:
    held = request.session.pop(SESSION_KEY, None)
    if not held or held["digest"] != request.POST.get("digest"):
        messages.error(
            request,
            "The file you checked is no longer kept (it is kept for one confirmation, in "
            "this session): upload it again.",
        )
        return redirect("cycle:import")
    name = held["name"]
    try:
        rows = read_rows(name, base64.b64decode(held["content"]))
    except (ImportFileError, ValueError):
        messages.error(request, f"{name} could not be read again: upload it again.")
        return redirect("cycle:import")
    report = run_import(rows, user=request.user, commit=True)
    if not report.written:
        # The data changed since the dry run: nothing was written; say why, row by row.
        return page(request, ImportForm(), report=report, name=name, refused=True)
    messages.success(request, f"Imported {name}: {summary(report)}.")
    return redirect(reverse("cycle:home"))


def summary(report: ImportReport) -> str:
    """'2 new drafts, 1 changed draft, 3 unchanged' and so on, for a message."""
    parts = []
    for outcome, _colour, count in report.counts:
        if outcome in (Outcome.NEW, Outcome.CHANGED):
            parts.append(f"{count} {outcome.lower()}{'s' if count != 1 else ''}")
        else:
            parts.append(f"{count} {outcome.lower()}")
    return ", ".join(parts) or "no rows"


def page(request: HttpRequest, form: ImportForm, **extra) -> HttpResponse:
    report = extra.get("report")
    if report is None:
        title = "Import updates and readings"
    elif extra.get("refused"):
        title = "Nothing was imported"
    else:
        title = "Check the import"
    return render(
        request,
        "admin/cycle/import.html",
        context(
            request,
            title,
            form=form,
            rounds=ReportingRound.objects.open().select_related("plan_year"),
            **extra,
        ),
    )
