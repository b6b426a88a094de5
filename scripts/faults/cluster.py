"""A throwaway PostgreSQL cluster: initdb into a directory of ours, on a free port,
listening on 127.0.0.1 only, with its socket in that directory too. Never the system's
cluster. As root (initdb refuses root) it runs as the `postgres` system user."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
from pathlib import Path

from .summary import newest_postgres

BINDIRS = "/usr/lib/postgresql/*/bin"


class ClusterError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_bindir() -> Path:
    found = newest_postgres(p for p in glob.glob(BINDIRS) if Path(p, "initdb").exists())
    if found is None:
        raise ClusterError(
            f"No PostgreSQL server binaries under {BINDIRS}: "
            "apt-get install postgresql (the service itself need not run)."
        )
    return found


class Cluster:
    def __init__(self, root: Path, port: int | None = None):
        self.root = root
        self.data = root / "data"
        self.log = root / "postgresql.log"
        self.port = port or free_port()
        self.bindir = postgres_bindir()
        self.user = "postgres" if os.geteuid() == 0 else None
        self.initialised = False

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/boardportal"

    def _run(self, tool: str, *args: str, timeout: float = 120) -> str:
        result = subprocess.run(
            [str(self.bindir / tool), *args],
            user=self.user,
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=timeout,
            # Its own session: a Ctrl-C at the terminal reaches us, and we stop it.
            start_new_session=True,
        )
        if result.returncode != 0:
            raise ClusterError(f"{tool} failed ({result.returncode}): {result.stderr.strip()}")
        return result.stdout

    def init(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self._run(
            "initdb",
            "--pgdata",
            str(self.data),
            "--username",
            "postgres",
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            "--locale",
            "C",
            "--no-sync",
        )
        self.initialised = True
        settings = {
            "port": str(self.port),
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{self.root}'",
            "max_connections": "60",
            "logging_collector": "off",
        }
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\n# make faults\n")
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())

    def pg_ctl(self, *args: str, timeout: float = 60) -> None:
        self._run("pg_ctl", "--pgdata", str(self.data), *args, timeout=timeout)

    def start(self) -> None:
        self.pg_ctl("--log", str(self.log), "--wait", "--timeout", "30", "start")

    def stop(self, mode: str = "fast") -> None:
        """fast: the server ends every connection (as a restart does) and shuts down."""
        self.pg_ctl("--mode", mode, "--wait", "--timeout", "30", "stop")

    def restart(self) -> None:
        # With --log, as at start: the new server must not hold our output pipes open.
        self.pg_ctl(
            "--log",
            str(self.log),
            "--mode",
            "fast",
            "--wait",
            "--timeout",
            "30",
            "restart",
            timeout=90,
        )

    def createdb(self, name: str) -> None:
        self._run(
            "createdb", "--host", "127.0.0.1", "--port", str(self.port), "-U", "postgres", name
        )

    def postmaster_pid(self) -> int | None:
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def remove(self) -> None:
        """Stop the server if it runs (immediately: it is thrown away), then delete it."""
        if self.initialised and self.postmaster_pid():
            try:
                self.stop(mode="immediate")
            except (ClusterError, subprocess.TimeoutExpired):
                pid = self.postmaster_pid()
                if pid:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
        shutil.rmtree(self.root, ignore_errors=True)
