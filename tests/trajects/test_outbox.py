"""With the broker down, a visitor's registration still succeeds: the registration and its two
e-mails (outbox rows) are stored in one transaction, and the e-mails leave once the broker is
back, each once. Nothing here stops the shared Redis: Celery is pointed at a port where
nothing listens, or at a private redis-server that the test starts and stops."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core import mail
from kombu import Connection

from config.celery import app as celery_app
from people.models import OutboxMessage
from people.outbox import outbox_deliver, outbox_dispatch_wait, outbox_flush
from tests.brokers import NOWHERE, celery_broker, reset_pools
from tests.trajects.conftest import PAGE_URL, form_data
from trajects.models import Registration

pytestmark = pytest.mark.django_db


@contextmanager
def broker_back_in_process():
    """The broker answers again; the worker's part runs in this process (eager tasks)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = previous


def register(client, django_capture_on_commit_callbacks):
    """A visitor posts the form; the after-commit work (enqueueing) runs as in a real request."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE_URL, form_data())
    assert response.status_code == 302
    confirmation = client.get(response["Location"])
    assert confirmation.status_code == 200
    return confirmation


def test_with_the_broker_down_the_visitor_is_registered_and_the_mails_follow_once_it_is_back(
    client, registration_page, antwerpen, django_capture_on_commit_callbacks
):
    with celery_broker(NOWHERE):
        confirmation = register(client, django_capture_on_commit_callbacks)

        registration = Registration.objects.get()
        assert registration.reference in confirmation.content.decode()
        assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 2
        assert mail.outbox == []
        assert outbox_flush(older_than=timedelta(0)) == 0  # still down: nothing handed over

    with broker_back_in_process():
        assert outbox_flush(older_than=timedelta(0)) == 2
        assert outbox_flush(older_than=timedelta(0)) == 0

    assert len(mail.outbox) == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        ["hilde.peeters@caw.example", antwerpen.email]
    )
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()


# --- The same with a real Redis that goes down and comes back --------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """A redis-server of the test's own, on a port of its own, that can be stopped and started."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 -- a fixed command of our own
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the private redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def private_redis():
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not on the PATH")
    redis = PrivateRedis()
    redis.start()
    yield redis
    redis.stop()


def _queued_message_ids(url: str) -> list[int]:
    """The outbox ids in the tasks waiting in the default queue (what a worker would get)."""
    ids = []
    with Connection(url) as connection:
        queue = connection.SimpleQueue("celery", no_ack=True)
        try:
            while True:
                try:
                    message = queue.get(block=True, timeout=0.5)
                except queue.Empty:
                    break
                assert message.headers["task"] == "people.outbox_deliver"
                args, _kwargs, _embed = message.payload
                ids.append(args[0])
        finally:
            queue.close()
    return ids


def test_redis_down_then_back_delivers_each_mail_once_even_when_enqueued_twice(
    client, registration_page, antwerpen, django_capture_on_commit_callbacks, private_redis
):
    with celery_broker(private_redis.url):
        private_redis.stop()
        register(client, django_capture_on_commit_callbacks)
        assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 2
        assert outbox_flush(older_than=timedelta(0)) == 0

        private_redis.start()
        reset_pools()
        # The periodic flush hands both messages to Redis once it answers.
        assert outbox_flush(older_than=timedelta(0)) == 2
        queued = _queued_message_ids(private_redis.url)
        assert sorted(queued) == sorted(OutboxMessage.objects.values_list("pk", flat=True))

    # A worker delivers them; a second hand-over of the same messages delivers nothing more.
    with broker_back_in_process():
        assert [outbox_deliver(message_id=pk) for pk in queued] == [True, True]
        assert [outbox_deliver(message_id=pk) for pk in queued] == [False, False]
        assert outbox_flush(older_than=timedelta(0)) == 0

    assert len(mail.outbox) == 2


def test_with_redis_frozen_registrations_answer_at_once_and_their_mails_follow_the_thaw(
    client,
    registration_page,
    antwerpen,
    django_capture_on_commit_callbacks,
    private_redis,
    settings,
):
    """Redis stopped (SIGSTOP: it accepts connections and never answers), as networks fail: the
    visitor's confirmation does not wait for it; the hand-over does, on its own thread, and the
    two mails reach the queue once Redis runs again."""
    settings.KRING_OUTBOX_DISPATCH_THREAD = True
    with celery_broker(private_redis.url):
        celery_app.conf.broker_transport_options = {
            "max_retries": 0,
            "socket_connect_timeout": 2,
            "socket_timeout": 60,
        }
        private_redis.process.send_signal(signal.SIGSTOP)
        try:
            started = time.monotonic()
            confirmation = register(client, django_capture_on_commit_callbacks)
            took = time.monotonic() - started
            # The answer came while the hand-over still waited on the frozen Redis.
            handed_over_before_the_answer = outbox_dispatch_wait(timeout=0)
        finally:
            private_redis.process.send_signal(signal.SIGCONT)
        assert not handed_over_before_the_answer
        # Far below the 60 s a wait on the frozen Redis would take (not a tighter bound: a
        # loaded CI machine took 2.4 s for the request itself).
        assert took < 10
        assert Registration.objects.get().reference in confirmation.content.decode()
        assert outbox_dispatch_wait(timeout=60)
        queued = _queued_message_ids(private_redis.url)
    assert sorted(queued) == sorted(OutboxMessage.objects.values_list("pk", flat=True))
    with broker_back_in_process():
        assert [outbox_deliver(message_id=pk) for pk in queued] == [True, True]
    assert len(mail.outbox) == 2
