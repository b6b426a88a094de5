"""What a public page shows, read from its query string: the plan year, the as-at date
(and the quarters beside it), and whether a member of staff is previewing drafts.

**The default as-at date** (`default_as_at`, the one rule every page uses): today,
clamped into the plan year the page shows when it shows one. A page of a past plan
year shows that year's last day, a future one its first day; a page tied to no plan
year (programmes, themes) shows today. `?as_at=YYYY-MM-DD` overrides it on every page.

**Quarters**: a page shows the four quarters of its plan year (or, tied to none, of the
plan year containing its as-at date); choosing one shows the position as at its last
day (`?as_at=` of that day), keeping the page's other query parameters.

**Draft preview**: on the pages that allow it (the plan, a priority, a programme),
staff signed in with their second factor may add `?preview=drafts` to see status with
draft progress updates and readings. For anyone else the parameter is ignored; a page
shown to staff is never stored by a shared cache (`keep_private`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from core.dates import today
from core.quarters import Quarter, plan_year_label, plan_year_start, quarter_of, quarters_of
from priorities.models import PlanYear

EARLIEST = date(1990, 1, 1)
LATEST = date(2100, 12, 31)

# `?preview=drafts`: status with drafts, for staff on the pages that allow it.
PREVIEW = "preview"
PREVIEW_DRAFTS = "drafts"


class BadQuery(BadRequest):
    """A query parameter a person can correct; its message is shown on the 400 page."""


def parse_as_at(value: str | None) -> date | None:
    """`2012-12-31` as a date; None when blank; BadQuery when it is not a sensible date."""
    if value is None or value.strip() == "":
        return None
    value = value.strip()
    try:
        parsed = date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise BadQuery(
            f"“{value[:40]}” is not a date. Give the as-at date as year-month-day, "
            "for example 2012-12-31."
        )
    if not EARLIEST <= parsed <= LATEST:
        raise BadQuery(f"The as-at date must be between {EARLIEST:%Y} and {LATEST:%Y}.")
    return parsed


def default_as_at(on: date, plan_year: PlanYear | None = None) -> date:
    """The as-at date a page shows when the visitor has not chosen one, `on` being today:
    today, clamped into the plan year shown when there is one (a past year: its last
    day; a future one: its first day). Every page's default comes from here."""
    if plan_year is None:
        return on
    return min(max(on, plan_year.starts_on), plan_year.ends_on)


def can_preview_drafts(user) -> bool:
    """Staff signed in with their second factor: those who see drafts in the admin."""
    is_verified = getattr(user, "is_verified", None)
    return bool(
        getattr(user, "is_active", False)
        and getattr(user, "is_staff", False)
        and is_verified
        and is_verified()
    )


@dataclass(frozen=True)
class PageDate:
    """The plan year and as-at date a page shows, and whether it includes drafts."""

    plan_year: PlanYear | None
    as_at: date
    explicit: bool  # the visitor chose the date
    can_preview: bool = False  # staff, on a page that offers the draft preview
    drafts: bool = False  # previewing: status includes drafts

    @property
    def query(self) -> str:
        """The query string that keeps the date (and a preview) on links:
        `as_at=2012-12-31`, `as_at=2012-12-31&preview=drafts`, or ''."""
        parts = []
        if self.explicit:
            parts.append(f"as_at={self.as_at.isoformat()}")
        if self.drafts:
            parts.append(f"{PREVIEW}={PREVIEW_DRAFTS}")
        return "&".join(parts)

    @property
    def quarter(self) -> Quarter:
        """The quarter containing the as-at date."""
        return quarter_of(self.as_at)

    @property
    def quarters_label(self) -> str:
        """The plan year whose quarters the page offers: `2012/13`."""
        if self.plan_year is not None:
            return self.plan_year.label
        return plan_year_label(plan_year_start(self.as_at))

    @property
    def quarters(self) -> list[Quarter]:
        """Q1 to Q4 of the plan year shown, or of the one containing the as-at date."""
        return quarters_of(self.quarters_label)


def plan_year_from_slug(slug: str, user) -> PlanYear:
    try:
        return PlanYear.objects.visible_to(user).with_slug(slug).get()
    except PlanYear.DoesNotExist:
        raise Http404("No such plan year") from None


def current_plan_year(user, on: date) -> PlanYear | None:
    """The visible plan year containing `on`, else the latest visible one."""
    years = PlanYear.objects.visible_to(user)
    return years.containing(on).first() or years.order_by("-starts_on").first()


def page_date(
    request: HttpRequest, plan_year: PlanYear | None = None, *, previewable: bool = False
) -> PageDate:
    """`?as_at=` if given; else `default_as_at` (today, clamped into `plan_year`).

    `previewable`: the page offers staff the draft preview (`?preview=drafts`)."""
    chosen = parse_as_at(request.GET.get("as_at"))
    as_at = chosen if chosen is not None else default_as_at(today(), plan_year)
    can_preview = previewable and can_preview_drafts(getattr(request, "user", None))
    drafts = can_preview and request.GET.get(PREVIEW) == PREVIEW_DRAFTS
    return PageDate(plan_year, as_at, chosen is not None, can_preview, drafts)


def keep_private(response: HttpResponse, shown: PageDate) -> HttpResponse:
    """A page shown to staff who may preview drafts is for them alone: never stored by
    a browser's or a proxy's cache, so no one else is ever served it."""
    if shown.can_preview:
        add_never_cache_headers(response)
    return response
