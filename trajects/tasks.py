"""The trajects app's Celery tasks. Importing this module also registers the outbox handlers of
the registration and matching e-mails, so a worker can deliver them."""

from __future__ import annotations

from celery import shared_task

from trajects import notifications  # noqa: F401 -- registers the outbox handlers
from trajects.alerts import services as alerts
from trajects.matching import services as matching
from trajects.workspace import reminders


@shared_task(name="trajects.expire_proposals")
def expire_proposals() -> int:
    """Proposals unanswered after 48 hours go back to staff (beat runs it every 15 minutes).
    Idempotent: a proposal is expired in the transaction that writes its outbox message."""
    return matching.proposals_expire()


@shared_task(name="trajects.send_due_alerts")
def send_due_alerts() -> int:
    """Alerts staff at day 10 and day 18 of a traject that has not started, of a traject without
    a step for 14 days and of a follow-up overdue (beat runs it every 15 minutes). Idempotent:
    each alert is written once (unique constraints) and marked sent in the transaction of its
    outbox message."""
    return alerts.alerts_detect_and_send()


@shared_task(name="trajects.send_follow_up_reminders")
def send_follow_up_reminders() -> int:
    """Reminds coordinators of the follow-up on its day (beat runs it every 15 minutes).
    Idempotent: a follow-up is marked reminded in the transaction of its outbox message."""
    return reminders.follow_ups_remind_due()
