"""The personal calendar feed (/agenda/<token>.ics) and one session's calendar file: made,
replaced and revoked from the coordinator's page; unknown and revoked tokens answer 404; the
content, parsed back with icalendar, holds my sessions and my training days, not other people's
sessions, no names, times in UTC; a cancelled session ahead stays as CANCELLED."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from icalendar import Calendar

from coaching.models import CalendarFeed, Invitation, Reply
from coaching.portal.services import calendar_feed_create, calendar_feed_revoke
from tests.coaching.test_portal_reply import session_with
from training.days.models import SeatStatus, TrainingDayEnrolment
from training.factories import TrainingDayFactory

pytestmark = pytest.mark.django_db

FEED_BUTTONS = "/en/portaal/coaching/agenda/"


def feed_url(feed: CalendarFeed) -> str:
    return f"/agenda/{feed.token}.ics"


def events(client, feed: CalendarFeed) -> dict[str, object]:
    """The feed's events by UID, parsed back with icalendar."""
    response = client.get(feed_url(feed))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


# --- Made, replaced, revoked ----------------------------------------------------------------------


def test_creating_a_feed_revokes_the_one_before(coordinator):
    first = calendar_feed_create(user=coordinator)
    second = calendar_feed_create(user=coordinator)
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.revoked_at is None and second.token != first.token
    assert list(CalendarFeed.objects.active().filter(user=coordinator)) == [second]


def test_the_database_holds_one_active_feed_per_user(coordinator):
    CalendarFeed.objects.create(user=coordinator)
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarFeed.objects.create(user=coordinator)


def test_revoking_stops_the_feed_and_says_whether_there_was_one(coordinator):
    assert calendar_feed_revoke(user=coordinator) is False
    calendar_feed_create(user=coordinator)
    assert calendar_feed_revoke(user=coordinator) is True
    assert not CalendarFeed.objects.active().filter(user=coordinator).exists()


def test_the_page_makes_revokes_and_makes_again_with_messages(client, login, coordinator):
    login(client, coordinator)
    html = client.get("/en/portaal/coaching/").content.decode()
    assert "Make my calendar address" in html

    response = client.post(FEED_BUTTONS, {"action": "create"}, follow=True)
    html = response.content.decode()
    feed = CalendarFeed.objects.active().get(user=coordinator)
    assert response.redirect_chain[-1][0] == "/en/portaal/coaching/#calendar-feed"
    assert "Your calendar address is ready." in html
    address = f"{settings.SITE_URL}/agenda/{feed.token}.ics"
    assert address in html
    assert "webcal://" + address.split("://", 1)[1] in html
    assert "Outlook" in html and "Google Calendar" in html

    response = client.post(FEED_BUTTONS, {"action": "revoke"}, follow=True)
    assert "Your calendar address no longer works." in response.content.decode()
    assert client.get(feed_url(feed)).status_code == 404

    response = client.post(FEED_BUTTONS, {"action": "create"}, follow=True)
    again = CalendarFeed.objects.active().get(user=coordinator)
    assert again.token != feed.token
    assert client.get(feed_url(again)).status_code == 200


def test_making_a_new_address_says_the_old_one_stops(client, login, coordinator):
    old = calendar_feed_create(user=coordinator)
    login(client, coordinator)
    response = client.post(FEED_BUTTONS, {"action": "create"}, follow=True)
    assert "The old one no longer works" in response.content.decode()
    assert client.get(feed_url(old)).status_code == 404


@pytest.mark.parametrize("persona", ["coach", "staff"])
def test_only_coordinators_use_the_feed_buttons(client, login, personas, persona):
    login(client, personas[persona])
    assert client.post(FEED_BUTTONS, {"action": "create"}).status_code == 404
    assert not CalendarFeed.objects.exists()


# --- The feed -------------------------------------------------------------------------------------


def test_an_unknown_token_answers_404(client, coordinator):
    calendar_feed_create(user=coordinator)
    assert client.get("/agenda/not-a-token.ics").status_code == 404


def test_a_revoked_token_answers_404(client, coordinator):
    feed = calendar_feed_create(user=coordinator)
    calendar_feed_revoke(user=coordinator)
    assert client.get(feed_url(feed)).status_code == 404


def test_the_feed_of_an_inactive_user_answers_404(client, coordinator):
    feed = calendar_feed_create(user=coordinator)
    coordinator.is_active = False
    coordinator.save(update_fields=["is_active"])
    assert client.get(feed_url(feed)).status_code == 404


def test_the_feed_is_private_and_not_cached(client, coordinator):
    response = client.get(feed_url(calendar_feed_create(user=coordinator)))
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_feed_holds_my_sessions_and_training_days_and_nothing_of_others(
    client, coach, other_coach, coordinator, other_coordinator
):
    mine = session_with(coach, [coordinator, other_coordinator], place="Zaal Noord")
    declined = session_with(coach, [coordinator], starts_in=datetime.timedelta(days=9))
    Invitation.objects.filter(session=declined).update(reply=Reply.NOT_COMING)
    theirs = session_with(other_coach, [other_coordinator])
    day = TrainingDayFactory(title="Opleidingsdag conferentie", title_en="Conference training day")
    TrainingDayEnrolment.objects.create(day=day, user=coordinator, status=SeatStatus.CONFIRMED)
    waiting = TrainingDayFactory()
    TrainingDayEnrolment.objects.create(day=waiting, user=coordinator, status=SeatStatus.WAITING)
    coordinator.preferred_language = "en"
    coordinator.save(update_fields=["preferred_language"])
    people = (coach, other_coach, coordinator, other_coordinator)
    for number, person in enumerate(people):
        person.last_name = f"Achternaam{number}"  # recognisable, not a word of the calendar
        person.save(update_fields=["last_name"])

    response = client.get(feed_url(calendar_feed_create(user=coordinator)))
    found = events(client, CalendarFeed.objects.active().get(user=coordinator))
    assert set(found) == {f"session-{mine.pk}@kring", f"training-day-{day.pk}@kring"}
    session = found[f"session-{mine.pk}@kring"]
    assert str(session["SUMMARY"]) == "Intervision · Kring"
    assert str(session["LOCATION"]) == "Zaal Noord"
    assert session.decoded("DTSTART") == mine.starts_at
    assert session.decoded("DTSTART").utcoffset() == datetime.timedelta(0)
    assert "DTSTAMP" in session
    assert str(found[f"training-day-{day.pk}@kring"]["SUMMARY"]) == "Conference training day"
    body = response.content.decode()
    assert "X-WR-CALNAME:Kring: my sessions and training days" in body
    assert f"session-{theirs.pk}@" not in body and f"session-{declined.pk}@" not in body
    for person in people:
        for secret in (person.first_name, person.last_name, person.email):
            assert secret not in body


def test_a_cancelled_session_ahead_stays_in_the_feed_as_cancelled(client, coach, coordinator):
    ahead = session_with(coach, [coordinator], cancelled_at=timezone.now())
    gone = session_with(
        coach, [coordinator], starts_in=-datetime.timedelta(days=2), cancelled_at=timezone.now()
    )
    held = session_with(coach, [coordinator], starts_in=-datetime.timedelta(days=3))
    found = events(client, calendar_feed_create(user=coordinator))
    assert str(found[f"session-{ahead.pk}@kring"]["STATUS"]) == "CANCELLED"
    assert str(found[f"session-{held.pk}@kring"]["STATUS"]) == "CONFIRMED"
    assert f"session-{gone.pk}@kring" not in found


def test_the_feed_works_for_a_facilitator_too(client, coach, coordinator, other_coach):
    led = session_with(coach, [coordinator])
    session_with(other_coach, [])
    found = events(client, calendar_feed_create(user=coach))
    assert set(found) == {f"session-{led.pk}@kring"}
    assert str(found[f"session-{led.pk}@kring"]["URL"]).endswith(f"/coach/sessies/{led.pk}/")


def test_the_feed_takes_the_same_number_of_queries_at_two_sizes(
    client, coach, coordinator, django_assert_num_queries
):
    feed = calendar_feed_create(user=coordinator)
    session_with(coach, [coordinator])
    with django_assert_num_queries(3):
        client.get(feed_url(feed))
    for days in range(2, 12):
        session_with(coach, [coordinator], starts_in=datetime.timedelta(days=days))
        seat_day = TrainingDayFactory()
        TrainingDayEnrolment.objects.create(day=seat_day, user=coordinator)
    with django_assert_num_queries(3):
        assert len(events(client, feed)) == 21


# --- One session's calendar file ------------------------------------------------------------------


def test_an_invited_coordinator_downloads_the_sessions_calendar_file(
    client, login, coach, coordinator
):
    session = session_with(coach, [coordinator], kind="supervision")
    login(client, coordinator)
    response = client.get(f"/en/portaal/coaching/sessies/{session.pk}/agenda.ics")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["UID"]) == f"session-{session.pk}@kring"
    assert str(event["SUMMARY"]) == "Supervision · Kring"
    assert coach.first_name not in response.content.decode()


def test_a_coordinator_not_invited_gets_404_on_the_sessions_calendar_file(
    client, login, coach, coordinator, other_coordinator
):
    session = session_with(coach, [coordinator])
    login(client, other_coordinator)
    assert client.get(f"/portaal/coaching/sessies/{session.pk}/agenda.ics").status_code == 404
