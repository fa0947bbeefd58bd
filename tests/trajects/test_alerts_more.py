"""Staff's alerts beyond the promise: a traject without a step for 14 days (45 once the plan is
distributed) and a follow-up overdue, as the dashboard defines them, found by the beat task
from what the database holds, each sent once however often (or at once) the task runs, with
no family details in the e-mail; the finding takes the same number of queries at any size."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format

from people.models import OutboxMessage, User
from people.outbox import outbox_deliver
from tests.trajects.test_figures import (
    accepted,
    at,
    conference_held,
    coordinator_of,
    moment,
    plan_distributed,
    plan_made,
    started,
    stopped,
)
from tests.trajects.test_races import at_once
from trajects.alerts.models import Alert, AlertKind
from trajects.alerts.services import (
    TOPIC_ALERT,
    alerts_detect_and_send,
    alerts_detect_due,
    alerts_send_due,
)
from trajects.models import StopReason, Traject
from trajects.traject.services import traject_pause, traject_resume
from trajects.workspace import services as workspace
from trajects.workspace.models import FollowUp, Outcome

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def quiet_since(staff: User, last_step: datetime.datetime) -> Traject:
    """A traject accepted four days before ``last_step`` and started at ``last_step``, its last
    step."""
    return started(accepted(staff, last_step - 4 * DAY), staff, last_step)


def distributed_on(staff: User, when: datetime.datetime) -> Traject:
    """Through the workspace up to the distribution of the plan at ``when`` (the follow-up is
    then due a month later)."""
    traject = quiet_since(staff, when - 18 * DAY)
    conference_held(traject, when - 9 * DAY, when - 5 * DAY)
    plan_made(traject, when - 5 * DAY + datetime.timedelta(hours=1))
    plan_distributed(traject, when)
    return traject


def follow_up_due_on(traject: Traject) -> datetime.date:
    return FollowUp.objects.get(traject=traject).due_on


def nine(day: datetime.date, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, minute)))


def step(traject: Traject, staff: User, when: datetime.datetime) -> None:
    """A new step at ``when`` (a short pause, resumed at once)."""
    with at(when - datetime.timedelta(minutes=5)):
        traject_pause(traject=traject, by=staff)
    with at(when):
        traject_resume(traject=traject, by=staff)


def alerts(kind: str, **filters) -> list[Alert]:
    return list(Alert.objects.filter(kind=kind, **filters).order_by("due_at"))


def sent(kind: str) -> list[Alert]:
    return alerts(kind, sent_at__isnull=False)


# --- No step for 14 days ------------------------------------------------------------------------


def test_a_stalled_traject_is_alerted_once_14_days_after_its_last_step(staff):
    last_step = moment("2026-05-05")
    traject = quiet_since(staff, last_step)

    alerts_detect_and_send(now=last_step + 14 * DAY - datetime.timedelta(minutes=1))
    assert alerts(AlertKind.STALLED) == []

    alerts_detect_and_send(now=last_step + 14 * DAY)
    alerts_detect_and_send(now=last_step + 14 * DAY)  # a second beat at once
    alerts_detect_and_send(now=last_step + 14 * DAY + datetime.timedelta(minutes=15))
    alerts_detect_and_send(now=last_step + 30 * DAY)  # still stalled: the same stall

    [alert] = alerts(AlertKind.STALLED)
    assert alert.traject_id == traject.pk
    assert alert.due_at == last_step + 14 * DAY
    assert alert.sent_at is not None
    assert OutboxMessage.objects.filter(topic=TOPIC_ALERT, object_id=alert.pk).count() == 1


def test_a_paused_an_ended_or_a_recently_moved_traject_is_not_alerted_as_stalled(staff):
    last_step = moment("2026-05-05")
    paused = quiet_since(staff, last_step)
    with at(last_step + DAY):
        traject_pause(traject=paused, by=staff)
    ended = stopped(
        quiet_since(staff, last_step), staff, last_step + DAY, StopReason.SITUATION_CHANGED
    )
    moved = quiet_since(staff, last_step)
    step(moved, staff, last_step + 10 * DAY)

    alerts_detect_and_send(now=last_step + 20 * DAY)

    assert alerts(AlertKind.STALLED) == []
    assert Traject.objects.filter(pk__in=[paused.pk, ended.pk, moved.pk]).count() == 3


def test_a_new_step_and_a_new_stall_give_a_new_alert(staff):
    first = moment("2026-05-05")
    traject = quiet_since(staff, first)
    alerts_detect_and_send(now=first + 14 * DAY)
    second = first + 20 * DAY
    step(traject, staff, second)

    alerts_detect_and_send(now=second + 13 * DAY)
    assert len(sent(AlertKind.STALLED)) == 1
    alerts_detect_and_send(now=second + 14 * DAY)
    alerts_detect_and_send(now=second + 14 * DAY)

    assert [alert.due_at for alert in sent(AlertKind.STALLED)] == [
        first + 14 * DAY,
        second + 14 * DAY,
    ]


def test_a_stall_alert_is_cancelled_when_a_step_came_before_it_went_out(staff):
    last_step = moment("2026-05-05")
    traject = quiet_since(staff, last_step)
    alerts_detect_due(now=last_step + 14 * DAY)  # written, the sender has not run yet
    step(traject, staff, last_step + 14 * DAY + datetime.timedelta(minutes=10))

    assert alerts_send_due(now=last_step + 14 * DAY + datetime.timedelta(minutes=15)) == 0

    [alert] = alerts(AlertKind.STALLED)
    assert alert.cancelled_at is not None and alert.sent_at is None
    assert not OutboxMessage.objects.filter(topic=TOPIC_ALERT).exists()


def test_a_stall_alert_does_not_cancel_the_promise_alert_due_with_it(staff):
    """The "only the later alert of a traject" rule of a late run is for the promise's two."""
    registered = moment("2026-05-01")
    traject = accepted(staff, registered)  # not started; its last step is the acceptance

    alerts_detect_and_send(now=registered + 18 * DAY + datetime.timedelta(hours=1))

    assert set(
        Alert.objects.filter(traject=traject, sent_at__isnull=False).values_list("kind", flat=True)
    ) == {
        AlertKind.PROMISE_DAY_18,
        AlertKind.STALLED,
    }


def test_with_the_plan_distributed_a_traject_is_stalled_45_days_after_its_last_step(staff):
    distributed = moment("2026-05-10")
    distributed_on(staff, distributed)

    alerts_detect_and_send(now=distributed + 44 * DAY)
    assert alerts(AlertKind.STALLED) == []

    alerts_detect_and_send(now=distributed + 45 * DAY)

    assert [alert.due_at for alert in sent(AlertKind.STALLED)] == [distributed + 45 * DAY]


# --- The follow-up overdue ----------------------------------------------------------------------


def test_an_overdue_follow_up_is_alerted_once_the_day_after_at_nine(staff):
    traject = distributed_on(staff, moment("2026-05-10"))
    day_after = follow_up_due_on(traject) + DAY

    alerts_detect_and_send(now=nine(follow_up_due_on(traject), 30))  # due today: not overdue
    alerts_detect_and_send(now=nine(day_after) - datetime.timedelta(minutes=1))
    assert alerts(AlertKind.FOLLOW_UP_OVERDUE) == []

    alerts_detect_and_send(now=nine(day_after))
    alerts_detect_and_send(now=nine(day_after))
    alerts_detect_and_send(now=nine(day_after + 5 * DAY))

    [alert] = alerts(AlertKind.FOLLOW_UP_OVERDUE)
    assert alert.traject_id == traject.pk
    assert alert.due_at == nine(day_after)
    assert alert.sent_at is not None
    assert OutboxMessage.objects.filter(topic=TOPIC_ALERT, object_id=alert.pk).count() == 1


def test_a_follow_up_done_or_closed_with_a_reason_is_not_alerted(staff):
    done = distributed_on(staff, moment("2026-05-10"))
    closed = distributed_on(staff, moment("2026-05-10"))
    with at(moment("2026-06-09")):
        workspace.follow_up_record(traject=done, by=coordinator_of(done), outcome=Outcome.FULLY)
        workspace.traject_close_without_follow_up(
            traject=closed, by=coordinator_of(closed), reason="The family moved abroad."
        )

    alerts_detect_and_send(now=nine(follow_up_due_on(done) + 3 * DAY))

    assert alerts(AlertKind.FOLLOW_UP_OVERDUE) == []


def test_a_follow_up_alert_is_cancelled_when_the_follow_up_was_recorded_meanwhile(staff):
    traject = distributed_on(staff, moment("2026-05-10"))
    day_after = follow_up_due_on(traject) + DAY
    alerts_detect_due(now=nine(day_after))
    with at(nine(day_after, 5)):
        workspace.follow_up_record(
            traject=traject, by=coordinator_of(traject), outcome=Outcome.PARTLY
        )

    assert alerts_send_due(now=nine(day_after, 15)) == 0

    [alert] = alerts(AlertKind.FOLLOW_UP_OVERDUE)
    assert alert.cancelled_at is not None and alert.sent_at is None


# --- The e-mails --------------------------------------------------------------------------------


@pytest.fixture
def contact(staff, antwerpen) -> User:
    antwerpen.contact = staff
    antwerpen.save(update_fields=["contact"])
    staff.preferred_language = "en"
    staff.save(update_fields=["preferred_language"])
    return staff


def delivered(kind: str):
    [alert] = sent(kind)
    message = OutboxMessage.objects.get(topic=TOPIC_ALERT, object_id=alert.pk)
    assert outbox_deliver(message_id=message.pk)
    [email] = mail.outbox
    return email


def in_english(day: datetime.date) -> str:
    with translation.override("en"):
        return date_format(day, "DATE_FORMAT")


def assert_no_family_details(email, traject: Traject) -> None:
    registration = traject.registration
    for private in (registration.core_name, registration.municipality, registration.question):
        assert private not in email.body and private not in email.subject


def test_the_stall_mail_names_the_reference_the_days_and_a_link_without_family_details(
    contact, staff
):
    last_step = moment("2026-05-05")
    traject = quiet_since(staff, last_step)
    alerts_detect_and_send(now=last_step + 14 * DAY)

    email = delivered(AlertKind.STALLED)

    assert email.to == [contact.email]
    assert email.subject == f"{traject.reference}: no step for 14 days"
    assert f"the last one was on {in_english(last_step.date())}." in " ".join(email.body.split())
    assert f"/staf/trajecten/{traject.reference}/" in email.body
    assert_no_family_details(email, traject)


def test_the_follow_up_mail_names_the_reference_and_the_day_without_family_details(contact, staff):
    traject = distributed_on(staff, moment("2026-05-10"))
    alerts_detect_and_send(now=nine(follow_up_due_on(traject) + DAY))

    email = delivered(AlertKind.FOLLOW_UP_OVERDUE)

    assert email.to == [contact.email]
    assert email.subject == f"{traject.reference}: the follow-up is overdue"
    due = in_english(follow_up_due_on(traject))
    assert f"was due on {due} and has not been recorded" in " ".join(email.body.split())
    assert f"/staf/trajecten/{traject.reference}/" in email.body
    assert_no_family_details(email, traject)


def test_the_stall_mail_is_not_sent_when_a_step_came_meanwhile(contact, staff):
    last_step = moment("2026-05-05")
    traject = quiet_since(staff, last_step)
    alerts_detect_and_send(now=last_step + 14 * DAY)
    [alert] = sent(AlertKind.STALLED)
    step(traject, staff, last_step + 14 * DAY + datetime.timedelta(minutes=10))

    outbox_deliver(message_id=OutboxMessage.objects.get(object_id=alert.pk, topic=TOPIC_ALERT).pk)

    assert mail.outbox == []


# --- Twice at once, and the query budget --------------------------------------------------------


def test_the_constraints_refuse_a_second_row_for_the_same_stall_or_follow_up(staff):
    traject = quiet_since(staff, moment("2026-05-05"))
    due = moment("2026-05-19")
    Alert.objects.create(traject=traject, kind=AlertKind.STALLED, due_at=due)
    Alert.objects.create(traject=traject, kind=AlertKind.FOLLOW_UP_OVERDUE, due_at=due)

    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.create(traject=traject, kind=AlertKind.STALLED, due_at=due)
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.create(
            traject=traject, kind=AlertKind.FOLLOW_UP_OVERDUE, due_at=due + 5 * DAY
        )
    # What a second run does when it read before the first one wrote: nothing more.
    Alert.objects.bulk_create(
        [
            Alert(traject=traject, kind=AlertKind.STALLED, due_at=due),
            Alert(traject=traject, kind=AlertKind.FOLLOW_UP_OVERDUE, due_at=due + DAY),
        ],
        ignore_conflicts=True,
    )
    assert len(alerts(AlertKind.STALLED)) == 1
    assert len(alerts(AlertKind.FOLLOW_UP_OVERDUE)) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="races are tested on PostgreSQL")
def test_two_beats_at_once_write_and_send_each_alert_once(staff):
    with transaction.atomic():  # the factory takes a reference under a lock
        quiet_since(staff, moment("2026-05-05"))
        traject = distributed_on(staff, moment("2026-05-10"))
    now = nine(follow_up_due_on(traject) + DAY)

    results = at_once(
        lambda: alerts_detect_and_send(now=now), lambda: alerts_detect_and_send(now=now)
    )

    kinds = {AlertKind.STALLED, AlertKind.FOLLOW_UP_OVERDUE}
    rows = Alert.objects.filter(kind__in=kinds)
    assert rows.count() == 2  # the stalled traject's, the distributed traject's follow-up
    assert rows.filter(sent_at__isnull=False).count() == 2
    assert (
        OutboxMessage.objects.filter(topic=TOPIC_ALERT, object_id__in=rows.values("pk")).count()
        == 2
    )
    promise = Alert.objects.filter(sent_at__isnull=False).exclude(kind__in=kinds).count()
    assert sum(results) == 2 + promise


@pytest.mark.parametrize("size", [2, 8])
def test_finding_the_due_alerts_takes_three_queries_at_any_size(staff, size):
    for _index in range(size):
        quiet_since(staff, moment("2026-05-05"))
    for _index in range(size // 2):
        distributed_on(staff, moment("2026-05-10"))

    with CaptureQueriesContext(connection) as queries:
        written = alerts_detect_due(now=moment("2026-06-15"))

    assert written == size + size // 2
    assert len(queries) == 3  # the stalled trajects, the overdue follow-ups, one insert
