"""The coach's dashboard as a table (django-tables2): one row per coordinator, in the order the
selector gives (what needs the coach first). The page shows links and badges; the export plain
values.

The page's rows are built here too (``html_rows``), each cell by its ``render_*`` method:
django-tables2's own rows resolve each cell's accessor and inspect its render method's
signature, and a template loop over the cells costs as much again, for a dozen cells a row."""

from __future__ import annotations

from functools import cached_property
from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from coaching.dashboard.selectors import CoordinatorRow
from people.tables import StaffTable
from trajects.coach.tables import detail_url_maker


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


def _clock(record: CoordinatorRow) -> str:
    """The three-week clock in words: days left, or days past the promise."""
    if record.promise_days_left is None:
        if record.traject is not None and record.traject.started_at is not None:
            return gettext("Started")
        return "—"
    days = record.promise_days_left
    due = _date(record.start_due_on)
    if days < 0:
        return ngettext(
            "%(days)s day past the promise (%(date)s)",
            "%(days)s days past the promise (%(date)s)",
            -days,
        ) % {"days": -days, "date": due}
    return ngettext(
        "%(days)s day left (until %(date)s)", "%(days)s days left (until %(date)s)", days
    ) % {"days": days, "date": due}


class DashboardTable(StaffTable):
    caption = _("My coordinators")

    name = tables.Column(verbose_name=_("Coordinator"), accessor="name", orderable=False)
    traject = tables.Column(
        verbose_name=_("Current traject"), accessor="reference", empty_values=(), orderable=False
    )
    phase = tables.Column(
        verbose_name=_("Phase"), accessor="phase_label", empty_values=(), orderable=False
    )
    days_in_phase = tables.Column(
        verbose_name=_("Days in phase"), accessor="days_in_phase", empty_values=(), orderable=False
    )
    clock = tables.Column(
        verbose_name=_("Three-week clock"),
        accessor="start_due_on",
        empty_values=(),
        orderable=False,
    )
    last_contact = tables.Column(
        verbose_name=_("Last contact"), accessor="last_contact", empty_values=(), orderable=False
    )
    certificate = tables.Column(
        verbose_name=_("Certificate"), accessor="certificate_state", orderable=False
    )
    valid_until = tables.Column(
        verbose_name=_("Valid until"),
        accessor="certificate_valid_until",
        empty_values=(),
        orderable=False,
    )
    intervision = tables.Column(
        verbose_name=_("Intervision this year"), accessor="counts", orderable=False
    )
    supervision = tables.Column(
        verbose_name=_("Supervision this year"), accessor="counts", orderable=False
    )
    flags = tables.Column(
        verbose_name=_("Flags"), accessor="flags", empty_values=(), orderable=False
    )
    actions = tables.Column(
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
        columns = [
            (
                f'<td class="{column.name}" data-label="{conditional_escape(column.header)}">',
                getattr(self, f"render_{column.name}"),
                column.accessor if column.column.empty_values else None,
                column.column.empty_values,
                column.default,
            )
            for column in self.columns
        ]
        swap = ' hx-swap-oob="true"' if oob else ""
        rows = []
        for row in self.paginated_rows:
            record = row.record
            cells = [f'<tr id="dashboard-row-{int(record.coordinator.pk)}"{swap}>']
            for opening, render, accessor, empty_values, default in columns:
                if accessor is not None and accessor.resolve(record) in empty_values:
                    content = default
                else:
                    content = render(record=record)
                cells += (opening, conditional_escape(content), "</td>")
            cells.append("</tr>")
            # Safe: the column names are identifiers, every other part escaped above.
            rows.append(mark_safe("".join(cells)))  # noqa: S308
        return rows

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
