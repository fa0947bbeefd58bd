"""The bench's pure parts: reading wrk's report and /proc/<pid>/stat lines, the budgets of issue
14, and the table. No Django, no processes: unit-tested in tests/config/test_bench.py."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_DURATION = r"([\d.]+)(us|ms|s|m|h)"


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    requests_per_second: float
    p50_ms: float | None
    p99_ms: float | None
    non_2xx_3xx: int = 0
    socket_errors: int = 0


def duration_ms(text: str) -> float:
    """wrk's durations ("812.00us", "1.50ms", "2.01s", "1.00m") in milliseconds."""
    match = re.fullmatch(_DURATION, text.strip())
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * _UNITS_MS[match.group(2)]


def parse_wrk(output: str) -> WrkResult:
    """The numbers of ``wrk --latency``'s report. Raises ValueError when it holds none (wrk
    failed to connect, say)."""
    done = re.search(r"^\s*(\d+) requests in " + _DURATION, output, re.M)
    rate = re.search(r"^Requests/sec:\s*([\d.]+)", output, re.M)
    if not done or not rate:
        raise ValueError("wrk's report has no request count: " + output.strip()[-300:])
    percentiles = {
        int(percent): duration_ms(value + unit)
        for percent, value, unit in re.findall(
            r"^\s*(\d+)(?:\.\d+)?%\s+" + _DURATION + r"\s*$", output, re.M
        )
    }
    non_ok = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return WrkResult(
        requests=int(done.group(1)),
        seconds=duration_ms(done.group(2) + done.group(3)) / 1000,
        requests_per_second=float(rate.group(1)),
        p50_ms=percentiles.get(50),
        p99_ms=percentiles.get(99),
        non_2xx_3xx=int(non_ok.group(1)) if non_ok else 0,
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
    )


@dataclass(frozen=True)
class ProcStat:
    pid: int
    ppid: int
    cpu_ticks: int  # utime + stime, in clock ticks (os.sysconf("SC_CLK_TCK") a second)


def parse_proc_stat(line: str) -> ProcStat:
    """One /proc/<pid>/stat line. The command name is in parentheses and may hold spaces or
    parentheses itself, so the fields are counted from the last ")"."""
    head, _sep, tail = line.rpartition(")")
    if not _sep:
        raise ValueError("not a /proc/<pid>/stat line")
    pid = int(head.split("(", 1)[0])
    fields = tail.split()
    # fields[0] is the state (field 3 of proc(5)): ppid is field 4, utime 14, stime 15.
    return ProcStat(pid=pid, ppid=int(fields[1]), cpu_ticks=int(fields[11]) + int(fields[12]))


def cpu_ms_per_request(
    before: Mapping[int, int], after: Mapping[int, int], *, requests: int, ticks_per_second: int
) -> float | None:
    """Server CPU per request, from the workers' ticks before and after a load (by pid). A
    worker that appeared meanwhile counts from zero; one that went away loses its ticks (the
    bench runs gunicorn without max-requests, so none should)."""
    if requests <= 0:
        return None
    ticks = sum(after[pid] - before.get(pid, 0) for pid in after)
    return ticks * 1000 / ticks_per_second / requests


def load_seconds(
    seconds: int, each: float, *, workers: int, at_least: int = 20, at_most: int = 60
) -> int:
    """How long to load a page: ``seconds``, or longer for a slow page (``each`` seconds a
    request, one at a time, in the warm-up), so that the workers answer about ``at_least``
    requests, up to ``at_most`` seconds. CPU is counted in ticks of 10 ms: one request of a
    slow page says little."""
    needed = math.ceil(at_least * each / max(workers, 1))
    return max(seconds, min(needed, at_most))


# --- Budgets (issue 14, "Budgets per page") --------------------------------------------------


@dataclass(frozen=True)
class Budget:
    cpu_ms: float | None = None
    queries: int | None = None
    min_ratio: float | None = None  # of the trivial view's req/s

    def describe(self) -> str:
        parts = []
        if self.min_ratio is not None:
            parts.append(f"≥{self.min_ratio:.0%} of trivial")
        if self.cpu_ms is not None:
            parts.append(f"≤{self.cpu_ms:g} ms")
        if self.queries is not None:
            parts.append(f"≤{self.queries} q")
        return ", ".join(parts) or "-"

    def met(self, *, cpu_ms: float | None, queries: int | None, ratio: float | None) -> bool | None:
        """True/False, or None when a measure it needs is missing."""
        checks = []
        if self.cpu_ms is not None:
            checks.append(None if cpu_ms is None else cpu_ms <= self.cpu_ms)
        if self.queries is not None:
            checks.append(None if queries is None else queries <= self.queries)
        if self.min_ratio is not None:
            checks.append(None if ratio is None else ratio >= self.min_ratio)
        if not checks:
            return None
        if False in checks:
            return False
        return None if None in checks else True


NO_BUDGET = Budget()
CACHED_PUBLIC = Budget(min_ratio=0.5)
UNCACHED_PUBLIC = Budget(cpu_ms=10, queries=10)
FORM_SHOWN = Budget(cpu_ms=15)
FORM_ACCEPTED = Budget(cpu_ms=30)
LOGGED_IN = Budget(cpu_ms=20, queries=20)
FIGURES_AT_SCALE = Budget(cpu_ms=500, queries=20)


# --- The table ------------------------------------------------------------------------------


@dataclass
class Row:
    page: str
    path: str
    mode: str  # "cached", "uncached", "logged in", "in-process"...
    budget: Budget = NO_BUDGET
    status: int | None = None
    requests_per_second: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    cpu_ms: float | None = None
    queries: int | None = None
    ratio: float | None = None
    cache: str = ""
    note: str = ""

    @property
    def verdict(self) -> str:
        met = self.budget.met(cpu_ms=self.cpu_ms, queries=self.queries, ratio=self.ratio)
        return {True: "yes", False: "NO", None: "-"}[met]


def _number(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


COLUMNS = (
    "page",
    "mode",
    "req/s",
    "p50 ms",
    "p99 ms",
    "CPU ms/req",
    "queries",
    "ratio",
    "cache",
    "budget",
    "met",
    "note",
)


def row_cells(row: Row) -> list[str]:
    return [
        row.page,
        row.mode,
        _number(row.requests_per_second, 0),
        _number(row.p50_ms, 1),
        _number(row.p99_ms, 1),
        _number(row.cpu_ms, 2),
        "-" if row.queries is None else str(row.queries),
        "-" if row.ratio is None else f"{row.ratio:.1%}",
        row.cache or "-",
        row.budget.describe(),
        row.verdict,
        row.note,
    ]


def format_table(rows: Iterable[Row], *, markdown: bool = False) -> str:
    """The table as aligned text for the terminal, or as a Markdown table for docs."""
    cells = [list(COLUMNS)] + [row_cells(row) for row in rows]
    if markdown:
        lines = ["| " + " | ".join(cells[0]) + " |", "|" + "---|" * len(COLUMNS)]
        lines += ["| " + " | ".join(c.replace("|", "/") for c in line) + " |" for line in cells[1:]]
        return "\n".join(lines)
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    numeric = {2, 3, 4, 5, 6, 7}
    out = []
    for n, line in enumerate(cells):
        out.append(
            "  ".join(
                cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
                for i, cell in enumerate(line)
            ).rstrip()
        )
        if n == 0:
            out.append("  ".join("-" * width for width in widths))
    return "\n".join(out)
