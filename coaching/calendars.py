"""Calendar files (.ics) of coaching sessions, shared by the facilitator's download, the
invitees' e-mails and downloads (``coaching.sessions``) and the personal feed
(``coaching.portal.agenda``).

A calendar file leaves Kring (to a phone, a shared agenda), so it holds no names: the title is
the kind of session and "Kring", the location the place or the online link, and a link back to
Kring. Times are in UTC. The UID is stable (``session-<pk>@kring``), so a calendar that has an
event from an e-mail and from the feed updates one event rather than showing two.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from coaching.models import Session, SessionKind

PRODID = "-//Eigen Kracht Centrale//Kring coaching//NL"
UID_DOMAIN = "kring"


def utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def session_uid(session_id: int) -> str:
    return f"session-{session_id}@{UID_DOMAIN}"


def session_title(session: Session) -> str:
    """The event's title in the active language: the kind of session, then "Kring"."""
    return _("%(kind)s · Kring") % {"kind": SessionKind(session.kind).label}


def calendar_new(*, name: str | None = None, cancel: bool = False) -> Calendar:
    """An empty calendar; ``name`` makes it a subscribable feed that asks to be read hourly."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancel else "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        # Ask subscribers to look again every hour (Google Calendar decides for itself).
        calendar.add(
            "refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"}
        )
        calendar.add("x-published-ttl", "PT1H")
    return calendar


def session_event(
    session: Session, *, stamp: datetime.datetime, link: str = "", cancel: bool = False
) -> Event:
    """The event of one session; ``cancel`` (or a cancelled session) marks it cancelled, so a
    calendar that holds it removes it."""
    cancelled = cancel or session.is_cancelled
    event = Event()
    event.add("uid", session_uid(session.pk))
    event.add("dtstamp", utc(stamp))
    event.add("dtstart", utc(session.starts_at))
    event.add("dtend", utc(session.ends_at))
    event.add("summary", session_title(session))
    location = session.place or session.online_url
    if location:
        event.add("location", location)
    description = [session.online_url] if session.place and session.online_url else []
    if link:
        description.append(link)
        event.add("url", link)
    if description:
        event.add("description", "\n\n".join(description))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def session_ics(
    session: Session, *, stamp: datetime.datetime, link: str = "", cancel: bool = False
) -> bytes:
    """A calendar file with the one event of ``session``."""
    cancelled = cancel or session.is_cancelled
    calendar = calendar_new(cancel=cancelled)
    calendar.add_component(session_event(session, stamp=stamp, link=link, cancel=cancelled))
    return calendar.to_ical()
