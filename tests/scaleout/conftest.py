"""Kring on two web servers: the stack that ``make test-scaleout`` starts for its browser tests.

For the session: moto's S3 server (with the bucket), a fresh PostgreSQL database (migrated, with
the public pages), two Redis databases (page cache and Celery broker, emptied), the static files
collected once, then two gunicorn instances (one worker each, production settings) on two ports,
a Celery worker and beat. Each process has a folder of its own for what it would keep on disk
(uploads included), so anything a test finds there instead of in the bucket is a failure. The
test process itself runs on the same settings and services (tests/scaleout/env.py, loaded with
``-p tests.scaleout.env``): it makes the users and pages, and publishes as an editor would.

Everything is stopped and dropped at the end; a failing test shows the last lines of every
process's log.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BIN = Path(sys.executable).parent
LOG_LINES = 60
START_TIMEOUT = 90


def pytest_configure(config: pytest.Config) -> None:
    # pytest-playwright 0.10's own ``base_url`` fixture trips a pytest 9 deprecation: not ours.
    config.addinivalue_line(
        "filterwarnings",
        "ignore:Session-scoped fixtures defined as instance methods:pytest.PytestRemovedIn10Warning",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test in this folder runs against the two servers (``-m scaleout`` selects them)."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.scaleout)


@dataclass
class Process:
    name: str
    command: list[str]
    var_dir: Path
    log: Path
    popen: subprocess.Popen | None = None

    def tail(self, lines: int = LOG_LINES) -> str:
        if not self.log.exists():
            return "(no log)"
        text = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def files_on_disk(self) -> list[Path]:
        """Uploads this process kept on its own disk (MEDIA_ROOT and PRIVATE_MEDIA_ROOT)."""
        found: list[Path] = []
        for folder in ("media", "private"):
            root = self.var_dir / folder
            if root.exists():
                found.extend(path for path in root.rglob("*") if path.is_file())
        return found


@dataclass
class Stack:
    a: str
    b: str
    bucket: str
    processes: list[Process] = field(default_factory=list)

    def s3(self):
        """A boto3 client on moto's server, with the same credentials as Kring's."""
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=os.environ["S3_ENDPOINT_URL"],
            aws_access_key_id=os.environ["S3_ACCESS_KEY_ID"],
            aws_secret_access_key=os.environ["S3_SECRET_ACCESS_KEY"],
            region_name=os.environ["S3_REGION"],
        )

    def bucket_objects(self) -> dict[str, bytes]:
        client = self.s3()
        listing = client.list_objects_v2(Bucket=self.bucket).get("Contents", [])
        return {
            item["Key"]: client.get_object(Bucket=self.bucket, Key=item["Key"])["Body"].read()
            for item in listing
        }

    def web(self) -> list[Process]:
        return [process for process in self.processes if process.name.startswith("web")]

    def logs(self) -> list[tuple[str, str]]:
        return [(f"log of {process.name}", process.tail()) for process in self.processes]


_STACK: Stack | None = None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """A failing test shows what the servers, the worker and beat wrote."""
    report = yield
    if report.failed and _STACK is not None:
        for title, text in _STACK.logs():
            report.sections.append((title, text))
    return report


# --- The browser: Debian's Chromium, as in tests/browser ----------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test-scaleout` (it installs chromium).")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "locale": "nl-BE", "timezone_id": "Europe/Brussels"}


# --- The clock and the cache of the unit tests do not apply here --------------------------------


@pytest.fixture(autouse=True, scope="module")
def _module_clock():
    """The servers keep the wall clock (and the second factor's codes follow it): so does the
    test process."""
    yield


@pytest.fixture(autouse=True)
def _clock():
    yield


@pytest.fixture(autouse=True)
def _clear_cache(_database):
    """Rate limits and TOTP replay markers live in the shared database cache: each test starts
    without those of the one before (which the servers would honour too)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def _database(scaleout, django_db_blocker) -> Iterator[None]:
    """The test process writes to the servers' database directly, committed at once (no test
    transaction: the servers must see the rows)."""
    with django_db_blocker.unblock():
        yield


# --- The services -------------------------------------------------------------------------------


def _database_admin(url: str) -> tuple[str, dict[str, object]]:
    """The database's name, and how to connect to the server's ``postgres`` database."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "scaleout" not in name:
        raise pytest.UsageError(
            f"KRING_SCALEOUT_DATABASE_URL names {name!r}: the test drops and creates it, so its "
            "name must contain 'scaleout'."
        )
    return name, {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "user": parts.username or "postgres",
        "password": parts.password or None,
        "dbname": "postgres",
        "autocommit": True,
        "connect_timeout": 5,
    }


def _recreate_database(url: str, *, create: bool) -> None:
    import psycopg
    from psycopg import sql

    name, admin = _database_admin(url)
    with psycopg.connect(**admin) as connection:  # type: ignore[arg-type]
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        if create:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _empty_redis() -> None:
    import redis

    for variable in ("PAGE_CACHE_URL", "CELERY_BROKER_URL"):
        redis.Redis.from_url(os.environ[variable], socket_timeout=5).flushdb()


def _start_s3(stack: contextlib.ExitStack) -> None:
    """moto's S3 server on the address in S3_ENDPOINT_URL, with the bucket."""
    from moto.server import ThreadedMotoServer

    address = urlsplit(os.environ["S3_ENDPOINT_URL"])
    server = ThreadedMotoServer(
        ip_address=address.hostname or "127.0.0.1", port=address.port or 80, verbose=False
    )
    server.start()
    stack.callback(server.stop)
    import boto3

    boto3.client(
        "s3",
        endpoint_url=os.environ["S3_ENDPOINT_URL"],
        aws_access_key_id=os.environ["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["S3_SECRET_ACCESS_KEY"],
        region_name=os.environ["S3_REGION"],
    ).create_bucket(Bucket=os.environ["S3_BUCKET"])


def _collect_static(workdir: Path) -> tuple[subprocess.Popen, Path]:
    """Starts collecting the static files (hashed names, compressed) once for every process,
    beside the migrations (both take a while); returns the process and the folder."""
    var_dir = workdir / "collect"
    env = {**os.environ, "KRING_VAR_DIR": str(var_dir)}
    command = [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity=0"]
    return subprocess.Popen(command, cwd=ROOT, env=env), var_dir / "static"  # noqa: S603


def _launch(process: Process, static: Path) -> None:
    process.var_dir.mkdir(parents=True)
    (process.var_dir / "static").symlink_to(static, target_is_directory=True)
    env = {**os.environ, "KRING_VAR_DIR": str(process.var_dir), "PYTHONUNBUFFERED": "1"}
    with process.log.open("wb") as log:
        process.popen = subprocess.Popen(  # noqa: S603
            process.command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _stop(processes: list[Process]) -> None:
    """TERM to all at once (a worker takes a few seconds), KILL to any still running after 15 s."""
    running = [p.popen for p in processes if p.popen is not None and p.popen.poll() is None]
    for popen in running:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(popen.pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    for popen in running:
        try:
            popen.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(popen.pid, signal.SIGKILL)
            popen.wait(timeout=5)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _wait_until_ready(stack: Stack) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    waiting = {
        process.name: process
        for process in stack.processes
        if process.popen is not None  # all of them
    }
    while waiting:
        for name, process in list(waiting.items()):
            assert process.popen is not None
            if process.popen.poll() is not None:
                raise RuntimeError(
                    f"{name} stopped with exit code {process.popen.returncode}:\n{process.tail()}"
                )
            log = process.log.read_text(encoding="utf-8", errors="replace")
            if name.startswith("web"):
                url = stack.a if name == "web-a" else stack.b
                ready = _answers(url + "/health/live/")
            elif name == "worker":
                ready = " ready." in log
            else:
                ready = "beat: Starting..." in log
            if ready:
                del waiting[name]
        if time.monotonic() > deadline:
            logs = "\n\n".join(f"--- {p.name}\n{p.tail()}" for p in waiting.values())
            raise RuntimeError(f"Not ready after {START_TIMEOUT} s: {sorted(waiting)}\n{logs}")
        time.sleep(0.3)


@pytest.fixture(scope="session")
def scaleout(django_db_blocker, tmp_path_factory) -> Iterator[Stack]:
    """The whole stack, started once for the session and stopped at its end."""
    global _STACK
    if os.environ.get("KRING_SCALEOUT") != "1":
        pytest.fail(
            "The two-web-server tests need their environment, set before Django loads: run "
            "`make test-scaleout` (or `python -m pytest -p tests.scaleout.env tests/scaleout`)."
        )
    from django.core.management import call_command
    from django.db import connections

    workdir = tmp_path_factory.mktemp("scaleout")
    database_url = os.environ["DATABASE_URL"]
    with contextlib.ExitStack() as cleanup:
        _start_s3(cleanup)
        _empty_redis()
        cleanup.callback(_empty_redis)
        _recreate_database(database_url, create=True)
        cleanup.callback(_recreate_database, database_url, create=False)
        cleanup.callback(connections.close_all)
        collecting, static = _collect_static(workdir)
        cleanup.callback(collecting.kill)
        with django_db_blocker.unblock():
            call_command("migrate", "--noinput", verbosity=0)
            from cms.demo import seed_pages

            seed_pages()
            connections.close_all()
        if collecting.wait(timeout=300) != 0:
            raise RuntimeError("collectstatic failed (its output is above)")

        stack = Stack(
            a=f"http://127.0.0.1:{os.environ['KRING_SCALEOUT_PORT_A']}",
            b=f"http://127.0.0.1:{os.environ['KRING_SCALEOUT_PORT_B']}",
            bucket=os.environ["S3_BUCKET"],
        )
        gunicorn = [str(BIN / "gunicorn"), "config.wsgi", "--workers", "1", "--timeout", "30"]
        # gunicorn's control socket is one path per user (~/.gunicorn/gunicorn.ctl): two servers
        # on one machine would take it from each other.
        gunicorn.append("--no-control-socket")
        celery = [str(BIN / "celery"), "-A", "config"]
        commands = {
            "web-a": [*gunicorn, "--bind", urlsplit(stack.a).netloc, "--access-logfile", "-"],
            "web-b": [*gunicorn, "--bind", urlsplit(stack.b).netloc, "--access-logfile", "-"],
            "worker": [*celery, "worker", "--loglevel=info", "--concurrency=1"],
            "beat": [*celery, "beat", "--loglevel=info"],
        }
        for name, command in commands.items():
            stack.processes.append(
                Process(name, command, var_dir=workdir / name, log=workdir / f"{name}.log")
            )
        cleanup.callback(_stop, stack.processes)
        for process in stack.processes:
            _launch(process, static)
        _STACK = stack
        _wait_until_ready(stack)
        yield stack
        _STACK = None
    shutil.rmtree(workdir, ignore_errors=True)
