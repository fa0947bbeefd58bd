"""config.errors: a database outage answers 503 and keeps the form, an over-size request 413,
and error reports (mail to ADMINS, Sentry) carry no personal data."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
import sentry_sdk
from django.core import mail
from django.db import OperationalError
from django.test import RequestFactory, override_settings
from django.utils.html import escape
from django.utils.translation import gettext

from config import errors, urls
from config.errors import (
    PrivateExceptionReporter,
    PrivateExceptionReporterFilter,
    is_database_outage,
    sentry_before_send,
    sentry_init,
)

pytestmark = pytest.mark.django_db

OUTAGE_URLS = "tests.config.outage_urls"
FORM = {
    "name": "Familie Peeters",
    "note": "Eerste lijn\nTweede lijn <b>&</b>",
    "days": ["maandag", "woensdag"],
    "password": "Geheim-wachtwoord-1",
    "password2": "Geheim-wachtwoord-1",
    "token": "abc-token-123",
    "csrfmiddlewaretoken": "posted-csrf-token",
}


class Inputs(HTMLParser):
    """The hidden inputs of a page, as (name, value) pairs, and whether it has a form."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.hidden: list[tuple[str, str]] = []
        self.forms: list[dict[str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append(attributes)
        if tag == "input" and attributes.get("type") == "hidden":
            self.hidden.append((attributes["name"] or "", attributes.get("value") or ""))


@pytest.fixture
def outage_client(client):
    client.raise_request_exception = False
    with override_settings(ROOT_URLCONF=OUTAGE_URLS):
        yield client


# --- 503 for a database outage --------------------------------------------------------------------


def test_kring_sends_server_errors_to_its_own_handler():
    assert urls.handler500 == "config.errors.server_error"


def test_a_database_outage_answers_503_with_retry_after(outage_client):
    response = outage_client.post("/form/", FORM)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert [template.name for template in response.templates] == [
        "503.html",
        "standalone_base.html",
    ]


def test_the_503_page_style_is_allowed_by_its_nonce(outage_client):
    response = outage_client.post("/form/", FORM)

    nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode())
    assert nonce
    assert f"'nonce-{nonce.group(1)}'" in response["Content-Security-Policy"]


def test_the_503_page_keeps_every_posted_field_as_a_hidden_input(outage_client):
    page = Inputs(outage_client.post("/form/?step=2", FORM).content.decode())

    assert page.forms == [{"method": "post", "action": "/form/?step=2"}]
    assert ("name", "Familie Peeters") in page.hidden
    assert ("note", "Eerste lijn\nTweede lijn <b>&</b>") in page.hidden
    assert ("days", "maandag") in page.hidden
    assert ("days", "woensdag") in page.hidden


def test_the_503_page_never_writes_back_passwords_or_tokens(outage_client):
    response = outage_client.post("/form/", FORM)
    page = Inputs(response.content.decode())
    names = [name for name, _value in page.hidden]

    assert "password" not in names
    assert "password2" not in names
    assert "token" not in names
    assert "Geheim-wachtwoord-1" not in response.content.decode()
    assert "abc-token-123" not in response.content.decode()
    # A fresh csrf token from the cookie's secret, never the one that was posted.
    assert names.count("csrfmiddlewaretoken") == 1
    assert ("csrfmiddlewaretoken", "posted-csrf-token") not in page.hidden


def test_the_503_page_offers_try_again_and_the_back_button(outage_client):
    content = outage_client.post("/form/", FORM).content.decode()

    assert f'<button type="submit">{gettext("Try again")}</button>' in content
    assert (
        escape(
            gettext("Or use your browser’s back button: the form there still holds what you typed.")
        )
        in content
    )
    assert 'lang="nl-BE"' in content


def test_the_503_page_speaks_the_visitors_language(outage_client):
    content = outage_client.post("/fr/formulier/", FORM).content.decode()

    assert 'lang="fr-BE"' in content


def test_the_503_page_makes_no_database_query(outage_client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = outage_client.post("/form/", FORM)

    assert response.status_code == 503


def test_the_503_page_says_files_are_not_sent_again(outage_client, tmp_path):
    upload = tmp_path / "plan.pdf"
    upload.write_bytes(b"%PDF-1.4 a plan")
    with upload.open("rb") as handle:
        response = outage_client.post("/form/", {"name": "Familie Peeters", "plan": handle})

    page = Inputs(response.content.decode())
    assert response.status_code == 503
    assert ("name", "Familie Peeters") in page.hidden
    assert "plan" not in [name for name, _value in page.hidden]
    files_gone = (
        "Files you attached cannot be sent again from this page: go back and choose them again."
    )
    assert gettext(files_gone) in response.content.decode()


def test_an_outage_wrapped_in_another_exception_still_answers_503(outage_client):
    assert outage_client.get("/wrapped/").status_code == 503


def test_any_other_error_answers_the_500_page(outage_client):
    response = outage_client.get("/broken/")

    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Er ging iets mis" in response.content.decode()


def test_is_database_outage_follows_the_chain_of_causes():
    try:
        try:
            raise OperationalError("timeout")
        except OperationalError as exc:
            raise RuntimeError("wrapped") from exc
    except RuntimeError as exc:
        assert is_database_outage(exc)
    assert not is_database_outage(ValueError("no"))
    assert not is_database_outage(None)


# --- 413 for an over-size request ------------------------------------------------------------------


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body of an over-size request was read")

    readline = read


def test_an_oversize_request_answers_413_without_reading_the_body(outage_client, settings):
    response = outage_client.generic(
        "POST",
        "/form/",
        CONTENT_TYPE="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(settings.KRING_MAX_REQUEST_BYTES + 1),
        **{"wsgi.input": UnreadableBody()},
    )

    assert response.status_code == 413
    nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode())
    assert nonce
    assert f"'nonce-{nonce.group(1)}'" in response["Content-Security-Policy"]


def test_the_413_page_speaks_the_language_of_the_address(client, settings):
    response = client.generic(
        "POST",
        "/fr/accounts/login/",
        CONTENT_LENGTH=str(settings.KRING_MAX_REQUEST_BYTES + 1),
        **{"wsgi.input": UnreadableBody()},
    )

    assert response.status_code == 413
    assert 'lang="fr-BE"' in response.content.decode()


def test_a_request_at_the_limit_goes_through_and_one_byte_more_does_not(outage_client, settings):
    body = urlencode({"name": "Familie Peeters"})
    settings.KRING_MAX_REQUEST_BYTES = len(body)

    at_limit = outage_client.post("/form/", body, content_type="application/x-www-form-urlencoded")
    settings.KRING_MAX_REQUEST_BYTES = len(body) - 1
    above = outage_client.post("/form/", body, content_type="application/x-www-form-urlencoded")

    assert at_limit.status_code == 503  # the view ran (and met the outage)
    assert above.status_code == 413


def test_the_request_limit_is_above_the_largest_upload(settings):
    assert settings.KRING_MAX_REQUEST_BYTES > settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2621440
    assert "config.errors.RequestSizeLimitMiddleware" in settings.MIDDLEWARE
    assert settings.MIDDLEWARE.index(
        "config.errors.RequestSizeLimitMiddleware"
    ) < settings.MIDDLEWARE.index("django.middleware.csrf.CsrfViewMiddleware")


# --- Error mails to ADMINS ---------------------------------------------------------------------------


def test_the_filter_hides_every_posted_value_and_local_variable():
    request = RequestFactory().post("/x/", {"name": "Familie Peeters", "note": "alles"})
    report_filter = PrivateExceptionReporterFilter()

    assert set(report_filter.get_post_parameters(request).values()) == {"********************"}
    assert report_filter.get_traceback_frame_variables(request, sys._getframe()) == []


def test_kring_uses_the_private_reporter_and_filter(settings):
    assert (
        settings.DEFAULT_EXCEPTION_REPORTER_FILTER == "config.errors.PrivateExceptionReporterFilter"
    )
    assert settings.DEFAULT_EXCEPTION_REPORTER == "config.errors.PrivateExceptionReporter"


def test_a_report_shows_no_posted_value_local_variable_query_or_cookie():
    request = RequestFactory().post(
        "/x/?q=Verstraeten", {"name": "Familie Peeters"}, HTTP_COOKIE="sessionid=s3ss10n"
    )
    family = "Familie " + "Janssens"
    address = "an" + "@example.org"
    try:
        raise ValueError(f"could not save for {address} ({len(family)})")
    except ValueError:
        text = PrivateExceptionReporter(request, *sys.exc_info()).get_traceback_text()

    for personal in ("Peeters", "Janssens", "Verstraeten", "s3ss10n", "an@example.org"):
        assert personal not in text


def test_the_error_mail_to_admins_carries_no_personal_data(outage_client, settings):
    settings.ADMINS = [("ops@example.org", "ops@example.org")]

    outage_client.post(
        "/broken/?q=Janssens", {"name": "Familie Peeters", "email": "an@example.org"}
    )

    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "ValueError" in body
    for personal in ("Peeters", "Janssens", "an@example.org", "Verstraeten"):
        assert personal not in body


# --- Sentry ----------------------------------------------------------------------------------------


def test_before_send_strips_request_data_cookies_and_user_fields():
    event = {
        "request": {
            "url": "https://kring.example/inschrijven/",
            "method": "POST",
            "data": {"name": "Familie Peeters"},
            "cookies": {"sessionid": "s3ss10n"},
            "headers": {"Cookie": "sessionid=s3ss10n", "User-Agent": "Firefox"},
            "query_string": "q=Janssens",
        },
        "user": {"id": "7", "email": "an@example.org", "username": "an", "ip_address": "1.2.3.4"},
        "extra": {"form": {"name": "Familie Peeters"}},
        "exception": {
            "values": [
                {
                    "type": "IntegrityError",
                    "value": "Key (email)=(an@example.org) already exists.",
                    "stacktrace": {"frames": [{"function": "save", "vars": {"x": "Peeters"}}]},
                }
            ]
        },
        "breadcrumbs": {"values": [{"message": "mail to an@example.org", "data": {"to": "x"}}]},
    }

    scrubbed = sentry_before_send(event, {})

    assert scrubbed["request"] == {"method": "POST", "url": "https://kring.example/inschrijven/"}
    assert scrubbed["user"] == {"id": "7"}
    assert scrubbed["extra"] == {"form": "[Filtered]"}
    text = repr(scrubbed)
    for personal in ("Peeters", "Janssens", "s3ss10n", "an@example.org", "1.2.3.4"):
        assert personal not in text


def test_before_send_drops_a_user_without_an_id():
    assert "user" not in sentry_before_send({"user": {"email": "an@example.org"}}, {})


def test_sentry_init_without_a_dsn_does_nothing(monkeypatch):
    calls = []
    monkeypatch.setattr(sentry_sdk, "init", lambda **options: calls.append(options))

    assert sentry_init(dsn="", environment="production") is False
    assert calls == []


def test_sentry_init_with_a_dsn_sends_no_personal_data(monkeypatch):
    calls = []
    monkeypatch.setattr(sentry_sdk, "init", lambda **options: calls.append(options))

    assert sentry_init(dsn="https://key@sentry.example/1", environment="staging") is True

    (options,) = calls
    assert options["send_default_pii"] is False
    assert options["max_request_body_size"] == "never"
    assert options["include_local_variables"] is False
    assert options["before_send"] is errors.sentry_before_send
    assert options["traces_sample_rate"] == 0.0
    assert {type(i).__name__ for i in options["integrations"]} == {
        "DjangoIntegration",
        "CeleryIntegration",
    }
