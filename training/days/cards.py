"""The cards of the portal's list of training days, written in Python: the template engine
took longer to render the same few lines for each day than the rest of the page. The template
``training/includes/training_day_cards.html`` stays the reference: tests/training/
test_day_cards.py renders both and compares them to the character, and a change there must be
made here too."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import time as time_filter
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.timezone import localtime
from django.utils.translation import gettext

from people.regions import region_name
from training.days.models import TrainingDay


def _number(value) -> str:
    """A number as ``{{ value }}`` shows it."""
    return conditional_escape(localize(value))


def _status(day: Any) -> str:
    # ``day`` carries ``training_days_for_volunteer``'s annotations: ``my_status``, the counts.
    if day.my_status == "confirmed":
        return (
            '<strong class="status-badge status-badge--confirmed">'
            f"{conditional_escape(gettext('You are enrolled'))}</strong>"
        )
    if day.my_status == "waiting":
        return (
            '<strong class="status-badge status-badge--waiting">'
            f"{conditional_escape(gettext('You are on the waiting list'))}</strong>"
        )
    if day.confirmed_count >= day.capacity:
        return conditional_escape(gettext("Full: enrolling puts you on the waiting list"))
    return gettext("%(taken)s of %(capacity)s places taken") % {
        "taken": _number(day.confirmed_count),
        "capacity": _number(day.capacity),
    }


def day_cards_html(days: Iterable[TrainingDay]) -> SafeString:
    """One card per day (``training_days_for_volunteer``'s days, with their places and the
    visitor's seat), as the reference template renders them."""
    parts = []
    for day in days:
        starts_at = localtime(day.starts_at)
        ends_at = localtime(day.ends_at)
        place: str
        if day.kind == "online":
            place = conditional_escape(gettext("Online"))
        else:
            place = conditional_escape(day.location)
        if day.region:
            place += f" · {conditional_escape(region_name(day.region))}"
        if day.track:
            place += f" · {conditional_escape(day.track.local_name)}"
        url = conditional_escape(reverse("training:training_day_detail", args=[day.pk]))
        parts.append(
            '\n        <li class="card">\n'
            f'          <h2><a href="{url}">{conditional_escape(day.local_title)}</a></h2>\n'
            "          <p>\n"
            f'            <time datetime="{conditional_escape(date_filter(starts_at, "c"))}">'
            f"{conditional_escape(date_filter(starts_at, 'l j F Y'))}, "
            f"{conditional_escape(time_filter(starts_at, 'H:i'))}–"
            f"{conditional_escape(time_filter(ends_at, 'H:i'))}</time><br>\n"
            f"            {place}\n"
            "          </p>\n"
            "          <p>\n"
            f"            {_status(day)}\n"
            "            \n"
            "          </p>\n"
            "        </li>\n"
            "      "
        )
    return SafeString("".join(parts))
