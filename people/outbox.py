"""A transactional outbox for work that must happen once a change is committed (mostly e-mail).

A service writes an ``OutboxMessage`` in the same transaction as the change it announces
(``outbox_add``). After commit it is handed to Celery; if the broker is down, the row simply
waits and the periodic ``people.outbox_flush`` hands it over once the broker answers again.
Delivery locks the row and marks it sent, so a message that was enqueued twice is still
delivered once. Messages carry a topic and an object id: never personal data.

Handlers are registered by topic from each app's ``AppConfig.ready`` (``outbox_handler``),
so this module, at the bottom of the layering, imports no domain app. The Celery task that
delivers a message (``people.tasks``) calls this module; this module names that task only by
its registered name (``DELIVER_TASK``), so the two never import each other.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from celery import current_app
from django.db import transaction
from django.utils import timezone

from people.models import OutboxMessage

logger = logging.getLogger(__name__)

# The name under which people.tasks registers its delivery task (imported in PeopleConfig.ready).
DELIVER_TASK = "people.outbox_deliver"

Handler = Callable[[int], None]
_HANDLERS: dict[str, Handler] = {}


def outbox_handler(topic: str) -> Callable[[Handler], Handler]:
    """Registers the function that delivers messages of ``topic`` (takes the object id)."""

    def register(handler: Handler) -> Handler:
        _HANDLERS[topic] = handler
        return handler

    return register


def outbox_add(*, topic: str, object_id: int) -> OutboxMessage:
    """Records that ``topic`` must be delivered for ``object_id``; enqueues it after commit.

    Call inside the transaction that makes the change. One message per topic and object.
    """
    if topic not in _HANDLERS:
        raise LookupError(f"No outbox handler for {topic!r}")
    message, _ = OutboxMessage.objects.get_or_create(topic=topic, object_id=object_id)
    transaction.on_commit(lambda: outbox_enqueue(message_id=message.pk))
    return message


def outbox_enqueue(*, message_id: int) -> bool:
    """Hands a message to Celery; with the broker down, leaves it for the next flush."""
    try:
        current_app.tasks[DELIVER_TASK].delay(message_id)
    except Exception as exc:  # the broker is down or refuses: the row waits for the flush
        logger.warning(
            "outbox: message %s waits for the broker (%s)", message_id, type(exc).__name__
        )
        return False
    return True


def outbox_deliver(*, message_id: int) -> bool:
    """Delivers one message exactly once; returns whether this call delivered it."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.sent_at is not None:
            return False
        handler = _HANDLERS.get(message.topic)
        if handler is None:
            raise LookupError(f"No outbox handler for {message.topic!r}")
        message.attempts += 1
        handler(message.object_id)
        message.sent_at = timezone.now()
        message.save(update_fields=["attempts", "sent_at"])
    return True


def outbox_flush(*, older_than: timedelta = timedelta(seconds=30)) -> int:
    """Enqueues every message still unsent after ``older_than``; returns how many."""
    cutoff = timezone.now() - older_than
    pending = OutboxMessage.objects.filter(sent_at__isnull=True, created_at__lte=cutoff)
    count = 0
    for message_id in pending.values_list("pk", flat=True)[:500]:
        if not outbox_enqueue(message_id=message_id):
            break
        count += 1
    return count
