"""`make bench`: the site served as in production, measured with wrk.

1. Databases: on SQLite (the default) files in a temporary directory; with DATABASE_URL
   on PostgreSQL, databases beside the one it names (`<name>_bench_demo`, ...), made
   from one migrated template and dropped at the end. One holds the demo data
   (load_board_papers), one `generate_dataset --programmes 10000`.
2. For each: gunicorn with gunicorn.conf.py (2 workers, GUNICORN_WORKERS), DEBUG off,
   scripts.bench.settings, plain http on loopback; first with the page cache off
   (PAGE_CACHE=0), then on. Each page type of scripts.bench.pages and the bare view get
   `wrk -t1 -c8 -d<seconds>s --latency`; one request more asks for the queries made
   (X-Bench-Queries) and the size.
3. With DATABASE_URL on PostgreSQL and REDIS_URL set: one gunicorn process against two
   on two ports (both loaded at once), cached, one worker each, and whether both answer
   the same.
4. One table, printed and written to benchmarks/results/.

Options: --seconds, --connections, --programmes, --datasets demo,10k, --keep (keep
the databases and reuse them next time: the data does not change with the code).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .summary import (
    Row,
    ScaleRow,
    WrkResult,
    format_scale_table,
    format_table,
    normalise_page,
    parse_wrk,
    percentile,
)

BASE_DIR = Path(__file__).resolve().parents[2]
RESULTS = BASE_DIR / "benchmarks" / "results"
KEEP_DIR = BASE_DIR / "benchmarks" / ".data"
BIN = Path(sys.executable).parent
SCALE_PAGES = ("home", "programme list", "programme", "meeting")
FETCH_TIMEOUT = 120  # seconds for the one request that counts a page's queries


def say(*lines: str) -> None:
    print(*lines, sep="\n", flush=True)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Databases:
    """The benchmark's databases: SQLite files, or PostgreSQL databases beside the one
    DATABASE_URL names."""

    def __init__(self, workdir: Path, base_url: str | None, keep: bool):
        self.workdir, self.base_url, self.keep = workdir, base_url, keep
        self.made: list[str] = []

    @property
    def postgres(self) -> bool:
        return bool(self.base_url) and self.base_url.startswith(("postgres", "postgresql"))

    def url(self, name: str) -> str:
        if not self.postgres:
            return f"sqlite:///{self.workdir / f'{name}.sqlite3'}"
        parts = urlsplit(self.base_url)
        return urlunsplit(parts._replace(path=f"{parts.path.strip('/')}_bench_{name}"))

    def exists(self, name: str) -> bool:
        if not self.postgres:
            return (self.workdir / f"{name}.sqlite3").exists()
        database = urlsplit(self.url(name)).path.strip("/")
        return bool(self._sql(f"SELECT 1 FROM pg_database WHERE datname = '{database}'"))

    def copy(self, source: str, name: str) -> None:
        if not self.postgres:
            shutil.copyfile(self.workdir / f"{source}.sqlite3", self.workdir / f"{name}.sqlite3")
            return
        database, template = (urlsplit(self.url(n)).path.strip("/") for n in (name, source))
        self._sql(f'DROP DATABASE IF EXISTS "{database}"')
        self._sql(f'CREATE DATABASE "{database}" TEMPLATE "{template}"')
        self.made.append(database)

    def create_empty(self, name: str) -> None:
        if self.postgres:
            database = urlsplit(self.url(name)).path.strip("/")
            self._sql(f'DROP DATABASE IF EXISTS "{database}"')
            self._sql(f'CREATE DATABASE "{database}"')
            self.made.append(database)

    def drop_all(self) -> None:
        if self.keep or not self.postgres:
            return
        for database in reversed(self.made):
            self._sql(f'DROP DATABASE IF EXISTS "{database}"')

    def _sql(self, statement: str) -> list:
        import psycopg2

        parts = urlsplit(self.base_url)
        server = {
            "user": parts.username,
            "password": parts.password,
            "host": parts.hostname,
            "port": parts.port or 5432,
        }
        try:
            # The server's own database: the one DATABASE_URL names only gives the
            # benchmark's databases their names, and need not exist.
            connection = psycopg2.connect(dbname="postgres", **server)
        except psycopg2.OperationalError:
            connection = psycopg2.connect(dbname=parts.path.strip("/"), **server)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(statement)
                return cursor.fetchall() if cursor.description else []
        finally:
            connection.close()


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def prepare(databases: Databases, env: dict, programmes: int, datasets: list[str]) -> dict:
    """The database URL of each dataset, made (or, with --keep, reused)."""
    urls = {}
    for dataset in datasets:
        if databases.keep and databases.exists(dataset):
            say(f"Reusing the {dataset} database.")
            urls[dataset] = databases.url(dataset)
            continue
        if not databases.exists("empty"):
            say("Migrating an empty database...")
            databases.create_empty("empty")
            manage({**env, "DATABASE_URL": databases.url("empty")}, "migrate", "--noinput", "-v0")
        databases.copy("empty", dataset)
        dataset_env = {**env, "DATABASE_URL": databases.url(dataset)}
        if dataset == "demo":
            say("Loading the demo data...")
            manage(dataset_env, "load_board_papers", "--if-empty")
        else:
            say(f"Generating {programmes:,} programmes...")
            manage(dataset_env, "generate_dataset", "--programmes", str(programmes))
        urls[dataset] = databases.url(dataset)
    return urls


class Server:
    """gunicorn with gunicorn.conf.py on a port of its own, in its own process group."""

    def __init__(self, env: dict, log: Path):
        self.port = free_port()
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        self.log = log
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py"],
                cwd=BASE_DIR,
                env=self.env,
                stdout=out,
                stderr=out,
                start_new_session=True,
            )
        limit = time.monotonic() + 120
        while time.monotonic() < limit:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=5) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"gunicorn did not answer in 120 s: see {self.log}")

    def __exit__(self, *exc) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def fetch(url: str) -> tuple[int, bytes, int | None]:
    """Status, body and queries made (X-Bench-Queries) of one GET."""
    request = urllib.request.Request(url, headers={"X-Bench-Count": "1"})
    with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as answer:
        body = answer.read()
        queries = answer.headers.get("X-Bench-Queries")
        return answer.status, body, int(queries) if queries else None


def wrk(url: str, seconds: int, connections: int) -> WrkResult:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    done = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=seconds + 60, check=True
    )
    return parse_wrk(done.stdout)


def one_connection(url: str, seconds: float, most: int = 200) -> float | None:
    """The p95 in ms of requests made one after another (one connection, nothing else
    loading the server) for `seconds` or `most` requests, whichever comes first."""
    timings = []
    ends = time.monotonic() + seconds
    while time.monotonic() < ends and len(timings) < most:
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as answer:
            answer.read()
        timings.append((time.perf_counter() - started) * 1000)
    return percentile(timings, 95)


def measure(server: Server, pages, seconds: int, connections: int, probe: bool) -> dict:
    """Each page's wrk result, and (with `probe`, uncached) its queries, size and p95 at
    one connection."""
    found = {}
    for name, path in pages:
        try:
            status, body, queries = fetch(server.base + path)
            fetch(server.base + path)  # the second worker's first request too
        except TimeoutError:
            # Slower than the fetch allows: recorded as none finished, the run goes on.
            say(f"  {name:<16} no answer in {FETCH_TIMEOUT} s")
            found[name] = (WrkResult(0.0, None, None, 0, 1), None, None, None)
            continue
        if status != 200:
            raise RuntimeError(f"{name} ({path}) answered {status}")
        result = wrk(server.base + path, seconds, connections)
        p95 = one_connection(server.base + path, min(seconds, 5)) if probe else None
        say(
            f"  {name:<16} {result.requests_per_second:>9,.1f} req/s  p99 {result.p99_ms} ms"
            + (f"  p95 at one connection {p95:.1f} ms" if p95 is not None else "")
        )
        found[name] = (result, queries if probe else None, len(body) if probe else None, p95)
    return found


def page_cache_available() -> bool:
    return (BASE_DIR / "boardportal" / "pagecache.py").exists()


def bench_dataset(dataset, url, env, workdir, args, cached: bool) -> list[Row]:
    env = {**env, "DATABASE_URL": url}
    pages = json.loads(
        subprocess.run(
            [sys.executable, "-m", "scripts.bench.pages"],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    pages = [("bare view", "/bench/bare/"), *map(tuple, pages)]
    results = {}
    for mode in ("uncached", "cached") if cached else ("uncached",):
        say(f"{dataset}, {mode}:")
        mode_env = {**env, "PAGE_CACHE": "1" if mode == "cached" else "0"}
        with Server(mode_env, workdir / f"gunicorn-{dataset}-{mode}.log") as server:
            results[mode] = measure(
                server, pages, args.seconds, args.connections, probe=mode == "uncached"
            )
    rows = []
    for name, _ in pages:
        uncached, queries, size, p95 = results["uncached"][name]
        cached_result = results["cached"][name][0] if "cached" in results else None
        rows.append(Row(dataset, name, uncached, cached_result, queries, size, p95))
    return rows


def scale_out(dataset, url, env, workdir, args) -> list[ScaleRow]:
    """One process, then two on two ports loaded at once, sharing the database and Redis.
    Each process has one worker: with two, one process already keeps both of a 2-core
    machine's CPUs busy, and a second could only take turns with it."""
    env = {**env, "DATABASE_URL": url, "PAGE_CACHE": "1", "GUNICORN_WORKERS": "1"}
    pages = dict(
        json.loads(
            subprocess.run(
                [sys.executable, "-m", "scripts.bench.pages"],
                cwd=BASE_DIR,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
    )
    rows = []
    with Server(env, workdir / "gunicorn-a.log") as a, Server(env, workdir / "gunicorn-b.log") as b:
        for name in SCALE_PAGES:
            path = pages[name]
            bodies = [normalise_page(fetch(s.base + path)[1]) for s in (a, b, a, b)]
            one = wrk(a.base + path, args.seconds, args.connections)
            two: list[WrkResult] = [None, None]

            def load(i, server, path=path, two=two):
                two[i] = wrk(server.base + path, args.seconds, args.connections)

            threads = [threading.Thread(target=load, args=(i, s)) for i, s in enumerate((a, b))]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            rows.append(ScaleRow(dataset, name, one, two, len(set(bodies)) == 1))
            both = sum(r.requests_per_second for r in two)
            say(f"  {name:<16} 1: {one.requests_per_second:,.0f}  2: {both:,.0f}")
    return rows


def conditions(args, databases: Databases, cached: bool) -> list[str]:
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=BASE_DIR, capture_output=True, text=True
    ).stdout.strip()
    return [
        f"- {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit or 'unknown'}",
        f"- {os.cpu_count()} CPUs, load average {' '.join(load)} at the end",
        f"- {'PostgreSQL' if databases.postgres else 'SQLite'}; gunicorn.conf.py with "
        f"{os.environ.get('GUNICORN_WORKERS', '2')} workers, DEBUG off",
        f"- wrk -t1 -c{args.connections} -d{args.seconds}s, loopback",
        "- cached: the page cache on (PAGE_CACHE=1)"
        + ("" if cached else "; not measured: boardportal.pagecache is not in this tree"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=5, help="wrk's duration per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--programmes", type=int, default=10_000)
    parser.add_argument("--datasets", default="demo,10k", help="demo, 10k or both")
    parser.add_argument("--keep", action="store_true", help="keep and reuse the databases")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        say("wrk is not installed: `make system-deps` (as root) installs it.")
        return 2
    datasets = [d.strip() for d in args.datasets.split(",") if d.strip()]
    if args.keep:
        KEEP_DIR.mkdir(parents=True, exist_ok=True)
    workdir = KEEP_DIR if args.keep else Path(tempfile.mkdtemp(prefix="boardportal-bench-"))
    databases = Databases(workdir, os.environ.get("DATABASE_URL"), args.keep)
    env = {
        **os.environ,
        "BOARDPORTAL_IGNORE_DOTENV": "1",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "DJANGO_SETTINGS_MODULE": "scripts.bench.settings",
        "BOARDPORTAL_BENCH_STATIC_ROOT": str(workdir / "static"),
        "GUNICORN_WORKERS": os.environ.get("GUNICORN_WORKERS", "2"),
        "GUNICORN_ACCESS_LOG": os.environ.get("GUNICORN_ACCESS_LOG", "/dev/null"),
        "CACHE_KEY_PREFIX": f"bench-{secrets.token_hex(4)}",
    }
    cached = page_cache_available()
    try:
        urls = prepare(databases, env, args.programmes, datasets)
        manage({**env, "DATABASE_URL": urls[datasets[0]]}, "collectstatic", "--noinput", "-v0")
        rows = []
        for dataset in datasets:
            rows += bench_dataset(dataset, urls[dataset], env, workdir, args, cached)
        scale = []
        if databases.postgres and os.environ.get("REDIS_URL") and cached:
            say("One process against two:")
            scale = scale_out(datasets[-1], urls[datasets[-1]], env, workdir, args)
    finally:
        databases.drop_all()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    bare = {row.dataset: row for row in rows if row.page == "bare view"}
    report = ["# make bench", "", *conditions(args, databases, cached), ""]
    report.append(format_table(rows, bare))
    if scale:
        report += ["", format_scale_table(scale), "", "(One worker in each process.)"]
    else:
        report += [
            "",
            "One process against two: needs DATABASE_URL on PostgreSQL, REDIS_URL "
            "and the page cache.",
        ]
    text = "\n".join(report) + "\n"
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"bench-{datetime.now(UTC):%Y%m%d-%H%M%S}.md"
    out.write_text(text)
    say("", text, f"Written to {out.relative_to(BASE_DIR)}")
    return 0
