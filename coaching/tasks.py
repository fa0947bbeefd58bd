"""The coaching app's Celery tasks, kept beside their areas and imported here so that Celery's
autodiscovery (which reads ``<app>.tasks``) registers them. Importing the app also registers the
outbox handlers of the coaching e-mails (CoachingConfig.ready), so a worker can deliver them."""

from __future__ import annotations

from coaching.dashboard.tasks import send_weekly_digests
from coaching.sessions.tasks import send_session_reminders

__all__ = ["send_session_reminders", "send_weekly_digests"]
