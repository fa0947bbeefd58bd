"""Reads for the staff area, each with a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from django.db.models import Prefetch

from people.models import Region, User
from trajects.models import Registration, RegistrationQuerySet


def registration_inbox(*, user) -> RegistrationQuerySet:
    """The registrations ``user`` may see, newest first, with what the table shows.

    One query for the rows, one for the count, one for their regions' names and one for the
    staff who took the phone registrations among them, at any length (the user's access is two
    queries, once per request). The rows come from the registrations alone, no join: SQLite
    then reads the newest of each region from ``registration_region_date`` and stops at the
    page, where a join made it read and sort every registration first.
    """
    return (
        Registration.objects.visible_to(user)
        .prefetch_related(
            Prefetch("region", queryset=Region.objects.only("pk", "name")),
            Prefetch(
                "taken_by", queryset=User.objects.only("pk", "first_name", "last_name", "email")
            ),
        )
        .only(
            "pk",
            "reference",
            "created_at",
            "registrant_type",
            "municipality",
            "status",
            "channel",
            "region_id",
            "taken_by_id",
        )
        .order_by("-created_at", "-pk")
    )


def registration_detail_queryset(*, user) -> RegistrationQuerySet:
    """The registrations ``user`` may open, with their region, postcode and call taker in the
    same query."""
    return Registration.objects.visible_to(user).select_related(
        "region", "postcode", "duplicate_of", "taken_by"
    )
