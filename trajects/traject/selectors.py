"""Reads of the staff's trajects pages, each with a fixed number of queries."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from trajects.traject.models import Step, Traject, TrajectQuerySet


def traject_list(*, user) -> TrajectQuerySet:
    """The trajects ``user`` may see, newest registration first, with what the table shows.

    ``visible_to`` decides which, as a condition on each traject (``EXISTS``) rather than a
    filter on the region: with the region filter SQLite read every traject of the regions
    and sorted them all by their registration's date to show 25; with the condition it reads
    the registrations newest first and stops at the page (the count reads each traject once).
    """
    visible = Traject.objects.visible_to(user).filter(pk=OuterRef("pk"))
    return (
        Traject.objects.filter(Exists(visible))
        .select_related("registration", "region")
        .only(
            "pk",
            "phase",
            "phase_since",
            "paused_at",
            "region__name",
            "registration__reference",
            "registration__created_at",
            "registration__municipality",
        )
        .order_by("-registration__created_at", "-pk")
    )


def traject_detail_queryset(*, user) -> TrajectQuerySet:
    return Traject.objects.visible_to(user).select_related(
        "registration", "registration__region", "region", "coordinator"
    )


def timeline(*, registration_id: int) -> QuerySet[Step]:
    """The steps of a registration and its traject, oldest first, with who took them."""
    return Step.objects.filter(registration_id=registration_id).select_related("by", "coordinator")
