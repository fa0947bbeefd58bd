"""The coaching app's Celery tasks. Importing this module also registers the outbox handlers of
the coaching e-mails (through CoachingConfig.ready), so a worker can deliver them."""

from __future__ import annotations
