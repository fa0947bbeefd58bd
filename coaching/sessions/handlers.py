"""Outbox handlers of the coaching app's sessions e-mails (imported by CoachingConfig.ready)."""

from __future__ import annotations

from coaching.sessions import notifications, services
from people.outbox import outbox_handler


@outbox_handler(services.TOPIC_INVITATION)
def session_invitation(invitation_id: int) -> None:
    notifications.invitation_send(invitation_id=invitation_id)


@outbox_handler(services.TOPIC_CHANGED)
def session_changed(invitation_id: int) -> None:
    notifications.change_send(invitation_id=invitation_id)


@outbox_handler(services.TOPIC_CANCELLED)
def session_cancelled(invitation_id: int) -> None:
    notifications.cancellation_send(invitation_id=invitation_id)


@outbox_handler(services.TOPIC_UNINVITED)
def session_uninvited(object_id: int) -> None:
    notifications.uninvited_send(object_id=object_id)


@outbox_handler(services.TOPIC_REMINDER)
def session_reminder(invitation_id: int) -> None:
    notifications.reminder_send(invitation_id=invitation_id)
