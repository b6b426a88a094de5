"""gunicorn as in production (gunicorn.conf.py), started, signalled and stopped by us:
a worker killed, a graceful reload (HUP), a release (USR2, then TERM to the old master),
and at the end every process of its process group ended."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from .summary import parse_proc_stat

BASE_DIR = Path(__file__).resolve().parents[2]


class ServerError(RuntimeError):
    pass


def processes() -> list:
    """Every live (not zombie) process, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = parse_proc_stat((entry / "stat").read_text())
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile
        if stat.state != "Z":
            found.append(stat)
    return found


def children(parent: int) -> list[int]:
    return sorted(p.pid for p in processes() if p.ppid == parent)


def alive(pid: int) -> bool:
    try:
        return parse_proc_stat(Path(f"/proc/{pid}/stat").read_text()).state != "Z"
    except (OSError, ValueError, IndexError):
        return False


def wait_for(condition, timeout: float, what: str, step: float = 0.05):
    limit = time.monotonic() + timeout
    while time.monotonic() < limit:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise ServerError(f"Timed out after {timeout:.0f} s waiting for {what}")


class Gunicorn:
    def __init__(self, root: Path, port: int, env: dict[str, str]):
        self.root = root
        self.port = port
        self.env = env
        self.pidfile = root / "gunicorn.pid"
        self.access_log = root / "access.log"
        self.error_log = root / "error.log"
        self.process: subprocess.Popen | None = None
        self.group: int | None = None
        self.masters: set[int] = set()  # every master we had, for the clean-up
        self.workers_wanted = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.env["GUNICORN_PIDFILE"] = str(self.pidfile)
        self.env["GUNICORN_BIND"] = f"127.0.0.1:{self.port}"
        with self.access_log.open("ab") as out, self.error_log.open("ab") as err:
            self.process = subprocess.Popen(
                [str(BASE_DIR / ".venv" / "bin" / "gunicorn"), "--config", "gunicorn.conf.py"],
                cwd=BASE_DIR,
                env=self.env,
                stdout=out,
                stderr=err,
                start_new_session=True,  # its own process group, which we end at the close
            )
        self.group = self.process.pid
        self.masters.add(self.process.pid)
        wait_for(lambda: self.master() == self.process.pid, 60, "gunicorn's pid file")
        self.workers_wanted = len(wait_for(self.full_workers, 60, "gunicorn's workers"))
        self.wait_healthy(60)

    def master(self) -> int | None:
        try:
            pid = int(self.pidfile.read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if alive(pid) else None

    def workers(self, master: int | None = None) -> list[int]:
        master = master or self.master()
        return [p for p in children(master) if p not in self.masters] if master else []

    def full_workers(self) -> list[int]:
        """The workers, once there are as many as configured (read from the first start)."""
        workers = self.workers()
        if self.workers_wanted:
            return workers if len(workers) >= self.workers_wanted else []
        # At the first start: settled when the count stops growing for a moment.
        time.sleep(1.0)
        again = self.workers()
        return again if again and again == workers else []

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def wait_healthy(self, timeout: float) -> None:
        wait_for(self.healthy, timeout, "/healthz to answer ok", step=0.1)

    # --- Faults ------------------------------------------------------------------------

    def kill_worker(self) -> int:
        """SIGKILL one worker (the newest: the oldest may be the busiest, any will do)."""
        victim = self.workers()[-1]
        os.kill(victim, signal.SIGKILL)
        return victim

    def wait_workers_replaced(self, old: list[int], timeout: float = 60) -> None:
        def replaced():
            current = self.workers()
            return len(current) >= self.workers_wanted and not set(current) & set(old)

        wait_for(replaced, timeout, "the workers to be replaced")

    def reload(self) -> None:
        """SIGHUP: new workers (forks of the loaded master), the old ones finish and go."""
        old = self.workers()
        os.kill(self.master(), signal.SIGHUP)
        self.wait_workers_replaced(old)

    def release(self) -> None:
        """A new release: USR2 starts a new master (new code) beside the old one, which
        writes its pid to <pidfile>.2; once its workers are up, TERM retires the old
        master, whose workers finish and leave, and the new one takes over <pidfile>."""
        old_master = self.master()
        second = Path(f"{self.pidfile}.2")
        os.kill(old_master, signal.SIGUSR2)

        def new_master():
            try:
                pid = int(second.read_text().strip())
            except (OSError, ValueError):
                return None
            return pid if alive(pid) else None

        new = wait_for(new_master, 60, "the new master")
        self.masters.add(new)
        wait_for(lambda: len(self.workers(new)) >= self.workers_wanted, 60, "the new workers")
        os.kill(old_master, signal.SIGTERM)
        wait_for(lambda: not alive(old_master), 120, "the old master to finish")
        if self.process is not None and self.process.pid == old_master:
            self.process.wait(timeout=10)
        wait_for(lambda: self.master() == new, 30, "the new master to take over the pid file")

    # --- The end -----------------------------------------------------------------------

    def stop(self) -> None:
        """TERM to the process group we started (every master and worker is in it), then
        KILL what is left after a grace period."""
        if self.group is None:
            return
        for sig, grace in ((signal.SIGTERM, 15.0), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(self.group, sig)
            except ProcessLookupError:
                break
            limit = time.monotonic() + grace
            while time.monotonic() < limit and self._group_alive():
                if self.process is not None:
                    self.process.poll()
                time.sleep(0.1)
            if not self._group_alive():
                break
        if self.process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=5)
        self.group = None

    def _group_alive(self) -> bool:
        return any(p.pgrp == self.group for p in processes())
