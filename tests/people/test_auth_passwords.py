"""Passwords: at least 12 characters, none of Kring's own words (people.passwords), and a mail
on every change of password, e-mail address or second factor, in the person's language."""

from __future__ import annotations

import pytest
from allauth.core import context
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import translation

from people.factories import DEFAULT_PASSWORD
from people.passwords import ContextWordsValidator
from tests.people.test_login import MFA_SETUP, totp_code

pytestmark = pytest.mark.django_db

CHANGE = "/accounts/password/change/"
GOOD = "zonnebloem-Paraplu-97"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    "password",
    [
        "MijnKringWachtwoord-2026",
        "Eigen Kracht 2026 zomer",
        "eigen-kracht-is-sterk",
        "EKC-zonnebloem-2026",
        "Coördinator-zomer-77",
        "coordinatrice-zon-88",
        "familieconferentie-99",
        "K r i n g zonnebloem 5",
    ],
)
def test_passwords_with_kring_words_are_refused(password):
    with pytest.raises(ValidationError) as refused:
        ContextWordsValidator().validate(password)

    assert refused.value.error_list[0].code == "password_context_word"


def test_a_password_without_kring_words_passes_every_validator(coordinator):
    validate_password(GOOD, coordinator)


def test_passwords_of_eleven_characters_are_too_short(coordinator):
    with pytest.raises(ValidationError) as refused:
        validate_password("zonPara-971", coordinator)

    assert "password_too_short" in [error.code for error in refused.value.error_list]


def test_the_help_text_names_the_rule():
    texts = " ".join(password_validators_help_texts())

    assert "12 characters" in texts
    assert "eigen kracht" in texts


def test_the_change_form_shows_the_refusal_next_to_the_field(client, login, coordinator):
    login(client, coordinator)

    response = client.post(
        CHANGE,
        {
            "oldpassword": DEFAULT_PASSWORD,
            "password1": "Kring-zonnebloem-97",
            "password2": "Kring-zonnebloem-97",
        },
    )

    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()["password1"]
    assert "password_context_word" in [error.code for error in errors]
    coordinator.refresh_from_db()
    assert coordinator.check_password(DEFAULT_PASSWORD)


# --- The mail on a change -------------------------------------------------------------------


def test_a_password_change_sends_a_mail_in_the_persons_language(
    client, login, coordinator, mailoutbox
):
    coordinator.preferred_language = "fr"
    coordinator.save(update_fields=["preferred_language"])
    login(client, coordinator)

    response = client.post(
        CHANGE, {"oldpassword": DEFAULT_PASSWORD, "password1": GOOD, "password2": GOOD}
    )

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [coordinator.email]
    assert "Mot de passe modifié" in mail.subject
    assert "127.0.0.1" not in mail.body  # no address in the mail


def test_setting_up_a_second_factor_sends_a_mail(
    client, reauthenticated, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)  # a coordinator without a traject: no second factor yet
    reauthenticated(client, coordinator)
    assert client.get(MFA_SETUP).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]

    with django_capture_on_commit_callbacks() as after_commit:
        activated = client.post(MFA_SETUP, {"code": totp_code(secret)})
    # allauth sends the mail once the change is committed, inside the request: the test's
    # transaction never commits, so run those steps as the request would.
    with context.request_context(RequestFactory().get("/")):
        for callback in after_commit:
            callback()

    assert activated.status_code == 302
    assert [mail.to for mail in mailoutbox] == [[coordinator.email]]
    assert "127.0.0.1" not in mailoutbox[0].body
