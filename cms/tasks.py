"""The cms app's Celery tasks."""

from __future__ import annotations

from celery import shared_task

from cms.ratelimit import rate_limits_clear_expired


@shared_task(name="cms.clear_rate_limits")
def clear_rate_limits() -> int:
    """Deletes the rate limit counters whose window has ended (beat runs it daily)."""
    return rate_limits_clear_expired()
