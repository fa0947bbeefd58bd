"""Public form protection: honeypot, minimum fill time, submission token, rate limit."""

from __future__ import annotations

import time
import uuid
from unittest import mock

from django import forms
from django.core import signing
from django.test import RequestFactory

from cms.forms import MINIMUM_FILL_SECONDS, ProtectedForm
from cms.ratelimit import rate_limit_hit


class NameForm(ProtectedForm):
    name = forms.CharField()


def shown_at(seconds_ago: float) -> str:
    with mock.patch("cms.forms.time.time", return_value=time.time() - seconds_ago):
        return NameForm().initial["started"]


def post(**extra) -> NameForm:
    data = {
        "name": "Ann",
        "started": shown_at(MINIMUM_FILL_SECONDS + 5),
        "submission": str(uuid.uuid4()),
    }
    data.update(extra)
    return NameForm(data=data)


def test_a_person_is_not_a_bot():
    form = post()
    assert form.is_valid()
    assert not form.is_bot()


def test_a_filled_honeypot_means_a_bot():
    assert post(website="http://spam.example").is_bot()


def test_a_form_sent_faster_than_a_person_can_type_means_a_bot():
    assert post(started=shown_at(0)).is_bot()


def test_a_forged_or_missing_timestamp_means_a_bot():
    assert post(started="1700000000").is_bot()
    assert post(started="").is_bot()


def test_a_form_left_open_for_days_is_not_a_bot():
    old = signing.dumps(time.time() - 3 * 86400, salt="kring.cms.forms.started")
    with mock.patch("django.core.signing.time.time", return_value=time.time()):
        assert not post(started=old).is_bot()


def test_the_submission_token_comes_back_unchanged():
    token = uuid.uuid4()
    form = post(submission=str(token))
    assert form.is_valid()
    assert form.submission_token() == token


def test_each_new_form_gets_its_own_token():
    assert NameForm().initial["submission"] != NameForm().initial["submission"]


def test_rate_limit_counts_per_address():
    factory = RequestFactory()
    office = factory.post("/", REMOTE_ADDR="192.0.2.10")
    other = factory.post("/", REMOTE_ADDR="192.0.2.11")
    hits = [rate_limit_hit(office, scope="test", limit=3, period=60) for _ in range(4)]
    assert hits == [False, False, False, True]
    assert rate_limit_hit(other, scope="test", limit=3, period=60) is False
    assert rate_limit_hit(office, scope="another-form", limit=3, period=60) is False
