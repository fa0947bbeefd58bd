"""The client's address behind the reverse proxy (``people.http.client_ip``) and the limits that
count by it: allauth's log-in limits, the public forms' and the certificate look-up's.

The proxy in these tests is at 10.0.0.1 (every request's ``REMOTE_ADDR``) and appends the
address it saw to ``X-Forwarded-For``; whatever a client sent itself stands to the left."""

from __future__ import annotations

import logging

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from cms.ratelimit import rate_limit_hit
from people.factories import DEFAULT_PASSWORD
from people.http import client_ip
from people.request_log import ClientAddressFilter
from tests.people.test_login import error_message, form_errors, logged_in_user_id
from training.certificates.services import certificate_issue
from training.certificates.views import VERIFY_RATE_LIMIT
from training.factories import TrackFactory
from trajects.status.views import STATUS_RATE_LIMIT

PROXY = "10.0.0.1"
ALICE, BOB = "198.51.100.7", "203.0.113.9"
LOGIN = "/accounts/login/"

behind_one_proxy = override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)


def via_proxy(address: str, sent: str = "") -> dict[str, str]:
    """What the application server gets for a client at ``address`` that sent ``sent`` as its
    own ``X-Forwarded-For``: the proxy appends the address it saw."""
    forwarded = f"{sent}, {address}" if sent else address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


def request_from(**meta):
    return RequestFactory().get("/", **meta)


# --- The one function -------------------------------------------------------------------------


def test_without_a_trusted_proxy_the_address_is_the_peers_and_forwarded_for_is_ignored():
    assert client_ip(request_from(**via_proxy(ALICE))) == PROXY


@behind_one_proxy
def test_behind_one_proxy_the_address_is_the_one_the_proxy_saw():
    assert client_ip(request_from(**via_proxy(ALICE))) == ALICE


@behind_one_proxy
def test_a_forwarded_for_sent_by_the_client_does_not_pick_its_address():
    assert client_ip(request_from(**via_proxy(ALICE, sent=f"{BOB}, 192.0.2.1"))) == ALICE


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=2)
def test_a_request_that_skipped_a_trusted_proxy_counts_by_its_peer_and_does_not_fail():
    """Fewer X-Forwarded-For entries than trusted proxies: allauth raises ImproperlyConfigured;
    the request did not come through every proxy, so its peer is the address."""
    assert client_ip(request_from(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ALICE)) == PROXY


@override_settings(ALLAUTH_TRUSTED_CLIENT_IP_HEADER="X-Real-IP")
def test_a_trusted_header_gives_the_address_and_its_absence_the_peer():
    assert client_ip(request_from(REMOTE_ADDR=PROXY, HTTP_X_REAL_IP=ALICE)) == ALICE
    assert client_ip(request_from(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=BOB)) == PROXY


@behind_one_proxy
def test_a_garbled_forwarded_for_falls_back_to_the_peer():
    assert client_ip(request_from(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="unknown")) == PROXY


@behind_one_proxy
def test_log_lines_about_a_request_carry_the_clients_address():
    record = logging.LogRecord("django.request", logging.WARNING, "", 0, "Not Found", (), None)
    record.request = request_from(**via_proxy(ALICE, sent=BOB))
    other = logging.LogRecord("kring", logging.INFO, "", 0, "no request", (), None)

    assert ClientAddressFilter().filter(record) and record.client == ALICE
    assert ClientAddressFilter().filter(other) and other.client == "-"


# --- Log-in limits ----------------------------------------------------------------------------


def fail_login(client, email: str, address: str, sent: str = ""):
    return client.post(
        LOGIN, {"login": email, "password": "wrong-password-1"}, **via_proxy(address, sent)
    )


def login_from(client, email: str, address: str):
    return client.post(LOGIN, {"login": email, "password": DEFAULT_PASSWORD}, **via_proxy(address))


@pytest.mark.django_db
@behind_one_proxy
def test_two_clients_behind_one_proxy_have_their_own_log_in_failure_buckets(client, coordinator):
    # ACCOUNT_RATE_LIMITS["login_failed"]: 10 failures in 5 minutes per address.
    for index in range(10):
        fail_login(client, f"nobody{index}@example.org", ALICE)
    assert form_errors(fail_login(client, "nobody@example.org", ALICE)) == [
        error_message("too_many_login_attempts")
    ]

    login_from(client, coordinator.email, BOB)

    assert logged_in_user_id(client) == coordinator.pk


@pytest.mark.django_db
@behind_one_proxy
def test_a_forged_forwarded_for_does_not_escape_the_clients_bucket(client):
    for index in range(10):
        fail_login(client, f"nobody{index}@example.org", ALICE)

    refused = fail_login(client, "nobody@example.org", ALICE, sent=BOB)

    assert form_errors(refused) == [error_message("too_many_login_attempts")]


@pytest.mark.django_db
def test_without_a_trusted_proxy_everyone_behind_it_shares_one_bucket(client, coordinator):
    """The setting matters: without it the proxy's address is everyone's."""
    for index in range(10):
        fail_login(client, f"nobody{index}@example.org", ALICE)

    refused = login_from(client, coordinator.email, BOB)

    assert logged_in_user_id(client) is None
    assert form_errors(refused) == [error_message("too_many_login_attempts")]


@pytest.mark.django_db
@behind_one_proxy
def test_one_address_cannot_lock_a_known_account_out(client, coordinator):
    for _ in range(10):
        fail_login(client, coordinator.email, ALICE)

    login_from(client, coordinator.email, BOB)

    assert logged_in_user_id(client) == coordinator.pk


@pytest.mark.django_db
@behind_one_proxy
def test_many_addresses_lock_an_account_for_three_minutes_only(client, coordinator, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    for index in range(15):
        fail_login(client, coordinator.email, f"192.0.2.{index + 1}")

    refused = login_from(client, coordinator.email, BOB)
    assert logged_in_user_id(client) is None
    assert form_errors(refused) == [error_message("too_many_login_attempts")]

    time_machine.shift(3 * 60 + 1)
    login_from(client, coordinator.email, BOB)

    assert logged_in_user_id(client) == coordinator.pk


# --- The public forms' and the certificate look-up's limits -----------------------------------


@pytest.mark.django_db
@behind_one_proxy
def test_public_form_limits_count_each_client_behind_the_proxy_apart():
    alice = RequestFactory().post("/", **via_proxy(ALICE))
    forged = RequestFactory().post("/", **via_proxy(ALICE, sent=BOB))
    bob = RequestFactory().post("/", **via_proxy(BOB))

    assert [rate_limit_hit(alice, scope="t", limit=2, period=60) for _ in range(2)] == [
        False,
        False,
    ]
    assert rate_limit_hit(forged, scope="t", limit=2, period=60) is True
    assert rate_limit_hit(bob, scope="t", limit=2, period=60) is False


@pytest.mark.django_db
def test_public_form_limits_ignore_forwarded_for_without_a_trusted_proxy():
    alice = RequestFactory().post("/", **via_proxy(ALICE))
    bob = RequestFactory().post("/", **via_proxy(BOB))

    assert rate_limit_hit(alice, scope="t", limit=1, period=60) is False
    assert rate_limit_hit(bob, scope="t", limit=1, period=60) is True


@pytest.mark.django_db
@behind_one_proxy
def test_certificate_look_up_limit_counts_each_client_behind_the_proxy_apart(client, coordinator):
    certificate = certificate_issue(
        user=coordinator,
        track=TrackFactory(name="Basisopleiding", certificate_title="Gecertificeerd coördinator"),
        issued_on=timezone.localdate(),
    )
    url = reverse("training:certificate_verify", kwargs={"code": certificate.code})
    for _ in range(VERIFY_RATE_LIMIT):
        assert client.get(url, **via_proxy(ALICE)).status_code == 200

    assert client.get(url, **via_proxy(ALICE, sent=BOB)).status_code == 429
    assert client.get(url, **via_proxy(BOB)).status_code == 200


@pytest.mark.django_db
@behind_one_proxy
def test_status_page_limit_counts_each_client_behind_the_proxy_apart(client):
    # Unknown tokens count too (guessing): the limit answers 429, the look-up 404.
    url = "/aanvraag/unknown-token-0000000000/"
    for _ in range(STATUS_RATE_LIMIT):
        assert client.get(url, **via_proxy(ALICE)).status_code == 404

    assert client.get(url, **via_proxy(ALICE, sent=BOB)).status_code == 429
    assert client.get(url, **via_proxy(BOB)).status_code == 404
