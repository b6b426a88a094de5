"""`make faults`: a rehearsal of what production goes through, under load.

1. A throwaway PostgreSQL cluster (initdb into a temporary directory, a free port);
   migrate, collectstatic and the demo data into it.
2. gunicorn with gunicorn.conf.py, DEBUG off, a generated SECRET_KEY,
   ALLOWED_HOSTS=127.0.0.1 and SECURE_SSL_REDIRECT off (plain http on loopback).
3. Clients in threads cycling over /, a priority, a programme, /programmes/ and a
   meeting; then, each in turn: a worker killed, a graceful reload (HUP), a release
   (USR2 then TERM), the database restarted, and the database down for 10 s. During
   the last two, progress updates are written through progress_update_create.
4. For each fault: the failed requests, the status codes, the slowest response, the
   recovery, and the writes acknowledged and lost; then the goals, met or not.

Everything it started is stopped and its directory deleted at the end, on an error
and on Ctrl-C. Options: --rounds N (repeat the faults), --clients N, --keep (leave the
directory, with the logs, and say where).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import date, timedelta
from pathlib import Path

from .cluster import Cluster, free_port
from .load import Load, Writer, stored_markers
from .server import BASE_DIR, Gunicorn
from .summary import (
    Summary,
    Window,
    Writes,
    access_statuses,
    format_summary,
    parse_loadavg,
    summarise,
    summarise_writes,
)

SETTLE = 3.0  # seconds of load watched after a fault is over
DOWN_FOR = 10.0


def say(*lines: str) -> None:
    print(*lines, sep="\n", flush=True)


def load_average() -> str:
    try:
        one, five, fifteen = parse_loadavg(Path("/proc/loadavg").read_text())
    except OSError:
        return "unknown"
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f} (1, 5, 15 min; {os.cpu_count()} CPUs)"


def production_env(root: Path, cluster: Cluster) -> dict[str, str]:
    kept = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR")
    env = {k: v for k, v in os.environ.items() if k in kept or k.startswith("GUNICORN_")}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "scripts.faults.settings",
        "BOARDPORTAL_FAULTS_STATIC_ROOT": str(root / "static"),
        "BOARDPORTAL_IGNORE_DOTENV": "1",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": cluster.url,
        "PYTHONUNBUFFERED": "1",
    }


def manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [str(BASE_DIR / ".venv" / "bin" / "python"), "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")


def setup_django(env: dict[str, str]) -> None:
    """Django in this process too, for the writer: the same settings and database."""
    os.environ.update(env)
    os.environ["LOG_LEVEL"] = "WARNING"  # this process's own log only
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def status_of(base: str, url: str) -> int | None:
    try:
        with urllib.request.urlopen(base + url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def pick_urls(base: str) -> list[str]:
    """/, /programmes/, and the first priority, programme and meeting that answer 200."""
    from django.urls import reverse

    from meetings.models import Meeting
    from priorities.models import Priority
    from programmes.models import Programme

    kinds = {
        "/": ["/"],
        "a priority": [
            reverse("priorities:detail", args=[pk])
            for pk in Priority.objects.order_by("pk").values_list("pk", flat=True)[:20]
        ],
        "a programme": [
            reverse("programmes:detail", args=[slug])
            for slug in Programme.objects.order_by("pk").values_list("slug", flat=True)[:20]
        ],
        "/programmes/": ["/programmes/"],
        "a meeting": [
            reverse("meetings:detail", args=[pk])
            for pk in Meeting.objects.order_by("pk").values_list("pk", flat=True)[:20]
        ],
    }
    urls, missing = [], []
    for kind, candidates in kinds.items():
        url = next((u for u in candidates if status_of(base, u) == 200), None)
        if url is None:
            missing.append(kind)
        else:
            urls.append(url)
    if missing:
        raise RuntimeError(f"Nothing answered 200 for {', '.join(missing)}: no demo data?")
    return urls


class Rehearsal:
    def __init__(self, server: Gunicorn, cluster: Cluster, load: Load, programme_ids: list[int]):
        self.server = server
        self.cluster = cluster
        self.load = load
        self.programme_ids = programme_ids
        self.writers = 0
        self.outcomes: list[tuple[str, Summary, Writes | None]] = []

    def watch(self, name: str, inject, *, writes: bool = False) -> None:
        writer = None
        if writes:
            self.writers += 1
            writer = Writer(
                self.programme_ids,
                prefix=f"make-faults-{self.writers}",
                last_day=date(2000, 1, 1) - timedelta(days=3000 * self.writers),
            )
            writer.start()
            time.sleep(1.0)
        start = time.monotonic()
        over = inject() or time.monotonic()
        self.server.wait_healthy(120)
        time.sleep(SETTLE)
        end = time.monotonic()
        written = None
        if writer is not None:
            writer.stop()
            stored, history = stored_markers(writer.prefix)
            written = summarise_writes(writer.acknowledged, writer.refused, stored, history)
        summary = summarise(list(self.load.results), Window(start, over, end))
        self.outcomes.append((name, summary, written))
        say(*format_summary(name, summary, written))
        if writer is not None and writer.reasons:
            reasons = ", ".join(f"{r}: {n}" for r, n in writer.reasons.most_common())
            say(f"  refused with {reasons}")
        say("")

    def steady(self) -> None:
        self.watch("No fault (load only)", lambda: time.sleep(SETTLE) or time.monotonic())

    def kill_worker(self) -> None:
        def inject():
            self.server.kill_worker()
            return time.monotonic()

        self.watch("A worker killed (SIGKILL)", inject)

    def reload(self) -> None:
        self.watch("Graceful reload (SIGHUP)", self.server.reload)

    def release(self) -> None:
        self.watch(
            "A release: new master (SIGUSR2), old one retired (SIGTERM)", self.server.release
        )

    def restart_database(self) -> None:
        self.watch(
            "The database restarted (pg_ctl restart -m fast)", self.cluster.restart, writes=True
        )

    def database_down(self) -> None:
        def inject():
            self.cluster.stop()
            time.sleep(DOWN_FOR)
            self.cluster.start()
            return time.monotonic()

        self.watch(f"The database down for {DOWN_FOR:.0f} s", inject, writes=True)

    def goals(self) -> list[tuple[str, bool]]:
        def worst(prefix, attribute):
            values = [getattr(s, attribute) for n, s, _ in self.outcomes if n.startswith(prefix)]
            return max(values, default=0)

        errors = worst("", "server_errors")
        lost = sum(w.lost + w.half_written for *_, w in self.outcomes if w is not None)
        steady = worst("No fault", "slowest")
        reload_failed, reload_slowest = worst("Graceful", "failed"), worst("Graceful", "slowest")
        release_failed = worst("A release", "failed")
        release_slowest = worst("A release", "slowest")
        killed = worst("A worker", "failed")
        return [
            (f"no 500 from any fault ({errors})", errors == 0),
            (f"a reload fails no request ({reload_failed})", reload_failed == 0),
            (
                f"a reload's slowest response is under 1 s ({reload_slowest:.3f} s; "
                f"with no fault, {steady:.3f} s)",
                reload_slowest < 1.0,
            ),
            (f"a release fails no request ({release_failed})", release_failed == 0),
            (
                f"a release's slowest response is under 1 s ({release_slowest:.3f} s)",
                release_slowest < 1.0,
            ),
            (
                f"a killed worker costs at most the one request it was serving ({killed})",
                killed <= 1,
            ),
            (f"no acknowledged write lost or half-written ({lost})", lost == 0),
        ]


def run(args, root: Path) -> int:
    started = time.monotonic()
    say(f"make faults: working in {root}", f"Load average at the start: {load_average()}")
    cluster = Cluster(root / "pg")
    args.cleanup.append(cluster.remove)
    cluster.init()
    cluster.start()
    cluster.createdb("boardportal")
    say(f"PostgreSQL ({cluster.bindir.parent.name}) on 127.0.0.1:{cluster.port}")
    env = production_env(root, cluster)
    for step in (("migrate", "--noinput"), ("collectstatic", "--noinput"), ("load_board_papers",)):
        manage(env, *step)
    say("Migrated, static files collected, demo data loaded.")
    setup_django(env)
    from django.db import connections

    from programmes.models import Programme

    args.cleanup.append(connections.close_all)

    server = Gunicorn(root, free_port(), env)
    args.cleanup.append(server.stop)
    server.start()
    say(f"gunicorn on {server.base}: master {server.master()}, {server.workers_wanted} workers")
    urls = pick_urls(server.base)
    load = Load(server.port, urls, clients=args.clients)
    args.cleanup.append(load.stop)
    load.start()
    say(f"{args.clients} clients cycling over {', '.join(urls)}", "")
    time.sleep(2.0)  # warm up
    programme_ids = list(Programme.objects.order_by("pk").values_list("pk", flat=True)[:5])
    rehearsal = Rehearsal(server, cluster, load, programme_ids)
    for number in range(1, args.rounds + 1):
        say(f"--- Round {number} of {args.rounds} (load average {load_average()}) ---", "")
        rehearsal.steady()
        rehearsal.kill_worker()
        rehearsal.reload()
        rehearsal.release()
        rehearsal.restart_database()
        rehearsal.database_down()
    load.stop()
    logged = access_statuses(server.access_log.read_text().splitlines())
    tracebacks = server.error_log.read_text().count("Traceback")
    say(
        f"gunicorn's access log: {dict(sorted(logged.items()))}; "
        f"tracebacks in its error log: {tracebacks}",
        f"Load average at the end: {load_average()}; took {time.monotonic() - started:.0f} s",
        "",
        "Goals:",
    )
    goals = [
        *rehearsal.goals(),
        (f"no 500 in gunicorn's access log ({logged[500]})", logged[500] == 0),
    ]
    for goal, met in goals:
        say(f"  {'met' if met else 'NOT MET'}: {goal}")
    return 0 if all(met for _, met in goals) else 1


def interrupted(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make faults", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("ROUNDS", "1")))
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="leave the directory and its logs")
    args = parser.parse_args(argv)
    args.cleanup = []
    signal.signal(signal.SIGTERM, interrupted)
    root = Path(tempfile.mkdtemp(prefix="boardportal-faults-"))
    root.chmod(0o755)  # the cluster's user must reach its directory inside
    try:
        return run(args, root)
    except KeyboardInterrupt:
        say("", "Interrupted: stopping everything make faults started.")
        return 130
    finally:
        for step in reversed(args.cleanup):
            try:
                step()
            except Exception as error:  # noqa: BLE001 - carry on cleaning up
                say(f"Clean-up step failed: {error}")
        if args.keep:
            say(f"Kept {root}: gunicorn's access.log and error.log (the cluster is removed).")
        else:
            shutil.rmtree(root, ignore_errors=True)
