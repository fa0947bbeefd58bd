"""/health/: JSON with the state of the database, the broker, the worker and the outbox.

503 when the database or the broker does not answer by the deadline; 200 "degraded" when the
worker is late or unknown, or the outbox is late or has failed messages; else 200 "ok".
"""

from __future__ import annotations

import datetime
import threading
import time
from concurrent.futures import wait

import pytest
from django.core.cache import cache
from django.db import connections
from django.utils import timezone

from config import views
from config.celery import app as celery_app
from people.health import heartbeat_age, heartbeat_record, outbox_state
from people.models import OutboxMessage
from tests.faults import hung_server

pytestmark = pytest.mark.django_db

HEALTH = "/health/"
KEYS = {"status", "database", "broker", "worker", "outbox"}


@pytest.fixture(autouse=True)
def _checks_settle():
    """Every check a test started has finished before the next test: none is reused."""
    yield
    with views._RUNNING_LOCK:
        running = list(views._RUNNING.values())
    wait(running, timeout=5)


@pytest.fixture
def stopped_clock(time_machine):
    """The run's moment (tests/clock.py), standing still: ages come out exact."""
    time_machine.move_to(timezone.now(), tick=False)
    return time_machine


@pytest.fixture
def hang():
    """A check that hangs until the test ends (a service that accepts and never answers);
    its thread is released afterwards, so no later test meets a busy pool."""
    release = threading.Event()

    def hanging_check(*args, **kwargs):
        release.wait(5)
        return True

    yield hanging_check
    release.set()


@pytest.fixture
def celery_conf(monkeypatch):
    """The Celery app's configuration, restored after the test.

    Celery reads CELERY_BROKER_URL from the environment before its configuration: drop it so
    that the broker set here is the one used (the Redis test run sets it).
    """
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    saved = {
        "task_always_eager": celery_app.conf.task_always_eager,
        "broker_url": celery_app.conf.broker_url,
    }
    yield celery_app.conf
    celery_app.conf.update(saved)


@pytest.fixture
def inline_checks(monkeypatch):
    """The database checks on the test's own connection, which sees the test's rows (on
    PostgreSQL, a worker thread's connection would not: the test's transaction is open)."""
    monkeypatch.setattr(views, "_database_inline", lambda: True)


def message(*, created_at, sent_at=None, failed_at=None, object_id=1) -> OutboxMessage:
    return OutboxMessage.objects.create(
        topic="test.health",
        object_id=object_id,
        created_at=created_at,
        sent_at=sent_at,
        failed_at=failed_at,
    )


def assert_no_personal_data(response) -> None:
    body = response.json()
    assert set(body) == KEYS
    assert set(body["worker"]) == {"status", "heartbeat_age"}
    assert set(body["outbox"]) == {"status", "oldest_unsent_age", "failed"}


# --- The answer ----------------------------------------------------------------------------------


def test_health_is_ok_when_everything_answers_and_the_worker_beats(client, stopped_clock):
    heartbeat_record()
    stopped_clock.shift(datetime.timedelta(seconds=42))

    response = client.get(HEALTH)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "ok",
        "worker": {"status": "ok", "heartbeat_age": 42},
        "outbox": {"status": "ok", "oldest_unsent_age": None, "failed": 0},
    }
    assert_no_personal_data(response)


def test_health_asks_a_real_broker_when_tasks_are_not_eager(client, celery_conf):
    celery_conf.task_always_eager = False
    celery_conf.broker_url = "memory://"

    response = client.get(HEALTH)

    assert response.json()["broker"] == "ok"


def test_health_is_503_when_the_broker_cannot_be_reached(client, celery_conf):
    celery_conf.task_always_eager = False
    celery_conf.broker_url = "redis://127.0.0.1:1/0"
    heartbeat_record()

    started = time.monotonic()
    response = client.get(HEALTH)

    assert time.monotonic() - started < 3
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"], body["broker"]) == (
        "unavailable",
        "ok",
        "unavailable",
    )
    assert_no_personal_data(response)


def test_health_is_503_in_time_when_the_broker_accepts_and_never_answers(client, celery_conf):
    """A frozen Redis: the connection opens, the first command never gets an answer."""
    celery_conf.task_always_eager = False
    with hung_server() as (host, port):
        celery_conf.broker_url = f"redis://{host}:{port}/0"

        started = time.monotonic()
        response = client.get(HEALTH)
        elapsed = time.monotonic() - started

    assert elapsed < 3
    assert response.status_code == 503
    assert response.json()["broker"] == "unavailable"


def test_health_is_503_when_the_database_fails(client, monkeypatch):
    monkeypatch.setattr(views, "_database_ok", lambda: False)
    heartbeat_record()

    response = client.get(HEALTH)

    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"], body["broker"]) == (
        "unavailable",
        "unavailable",
        "ok",
    )
    assert_no_personal_data(response)


def test_health_is_503_when_the_database_check_raises(client, monkeypatch):
    def broken():
        raise RuntimeError("connection refused")

    monkeypatch.setattr(views, "_database_ok", broken)

    response = client.get(HEALTH)

    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_health_answers_503_in_time_when_the_broker_hangs(client, monkeypatch, hang, settings):
    settings.KRING_HEALTH_DEADLINE = 1.5
    monkeypatch.setattr(views, "_broker_ok", hang)

    started = time.monotonic()
    response = client.get(HEALTH)
    elapsed = time.monotonic() - started

    assert elapsed < 3
    assert response.status_code == 503
    assert response.json()["broker"] == "unavailable"
    assert response.json()["database"] == "ok"


def test_health_answers_503_in_time_when_the_database_hangs(client, monkeypatch, hang, settings):
    """On PostgreSQL the database check runs on a worker thread (SQLite's runs inline)."""
    settings.KRING_HEALTH_DEADLINE = 1.5
    monkeypatch.setattr(views, "_database_inline", lambda: False)
    monkeypatch.setattr(views, "_database_ok", hang)
    monkeypatch.setattr(views, "_background_state", hang)

    started = time.monotonic()
    response = client.get(HEALTH)
    elapsed = time.monotonic() - started

    assert elapsed < 3
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "unavailable"
    assert body["worker"]["status"] == "unknown"
    assert body["outbox"]["status"] == "unknown"


def test_a_check_still_hanging_is_not_started_again(client, monkeypatch, hang, settings):
    settings.KRING_HEALTH_DEADLINE = 0.2
    calls = []

    def counted():
        calls.append(1)
        return hang()

    monkeypatch.setattr(views, "_broker_ok", counted)

    assert client.get(HEALTH).status_code == 503
    assert client.get(HEALTH).status_code == 503
    assert len(calls) == 1


# --- Degraded ------------------------------------------------------------------------------------


def test_health_is_degraded_when_the_worker_has_never_beaten(client):
    response = client.get(HEALTH)

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["worker"] == {"status": "unknown", "heartbeat_age": None}


def test_health_is_degraded_when_the_worker_is_late(client, stopped_clock, settings):
    heartbeat_record()
    stopped_clock.shift(datetime.timedelta(seconds=settings.KRING_HEALTH_WORKER_LATE + 1))

    response = client.get(HEALTH)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["worker"] == {
        "status": "late",
        "heartbeat_age": settings.KRING_HEALTH_WORKER_LATE + 1,
    }


def test_health_is_degraded_when_the_oldest_unsent_message_is_late(
    client, stopped_clock, inline_checks, settings
):
    now = timezone.now()
    message(created_at=now - datetime.timedelta(seconds=settings.KRING_HEALTH_OUTBOX_LATE + 5))
    message(created_at=now - datetime.timedelta(seconds=10), object_id=2)
    heartbeat_record()

    response = client.get(HEALTH)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["outbox"] == {
        "status": "late",
        "oldest_unsent_age": settings.KRING_HEALTH_OUTBOX_LATE + 5,
        "failed": 0,
    }


def test_health_is_ok_with_a_young_unsent_message(client, stopped_clock, inline_checks):
    message(created_at=timezone.now() - datetime.timedelta(seconds=10))
    heartbeat_record()

    body = client.get(HEALTH).json()

    assert body["status"] == "ok"
    assert body["outbox"]["oldest_unsent_age"] == 10


def test_health_is_degraded_when_messages_have_failed(client, stopped_clock, inline_checks):
    now = timezone.now()
    message(created_at=now, failed_at=now, object_id=1)
    message(created_at=now, failed_at=now, object_id=2)
    message(created_at=now - datetime.timedelta(days=3), sent_at=now, object_id=3)
    heartbeat_record()

    response = client.get(HEALTH)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["outbox"] == {"status": "failed", "oldest_unsent_age": None, "failed": 2}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_health_reads_the_database_on_worker_threads_that_close_their_connection(
    client, monkeypatch
):
    """What PostgreSQL does in production: the checks on the pool's threads, each closing the
    connection Django opened for it."""
    monkeypatch.setattr(views, "_database_inline", lambda: False)
    closed = []
    wrapper_class = type(connections["default"])
    real_close = wrapper_class.close

    def close(wrapper):
        closed.append(threading.current_thread().name)
        real_close(wrapper)

    monkeypatch.setattr(wrapper_class, "close", close)
    now = timezone.now()
    message(created_at=now, failed_at=now)
    heartbeat_record()

    response = client.get(HEALTH)

    body = response.json()
    assert (response.status_code, body["database"], body["outbox"]["failed"]) == (200, "ok", 1)
    assert len(closed) == 2
    assert all(name.startswith("kring-health") for name in closed)


def test_health_is_not_cached_and_answers_only_get(client):
    response = client.get(HEALTH)

    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert client.post(HEALTH).status_code == 405


def test_health_works_for_a_logged_in_user_without_a_second_factor(client, coach):
    """Health is exempt from the compulsory second factor (monitoring may carry a session)."""
    client.force_login(coach)

    assert client.get(HEALTH).status_code == 200


# --- people.health --------------------------------------------------------------------------------


def test_heartbeat_age_counts_seconds_since_the_last_record(stopped_clock):
    assert heartbeat_age() is None

    heartbeat_record()
    stopped_clock.shift(datetime.timedelta(seconds=90))

    assert heartbeat_age() == 90


def test_heartbeat_record_never_raises_when_the_cache_is_down(monkeypatch, caplog):
    def down(*args, **kwargs):
        raise ConnectionError("cache at 10.0.0.1 for kring@example.org is down")

    monkeypatch.setattr(cache, "set", down)

    heartbeat_record()

    assert "heartbeat could not be stored (ConnectionError)" in caplog.text
    assert "example.org" not in caplog.text


def test_outbox_state_counts_only_unsent_and_failed(stopped_clock):
    now = timezone.now()
    message(created_at=now - datetime.timedelta(seconds=30), object_id=1)
    message(created_at=now - datetime.timedelta(hours=5), sent_at=now, object_id=2)
    message(created_at=now - datetime.timedelta(hours=9), failed_at=now, object_id=3)

    assert outbox_state() == {"oldest_unsent_age": 30.0, "failed": 1}
