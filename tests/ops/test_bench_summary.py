"""The pure parts of `make bench` (scripts/bench/summary.py): wrk's report read, and the
tables laid out."""

import pytest

from scripts.bench.summary import (
    Row,
    ScaleRow,
    WrkResult,
    duration_ms,
    format_scale_table,
    format_table,
    normalise_page,
    parse_wrk,
    percentile,
)

# wrk 4.1.0's report with --latency, as Debian's package prints it.
REPORT = """\
Running 5s test @ http://127.0.0.1:40123/programmes/
  1 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    18.31ms    4.02ms  61.21ms   81.14%
    Req/Sec   437.20     32.11   490.00     76.00%
  Latency Distribution
     50%   17.52ms
     75%   19.80ms
     90%   22.64ms
     99%   33.90ms
  2186 requests in 5.01s, 40.12MB read
Requests/sec:    436.32
Transfer/sec:      8.01MB
"""

WITH_ERRORS = """\
Running 5s test @ http://127.0.0.1:40123/programmes/export.csv
  1 threads and 8 connections
  Latency Distribution
     50%    1.20s
     75%    1.50s
     90%    1.80s
     99%  850.00us
  31 requests in 5.00s, 1.01MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:      6.19
Transfer/sec:    206.00KB
"""


def test_wrk_report_is_read():
    result = parse_wrk(REPORT)
    assert result == WrkResult(
        requests_per_second=436.32, p50_ms=17.52, p99_ms=33.9, requests=2186, errors=0
    )


def test_socket_errors_and_bad_answers_are_counted():
    result = parse_wrk(WITH_ERRORS)
    assert result.errors == 7
    assert result.p50_ms == 1200.0
    assert result.p99_ms == pytest.approx(0.85)
    assert result.requests == 31


def test_a_report_without_figures_is_refused():
    with pytest.raises(ValueError):
        parse_wrk("unable to connect to 127.0.0.1:9 Connection refused")


@pytest.mark.parametrize(
    "text, ms", [("850.00us", 0.85), ("1.5ms", 1.5), ("2.01s", 2010), ("1.00m", 60_000)]
)
def test_durations(text, ms):
    assert duration_ms(text) == pytest.approx(ms)


def test_durations_refuse_other_text():
    with pytest.raises(ValueError):
        duration_ms("12 parsecs")


def result(rps, p50=10.0, p99=20.0, errors=0):
    return WrkResult(rps, p50, p99, int(rps * 5), errors)


def test_table_gives_each_page_as_a_share_of_the_bare_view_of_its_dataset():
    bare = Row("demo", "bare view", result(2000), result(2500), 0, 2, 1.25)
    home = Row("demo", "home", result(250), result(2000), 7, 14_664, 9.5)
    big_bare = Row("10k", "bare view", result(1000), None, 0, 2)
    big_home = Row("10k", "home", result(50, p50=120.5, p99=9.25, errors=3), None, 7, 90_000, 48.25)
    table = format_table(
        [bare, home, big_bare, big_home], {"demo": bare, "10k": big_bare}
    ).splitlines()
    assert table[0].startswith("| data | page | uncached req/s | of bare |")
    assert table[2] == (
        "| demo | bare view | 2,000 | 1.00x | 10 / 20 | 2,500 | 1.00x | 10 / 20 | 0 | 2 | 1.2 |"
    )
    assert table[3] == (
        "| demo | home | 250 | 0.12x | 10 / 20 | 2,000 | 0.80x | 10 / 20 | 7 | 14,664 | 9.5 |"
    )
    # Not measured cached: dashes, not zeros; errors said beside the figure.
    assert table[5] == (
        "| 10k | home | 50 (3 errors) | 0.05x | 120 / 9.2 | - | - | - | 7 | 90,000 | 48 |"
    )


def test_a_page_with_no_request_finished_in_time_says_so():
    bare = Row("10k", "bare view", result(1000), None, 0, 2)
    slow = Row("10k", "home", WrkResult(0.0, 0.0, 0.0, 0, 0), None, 7, 90_000)
    line = format_table([bare, slow], {"10k": bare}).splitlines()[3]
    assert line == "| 10k | home | none finished | 0.00x | - | - | - | - | 7 | 90,000 | - |"


@pytest.mark.parametrize(
    ("values", "share", "expected"),
    [
        ([], 95, None),
        ([7.0], 95, 7.0),
        (list(range(1, 101)), 95, 95),
        (list(range(100, 0, -1)), 50, 50),
        ([1.0, 2.0, 3.0], 95, 3.0),
    ],
)
def test_the_nearest_rank_percentile(values, share, expected):
    assert percentile(values, share) == expected


def test_scale_table_sums_the_two_processes():
    row = ScaleRow("10k", "home", result(1000), [result(900), result(850)], True)
    other = ScaleRow("10k", "programme", result(1000), [result(400), result(400)], False)
    lines = format_scale_table([row, other]).splitlines()
    assert lines[2] == "| 10k | home | 1,000 | 1,750 | 1.75x | yes |"
    assert lines[3] == "| 10k | programme | 1,000 | 800 | 0.80x | NO |"


def test_pages_compare_without_what_differs_per_response():
    one = b'<script nonce="abc">x</script><input name="csrfmiddlewaretoken" value="t1"> 0f3a'
    two = b'<script nonce="xyz">x</script><input name="csrfmiddlewaretoken" value="t2"> 0f3a'
    assert normalise_page(one) == normalise_page(two)
    assert normalise_page(b"<p>Red</p>") != normalise_page(b"<p>Green</p>")
