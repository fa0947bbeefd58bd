"""The bench driver's pure parts (bench/parse.py, bench/plan.py): reading wrk's report and
/proc/<pid>/stat lines, CPU per request, the budgets and the table. ``make bench`` itself is not
part of the test suite."""

from __future__ import annotations

import pytest

from bench.parse import (
    CACHED_PUBLIC,
    LOGGED_IN,
    UNCACHED_PUBLIC,
    Row,
    cpu_ms_per_request,
    duration_ms,
    format_table,
    load_seconds,
    parse_proc_stat,
    parse_wrk,
)
from bench.plan import PAGES, mode_of, pages_chosen

WRK_REPORT = """\
Running 5s test @ http://127.0.0.1:40123/
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    27.61ms    5.02ms  61.93ms   81.25%
    Req/Sec    72.45      9.82    90.00     67.00%
  Latency Distribution
     50%   26.52ms
     75%   29.48ms
     90%   33.21ms
     99%   48.07ms
  726 requests in 5.01s, 11.03MB read
Requests/sec:    144.91
Transfer/sec:      2.20MB
"""

WRK_REPORT_WITH_ERRORS = """\
Running 2s test @ http://127.0.0.1:40123/staf/rapport/
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.21s   105.22ms   1.40s    75.00%
    Req/Sec     0.75      0.50     1.00     75.00%
  Latency Distribution
     50%    1.20s
     75%    1.30s
     90%    1.40s
     99%    1.40s
  4 requests in 2.02s, 180.12KB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 3
Requests/sec:      1.98
Transfer/sec:     89.17KB
"""


@pytest.mark.parametrize(
    ("text", "ms"),
    [("812.00us", 0.812), ("26.52ms", 26.52), ("1.20s", 1200.0), ("1.50m", 90_000.0)],
)
def test_wrk_durations_are_read_in_milliseconds(text, ms):
    assert duration_ms(text) == pytest.approx(ms)


def test_a_wrk_duration_without_unit_is_refused():
    with pytest.raises(ValueError, match="not a wrk duration"):
        duration_ms("12")


def test_wrk_report_gives_requests_rate_and_percentiles():
    result = parse_wrk(WRK_REPORT)

    assert result.requests == 726
    assert result.seconds == pytest.approx(5.01)
    assert result.requests_per_second == pytest.approx(144.91)
    assert result.p50_ms == pytest.approx(26.52)
    assert result.p99_ms == pytest.approx(48.07)
    assert result.non_2xx_3xx == 0
    assert result.socket_errors == 0


def test_wrk_report_counts_failed_responses_and_socket_errors():
    result = parse_wrk(WRK_REPORT_WITH_ERRORS)

    assert result.requests == 4
    assert result.p50_ms == pytest.approx(1200.0)
    assert result.p99_ms == pytest.approx(1400.0)
    assert result.non_2xx_3xx == 3
    assert result.socket_errors == 3


def test_wrk_without_latency_distribution_has_no_percentiles():
    report = WRK_REPORT.split("  Latency Distribution")[0] + WRK_REPORT.split("99%   48.07ms\n")[1]

    result = parse_wrk(report)

    assert result.requests == 726
    assert result.p50_ms is None
    assert result.p99_ms is None


def test_a_failed_wrk_run_is_an_error():
    with pytest.raises(ValueError, match="no request count"):
        parse_wrk("unable to connect to 127.0.0.1:40123 Connection refused\n")


def test_proc_stat_line_gives_parent_and_cpu_ticks():
    line = (
        "4242 (python) S 4200 4200 4200 0 -1 4194560 9150 0 0 0 "
        "153 27 0 0 20 0 1 0 123456 229511168 43522 18446744073709551615 1 1 0 0 0 0 0"
    )

    stat = parse_proc_stat(line)

    assert (stat.pid, stat.ppid, stat.cpu_ticks) == (4242, 4200, 180)


def test_proc_stat_command_name_may_hold_spaces_and_parentheses():
    line = "77 (gunicorn: worker [x) (y)]) R 70 70 70 0 -1 0 0 0 0 0 11 4 0 0 20 0 1 0 5 0 0"

    stat = parse_proc_stat(line)

    assert (stat.pid, stat.ppid, stat.cpu_ticks) == (77, 70, 15)


def test_proc_stat_refuses_another_line():
    with pytest.raises(ValueError):
        parse_proc_stat("not a stat line")


def test_cpu_per_request_sums_the_workers_ticks_over_the_requests():
    before = {101: 1000, 102: 2000}
    after = {101: 1150, 102: 2250}

    # 400 ticks of 10 ms over 800 requests: 5 ms a request.
    assert cpu_ms_per_request(before, after, requests=800, ticks_per_second=100) == pytest.approx(
        5.0
    )


def test_cpu_per_request_counts_a_new_worker_from_zero():
    assert cpu_ms_per_request(
        {101: 1000}, {101: 1010, 103: 30}, requests=40, ticks_per_second=100
    ) == pytest.approx(10.0)


def test_cpu_per_request_without_requests_is_unknown():
    assert cpu_ms_per_request({1: 0}, {1: 5}, requests=0, ticks_per_second=100) is None


def test_logged_in_budget_needs_both_cpu_and_queries():
    assert LOGGED_IN.met(cpu_ms=19.9, queries=20, ratio=None) is True
    assert LOGGED_IN.met(cpu_ms=20.1, queries=5, ratio=None) is False
    assert LOGGED_IN.met(cpu_ms=5, queries=21, ratio=None) is False
    assert LOGGED_IN.met(cpu_ms=5, queries=None, ratio=None) is None


def test_cached_public_budget_is_half_the_trivial_view():
    assert CACHED_PUBLIC.met(cpu_ms=99, queries=None, ratio=0.5) is True
    assert CACHED_PUBLIC.met(cpu_ms=1, queries=0, ratio=0.49) is False


def test_a_row_says_whether_its_budget_is_met():
    assert Row("home", "/", "uncached", UNCACHED_PUBLIC, cpu_ms=8, queries=9).verdict == "yes"
    assert Row("home", "/", "uncached", UNCACHED_PUBLIC, cpu_ms=12, queries=9).verdict == "NO"
    assert Row("trivial", "/health/live/", "cached").verdict == "-"


def test_table_lines_up_and_has_a_markdown_form():
    rows = [
        Row("trivial /health/live/", "/health/live/", "cached", requests_per_second=2000.0),
        Row(
            "home",
            "/",
            "cached",
            CACHED_PUBLIC,
            requests_per_second=1500.0,
            cpu_ms=0.9,
            ratio=0.75,
            cache="hit",
        ),
    ]

    text = format_table(rows).splitlines()
    markdown = format_table(rows, markdown=True).splitlines()

    assert text[0].startswith("page") and set(text[1]) <= {"-", " "}
    assert len({len(line) for line in text[:2]}) == 1
    assert "75.0%" in text[3] and "hit" in text[3] and "yes" in text[3]
    assert markdown[0].startswith("| page | mode | req/s")
    assert markdown[1].startswith("|---|")
    assert markdown[3].startswith("| home | cached | 1,500 |")


def test_chosen_pages_always_start_with_the_trivial_view():
    chosen = pages_chosen("portal,home")

    assert [page.key for page in chosen] == ["trivial", "home", "portal"]
    assert pages_chosen("") == PAGES


def test_an_unknown_page_is_refused():
    with pytest.raises(SystemExit, match="nowhere"):
        pages_chosen("home,nowhere")


def test_mode_names_the_pass_for_public_pages_and_the_persona_for_others():
    by_key = {page.key: page for page in PAGES}

    assert mode_of(by_key["home"], "uncached") == "uncached"
    assert mode_of(by_key["portal"], "cached") == "as coordinator"
    assert mode_of(by_key["register"], "cached") == "anonymous"


def test_a_fast_page_is_loaded_for_the_seconds_asked():
    assert load_seconds(5, 0.01, workers=2) == 5


def test_a_slow_page_is_loaded_long_enough_for_about_twenty_requests():
    # 1.5 s a request on 2 workers: 15 s for 20 requests.
    assert load_seconds(5, 1.5, workers=2) == 15


def test_a_very_slow_page_is_loaded_at_most_a_minute():
    assert load_seconds(5, 30.0, workers=2) == 60
