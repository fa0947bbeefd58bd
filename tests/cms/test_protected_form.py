"""Public form protection (honeypot, minimum fill time, submission token, rate limit) and the
error summary's sentences."""

from __future__ import annotations

import time
import uuid
from unittest import mock

import pytest
from django import forms
from django.test import RequestFactory
from django.utils import translation

from cms.forms import MINIMUM_FILL_SECONDS, ProtectedForm, error_summary, sign_protection
from cms.ratelimit import rate_limit_hit


class NameForm(ProtectedForm):
    name = forms.CharField()


def shown_at(seconds_ago: float, token: str | None = None) -> str:
    """The signed stamp of a form with ``token`` shown ``seconds_ago`` (another token than the
    post's: a forged stamp)."""
    return sign_protection(token or uuid.uuid4(), time.time() - seconds_ago)


def post(**extra) -> NameForm:
    token = extra.get("submission") or str(uuid.uuid4())
    data = {
        "name": "Ann",
        "started": shown_at(MINIMUM_FILL_SECONDS + 5, token),
        "submission": token,
    }
    data.update(extra)
    return NameForm(data=data)


def test_a_person_is_not_a_bot():
    form = post()
    assert form.is_valid()
    assert not form.honeypot_filled()
    assert not form.sent_too_fast()
    assert not form.is_bot()


def test_a_filled_honeypot_means_a_bot():
    form = post(website="http://spam.example")
    assert form.honeypot_filled()
    assert form.is_bot()


def test_a_form_sent_faster_than_a_person_can_type_is_too_fast_but_no_honeypot():
    form = post(started=shown_at(1))
    assert form.sent_too_fast()
    assert not form.honeypot_filled()


def test_a_forged_or_missing_timestamp_counts_as_too_fast():
    assert post(started="1700000000").sent_too_fast()
    assert post(started="").sent_too_fast()
    assert NameForm(data={"name": "Ann"}).sent_too_fast()


def test_a_form_left_open_for_days_is_not_too_fast():
    token = str(uuid.uuid4())
    old = shown_at(3 * 86400, token)
    with mock.patch("django.core.signing.time.time", return_value=time.time() + 3 * 86400):
        assert not post(started=old, submission=token).sent_too_fast()


def test_asking_to_send_again_keeps_input_and_token_and_lets_the_next_send_through():
    token = str(uuid.uuid4())
    form = post(started=shown_at(1, token), submission=token)
    assert form.is_valid() and form.sent_too_fast()

    form.ask_to_send_again()

    assert not form.is_valid()
    assert [error.code for error in form.non_field_errors().as_data()] == ["send_again"]
    again = NameForm(data=form.data)
    assert again.data["name"] == "Ann" and again.data["submission"] == token
    assert not again.sent_too_fast()  # sent again at once, it goes through
    assert again.is_valid()


def test_a_form_shown_again_with_errors_keeps_its_timer_but_replaces_a_forged_stamp():
    token = str(uuid.uuid4())
    stamp = shown_at(1, token)
    hurried = post(name="", started=stamp, submission=token)
    hurried.is_valid()
    hurried.keep_protection_fresh()
    assert hurried.data["started"] == stamp  # fixing the errors takes a person long enough

    forged = post(name="", started="forged")
    forged.is_valid()
    forged.keep_protection_fresh()
    assert forged.data["started"] != "forged"
    with mock.patch("cms.forms.time.time", return_value=time.time() + MINIMUM_FILL_SECONDS):
        assert not NameForm(data=forged.data).sent_too_fast()


def test_the_submission_token_comes_back_unchanged():
    token = uuid.uuid4()
    form = post(submission=str(token))
    assert form.is_valid()
    assert form.submission_token() == token


def test_each_new_form_gets_its_own_token():
    assert NameForm().initial["submission"] != NameForm().initial["submission"]


# --- The error summary -----------------------------------------------------------------------


class SummaryForm(forms.Form):
    name = forms.CharField(label="Your name:", max_length=5)
    agrees = forms.ChoiceField(
        label="Does the core person agree?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
    )
    languages = forms.MultipleChoiceField(
        label="Languages (optional)", choices=[("nl", "Dutch")], required=False
    )
    terms = forms.BooleanField(label="I agree")
    privacy = forms.BooleanField(
        label="I have read the privacy notice",
        error_messages={"required": "Please read the privacy notice and tick the box."},
    )

    def clean(self):
        self.add_error(None, "Something about the whole form.")
        return super().clean()


def summary(data) -> dict[str, str]:
    with translation.override("en"):
        return {line["href"]: line["text"] for line in error_summary(SummaryForm(data=data))}


def test_error_summary_lines_read_as_sentences_that_name_the_field():
    lines = summary({"agrees": "maybe", "languages": ["xx"]})

    assert lines["#id_name"] == "Fill in “Your name”."
    assert lines["#id_terms"] == "Tick “I agree”."
    assert lines["#id_agrees"].startswith("Does the core person agree: Select a valid choice.")
    assert lines["#id_languages"].startswith("Languages: Select a valid choice.")
    assert not any("?:" in text for text in lines.values())


def test_error_summary_keeps_the_forms_own_messages_as_they_are():
    lines = summary({"name": "Ann", "agrees": "yes", "terms": "on"})

    assert lines["#id_privacy"] == "Please read the privacy notice and tick the box."
    assert lines[""] == "Something about the whole form."


def test_a_required_choice_asks_for_an_answer_to_the_question():
    assert summary({})["#id_agrees"] == "Choose an answer to “Does the core person agree?”."


def test_a_too_long_answer_names_the_field_before_djangos_message():
    assert summary({"name": "Annemarie"})["#id_name"].startswith("Your name: Ensure this value")


@pytest.mark.django_db
def test_rate_limit_counts_per_address():
    factory = RequestFactory()
    office = factory.post("/", REMOTE_ADDR="192.0.2.10")
    other = factory.post("/", REMOTE_ADDR="192.0.2.11")
    hits = [rate_limit_hit(office, scope="test", limit=3, period=60) for _ in range(4)]
    assert hits == [False, False, False, True]
    assert rate_limit_hit(other, scope="test", limit=3, period=60) is False
    assert rate_limit_hit(office, scope="another-form", limit=3, period=60) is False


@pytest.mark.django_db
def test_rate_limit_window_starts_again_and_old_counters_are_cleared(time_machine):
    from django.utils import timezone

    from cms.models import RateLimitCounter
    from cms.ratelimit import rate_limits_clear_expired

    time_machine.move_to(timezone.now(), tick=False)
    office = RequestFactory().post("/", REMOTE_ADDR="192.0.2.10")
    assert [rate_limit_hit(office, scope="t", limit=1, period=60) for _ in range(2)] == [
        False,
        True,
    ]
    time_machine.shift(61)
    assert rate_limit_hit(office, scope="t", limit=1, period=60) is False
    assert "192.0.2.10" not in RateLimitCounter.objects.get().key
    time_machine.shift(61)

    assert rate_limits_clear_expired() == 1
    assert not RateLimitCounter.objects.exists()
