"""The facilitator's session pages: the list (and its query budget), scheduling with errors
next to the fields, the htmx fragments, attendance, summary and private note, the .ics file,
and who gets a 404."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from coaching.models import CoachingProfile, PrivateNote, Reply, Session, SessionKind
from coaching.sessions import services
from people.factories import CoachAssignmentFactory, CoordinatorFactory
from training.certificates.models import RenewalActivity

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English (and reverse() gives the /en/ addresses): Dutch and
    French wording belongs to the translators."""
    with translation.override("en"):
        yield


HTMX = {"HTTP_HX_REQUEST": "true"}


def at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def schedule(coach, invitees, *, days=1, start=10, end=12, kind=SessionKind.INTERVISION, **extra):
    return services.session_schedule(
        kind=kind,
        region=coach.regions.first(),
        facilitator=coach,
        starts_at=at(days, start),
        ends_at=at(days, end),
        invitees=invitees,
        created_by=coach,
        **extra,
    )


def form_data(coordinators, *, days=3, start="14:00", end="16:00", **extra) -> dict:
    data = {
        "kind": "intervision",
        "day": (timezone.localdate() + datetime.timedelta(days=days)).isoformat(),
        "start_time": start,
        "end_time": end,
        "place": "Lokaal 3",
        "online_url": "",
        "capacity": "",
        "invitees": [str(user.pk) for user in coordinators],
    }
    data.update(extra)
    return data


def url(name: str, session: Session | None = None) -> str:
    if session is None:
        return reverse(f"coaching:{name}")
    return reverse(f"coaching:{name}", kwargs={"pk": session.pk})


@pytest.fixture
def session(coach, coordinator):
    return schedule(coach, [coordinator], place="Lokaal 3", online_url="https://meet.example/x")


# --- The list ---------------------------------------------------------------------------------


def test_the_list_shows_upcoming_and_past_sessions_with_reply_counts(
    client, login, coach, coordinator, session
):
    past = schedule(coach, [coordinator], days=-7)
    session.invitations.update(reply=Reply.COMING)
    login(client, coach)
    response = client.get(url("session_list"))
    assert response.status_code == 200
    assert list(response.context["upcoming"]) == [session]
    assert list(response.context["past"]) == [past]
    assert response.context["upcoming"][0].coming == 1
    assert url("session_detail", session) in response.content.decode()


def test_the_upcoming_sessions_show_who_has_not_replied_the_past_ones_who_attended(
    client, login, coach, coordinator, session
):
    past = schedule(coach, [coordinator], days=-7)
    login(client, coach)
    content = client.get(url("session_list")).content.decode()
    upcoming_table, past_table = content.split("<tbody>")[1:3]
    assert url("session_detail", session) in upcoming_table
    assert 'data-label="No reply yet">1</td>' in upcoming_table
    assert "not recorded" not in upcoming_table
    assert url("session_detail", past) in past_table
    assert 'data-label="Attended">not recorded</td>' in past_table
    assert "Lokaal 3" in upcoming_table


def test_the_list_says_so_when_there_are_no_sessions(client, login, coach):
    login(client, coach)
    content = client.get(url("session_list")).content.decode()
    assert "No sessions planned" in content
    assert "No past sessions yet" in content


def test_the_list_takes_as_many_queries_for_20_sessions_as_for_2(
    client, login, coach, coordinator, django_assert_num_queries
):
    def make(count: int, offset: int) -> None:
        for index in range(count):
            days = offset + index if index % 2 else -(offset + index)
            schedule(coach, [coordinator], days=days)

    make(2, 1)
    login(client, coach)
    client.get(url("session_list"))  # warm the session and the access cache
    with CaptureQueriesContext(connection) as small:
        assert client.get(url("session_list")).status_code == 200
    make(18, 10)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url("session_list"))
    assert len(response.context["upcoming"]) + len(response.context["past"]) == 20


def test_the_past_sessions_come_a_page_at_a_time(client, login, coach, coordinator):
    for days in range(1, 23):
        schedule(coach, [coordinator], days=-days)
    login(client, coach)
    first = client.get(url("session_list"))
    assert len(first.context["past"]) == 20
    second = client.get(url("session_list") + "?page=2")
    assert len(second.context["past"]) == 2


# --- Scheduling -------------------------------------------------------------------------------


def test_kind_intervision_is_preselected(client, login, coach):
    login(client, coach)
    response = client.get(url("session_create") + "?kind=intervision")
    assert response.context["form"]["kind"].value() == "intervision"


def test_scheduling_without_javascript_redirects_with_a_message(client, login, coach, coordinator):
    login(client, coach)
    response = client.post(url("session_create"), form_data([coordinator]), follow=True)
    session = Session.objects.get()
    assert response.redirect_chain[-1][0] == url("session_detail", session)
    assert "The session is scheduled" in response.content.decode()
    local = timezone.localtime(session.starts_at)
    assert (local.hour, local.minute) == (14, 0)
    assert str(local.tzinfo) == "Europe/Brussels"
    assert list(session.invitations.values_list("coordinator_id", flat=True)) == [coordinator.pk]


def test_a_session_ending_before_it_starts_shows_the_error_at_the_end_time_input_kept(
    client, login, coach, coordinator
):
    login(client, coach)
    response = client.post(
        url("session_create"), form_data([coordinator], start="16:00", end="14:00")
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "end after it starts" in form.errors["end_time"][0]
    assert form["place"].value() == "Lokaal 3"
    assert not Session.objects.exists()


def test_a_double_booking_shows_the_error_at_the_start_time(client, login, coach, coordinator):
    schedule(coach, [coordinator], days=3, start=13, end=15)
    login(client, coach)
    response = client.post(url("session_create"), form_data([coordinator]))
    assert "already has a session" in response.context["form"].errors["start_time"][0]
    assert Session.objects.count() == 1


def test_too_many_invitees_shows_the_error_at_the_invitees(
    client, login, coach, coordinator, antwerpen
):
    second = CoordinatorFactory(regions=[antwerpen])
    CoachAssignmentFactory(coordinator=second, coach=coach)
    login(client, coach)
    response = client.post(url("session_create"), form_data([coordinator, second], capacity="1"))
    assert "places" in response.context["form"].errors["invitees"][0]


def test_a_coach_cannot_pick_another_coachs_coordinator(client, login, coach, other_coordinator):
    login(client, coach)
    response = client.post(url("session_create"), form_data([other_coordinator]))
    assert "invitees" in response.context["form"].errors
    assert not Session.objects.exists()


def test_saving_the_invitees_as_a_group_needs_a_name_then_offers_the_group(
    client, login, coach, coordinator
):
    login(client, coach)
    response = client.post(url("session_create"), form_data([coordinator], save_group="on"))
    assert "group_name" in response.context["form"].errors
    client.post(
        url("session_create"), form_data([coordinator], save_group="on", group_name="Noord")
    )
    form = client.get(url("session_create")).context["form"]
    assert [group.name for group in form.fields["group"].queryset] == ["Noord"]
    # Picking the group invites its members.
    group = form.fields["group"].queryset.get()
    client.post(url("session_create"), form_data([], days=5, group=str(group.pk)))
    newest = Session.objects.latest("pk")
    assert newest.group == group
    assert list(newest.invitations.values_list("coordinator_id", flat=True)) == [coordinator.pk]


# --- htmx: fragment or full page ----------------------------------------------------------------


def test_the_create_form_answers_htmx_with_the_fragment_only(client, login, coach):
    login(client, coach)
    full = client.get(url("session_create")).content.decode()
    fragment = client.get(url("session_create"), **HTMX).content.decode()
    assert "<html" in full and 'class="session-form"' in full
    assert "<html" not in fragment
    assert fragment.lstrip().startswith('<div class="session-form"')
    assert f'hx-post="{url("session_create")}"' in fragment


def test_an_htmx_post_answers_what_was_saved_with_a_link(client, login, coach, coordinator):
    login(client, coach)
    response = client.post(url("session_create"), form_data([coordinator]), **HTMX)
    session = Session.objects.get()
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert "The session is scheduled" in content
    assert url("session_detail", session) in content
    assert response["HX-Trigger"] == "coaching:session-saved"


def test_an_htmx_post_with_errors_answers_the_form_with_status_200(
    client, login, coach, coordinator
):
    login(client, coach)
    response = client.post(
        url("session_create"), form_data([coordinator], start="16:00", end="14:00"), **HTMX
    )
    assert response.status_code == 200  # htmx swaps 2xx only
    assert "<html" not in response.content.decode()
    assert "end_time" in response.context["form"].errors


# --- Attendance -------------------------------------------------------------------------------


def test_attendance_before_the_end_is_refused_with_a_message(client, login, coach, session):
    login(client, coach)
    page = client.get(url("session_attendance", session))
    assert page.status_code == 200
    assert page.context["form"] is None
    assert "once the session has ended" in page.content.decode()
    post = client.post(url("session_attendance", session), {"attended": []})
    assert post.status_code == 400
    session.refresh_from_db()
    assert session.attendance_recorded_at is None


def test_attendance_is_prefilled_from_the_replies_and_recorded(
    client, login, coach, coordinator, session
):
    session.invitations.update(reply=Reply.COMING)
    with time_machine.travel(session.ends_at + datetime.timedelta(hours=1), tick=False):
        login(client, coach)  # inside: sessions end after 30 idle minutes
        form = client.get(url("session_attendance", session)).context["form"]
        assert form["attended"].value() == [coordinator.pk]
        response = client.post(
            url("session_attendance", session), {"attended": [coordinator.pk]}, follow=True
        )
    assert "1 of 1 were there" in response.content.decode()
    assert session.invitations.get().attended is True
    assert RenewalActivity.objects.filter(
        user=coordinator, reference=f"coaching-session-{session.pk}"
    ).exists()


def test_the_attendance_form_answers_htmx_with_fragments(
    client, login, coach, coordinator, session
):
    with time_machine.travel(session.ends_at + datetime.timedelta(hours=1), tick=False):
        login(client, coach)
        fragment = client.get(url("session_attendance", session), **HTMX).content.decode()
        assert "<html" not in fragment and 'name="attended"' in fragment
        saved = client.post(url("session_attendance", session), {"attended": []}, **HTMX)
    assert "<html" not in saved.content.decode()
    assert "0 of 1 were there" in saved.content.decode()


# --- Detail: summary and private note ---------------------------------------------------------


def test_the_detail_page_has_the_summary_form_and_a_note_only_the_author_reads(
    client, login, coach, administrator, session
):
    login(client, coach)
    content = client.get(url("session_detail", session)).content.decode()
    assert "Only you read this note." in content
    assert 'name="summary"' in content
    client.post(url("session_note", session), {"text": "Mijn eigen notitie"})
    client.post(url("session_summary", session), {"summary": "Gedeeld"})
    assert PrivateNote.objects.get(author=coach).text == "Mijn eigen notitie"
    session.refresh_from_db()
    assert session.summary == "Gedeeld"

    login(client, administrator)
    content = client.get(url("session_detail", session)).content.decode()
    assert "Mijn eigen notitie" not in content
    assert "Gedeeld" in content


def test_cancelling_asks_first_then_cancels(client, login, coach, session):
    login(client, coach)
    assert client.get(url("session_cancel", session)).status_code == 200
    session.refresh_from_db()
    assert not session.is_cancelled
    response = client.post(url("session_cancel", session), follow=True)
    assert "The session is cancelled" in response.content.decode()
    session.refresh_from_db()
    assert session.is_cancelled


def test_changing_a_session_keeps_its_invitees_and_saves(
    client, login, coach, coordinator, session
):
    login(client, coach)
    form = client.get(url("session_update", session)).context["form"]
    assert form["invitees"].value() == [coordinator.pk]
    data = form_data([coordinator], days=1, start="10:00", end="12:30", place="Elders")
    response = client.post(url("session_update", session), data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.place == "Elders"
    assert timezone.localtime(session.ends_at).time() == datetime.time(12, 30)


# --- The .ics file ----------------------------------------------------------------------------


def test_the_ics_file_has_the_kind_utc_times_the_place_and_no_names(
    client, login, coach, coordinator, session
):
    login(client, coach)
    response = client.get(url("session_ics", session))
    assert response["Content-Type"].startswith("text/calendar")
    content = response.content
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    assert str(event["uid"]) == f"session-{session.pk}@kring"
    assert event.decoded("dtstart") == session.starts_at
    assert event.decoded("dtstart").utcoffset() == datetime.timedelta(0)
    assert b"DTSTART:" in content and b"Z\r\n" in content
    assert str(event["summary"]) == "Intervision · Kring"
    assert str(event["location"]) == "Lokaal 3"
    text = content.decode()
    for name in (coordinator.first_name, coordinator.last_name, coach.first_name, coach.email):
        assert name not in text
    # Stable: the same UID on a second download.
    again = Calendar.from_ical(client.get(url("session_ics", session)).content)
    assert str(again.walk("VEVENT")[0]["uid"]) == str(event["uid"])


# --- Who gets a 404 ----------------------------------------------------------------------------


SESSION_PAGES = (
    "session_detail",
    "session_update",
    "session_attendance",
    "session_ics",
    "session_cancel",
)


@pytest.mark.parametrize("persona", ["other_coach", "coordinator", "staff", "other_staff"])
@pytest.mark.parametrize("page", SESSION_PAGES)
def test_only_the_facilitator_and_administrators_open_a_session(
    client, login, personas, session, persona, page
):
    login(client, personas[persona])
    assert client.get(url(page, session)).status_code == 404


@pytest.mark.parametrize("page", SESSION_PAGES)
def test_an_administrator_opens_every_session(client, login, administrator, session, page):
    login(client, administrator)
    assert client.get(url(page, session)).status_code == 200


@pytest.mark.parametrize("name", ["session_summary", "session_note", "session_cancel"])
def test_an_outsider_cannot_post_to_a_session(client, login, other_coach, session, name):
    login(client, other_coach)
    assert client.post(url(name, session), {"summary": "x", "text": "x"}).status_code == 404
    session.refresh_from_db()
    assert not session.is_cancelled and not session.summary


def test_a_staff_member_marked_supervisor_leads_sessions(client, login, staff):
    login(client, staff)
    assert client.get(url("session_list")).status_code == 404
    CoachingProfile.objects.create(user=staff, is_supervisor=True)
    assert client.get(url("session_list")).status_code == 200
    assert client.get(url("session_create")).status_code == 200


def test_a_coach_sees_only_their_own_sessions_in_the_list(
    client, login, coach, other_coach, other_coordinator, session
):
    theirs = schedule(other_coach, [other_coordinator])
    login(client, other_coach)
    assert list(client.get(url("session_list")).context["upcoming"]) == [theirs]
