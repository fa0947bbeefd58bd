"""The dashboard's Celery task: the coaches' weekly digest (wired into coaching/tasks.py and
the beat schedule by the lead)."""

from __future__ import annotations

from celery import shared_task

from coaching.dashboard import digest


@shared_task(name="coaching.send_weekly_digests")
def send_weekly_digests() -> int:
    """Hands this week's digest of each coach to the outbox, from Monday 07:00 Brussels time
    (beat runs it every 15 minutes, so a beat that was down at 07:00 catches up). Idempotent:
    one ``WeeklyDigest`` row per coach and week, claimed by a conditional update in the
    transaction of its outbox message."""
    return digest.weekly_digests_send()
