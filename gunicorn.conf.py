"""gunicorn's configuration for boardportal in production (`make serve-production`, or
`.venv/bin/gunicorn --config gunicorn.conf.py`). README, "Running in production", has
the release procedure; `make faults` rehearses a killed worker, reloads and database
outages under load with it.

The application is loaded once, in the master, before the workers are forked
(`preload_app`), and the master also loads what each worker would otherwise load at
its first request (the URLs and their views, the templates, the static files'
manifest). A new worker, after a reload, a crash or recycling, is then a fork of a
ready process and answers at once. Nothing may be open to the database or Redis at
the fork (the workers would share one connection): `pre_fork` closes anything that is,
with a warning, before each fork.

With preload, SIGHUP replaces the workers with forks of the same loaded code (and
re-reads this file): it does not load a new release. A release is loaded by SIGUSR2
(a new master starts beside the old one, with the new code) and then SIGTERM to the
old master, whose workers finish their requests and leave; see the README. (SIGQUIT
and SIGINT are gunicorn's quick shutdown: they cut requests off.)

Every setting can be overridden from the environment (GUNICORN_*) or gunicorn's own
command line.
"""

import gc
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def cpu_count() -> int:
    """The CPUs this process may run on (a container's share, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


wsgi_app = "boardportal.wsgi:application"
chdir = str(HERE)
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]

# Sync workers, the usual 2 per CPU plus 1: a request holds a worker while it waits on
# the database, so a few more workers than CPUs keep them busy. Put a buffering proxy
# (nginx) in front: a slow client then ties up the proxy, not a worker.
worker_class = "sync"
workers = int(os.environ.get("GUNICORN_WORKERS") or 2 * cpu_count() + 1)

# A worker silent this long is killed and replaced: twice the slowest download measured
# (the PDF of 10,000 programmes, 23 s; README, "Reports").
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On a reload or shutdown, a worker may finish its request for this long: as long as
# the timeout allows any request to run, so a reload cuts none short.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", str(timeout)))

# Each worker is replaced after 1,000 to 1,100 requests (the jitter keeps them from all
# restarting together), which bounds any slow growth of its memory. Cheap with preload:
# the replacement is a fork of the loaded master.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))

preload_app = True

# Access log on stdout, one line a request, with the request id the response carries
# (X-Request-ID, boardportal.middleware) so it matches the application's log lines on
# stderr (`[request <id>]`). %(M)s is the time taken in milliseconds.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms request=%({x-request-id}o)s'
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# The master's process id, for signals (kill -USR2 "$(cat gunicorn.pid)"). During a
# release the old master's file is renamed gunicorn.pid.oldbin.
pidfile = os.environ.get("GUNICORN_PIDFILE") or None
proc_name = "boardportal"
# Heartbeat files in memory, not on a disk that may stall.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
# gunicorn's control socket defaults to one shared path per user ($HOME/.gunicorn), which
# two instances on a machine would fight over; signals are enough here. Opt in with
# GUNICORN_CONTROL_SOCKET=<path>.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True


# --- Hooks ---------------------------------------------------------------------------


def warm_up() -> None:
    """Load in the master what each worker would otherwise load at its first request.
    Reads files only: nothing here may touch the database or the cache."""
    from importlib import import_module

    from django.apps import apps
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.db import connections
    from django.template import engines
    from django.urls import get_resolver
    from django.utils.module_loading import import_string

    # What Django imports at a first request, and the models' field caches.
    for name in (settings.MESSAGE_STORAGE, settings.SESSION_SERIALIZER):
        import_string(name)
    for connection in connections.all():  # made, not connected
        import_module(connection.ops.compiler_module)
    for model in apps.get_models(include_auto_created=True):
        model._meta.get_fields(include_hidden=True)
    resolver = get_resolver()
    resolver.resolve("/")  # imports the URL modules and their views
    getattr(resolver, "reverse_dict", None)  # and builds what reverse() and {% url %} read
    # The static files' manifest, read now: a worker forked later (after a release's
    # collectstatic) still serves the file names its own templates ask for.
    getattr(staticfiles_storage, "base_location", None)
    for engine in engines.all():
        getattr(getattr(engine, "engine", None), "template_context_processors", None)
        for directory in getattr(engine, "template_dirs", ()):
            for path in sorted(Path(directory).rglob("*.html")):
                try:
                    engine.get_template(str(path.relative_to(directory)))
                except Exception:  # noqa: BLE001 - a page fails at its request, not at start
                    continue


def _redis_pools(cache) -> dict:
    """The connection pools of a Redis cache that has made any (Django's RedisCache)."""
    client = cache.__dict__.get("_cache")  # made on first use; not made here
    return getattr(client, "_pools", None) or {}


def open_connections() -> list[str]:
    """What is open to the database or Redis in this process."""
    if "django" not in sys.modules:
        return []
    from django.core.cache import caches
    from django.db import connections

    opened = [
        f"database {c.alias!r}"
        for c in connections.all(initialized_only=True)
        if c.connection is not None
    ]
    opened += ["Redis cache" for c in caches.all(initialized_only=True) if _redis_pools(c)]
    return opened


def close_connections() -> None:
    from django.core.cache import caches
    from django.db import connections

    connections.close_all()
    for cache in caches.all(initialized_only=True):
        pools = _redis_pools(cache)
        for pool in pools.values():
            pool.disconnect()
        pools.clear()


def when_ready(server):
    warm_up()
    # What the master made so far stays out of the workers' garbage collections, which
    # would otherwise touch (and so copy) every page of it in each of them.
    gc.freeze()
    server.log.info("Application loaded and warmed up; forking %s workers", server.num_workers)


def pre_fork(server, worker):
    opened = open_connections()
    if opened:
        server.log.warning(
            "Closing what was open before the fork (%s): nothing should open it in the master",
            ", ".join(opened),
        )
        close_connections()


def worker_exit(server, worker):
    """A worker leaving normally (reload, release, recycling, shutdown) closes its
    database connection and exits at once, with its own exit code. Python's own clean-up
    at exit would touch every object inherited from the master, copying its memory and
    keeping a CPU busy for seconds per worker: on a reload, while the new workers serve."""
    error = sys.exc_info()[1]
    if not isinstance(error, SystemExit):
        return  # an unexpected error: let Python report it as usual
    code = error.code if isinstance(error.code, int) else (0 if error.code is None else 1)
    if "django" in sys.modules:
        from django.db import connections

        connections.close_all()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(code)
