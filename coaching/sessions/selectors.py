"""Reads of the facilitator's session pages: their sessions with the reply counts (a fixed
number of queries, however many sessions), and one session's invitees and the reader's own
private note."""

from __future__ import annotations

import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from coaching.models import Invitation, PrivateNote, Reply, Session
from people.models import User


def with_reply_counts(
    sessions: QuerySet[Session], *, with_facilitator: bool = True
) -> QuerySet[Session]:
    """Each session with ``invited``, ``coming``, ``not_coming``, ``no_reply`` and
    ``attended`` (and its facilitator read along, unless ``with_facilitator`` is False: the
    list shows it to administrators only): one query for all."""
    if with_facilitator:
        sessions = sessions.select_related("facilitator")
    return sessions.annotate(
        invited=Count("invitations"),
        coming=Count("invitations", filter=Q(invitations__reply=Reply.COMING)),
        not_coming=Count("invitations", filter=Q(invitations__reply=Reply.NOT_COMING)),
        no_reply=Count("invitations", filter=Q(invitations__reply=Reply.PENDING)),
        attended=Count("invitations", filter=Q(invitations__attended=True)),
    )


def sessions_upcoming(
    *, user: User, now: datetime.datetime | None = None, with_facilitator: bool = True
) -> QuerySet[Session]:
    """The sessions ``user`` leads (administrators: all) that have not ended, soonest first."""
    return with_reply_counts(
        Session.objects.for_facilitator(user).upcoming(now), with_facilitator=with_facilitator
    ).order_by("starts_at", "pk")


def _past(user: User, now: datetime.datetime | None) -> QuerySet[Session]:
    now = now or timezone.now()
    return Session.objects.for_facilitator(user).filter(
        Q(ends_at__lte=now) | Q(cancelled_at__isnull=False)
    )


def sessions_past(
    *, user: User, now: datetime.datetime | None = None, with_facilitator: bool = True
) -> QuerySet[Session]:
    """The sessions ``user`` leads that have ended or were cancelled, newest first."""
    return with_reply_counts(_past(user, now), with_facilitator=with_facilitator).order_by(
        "-starts_at", "-pk"
    )


def sessions_past_page(
    *,
    user: User,
    page: str | int | None,
    per_page: int,
    now: datetime.datetime | None = None,
    with_facilitator: bool = True,
) -> Page:
    """The page ``page`` of ``sessions_past`` (the last for a number past it, the first for
    anything else), its ``object_list`` a list. Two queries: the count (of the sessions
    alone: the reply counts do not change it) and the page."""
    page_obj = Paginator(_past(user, now).order_by("-starts_at", "-pk"), per_page).get_page(page)
    bottom = (page_obj.number - 1) * per_page
    sessions = sessions_past(user=user, now=now, with_facilitator=with_facilitator)
    page_obj.object_list = (
        list(sessions[bottom : bottom + per_page]) if page_obj.paginator.count else []
    )
    return page_obj


def session_invitations(session: Session) -> list[Invitation]:
    return list(
        session.invitations.select_related("coordinator").order_by(
            "coordinator__last_name", "coordinator__first_name", "coordinator__email"
        )
    )


def private_note_of(*, session: Session, author: User) -> PrivateNote | None:
    """``author``'s own note on the session; nobody else's is ever read here."""
    return PrivateNote.objects.filter(session=session, author=author).first()
