"""The transactional outbox: written with the change, delivered at least once (and a second copy
carries the same Message-ID), waits when the broker is down, tries again with a backoff and stops
after a set number of attempts, where an administrator sees it and sends it again."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from config.celery import app as celery_app
from people.models import OutboxMessage
from people.outbox import (
    _HANDLERS,
    outbox_add,
    outbox_backoff,
    outbox_deliver,
    outbox_dispatch_wait,
    outbox_due,
    outbox_flush,
    outbox_handler,
    outbox_retry,
)
from tests.brokers import celery_broker
from tests.faults import hung_server

TOPIC = "tests.greeting"
delivered: list[int] = []


@pytest.fixture(autouse=True)
def _handler():
    delivered.clear()

    @outbox_handler(TOPIC)
    def greet(object_id: int) -> None:
        delivered.append(object_id)
        mail.send_mail("Hallo", "Referentie", "kring@example.org", ["x@example.org"])

    yield
    _HANDLERS.pop(TOPIC, None)


@pytest.mark.django_db
def test_message_is_delivered_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message = outbox_add(topic=TOPIC, object_id=7)
        assert delivered == []  # nothing happens before the commit
    message.refresh_from_db()
    assert delivered == [7]
    assert message.sent_at is not None
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_message_is_delivered_once_even_when_enqueued_twice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox_add(topic=TOPIC, object_id=8)
    assert outbox_deliver(message_id=message.pk) is False
    assert outbox_flush(older_than=timedelta(0)) == 0
    assert delivered == [8]
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_one_message_per_topic_and_object():
    first = outbox_add(topic=TOPIC, object_id=9)
    second = outbox_add(topic=TOPIC, object_id=9)
    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1


@pytest.mark.django_db
def test_unknown_topic_is_refused():
    with pytest.raises(LookupError):
        outbox_add(topic="tests.nobody-listens", object_id=1)


@pytest.mark.django_db
def test_broker_down_keeps_the_message_until_the_flush(
    django_capture_on_commit_callbacks, broker_down
):
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox_add(topic=TOPIC, object_id=10)  # enqueueing fails quietly
    message.refresh_from_db()
    assert message.sent_at is None
    assert delivered == []
    assert outbox_flush(older_than=timedelta(0)) == 0  # still down: nothing handed over

    celery_app.conf.update(task_always_eager=True)  # the broker is back (tasks run in-process)
    assert outbox_flush(older_than=timedelta(0)) == 1
    assert outbox_flush(older_than=timedelta(0)) == 0
    message.refresh_from_db()
    assert message.sent_at is not None
    assert delivered == [10]
    assert len(mail.outbox) == 1


FAILING = "tests.failing"


@pytest.fixture
def failing():
    """A handler that fails with an error naming an address, until told to work."""
    state = {"fail": True}

    @outbox_handler(FAILING)
    def send(object_id: int) -> None:
        if state["fail"]:
            raise OSError("550 mailbox hilde.peeters@caw.example unavailable")
        mail.send_mail("Hallo", "Referentie", "kring@example.org", ["x@example.org"])

    yield state
    _HANDLERS.pop(FAILING, None)


@pytest.mark.django_db
def test_a_failure_is_recorded_without_the_address_and_tried_again_after_the_backoff(failing):
    now = timezone.now()
    message = OutboxMessage.objects.create(topic=FAILING, object_id=1, created_at=now)

    assert outbox_deliver(message_id=message.pk, now=now) is False  # recorded, not raised
    message.refresh_from_db()
    assert message.sent_at is None
    assert message.attempts == 1
    assert message.next_attempt_at == now + timedelta(minutes=1)
    assert "550 mailbox" in message.last_error
    assert "hilde.peeters" not in message.last_error
    attempt = message.attempt_set.get()
    assert (attempt.succeeded, attempt.error) == (False, message.last_error)

    # Not due before its backoff: neither the flush nor a second hand-over sends it.
    assert list(outbox_due(now=now + timedelta(seconds=59))) == []
    assert outbox_deliver(message_id=message.pk, now=now + timedelta(seconds=59)) is False
    assert list(outbox_due(now=now + timedelta(minutes=1))) == [message.pk]

    failing["fail"] = False
    assert outbox_deliver(message_id=message.pk, now=now + timedelta(minutes=1)) is True
    message.refresh_from_db()
    assert message.sent_at is not None
    assert message.last_error == ""
    assert [a.succeeded for a in message.attempt_set.all()] == [False, True]
    assert len(mail.outbox) == 1


def test_the_backoff_doubles_up_to_an_hour():
    assert [outbox_backoff(n).total_seconds() / 60 for n in range(1, 9)] == [
        1,
        2,
        4,
        8,
        16,
        32,
        60,
        60,
    ]


@pytest.mark.django_db
def test_after_the_last_attempt_the_message_fails_and_waits_for_an_administrator(
    failing, settings, django_capture_on_commit_callbacks
):
    settings.KRING_OUTBOX_MAX_ATTEMPTS = 3
    moment = timezone.now()
    message = OutboxMessage.objects.create(topic=FAILING, object_id=2, created_at=moment)
    for _try in range(3):
        assert outbox_deliver(message_id=message.pk, now=moment) is False
        message.refresh_from_db()
        moment = message.next_attempt_at or moment
    assert message.attempts == 3
    assert message.failed_at is not None
    assert message.next_attempt_at is None
    # Never handed over again by itself, however late.
    assert list(outbox_due(now=moment + timedelta(days=30))) == []
    assert outbox_deliver(message_id=message.pk, now=moment + timedelta(days=30)) is False

    # An administrator sends it again; one more failure sets it failed again at once.
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_retry(message_ids=[message.pk]) == 1
    message.refresh_from_db()
    assert message.attempts == 4
    assert message.failed_at is not None
    failing["fail"] = False
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_retry(message_ids=[message.pk]) == 1
    message.refresh_from_db()
    assert message.sent_at is not None
    assert message.failed_at is None
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_worker_killed_mid_send_sends_it_at_most_once_more_with_the_same_message_id(settings):
    """The claim outlives a killed worker only for its lease: then the message goes again, once,
    and the copy carries the first one's Message-ID, so the receiver can drop it."""
    now = timezone.now()
    message = OutboxMessage.objects.create(topic=TOPIC, object_id=3, created_at=now)
    killed = RuntimeError("the worker is killed after the mail server took the mail")

    def send_then_die(object_id: int) -> None:
        mail.send_mail("Hallo", "Referentie", "kring@example.org", ["x@example.org"])
        raise SystemExit(killed)  # not an Exception: nothing is recorded, as with SIGKILL

    _HANDLERS[TOPIC] = send_then_die
    with pytest.raises(SystemExit):
        outbox_deliver(message_id=message.pk, now=now)
    message.refresh_from_db()
    assert message.sent_at is None
    assert message.claimed_until is not None

    _HANDLERS[TOPIC] = lambda object_id: mail.send_mail(
        "Hallo", "Referentie", "kring@example.org", ["x@example.org"]
    )
    lease = timedelta(seconds=settings.KRING_OUTBOX_LEASE_SECONDS)
    # While the claim holds, neither the flush nor another worker touches it.
    assert list(outbox_due(now=now + lease - timedelta(seconds=1))) == []
    assert outbox_deliver(message_id=message.pk, now=now + lease - timedelta(seconds=1)) is False
    # After it, one more delivery, and no more.
    assert outbox_deliver(message_id=message.pk, now=now + lease) is True
    assert outbox_deliver(message_id=message.pk, now=now + lease * 2) is False
    assert len(mail.outbox) == 2
    first, second = (m.message()["Message-ID"] for m in mail.outbox)
    assert first == second
    assert first.startswith(f"<kring.outbox.{message.pk}.")


@pytest.mark.django_db
def test_mails_outside_a_delivery_and_of_a_message_sent_again_get_other_message_ids(
    django_capture_on_commit_callbacks,
):
    mail.send_mail("Los", "Tekst", "kring@example.org", ["x@example.org"])
    with django_capture_on_commit_callbacks(execute=True):
        outbox_add(topic=TOPIC, object_id=4)
    with django_capture_on_commit_callbacks(execute=True):
        outbox_add(topic=TOPIC, object_id=4, again=True)  # a changed session, say
    ids = [m.message()["Message-ID"] for m in mail.outbox]
    assert len(ids) == 3
    assert len(set(ids)) == 3
    assert delivered == [4, 4]


@pytest.mark.django_db
def test_the_hand_over_after_commit_runs_off_the_request_thread(
    settings, django_capture_on_commit_callbacks
):
    """With a broker that hangs, the committing code returns at once; the hand-over waits on a
    background thread and the message stays for the flush."""
    settings.KRING_OUTBOX_DISPATCH_THREAD = True
    with hung_server() as (host, port), celery_broker(f"redis://{host}:{port}/0"):
        celery_app.conf.broker_transport_options = {
            "max_retries": 0,
            "socket_connect_timeout": 1,
            "socket_timeout": 1,
        }
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            message = outbox_add(topic=TOPIC, object_id=5)
        assert time.monotonic() - started < 0.5
        assert outbox_dispatch_wait(timeout=15)
    message.refresh_from_db()
    assert message.sent_at is None
    assert list(outbox_due(older_than=timedelta(0))) == [message.pk]
    assert delivered == []


@pytest.mark.django_db
def test_only_unsent_messages_can_be_sent_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = outbox_add(topic=TOPIC, object_id=6)
    assert outbox_retry(message_ids=[sent.pk]) == 0
    assert delivered == [6]


@pytest.mark.django_db
def test_a_mail_server_that_never_answers_does_not_hold_up_the_next_message(settings, failing):
    """The hung server's message fails after EMAIL_TIMEOUT and is recorded; the next goes out."""
    failing["fail"] = False
    settings.EMAIL_TIMEOUT = 1
    with hung_server() as (host, port):
        settings.KRING_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = host, port
        stuck = OutboxMessage.objects.create(topic=FAILING, object_id=7)
        started = time.monotonic()
        assert outbox_deliver(message_id=stuck.pk) is False
        assert time.monotonic() - started < 10
    settings.KRING_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    following = OutboxMessage.objects.create(topic=FAILING, object_id=8)
    assert outbox_deliver(message_id=following.pk) is True
    stuck.refresh_from_db()
    assert stuck.sent_at is None
    assert stuck.next_attempt_at is not None
    assert "timed out" in stuck.last_error.lower() or "timeout" in stuck.last_error.lower()
    assert len(mail.outbox) == 1
