"""Celery tasks of the sessions area (wired into coaching/tasks.py and the beat schedule by the
lead): the reminder of tomorrow's sessions."""

from __future__ import annotations

from celery import shared_task

from coaching.sessions.services import sessions_remind_due


@shared_task(name="coaching.send_session_reminders")
def send_session_reminders() -> int:
    """Claims and enqueues the reminders due (idempotent: each invitation is claimed once)."""
    return sessions_remind_due()
