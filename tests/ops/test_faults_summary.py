"""The pure parts of `make faults` (scripts/faults/summary.py): a fault's figures from
the load's results, the writes, and the parsers it reads gunicorn and /proc with."""

import runpy
from collections import Counter
from pathlib import Path

import pytest

from scripts.faults.summary import (
    ProcStat,
    Result,
    Window,
    access_statuses,
    format_summary,
    in_window,
    longest_gap,
    newest_postgres,
    parse_access_line,
    parse_loadavg,
    parse_proc_stat,
    summarise,
    summarise_writes,
)

ROOT = Path(__file__).resolve().parents[2]


def ok(start, end, status=200):
    return Result(start, end, status=status)


def failed(start, end, error="RemoteDisconnected"):
    return Result(start, end, error=error)


# --- A fault's figures ---------------------------------------------------------------


def test_a_request_under_way_when_the_fault_comes_counts():
    window = Window(start=10.0, over=10.0, end=14.0)
    before, in_flight, during, after = ok(1, 2), failed(9.5, 10.1), ok(11, 11.2), ok(14.5, 15)
    assert in_window([before, in_flight, during, after], window) == [in_flight, during]


def test_summary_of_a_killed_worker():
    window = Window(start=10.0, over=10.0, end=14.0)
    results = [
        ok(9.0, 9.5),  # before: left out
        failed(9.8, 10.05),  # the request the worker was serving
        ok(10.0, 10.2),
        ok(10.1, 10.9),
        ok(12.0, 12.1),
    ]
    summary = summarise(results, window)
    assert summary.requests == 4
    assert summary.failed == 1
    assert summary.errors == Counter({"RemoteDisconnected": 1})
    assert summary.statuses == Counter({200: 3})
    assert summary.server_errors == 0
    assert summary.slowest == pytest.approx(0.8)
    assert summary.recovery == pytest.approx(0.05)  # the failed one ended 0.05 s after
    assert summary.longest_gap == pytest.approx(1.9)  # 12.1 -> 14.0


def test_summary_of_an_outage_counts_503s_apart_from_500s():
    window = Window(start=0.0, over=10.0, end=13.0)
    results = [
        ok(1, 1.01, 503),
        ok(2, 2.02, 503),
        ok(10.1, 10.3, 503),
        ok(11, 11.1),
        ok(5, 5.1, 500),
    ]
    summary = summarise(results, window)
    assert summary.failed == 0
    assert summary.statuses == Counter({503: 3, 200: 1, 500: 1})
    assert summary.server_errors == 1  # the 500, never the 503s
    assert summary.fault_seconds == 10.0
    assert summary.recovery == pytest.approx(0.3)  # the last 503 ended at 10.3


def test_a_quiet_fault_recovers_at_once():
    summary = summarise([ok(1, 1.1), ok(1.5, 1.6)], Window(1.0, 1.0, 2.0))
    assert (summary.failed, summary.recovery) == (0, 0.0)
    assert summarise([], Window(1.0, 1.0, 2.0)).slowest == 0.0


def test_longest_gap():
    assert longest_gap([], 0.0, 3.0) == 3.0
    assert longest_gap([1.0, 2.5], 0.0, 3.0) == 1.5
    assert longest_gap([0.5, 9.0], 0.0, 3.0) == 2.5  # ends outside the window ignored


def test_writes():
    writes = summarise_writes(
        acknowledged=["w-1", "w-2", "w-3"],
        refused=["w-4", "w-5"],
        stored=["w-1", "w-2", "w-5"],
        with_history=["w-1", "w-5"],
    )
    assert writes.acknowledged == 3
    assert writes.refused == 2
    assert writes.lost == 1  # w-3: acknowledged, not stored
    assert writes.in_doubt == 1  # w-5: refused, yet committed
    assert writes.half_written == 1  # w-2: no history row


def test_the_printed_figures():
    summary = summarise([failed(0.9, 1.1), ok(1.0, 1.25), ok(1.2, 1.3, 503)], Window(1.0, 1.0, 2.0))
    writes = summarise_writes(["a"], ["b"], ["a"], ["a"])
    text = "\n".join(format_summary("A worker killed", summary, writes))
    assert text.startswith("A worker killed\n")
    assert "requests 3, failed (no response) 1 (RemoteDisconnected: 1)" in text
    assert "status codes: 200: 1, 503: 1; 500s: 0" in text
    assert "slowest response 0.250 s" in text
    assert "recovered 0.30 s after it was over" in text
    assert "writes: 1 acknowledged, 0 lost, 1 refused (0 of them stored all the same)" in text


# --- Parsers -------------------------------------------------------------------------

LINE = '127.0.0.1 "GET /programmes/?page=2 HTTP/1.1" 503 1534 12ms request=faults-3-17'


def test_an_access_log_line():
    entry = parse_access_line(LINE)
    assert entry.method == "GET"
    assert entry.path == "/programmes/?page=2"
    assert (entry.status, entry.ms, entry.request_id) == (503, 12, "faults-3-17")
    assert parse_access_line("[2026-01-01 00:00:00 +0000] [1] [INFO] Booting worker") is None
    assert access_statuses([LINE, "noise", LINE.replace(" 503 ", " 200 ")]) == Counter(
        {503: 1, 200: 1}
    )


def test_the_access_log_format_of_gunicorn_conf_is_the_one_parsed():
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    atoms = {
        "h": "127.0.0.1",
        "r": "GET /meetings/1/ HTTP/1.1",
        "s": "200",
        "B": "5120",
        "M": "37",
        "{x-request-id}o": "0f3a9c1e",
    }
    entry = parse_access_line(conf["access_log_format"] % atoms)
    assert (entry.path, entry.status, entry.ms, entry.request_id) == (
        "/meetings/1/",
        200,
        37,
        "0f3a9c1e",
    )


def test_loadavg():
    assert parse_loadavg("1.93 2.10 2.30 3/412 12345\n") == (1.93, 2.10, 2.30)


def test_proc_stat_with_spaces_and_brackets_in_the_name():
    text = "4242 (gunicorn: (worker) [b]) S 4200 4100 4100 0 -1 4194560 1000 0 0 0"
    assert parse_proc_stat(text) == ProcStat(pid=4242, state="S", ppid=4200, pgrp=4100)
    assert parse_proc_stat("7 (x) Z 1 7 7").state == "Z"


def test_the_newest_postgres():
    found = newest_postgres(
        ["/usr/lib/postgresql/9.6/bin", "/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/13/bin"]
    )
    assert found == Path("/usr/lib/postgresql/15/bin")
    assert newest_postgres([]) is None
