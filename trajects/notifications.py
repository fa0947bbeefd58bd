"""Outbox handlers: the e-mails a registration causes, delivered once after its commit.

Imported from ``TrajectsConfig.ready`` so the handlers are registered before any message is
written or delivered. Each handler gets the registration's id only.
"""

from __future__ import annotations

from people.outbox import outbox_handler
from trajects import services


@outbox_handler(services.TOPIC_CONFIRMATION)
def registration_confirmation(registration_id: int) -> None:
    services.registration_confirmation_send(registration_id=registration_id)


@outbox_handler(services.TOPIC_STAFF_NOTIFICATION)
def registration_staff_notification(registration_id: int) -> None:
    services.registration_staff_notify(registration_id=registration_id)
