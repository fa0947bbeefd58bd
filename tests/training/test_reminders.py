"""Reminders: what is due goes out once (even when the sender runs twice or restarts), what
is not due or no longer applies does not, and each kind's e-mail renders and says what is next."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from people.models import OutboxMessage
from people.outbox import outbox_deliver
from training import tasks
from training.certificates import reminders
from training.certificates.services import certificate_issue
from training.days import services as days_service
from training.factories import TrackFactory, TrainingDayFactory, module_page
from training.models import Reminder, ReminderKind, TrainingDay

BRUSSELS = ZoneInfo("Europe/Brussels")

pytestmark = pytest.mark.django_db


def deliver_all() -> None:
    for message in OutboxMessage.objects.filter(sent_at__isnull=True):
        outbox_deliver(message_id=message.pk)


@pytest.fixture
def day_reminder(coordinator) -> Reminder:
    """A confirmed place on a day in three days: its reminder is due tomorrow."""
    day = TrainingDayFactory(
        title="Basisopleiding dag 3",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        ends_at=timezone.now() + datetime.timedelta(days=3, hours=7),
    )
    seat = days_service.training_day_enrol(day=day, user=coordinator)
    return Reminder.objects.get(seat=seat)


def a_day_later() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=1, minutes=1)


def test_reminder_is_not_sent_before_it_is_due(day_reminder):
    assert reminders.reminders_send_due() == 0

    day_reminder.refresh_from_db()
    assert day_reminder.sent_at is None
    assert not OutboxMessage.objects.exists()


def test_due_reminder_is_sent_once_even_when_the_sender_runs_twice(day_reminder, coordinator):
    now = a_day_later()

    assert reminders.reminders_send_due(now=now) == 1
    assert reminders.reminders_send_due(now=now) == 0

    day_reminder.refresh_from_db()
    assert day_reminder.sent_at == now
    [message] = OutboxMessage.objects.all()
    assert (message.topic, message.object_id) == (reminders.TOPIC_REMINDER, day_reminder.pk)
    deliver_all()
    deliver_all()
    [email] = mail.outbox
    assert email.to == [coordinator.email]
    assert "Basisopleiding dag 3" in email.subject
    assert f"/portaal/opleidingsdagen/{day_reminder.seat.day_id}/" in email.body
    assert "Eigen Kracht Centrale, Antwerpen" in email.body


def test_reminder_of_a_cancelled_place_is_not_sent(day_reminder):
    # Cancelled behind the service's back, so the sender itself must notice.
    day_reminder.seat.status = "cancelled"
    day_reminder.seat.save()

    assert reminders.reminders_send_due(now=a_day_later()) == 0

    day_reminder.refresh_from_db()
    assert day_reminder.sent_at is None and day_reminder.cancelled_at is not None
    assert not OutboxMessage.objects.exists()


def test_cancelling_a_place_through_the_service_cancels_its_reminder(day_reminder):
    days_service.training_day_cancel_seat(seat=day_reminder.seat)

    assert reminders.reminders_send_due(now=a_day_later()) == 0
    assert Reminder.objects.get(pk=day_reminder.pk).cancelled_at is not None


def test_reminder_of_a_cancelled_day_is_not_sent(day_reminder):
    TrainingDay.objects.filter(pk=day_reminder.seat.day_id).update(cancelled_at=timezone.now())

    assert reminders.reminders_send_due(now=a_day_later()) == 0
    assert not OutboxMessage.objects.exists()


def test_reminder_whose_place_was_cancelled_after_sending_is_not_mailed(day_reminder):
    reminders.reminders_send_due(now=a_day_later())
    day_reminder.seat.status = "cancelled"
    day_reminder.seat.save()

    deliver_all()

    assert mail.outbox == []


def test_the_beat_task_sends_what_is_due(day_reminder):
    Reminder.objects.filter(pk=day_reminder.pk).update(
        due_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    assert tasks.send_due_reminders() == 1
    assert tasks.send_due_reminders() == 0


def test_training_day_mail_is_in_the_volunteers_language(day_reminder, coordinator):
    coordinator.preferred_language = "fr"
    coordinator.save()
    reminders.reminders_send_due(now=a_day_later())

    deliver_all()

    [email] = mail.outbox
    assert f"/fr/portaal/opleidingsdagen/{day_reminder.seat.day_id}/" in email.body


# --- Certificates -----------------------------------------------------------------------------


@pytest.fixture
def certificate(coordinator):
    track = TrackFactory(
        certificate_title="Gecertificeerd coördinator",
        refresher_module=module_page(title="Opfrissing"),
        intervision_per_year=3,
    )
    return certificate_issue(
        user=coordinator, track=track, issued_on=timezone.localdate() - datetime.timedelta(days=700)
    )


@pytest.mark.parametrize("kind", [ReminderKind.CERTIFICATE_60, ReminderKind.CERTIFICATE_14])
def test_certificate_reminders_say_how_to_renew(certificate, coordinator, kind):
    reminder = Reminder.objects.get(certificate=certificate, kind=kind)

    assert reminders.reminders_send_due(now=reminder.due_at) == 1
    deliver_all()

    [email] = mail.outbox
    assert email.to == [coordinator.email]
    assert "Gecertificeerd coördinator" in email.body
    assert "Opfrissing" in email.body
    assert "/portaal/" in email.body
    assert "neem per jaar deel aan minstens 3 intervisiesessies" in email.body


@pytest.mark.parametrize(
    ("kind", "sent_on", "days_left"),
    [
        # Issued on 20 January 2025 for two years: it expires on 20 January 2027, so the first
        # reminder goes out in one year and names the next.
        (ReminderKind.CERTIFICATE_60, datetime.date(2026, 11, 21), 60),
        (ReminderKind.CERTIFICATE_14, datetime.date(2027, 1, 6), 14),
    ],
)
@pytest.mark.parametrize(
    ("language", "subject", "sentence"),
    [
        (
            "nl",
            "Je certificaat verloopt op 20 januari 2027",
            "verloopt op 20 januari 2027, over {days} dagen.",
        ),
        (
            "fr",
            "Votre certificat expire le 20 janvier 2027",
            "expire le 20 janvier 2027, dans {days} jours.",
        ),
    ],
)
def test_certificate_reminder_names_the_expiry_date_in_the_holders_language(
    coordinator, time_machine, kind, sent_on, days_left, language, subject, sentence
):
    """The reminder goes out at 09:00 Brussels time on its day, and its subject and text give
    the day the certificate expires (not the day of the mail) in the holder's language, with the
    days left counted from the day it is sent."""
    time_machine.move_to(datetime.datetime(2025, 1, 20, 10, 0, tzinfo=BRUSSELS), tick=False)
    coordinator.preferred_language = language
    coordinator.save()
    certificate = certificate_issue(
        user=coordinator, track=TrackFactory(certificate_title="Gecertificeerd coördinator")
    )
    reminder = Reminder.objects.get(certificate=certificate, kind=kind)
    assert reminder.due_at == datetime.datetime.combine(
        sent_on, datetime.time(9, 0), tzinfo=BRUSSELS
    )

    time_machine.move_to(reminder.due_at, tick=False)
    assert reminders.reminders_send_due() == 1
    deliver_all()

    [email] = mail.outbox
    assert email.subject == subject
    assert sentence.format(days=days_left) in email.body


def test_reminder_of_a_revoked_certificate_is_not_sent(certificate):
    certificate.revoked_at = timezone.now()
    certificate.save()
    due = Reminder.objects.get(certificate=certificate, kind=ReminderKind.CERTIFICATE_60).due_at

    assert reminders.reminders_send_due(now=due) == 0
    assert not OutboxMessage.objects.exists()


def test_reminder_of_a_renewed_certificate_is_not_sent(certificate, coordinator):
    certificate_issue(user=coordinator, track=certificate.track, renews=certificate)
    due = Reminder.objects.get(certificate=certificate, kind=ReminderKind.CERTIFICATE_60).due_at

    assert reminders.reminders_send_due(now=due) == 0
    old = Reminder.objects.filter(certificate=certificate)
    assert all(reminder.cancelled_at is not None for reminder in old if reminder.due_at <= due)


def test_a_late_run_sends_only_the_last_of_a_certificates_reminders(certificate, coordinator):
    last = Reminder.objects.get(certificate=certificate, kind=ReminderKind.CERTIFICATE_14)

    assert reminders.reminders_send_due(now=last.due_at) == 1

    first = Reminder.objects.get(certificate=certificate, kind=ReminderKind.CERTIFICATE_60)
    assert first.sent_at is None and first.cancelled_at is not None
    deliver_all()
    assert len(mail.outbox) == 1
