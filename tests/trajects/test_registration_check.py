"""The registration's "check your answers" step (GOV.UK pattern): the answers shown before
anything is stored, change, and send."""

from __future__ import annotations

import re

import pytest

from people.models import OutboxMessage
from tests.trajects.conftest import (
    EN_URL,
    assert_error_shown,
    form_data,
    hidden_fields,
    hidden_value,
    html,
    post,
)
from trajects.models import Registration

pytestmark = pytest.mark.django_db


# --- Check your answers ------------------------------------------------------------------------


def continue_to_check(client, data=None, url=EN_URL):
    """The form's own button ("Continue"): step=check."""
    return post(client, {**(data or form_data()), "step": "check"}, url=url)


def test_a_valid_form_first_shows_the_answers_to_check_and_stores_nothing(
    client, registration_page
):
    response = continue_to_check(client)

    assert response.status_code == 200
    content = html(response)
    assert "<h1>Check your answers before sending the registration</h1>" in content
    assert '<meta name="robots" content="noindex">' in content
    # Grouped as on the form, each group with its "Change" button back to that section.
    for key, heading in (
        ("registrant", "About you"),
        ("core_person", "The core person"),
        ("question", "The question"),
        ("agreement", "Agreement and privacy"),
    ):
        assert f'<h2 id="check-{key}">{heading}</h2>' in content
        assert f'formaction="/en/register/#section-{key}"' in content
    # Choices in words, not codes; the phone as people write it.
    for words in (
        "A professional",
        "CAW (centre for general welfare work)",
        "Dutch, Arabic",
        "As soon as possible",
        "Through a social worker or an organisation",
        "Yes, the core person knows about this registration and agrees",
        "0470 12 34 56",
        "Samira wil met haar familie een plan maken",
    ):
        assert words in content, words
    assert ">caw<" not in content and ">asap<" not in content
    assert "(optional)" not in content.split('class="registration-check"')[1]
    # Only the send button stores; no reference yet, nothing in a session or the address.
    assert '<button type="submit" name="step" value="send"' in content
    assert "EKC-" not in content
    assert not Registration.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert not client.session.keys() - {"_language"}


def test_check_page_leaves_out_questions_that_did_not_apply(client, registration_page):
    data = form_data(registrant_type="family_or_friend", heard_of_us="website")

    content = html(continue_to_check(client, data))

    assert 'data-answer="organisation_name"' not in content
    assert 'data-answer="heard_of_us_other"' not in content
    assert 'data-answer="wished_start_date">Not given<' in content


def test_sending_from_the_check_page_stores_once_and_shows_the_reference(
    client, registration_page, antwerpen
):
    check = continue_to_check(client)
    carried = hidden_fields(html(check))
    assert carried["languages"] == ["nl", "ar"]

    sent = post(client, {**carried, "step": "send"}, url=EN_URL)
    again = post(client, {**carried, "step": "send"}, url=EN_URL)  # back button, send again

    assert sent.status_code == 302
    assert again["Location"] == sent["Location"]
    registration = Registration.objects.get()
    assert registration.region == antwerpen
    assert registration.languages == ["nl", "ar"]
    assert registration.reference in html(client.get(sent["Location"]))


def test_change_brings_the_form_back_with_everything_kept_and_nothing_stored(
    client, registration_page
):
    carried = hidden_fields(html(continue_to_check(client)))

    response = post(client, {**carried, "step": "change"}, url=EN_URL)

    assert response.status_code == 200
    content = html(response)
    assert 'class="registration-form"' in content
    assert "form-errors" not in content
    assert 'id="section-core_person"' in content
    assert 'value="Hilde Peeters"' in content
    assert "Samira wil met haar familie een plan maken" in content
    assert re.search(r'value="ar"[^>]*checked|checked[^>]*value="ar"', content)
    assert hidden_value(content, "submission") == carried["submission"]
    assert not Registration.objects.exists()


def test_send_validates_again_so_a_changed_post_is_not_stored(client, registration_page):
    carried = hidden_fields(html(continue_to_check(client)))

    response = post(client, {**carried, "postcode": "9999", "step": "send"}, url=EN_URL)

    assert_error_shown(response, "postcode", "does not exist in Belgium")
    assert not Registration.objects.exists()


def test_check_page_with_bad_input_is_not_shown_the_form_is(client, registration_page):
    response = continue_to_check(client, form_data(postcode="9999"))

    assert_error_shown(response, "postcode", "does not exist in Belgium")
    assert "Check your answers" not in html(response)


def test_the_form_and_its_error_summary_load_the_focus_script(client, registration_page):
    content = html(post(client, form_data(registrant_name=""), url=EN_URL))

    assert '<script src="/static/js/forms.js" defer></script>' in content
    summary = re.search(r'<div class="form-errors".*?</div>', content, re.S).group(0)
    assert 'tabindex="-1"' in summary and "data-error-summary" in summary
    # Every line reads as a sentence: no "Question?: message".
    assert "?:" not in summary
