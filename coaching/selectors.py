"""Reads shared by the coaching areas: a coach's profile, and each coordinator's intervision and
supervision this year against the minimums of their track.

Every function here answers for many users in a fixed number of queries, so the dashboard,
the portal, the staff view and the digest use the same numbers.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from coaching.models import DEFAULT_CAPACITY, CoachingProfile, Invitation, SessionKind
from people.models import User
from training.certificates.models import Certificate


@dataclass(frozen=True)
class YearlyCounts:
    """Sessions attended this calendar year against the minimums (0: the track asks none)."""

    intervision: int = 0
    intervision_required: int = 0
    supervision: int = 0
    supervision_required: int = 0

    @property
    def intervision_below(self) -> bool:
        return self.intervision < self.intervision_required

    @property
    def supervision_below(self) -> bool:
        return self.supervision < self.supervision_required

    @property
    def below_minimum(self) -> bool:
        return self.intervision_below or self.supervision_below


def profile_for(user: User) -> CoachingProfile:
    """The user's coaching profile, or an unsaved one with the defaults."""
    try:
        return user.coaching_profile
    except CoachingProfile.DoesNotExist:
        return CoachingProfile(user=user, capacity=DEFAULT_CAPACITY)


UserIds = Iterable[int] | QuerySet[User]


def _ids(user_ids: UserIds) -> list[int] | QuerySet[Any, Any]:
    """The users to filter on: a queryset of users goes in as a subquery (a thousand ids bound
    one by one cost more than the query), ids as a list."""
    if isinstance(user_ids, QuerySet):
        return user_ids.values("pk")
    return list(user_ids)


def yearly_minimums(user_ids: UserIds, day: datetime.date) -> dict[int, tuple[int, int]]:
    """(intervision, supervision) a year that each user's valid certificates ask: the highest
    of their tracks. Users without a valid certificate are left out. One query."""
    rows = (
        Certificate.objects.valid_on(day)
        .filter(user_id__in=_ids(user_ids))
        .values("user_id")
        .annotate(
            intervision=Max("track__intervision_per_year"),
            supervision=Max("track__supervision_per_year"),
        )
    )
    return {row["user_id"]: (row["intervision"] or 0, row["supervision"] or 0) for row in rows}


def minimums_of(certificates: Iterable[Certificate], day: datetime.date) -> tuple[int, int]:
    """``yearly_minimums`` of one user from their certificates (each with its track), read
    already: no query. (0, 0) without a valid certificate."""
    valid = [certificate.track for certificate in certificates if certificate.is_valid_on(day)]
    return (
        max((track.intervision_per_year or 0 for track in valid), default=0),
        max((track.supervision_per_year or 0 for track in valid), default=0),
    )


def yearly_attendance(user_ids: UserIds, year: int) -> dict[int, tuple[int, int]]:
    """(intervision, supervision) sessions each user attended in ``year`` (Brussels time),
    cancelled sessions not counted. Users who attended none are left out. One query."""
    rows = (
        Invitation.objects.filter(
            coordinator_id__in=_ids(user_ids),
            attended=True,
            session__cancelled_at__isnull=True,
            session__starts_at__year=year,
        )
        .values("coordinator_id")
        .annotate(
            intervision=Count("pk", filter=Q(session__kind=SessionKind.INTERVISION)),
            supervision=Count("pk", filter=Q(session__kind=SessionKind.SUPERVISION)),
        )
    )
    return {row["coordinator_id"]: (row["intervision"], row["supervision"]) for row in rows}


def yearly_counts(
    user_ids: Iterable[int],
    day: datetime.date | None = None,
    *,
    minimums: dict[int, tuple[int, int]] | None = None,
    among: QuerySet[User] | None = None,
) -> dict[int, YearlyCounts]:
    """Each user's ``YearlyCounts`` for the year of ``day`` (today by default). Two queries;
    one when the caller read the ``minimums`` already (``minimums_of``). ``among``: a
    queryset holding the same users, read as a subquery (for many users)."""
    day = day or timezone.localdate()
    ids = list(user_ids)
    users: UserIds = among if among is not None else ids
    if minimums is None:
        minimums = yearly_minimums(users, day)
    attended = yearly_attendance(users, day.year)
    counts = {}
    for user_id in ids:
        intervision, supervision = attended.get(user_id, (0, 0))
        intervision_required, supervision_required = minimums.get(user_id, (0, 0))
        counts[user_id] = YearlyCounts(
            intervision=intervision,
            intervision_required=intervision_required,
            supervision=supervision,
            supervision_required=supervision_required,
        )
    return counts
