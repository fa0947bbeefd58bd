"""A transactional outbox for work that must happen once a change is committed (mostly e-mail).

A service writes an ``OutboxMessage`` in the same transaction as the change it announces
(``outbox_add``). Messages carry a topic and an object id: never personal data.

**No request waits on the broker.** After commit the message is handed to Celery on a background
thread (``outbox_dispatch``; a bounded number at a time, with the broker's short timeouts), so a
frozen, refused or empty Redis costs the visitor nothing. Whatever that hand-over misses, beat's
``people.outbox_flush`` hands over every 30 seconds (``outbox_due``).

**Delivery is at least once.** ``outbox_deliver`` claims the message with an ``UPDATE`` (a lease
longer than the task's hard time limit) and commits; sends with no transaction open; then
records the result. A worker killed after the mail server took a mail but before the row was
marked sent loses its lease and the message goes again: at most once more per kill. The second
copy carries the same Message-ID (``people.mail``), so a receiving server or client can drop it.
Every try is an ``OutboxAttempt`` with its error (e-mail addresses blanked); a failed message is
tried again after 1, 2, 4 … 60 minutes, and after ``KRING_OUTBOX_MAX_ATTEMPTS`` tries it is set
failed and shown to administrators (``people.admin``), who can send it again
(``outbox_retry``).

Handlers are registered by topic from each app's ``AppConfig.ready`` (``outbox_handler``),
so this module, at the bottom of the layering, imports no domain app. The Celery task that
delivers a message (``people.tasks``) calls this module; this module names that task only by
its registered name (``DELIVER_TASK``), so the two never import each other.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from datetime import datetime, timedelta
from functools import partial

from celery._state import get_current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from people.mail import stable_message_ids
from people.models import OutboxAttempt, OutboxMessage

logger = logging.getLogger(__name__)

# The name under which people.tasks registers its delivery task (imported in PeopleConfig.ready).
DELIVER_TASK = "people.outbox_deliver"

Handler = Callable[[int], None]
_HANDLERS: dict[str, Handler] = {}

# Hand-overs after commit run here, never on the request's thread.
_EXECUTOR = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kring-outbox")
_SLOTS = threading.BoundedSemaphore(100)
_PENDING: set[Future] = set()
_PENDING_LOCK = threading.Lock()
_ADDRESS = re.compile(r"[^\s<>()\"',;:]+@[^\s<>()\"',;:]+")


def outbox_handler(topic: str) -> Callable[[Handler], Handler]:
    """Registers the function that delivers messages of ``topic`` (takes the object id)."""

    def register(handler: Handler) -> Handler:
        _HANDLERS[topic] = handler
        return handler

    return register


def outbox_add(*, topic: str, object_id: int, again: bool = False) -> OutboxMessage:
    """Records that ``topic`` must be delivered for ``object_id``; hands it over after commit.

    Call inside the transaction that makes the change. One message per topic and object; with
    ``again``, a message already delivered (or failed) for them is set to go once more (a session
    changed a second time must reach the invitee again).
    """
    if topic not in _HANDLERS:
        raise LookupError(f"No outbox handler for {topic!r}")
    if again:
        OutboxMessage.objects.filter(topic=topic, object_id=object_id).filter(
            Q(sent_at__isnull=False) | Q(failed_at__isnull=False)
        ).update(
            sent_at=None,
            failed_at=None,
            next_attempt_at=None,
            attempts=0,
            created_at=timezone.now(),
        )
    message, _ = OutboxMessage.objects.get_or_create(topic=topic, object_id=object_id)
    transaction.on_commit(lambda: outbox_dispatch(message_id=message.pk))
    return message


def outbox_dispatch(*, message_id: int) -> None:
    """Starts the delivery of a committed message without making the caller wait.

    With eager tasks (tests, ``CELERY_TASK_ALWAYS_EAGER``) it delivers at once. Otherwise the
    hand-over to the broker runs on a background thread (``KRING_OUTBOX_DISPATCH_THREAD``); with
    every slot taken, the message is left to the flush.
    """
    app = get_current_app()
    if app.conf.task_always_eager:
        outbox_deliver(message_id=message_id)
        return
    if not settings.KRING_OUTBOX_DISPATCH_THREAD:
        outbox_enqueue(message_id=message_id, app=app)
        return
    if not _SLOTS.acquire(blocking=False):
        logger.warning("outbox: message %s left to the flush (hand-over queue full)", message_id)
        return
    future = _EXECUTOR.submit(_hand_over, app, message_id)
    with _PENDING_LOCK:
        _PENDING.add(future)
    future.add_done_callback(_forget)


def _hand_over(app, message_id: int) -> None:
    try:
        outbox_enqueue(message_id=message_id, app=app)
    finally:
        _SLOTS.release()


def _forget(future: Future) -> None:
    with _PENDING_LOCK:
        _PENDING.discard(future)


def outbox_dispatch_wait(timeout: float) -> bool:
    """Waits until the background hand-overs started so far are done (tests, shutdown)."""
    with _PENDING_LOCK:
        pending = set(_PENDING)
    _done, not_done = wait(pending, timeout=timeout)
    return not not_done


def outbox_enqueue(*, message_id: int, app=None) -> bool:
    """Hands a message to Celery once, no retries; with the broker down, leaves it for the flush."""
    app = app or get_current_app()
    try:
        app.tasks[DELIVER_TASK].apply_async((message_id,), retry=False)
    except Exception as exc:  # down, refusing or frozen past its timeout: the row waits
        logger.warning(
            "outbox: message %s waits for the broker (%s)", message_id, type(exc).__name__
        )
        return False
    return True


def _pending(now: datetime):
    """Messages that may be tried now: unsent, not failed, not claimed, their wait over."""
    return (
        OutboxMessage.objects.filter(sent_at__isnull=True, failed_at__isnull=True)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    )


def outbox_backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed try: 1, 2, 4 … minutes, at most an hour."""
    minutes = min(2 ** max(attempts - 1, 0), 60)
    return timedelta(minutes=minutes)


def error_text(exc: BaseException) -> str:
    """What an attempt's error records: the exception's type and message, addresses blanked."""
    text = f"{type(exc).__name__}: {exc}"
    return _ADDRESS.sub("…@…", text)[:500]


def outbox_deliver(*, message_id: int, now: datetime | None = None) -> bool:
    """Delivers one message; True when this call delivered it.

    Claims the message (a committed lease), sends with no transaction open, then records the
    attempt. A failure is recorded, never raised: the flush tries again after the backoff.
    """
    now = now or timezone.now()
    lease = timedelta(seconds=settings.KRING_OUTBOX_LEASE_SECONDS)
    claimed = (
        _pending(now)
        .filter(pk=message_id)
        .update(claimed_until=now + lease, attempts=F("attempts") + 1)
    )
    if not claimed:
        return False  # sent, failed, waiting for its next try, or another worker has it
    message = OutboxMessage.objects.get(pk=message_id)
    handler = _HANDLERS.get(message.topic)
    try:
        if handler is None:
            raise LookupError(f"No outbox handler for {message.topic!r}")
        with stable_message_ids(f"kring.outbox.{message.pk}.{message.created_at:%Y%m%d%H%M%S%f}"):
            handler(message.object_id)
    except Exception as exc:
        _record_failure(message, exc, started=now)
        return False
    with transaction.atomic():
        OutboxAttempt.objects.create(message=message, started_at=now, succeeded=True)
        OutboxMessage.objects.filter(pk=message.pk).update(
            sent_at=timezone.now(), claimed_until=None, next_attempt_at=None, last_error=""
        )
    return True


def _record_failure(message: OutboxMessage, exc: Exception, *, started: datetime) -> None:
    error = error_text(exc)
    logger.warning(
        "outbox: message %s (%s) failed on attempt %s: %s",
        message.pk,
        message.topic,
        message.attempts,
        type(exc).__name__,
    )
    gave_up = message.attempts >= settings.KRING_OUTBOX_MAX_ATTEMPTS
    with transaction.atomic():
        OutboxAttempt.objects.create(message=message, started_at=started, error=error)
        OutboxMessage.objects.filter(pk=message.pk).update(
            claimed_until=None,
            last_error=error,
            next_attempt_at=None if gave_up else started + outbox_backoff(message.attempts),
            failed_at=started if gave_up else None,
        )


def outbox_due(*, now: datetime | None = None, older_than: timedelta = timedelta(0)):
    """Ids of the messages the flush hands over: pending and older than ``older_than``."""
    now = now or timezone.now()
    return (
        _pending(now)
        .filter(created_at__lte=now - older_than)
        .order_by("created_at")
        .values_list("pk", flat=True)
    )


def outbox_flush(
    *, older_than: timedelta = timedelta(seconds=30), now: datetime | None = None
) -> int:
    """Hands over every due message (at most 500 a run); returns how many. Stops at the first
    refusal: the broker is down, the next run tries again."""
    count = 0
    for message_id in outbox_due(now=now, older_than=older_than)[:500]:
        if not outbox_enqueue(message_id=message_id):
            break
        count += 1
    return count


def outbox_retry(*, message_ids: Iterable[int], now: datetime | None = None) -> int:
    """An administrator sends unsent messages again now (failed ones included); returns how many.

    Their count of attempts goes on, so one more failure sets a failed message failed again.
    """
    now = now or timezone.now()
    ids = list(
        OutboxMessage.objects.filter(pk__in=list(message_ids), sent_at__isnull=True)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        OutboxMessage.objects.filter(pk__in=ids).update(failed_at=None, next_attempt_at=None)
        for message_id in ids:
            transaction.on_commit(partial(outbox_dispatch, message_id=message_id))
    return len(ids)
