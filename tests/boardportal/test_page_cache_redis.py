"""The page cache and the data version in Redis (REDIS_URL), and two app processes
sharing one database and one Redis: a write through one is seen at once on the other.

Redis is TEST_REDIS_URL (default redis://127.0.0.1:6379/0). Where it is not running
these tests skip with a reason; in CI (`CI` set) they fail, since CI must run them.
Each test keeps its keys under a prefix of its own and deletes them after: nothing
else in that Redis is touched (no FLUSHDB)."""

import os
import secrets
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from django.conf import settings as django_settings

from boardportal import pagecache
from core import versioning
from tests import factories as f
from tests.boardportal.test_page_cache_writes import FormFields

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
BASE_DIR = Path(django_settings.BASE_DIR)
PYTHON = str(BASE_DIR / ".venv" / "bin" / "python")


def redis_client():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        message = f"No Redis at {REDIS_URL} ({error}): start redis-server, or set TEST_REDIS_URL"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the Redis tests. {message}")
        pytest.skip(message)
    return client


@pytest.fixture
def redis_prefix():
    client = redis_client()
    prefix = f"boardportal-test-{uuid.uuid4().hex[:12]}"
    yield prefix
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


@pytest.fixture
def in_redis(settings, redis_prefix):
    backend = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": redis_prefix,
    }
    settings.CACHES = {
        **settings.CACHES,
        "pages": {**backend, "TIMEOUT": 60},
        "data_version": {**backend, "TIMEOUT": None},
    }
    settings.BOARDPORTAL_PAGE_CACHE = True
    return redis_prefix


@pytest.mark.django_db
def test_pages_and_the_version_live_in_redis(client, in_redis):
    f.PlanYearFactory(label="2012/13")
    f.ThemeFactory(name="Growth")
    raw = redis_client()
    assert client.get("/themes/")[pagecache.STATUS_HEADER] == "miss"
    assert client.get("/themes/")[pagecache.STATUS_HEADER] == "hit"
    version_key = f"{in_redis}:1:{versioning.KEY}"
    token = raw.get(version_key)
    assert token is not None
    assert any(raw.scan_iter(match=f"{in_redis}:1:page:*"))
    # Another process bumping the version (here, straight into Redis) is seen at once.
    versioning.bump()
    assert raw.get(version_key) != token
    assert client.get("/themes/")[pagecache.STATUS_HEADER] == "miss"


@pytest.mark.django_db
def test_a_process_keeps_the_pages_it_served_at_hand_and_exactly(client, in_redis, settings):
    f.PlanYearFactory(label="2012/13")
    f.ThemeFactory(name="Growth")
    raw = redis_client()
    assert pagecache.near_pages() is not None
    first = client.get("/themes/")
    assert first[pagecache.STATUS_HEADER] == "miss"
    # The page is gone from Redis, but this process served it: it answers from its own
    # copy, the same page, without a second trip for it.
    for key in raw.scan_iter(match=f"{in_redis}:1:page:*"):
        raw.delete(key)
    again = client.get("/themes/")
    assert again[pagecache.STATUS_HEADER] == "hit" and again.content == first.content
    # A new version (a write anywhere) and its copy is never asked for again.
    versioning.bump()
    assert client.get("/themes/")[pagecache.STATUS_HEADER] == "miss"
    # PAGE_CACHE_NEAR_MB=0: only Redis.
    settings.BOARDPORTAL_PAGE_CACHE_NEAR_BYTES = 0
    assert pagecache.near_pages() is None
    for key in raw.scan_iter(match=f"{in_redis}:1:page:*"):
        raw.delete(key)
    assert client.get("/themes/")[pagecache.STATUS_HEADER] == "miss"


# --- Two app processes ----------------------------------------------------------------

SEED = """
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django.contrib.auth import get_user_model
from priorities.models import PlanYear, Theme

PlanYear.objects.create(
    label="2012/13", starts_on="2012-04-01", ends_on="2013-03-31",
    status=PlanYear.Status.AGREED, agreed_on="2012-03-01", agreed_by="the Executive",
)
theme = Theme.objects.create(name="Growth", slug="growth", order=1)
user = get_user_model().objects.create_superuser("admin", "admin@example.org", "unused-password")
device = TOTPDevice.objects.create(user=user, name="Test", confirmed=True)
client = Client()
client.force_login(user)
session = client.session
session[DEVICE_ID_SESSION_KEY] = device.persistent_id
session.save()
print(theme.pk, client.cookies["sessionid"].value)
"""


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited: {process.stdout.read()[-3000:]}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def run(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def migrated(path: Path, env: dict[str, str]) -> None:
    """A migrated SQLite database at `path`: a copy of the test database, already
    migrated, when it is SQLite (seconds); else `migrate` (a minute or more)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        run(env, "migrate", "--noinput")
        return
    import sqlite3

    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


@pytest.fixture
def two_servers(tmp_path, redis_prefix, db):
    """Two gunicorn servers (gunicorn.conf.py, DEBUG off) on two ports, one SQLite
    database file and one Redis between them."""
    kept = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR")
    env = {
        **{k: v for k, v in os.environ.items() if k in kept},
        "DJANGO_SETTINGS_MODULE": "tests.boardportal.two_servers_settings",
        "BOARDPORTAL_IGNORE_DOTENV": "1",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": redis_prefix,
        "GUNICORN_WORKERS": "1",
        "GUNICORN_ACCESS_LOG": "-",
        "PYTHONUNBUFFERED": "1",
    }
    migrated(tmp_path / "shared.sqlite3", env)
    theme_pk, session = run(env, "shell", "-c", SEED).strip().splitlines()[-1].split()
    servers = []
    try:
        for _ in range(2):
            port = free_port()
            process = subprocess.Popen(
                [str(BASE_DIR / ".venv" / "bin" / "gunicorn"), "--config", "gunicorn.conf.py"],
                cwd=BASE_DIR,
                env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            servers.append((f"http://127.0.0.1:{port}", process))
        for url, process in servers:
            wait_until_up(f"{url}/healthz", process)
        yield {"urls": [url for url, _ in servers], "theme": theme_pk, "session": session}
    finally:
        for _, process in servers:
            process.terminate()
        for _, process in servers:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def admin_save(base: str, session: str, path: str, **changes) -> None:
    """Save an admin change form as a browser would, signed in by `session`."""
    browser = requests.Session()
    browser.cookies.set("sessionid", session)
    page = browser.get(base + path, timeout=10)
    assert page.status_code == 200, page.text[:500]
    parser = FormFields()
    parser.feed(page.text)
    data: dict[str, list[str]] = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    data.update({name: [value] for name, value in changes.items()})
    saved = browser.post(
        base + path, data=data, headers={"Referer": base + path}, allow_redirects=False, timeout=10
    )
    assert saved.status_code == 302, saved.text[:2000]


@pytest.mark.django_db  # for the migrated test database that the servers start from
@pytest.mark.skipif(sys.platform != "linux", reason="gunicorn runs on Linux here")
def test_a_write_through_one_process_is_seen_at_once_on_the_other(two_servers):
    one, other = two_servers["urls"]
    for base in (one, other):
        for expected in ("miss", "hit"):
            page = requests.get(f"{base}/themes/", timeout=10)
            assert page.headers[pagecache.STATUS_HEADER] == expected, base
            assert "Growth" in page.text and "Green growth" not in page.text
    admin_save(
        one,
        two_servers["session"],
        f"/admin/priorities/theme/{two_servers['theme']}/change/",
        name="Green growth",
    )
    for base in (other, one):
        page = requests.get(f"{base}/themes/", timeout=10)
        assert page.headers[pagecache.STATUS_HEADER] == "miss", base
        assert "Green growth" in page.text, base
    # Both agree from then on, and serve it from the cache again.
    again = [requests.get(f"{base}/themes/", timeout=10) for base in (one, other)]
    assert [page.headers[pagecache.STATUS_HEADER] for page in again] == ["hit", "hit"]
    assert again[0].text == again[1].text
