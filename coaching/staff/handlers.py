"""Outbox handlers of the coaching app's staff e-mails (imported by CoachingConfig.ready): a
new or changed coach assignment told to the coordinator, the new coach and the coach who hands
over. Each handler gets an assignment's id only."""

from __future__ import annotations

from coaching.staff import services
from people.outbox import outbox_handler


@outbox_handler(services.TOPIC_ASSIGNED_COORDINATOR)
def assignment_coordinator(assignment_id: int) -> None:
    services.assignment_coordinator_send(assignment_id=assignment_id)


@outbox_handler(services.TOPIC_ASSIGNED_NEW_COACH)
def assignment_new_coach(assignment_id: int) -> None:
    services.assignment_new_coach_send(assignment_id=assignment_id)


@outbox_handler(services.TOPIC_ASSIGNED_OLD_COACH)
def assignment_old_coach(assignment_id: int) -> None:
    services.assignment_old_coach_send(assignment_id=assignment_id)
