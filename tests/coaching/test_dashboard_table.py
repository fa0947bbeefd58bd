"""The coach dashboard's rows and its lists of sessions, written out in Python (``DashboardTable.html_rows``), are the
markup django-tables2's own rows give through the table's ``render_*`` methods, rendered by a
template loop: every cell, value and escaping, in every language, over rows that take every
branch (no traject, paused, started, the promise ahead and past, never contacted, each
certificate state, minimums and none, no flags and several, names to escape)."""

from __future__ import annotations

import datetime

import pytest
from django.template import engines
from django.utils import translation

from coaching.dashboard.selectors import CoordinatorRow, Flag, HeldSession, UpcomingSession
from coaching.dashboard.tables import (
    DashboardTable,
    attendance_links_html,
    session_cards_html,
)
from coaching.models import Session, SessionKind
from coaching.selectors import YearlyCounts
from people.models import User
from training.volunteers.selectors import CertificateState
from trajects.models import Registration
from trajects.traject.models import Phase, Traject

# django-tables2's rows (``BoundRow.items``: the accessor, the empty values, the render
# method), rendered by a template loop: the reference.
REFERENCE = (
    "{% for row in table.paginated_rows %}"
    '<tr id="dashboard-row-{{ row.record.coordinator.pk }}">'
    "{% for column, cell in row.items %}"
    '<td class="{{ column.name }}" data-label="{{ column.header }}">{{ cell }}</td>'
    "{% endfor %}</tr>{% endfor %}"
)
OOB_REFERENCE = REFERENCE.replace('}}">{% for', '}}" hx-swap-oob="true">{% for', 1)

TODAY = datetime.date(2026, 6, 15)
AT = datetime.datetime(2026, 5, 20, 10, 0, tzinfo=datetime.UTC)


def person(pk: int, first: str = "", last: str = "") -> User:
    return User(pk=pk, first_name=first, last_name=last, email=f"person{pk}@kring.example")


def traject(pk: int, phase: str = Phase.PREPARATION, **fields) -> Traject:
    registration = Registration(reference=f"EKC-2026-{pk:04d}", created_at=AT)
    return Traject(pk=pk, registration=registration, phase=phase, created_at=AT, **fields)


def row(coordinator: User, **fields) -> CoordinatorRow:
    values = {
        "traject": None,
        "days_in_phase": None,
        "days_since_step": None,
        "start_due_on": None,
        "promise_days_left": None,
        "last_contact": None,
        "certificate_state": CertificateState.NONE,
        "certificate_valid_until": None,
        "counts": YearlyCounts(),
        "flags": (),
    }
    values.update(fields)
    return CoordinatorRow(coordinator=coordinator, **values)


def every_branch() -> list[CoordinatorRow]:
    return [
        row(
            person(11, "Sien", "D'Hondt"),
            traject=traject(101, started_at=AT),
            days_in_phase=12,
            days_since_step=3,
            last_contact=TODAY - datetime.timedelta(days=2),
            certificate_state=CertificateState.VALID,
            certificate_valid_until=TODAY + datetime.timedelta(days=200),
            counts=YearlyCounts(intervision=1, intervision_required=4, supervision=2),
        ),
        row(
            person(12, "<b>Bold</b>", "& Co"),
            traject=traject(102, phase=Phase.MATCHING, paused_at=AT),
            days_in_phase=0,
            start_due_on=TODAY + datetime.timedelta(days=1),
            promise_days_left=1,
            certificate_state=CertificateState.EXPIRING,
            certificate_valid_until=TODAY + datetime.timedelta(days=20),
            counts=YearlyCounts(supervision=3, supervision_required=2),
            flags=(Flag.PROMISE_AT_RISK, Flag.CERTIFICATE_EXPIRING, Flag.NO_CONTACT),
        ),
        row(
            person(13),
            traject=traject(103, phase=Phase.PLAN_DISTRIBUTED),
            days_in_phase=40,
            start_due_on=TODAY - datetime.timedelta(days=5),
            promise_days_left=-5,
            last_contact=TODAY - datetime.timedelta(days=2),
            certificate_state=CertificateState.EXPIRED,
            certificate_valid_until=TODAY - datetime.timedelta(days=1),
            flags=(Flag.FOLLOW_UP_OVERDUE, Flag.NO_STEP, Flag.BELOW_MINIMUM),
        ),
        row(
            person(14, "Ann", ""),
            start_due_on=TODAY - datetime.timedelta(days=1),
            promise_days_left=-1,
            certificate_state=CertificateState.REVOKED,
            certificate_valid_until=TODAY + datetime.timedelta(days=9),
            flags=(Flag.PROMISE_AT_RISK,),
        ),
        row(person(15, "", "Zonder"), flags=(Flag.NO_CONTACT,)),
        row(
            person(16, "Élise", "O'Neil"),
            traject=traject(104, phase=Phase.CONFERENCE_PLANNED),
            days_in_phase=5,
            start_due_on=TODAY + datetime.timedelta(days=10),
            promise_days_left=10,
            flags=(Flag.NO_CONTACT,),
        ),
    ]


def reference_html(table: DashboardTable, template: str = REFERENCE) -> str:
    return engines["django"].from_string(template).render({"table": table})


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_rows_written_out_are_what_django_tables2_renders(language):
    with translation.override(language):
        rows = every_branch()
        expected = reference_html(DashboardTable(rows))
        built = "".join(DashboardTable(rows).html_rows)
        built_oob = "".join(DashboardTable(rows).oob_html_rows)
        expected_oob = reference_html(DashboardTable(rows), OOB_REFERENCE)

    assert built == expected
    assert built_oob == expected_oob
    assert built.count("<tr ") == 6
    assert "D&#x27;Hondt" in built and "&lt;b&gt;Bold&lt;/b&gt; &amp; Co" in built
    assert "<b>" not in built
    assert "status-badge--paused" in built
    for state in ("valid", "expiring", "expired", "revoked", "none"):
        assert f"status-badge--certificate-{state}" in built


HEAD_REFERENCE = (
    "{% for column in table.columns %}"
    '<th scope="col" class="{{ column.name }}">{{ column.header }}</th>'
    "{% endfor %}"
)


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_header_written_out_is_what_the_template_loop_wrote(language):
    with translation.override(language):
        expected = reference_html(DashboardTable([]), HEAD_REFERENCE)
        built = DashboardTable([]).header_cells_html

    assert built == expected
    assert built.count("<th ") == 12


def test_no_rows_write_nothing():
    assert DashboardTable([]).html_rows == []


# The dashboard template's loops over its sessions before they were written out in Python.
SESSION_LOOPS = """{% load i18n %}<ul>
        {% for item in sessions %}
          <li class="card">
            <p class="card__title"><a href="{{ item.url }}">{{ item.session.get_kind_display }}, {{ item.session.starts_at|date:"DATETIME_FORMAT" }}</a></p>
            <p class="card__meta">{% blocktranslate trimmed with coming=item.coming not_coming=item.not_coming no_reply=item.no_reply %}{{ coming }} coming, {{ not_coming }} not coming, {{ no_reply }} without a reply{% endblocktranslate %}</p>
          </li>
        {% endfor %}
</ul><ul>
        {% for item in awaiting_attendance %}
          <li><a href="{{ item.url }}" hx-get="{{ item.url }}" hx-target="#dashboard-session-panel" hx-swap="innerHTML" hx-push-url="false">{% blocktranslate trimmed with kind=item.session.get_kind_display when=item.session.starts_at|date:"DATETIME_FORMAT" %}Record who attended: {{ kind }}, {{ when }}{% endblocktranslate %}</a></li>
        {% endfor %}
</ul>"""
WRITTEN_OUT = """<ul>
        {{ session_cards }}
</ul><ul>
        {{ attendance_links }}
</ul>"""


def sessions_of_every_kind() -> tuple[list[UpcomingSession], list[HeldSession]]:
    upcoming, held = [], []
    for index, kind in enumerate(SessionKind.values):
        starts_at = datetime.datetime(2026, 6, 5 + index, 8 + index, 5, tzinfo=datetime.UTC)
        session = Session(pk=index + 1, kind=kind, starts_at=starts_at)
        url = f"/coach/sessies/{index + 1}/?from=dashboard&x=<{index}>"
        upcoming.append(UpcomingSession(session, index, index * 2 + 1, 1000 + index, url))
        held.append(HeldSession(session, url))
    return upcoming, held


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_sessions_written_out_are_what_the_template_loops_wrote(language):
    upcoming, held = sessions_of_every_kind()
    with translation.override(language):
        expected = (
            engines["django"]
            .from_string(SESSION_LOOPS)
            .render({"sessions": upcoming, "awaiting_attendance": held})
        )
        built = (
            engines["django"]
            .from_string(WRITTEN_OUT)
            .render(
                {
                    "session_cards": session_cards_html(upcoming),
                    "attendance_links": attendance_links_html(held),
                }
            )
        )

    assert built == expected
    assert built.count('<li class="card">') == 3 and built.count("hx-get=") == 3
    assert "&amp;x=&lt;0&gt;" in built


def test_no_sessions_write_nothing():
    assert session_cards_html([]) == "" and attendance_links_html([]) == ""


def test_a_tables_columns_are_its_own():
    """The columns are copied shallowly for each table (``_Column``): hiding one in a table
    leaves the next table's as it was."""
    first = DashboardTable([])
    first.columns.hide("actions")

    assert "actions" not in [column.name for column in first.columns.iterall() if column.visible]
    assert "actions" in [column.name for column in DashboardTable([]).columns]
    assert first.columns["name"].column is not DashboardTable([]).columns["name"].column
