"""Outbox handlers: the e-mails of registrations, matching, the promise's alerts,
the follow-up's reminder and the coach's learning trajects, delivered after commit.

Imported from ``TrajectsConfig.ready`` so the handlers are registered before any message is
written or delivered. Each handler gets an id only (a registration's, a proposal's, an alert's, a follow-up's).
"""

from __future__ import annotations

from people.outbox import outbox_handler
from trajects import services
from trajects.alerts import services as alerts
from trajects.coach import services as coach
from trajects.matching import services as matching
from trajects.traject import services as traject_services
from trajects.workspace import reminders


@outbox_handler(services.TOPIC_CONFIRMATION)
def registration_confirmation(registration_id: int) -> None:
    services.registration_confirmation_send(registration_id=registration_id)


@outbox_handler(services.TOPIC_STAFF_NOTIFICATION)
def registration_staff_notification(registration_id: int) -> None:
    services.registration_staff_notify(registration_id=registration_id)


@outbox_handler(matching.TOPIC_PROPOSED)
def proposal_made(proposal_id: int) -> None:
    matching.proposal_made_send(proposal_id=proposal_id)


@outbox_handler(matching.TOPIC_ANSWERED)
def proposal_answered(proposal_id: int) -> None:
    matching.proposal_answered_send(proposal_id=proposal_id)


@outbox_handler(alerts.TOPIC_ALERT)
def alert(alert_id: int) -> None:
    alerts.alert_email_send(alert_id=alert_id)


@outbox_handler(reminders.TOPIC_FOLLOW_UP)
def follow_up_reminder(follow_up_id: int) -> None:
    reminders.follow_up_reminder_send(follow_up_id=follow_up_id)


@outbox_handler(traject_services.TOPIC_LEARNING_STARTED)
def learning_started(traject_id: int) -> None:
    coach.learning_started_send(traject_id=traject_id)


@outbox_handler(traject_services.TOPIC_LEARNING_CLOSED)
def learning_closed(traject_id: int) -> None:
    coach.learning_closed_send(traject_id=traject_id)
