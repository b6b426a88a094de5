"""Reading the `as_at` date and the plan year a page shows from its query string."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest
from django.utils import timezone

from priorities.models import PlanYear

EARLIEST = date(1990, 1, 1)
LATEST = date(2100, 12, 31)


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


@dataclass(frozen=True)
class PageDate:
    """The plan year and as-at date a page shows."""

    plan_year: PlanYear | None
    as_at: date
    explicit: bool  # the visitor chose the date

    @property
    def query(self) -> str:
        """The query string that keeps the date on links: `as_at=2012-12-31`, or ''."""
        return f"as_at={self.as_at.isoformat()}" if self.explicit else ""


def plan_year_from_slug(slug: str, user) -> PlanYear:
    label = slug.replace("-", "/")
    try:
        return PlanYear.objects.visible_to(user).get(label=label)
    except PlanYear.DoesNotExist:
        raise Http404("No such plan year") from None


def current_plan_year(user, today: date) -> PlanYear | None:
    """The visible plan year containing today, else the latest visible one."""
    years = PlanYear.objects.visible_to(user)
    return years.containing(today).first() or years.order_by("-starts_on").first()


def page_date(request: HttpRequest, plan_year: PlanYear | None = None) -> PageDate:
    """`?as_at=` if given; else today within the plan year (a past year: its last day)."""
    today = timezone.localdate()
    chosen = parse_as_at(request.GET.get("as_at"))
    if chosen is not None:
        return PageDate(plan_year, chosen, True)
    if plan_year is None:
        return PageDate(None, today, False)
    return PageDate(plan_year, plan_year.default_as_at(today), False)
