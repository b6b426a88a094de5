"""`make profile`: where uncached rendering spends its time, page type by page type.

Each page of scripts.bench.pages is requested (after one warm-up) `--requests` times
through Django's test client, DEBUG off and the page cache off, under cProfile; for each
it prints the milliseconds per request, the queries, the project's functions (and
django-tables2's and django-filter's) that cost most with what they call, and the
functions that cost most in themselves. The
databases are the benchmark's (benchmarks/.data/, made on first use as `make bench
--keep` makes them); DATABASE_URL on PostgreSQL works as for `make bench`. The full
profiles are written to benchmarks/.data/profiles/<dataset>-<page>.prof (open them
with `python -m pstats` or snakeviz).

    make profile                            # the demo data and 10,000 programmes
    make profile PROFILE_ARGS="--datasets demo --requests 50 --top 25"
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import secrets
import subprocess
import sys
import time

from .run import BASE_DIR, KEEP_DIR, Databases, prepare, say

# The lines shown by cumulative time: the project's own code (not the middleware every
# page passes through) and the table and filter libraries.
OWN_CODE = (
    rf"({re.escape(str(BASE_DIR))}/(boardportal/(?!middleware|pagecache|sessions)|priorities/"
    r"|programmes/|meetings/|core/)|django_tables2|django_filters)"
)


def profile_dataset(dataset: str, requests: int, top: int) -> None:
    """In this process (Django set up for one database): each page, profiled."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from .pages import page_urls

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client = Client()
    out_dir = KEEP_DIR / "profiles"
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, path in page_urls():
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)
        queries = []

        def counted(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            response = client.get(path)
            if response.streaming:
                b"".join(response.streaming_content)
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for _ in range(requests):
            response = client.get(path)
            if response.streaming:
                b"".join(response.streaming_content)
        profiler.disable()
        per_request = (time.perf_counter() - started) * 1000 / requests
        slug = re.sub(r"\W+", "-", name)
        profiler.dump_stats(out_dir / f"{dataset}-{slug}.prof")
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.sort_stats("cumulative").print_stats(OWN_CODE, top)
        stats.sort_stats("tottime").print_stats(top)
        say(
            "",
            f"== {dataset}: {name} ({path}): {per_request:.1f} ms a request (profiled), "
            f"{len(queries)} queries, {response.status_code}",
        )
        say(*[line for line in text.getvalue().splitlines() if _shown(line)])


def _shown(line: str) -> bool:
    """pstats' tables without its preamble (totals, the sort order, the filter)."""
    return bool(line.strip()) and not line.lstrip().startswith(
        ("Ordered by", "List reduced", "function calls")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make profile", description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", default="demo,10k")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--top", type=int, default=20, help="functions shown per page")
    parser.add_argument("--programmes", type=int, default=10_000)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # the child: profile this dataset
    args = parser.parse_args(argv)
    if args.one:
        import django

        django.setup()
        profile_dataset(args.one, args.requests, args.top)
        return 0
    datasets = [d.strip() for d in args.datasets.split(",") if d.strip()]
    KEEP_DIR.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "BOARDPORTAL_IGNORE_DOTENV": "1",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "PAGE_CACHE": "0",
        "DJANGO_SETTINGS_MODULE": "boardportal.settings",
    }
    databases = Databases(KEEP_DIR, os.environ.get("DATABASE_URL"), keep=True)
    urls = prepare(databases, env, args.programmes, datasets)
    for dataset in datasets:
        command = [sys.executable, "-m", "scripts.bench.profile", "--one", dataset]
        command += ["--requests", str(args.requests), "--top", str(args.top)]
        dataset_env = {**env, "DATABASE_URL": urls[dataset]}
        subprocess.run(command, cwd=BASE_DIR, env=dataset_env, check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
