"""The coordinator's coaching page (/portaal/coaching/): my coach and how to reach them, my
upcoming sessions, only the summaries of sessions I attended, my attendance this year against
the minimums and what my certificate's renewal still needs; for coordinators only; the same
number of queries with 2 and 20 sessions."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from coaching.models import Invitation, Reply, Session, SessionKind
from people.factories import CoordinatorFactory
from tests import clock
from tests.coaching.test_portal_reply import session_with
from training.factories import CertificateFactory, TrackFactory

pytestmark = pytest.mark.django_db

URL = "/en/portaal/coaching/"  # English: the page's own wording, whatever is translated


def page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def attended(session: Session, user, value: bool | None = True) -> None:
    Invitation.objects.filter(session=session, coordinator=user).update(attended=value)


def past(facilitator, invitees, *, days_ago: int, **fields) -> Session:
    return session_with(
        facilitator, invitees, starts_in=-datetime.timedelta(days=days_ago), **fields
    )


def past_hours(facilitator, coordinator, hours: int, kind: str) -> Session:
    return session_with(
        facilitator, [coordinator], starts_in=-datetime.timedelta(hours=hours), hours=1, kind=kind
    )


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_page_shows_my_coach_and_how_to_reach_them(client, login, coach, coordinator):
    coach.phone = "0470 12 34 56"
    coach.save(update_fields=["phone"])
    login(client, coordinator)
    html = page(client)
    assert escape(coach.get_full_name()) in html
    assert f'href="mailto:{coach.email}"' in html
    assert 'href="tel:0470123456"' in html


def test_without_a_coach_the_page_says_so(client, login, antwerpen):
    alone = CoordinatorFactory(regions=[antwerpen])
    login(client, alone)
    assert "You have no coach yet." in page(client)


def test_the_page_lists_my_upcoming_sessions_with_reply_buttons(
    client, login, coach, coordinator, other_coordinator
):
    mine = session_with(coach, [coordinator], online_url="https://meet.example.org/abc")
    session_with(coach, [coordinator], cancelled_at=timezone.now(), place="Cancelled room")
    past(coach, [coordinator], days_ago=3, place="Past room")
    session_with(coach, [other_coordinator], place="Someone else's room")
    login(client, coordinator)
    html = page(client)
    assert html.count('class="panel portal-session"') == 1
    assert f'id="session-{mine.pk}"' in html
    assert "Eigen Kracht Centrale, Antwerpen" in html
    assert "https://meet.example.org/abc" in html
    local = timezone.localtime(mine.starts_at)
    assert f"from {local:%H:%M} to" in text(html)
    assert f'action="/en/portaal/coaching/sessies/{mine.pk}/antwoord/"' in html
    assert 'name="reply" value="coming"' in html and 'name="reply" value="not_coming"' in html
    assert f"/en/portaal/coaching/sessies/{mine.pk}/agenda.ics" in html
    for absent in ("Cancelled room", "Past room", "Someone else&#x27;s room"):
        assert absent not in html


def test_my_reply_and_note_show_on_the_page(client, login, coach, coordinator):
    session = session_with(coach, [coordinator])
    Invitation.objects.filter(session=session).update(
        reply=Reply.NOT_COMING, reply_note="On holiday", replied_at=timezone.now()
    )
    login(client, coordinator)
    html = page(client)
    assert "Not coming" in html and "(On holiday)" in html


def test_only_summaries_of_sessions_i_attended_are_shown(
    client, login, coach, other_coach, coordinator, other_coordinator
):
    went = past(coach, [coordinator, other_coordinator], days_ago=10, summary="SUMMARY-I-ATTENDED")
    attended(went, coordinator)
    missed = past(coach, [coordinator], days_ago=20, summary="SUMMARY-I-MISSED")
    attended(missed, coordinator, False)
    unrecorded = past(coach, [coordinator], days_ago=25, summary="SUMMARY-NOT-RECORDED")
    attended(unrecorded, coordinator, None)
    theirs = past(other_coach, [other_coordinator], days_ago=5, summary="SUMMARY-OF-OTHERS")
    attended(theirs, other_coordinator)
    login(client, coordinator)
    html = page(client)
    assert "SUMMARY-I-ATTENDED" in html
    for absent in ("SUMMARY-I-MISSED", "SUMMARY-NOT-RECORDED", "SUMMARY-OF-OTHERS"):
        assert absent not in html


def test_summaries_are_newest_first_and_paginated(client, login, coach, coordinator):
    for days_ago in range(1, 8):
        session = past(coach, [coordinator], days_ago=days_ago * 7, summary=f"SUMMARY-{days_ago}")
        attended(session, coordinator)
    login(client, coordinator)
    html = page(client)
    shown = re.findall(r"SUMMARY-(\d)", html)
    assert shown == ["1", "2", "3", "4", "5"]
    second = client.get(URL + "?page=2").content.decode()
    assert re.findall(r"SUMMARY-(\d)", second) == ["6", "7"]


def test_counts_against_the_minimums_change_once_attendance_is_recorded(
    client, login, coach, coordinator
):
    # Mid-June of this year: the sessions a few hours back fall in the same calendar year.
    midyear = datetime.datetime(timezone.localdate().year, 6, 15, 18, tzinfo=clock.BRUSSELS)
    with time_machine.travel(midyear, tick=False):
        track = TrackFactory(intervision_per_year=4, supervision_per_year=2)
        CertificateFactory(user=coordinator, track=track, issued_on=timezone.localdate())
        held = past_hours(coach, coordinator, 4, SessionKind.INTERVISION)
        supervised = past_hours(coach, coordinator, 8, SessionKind.SUPERVISION)
        login(client, coordinator)
        before = text(page(client))
        assert "Intervision: 0 of 4" in before and "Supervision: 0 of 2" in before

        attended(held, coordinator)
        attended(supervised, coordinator)
        after = text(page(client))
        assert "Intervision: 1 of 4" in after and "Supervision: 1 of 2" in after


def test_without_a_minimum_the_counts_say_so(client, login, coordinator):
    login(client, coordinator)
    html = text(page(client))
    assert "Intervision: 0 (no minimum)" in html and "Supervision: 0 (no minimum)" in html


def test_the_renewal_shows_what_is_missing_once_its_window_is_open(client, login, coordinator):
    track = TrackFactory(intervision_per_year=3)
    today = timezone.localdate()
    CertificateFactory(
        user=coordinator,
        track=track,
        issued_on=today - datetime.timedelta(days=700),
        valid_until=today + datetime.timedelta(days=30),
    )
    login(client, coordinator)
    html = text(page(client))
    assert "To renew" in html
    assert "Attend at least 3 intervision sessions in the last 12 months (0 so far)." in html
    assert "Nothing needed now." not in html


def test_a_renewal_far_off_needs_nothing_now(client, login, coordinator):
    CertificateFactory(user=coordinator, track=TrackFactory(intervision_per_year=3))
    login(client, coordinator)
    html = text(page(client))
    assert "Nothing needed now." in html
    assert "Attend at least" not in html


@pytest.mark.parametrize("persona", ["coach", "staff", "editor", "other_staff"])
def test_the_page_is_for_coordinators_only(client, login, personas, persona):
    login(client, personas[persona])
    assert client.get(URL).status_code == 404


def test_the_portal_menu_links_to_my_coaching(client, login, coordinator):
    login(client, coordinator)
    html = client.get("/en/portaal/").content.decode()
    assert 'href="/en/portaal/coaching/"' in html
    assert 'href="/en/portaal/coaching/" aria-current="page"' in page(client)


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def _grow(coach, coordinator, count: int, start: int) -> None:
    for number in range(start, start + count):
        session_with(coach, [coordinator], starts_in=datetime.timedelta(days=number + 1))
        went = past(coach, [coordinator], days_ago=number + 1, summary=f"Summary {number}")
        attended(went, coordinator)


def test_the_page_makes_the_same_number_of_queries_with_2_and_20_sessions(
    client, login, coach, coordinator
):
    CertificateFactory(user=coordinator, track=TrackFactory(intervision_per_year=2))
    login(client, coordinator)
    _grow(coach, coordinator, 2, start=0)
    _queries(client)  # warm up: caches filled on the first request
    small = _queries(client)
    _grow(coach, coordinator, 18, start=2)
    large = _queries(client)
    assert Session.objects.filter(starts_at__gt=timezone.now()).count() == 20
    assert page(client).count('class="panel portal-session"') == 20
    assert small == large
