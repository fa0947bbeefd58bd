"""Reads of the access log: the log of one record (on its page) and the administrators' search."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from people.audit.models import AccessEvent, AccessEventQuerySet


def access_log_for(obj: models.Model, *, also: tuple = (), limit: int = 20) -> list[AccessEvent]:
    """The newest ``limit`` events about ``obj`` (and the records in ``also``, such as a
    traject's registration and plan), newest first, with who: one query."""
    records = Q()
    for record in (obj, *also):
        if record is not None and record.pk is not None:
            records |= Q(object_type=record._meta.label_lower, object_id=str(record.pk))
    return list(AccessEvent.objects.filter(records).select_related("actor")[:limit])


def access_log_search() -> AccessEventQuerySet:
    """Every event, newest first, with who (the filterset narrows it)."""
    return AccessEvent.objects.select_related("actor").order_by("-at", "-pk")
