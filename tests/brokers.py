"""Celery pointed at another broker for one test: a port where nothing listens (the broker is
down), or a private redis-server a test starts and stops. The ``broker_down`` fixture in
tests/conftest.py is built on ``celery_broker``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from kombu import pools

from config.celery import app as celery_app

# Nothing listens on port 1.
NOWHERE = "redis://127.0.0.1:1/0"

_SETTINGS = (
    "broker_url",
    "task_always_eager",
    "broker_connection_retry",
    "broker_connection_max_retries",
    "broker_transport_options",
    "task_publish_retry",
)


def reset_pools() -> None:
    """Forgets pooled broker connections and producers (kombu's global pools too), so the next
    publish connects to the broker URL set now. (A pool closed but left registered answers
    "Acquire on closed pool" instead of trying the broker, even in eager mode, which takes a
    producer to serialise arguments.)"""
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    pools.reset()


@contextmanager
def celery_broker(url: str) -> Iterator[None]:
    """Celery publishing to ``url`` for real (not eagerly), giving up at once when it is down."""
    previous = {name: celery_app.conf[name] for name in _SETTINGS}
    # Celery reads CELERY_BROKER_URL from the environment before its own configuration (CI's
    # PostgreSQL run sets it): hide it while this broker is in use.
    environment_url = os.environ.pop("CELERY_BROKER_URL", None)
    celery_app.conf.update(
        broker_url=url,
        task_always_eager=False,
        broker_connection_retry=False,
        broker_connection_max_retries=0,
        broker_transport_options={"max_retries": 0},
        task_publish_retry=False,
    )
    reset_pools()
    try:
        yield
    finally:
        if environment_url is not None:
            os.environ["CELERY_BROKER_URL"] = environment_url
        celery_app.conf.update(previous)
        reset_pools()
