"""Calendar files (.ics) of coaching sessions: one session's invitation, and a user's personal
feed (their sessions and training days) that Outlook or Google Calendar subscribes to.

What a calendar holds leaves Kring, often to a phone or a shared agenda: no names of other
people, no notes, no summaries; the kind of session or the training day's title, times in UTC,
the place or link, and a link back to Kring. The UID of an event is stable (``session-<pk>@kring``,
``training-day-<pk>@kring``), so a calendar updates an event rather than adding it twice; a
cancelled event still ahead stays in the feed with ``STATUS:CANCELLED`` so calendars remove it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Event

from coaching import calendars
from coaching.models import Reply, Session
from people.links import absolute_url
from people.models import User
from training.days.models import SeatStatus, TrainingDay, TrainingDayKind

# How far back the feed reaches: a year of history is plenty in a calendar, and keeps it small.
FEED_PAST_DAYS = 365


def training_day_uid(day_id: int) -> str:
    return f"training-day-{day_id}@{calendars.UID_DOMAIN}"


def training_day_event(day: TrainingDay, *, stamp: datetime.datetime) -> Event:
    """The event of a training day with a confirmed place: its title in the active language."""
    event = Event()
    event.add("uid", training_day_uid(day.pk))
    event.add("dtstamp", calendars.utc(stamp))
    event.add("dtstart", calendars.utc(day.starts_at))
    event.add("dtend", calendars.utc(day.ends_at))
    event.add("summary", day.local_title)
    location = day.online_url if day.kind == TrainingDayKind.ONLINE else day.location
    if location:
        event.add("location", location)
    link = absolute_url(reverse("training:training_day_detail", args=[day.pk]))
    event.add("url", link)
    event.add("description", link)
    event.add("status", "CANCELLED" if day.cancelled_at is not None else "CONFIRMED")
    return event


def session_ics(session: Session, *, language: str) -> bytes:
    """One session's calendar file, for an invitee (in ``language``)."""
    with translation.override(language):
        link = absolute_url(reverse("coaching:portal"))
        return calendars.session_ics(session, stamp=timezone.now(), link=link)


def _shown(cancelled_at: datetime.datetime | None, starts_at: datetime.datetime, now) -> bool:
    """A cancelled event stays in the feed while it is ahead, so calendars remove it."""
    return cancelled_at is None or starts_at > now


def feed_sessions(user: User, now: datetime.datetime) -> list[Session]:
    """The sessions of ``user``'s feed: those they are invited to and did not decline, and
    those they lead; cancelled ones only while still ahead. One query."""
    since = now - datetime.timedelta(days=FEED_PAST_DAYS)
    # One Q for both conditions on the invitation, so they hold for the same row (a negation
    # would drop a session as soon as anyone declined it).
    invited = Q(invitations__coordinator=user, invitations__reply__in=[Reply.PENDING, Reply.COMING])
    sessions = (
        Session.objects.filter(invited | Q(facilitator=user), ends_at__gte=since)
        .filter(Q(cancelled_at__isnull=True) | Q(starts_at__gt=now))
        .distinct()
        .order_by("starts_at", "pk")
    )
    return list(sessions)


def feed_training_days(user: User, now: datetime.datetime) -> list[TrainingDay]:
    """The training days on which ``user`` has a confirmed place; cancelled ones only while
    still ahead. One query."""
    since = now - datetime.timedelta(days=FEED_PAST_DAYS)
    days = TrainingDay.objects.filter(
        seats__user=user, seats__status=SeatStatus.CONFIRMED, ends_at__gte=since
    ).filter(Q(cancelled_at__isnull=True) | Q(starts_at__gt=now))
    return list(days.distinct().order_by("starts_at", "pk"))


def _feed_events(
    user: User, sessions: Iterable[Session], days: Iterable[TrainingDay], now
) -> list[Event]:
    portal = absolute_url(reverse("coaching:portal"))
    events = []
    for session in sessions:
        # The invitee's link is their portal; the facilitator's is the session's own page.
        if session.facilitator_id == user.pk:
            link = absolute_url(reverse("coaching:session_detail", kwargs={"pk": session.pk}))
        else:
            link = portal
        events.append(calendars.session_event(session, stamp=now, link=link))
    events += [training_day_event(day, stamp=now) for day in days]
    return events


def feed_ics(user: User) -> bytes:
    """``user``'s personal calendar, in their language. Two queries."""
    now = timezone.now()
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        calendar = calendars.calendar_new(name=_("Kring: my sessions and training days"))
        for event in _feed_events(
            user, feed_sessions(user, now), feed_training_days(user, now), now
        ):
            calendar.add_component(event)
        return calendar.to_ical()
