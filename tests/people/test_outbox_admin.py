"""Administrators see the messages that could not be sent, with each attempt's error, and send
them again from the Django admin."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import ngettext

from people.models import OutboxAttempt, OutboxMessage
from people.outbox import _HANDLERS, outbox_handler

pytestmark = pytest.mark.django_db

TOPIC = "tests.admin-greeting"
LIST_URL = "/django-admin/people/outboxmessage/"


@pytest.fixture(autouse=True)
def _handler():
    @outbox_handler(TOPIC)
    def greet(object_id: int) -> None:
        mail.send_mail("Hallo", "Referentie", "kring@example.org", ["x@example.org"])

    yield
    _HANDLERS.pop(TOPIC, None)


@pytest.fixture
def failed():
    now = timezone.now()
    message = OutboxMessage.objects.create(
        topic=TOPIC,
        object_id=41,
        attempts=8,
        failed_at=now,
        last_error="TimeoutError: timed out",
    )
    OutboxAttempt.objects.create(message=message, started_at=now, error="TimeoutError: timed out")
    return message


def test_the_failed_filter_lists_failed_messages_only(client, login, administrator, failed):
    waiting = OutboxMessage.objects.create(topic=TOPIC, object_id=42)
    login(client, administrator)
    page = client.get(LIST_URL, {"state": "failed"})
    assert page.status_code == 200
    rows = list(page.context["cl"].result_list)
    assert rows == [failed]
    assert waiting not in rows


def test_a_failed_message_shows_its_attempts_and_error(client, login, administrator, failed):
    login(client, administrator)
    page = client.get(f"{LIST_URL}{failed.pk}/change/")
    assert page.status_code == 200
    assert page.content.decode().count("TimeoutError: timed out") >= 2  # last error and attempt


def test_the_retry_action_sends_it_and_says_so(
    client, login, administrator, failed, django_capture_on_commit_callbacks
):
    login(client, administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            LIST_URL,
            {"action": "retry", "_selected_action": [failed.pk], "index": 0},
            follow=True,
        )
    assert response.status_code == 200
    failed.refresh_from_db()
    assert failed.sent_at is not None
    assert failed.failed_at is None
    assert len(mail.outbox) == 1
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        said = ngettext(
            "%(count)d message will be sent again now.",
            "%(count)d messages will be sent again now.",
            1,
        ) % {"count": 1}
    assert said in response.content.decode()


def test_others_cannot_see_the_outbox(client, login, staff, failed):
    login(client, staff)
    response = client.get(f"{LIST_URL}{failed.pk}/change/")
    assert response.status_code in {302, 403, 404}
    assert "TimeoutError" not in response.content.decode()
