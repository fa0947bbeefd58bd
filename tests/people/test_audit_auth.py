"""Log-in, log-out and account changes in the access log: who (never the e-mail address that
was typed for a failed log-in), what and from which address."""

from __future__ import annotations

import pytest
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.test import RequestFactory

from people.audit.models import AccessAction, AccessEvent
from people.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def test_a_log_in_is_recorded_with_who_and_the_address(client, coordinator):
    response = client.post(
        LOGIN,
        {"login": coordinator.email, "password": DEFAULT_PASSWORD},
        REMOTE_ADDR="198.51.100.30",
    )

    assert response.status_code == 302
    event = AccessEvent.objects.get(action=AccessAction.LOGIN)
    assert event.actor == coordinator
    assert event.address == "198.51.100.30"
    assert (event.object_type, event.object_id) == ("", "")


def test_a_failed_log_in_records_the_address_and_nobody(client, coordinator):
    client.post(
        LOGIN,
        {"login": coordinator.email, "password": "not the password"},
        REMOTE_ADDR="198.51.100.31",
    )

    event = AccessEvent.objects.get(action=AccessAction.LOGIN_FAILED)
    assert event.actor is None
    assert event.address == "198.51.100.31"
    stored = " ".join(str(value) for value in AccessEvent.objects.values().get().values())
    assert coordinator.email not in stored
    assert not AccessEvent.objects.filter(action=AccessAction.LOGIN).exists()


def test_a_failed_log_in_for_an_unknown_address_stores_no_typed_address(client, antwerpen):
    client.post(LOGIN, {"login": "someone.typed@example.org", "password": "whatever-it-is"})

    event = AccessEvent.objects.get(action=AccessAction.LOGIN_FAILED)
    assert event.actor is None
    assert "someone.typed" not in str(list(AccessEvent.objects.values()))


def test_a_log_out_is_recorded(client, login, coordinator):
    login(client, coordinator)

    client.post("/accounts/logout/")

    event = AccessEvent.objects.get(action=AccessAction.LOGOUT)
    assert event.actor == coordinator


def test_a_password_change_is_recorded(client, login, coordinator):
    login(client, coordinator)
    new = "Zeven-Bruggen-Over-De-Schelde-42"

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": new, "password2": new},
    )

    assert response.status_code == 302
    event = AccessEvent.objects.get(action=AccessAction.PASSWORD_CHANGE)
    assert event.actor == coordinator


@pytest.mark.parametrize(
    "signal",
    [
        mfa_signals.authenticator_added,
        mfa_signals.authenticator_removed,
        mfa_signals.authenticator_reset,
    ],
)
def test_a_change_of_the_second_factor_is_recorded(coach, signal):
    request = RequestFactory().post("/accounts/2fa/", REMOTE_ADDR="198.51.100.32")
    request.user = coach
    authenticator = Authenticator(user=coach, type=Authenticator.Type.TOTP)

    signal.send(sender=Authenticator, request=request, user=coach, authenticator=authenticator)

    event = AccessEvent.objects.get(action=AccessAction.MFA_CHANGE)
    assert (event.actor, event.address) == (coach, "198.51.100.32")
