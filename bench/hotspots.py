"""Where one page spends its CPU: the page requested N times in this process on the bench
database (run ``make bench`` once first), with the production settings and the page cache off,
under cProfile; prints the CPU per request and the functions that cost most.

    .venv/bin/python bench/hotspots.py home [-n 50] [--sort tottime|cumulative] [--top 40]
    .venv/bin/python bench/hotspots.py portal --callees portal_home   # where one function's time goes

Its CPU per request is close to the bench's (no gunicorn, no load generator beside it); the
profile itself slows the code down, so read its columns as shares, not as milliseconds.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: the project root is the import root
    sys.path.insert(0, str(ROOT))

from bench import inprocess  # noqa: E402
from bench.plan import FORWARDED, PAGES, say  # noqa: E402
from bench.run import bench_environment  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", help="a page key (bench/run.py --list)")
    parser.add_argument("-n", type=int, default=50, help="requests timed (and profiled)")
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumulative"])
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--quick", action="store_true", help="the --quick bench database")
    parser.add_argument("--no-profile", action="store_true", help="only the CPU per request")
    parser.add_argument(
        "--callees", metavar="FUNCTION", help="what the functions matching FUNCTION call, instead"
    )
    args = parser.parse_args(argv)
    page = next((page for page in PAGES if page.key == args.page), None)
    if page is None:
        raise SystemExit(f"Unknown page {args.page!r} (bench/run.py --list names them)")
    os.environ.update(bench_environment(quick=args.quick))
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    import django

    django.setup()
    from django.test import Client

    path = page.path or inprocess.find_paths().get(page.key, "")
    if not path:
        raise SystemExit(f"{page.label}: not in the bench data (run make bench first)")
    client = inprocess.log_in(page.persona) if page.persona else Client(headers=FORWARDED)
    for _ in range(3):
        status = client.get(path, secure=True).status_code
    if status != 200:
        raise SystemExit(f"{path} answered {status}")
    started = time.process_time()
    for _ in range(args.n):
        client.get(path, secure=True)
    cpu = (time.process_time() - started) * 1000 / args.n
    say(f"{page.label} {path}: {cpu:.2f} ms CPU a request (mean of {args.n}, no profile)")
    if args.no_profile:
        return 0
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.n):
        client.get(path, secure=True)
    profile.disable()
    stats = pstats.Stats(profile)
    stats.strip_dirs().sort_stats(args.sort)
    if args.callees:
        stats.print_callees(args.callees)
    else:
        stats.print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
