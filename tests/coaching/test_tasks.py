"""Beat runs the coaching app's periodic work as tasks a worker knows."""

from __future__ import annotations

from django.conf import settings

from config.celery import app


def test_beat_runs_the_session_reminders_and_the_weekly_digest_as_registered_tasks():
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert {"coaching.send_session_reminders", "coaching.send_weekly_digests"} <= scheduled
    assert {"coaching.send_session_reminders", "coaching.send_weekly_digests"} <= set(app.tasks)
