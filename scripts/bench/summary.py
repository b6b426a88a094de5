"""The pure parts of `make bench`: reading wrk's report and laying out the table
(tested in tests/ops/test_bench_summary.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass(frozen=True)
class WrkResult:
    requests_per_second: float
    p50_ms: float | None
    p99_ms: float | None
    requests: int
    errors: int  # socket errors and non-2xx/3xx answers


def duration_ms(text: str) -> float:
    """wrk's '1.23ms', '850.00us', '2.01s', '1.05m' in milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"Not a wrk duration: {text!r}")
    return float(match.group(1)) * _UNITS_MS[match.group(2)]


def parse_wrk(report: str) -> WrkResult:
    """The figures of a `wrk --latency` report."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", report)
    if rps is None:
        raise ValueError("No Requests/sec in wrk's report")
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", report, re.M))
    total = re.search(r"(\d+) requests in ", report)
    errors = 0
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", report
    )
    if socket:
        errors += sum(int(n) for n in socket.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    if non_2xx:
        errors += int(non_2xx.group(1))
    return WrkResult(
        requests_per_second=float(rps.group(1)),
        p50_ms=duration_ms(latency["50"]) if "50" in latency else None,
        p99_ms=duration_ms(latency["99"]) if "99" in latency else None,
        requests=int(total.group(1)) if total else 0,
        errors=errors,
    )


@dataclass(frozen=True)
class Row:
    """One page of one dataset: uncached and (when measured) cached."""

    dataset: str
    page: str
    uncached: WrkResult | None
    cached: WrkResult | None
    queries: int | None
    size_bytes: int | None
    one_p95_ms: float | None = None  # uncached, requests one after another on one connection


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile (`share` 95 for p95) of some timings; None of none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 100))  # ceil without floats' surprises
    return ordered[int(rank) - 1]


def ratio(result: WrkResult | None, bare: WrkResult | None) -> str:
    if result is None or bare is None or not bare.requests_per_second:
        return "-"
    return f"{result.requests_per_second / bare.requests_per_second:.2f}x"


def _rps(result: WrkResult | None) -> str:
    if result is None:
        return "-"
    if not result.requests:
        return "none finished"
    flag = f" ({result.errors} errors)" if result.errors else ""
    return f"{result.requests_per_second:,.0f}{flag}"


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def _latency(result: WrkResult | None) -> str:
    if result is None or not result.requests:
        return "-"
    return f"{_ms(result.p50_ms)} / {_ms(result.p99_ms)}"


def format_table(rows: list[Row], bare: dict[str, Row]) -> str:
    """A Markdown table: each page's requests/s uncached and cached, as a share of the
    bare view's in the same run, p50/p99 in ms, queries per request, bytes, and the p95
    of uncached requests made one at a time."""
    lines = [
        "| data | page | uncached req/s | of bare | p50 / p99 ms | cached req/s | of bare "
        "| p50 / p99 ms | queries | bytes | uncached p95 ms, 1 connection |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in rows:
        base = bare.get(row.dataset)
        yardstick = (base.uncached, base.cached) if base else (None, None)
        lines.append(
            "| "
            + " | ".join(
                [
                    row.dataset,
                    row.page,
                    _rps(row.uncached),
                    "1.00x" if row is base else ratio(row.uncached, yardstick[0]),
                    _latency(row.uncached),
                    _rps(row.cached),
                    "1.00x" if row is base else ratio(row.cached, yardstick[1]),
                    _latency(row.cached),
                    "-" if row.queries is None else str(row.queries),
                    "-" if row.size_bytes is None else f"{row.size_bytes:,}",
                    _ms(row.one_p95_ms),
                ]
            )
            + " |"
        )
    return "\n".join(lines)


@dataclass(frozen=True)
class ScaleRow:
    dataset: str
    page: str
    one: WrkResult
    two: list[WrkResult]  # one result per process
    identical: bool


def format_scale_table(rows: list[ScaleRow]) -> str:
    """One gunicorn process against two on two ports, sharing the database and Redis."""
    lines = [
        "| data | page | 1 process req/s | 2 processes req/s | ratio | identical answers |",
        "|---|---|--:|--:|--:|---|",
    ]
    for row in rows:
        both = sum(r.requests_per_second for r in row.two)
        share = both / row.one.requests_per_second if row.one.requests_per_second else 0
        lines.append(
            f"| {row.dataset} | {row.page} | {_rps(row.one)} | {both:,.0f} | {share:.2f}x "
            f"| {'yes' if row.identical else 'NO'} |"
        )
    return "\n".join(lines)


def normalise_page(body: bytes) -> bytes:
    """A page without what differs per response by design (CSP nonces, CSRF tokens,
    request ids), to compare two processes' answers."""
    body = re.sub(rb'nonce="[^"]*"', b'nonce=""', body)
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", body)
    return re.sub(rb"[0-9a-f]{32}", b"", body)
