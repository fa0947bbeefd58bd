"""Project-wide views that belong to no app."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from math import ceil
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.celery import app as celery_app
from people.health import heartbeat_age, outbox_state

logger = logging.getLogger(__name__)

# The checks run here, so that /health/ answers by its deadline whatever hangs. A check still
# running from an earlier request is waited for again rather than started twice: a database that
# hangs for minutes holds one thread per check, not one per request.
_EXECUTOR = ThreadPoolExecutor(max_workers=4, thread_name_prefix="kring-health")
_RUNNING: dict[str, Future[Any]] = {}
_RUNNING_LOCK = threading.Lock()

OK = "ok"
DOWN = "unavailable"
DEGRADED = "degraded"
LATE = "late"
UNKNOWN = "unknown"
FAILED = "failed"


def _on_own_connection(check: Callable[[], Any]) -> Callable[[], Any]:
    """``check`` on a worker thread: that thread's database connection is closed afterwards
    (Django opens one per thread, and nothing else would close it)."""

    def run() -> Any:
        try:
            return check()
        finally:
            connection.close()

    return run


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.warning("health: the database does not answer", exc_info=True)
        return False


def _broker_ok() -> bool:
    if celery_app.conf.task_always_eager:
        return True
    timeout = settings.KRING_HEALTH_DEADLINE
    # Short socket timeouts of our own: the broker's usual ones (2 s and 5 s for Redis) are
    # longer than the whole check may take.
    options = {"socket_connect_timeout": timeout, "socket_timeout": timeout}
    try:
        with celery_app.connection_for_write(
            connect_timeout=timeout, transport_options=options
        ) as conn:
            conn.ensure_connection(
                max_retries=1,
                interval_start=0,
                interval_step=0,
                interval_max=0,
                timeout=ceil(timeout),
            )
        return True
    except Exception:
        logger.warning("health: the Celery broker does not answer", exc_info=True)
        return False


def _background_state() -> dict[str, Any]:
    """The worker's heartbeat and the outbox (both read from the database in production)."""
    now = timezone.now()
    return {"heartbeat_age": heartbeat_age(now=now), "outbox": outbox_state(now=now)}


def _database_inline() -> bool:
    """SQLite checks run on the request's thread: another thread gets another connection, and
    with the test suite's in-memory database, another database."""
    return connection.vendor == "sqlite"


def _submit(name: str, check: Callable[[], Any]) -> Future[Any]:
    with _RUNNING_LOCK:
        future = _RUNNING.get(name)
        if future is None or future.done():
            future = _EXECUTOR.submit(check)
            _RUNNING[name] = future
        return future


def _inline(check: Callable[[], Any]) -> Future[Any]:
    future: Future[Any] = Future()
    try:
        future.set_result(check())
    except Exception as exc:
        future.set_exception(exc)
    return future


def _outcome(future: Future[Any], name: str) -> tuple[bool, Any]:
    """(True, result) for a check that finished by the deadline, else (False, None)."""
    if not future.done():
        logger.warning("health: the %s check did not finish in time", name)
        return False, None
    if future.exception() is not None:
        logger.warning("health: the %s check failed", name, exc_info=future.exception())
        return False, None
    return True, future.result()


def _age(seconds: float | None) -> int | None:
    return None if seconds is None else round(seconds)


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """The state of Kring and the services it needs, as JSON, within ``KRING_HEALTH_DEADLINE``.

    503 when the database or the broker does not answer in time; 200 with ``"degraded"`` when
    the worker's last heartbeat is late (or unknown), the oldest unsent outbox message is late,
    or messages have failed; otherwise 200 ``"ok"``. Ages are in seconds. No personal data.
    """
    inline = _database_inline()
    futures = {"broker": _submit("broker", _broker_ok)}
    for name, check in (("database", _database_ok), ("background", _background_state)):
        futures[name] = _inline(check) if inline else _submit(name, _on_own_connection(check))
    wait(futures.values(), timeout=settings.KRING_HEALTH_DEADLINE)

    done, database_good = _outcome(futures["database"], "database")
    database = OK if done and database_good else DOWN
    done, broker_good = _outcome(futures["broker"], "broker")
    broker = OK if done and broker_good else DOWN
    done, state = _outcome(futures["background"], "worker and outbox")

    worker: dict[str, Any] = {"status": UNKNOWN, "heartbeat_age": None}
    outbox: dict[str, Any] = {"status": UNKNOWN, "oldest_unsent_age": None, "failed": None}
    if done:
        age = state["heartbeat_age"]
        worker["heartbeat_age"] = _age(age)
        if age is not None:
            worker["status"] = LATE if age > settings.KRING_HEALTH_WORKER_LATE else OK
        oldest, failed = state["outbox"]["oldest_unsent_age"], state["outbox"]["failed"]
        outbox.update(oldest_unsent_age=_age(oldest), failed=failed)
        if failed:
            outbox["status"] = FAILED
        elif oldest is not None and oldest > settings.KRING_HEALTH_OUTBOX_LATE:
            outbox["status"] = LATE
        else:
            outbox["status"] = OK

    if DOWN in (database, broker):
        overall, status = DOWN, 503
    elif worker["status"] != OK or outbox["status"] != OK:
        overall, status = DEGRADED, 200
    else:
        overall, status = OK, 200
    body = {
        "status": overall,
        "database": database,
        "broker": broker,
        "worker": worker,
        "outbox": outbox,
    }
    return JsonResponse(body, status=status)


@never_cache
@require_GET
def live(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. Touches no database and no cache, so a load balancer can
    ask it often, and ``make bench`` (bench/run.py) uses it as the trivial view that every page
    is compared with. ``health`` stays the readiness check (database, broker, worker)."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
