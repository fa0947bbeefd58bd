"""Reads of the facilitator's session pages: their sessions with the reply counts (a fixed
number of queries, however many sessions), and one session's invitees and the reader's own
private note."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from coaching.models import Invitation, PrivateNote, Reply, Session
from people.models import User


def with_reply_counts(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Each session with ``invited``, ``coming``, ``not_coming``, ``no_reply`` and
    ``attended``: one query for all."""
    return sessions.select_related("region", "facilitator").annotate(
        invited=Count("invitations"),
        coming=Count("invitations", filter=Q(invitations__reply=Reply.COMING)),
        not_coming=Count("invitations", filter=Q(invitations__reply=Reply.NOT_COMING)),
        no_reply=Count("invitations", filter=Q(invitations__reply=Reply.PENDING)),
        attended=Count("invitations", filter=Q(invitations__attended=True)),
    )


def sessions_upcoming(*, user: User, now: datetime.datetime | None = None) -> QuerySet[Session]:
    """The sessions ``user`` leads (administrators: all) that have not ended, soonest first."""
    return with_reply_counts(Session.objects.for_facilitator(user).upcoming(now)).order_by(
        "starts_at", "pk"
    )


def sessions_past(*, user: User, now: datetime.datetime | None = None) -> QuerySet[Session]:
    """The sessions ``user`` leads that have ended or were cancelled, newest first."""
    now = now or timezone.now()
    return with_reply_counts(
        Session.objects.for_facilitator(user).filter(
            Q(ends_at__lte=now) | Q(cancelled_at__isnull=False)
        )
    ).order_by("-starts_at", "-pk")


def session_invitations(session: Session) -> list[Invitation]:
    return list(
        session.invitations.select_related("coordinator").order_by(
            "coordinator__last_name", "coordinator__first_name", "coordinator__email"
        )
    )


def private_note_of(*, session: Session, author: User) -> PrivateNote | None:
    """``author``'s own note on the session; nobody else's is ever read here."""
    return PrivateNote.objects.filter(session=session, author=author).first()
