"""The rows of the facilitator's session tables (/coach/sessies/), built in Python: the
template engine spends most of a millisecond on a row of dates, translated labels and a link,
this a tenth of it. The table around them stays in ``coaching/includes/session_table.html``."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from coaching.models import Session

# A number no primary key reaches: reversed once, it is replaced by each row's own.
_PK_PLACEHOLDER = 987_654_321_987


def session_rows(
    sessions: Iterable[Session], *, past: bool, shows_facilitator: bool
) -> list[SafeString]:
    """One ``<tr>`` per session of ``selectors.with_reply_counts``: when (a link), its kind,
    its facilitator (``shows_facilitator``), where, and the invitees' replies; ``past``: who
    attended instead of who has not replied."""
    head, tail = reverse("coaching:session_detail", args=[_PK_PLACEHOLDER]).split(
        str(_PK_PLACEHOLDER)
    )
    kind_label = gettext("Kind")
    facilitator_label = gettext("Facilitator")
    place_label = gettext("Place")
    invited_label = gettext("Invited")
    coming_label = gettext("Coming")
    not_coming_label = gettext("Not coming")
    last_label = gettext("Attended") if past else gettext("No reply yet")
    cancelled = format_html(
        ' <span class="status-badge status-badge--stopped">{}</span>', gettext("cancelled")
    )
    online = gettext("Online")
    not_recorded = gettext("not recorded")
    rows = []
    for session in sessions:
        starts_at = timezone.localtime(session.starts_at)
        facilitator = ""
        if shows_facilitator:
            person = session.facilitator
            facilitator = format_html(
                '<td data-label="{}">{}</td>',
                facilitator_label,
                person.get_full_name() or person.email,
            )
        if past:
            last = session.attended if session.attendance_recorded_at else not_recorded  # type: ignore[attr-defined]
        else:
            last = session.no_reply  # type: ignore[attr-defined]
        rows.append(
            format_html(
                '<tr><th scope="row"><a href="{}{}{}"><time datetime="{}">{}, {}–{}</time></a>{}'
                '</th><td data-label="{}">{}</td>{}<td data-label="{}">{}</td>'
                '<td data-label="{}">{}</td><td data-label="{}">{}</td>'
                '<td data-label="{}">{}</td><td data-label="{}">{}</td></tr>',
                head,
                session.pk,
                tail,
                date_format(starts_at, "c"),
                date_format(starts_at, "D j F Y"),
                time_format(starts_at, "H:i"),
                time_format(timezone.localtime(session.ends_at), "H:i"),
                cancelled if session.cancelled_at else "",
                kind_label,
                session.get_kind_display(),
                facilitator,
                place_label,
                session.place or (online if session.online_url else "—"),
                invited_label,
                session.invited,  # type: ignore[attr-defined]
                coming_label,
                session.coming,  # type: ignore[attr-defined]
                not_coming_label,
                session.not_coming,  # type: ignore[attr-defined]
                last_label,
                last,
            )
        )
    return rows
