"""The dashboard's reads are written out in SQL (``coaching.dashboard.selectors``): what they
make of the database's values is what the ORM makes of them (every field of the current
traject and its registration, the names, the certificate and its track's minimums, the
sessions), and they stay within the coach's own coordinators."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from coaching.dashboard.selectors import (
    coach_dashboard,
    coach_dashboard_row,
    sessions_awaiting_attendance,
    sessions_between,
    upcoming_sessions,
)
from coaching.models import Invitation, Reply, Session, SessionKind
from people.factories import region
from tests.coaching.test_dashboard_selectors import (
    DAY,
    NOW,
    TODAY,
    attended,
    certified,
    coached,
    contact,
    distributed_traject,
    started_traject,
    waiting_traject,
)
from tests.trajects.test_figures import at
from trajects.models import Traject

pytestmark = pytest.mark.django_db


def model_values(instance) -> dict:
    return {
        field.attname: getattr(instance, field.attname)
        for field in type(instance)._meta.concrete_fields
    }


@pytest.fixture
def rows(coach, other_coach, staff):
    with at(NOW), translation.override("en"):
        sien = coached(coach, first_name="Sien", last_name="D'Hondt")
        started_traject(sien, staff, NOW - 6 * DAY)
        certified(sien, valid_until=TODAY + 30 * DAY, intervision=4, supervision=1)
        contact(coach, sien, TODAY - 3 * DAY)
        attended(sien, coach, SessionKind.INTERVISION, TODAY - 5 * DAY)
        bold = coached(coach, first_name="<b>Bold</b>", last_name="")
        waiting_traject(bold, staff, NOW - 19 * DAY)
        plan = coached(coach, first_name="Piet", last_name="Plan")
        distributed_traject(plan, staff, NOW - 40 * DAY)
        coached(other_coach, first_name="Ander", last_name="Iemand")
        yield coach_dashboard(coach=coach, today=TODAY)


def test_the_rows_hold_what_the_orm_reads(rows):
    assert len(rows) == 3
    for row in rows:
        coordinator = type(row.coordinator).objects.get(pk=row.coordinator.pk)
        assert row.name == (coordinator.get_full_name() or coordinator.email)
        assert row.short_name
        if row.traject is not None:
            traject = Traject.objects.select_related("registration").get(pk=row.traject.pk)
            assert model_values(row.traject) == model_values(traject)
            assert row.traject.registration.reference == traject.registration.reference
            assert row.traject.registration.created_at == traject.registration.created_at
            assert row.traject.started_at is None or row.traject.started_at.tzinfo is not None


def test_the_names_are_the_coordinators_own(rows):
    assert {row.name for row in rows} == {"Sien D'Hondt", "<b>Bold</b>", "Piet Plan"}


def test_the_certificate_and_the_minimums_are_read(rows):
    [sien] = [row for row in rows if row.name == "Sien D'Hondt"]
    assert sien.certificate_valid_until == TODAY + 30 * DAY
    assert (sien.counts.intervision, sien.counts.intervision_required) == (1, 4)
    assert (sien.counts.supervision, sien.counts.supervision_required) == (0, 1)
    assert sien.last_contact == TODAY - 3 * DAY
    assert sien.days_in_phase == 6


def test_one_coordinators_row_is_read_alone(coach, other_coach, rows):
    first = rows[0]
    assert coach_dashboard_row(coach=coach, coordinator_id=first.coordinator.pk, today=TODAY) == (
        first
    )
    assert (
        coach_dashboard_row(coach=other_coach, coordinator_id=first.coordinator.pk, today=TODAY)
        is None
    )


def test_the_sessions_read_are_the_orms(coach, coordinator):
    starts_at = NOW + 2 * DAY
    coming = Session.objects.create(
        kind=SessionKind.INTERVISION,
        region=region("antwerpen"),
        facilitator=coach,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
    )
    Invitation.objects.create(session=coming, coordinator=coordinator, reply=Reply.COMING)
    held = attended(coordinator, coach, SessionKind.SUPERVISION, TODAY - 3 * DAY)

    [upcoming] = upcoming_sessions(coach=coach, now=NOW)
    [between] = sessions_between(coach=coach, start=NOW, end=NOW + 7 * DAY)
    [awaiting] = sessions_awaiting_attendance(coach=coach, now=NOW)

    assert model_values(upcoming.session) == model_values(Session.objects.get(pk=coming.pk))
    assert (upcoming.coming, upcoming.not_coming, upcoming.no_reply) == (1, 0, 0)
    assert between.session == coming
    assert upcoming.url == reverse("coaching:session_detail", kwargs={"pk": coming.pk})
    assert model_values(awaiting.session) == model_values(Session.objects.get(pk=held.pk))
    assert awaiting.url == reverse("coaching:session_attendance", kwargs={"pk": held.pk})
