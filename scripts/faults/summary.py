"""The pure parts of `make faults`: what a request and a write came to, a fault's figures
from them, and the small parsers (gunicorn's access log, /proc, PostgreSQL's versions).
Nothing here starts, reads or times anything (tests/ops/test_faults_summary.py)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Result:
    """One request of the load: when it started and ended (seconds, monotonic clock),
    its status, or the error that left it without one."""

    start: float
    end: float
    status: int | None = None
    error: str = ""
    url: str = ""

    @property
    def answered(self) -> bool:
        return self.status is not None

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400

    @property
    def seconds(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Window:
    """A fault: injected at `start`, over (the database back, the workers replaced) at
    `over`, watched until `end`."""

    start: float
    over: float
    end: float


@dataclass
class Summary:
    requests: int = 0
    failed: int = 0  # no HTTP response at all: reset, refused, timed out
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    slowest: float = 0.0
    fault_seconds: float = 0.0
    recovery: float = 0.0  # from the fault being over to the last response that was not OK
    longest_gap: float = 0.0  # the longest time without any response completing

    @property
    def server_errors(self) -> int:
        """5xx other than 503: the 500s that must never happen."""
        return sum(n for status, n in self.statuses.items() if status >= 500 and status != 503)


def in_window(results: Iterable[Result], window: Window) -> list[Result]:
    """The requests that were under way at any moment of the window: a request in flight
    when a worker is killed started before the fault and still counts."""
    return [r for r in results if r.end >= window.start and r.start < window.end]


def longest_gap(ends: Sequence[float], start: float, end: float) -> float:
    """The longest stretch of [start, end] in which no response completed."""
    points = [start, *sorted(t for t in ends if start <= t <= end), end]
    return max(b - a for a, b in zip(points, points[1:], strict=False))


def summarise(results: Iterable[Result], window: Window) -> Summary:
    chosen = in_window(results, window)
    summary = Summary(requests=len(chosen), fault_seconds=window.over - window.start)
    for result in chosen:
        if result.answered:
            summary.statuses[result.status] += 1
        else:
            summary.failed += 1
            summary.errors[result.error or "error"] += 1
    summary.slowest = max((r.seconds for r in chosen), default=0.0)
    not_ok = [r.end for r in chosen if not r.ok]
    summary.recovery = max(0.0, max(not_ok, default=window.over) - window.over)
    summary.longest_gap = longest_gap([r.end for r in chosen if r.answered], *_span(window))
    return summary


def _span(window: Window) -> tuple[float, float]:
    return window.start, window.end


@dataclass(frozen=True)
class Writes:
    """Progress updates written during a fault: acknowledged (the service returned),
    refused (it raised), lost (acknowledged but not in the database), in doubt (refused,
    yet there: the commit reached the server but its answer did not come back), and
    half-written (an update without its history row)."""

    acknowledged: int
    refused: int
    lost: int
    in_doubt: int
    half_written: int


def summarise_writes(
    acknowledged: Iterable[str],
    refused: Iterable[str],
    stored: Iterable[str],
    with_history: Iterable[str],
) -> Writes:
    acked, refused_, stored_, history = (
        set(x) for x in (acknowledged, refused, stored, with_history)
    )
    return Writes(
        acknowledged=len(acked),
        refused=len(refused_),
        lost=len(acked - stored_),
        in_doubt=len(refused_ & stored_),
        half_written=len(stored_ - history),
    )


def format_summary(name: str, summary: Summary, writes: Writes | None = None) -> list[str]:
    statuses = ", ".join(f"{s}: {n}" for s, n in sorted(summary.statuses.items())) or "none"
    errors = ", ".join(f"{e}: {n}" for e, n in sorted(summary.errors.items()))
    lines = [
        f"{name}",
        f"  requests {summary.requests}, failed (no response) {summary.failed}"
        + (f" ({errors})" if errors else ""),
        f"  status codes: {statuses}; 500s: {summary.server_errors}",
        f"  slowest response {summary.slowest:.3f} s; longest with no response "
        f"{summary.longest_gap:.3f} s",
        f"  fault lasted {summary.fault_seconds:.1f} s; recovered {summary.recovery:.2f} s "
        "after it was over",
    ]
    if writes is not None:
        lines.append(
            f"  writes: {writes.acknowledged} acknowledged, {writes.lost} lost, "
            f"{writes.refused} refused ({writes.in_doubt} of them stored all the same), "
            f"{writes.half_written} half-written"
        )
    return lines


# --- Parsers ---------------------------------------------------------------------------

# gunicorn.conf.py's access_log_format: %(h)s "%(r)s" %(s)s %(B)s %(M)sms request=<id>
ACCESS_LINE = re.compile(
    r'^(?P<host>\S+) "(?P<method>[A-Z]+) (?P<path>\S+) [^"]*" (?P<status>\d{3}) '
    r"(?P<bytes>\d+|-) (?P<ms>\d+)ms request=(?P<request_id>\S*)$"
)


@dataclass(frozen=True)
class AccessEntry:
    method: str
    path: str
    status: int
    ms: int
    request_id: str


def parse_access_line(line: str) -> AccessEntry | None:
    match = ACCESS_LINE.match(line.strip())
    if match is None:
        return None
    return AccessEntry(
        method=match["method"],
        path=match["path"],
        status=int(match["status"]),
        ms=int(match["ms"]),
        request_id=match["request_id"],
    )


def access_statuses(lines: Iterable[str]) -> Counter:
    """The status codes gunicorn logged, counted: the server's own view of the run."""
    return Counter(entry.status for line in lines if (entry := parse_access_line(line)))


def parse_loadavg(text: str) -> tuple[float, float, float]:
    """/proc/loadavg: the load averages over 1, 5 and 15 minutes."""
    one, five, fifteen = text.split()[:3]
    return float(one), float(five), float(fifteen)


@dataclass(frozen=True)
class ProcStat:
    pid: int
    state: str
    ppid: int
    pgrp: int


def parse_proc_stat(text: str) -> ProcStat:
    """/proc/<pid>/stat. The command name sits in brackets and may hold spaces or
    brackets itself, so the fields are read after its last closing bracket."""
    pid, _, rest = text.partition(" (")
    fields = rest.rpartition(") ")[2].split()
    return ProcStat(pid=int(pid), state=fields[0], ppid=int(fields[1]), pgrp=int(fields[2]))


def newest_postgres(bindirs: Iterable[str | Path]) -> Path | None:
    """The bin directory of the newest PostgreSQL among /usr/lib/postgresql/<version>/bin."""

    def version(path: Path) -> tuple[int, ...]:
        digits = re.findall(r"\d+", path.parent.name)
        return tuple(int(d) for d in digits) if digits else (-1,)

    candidates = [Path(p) for p in bindirs]
    return max(candidates, key=version, default=None)
