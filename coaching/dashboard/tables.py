"""The coach's dashboard as a table (django-tables2): one row per coordinator, in the order the
selector gives (what needs the coach first). The page shows links and badges; the export plain
values.

The page's rows are built here too (``html_rows``), each cell by its ``render_*`` method:
django-tables2's own rows resolve each cell's accessor and inspect its render method's
signature, and a template loop over the cells costs as much again, for a dozen cells a row."""

from __future__ import annotations

import copy
import datetime
import html
from collections.abc import Callable
from functools import cached_property
from typing import Any

import django_tables2 as tables
from django.conf import settings
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import date_format, get_format, localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from coaching.dashboard.selectors import FLAGS, CoordinatorRow, HeldSession, UpcomingSession
from coaching.models import Session
from people.tables import StaffTable
from training.volunteers.selectors import CertificateState
from trajects.coach.tables import detail_url_maker

# What an empty cell shows (django-tables2's default).
EMPTY = "—"


def escape(text: str) -> str:
    """``django.utils.html.escape`` of a plain string, without its wrapper for lazy strings."""
    return html.escape(text)


# What ``date_format`` writes for each letter of a day's format (django.utils.dateformat).
_DAY_PARTS = {
    "d": "{0.day:02d}",
    "j": "{0.day}",
    "m": "{0.month:02d}",
    "n": "{0.month}",
    "Y": "{0.year:04d}",
}


def _day_writer() -> Callable[[datetime.date], str]:
    """``date_format(day, "SHORT_DATE_FORMAT")`` in the active language, its format read once:
    written with ``str.format`` when it holds only numbers of days, months and years (Kring's
    ``d/m/Y`` in every language), else ``date_format`` itself."""
    day_format = get_format("SHORT_DATE_FORMAT")
    if "\\" in day_format or any(
        letter.isalpha() and letter not in _DAY_PARTS for letter in day_format
    ):
        return lambda day: date_format(day, "SHORT_DATE_FORMAT")
    pattern = "".join(
        _DAY_PARTS.get(letter, letter.replace("{", "{{").replace("}", "}}"))
        for letter in day_format
    )
    return pattern.format


def _date(day: Any) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else "—"


def _against(done: int, required: int) -> str:
    return f"{done} / {required}" if required else f"{done}"


# A number no primary key reaches: reversed once, it is replaced by each row's own.
_PK_PLACEHOLDER = 987_654_321_987


def _pk_url_maker(name: str) -> Any:
    """``reverse(name, args=[pk])`` for many pks, reversed once."""
    head, tail = reverse(name, args=[_PK_PLACEHOLDER]).split(str(_PK_PLACEHOLDER))
    return lambda pk: f"{head}{int(pk)}{tail}"


def _clock(record: CoordinatorRow, day: Callable[[Any], str] = _date) -> str:
    """The three-week clock in words: days left, or days past the promise (``day``: how a
    day is written)."""
    if record.promise_days_left is None:
        if record.traject is not None and record.traject.started_at is not None:
            return gettext("Started")
        return "—"
    days = record.promise_days_left
    due = day(record.start_due_on)
    if days < 0:
        return ngettext(
            "%(days)s day past the promise (%(date)s)",
            "%(days)s days past the promise (%(date)s)",
            -days,
        ) % {"days": -days, "date": due}
    return ngettext(
        "%(days)s day left (until %(date)s)", "%(days)s days left (until %(date)s)", days
    ) % {"days": days, "date": due}


class _Column(tables.Column):
    """A column copied shallowly for each table: django-tables2 deep-copies a table's columns
    for every new table (a tenth of this page's calls) so that one table's changes to a column
    (``visible``, a missing accessor) stay its own; a shallow copy keeps that, as nothing
    changes what a column holds in place."""

    def __deepcopy__(self, memo: dict[int, Any]) -> _Column:
        return copy.copy(self)


class DashboardTable(StaffTable):
    caption = _("My coordinators")

    name = _Column(verbose_name=_("Coordinator"), accessor="name", orderable=False)
    traject = _Column(
        verbose_name=_("Current traject"), accessor="reference", empty_values=(), orderable=False
    )
    phase = _Column(
        verbose_name=_("Phase"), accessor="phase_label", empty_values=(), orderable=False
    )
    days_in_phase = _Column(
        verbose_name=_("Days in phase"), accessor="days_in_phase", empty_values=(), orderable=False
    )
    clock = _Column(
        verbose_name=_("Three-week clock"),
        accessor="start_due_on",
        empty_values=(),
        orderable=False,
    )
    last_contact = _Column(
        verbose_name=_("Last contact"), accessor="last_contact", empty_values=(), orderable=False
    )
    certificate = _Column(
        verbose_name=_("Certificate"), accessor="certificate_state", orderable=False
    )
    valid_until = _Column(
        verbose_name=_("Valid until"),
        accessor="certificate_valid_until",
        empty_values=(),
        orderable=False,
    )
    intervision = _Column(
        verbose_name=_("Intervision this year"), accessor="counts", orderable=False
    )
    supervision = _Column(
        verbose_name=_("Supervision this year"), accessor="counts", orderable=False
    )
    flags = _Column(verbose_name=_("Flags"), accessor="flags", empty_values=(), orderable=False)
    actions = _Column(
        verbose_name=_("Actions"),
        accessor="coordinator",
        empty_values=(),
        orderable=False,
        exclude_from_export=True,
    )

    class Meta:
        attrs = {"class": "data-table dashboard-table"}
        template_name = "coaching/includes/dashboard_table.html"
        empty_text = _("No coordinators match these filters.")
        orderable = False

    # The page.

    def _rows_html(self, *, oob: bool) -> list[SafeString]:
        """Each shown row as ``<tr id=…>`` with one ``<td class="{name}" data-label="{header}">``
        a column, written out: what django-tables2's own rows give through the ``render_*``
        methods below (tests/coaching/test_dashboard_table.py compares both), at a fraction of
        the calls (no accessor resolved, no ``format_html`` per cell, each day formatted once)."""
        write_day = _day_writer()
        days: dict[Any, str] = {}

        def day(value: Any) -> str:
            if not value:
                return EMPTY
            if value not in days:
                days[value] = write_day(value)
            return days[value]

        writers = self._cell_writers(day)
        columns = [
            (f'<td class="{name}" data-label="{header}">', writers[name])
            for name, header in self._headers
        ]
        swap = ' hx-swap-oob="true"' if oob else ""
        rows = []
        for row in self.paginated_rows:
            record = row.record
            cells = [f'<tr id="dashboard-row-{int(record.coordinator.pk)}"{swap}>']
            for opening, write in columns:
                cells += (opening, write(record), "</td>")
            cells.append("</tr>")
            # Safe: the column names are identifiers, every other part escaped by its writer.
            rows.append(SafeString("".join(cells)))
        return rows

    def _cell_writers(
        self, day: Callable[[Any], str]
    ) -> dict[str, Callable[[CoordinatorRow], str]]:
        """Per column, the cell's HTML (escaped) of a row, as its ``render_*`` method gives it."""
        volunteer_url = self._volunteer_url
        traject_url = self._traject_url
        contact_url = escape(self._contact_url)
        no_traject = escape(gettext("No traject"))
        paused = escape(gettext("Paused"))
        never = escape(gettext("Never"))
        log_a_contact = escape(gettext("Log a contact"))
        badges = {
            state: (
                f'<span class="status-badge status-badge--certificate-{escape(state)}">'
                f"{escape(CertificateState.label(state))}</span>"
            )
            for state, _label in CertificateState.choices
        }
        phase_labels: dict[str, str] = {}
        flag_items = {
            info.code: (
                f'<li><span class="badge badge--warning" title="{escape(str(info.explanation))}">'
                f'{escape(str(info.label))}</span><span class="visually-hidden">: '
                f"{escape(str(info.explanation))}</span></li>"
            )
            for info in FLAGS.values()
        }
        no_flags = (
            f'<span class="visually-hidden">{escape(gettext("No flags"))}</span>'
            '<span aria-hidden="true">—</span>'
        )
        flag_lists: dict[tuple[str, ...], str] = {}

        def name(record: CoordinatorRow) -> str:
            text = record.name
            if not text:
                return EMPTY
            return f'<a href="{escape(volunteer_url(record.coordinator.pk))}">{escape(text)}</a>'

        def traject(record: CoordinatorRow) -> str:
            if record.traject is None:
                return no_traject
            reference = escape(record.reference)
            return f'<a href="{escape(traject_url(record.reference))}">{reference}</a>'

        def phase(record: CoordinatorRow) -> str:
            if record.traject is None:
                return EMPTY
            label = phase_labels.get(record.traject.phase)
            if label is None:
                label = phase_labels[record.traject.phase] = escape(record.phase_label)
            if record.traject.is_paused:
                return f'{label} <span class="status-badge status-badge--paused">{paused}</span>'
            return label

        def days_in_phase(record: CoordinatorRow) -> str:
            return EMPTY if record.days_in_phase is None else str(record.days_in_phase)

        def clock(record: CoordinatorRow) -> str:
            return escape(_clock(record, day))

        def last_contact(record: CoordinatorRow) -> str:
            return escape(day(record.last_contact)) if record.last_contact else never

        def certificate(record: CoordinatorRow) -> str:
            if not record.certificate_state:
                return EMPTY
            return badges[record.certificate_state]

        def valid_until(record: CoordinatorRow) -> str:
            return escape(day(record.certificate_valid_until))

        def intervision(record: CoordinatorRow) -> str:
            return _against(record.counts.intervision, record.counts.intervision_required)

        def supervision(record: CoordinatorRow) -> str:
            return _against(record.counts.supervision, record.counts.supervision_required)

        def flags(record: CoordinatorRow) -> str:
            if not record.flags:
                return no_flags
            html = flag_lists.get(record.flags)
            if html is None:
                items = "".join(flag_items[code] for code in record.flags)
                html = flag_lists[record.flags] = f'<ul class="reasons flag-list">{items}</ul>'
            return html

        def actions(record: CoordinatorRow) -> str:
            query = f"?coordinator={int(record.coordinator.pk)}"
            return (
                f'<a class="button button--secondary button--small" href="{contact_url}{query}" '
                f'hx-get="{contact_url}{query}" hx-target="#dashboard-contact-panel" '
                f'hx-swap="innerHTML" hx-push-url="false">{log_a_contact}'
                f'<span class="visually-hidden"> ({escape(record.name)})</span></a>'
            )

        return {
            "name": name,
            "traject": traject,
            "phase": phase,
            "days_in_phase": days_in_phase,
            "clock": clock,
            "last_contact": last_contact,
            "certificate": certificate,
            "valid_until": valid_until,
            "intervision": intervision,
            "supervision": supervision,
            "flags": flags,
            "actions": actions,
        }

    @cached_property
    def _headers(self) -> list[tuple[str, str]]:
        """Each column's name and header, escaped."""
        return [(column.name, conditional_escape(column.header)) for column in self.columns]

    @property
    def header_cells_html(self) -> SafeString:
        """The header's cells, ``<th scope="col" class="{name}">{header}</th>`` a column."""
        # Safe: the column names are identifiers, the headers escaped.
        return SafeString(
            "".join(
                f'<th scope="col" class="{name}">{header}</th>' for name, header in self._headers
            )
        )

    @property
    def html_rows(self) -> list[SafeString]:
        """The rows shown, each a ``<tr>`` with an id (htmx swaps one after a contact)."""
        return self._rows_html(oob=False)

    @property
    def oob_html_rows(self) -> list[SafeString]:
        """The same rows to swap out of band (``hx-swap-oob``)."""
        return self._rows_html(oob=True)

    @cached_property
    def _volunteer_url(self) -> Any:
        return _pk_url_maker("training:volunteer_detail")

    @cached_property
    def _traject_url(self) -> Any:
        return detail_url_maker()

    @cached_property
    def _contact_url(self) -> str:
        return reverse("coaching:dashboard_contact_create")

    def render_name(self, record: CoordinatorRow) -> SafeString:
        return format_html(
            '<a href="{}">{}</a>', self._volunteer_url(record.coordinator.pk), record.name
        )

    def render_traject(self, record: CoordinatorRow) -> SafeString | str:
        if record.traject is None:
            return gettext("No traject")
        return format_html(
            '<a href="{}">{}</a>', self._traject_url(record.reference), record.reference
        )

    def render_phase(self, record: CoordinatorRow) -> SafeString | str:
        if record.traject is None:
            return "—"
        if record.traject.is_paused:
            return format_html(
                '{} <span class="status-badge status-badge--paused">{}</span>',
                record.phase_label,
                gettext("Paused"),
            )
        return record.phase_label

    def render_days_in_phase(self, record: CoordinatorRow) -> str:
        return "—" if record.days_in_phase is None else str(record.days_in_phase)

    def render_clock(self, record: CoordinatorRow) -> str:
        return _clock(record)

    def render_last_contact(self, record: CoordinatorRow) -> str:
        return _date(record.last_contact) if record.last_contact else gettext("Never")

    def render_certificate(self, record: CoordinatorRow) -> SafeString:
        return format_html(
            '<span class="status-badge status-badge--certificate-{}">{}</span>',
            record.certificate_state,
            record.certificate_label,
        )

    def render_valid_until(self, record: CoordinatorRow) -> str:
        return _date(record.certificate_valid_until)

    def render_intervision(self, record: CoordinatorRow) -> str:
        return _against(record.counts.intervision, record.counts.intervision_required)

    def render_supervision(self, record: CoordinatorRow) -> str:
        return _against(record.counts.supervision, record.counts.supervision_required)

    def render_flags(self, record: CoordinatorRow) -> SafeString | str:
        # Many rows carry the same flags: each combination is built once.
        try:
            return self._flags_html[record.flags]
        except KeyError:
            html = self._flags_html[record.flags] = self._render_flags(record)
            return html

    @cached_property
    def _flags_html(self) -> dict[tuple[str, ...], SafeString | str]:
        return {}

    def _render_flags(self, record: CoordinatorRow) -> SafeString | str:
        if not record.flags:
            return format_html(
                '<span class="visually-hidden">{}</span><span aria-hidden="true">—</span>',
                gettext("No flags"),
            )
        return format_html(
            '<ul class="reasons flag-list">{}</ul>',
            format_html_join(
                "",
                '<li><span class="badge badge--warning" title="{}">{}</span>'
                '<span class="visually-hidden">: {}</span></li>',
                (
                    (str(info.explanation), str(info.label), str(info.explanation))
                    for info in record.flag_infos
                ),
            ),
        )

    def render_actions(self, record: CoordinatorRow) -> SafeString:
        url = self._contact_url
        query = f"?coordinator={record.coordinator.pk}"
        return format_html(
            '<a class="button button--secondary button--small" href="{url}{query}" '
            'hx-get="{url}{query}" hx-target="#dashboard-contact-panel" hx-swap="innerHTML" '
            'hx-push-url="false">{label}<span class="visually-hidden"> ({name})</span></a>',
            url=url,
            query=query,
            label=gettext("Log a contact"),
            name=record.name,
        )

    # The export: plain values.

    def value_name(self, record: CoordinatorRow) -> str:
        return record.name

    def value_traject(self, record: CoordinatorRow) -> str:
        return record.reference

    def value_phase(self, record: CoordinatorRow) -> str:
        return record.phase_label

    def value_days_in_phase(self, record: CoordinatorRow) -> int | str:
        return "" if record.days_in_phase is None else record.days_in_phase

    def value_clock(self, record: CoordinatorRow) -> str:
        return record.start_due_on.isoformat() if record.start_due_on else ""

    def value_last_contact(self, record: CoordinatorRow) -> str:
        return record.last_contact.isoformat() if record.last_contact else ""

    def value_certificate(self, record: CoordinatorRow) -> str:
        return record.certificate_label

    def value_valid_until(self, record: CoordinatorRow) -> str:
        valid_until = record.certificate_valid_until
        return valid_until.isoformat() if valid_until else ""

    def value_intervision(self, record: CoordinatorRow) -> str:
        return self.render_intervision(record)

    def value_supervision(self, record: CoordinatorRow) -> str:
        return self.render_supervision(record)

    def value_flags(self, record: CoordinatorRow) -> str:
        return "; ".join(str(info.label) for info in record.flag_infos)


# --- The sessions beside the table ----------------------------------------------------------------
#
# The dashboard's two lists of sessions, as its template's loops wrote them (their white space
# included): the template engine took longer to resolve each item's attributes, filters and
# translation than the rest of the list. tests/coaching/test_dashboard_table.py renders the
# loops and these side by side.


def session_cards_html(sessions: list[UpcomingSession]) -> SafeString:
    """The upcoming sessions, each a card: its kind and moment (a link), its replies."""
    replies = gettext("%(coming)s coming, %(not_coming)s not coming, %(no_reply)s without a reply")
    words = _SessionWords()
    cards = []
    for item in sessions:
        session = item.session
        title = f"{words.kind(session)}, {words.moment(session)}"
        counts = {
            "coming": words.number(item.coming),
            "not_coming": words.number(item.not_coming),
            "no_reply": words.number(item.no_reply),
        }
        cards.append(
            '\n          <li class="card">\n'
            f'            <p class="card__title"><a href="{escape(item.url)}">{title}</a></p>\n'
            f'            <p class="card__meta">{replies % counts}</p>\n'
            "          </li>\n        "
        )
    return SafeString("".join(cards))


def attendance_links_html(held: list[HeldSession]) -> SafeString:
    """The sessions held without their attendance recorded, each a link to record it."""
    text = gettext("Record who attended: %(kind)s, %(when)s")
    words = _SessionWords()
    links = []
    for item in held:
        session = item.session
        url = escape(item.url)
        said = text % {"kind": words.kind(session), "when": words.moment(session)}
        links.append(
            f'\n          <li><a href="{url}" hx-get="{url}" hx-target="#dashboard-session-panel"'
            f' hx-swap="innerHTML" hx-push-url="false">{said}</a></li>\n        '
        )
    return SafeString("".join(links))


class _SessionWords:
    """What the template wrote of a session, escaped: ``{{ session.get_kind_display }}``,
    ``{{ session.starts_at|date:"DATETIME_FORMAT" }}`` (in the current time zone) and a
    number (``localize``), the format read and each kind translated once."""

    def __init__(self) -> None:
        self._format = get_format("DATETIME_FORMAT")
        self._kinds: dict[str, str] = {}
        self._grouped = settings.USE_THOUSAND_SEPARATOR

    def kind(self, session: Session) -> str:
        if session.kind not in self._kinds:
            self._kinds[session.kind] = escape(session.get_kind_display())
        return self._kinds[session.kind]

    def moment(self, session: Session) -> str:
        moment = session.starts_at
        if timezone.is_aware(moment):  # as the template shows it: in the current time zone
            moment = timezone.localtime(moment)
        return escape(dateformat.format(moment, self._format))

    def number(self, value: int) -> str:
        # Without thousands separators, ``localize`` writes an int as ``str`` does.
        return escape(localize(value)) if self._grouped else str(value)
