"""Fail closed: when the access log cannot be written, the record is not shown (503, saying
why, with none of its data) and a change does not go through."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import DatabaseError
from django.utils import translation

from people.audit.models import AccessEvent
from people.factories import postcode
from training.factories import ApplicationFactory
from trajects.factories import RegistrationFactory
from trajects.models import RegistrationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def log_down():
    with mock.patch.object(
        AccessEvent.objects, "create", side_effect=DatabaseError("the log is down")
    ) as create:
        yield create


@pytest.fixture
def registration(antwerpen):
    return RegistrationFactory(
        postcode=postcode("2000"),
        registrant_name="Canary Registrant",
        question="Canary question about the family",
    )


def test_a_registration_is_not_shown_when_its_read_cannot_be_logged(
    client, login, staff, registration, log_down
):
    login(client, staff)

    response = client.get(f"/en/staf/aanmeldingen/{registration.reference}/")

    assert log_down.called
    assert response.status_code == 503
    content = response.content.decode()
    assert "This page could not be shown" in content
    assert "access log is unavailable" in content
    assert "Canary" not in content
    assert "no-store" in response["Cache-Control"]


def test_an_application_is_not_shown_when_its_read_cannot_be_logged(
    client, login, staff, antwerpen, log_down
):
    application = ApplicationFactory(first_name="Canaria", last_name="Vogel")
    login(client, staff)

    response = client.get(f"/en/staf/kandidaten/{application.pk}/")

    assert response.status_code == 503
    assert "Canaria" not in response.content.decode()


def test_a_decision_does_not_go_through_when_it_cannot_be_logged(
    client, login, staff, registration, log_down
):
    login(client, staff)

    response = client.post(
        f"/en/staf/aanmeldingen/{registration.reference}/intake/", {"note": "Called back."}
    )

    assert response.status_code == 503
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.NEW


def test_an_export_is_not_made_when_it_cannot_be_logged(
    client, login, reauthenticated, staff, antwerpen, log_down
):
    ApplicationFactory(first_name="Canaria")
    login(client, staff)
    reauthenticated(client, staff)

    response = client.get("/en/staf/kandidaten/?_export=csv")

    assert response.status_code == 503
    assert "Canaria" not in response.content.decode()
    assert "attachment" not in response.get("Content-Disposition", "")


def test_log_out_goes_ahead_when_it_cannot_be_logged(client, login, coordinator, log_down):
    login(client, coordinator)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
