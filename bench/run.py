"""``make bench``: Kring under load, page by page, beside a trivial view (docs/performance.md).

    .venv/bin/python bench/run.py [--quick] [--pages home,portal,...] [--list] [--seconds 5]

1. Its own database: SQLite ``var/bench/bench.sqlite3`` (``var/bench/quick.sqlite3`` with
   ``--quick``), or ``BENCH_DATABASE_URL`` (PostgreSQL). Migrated, seeded with
   ``manage.py seed_scale`` when the scaled data set is missing, static files collected. The
   settings are the production ones (``config.settings.production``, DEBUG off), with a
   SECRET_KEY and MFA_ENCRYPTION_KEY made once and kept in ``var/bench/keys.json``.
2. In this process (Django's test Client on the same database and settings): the personas log
   in (password, then the TOTP code of their known secret) for session cookies; each page's
   queries are counted on one request after a warm-up (``CaptureQueriesContext``); the CPU to
   accept a submission of each public form is timed over N valid posts (rate limit lifted,
   rolled back afterwards, so nothing stays).
3. gunicorn (``config.wsgi``, 2 sync workers by default) on a free port; each page is loaded by
   wrk for a few seconds with a few connections, and the workers' CPU is read from
   /proc/<pid>/stat before and after: server CPU per request. ``/health/live/`` (no database,
   no cache) is loaded by the same server in the same run: each page's req/s is shown as a
   ratio of it. A second server with ``PAGE_CACHE_SECONDS=0`` loads the public pages again,
   uncached.
4. The page cache lives where production keeps it, in Redis: ``BENCH_PAGE_CACHE_URL``, else
   Redis database 13 on 127.0.0.1:6379 when a Redis answers there, else the database table
   (``PAGE_CACHE_URL`` empty, the embedded default; about 10% of the trivial view on SQLite,
   docs/performance.md).

It prints the table (and writes it as Markdown to ``var/bench/latest.md``); every row shows
its budget of issue 14 and whether it is met.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: the project root is the import root
    sys.path.insert(0, str(ROOT))

from bench import inprocess  # noqa: E402
from bench.parse import CACHED_PUBLIC, UNCACHED_PUBLIC, Row, format_table  # noqa: E402
from bench.plan import (  # noqa: E402
    BENCH_DIR,
    FORWARDED,
    FULL_SIZES,
    PAGES,
    POSTS,
    QUICK_SIZES,
    Page,
    mode_of,
    pages_chosen,
    say,
)
from bench.server import Load, gunicorn, load_page  # noqa: E402


def _keys() -> dict[str, str]:
    """The bench's SECRET_KEY and MFA_ENCRYPTION_KEY, made once: the personas' TOTP secrets are
    encrypted with the second, so it must stay the same from run to run."""
    path = BENCH_DIR / "keys.json"
    if path.exists():
        return json.loads(path.read_text())
    from cryptography.fernet import Fernet

    keys = {
        "SECRET_KEY": secrets.token_urlsafe(64),
        "MFA_ENCRYPTION_KEY": Fernet.generate_key().decode(),
    }
    path.write_text(json.dumps(keys))
    path.chmod(0o600)
    return keys


BENCH_REDIS = ("127.0.0.1", 6379)


def bench_page_cache_url() -> str:
    """``BENCH_PAGE_CACHE_URL`` when set (empty: the database table); else Redis database 13 on
    the local Redis when one answers; else "" (the database table)."""
    if "BENCH_PAGE_CACHE_URL" in os.environ:
        return os.environ["BENCH_PAGE_CACHE_URL"]
    import socket

    try:
        with socket.create_connection(BENCH_REDIS, timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            answered = connection.recv(16).startswith(b"+PONG")
    except OSError:
        answered = False
    return f"redis://{BENCH_REDIS[0]}:{BENCH_REDIS[1]}/13" if answered else ""


def bench_environment(*, quick: bool) -> dict[str, str]:
    database = os.environ.get("BENCH_DATABASE_URL") or (
        f"sqlite:///{BENCH_DIR / ('quick.sqlite3' if quick else 'bench.sqlite3')}"
    )
    for folder in ("celery/queue", "celery/processed", "celery/control", "mail", "media"):
        (BENCH_DIR / folder).mkdir(parents=True, exist_ok=True)
    return {
        **_keys(),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": database,
        "KRING_VAR_DIR": str(BENCH_DIR),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "False",
        "DEBUG": "False",
        "LOG_LEVEL": "WARNING",
        "KRING_OUTBOX_DISPATCH_THREAD": "False",
        "SENTRY_DSN": "",
        "PAGE_CACHE_URL": bench_page_cache_url(),
    }


def _trivial_reference(rows: list[Row]) -> float | None:
    rates = [row.requests_per_second for row in rows if row.requests_per_second]
    return sum(rates) / len(rates) if rates else None


def run_pass(
    *,
    env: dict[str, str],
    label: str,
    pages: list[Page],
    paths: dict[str, str],
    cookies: dict[str, str],
    measured: dict[str, inprocess.InProcess],
    load: Load,
    workers: int,
) -> list[Row]:
    """One gunicorn, the trivial view first and last (their mean is the reference), the pages
    between."""
    trivial = next(page for page in PAGES if page.kind == "trivial")
    rows: list[Row] = []
    say(f"gunicorn ({label}), {workers} workers")
    with gunicorn(env, workers=workers, label=label) as server:
        first = load_page(server, trivial, trivial.path, "", load, label)
        say(f"  {trivial.label}: {first.requests_per_second:,.0f} req/s")
        for page in pages:
            if page.kind == "trivial":
                continue
            path = paths.get(page.key, "")
            if not path:
                rows.append(
                    Row(page.label, "", mode_of(page, label), page.budget, note="not in the data")
                )
                continue
            cookie = cookies.get(page.persona, "")
            row = load_page(server, page, path, cookie, load, mode_of(page, label))
            row.budget = page.budget
            if page.kind == "public":
                row.budget = UNCACHED_PUBLIC if label == "uncached" else CACHED_PUBLIC
            found = measured.get(page.key)
            if found is not None and (page.kind != "public" or label == "uncached"):
                row.queries = found.queries
            rows.append(row)
            say(
                f"  {page.label}: {row.requests_per_second or 0:,.0f} req/s, "
                f"{row.cpu_ms or 0:.1f} ms CPU, {row.note}"
            )
        last = load_page(server, trivial, trivial.path, "", load, label)
    reference = _trivial_reference([first, last])
    trivial_row = first
    trivial_row.requests_per_second = reference
    trivial_row.cpu_ms = (
        ((first.cpu_ms or 0) + (last.cpu_ms or 0)) / 2 if first.cpu_ms and last.cpu_ms else None
    )
    trivial_row.queries = measured["trivial"].queries if "trivial" in measured else None
    trivial_row.ratio = 1.0
    trivial_row.note = (
        f"mean of {first.requests_per_second or 0:,.0f} (first) "
        f"and {last.requests_per_second or 0:,.0f} (last)"
    )
    for row in rows:
        if reference and row.requests_per_second is not None:
            row.ratio = row.requests_per_second / reference
    return [trivial_row, *rows]


def ensure_wrk() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: `make bench` installs it (apt-get install -y wrk).")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small data, short loads")
    parser.add_argument("--pages", default="", help="comma-separated page keys (--list)")
    parser.add_argument("--list", action="store_true", help="list the page keys and stop")
    parser.add_argument("--seconds", type=int, help="load per page (default 5, quick 2)")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--posts", type=int, help="form posts timed (default 20, quick 5)")
    parser.add_argument("--no-uncached", action="store_true", help="skip the uncached pass")
    parser.add_argument("--markdown", type=Path, default=BENCH_DIR / "latest.md")
    args = parser.parse_args(argv)
    if args.list:
        for page in PAGES:
            say(
                f"{page.key:<18} {page.label} ({page.kind}{', ' + page.persona if page.persona else ''})"
            )
        return 0
    ensure_wrk()
    pages = pages_chosen(args.pages)
    load = Load(
        seconds=args.seconds or (2 if args.quick else 5),
        connections=args.connections,
        threads=min(args.threads, args.connections),
        warmup=5,
    )
    posts = args.posts or (5 if args.quick else 20)

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **bench_environment(quick=args.quick)}
    # This process counts queries with the page cache off: what an uncached page costs.
    os.environ.update(env)
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    import django

    django.setup()
    from django.db import connections

    started = time.monotonic()
    inprocess.prepare_database(quick=args.quick, sizes=QUICK_SIZES if args.quick else FULL_SIZES)
    paths = {page.key: page.path for page in PAGES if page.path}
    paths.update(inprocess.find_paths())
    personas = sorted({page.persona for page in pages if page.persona})
    clients: dict[str, Any] = {}
    cookies: dict[str, str] = {}
    from django.conf import settings
    from django.test import Client

    for persona in personas:
        say(f"log-in: {persona}")
        clients[persona] = inprocess.log_in(persona)
        name = settings.SESSION_COOKIE_NAME
        cookies[persona] = f"{name}={clients[persona].cookies[name].value}"
    say("queries per page (in this process, one request after a warm-up)")
    anonymous = Client(headers=FORWARDED)
    measured: dict[str, inprocess.InProcess] = {}
    for page in pages:
        path = paths.get(page.key)
        if path:
            measured[page.key] = inprocess.count_queries(clients.get(page.persona, anonymous), path)
    extra_rows: list[Row] = []
    makers = {"register": inprocess.registration_post, "recruit": inprocess.application_post}
    for key, label in POSTS.items():
        if any(page.key == key for page in pages) and paths.get(key):
            say(f"{label}: {posts} posts")
            row = inprocess.submission_cpu(paths[key], makers[key], posts)
            row.page = label
            extra_rows.append(row)
    connections.close_all()

    # The servers get the environment as it was (the page cache as configured, 300 s by
    # default), the uncached one PAGE_CACHE_SECONDS=0.
    rows = run_pass(
        env=env,
        label="cached" if any(p.kind == "public" for p in pages) else "server",
        pages=pages,
        paths=paths,
        cookies=cookies,
        measured=measured,
        load=load,
        workers=args.workers,
    )
    public = [page for page in pages if page.kind == "public"]
    if public and not args.no_uncached:
        try:
            rows.extend(
                run_pass(
                    env={**env, "PAGE_CACHE_SECONDS": "0"},
                    label="uncached",
                    pages=public,
                    paths=paths,
                    cookies=cookies,
                    measured=measured,
                    load=load,
                    workers=args.workers,
                )
            )
        except SystemExit as failed:  # the table so far is still worth printing
            say(f"The uncached pass failed: {failed}")
    rows += extra_rows
    summary = _summary(args, load, pages, time.monotonic() - started)
    table = format_table(rows)
    say("")
    say(summary)
    say(table)
    args.markdown.parent.mkdir(parents=True, exist_ok=True)
    args.markdown.write_text(f"{summary}\n\n{format_table(rows, markdown=True)}\n")
    say(f"\n(also as Markdown in {args.markdown})")
    return 0


def _summary(args: argparse.Namespace, load: Load, pages: list[Page], elapsed: float) -> str:
    from django.conf import settings
    from django.db import connection

    from people.models import User
    from trajects.models import Registration
    from trajects.traject.models import Traject

    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return (
        f"Kring bench, {time.strftime('%Y-%m-%d %H:%M %Z')}, {os.cpu_count()} CPUs, "
        f"database {database} ({connection.vendor}), "
        f"page cache in {'Redis' if settings.PAGE_CACHE_URL else 'the database'}, "
        f"gunicorn {args.workers} sync workers, "
        f"wrk {load.threads} threads x {load.connections} connections x {load.seconds} s a page; "
        f"data: {User.objects.count()} accounts, {Registration.objects.count()} registrations, "
        f"{Traject.objects.count()} trajects; run took {elapsed:.0f} s."
    )


if __name__ == "__main__":
    sys.exit(main())
