"""Time public pages in-process (Django's test client, no server, no network) with the
page cache missing every time and hitting every time, on the demo data.

Run by hand, not in the test suite (`make bench` measures through gunicorn and wrk):

    .venv/bin/python benchmarks/page_cache.py          # 200 requests a page
    .venv/bin/python benchmarks/page_cache.py 500

It migrates a fresh SQLite database in a temporary folder, loads the board papers,
then for each page prints the mean milliseconds per request uncached (the data version
renewed before each request) and cached (served from the cache), and the ratio."""

import os
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(requests: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="boardportal-pagecache-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="boardportal.settings",
        BOARDPORTAL_IGNORE_DOTENV="1",
        DEBUG="0",
        SECRET_KEY="benchmark-only",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        DATA_VERSION_DIR=str(folder / "version"),
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from core import versioning
    from meetings.models import Meeting
    from priorities.models import Priority
    from programmes.models import Programme

    # Static files are not collected here: name them as DEBUG would.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    call_command("load_board_papers", stdout=StringIO())
    pages = {
        "home": "/",
        "priority": Priority.objects.order_by("pk").first().get_absolute_url(),
        "programme list": "/programmes/",
        "programme": Programme.objects.order_by("pk").first().get_absolute_url(),
        "meeting": Meeting.objects.order_by("pk").first().get_absolute_url(),
    }
    client = Client()
    print(f"{'page':<16}{'uncached ms':>12}{'cached ms':>11}{'ratio':>8}")
    for name, url in pages.items():
        timings = {}
        for mode in ("uncached", "cached"):
            client.get(url)
            spent = []
            for _ in range(requests):
                if mode == "uncached":
                    versioning.bump()
                started = time.perf_counter()
                response = client.get(url)
                spent.append(time.perf_counter() - started)
                expected = "miss" if mode == "uncached" else "hit"
                assert response["X-Page-Cache"] == expected, (url, response["X-Page-Cache"])
            timings[mode] = statistics.mean(spent) * 1000
        ratio = timings["uncached"] / timings["cached"]
        print(f"{name:<16}{timings['uncached']:>12.2f}{timings['cached']:>11.3f}{ratio:>7.0f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
