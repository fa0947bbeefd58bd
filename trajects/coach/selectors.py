"""Reads for the coach: the trajects of the coordinators they coach today, read-only."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from training.learning.models import TrackEnrolment
from trajects.traject.models import ACTIVE, Traject, TrajectQuerySet


def _awaiting_sign_off() -> Exists:
    """The traject's coordinator has a track waiting for the sign-off (the learning traject's
    reason to be)."""
    return Exists(
        TrackEnrolment.objects.filter(
            user=OuterRef("coordinator"),
            track__is_active=True,
            track__sign_off_required=True,
            track__qualifies_for_matching=True,
            signed_off_at__isnull=True,
        )
    )


def coach_trajects(*, user) -> tuple[list[Traject], list[Traject]]:
    """The coach's coordinators' trajects: (current, ended), newest first, each with
    ``awaiting_sign_off``. One query whatever their number."""
    trajects = list(
        Traject.objects.for_coach(user)
        .select_related("registration", "coordinator")
        .annotate(awaiting_sign_off=_awaiting_sign_off())
        .order_by("-started_at", "-pk")
    )
    current = [traject for traject in trajects if traject.phase in ACTIVE]
    ended = [traject for traject in trajects if traject.phase not in ACTIVE]
    return current, ended


def coach_queryset(*, user) -> TrajectQuerySet:
    """One of the coach's coordinators' trajects, with what its page reads one-to-one."""
    return (
        Traject.objects.for_coach(user)
        .select_related(
            "registration",
            "registration__postcode",
            "region",
            "coordinator",
            "preparation",
            "conference",
            "plan",
            "follow_up",
        )
        .annotate(awaiting_sign_off=_awaiting_sign_off())
    )
