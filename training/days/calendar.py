"""The calendar file (.ics) of a training day."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from people.links import absolute_url
from training.days.models import TrainingDay, TrainingDayKind


def training_day_ics(day: TrainingDay, request, *, online_link: bool = False) -> bytes:
    """An iCalendar invitation for the day (times in UTC). The online link only when
    ``online_link`` (a confirmed place)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Eigen Kracht Centrale//Kring//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    host = request.get_host().split(":")[0] or "kring"
    event.add("uid", f"training-day-{day.pk}@{host}")
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", day.starts_at.astimezone(datetime.UTC))
    event.add("dtend", day.ends_at.astimezone(datetime.UTC))
    event.add("summary", day.local_title)
    detail_url = absolute_url(reverse("training:training_day_detail", args=[day.pk]))
    if day.kind == TrainingDayKind.ONLINE:
        location = day.online_url if online_link else _("Online (the link is on the day's page)")
    else:
        location = day.location
    if location:
        event.add("location", location)
    description = "\n\n".join(part for part in (day.description.strip(), detail_url) if part)
    event.add("description", description)
    event.add("url", detail_url)
    if day.cancelled_at is not None:
        event.add("status", "CANCELLED")
    calendar.add_component(event)
    return calendar.to_ical()
