"""gunicorn.conf.py: the application loaded before the fork with nothing open to the
database or Redis, workers from the CPU count, timeouts, recycling, the access log
with the request id, and workers that leave quickly with their own exit code."""

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "gunicorn.conf.py"


def conf(monkeypatch, **env):
    for name in [n for n in os.environ if n.startswith("GUNICORN_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_the_production_settings(monkeypatch):
    settings = conf(monkeypatch)
    assert settings["wsgi_app"] == "boardportal.wsgi:application"
    assert settings["preload_app"] is True
    assert settings["worker_class"] == "sync"
    assert settings["workers"] == 2 * len(os.sched_getaffinity(0)) + 1
    assert settings["timeout"] == 60
    assert settings["graceful_timeout"] == settings["timeout"]
    assert (settings["max_requests"], settings["max_requests_jitter"]) == (1000, 100)
    assert settings["accesslog"] == "-"
    assert "%({x-request-id}o)s" in settings["access_log_format"]
    assert settings["bind"] == ["127.0.0.1:8000"]
    assert settings["control_socket_disable"] is True
    for hook in ("when_ready", "pre_fork", "worker_exit"):
        assert callable(settings[hook])


def test_the_environment_overrides(monkeypatch):
    settings = conf(
        monkeypatch,
        GUNICORN_WORKERS="2",
        GUNICORN_TIMEOUT="90",
        GUNICORN_BIND="0.0.0.0:9000",
        GUNICORN_PIDFILE="/run/boardportal/gunicorn.pid",
    )
    assert settings["workers"] == 2
    assert settings["timeout"] == settings["graceful_timeout"] == 90
    assert settings["bind"] == ["0.0.0.0:9000"]
    assert settings["pidfile"] == "/run/boardportal/gunicorn.pid"


def test_gunicorn_reads_it(tmp_path):
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "--config", str(CONF), "--print-config"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "GUNICORN_WORKERS": "3"},
    )
    assert result.returncode == 0, result.stderr
    printed = {
        line.split("=", 1)[0].strip(): line.split("=", 1)[1].strip()
        for line in result.stdout.splitlines()
        if "=" in line
    }
    assert printed["preload_app"] == "True"
    assert printed["workers"] == "3"
    assert printed["max_requests_jitter"] == "100"


def run_python(code: str, tmp_path: Path, **env) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "boardportal.settings",
        "BOARDPORTAL_IGNORE_DOTENV": "1",
        "DEBUG": "0",
        "SECRET_KEY": "test-only-key-not-for-production",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


LOAD_AS_THE_MASTER_DOES = f"""
import runpy
conf = runpy.run_path({str(CONF)!r})
from boardportal.wsgi import application  # what preload_app loads
conf["warm_up"]()
print("open before the fork:", conf["open_connections"]())
"""


def test_loading_and_warming_up_opens_nothing_to_the_database_or_redis(tmp_path):
    # Both point at a closed port: touching either would fail loudly.
    result = run_python(
        LOAD_AS_THE_MASTER_DOES,
        tmp_path,
        DATABASE_URL="postgres://nobody@127.0.0.1:1/nothing",
        REDIS_URL="redis://127.0.0.1:1/0",
    )
    assert result.returncode == 0, result.stderr
    assert "open before the fork: []" in result.stdout


PRE_FORK = f"""
import runpy
conf = runpy.run_path({str(CONF)!r})
from boardportal.wsgi import application
from django.db import connection
connection.ensure_connection()
print("opened:", conf["open_connections"]())

class Log:
    def warning(self, message, *args):
        print("warning:", message % args)

class Server:
    log = Log()

conf["pre_fork"](Server(), None)
print("after pre_fork:", conf["open_connections"]())
"""


def test_pre_fork_closes_what_was_opened_in_the_master(tmp_path):
    result = run_python(PRE_FORK, tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert result.returncode == 0, result.stderr
    assert "opened: [\"database 'default'\"]" in result.stdout
    assert "warning: Closing what was open before the fork (database 'default')" in result.stdout
    assert "after pre_fork: []" in result.stdout


@pytest.mark.parametrize(("exit_with", "code"), [("0", 0), ("None", 0), ("3", 3), ("'x'", 1)])
def test_a_leaving_worker_keeps_its_exit_code(tmp_path, exit_with, code):
    """gunicorn reads a worker's exit code (3: it failed to boot, 4: the application
    failed to load) to decide whether to carry on: the quick exit must keep it."""
    script = f"""
import runpy, sys
conf = runpy.run_path({str(CONF)!r})
try:
    sys.exit({exit_with})
finally:
    conf["worker_exit"](None, None)
"""
    assert run_python(script, tmp_path).returncode == code


def test_an_unexpected_error_is_left_to_python(tmp_path):
    script = f"""
import runpy
conf = runpy.run_path({str(CONF)!r})
try:
    raise KeyError("boom")
finally:
    conf["worker_exit"](None, None)
"""
    result = run_python(script, tmp_path)
    assert result.returncode == 1
    assert "KeyError: 'boom'" in result.stderr
