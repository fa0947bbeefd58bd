"""The outbox handlers of the training app: each delivers one e-mail for one application id.

Imported from ``TrainingConfig.ready`` so the handlers are registered before any service
writes an outbox row (``people.outbox`` delivers them after commit, exactly once).
"""

from __future__ import annotations

from people.outbox import outbox_handler
from training import services


@outbox_handler(services.TOPIC_CONFIRMATION)
def application_confirmation(application_id: int) -> None:
    services.application_confirmation_send(application_id=application_id)


@outbox_handler(services.TOPIC_STAFF_NOTICE)
def application_staff_notice(application_id: int) -> None:
    services.application_staff_notify(application_id=application_id)
