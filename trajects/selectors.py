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
        .select_related("region", "taken_by")
        .only(
            "pk",
            "reference",
            "created_at",
            "registrant_type",
            "municipality",
            "status",
            "channel",
            "region__name",
            "taken_by__first_name",
            "taken_by__last_name",
            "taken_by__email",
        )
        .order_by("-created_at", "-pk")
    )


def registration_detail_queryset(*, user) -> RegistrationQuerySet:
    """The registrations ``user`` may open, with their region, postcode and call taker in the
    same query."""
    return Registration.objects.visible_to(user).select_related(
        "region", "postcode", "duplicate_of", "taken_by"
    )
