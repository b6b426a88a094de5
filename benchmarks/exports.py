"""Benchmark the report exports at 1,000 and 10,000 programmes.

Run by hand, not in the test suite:

    .venv/bin/python benchmarks/exports.py            # 1,000 and 10,000
    .venv/bin/python benchmarks/exports.py 500 2000   # other sizes

For each size it builds a fresh SQLite database in a temporary folder, fills it
with programmes that each have two progress updates, an indicator with three
readings and two milestones (one priority per ten programmes), then times each
format in its own process and reports that process's peak memory (max RSS).
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("csv", "xlsx", "pdf")
GOALS = {"csv": 2, "xlsx": 5, "pdf": 30}


def django_setup(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DEBUG", "1")
    os.environ["BOARDPORTAL_IGNORE_DOTENV"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "boardportal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def populate(size: int) -> None:
    from django.core.management import call_command

    from core.rag import Rag
    from meetings.models import Action, Meeting
    from priorities.models import Board, Officer, PlanYear, Priority, Theme
    from programmes.models import Indicator, Milestone, Programme, ProgressUpdate, Reading

    call_command("migrate", verbosity=0)
    # The public reports read published updates and readings only.
    published = datetime(2013, 1, 15, tzinfo=UTC)
    year = PlanYear.objects.create(
        label="2012/13",
        starts_on=date(2012, 4, 1),
        ends_on=date(2013, 3, 31),
        status="agreed",
        agreed_on=date(2012, 3, 31),
    )
    themes = [Theme.objects.create(name=f"Theme {i}", slug=f"theme-{i}", order=i) for i in range(5)]
    boards = [Board.objects.create(name=f"Board {i}", slug=f"board-{i}") for i in range(3)]
    officer = Officer.objects.create(name="Dennis Skinner", position="Head of Leadership")
    priorities = Priority.objects.bulk_create(
        Priority(
            plan_year=year,
            board=boards[i % 3],
            theme=themes[i % 5],
            reference=f"4.{i}",
            title=f"Priority {i}",
            target_statement="Over 100 peer challenges in each of the next 3 years",
            order=i,
        )
        for i in range(max(1, size // 10))
    )
    programmes = Programme.objects.bulk_create(
        Programme(
            name=f"Programme {i}",
            slug=f"programme-{i}",
            theme=themes[i % 5],
            board=boards[i % 3],
            lead_officer=officer,
            starts_on=date(2011, 4, 1),
            summary="A programme of the benchmark.",
        )
        for i in range(size)
    )
    links = Programme.priorities.through
    links.objects.bulk_create(
        links(programme_id=p.pk, priority_id=priorities[i // 10 % len(priorities)].pk)
        for i, p in enumerate(programmes)
    )
    rags = [Rag.GREEN, Rag.AMBER, Rag.RED, Rag.GREEN, Rag.COMPLETE]
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            programme=p,
            published_at=published,
            as_at=as_at,
            rag=rags[(i + k) % 5],
            headline=f"Update {k} for programme {i}",
            author=officer,
        )
        for i, p in enumerate(programmes)
        for k, as_at in enumerate((date(2012, 9, 15), date(2012, 12, 15)))
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            programme=p,
            name=f"Indicator of programme {i}",
            target_value=Decimal(100),
            target_starts_on=date(2012, 4, 1),
            target_ends_on=date(2013, 3, 31),
        )
        for i, p in enumerate(programmes)
    )
    Reading.objects.bulk_create(
        Reading(
            indicator=ind, as_at=on, value=Decimal((i * 7 + k * 20) % 100), published_at=published
        )
        for i, ind in enumerate(indicators)
        for k, on in enumerate((date(2012, 6, 30), date(2012, 9, 30), date(2012, 12, 31)))
    )
    Milestone.objects.bulk_create(
        Milestone(
            programme=p,
            title=f"Milestone {k} of programme {i}",
            due_on=date(2012, 10, 1) + timedelta(days=(i + 40 * k) % 150),
            completed_on=date(2012, 10, 15) if (i + k) % 3 == 0 else None,
        )
        for i, p in enumerate(programmes)
        for k in range(2)
    )
    meeting = Meeting.objects.create(board=boards[0], meets_on=date(2012, 11, 8), status="held")
    through = Action.programmes.through
    actions = Action.objects.bulk_create(
        Action(meeting=meeting, description=f"Action {i}", owner=officer, due_on=date(2013, 1, 31))
        for i in range(0, size, 50)
    )
    through.objects.bulk_create(
        through(action_id=a.pk, programme_id=programmes[i * 50].pk) for i, a in enumerate(actions)
    )


def measure(fmt: str, output: Path) -> dict:
    from boardportal.reports.period import resolve_period
    from boardportal.reports.rows import StreamedReport
    from boardportal.reports.writers import write_report

    started = time.perf_counter()
    report = StreamedReport(resolve_period(kind="overview", year="2012/13", quarter=3))
    if fmt == "pdf":
        _ = report.summary  # the PDF needs its summary first: one pass more
    built = time.perf_counter()
    write_report(report, fmt, output)
    done = time.perf_counter()
    return {
        "format": fmt,
        "seconds": round(done - started, 2),
        "summary_seconds": round(built - started, 2),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "bytes": output.stat().st_size,
    }


def main(sizes: list[int]) -> None:
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            database = Path(folder) / f"bench-{size}.sqlite3"
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, __file__, "--populate", str(size), str(database)], check=True
            )
            print(f"{size:>6} programmes: data generated in {time.perf_counter() - started:.1f} s")
            for fmt in FORMATS:
                output = Path(folder) / f"overview-{size}.{fmt}"
                child = subprocess.run(
                    [sys.executable, __file__, "--measure", fmt, str(database), str(output)],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                result = {"size": size, **json.loads(child.stdout.strip().splitlines()[-1])}
                results.append(result)
                print(
                    f"{size:>6} {fmt:>4}: {result['seconds']:>6.2f} s "
                    f"(of which the summary pass {result['summary_seconds']:.2f} s), "
                    f"peak {result['peak_mb']:>6.1f} MB, {result['bytes'] / 1024:,.0f} KB"
                )
    print()
    print("size   format  seconds  goal   peak MB")
    for r in results:
        goal = f"<{GOALS[r['format']]} s" if r["size"] == 10_000 else ""
        print(
            f"{r['size']:>6} {r['format']:>6} {r['seconds']:>8.2f}  {goal:>5} {r['peak_mb']:>8.1f}"
        )
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        for fmt in FORMATS:
            a = next(r for r in results if r["size"] == small and r["format"] == fmt)
            b = next(r for r in results if r["size"] == large and r["format"] == fmt)
            ratio = b["peak_mb"] / a["peak_mb"]
            print(f"{fmt}: peak memory at {large} is {ratio:.2f}x that at {small}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--populate"]:
        django_setup(Path(sys.argv[3]))
        populate(int(sys.argv[2]))
    elif sys.argv[1:2] == ["--measure"]:
        django_setup(Path(sys.argv[3]))
        print(json.dumps(measure(sys.argv[2], Path(sys.argv[4]))))
    else:
        main([int(a) for a in sys.argv[1:]] or [1_000, 10_000])
