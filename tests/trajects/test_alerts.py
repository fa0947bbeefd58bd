"""The three-week promise's alerts to staff: day 10 and day 18 after the registration when the
traject has not started, from due moments stored in the database, later by the days paused,
sent once however often (or late) the beat task runs, with no family details in the e-mail."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from config.celery import app
from people.factories import postcode
from people.models import OutboxMessage
from people.outbox import outbox_deliver
from trajects.alerts.models import Alert, AlertKind
from trajects.alerts.services import TOPIC_ALERT, alerts_send_due
from trajects.factories import RegistrationFactory
from trajects.intake.services import registration_accept, registration_intake_start
from trajects.models import Traject
from trajects.traject import services as traject_services

pytestmark = pytest.mark.django_db


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def traject(staff, antwerpen):
    registration = RegistrationFactory(postcode=postcode("2000"))
    registration_intake_start(registration=registration, by=staff)
    return registration_accept(registration=registration, by=staff)


def registered_on(traject: Traject) -> datetime.date:
    return timezone.localdate(traject.registration.created_at)


def sent_kinds() -> list[str]:
    return list(
        Alert.objects.filter(sent_at__isnull=False)
        .order_by("due_at")
        .values_list("kind", flat=True)
    )


def test_accepting_schedules_day_10_and_day_18_at_nine_in_the_morning(traject):
    day = registered_on(traject)

    due = dict(Alert.objects.filter(traject=traject).values_list("kind", "due_at"))

    assert due == {
        AlertKind.PROMISE_DAY_10: local(day + datetime.timedelta(days=10), 9),
        AlertKind.PROMISE_DAY_18: local(day + datetime.timedelta(days=18), 9),
    }


def test_an_alert_goes_out_once_on_its_day_and_never_before(traject, time_machine):
    day = registered_on(traject)
    time_machine.move_to(local(day + datetime.timedelta(days=10), 8, 59), tick=False)
    assert alerts_send_due() == 0

    time_machine.move_to(local(day + datetime.timedelta(days=10), 9, 15), tick=False)
    assert alerts_send_due() == 1
    assert alerts_send_due() == 0  # beat again, or a second beat: nothing twice

    assert sent_kinds() == [AlertKind.PROMISE_DAY_10]
    assert OutboxMessage.objects.filter(topic=TOPIC_ALERT).count() == 1


def test_a_late_run_sends_only_the_latest_alert_of_a_traject(traject, time_machine):
    day = registered_on(traject)
    time_machine.move_to(local(day + datetime.timedelta(days=19), 10), tick=False)

    assert alerts_send_due() == 1

    assert sent_kinds() == [AlertKind.PROMISE_DAY_18]
    day_10 = Alert.objects.get(traject=traject, kind=AlertKind.PROMISE_DAY_10)
    assert day_10.cancelled_at is not None and day_10.sent_at is None


def test_a_traject_that_started_gets_no_alert(traject, time_machine):
    day = registered_on(traject)
    Traject.objects.filter(pk=traject.pk).update(started_at=timezone.now())
    time_machine.move_to(local(day + datetime.timedelta(days=11), 9, 30), tick=False)

    assert alerts_send_due() == 0

    alert = Alert.objects.get(traject=traject, kind=AlertKind.PROMISE_DAY_10)
    assert alert.cancelled_at is not None
    assert not OutboxMessage.objects.filter(topic=TOPIC_ALERT).exists()


def test_days_paused_move_the_alerts_and_a_paused_traject_waits(traject, staff, time_machine):
    day = registered_on(traject)
    time_machine.move_to(local(day + datetime.timedelta(days=2), 12), tick=False)
    traject_services.traject_pause(traject=traject, by=staff)

    # Paused on day 10: nothing goes out.
    time_machine.move_to(local(day + datetime.timedelta(days=10), 9, 30), tick=False)
    assert alerts_send_due() == 0

    # Resumed on day 12: paused from day 2, so both alerts move 10 days later.
    time_machine.move_to(local(day + datetime.timedelta(days=12), 12), tick=False)
    traject_services.traject_resume(traject=traject, by=staff)

    paused = Traject.objects.get(pk=traject.pk).paused_days
    assert paused == 10
    due = dict(Alert.objects.filter(traject=traject).values_list("kind", "due_at"))
    assert due[AlertKind.PROMISE_DAY_10] == local(day + datetime.timedelta(days=20), 9)
    assert due[AlertKind.PROMISE_DAY_18] == local(day + datetime.timedelta(days=28), 9)
    assert alerts_send_due() == 0


def test_the_alert_mail_goes_to_the_regions_contact_without_family_details(
    traject, staff, antwerpen, time_machine
):
    antwerpen.contact = staff
    antwerpen.save(update_fields=["contact"])
    staff.preferred_language = "en"
    staff.save(update_fields=["preferred_language"])
    day = registered_on(traject)
    time_machine.move_to(local(day + datetime.timedelta(days=10), 9, 30), tick=False)
    alerts_send_due()
    message = OutboxMessage.objects.get(topic=TOPIC_ALERT)

    assert outbox_deliver(message_id=message.pk)

    [email] = mail.outbox
    assert email.to == [staff.email]
    assert email.subject == f"{traject.reference}: day 10 and the traject has not started"
    assert f"/staf/trajecten/{traject.reference}/" in email.body
    registration = traject.registration
    for private in (registration.core_name, registration.municipality, registration.question):
        assert private not in email.body and private not in email.subject


def test_the_mail_is_not_sent_when_the_traject_started_meanwhile(traject, time_machine):
    day = registered_on(traject)
    time_machine.move_to(local(day + datetime.timedelta(days=10), 9, 30), tick=False)
    alerts_send_due()
    message = OutboxMessage.objects.get(topic=TOPIC_ALERT)
    Traject.objects.filter(pk=traject.pk).update(started_at=timezone.now())

    outbox_deliver(message_id=message.pk)

    assert mail.outbox == []


def test_beat_runs_the_alerts_and_the_proposals_expiry_as_registered_tasks():
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert {"trajects.send_due_alerts", "trajects.expire_proposals"} <= scheduled
    assert scheduled <= set(app.tasks)
