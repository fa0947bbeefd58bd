"""The facts /health/ reports about the background work: the worker's heartbeat and the outbox.

The Celery task ``people.heartbeat`` (beat runs it every minute) calls ``heartbeat_record``; the
moment lands in the default cache (the database in production, never Redis), so the web process
can tell how long ago a worker last ran a task without asking the broker. The outbox's state is
read from its table. Both hold moments and counts only: never personal data.
"""

from __future__ import annotations

import datetime
import logging
from typing import TypedDict

from django.core.cache import cache
from django.db.models import Min
from django.utils import timezone

from people.models import OutboxMessage

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "kring:health:worker-heartbeat"
# Long enough that a worker stopped overnight shows as late (an age), not as unknown.
HEARTBEAT_TIMEOUT = 24 * 60 * 60


class OutboxState(TypedDict):
    oldest_unsent_age: float | None
    failed: int


def heartbeat_record(*, now: datetime.datetime | None = None) -> None:
    """Records that a worker is alive at ``now``. Never raises: a cache that is down is logged."""
    moment = now or timezone.now()
    try:
        cache.set(HEARTBEAT_KEY, moment.timestamp(), timeout=HEARTBEAT_TIMEOUT)
    except Exception as exc:
        # The exception's type only: its text might quote the connection string.
        logger.warning(
            "health: the worker's heartbeat could not be stored (%s)", type(exc).__name__
        )


def heartbeat_age(*, now: datetime.datetime | None = None) -> float | None:
    """Seconds since the last heartbeat; ``None`` when there is none (or it has expired).

    Raises when the cache cannot be read: the caller tells "unknown" from "cannot say".
    """
    recorded = cache.get(HEARTBEAT_KEY)
    if recorded is None:
        return None
    moment = now or timezone.now()
    return max(0.0, moment.timestamp() - float(recorded))


def outbox_state(*, now: datetime.datetime | None = None) -> OutboxState:
    """The age in seconds of the oldest message still to send (``None``: none waits), and how
    many messages have failed for good (they wait for an administrator)."""
    moment = now or timezone.now()
    unsent = OutboxMessage.objects.filter(sent_at__isnull=True, failed_at__isnull=True)
    oldest = unsent.aggregate(oldest=Min("created_at"))["oldest"]
    failed = OutboxMessage.objects.filter(sent_at__isnull=True, failed_at__isnull=False).count()
    return {
        "oldest_unsent_age": None
        if oldest is None
        else max(0.0, (moment - oldest).total_seconds()),
        "failed": failed,
    }
