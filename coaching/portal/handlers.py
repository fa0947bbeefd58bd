"""Outbox handlers of the coaching app's portal e-mails (imported by CoachingConfig.ready)."""

from __future__ import annotations

from coaching.portal.services import REPLY_WITHDRAWN_TOPIC, reply_withdrawn_send
from people.outbox import outbox_handler


@outbox_handler(REPLY_WITHDRAWN_TOPIC)
def reply_withdrawn(invitation_id: int) -> None:
    reply_withdrawn_send(invitation_id=invitation_id)
