"""The pages the benchmark (and `make profile`, and the queries-per-page test of the
generated data) measure: one of each public page type, chosen the same way at any size,
so that the same page is compared across sizes.

`python -m scripts.bench.pages` prints them as JSON (name, path) pairs, read from the
database that DATABASE_URL names."""

from __future__ import annotations

# In the order the table lists them.
PAGE_TYPES = (
    "home",
    "plan year",
    "priority",
    "programme list",
    "filtered list",
    "programme",
    "meeting",
    "agenda item",
    "council",
    "search",
    "CSV download",
)


def page_urls() -> list[tuple[str, str]]:
    """(page type, path) for each page type, from the data: the plan year the home page
    shows, its first priority, the programme delivering most of it... (Django set up)."""
    from django.db.models import Count
    from django.urls import reverse

    from meetings.models import AgendaItem, Meeting
    from priorities.models import Board, PlanYear, Priority
    from programmes.models import Council, Programme

    year = PlanYear.objects.filter(status=PlanYear.Status.AGREED).order_by("-starts_on").first()
    priority = (
        Priority.objects.filter(plan_year=year)
        .annotate(n=Count("programmes"))
        .order_by("-n", "pk")
        .first()
    )
    programme = (
        Programme.objects.filter(progress_updates__published_at__isnull=False)
        .annotate(n=Count("progress_updates"))
        .order_by("-n", "pk")
        .first()
    )
    meeting = (
        Meeting.objects.filter(status=Meeting.Status.HELD)
        .annotate(n=Count("agenda_items"))
        .order_by("-n", "-meets_on", "pk")
        .first()
    )
    item = (
        AgendaItem.objects.filter(exempt=False, meeting__isnull=False)
        .annotate(n=Count("paragraphs"))
        .order_by("-n", "pk")
        .first()
    )
    council = Council.objects.annotate(n=Count("participations")).order_by("-n", "pk").first()
    board = Board.objects.annotate(n=Count("programmes")).order_by("-n", "pk").first()
    return [
        ("home", "/"),
        ("plan year", year.get_absolute_url()),
        ("priority", priority.get_absolute_url()),
        ("programme list", reverse("programmes:list")),
        ("filtered list", f"{reverse('programmes:list')}?board={board.slug}&status=active"),
        ("programme", programme.get_absolute_url()),
        ("meeting", meeting.get_absolute_url()),
        ("agenda item", item.get_absolute_url()),
        ("council", council.get_absolute_url()),
        ("search", f"{reverse('portal:search')}?q=peer+challenge"),
        ("CSV download", reverse("programmes:csv")),
    ]


def main() -> int:
    import json
    import os
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "boardportal.settings")
    django.setup()
    json.dump(page_urls(), sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
