"""Training days: enrolment with a waiting list that moves up, attendance by the trainer, the
calendar file and the portal's pages (the staff's pages: test_training_day_staff_pages.py)."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone
from django.utils.html import escape

from people.factories import CoachFactory, CoordinatorFactory, region
from people.models import OutboxMessage
from people.outbox import outbox_deliver
from training.days import selectors
from training.days import services as service
from training.factories import (
    TrackEnrolmentFactory,
    TrackFactory,
    TrainingDayFactory,
    lesson_page,
    module_page,
)
from training.models import (
    Certificate,
    LessonProgress,
    Reminder,
    ReminderKind,
    SeatStatus,
    TrainingDay,
    TrainingDayEnrolment,
)

pytestmark = pytest.mark.django_db


def started_day(**fields) -> TrainingDay:
    starts_at = timezone.now() - datetime.timedelta(hours=1)
    return TrainingDayFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=7), **fields
    )


def seat_of(day, user) -> TrainingDayEnrolment:
    return TrainingDayEnrolment.objects.get(day=day, user=user)


def deliver_all() -> None:
    for message in OutboxMessage.objects.filter(sent_at__isnull=True):
        outbox_deliver(message_id=message.pk)


# --- Enrolment and the waiting list -----------------------------------------------------------


def test_enrolment_with_places_left_is_confirmed_with_a_reminder_two_days_before(coordinator):
    day = TrainingDayFactory(capacity=2)

    seat = service.training_day_enrol(day=day, user=coordinator)

    assert seat.status == SeatStatus.CONFIRMED and seat.waiting_since is None
    reminder = Reminder.objects.get(seat=seat)
    assert reminder.kind == ReminderKind.TRAINING_DAY
    assert reminder.user == coordinator
    assert reminder.due_at == day.starts_at - datetime.timedelta(days=2)


def test_enrolment_when_the_day_is_full_goes_to_the_waiting_list(coordinator, other_coordinator):
    day = TrainingDayFactory(capacity=1)
    service.training_day_enrol(day=day, user=coordinator)

    seat = service.training_day_enrol(day=day, user=other_coordinator)

    assert seat.status == SeatStatus.WAITING
    assert seat.waiting_since is not None
    assert not Reminder.objects.filter(seat=seat).exists()


def test_a_reminder_is_not_planned_when_the_day_is_less_than_two_days_away(coordinator):
    day = TrainingDayFactory(starts_at=timezone.now() + datetime.timedelta(days=1))

    seat = service.training_day_enrol(day=day, user=coordinator)

    assert seat.status == SeatStatus.CONFIRMED
    assert not Reminder.objects.filter(seat=seat).exists()


def test_enrolling_twice_stores_one_seat_and_one_reminder(coordinator):
    day = TrainingDayFactory()

    first = service.training_day_enrol(day=day, user=coordinator)
    second = service.training_day_enrol(day=day, user=coordinator)

    assert first.pk == second.pk
    assert TrainingDayEnrolment.objects.filter(day=day).count() == 1
    assert Reminder.objects.filter(seat=first).count() == 1


def test_enrolling_again_after_cancelling_reuses_the_seat_and_its_reminder(coordinator):
    day = TrainingDayFactory()
    seat = service.training_day_enrol(day=day, user=coordinator)
    service.training_day_cancel_seat(seat=seat)
    assert Reminder.objects.get(seat=seat).cancelled_at is not None

    again = service.training_day_enrol(day=day, user=coordinator)

    assert again.pk == seat.pk and again.status == SeatStatus.CONFIRMED
    reminder = Reminder.objects.get(seat=seat)
    assert reminder.cancelled_at is None and reminder.sent_at is None


@pytest.mark.parametrize("case", ["cancelled", "started"])
def test_enrolment_is_refused_for_a_cancelled_or_started_day(coordinator, case):
    day = started_day() if case == "started" else TrainingDayFactory(cancelled_at=timezone.now())

    with pytest.raises(ValidationError):
        service.training_day_enrol(day=day, user=coordinator)

    assert not TrainingDayEnrolment.objects.filter(day=day).exists()


def test_cancelling_a_place_moves_the_first_waiting_up_with_reminder_and_mail(
    coordinator, other_coordinator
):
    day = TrainingDayFactory(capacity=1)
    first = service.training_day_enrol(day=day, user=coordinator)
    later = CoordinatorFactory(regions=[region("antwerpen")])
    earlier_waiting = service.training_day_enrol(day=day, user=other_coordinator)
    later_waiting = service.training_day_enrol(day=day, user=later)
    # The order on the list is the moment of joining it, not the order of the rows.
    TrainingDayEnrolment.objects.filter(pk=later_waiting.pk).update(
        waiting_since=earlier_waiting.waiting_since + datetime.timedelta(minutes=5)
    )
    assert selectors.waiting_position(seat_of(day, later)) == 2

    service.training_day_cancel_seat(seat=first)

    assert seat_of(day, coordinator).status == SeatStatus.CANCELLED
    assert seat_of(day, other_coordinator).status == SeatStatus.CONFIRMED
    assert seat_of(day, later).status == SeatStatus.WAITING
    assert selectors.waiting_position(seat_of(day, later)) == 1
    assert Reminder.objects.get(seat=first).cancelled_at is not None
    moved_reminder = Reminder.objects.get(seat=earlier_waiting)
    assert moved_reminder.cancelled_at is None and moved_reminder.sent_at is None
    message = OutboxMessage.objects.get(topic=service.TOPIC_PLACE_OFFERED)
    assert message.object_id == earlier_waiting.pk

    deliver_all()
    [email] = mail.outbox
    assert email.to == [other_coordinator.email]
    assert day.title in email.subject
    assert f"/portaal/opleidingsdagen/{day.pk}/" in email.body
    assert "agenda.ics" in email.body


def test_cancelling_a_place_on_the_waiting_list_moves_nobody(coordinator, other_coordinator):
    day = TrainingDayFactory(capacity=1)
    service.training_day_enrol(day=day, user=coordinator)
    waiting = service.training_day_enrol(day=day, user=other_coordinator)

    service.training_day_cancel_seat(seat=waiting)

    assert seat_of(day, coordinator).status == SeatStatus.CONFIRMED
    assert seat_of(day, other_coordinator).status == SeatStatus.CANCELLED
    assert not OutboxMessage.objects.exists()


def test_more_places_move_the_waiting_list_up(coordinator, other_coordinator):
    day = TrainingDayFactory(capacity=1)
    service.training_day_enrol(day=day, user=coordinator)
    service.training_day_enrol(day=day, user=other_coordinator)

    day.capacity = 2
    service.training_day_save(day=day)

    assert seat_of(day, other_coordinator).status == SeatStatus.CONFIRMED
    assert Reminder.objects.filter(seat__user=other_coordinator).count() == 1


def test_moving_a_day_moves_its_unsent_reminders(coordinator):
    day = TrainingDayFactory()
    seat = service.training_day_enrol(day=day, user=coordinator)

    day.starts_at += datetime.timedelta(days=3)
    day.ends_at += datetime.timedelta(days=3)
    service.training_day_save(day=day)

    assert Reminder.objects.get(seat=seat).due_at == day.starts_at - datetime.timedelta(days=2)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_volunteers_taking_the_last_place_at_once_get_one_place_and_one_wait():
    if connection.vendor != "postgresql":
        pytest.skip("a race needs a database with concurrent writers: run on PostgreSQL")
    antwerpen = region("antwerpen")
    day = TrainingDayFactory(capacity=1)
    users = [CoordinatorFactory(regions=[antwerpen]) for _ in range(2)]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def enrol(user) -> None:
        try:
            barrier.wait()
            service.training_day_enrol(day=day, user=user)
        except BaseException as exc:  # pragma: no cover -- reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=enrol, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    statuses = sorted(TrainingDayEnrolment.objects.filter(day=day).values_list("status", flat=True))
    assert statuses == [SeatStatus.CONFIRMED, SeatStatus.WAITING]
    assert Reminder.objects.filter(seat__day=day).count() == 1


# --- Attendance -------------------------------------------------------------------------------


def test_attendance_cannot_be_recorded_before_the_day_starts(coordinator, staff):
    day = TrainingDayFactory()
    seat = service.training_day_enrol(day=day, user=coordinator)

    with pytest.raises(ValidationError):
        service.training_day_record_attendance(day=day, recorded_by=staff, attended={seat.pk: True})

    assert seat_of(day, coordinator).attended is None


def test_attendance_is_refused_for_a_seat_of_another_day(coordinator, staff):
    day, other_day = started_day(), started_day()
    other_seat = TrainingDayEnrolment.objects.create(day=other_day, user=coordinator)

    with pytest.raises(ValidationError):
        service.training_day_record_attendance(
            day=day, recorded_by=staff, attended={other_seat.pk: True}
        )


def test_attending_the_last_required_day_issues_the_certificate(coordinator, staff):
    module = module_page(title="De route")
    lesson = lesson_page(module=module, title="Aanmelding")
    LessonProgress.objects.create(
        user=coordinator,
        lesson=lesson,
        lesson_key=lesson.translation_key,
        completed_at=timezone.now(),
    )
    track = TrackFactory(modules=[module], required_training_days=1)
    TrackEnrolmentFactory(user=coordinator, track=track)
    day = started_day(track=track)
    seat = TrainingDayEnrolment.objects.create(day=day, user=coordinator)
    assert not Certificate.objects.filter(user=coordinator).exists()

    count = service.training_day_record_attendance(
        day=day, recorded_by=staff, attended={seat.pk: True}
    )

    assert count == 1
    seat.refresh_from_db()
    assert seat.attended is True and seat.attendance_recorded_by == staff
    certificate = Certificate.objects.get(user=coordinator, track=track)
    assert certificate.is_valid_on()


def test_absent_volunteer_earns_nothing(coordinator, staff):
    module = module_page()
    track = TrackFactory(modules=[module], required_training_days=1)
    day = started_day(track=track)
    seat = TrainingDayEnrolment.objects.create(day=day, user=coordinator)

    service.training_day_record_attendance(day=day, recorded_by=staff, attended={seat.pk: False})

    assert seat_of(day, coordinator).attended is False
    assert not Certificate.objects.exists()


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("trainer", True),
        ("staff", True),
        ("administrator", True),
        ("other_staff", False),
        ("coordinator", False),
        ("other_coach", False),
        ("editor", False),
    ],
)
def test_attendance_page_is_for_the_trainer_staff_of_the_region_and_administrators(
    client, login, personas, persona, allowed
):
    trainer = CoachFactory(regions=[region("antwerpen")])
    day = started_day(trainer=trainer)
    TrainingDayEnrolment.objects.create(day=day, user=personas["coordinator"])
    login(client, trainer if persona == "trainer" else personas[persona])

    response = client.get(f"/staf/opleidingsdagen/{day.pk}/aanwezigheid/")

    assert response.status_code == (200 if allowed else 404)


def test_attendance_page_before_the_start_says_to_wait_and_records_nothing(
    client, login, staff, coordinator
):
    day = TrainingDayFactory()
    seat = service.training_day_enrol(day=day, user=coordinator)
    login(client, staff)

    page = client.get(f"/staf/opleidingsdagen/{day.pk}/aanwezigheid/")
    response = client.post(
        f"/staf/opleidingsdagen/{day.pk}/aanwezigheid/", {f"seat_{seat.pk}": "present"}
    )

    assert page.status_code == 200
    assert page.context["form"] is None
    assert response.status_code == 302
    assert seat_of(day, coordinator).attended is None


def test_trainer_records_attendance_on_the_page(client, login, coordinator, other_coordinator):
    trainer = CoachFactory(regions=[region("antwerpen")])
    day = started_day(trainer=trainer)
    present = TrainingDayEnrolment.objects.create(day=day, user=coordinator)
    absent = TrainingDayEnrolment.objects.create(day=day, user=other_coordinator)
    login(client, trainer)

    page = client.get(f"/staf/opleidingsdagen/{day.pk}/aanwezigheid/")
    response = client.post(
        f"/staf/opleidingsdagen/{day.pk}/aanwezigheid/",
        {f"seat_{present.pk}": "present", f"seat_{absent.pk}": "absent"},
    )

    assert escape(coordinator.get_full_name()) in page.content.decode()
    assert response.status_code == 302
    assert seat_of(day, coordinator).attended is True
    assert seat_of(day, other_coordinator).attended is False


def test_attendance_page_refuses_an_unknown_choice(client, login, staff, coordinator):
    day = started_day()
    seat = TrainingDayEnrolment.objects.create(day=day, user=coordinator)
    login(client, staff)

    response = client.post(
        f"/staf/opleidingsdagen/{day.pk}/aanwezigheid/", {f"seat_{seat.pk}": "maybe"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert seat_of(day, coordinator).attended is None


# --- The calendar file ------------------------------------------------------------------------


def test_ics_has_start_summary_and_place(client, login, coordinator):
    starts_at = datetime.datetime(2030, 5, 6, 9, 30, tzinfo=timezone.get_current_timezone())
    day = TrainingDayFactory(
        title="Basisopleiding dag 1",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=7),
        location="Eigen Kracht Centrale, Antwerpen",
    )
    service.training_day_enrol(day=day, user=coordinator)
    login(client, coordinator)

    response = client.get(f"/portaal/opleidingsdagen/{day.pk}/agenda.ics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body
    assert "DTSTART:20300506T073000Z" in body  # 9:30 in Brussels, summer time
    assert "SUMMARY:Basisopleiding dag 1" in body
    assert "LOCATION:Eigen Kracht Centrale\\, Antwerpen" in body


def test_ics_gives_the_online_link_only_to_a_confirmed_place(
    client, login, coordinator, other_coordinator
):
    day = TrainingDayFactory(
        kind="online", location="", online_url="https://meet.example.org/dag", capacity=1
    )
    service.training_day_enrol(day=day, user=coordinator)
    service.training_day_enrol(day=day, user=other_coordinator)

    login(client, coordinator)
    confirmed = client.get(f"/portaal/opleidingsdagen/{day.pk}/agenda.ics").content.decode()
    login(client, other_coordinator)
    waiting = client.get(f"/portaal/opleidingsdagen/{day.pk}/agenda.ics").content.decode()

    assert "meet.example.org" in confirmed
    assert "meet.example.org" not in waiting


def test_ics_is_404_without_a_place(client, login, coordinator, other_coordinator, staff):
    day = TrainingDayFactory()
    seat = service.training_day_enrol(day=day, user=coordinator)
    service.training_day_cancel_seat(seat=seat)

    for user in (coordinator, other_coordinator, staff):
        login(client, user)
        assert client.get(f"/portaal/opleidingsdagen/{day.pk}/agenda.ics").status_code == 404


# --- The portal pages -------------------------------------------------------------------------


def test_list_shows_upcoming_days_with_my_place(client, login, coordinator):
    mine = TrainingDayFactory(title="Mijn dag")
    TrainingDayFactory(title="Andere dag")
    TrainingDayFactory(title="Geschrapte dag", cancelled_at=timezone.now())
    started_day(title="Begonnen dag")
    service.training_day_enrol(day=mine, user=coordinator)
    login(client, coordinator)

    response = client.get("/portaal/opleidingsdagen/")

    assert response.status_code == 200
    titles = [day.title for day in response.context["days"]]
    assert titles == ["Mijn dag", "Andere dag"]
    assert response.context["days"][0].my_status == SeatStatus.CONFIRMED
    assert response.context["portal_section"] == "training_days"


def test_list_filters_by_region(client, login, coordinator):
    TrainingDayFactory(title="In Antwerpen")
    TrainingDayFactory(title="In Limburg", region=region("limburg"))
    login(client, coordinator)

    response = client.get(f"/portaal/opleidingsdagen/?region={region('limburg').pk}")

    assert [day.title for day in response.context["days"]] == ["In Limburg"]


def test_editor_and_anonymous_do_not_see_training_days(client, login, editor):
    day = TrainingDayFactory()
    login(client, editor)
    assert client.get("/portaal/opleidingsdagen/").status_code == 404
    assert client.get(f"/portaal/opleidingsdagen/{day.pk}/").status_code == 404
    login(client, None)
    response = client.get("/portaal/opleidingsdagen/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_enrol_and_cancel_through_the_page(client, login, coordinator):
    day = TrainingDayFactory()
    login(client, coordinator)

    enrolled = client.post(f"/portaal/opleidingsdagen/{day.pk}/inschrijven/", follow=True)
    again = client.post(f"/portaal/opleidingsdagen/{day.pk}/inschrijven/")
    assert enrolled.redirect_chain[-1][0] == f"/portaal/opleidingsdagen/{day.pk}/"
    assert enrolled.context["confirmed"] is True
    assert list(enrolled.context["messages"])
    assert again.status_code == 302
    assert TrainingDayEnrolment.objects.filter(day=day).count() == 1

    cancelled = client.post(f"/portaal/opleidingsdagen/{day.pk}/uitschrijven/", follow=True)
    assert cancelled.context["seat"] is None
    assert seat_of(day, coordinator).status == SeatStatus.CANCELLED


def test_enrol_is_post_only(client, login, coordinator):
    day = TrainingDayFactory()
    login(client, coordinator)

    assert client.get(f"/portaal/opleidingsdagen/{day.pk}/inschrijven/").status_code == 405
    assert not TrainingDayEnrolment.objects.exists()


def test_enrol_for_a_started_day_is_refused_with_a_message(client, login, coordinator):
    day = started_day()
    TrainingDayEnrolment.objects.create(day=day, user=CoordinatorFactory())  # keeps it visible
    login(client, coordinator)

    response = client.post(f"/portaal/opleidingsdagen/{day.pk}/inschrijven/")

    assert response.status_code == 404  # a past day is not open to someone without a place
    assert not TrainingDayEnrolment.objects.filter(user=coordinator).exists()


def test_detail_shows_the_online_link_only_with_a_place_and_the_waiting_position(
    client, login, coordinator, other_coordinator
):
    day = TrainingDayFactory(
        kind="online", location="", online_url="https://meet.example.org/dag", capacity=1
    )
    service.training_day_enrol(day=day, user=coordinator)
    service.training_day_enrol(day=day, user=other_coordinator)

    login(client, coordinator)
    confirmed = client.get(f"/portaal/opleidingsdagen/{day.pk}/")
    login(client, other_coordinator)
    waiting = client.get(f"/portaal/opleidingsdagen/{day.pk}/")

    assert "meet.example.org" in confirmed.content.decode()
    assert "meet.example.org" not in waiting.content.decode()
    assert waiting.context["waiting_position"] == 1
    assert waiting.context["places_left"] == 0
