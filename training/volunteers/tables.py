"""The table of volunteers' training, shared by the staff's and the coach's lists.

The table's data is ``volunteer_list``'s queryset (``VolunteerData``): django-tables2 sorts it
on the annotations, counts it and slices a page in the database; only then are the rows of that
page (or, for the export, of every volunteer) computed (``volunteer_rows``).
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Callable, Iterator, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, overload

import django_tables2 as tables
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tables2.data import TableQuerysetData
from django_tables2.utils import OrderBy

from people.tables import StaffTable, address_writer, day_writer
from training.volunteers.selectors import (
    CertificateState,
    TrackContent,
    VolunteerRow,
    volunteer_rows,
    volunteer_sort,
)

if TYPE_CHECKING:
    from training.volunteers.selectors import ListedVolunteer

PER_PAGE = 25


class PageRows(Sequence[VolunteerRow]):
    """The rows of one slice of the list, computed when first read (a table built for an
    export is paginated too, but never shows its page)."""

    def __init__(self, volunteers: QuerySet[ListedVolunteer], content: TrackContent | None) -> None:
        self.volunteers = volunteers
        self.content = content

    @cached_property
    def rows(self) -> list[VolunteerRow]:
        return volunteer_rows(list(self.volunteers), self.content)

    @overload
    def __getitem__(self, index: int) -> VolunteerRow: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[VolunteerRow]: ...
    def __getitem__(self, index: int | slice) -> VolunteerRow | Sequence[VolunteerRow]:
        return self.rows[index]

    def __len__(self) -> int:
        return len(self.rows)


class VolunteerData(TableQuerysetData):
    """``volunteer_list``'s queryset as the table's data: counted, sorted and sliced in SQL,
    its records the ``VolunteerRow`` of each volunteer."""

    data: QuerySet[ListedVolunteer]

    def __init__(self, volunteers: QuerySet[ListedVolunteer], content: TrackContent | None) -> None:
        super().__init__(volunteers)
        self.content = content

    def __getitem__(self, key: int | slice) -> VolunteerRow | PageRows:
        if isinstance(key, slice):
            return PageRows(self.data[key], self.content)
        return PageRows(self.data[key : key + 1], self.content)[0]

    def __iter__(self) -> Iterator[VolunteerRow]:
        # Every volunteer (the export): one query for them, then the rows in one batch.
        return iter(volunteer_rows(list(self.data), self.content))

    def order_by(self, aliases: Any) -> None:
        """Sorts on the ``SortedColumn``'s key (``volunteer_sort``, which adds the aliases of
        that one sort), the last column asked winning as django-tables2 does with a column's
        own ``order``."""
        others = []
        for alias in aliases:
            column = self.table.columns[OrderBy(alias).bare].column
            if isinstance(column, SortedColumn):
                self.data = volunteer_sort(
                    self.data, column.sort_key, self.content, descending=alias.startswith("-")
                )
            else:
                others.append(alias)
        if others:
            super().order_by(others)


class SortedColumn(tables.Column):
    """A column sorted in the database on one of ``volunteer_sort``'s keys, ties by name
    (``VolunteerData.order_by``).

    ``empty_values=()``: the render and value methods below run for every row, also where the
    record's value is None (not enrolled, no certificate)."""

    def __init__(self, *args: Any, sort_key: str, **kwargs: Any) -> None:
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, order_by=(sort_key,), **kwargs)
        self.sort_key = sort_key


class VolunteerTable(StaffTable):
    caption = _("Volunteers and their training")

    name = SortedColumn(
        verbose_name=_("Name"),
        accessor="name",
        sort_key="sort_name",
        linkify=lambda record: reverse("training:volunteer_detail", args=[record.user.pk]),
    )
    region = SortedColumn(
        verbose_name=_("Region"),
        accessor="region_names",
        sort_key="region_sort",
        empty_values=(None, ""),
        default="—",
    )
    progress = SortedColumn(
        verbose_name=_("Track progress"), accessor="percent", sort_key="progress_sort"
    )
    days = SortedColumn(
        verbose_name=_("Days attended"), accessor="days_attended", sort_key="days_sort"
    )
    sign_off = SortedColumn(
        verbose_name=_("Sign-off"), accessor="signed_off", sort_key="sign_off_sort"
    )
    certificate = SortedColumn(
        verbose_name=_("Certificate"), accessor="certificate_state", sort_key="certificate_sort"
    )
    valid_until = SortedColumn(
        verbose_name=_("Valid until"), accessor="valid_until", sort_key="valid_until"
    )

    class Meta:
        attrs = {"class": "data-table"}
        template_name = "includes/staff_table.html"
        empty_text = _("No volunteers match this search.")
        per_page = PER_PAGE
        order_by = ("name",)

    # The page.

    def render_progress(self, record: VolunteerRow) -> str:
        if not record.enrolled:
            return gettext("Not enrolled")
        return f"{record.percent} %"

    def render_days(self, record: VolunteerRow) -> str:
        if not record.enrolled or record.track is None:
            return "—"
        return f"{record.days_attended} / {record.track.required_training_days}"

    def render_sign_off(self, record: VolunteerRow) -> str:
        if not record.enrolled or record.track is None:
            return "—"
        if not record.track.sign_off_required:
            return gettext("Not needed")
        if record.signed_off_at is not None:
            return gettext("Signed off on %(date)s") % {
                "date": date_format(timezone.localdate(record.signed_off_at), "SHORT_DATE_FORMAT")
            }
        return gettext("Not yet")

    def render_certificate(self, record: VolunteerRow) -> SafeString:
        return format_html(
            '<span class="status-badge status-badge--certificate-{}">{}</span>',
            record.certificate_state,
            record.certificate_label,
        )

    def render_valid_until(self, record: VolunteerRow) -> str:
        if record.valid_until is None:
            return "—"
        return date_format(record.valid_until, "SHORT_DATE_FORMAT")

    def cell_writer(self) -> Callable[[VolunteerRow], dict[str, str]]:
        """The cells as the columns above render them, their texts translated once a page."""
        address = address_writer("training:volunteer_detail")
        day = day_writer()
        certificates = {state: html.escape(str(label)) for state, label in CertificateState.choices}
        not_enrolled = html.escape(gettext("Not enrolled"))
        not_needed = html.escape(gettext("Not needed"))
        not_yet = html.escape(gettext("Not yet"))
        signed_off_on = gettext("Signed off on %(date)s")
        signed_off_days: dict[datetime.date, str] = {}
        empty = self.empty_cells()
        escape = html.escape

        def signed_off(moment: datetime.datetime) -> str:
            on = timezone.localdate(moment)
            text = signed_off_days.get(on)
            if text is None:
                text = signed_off_days[on] = escape(
                    signed_off_on % {"date": date_format(on, "SHORT_DATE_FORMAT")}
                )
            return text

        def cells(record: VolunteerRow) -> dict[str, str]:
            enrolment = record.enrolment
            track = record.track
            state = record.certificate_state
            region_names = record.region_names
            valid_until = record.valid_until
            if enrolment is None or track is None:
                days = sign_off = "—"
            else:
                days = f"{record.days_attended} / {track.required_training_days}"
                if not track.sign_off_required:
                    sign_off = not_needed
                elif enrolment.signed_off_at is not None:
                    sign_off = signed_off(enrolment.signed_off_at)
                else:
                    sign_off = not_yet
            certificate = certificates.get(state)
            if certificate is None:
                certificate = escape(CertificateState.label(state))
            return {
                "name": f'<a href="{address(record.user.pk)}">{escape(record.name)}</a>',
                "region": (
                    escape(region_names)
                    if region_names is not None and region_names != ""
                    else empty["region"]
                ),
                "progress": not_enrolled if enrolment is None else f"{record.percent} %",
                "days": days,
                "sign_off": sign_off,
                "certificate": (
                    '<span class="status-badge status-badge--certificate-'
                    f'{escape(state)}">{certificate}</span>'
                ),
                "valid_until": "—" if valid_until is None else day(valid_until),
            }

        return cells

    # The export: plain values.

    def value_progress(self, record: VolunteerRow) -> int | str:
        return record.percent if record.percent is not None else ""

    def value_days(self, record: VolunteerRow) -> int | str:
        return record.days_attended if record.enrolled else ""

    def value_sign_off(self, record: VolunteerRow) -> str:
        if not record.enrolled or record.track is None:
            return ""
        if not record.track.sign_off_required:
            return gettext("Not needed")
        if record.signed_off_at is not None:
            return timezone.localdate(record.signed_off_at).isoformat()
        return gettext("Not yet")

    def value_certificate(self, record: VolunteerRow) -> str:
        return record.certificate_label

    def value_valid_until(self, record: VolunteerRow) -> str:
        return record.valid_until.isoformat() if record.valid_until else ""
