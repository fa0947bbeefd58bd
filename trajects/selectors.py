"""Reads for the staff area, each with a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from trajects.models import Registration, RegistrationQuerySet


def registration_inbox(*, user) -> RegistrationQuerySet:
    """The registrations ``user`` may see, newest first, with what the table shows.

    One query for the rows and one for the count, at any length (the user's access is two
    queries, once per request).
    """
    return (
        Registration.objects.visible_to(user)
        .select_related("region")
        .only(
            "pk",
            "reference",
            "created_at",
            "registrant_type",
            "municipality",
            "status",
            "region__name",
        )
        .order_by("-created_at", "-pk")
    )


def registration_detail_queryset(*, user) -> RegistrationQuerySet:
    """The registrations ``user`` may open, with their region and postcode in the same query."""
    return Registration.objects.visible_to(user).select_related(
        "region", "postcode", "duplicate_of"
    )
