"""Outbox handlers of the coaching app's dashboard e-mails (imported by CoachingConfig.ready)."""

from __future__ import annotations

from coaching.dashboard.digest import TOPIC_DIGEST, digest_email_send
from people.outbox import outbox_handler


@outbox_handler(TOPIC_DIGEST)
def weekly_digest(object_id: int) -> None:
    digest_email_send(digest_id=object_id)
