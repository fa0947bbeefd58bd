"""Writing the access log. A read that cannot be recorded fails closed: ``AuditUnavailable``
(the middleware answers 503 and says so) rather than showing data no one will know was read."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
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
    """Appends one event: ``actor`` (default: the request's user) did ``action`` on ``obj``.

    A list (an export of a filtered table) is named by its record type with an empty id. Only
    the type and the id are stored, never a name, a filter someone typed or a copy of the data.
    """
    if obj is not None:
        object_type, object_id = obj._meta.label_lower, obj.pk
    user = getattr(request, "user", None)
    if actor is None and user is not None and user.is_authenticated:
        actor = user
    try:
        with transaction.atomic():
            return AccessEvent.objects.create(
                actor=actor,
                action=str(action),
                object_type=object_type,
                object_id="" if object_id is None else str(object_id),
                address=client_ip(request) if request is not None else None,
            )
    except DatabaseError as exc:
        logger.error("audit: an access event could not be stored (%s)", type(exc).__name__)
        raise AuditUnavailable from exc


@contextmanager
def access_change(*, request: HttpRequest, obj: models.Model) -> Iterator[None]:
    """Runs a change and records it in one transaction: the CHANGE event is written once the
    block has succeeded, and when it cannot be written the change is rolled back too
    (``AuditUnavailable`` propagates). A refusal raised in the block records nothing."""
    with transaction.atomic():
        yield
        access_record(request=request, action=AccessAction.CHANGE, obj=obj)


def access_events_prune(*, now: datetime) -> int:
    """Deletes the events older than ``KRING_AUDIT_RETENTION_DAYS`` before ``now``; returns how
    many. The one place events are deleted (the retention run calls it)."""
    cutoff = now - timedelta(days=settings.KRING_AUDIT_RETENTION_DAYS)
    deleted, _per_model = AccessEvent.objects.filter(at__lt=cutoff).delete()
    return deleted
