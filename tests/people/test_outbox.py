"""The transactional outbox: written with the change, delivered once, waits when the broker is down."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction

from config.celery import app as celery_app
from people.models import OutboxMessage
from people.outbox import _HANDLERS, outbox_add, outbox_deliver, outbox_flush, outbox_handler

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


@pytest.mark.django_db
def test_a_failing_handler_leaves_the_message_pending():
    @outbox_handler("tests.failing")
    def fail(object_id: int) -> None:
        raise OSError("mail server down")

    try:
        message = OutboxMessage.objects.create(topic="tests.failing", object_id=1)
        with pytest.raises(OSError):
            outbox_deliver(message_id=message.pk)
        message.refresh_from_db()
        assert message.sent_at is None
    finally:
        _HANDLERS.pop("tests.failing", None)
