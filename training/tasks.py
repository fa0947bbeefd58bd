"""The training app's Celery tasks. Importing this module also registers the outbox handlers
of the reminders and training days, so a worker can deliver their e-mails."""

from __future__ import annotations

from celery import shared_task

from training.certificates import reminders
from training.days import services as days_services  # noqa: F401 -- registers the outbox handler


@shared_task(name="training.send_due_reminders")
def send_due_reminders() -> int:
    """Hands the due reminders to the outbox (beat runs it every 15 minutes). Idempotent: a
    reminder is marked sent in the transaction that writes its outbox message."""
    return reminders.reminders_send_due()
