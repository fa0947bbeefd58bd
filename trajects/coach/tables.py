"""The rows of the coach's traject list (/coach/trajecten/), built in Python: the template
engine spends about half a millisecond on a row of badges, translated labels and a link,
this a tenth of it. The table around them stays in
``trajects/includes/coach_traject_table.html``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from urllib.parse import quote

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from trajects.traject.models import Phase, Traject

_PLACEHOLDER = "__reference__"


def detail_url_maker() -> Callable[[str], str]:
    """A traject's page by its reference, reversed once for the whole list (a reference is
    letters, digits and hyphens: nothing to quote, quoted all the same)."""
    pattern = reverse("trajects:coach_traject_detail", kwargs={"reference": _PLACEHOLDER})
    head, tail = pattern.split(_PLACEHOLDER)
    return lambda reference: f"{head}{quote(reference, safe='')}{tail}"


def traject_rows(trajects: Iterable[Traject]) -> list[SafeString]:
    """One ``<tr>`` per traject: its reference (a link), its coordinator, its phase with the
    paused, learning and sign-off marks, the day it started."""
    url_of = detail_url_maker()
    coordinator_label = gettext("Coordinator")
    phase_label = gettext("Phase")
    started_label = gettext("Started on")
    paused = format_html(
        ' <span class="status-badge status-badge--paused">{}</span>', gettext("paused")
    )
    learning = format_html(
        ' <span class="status-badge status-badge--learning">{}</span>',
        gettext("learning traject"),
    )
    waiting = format_html(" <strong>{}</strong>", gettext("Waiting for your sign-off"))
    rows = []
    for traject in trajects:
        marks = []
        if traject.is_paused:
            marks.append(paused)
        if traject.is_learning:
            marks.append(learning)
            if traject.phase == Phase.CLOSED and getattr(traject, "awaiting_sign_off", False):
                marks.append(waiting)
        coordinator = traject.coordinator
        started = (
            date_format(timezone.localtime(traject.started_at), "DATE_FORMAT")
            if traject.started_at
            else "—"
        )
        rows.append(
            format_html(
                '<tr><th scope="row"><a href="{}">{}</a></th>'
                '<td data-label="{}">{}</td>'
                '<td data-label="{}"><span class="status-badge status-badge--{}">{}</span>{}</td>'
                '<td data-label="{}">{}</td></tr>',
                url_of(traject.reference),
                traject.reference,
                coordinator_label,
                (coordinator.get_full_name() or coordinator.email) if coordinator else "",
                phase_label,
                traject.phase,
                traject.get_phase_display(),
                mark_safe("".join(marks)),  # noqa: S308 -- made of format_html's escaped parts
                started_label,
                started,
            )
        )
    return rows
