"""Demo rows of the access log for ``seed_demo``: a few reads and changes of the records staff
try first, so a record's page shows its log on ``make run``. Idempotent: a record that already
has events gets none. Addresses come from the documentation ranges (RFC 5737)."""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils import timezone

from people.audit.models import AccessAction, AccessEvent
from people.models import User

ADDRESSES = ("192.0.2.10", "198.51.100.24", "203.0.113.7")


def seed(*, records: list[tuple[models.Model, User]]) -> int:
    """For each (record, staff member): they opened it twice and changed it, between the moment
    the record came in (``created_at``; at most four days back) and now. Returns how many events
    were made."""
    now = timezone.now()
    made = 0
    for n, (record, staff) in enumerate(records):
        if AccessEvent.objects.about(record).exists():
            continue
        address = ADDRESSES[n % len(ADDRESSES)]
        came_in = getattr(record, "created_at", None) or now - timedelta(days=4)
        since = max(came_in, now - timedelta(days=4))
        span = now - since
        for share, action in (
            (0.2, AccessAction.VIEW),
            (0.6, AccessAction.VIEW),
            (0.7, AccessAction.CHANGE),
        ):
            AccessEvent.objects.create(
                at=since + span * share,
                actor=staff,
                action=action,
                object_type=record._meta.label_lower,
                object_id=str(record.pk),
                address=address,
            )
            made += 1
    return made
