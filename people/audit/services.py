"""Writing the access log. A read that cannot be recorded fails closed: ``AuditUnavailable``
(the middleware answers 503 and says so) rather than showing data no one will know was read."""

from __future__ import annotations

import logging

from django.db import DatabaseError, models, transaction
from django.http import HttpRequest

from people.audit.models import AccessAction, AccessEvent
from people.http import client_ip

logger = logging.getLogger(__name__)


class AuditUnavailable(Exception):
    """The access log could not be written: the read or change must not go ahead."""


def access_record(
    *,
    request: HttpRequest | None,
    action: AccessAction | str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    actor=None,
) -> AccessEvent:
    """Appends one event: ``actor`` (default: the request's user) did ``action`` on ``obj``."""
    if obj is not None:
        object_type, object_id = obj._meta.label_lower, obj.pk
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    try:
        with transaction.atomic():
            return AccessEvent.objects.create(
                actor=actor,
                action=str(action),
                object_type=object_type,
                object_id=str(object_id),
                address=client_ip(request) if request is not None else None,
            )
    except DatabaseError as exc:
        logger.error("audit: an access event could not be stored (%s)", type(exc).__name__)
        raise AuditUnavailable from exc
