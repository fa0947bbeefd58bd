"""Reads of the coordinator's coaching part of the portal: their coach, their upcoming sessions
with their replies, the summaries of the sessions they attended, their attendance this year
against the minimums, what their certificate's renewal still needs, and their calendar feed.

Everything here takes a fixed number of queries, whatever the number of sessions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from coaching.models import CalendarFeed, Invitation, Session
from coaching.selectors import YearlyCounts, yearly_counts
from people.access import current_coach
from people.models import User
from training.certificates.models import Certificate
from training.certificates.selectors import RENEWAL_OPENS_DAYS, RenewalStatus, renewal_status

SUMMARIES_PER_PAGE = 5


@dataclass
class PortalCoaching:
    """What the coaching part of the portal shows (the summaries are paged by the view)."""

    coach: User | None
    upcoming: list[Invitation]
    counts: YearlyCounts
    renewals: list[RenewalStatus] = field(default_factory=list)
    feed: CalendarFeed | None = None


def upcoming_invitations(user: User, now: datetime.datetime | None = None) -> list[Invitation]:
    """``user``'s invitations to sessions that have not ended and were not cancelled, soonest
    first, with the session and its facilitator. One query."""
    return list(
        Invitation.objects.filter(coordinator=user, session__in=Session.objects.upcoming(now))
        .select_related("session", "session__facilitator")
        .order_by("session__starts_at", "session_id")
    )


def invitation_for(user: User, session_id: int) -> Invitation | None:
    """``user``'s invitation to the session, with the session; None when not invited."""
    return (
        Invitation.objects.filter(coordinator=user, session_id=session_id)
        .select_related("session", "session__facilitator")
        .first()
    )


def attended_summaries(user: User) -> QuerySet[Session]:
    """The sessions ``user`` attended that have a shared summary, newest first. Only sessions
    whose invitation says attended: not those they missed, never other people's."""
    return (
        Session.objects.filter(
            invitations__coordinator=user,
            invitations__attended=True,
            cancelled_at__isnull=True,
        )
        .exclude(summary="")
        .order_by("-starts_at", "-pk")
    )


def renewals_to_show(user: User, today: datetime.date | None = None) -> list[RenewalStatus]:
    """Where ``user`` stands on renewing their latest certificate of each track, for those whose
    renewal window is open (or that expired) and that were not renewed or revoked. A few
    queries per certificate; a coordinator holds one or two."""
    today = today or timezone.localdate()
    renewed = Certificate.objects.filter(renews=OuterRef("pk"), revoked_at__isnull=True)
    latest: dict[int, Certificate] = {}
    for certificate in (
        Certificate.objects.filter(user=user, revoked_at__isnull=True)
        .exclude(Exists(renewed))
        .select_related("track")
        .order_by("-issued_on", "-pk")
    ):
        latest.setdefault(certificate.track_id, certificate)
    opens = datetime.timedelta(days=RENEWAL_OPENS_DAYS)
    return [
        renewal_status(certificate=certificate, today=today)
        for certificate in latest.values()
        if today >= certificate.valid_until - opens
    ]


def active_feed(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.active().filter(user=user).first()


def portal_coaching(user: User) -> PortalCoaching:
    """Everything the coaching part of the portal shows but the summaries."""
    return PortalCoaching(
        coach=current_coach(user),
        upcoming=upcoming_invitations(user),
        counts=yearly_counts([user.pk])[user.pk],
        renewals=renewals_to_show(user),
        feed=active_feed(user),
    )
