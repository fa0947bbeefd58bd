"""The registration page at /aanmelden/ (and /fr/demande/, /en/register/): the form, its
errors, the confirmation, and what it does with bots, double posts and busy offices (the
"check your answers" step: test_registration_check.py)."""

from __future__ import annotations

import re
import uuid
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cms import routes
from people.models import OutboxMessage
from people.regions import GENERAL_PHONE
from tests.trajects.conftest import (
    CONFIRMATION,
    EN_URL,
    PAGE_URL,
    assert_error_shown,
    form_data,
    hidden_fields,
    hidden_value,
    html,
    post,
    started,
)
from trajects import pages as registration_pages
from trajects.models import Registration, RegistrationPage

pytestmark = pytest.mark.django_db

# --- The page -----------------------------------------------------------------------------------


def test_registration_page_shows_the_form_to_anonymous_visitors(client, registration_page):
    response = client.get(PAGE_URL)

    assert response.status_code == 200
    content = html(response)
    for name in ("registrant_type", "postcode", "municipality", "question", "core_person_agrees"):
        assert f'name="{name}"' in content
    assert 'name="website"' in content  # the honeypot, hidden from people
    assert re.search(r'<div hidden>\s*<label[^>]*for="id_website"', content)
    assert 'name="submission"' in content
    assert 'method="post"' in content and "csrfmiddlewaretoken" in content


def test_registration_page_has_title_description_canonical_and_hreflang(client, registration_page):
    content = html(client.get(PAGE_URL))

    assert "<title>Aanmelden voor een Eigen Kracht-conferentie" in content
    assert re.search(r'<meta name="description" content="Meld jezelf[^"]+">', content)
    assert '<link rel="canonical" href="http://testserver/aanmelden/">' in content
    assert '<link rel="alternate" hreflang="nl" href="http://testserver/aanmelden/">' in content
    assert '<link rel="alternate" hreflang="fr" href="http://testserver/fr/demande/">' in content
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/register/">' in content
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://testserver/aanmelden/">' in content
    )


@pytest.mark.parametrize(
    ("url", "language", "heading"),
    [
        ("/aanmelden/", "nl", "Aanmelden"),
        ("/fr/demande/", "fr", "Demande"),
        ("/en/register/", "en", "Register"),
    ],
)
def test_registration_page_answers_in_each_language(
    client, registration_page, url, language, heading
):
    response = client.get(url)

    assert response.status_code == 200
    assert re.search(rf'<html lang="{language}', html(response))
    assert f"<h1>{heading}</h1>" in html(response)


def test_registration_page_links_the_privacy_notice(client, registration_page):
    assert 'href="https://www.eigenkrachtcentrale.be/privacy/"' in html(client.get(PAGE_URL))


def test_the_chosen_privacy_page_is_linked_and_follows_a_published_change_at_once(
    client, registration_page
):
    """The link is kept in the process (cms.pagecache.kept) until a page is published."""
    from cms.models import ContentPage

    home = registration_page.get_parent()
    privacy = home.add_child(instance=ContentPage(title="Privacy", slug="privacy-bij-ekc"))
    registration_page.privacy_page = privacy
    registration_page.save_revision().publish()
    assert 'href="/privacy-bij-ekc/"' in html(client.get(PAGE_URL))

    privacy.slug = "privacyverklaring"
    privacy.save_revision().publish()

    assert 'href="/privacyverklaring/"' in html(client.get(PAGE_URL))


def test_registration_page_is_a_child_of_the_home_page_only_and_has_no_children():
    assert RegistrationPage.parent_page_types == ["cms.HomePage"]
    assert RegistrationPage.subpage_types == []
    assert RegistrationPage.max_count_per_parent == 1


def test_registration_page_needs_a_privacy_notice(registration_page):
    from django.core.exceptions import ValidationError

    registration_page.privacy_url = ""
    registration_page.privacy_page = None

    with pytest.raises(ValidationError, match="privacy"):
        registration_page.full_clean()


def test_other_methods_than_get_and_post_are_refused(client, registration_page):
    assert client.put(PAGE_URL).status_code == 405


# --- A good registration ----------------------------------------------------------------------


def test_valid_registration_is_stored_and_the_visitor_sees_the_reference(
    client, registration_page, antwerpen
):
    data = form_data()

    response = post(client, data)

    assert response.status_code == 302
    match = CONFIRMATION.match(response["Location"])
    assert match and match.group(1) == data["submission"]
    registration = Registration.objects.get()
    assert re.fullmatch(r"EKC-\d{4}-0001", registration.reference)
    assert registration.region == antwerpen
    assert registration.status == "new"
    assert registration.language == "nl"
    assert registration.registrant_phone == "+3231234567"  # E.164
    assert registration.core_phone == "+32470123456"
    assert registration.languages == ["nl", "ar"]
    assert registration.core_person_agrees and registration.privacy_acknowledged

    confirmation = client.get(response["Location"])
    assert confirmation.status_code == 200
    content = html(confirmation)
    assert registration.reference in content
    assert "info@eigenkrachtcentrale.be" in content and GENERAL_PHONE in content
    assert '<meta name="robots" content="noindex">' in content
    # The confirmation repeats none of what was typed in.
    for typed in ("Hilde", "Samira", "hilde.peeters@caw.example", "0470", "plan maken"):
        assert typed not in content


def test_registration_in_french_is_stored_in_french_and_confirmed_on_the_french_page(
    client, registration_page
):
    response = post(client, form_data(), url="/fr/demande/")

    assert response.status_code == 302
    assert re.match(r"^/fr/demande/bedankt/[0-9a-f-]{36}/$", response["Location"])
    assert Registration.objects.get().language == "fr"
    assert re.search(r'<html lang="fr', html(client.get(response["Location"])))


def test_core_person_registering_for_themselves_need_not_type_their_details_twice(
    client, registration_page
):
    data = form_data(
        registrant_type="core_person",
        organisation_type="",
        organisation_name="",
        registrant_name="Jan Janssens",
        registrant_email="jan@example.org",
        registrant_phone="",
        core_name="",
        core_phone="",
        core_email="",
    )

    assert post(client, data).status_code == 302
    registration = Registration.objects.get()
    assert registration.core_name == "Jan Janssens"
    assert registration.core_email == "jan@example.org"


def test_organisation_typed_before_choosing_family_is_not_kept(client, registration_page):
    data = form_data(registrant_type="family_or_friend")

    assert post(client, data).status_code == 302
    registration = Registration.objects.get()
    assert (registration.organisation_type, registration.organisation_name) == ("", "")


def test_municipality_is_accepted_in_any_case_and_stored_as_spelled_for_the_postcode(
    client, registration_page
):
    data = form_data(postcode="3500", municipality="  sint lambrechts-HERK ")

    assert post(client, data).status_code == 302
    registration = Registration.objects.get()
    assert registration.municipality == "Sint-Lambrechts-Herk"
    assert registration.region.code == "limburg"


def test_a_postcode_in_wallonia_goes_to_the_nearest_region_and_says_so(client, registration_page):
    response = post(client, form_data(postcode="1300", municipality="Wavre"))

    registration = Registration.objects.get()
    assert registration.region.code == "brussel-halle-vilvoorde"
    assert 'data-testid="outside-service-area"' in html(client.get(response["Location"]))


# --- Bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message", "in_summary"),
    [
        ({"postcode": "9999"}, "postcode", "does not exist in Belgium", ""),
        ({"postcode": "20a0"}, "postcode", "four digits", ""),
        ({"municipality": "Gent"}, "municipality", "Choose one of: Antwerpen", ""),
        ({"registrant_email": "hilde@"}, "registrant_email", "valid email", ""),
        ({"registrant_phone": "12"}, "registrant_phone", "phone number we can call", ""),
        ({"registrant_name": ""}, "registrant_name", "required", "Fill in “Your name”."),
        ({"registrant_name": "x" * 151}, "registrant_name", "at most 150", "Your name: Ensure"),
        ({"question": "x" * 4001}, "question", "at most 4000", ""),
        ({"organisation_type": ""}, "organisation_type", "type of organisation", ""),
        ({"organisation_name": ""}, "organisation_name", "name of your organisation", ""),
        ({"registrant_email": ""}, "registrant_email", "As a professional, give your e-mail", ""),
        ({"core_phone": "", "core_email": ""}, "core_phone", "of the core person", ""),
        ({"core_name": ""}, "core_name", "name of the core person", ""),
        ({"privacy_acknowledged": None}, "privacy_acknowledged", "privacy notice", ""),
        ({"wished_start_date": "2001-01-01"}, "wished_start_date", "This date has passed", ""),
        (
            {"children_involved": "maybe"},
            "children_involved",
            "Select a valid choice",
            "Are children involved: Select a valid choice",
        ),
        (
            {"children_involved": None},
            "children_involved",
            "required",
            "Choose an answer to “Are children involved?”.",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_bad_input_is_shown_next_to_the_field_and_in_the_summary_and_nothing_is_stored(
    client, registration_page, changes, field, message, in_summary
):
    response = post(client, form_data(**changes), url=EN_URL)

    assert_error_shown(response, field, message, in_summary)
    assert not Registration.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_family_member_without_email_or_phone_is_asked_for_one(client, registration_page):
    data = form_data(registrant_type="family_or_friend", registrant_email="", registrant_phone="")

    assert_error_shown(
        post(client, data, url=EN_URL), "registrant_phone", "so that we can reach you"
    )


def test_input_is_kept_when_the_form_comes_back_with_errors(client, registration_page):
    data = form_data(postcode="9999")

    content = html(post(client, data))

    assert 'value="Hilde Peeters"' in content
    assert 'value="9999"' in content
    assert "Samira wil met haar familie een plan maken" in content
    assert re.search(r'value="ar"[^>]*checked|checked[^>]*value="ar"', content)
    # The same submission token comes back, so a later double post is still caught.
    assert f'value="{data["submission"]}"' in content


def test_error_page_title_starts_with_error(client, registration_page):
    content = html(post(client, form_data(postcode="9999"), url=EN_URL))

    assert re.search(r"<title>Error: ", content)


@pytest.mark.parametrize("answer", ["not_yet", "no"])
def test_registration_without_the_core_persons_agreement_explains_why_and_what_to_do(
    client, registration_page, answer
):
    response = post(client, form_data(core_person_agrees=answer), url=EN_URL)

    assert_error_shown(response, "core_person_agrees", "talk to them first")
    content = html(response)
    assert GENERAL_PHONE in content
    assert "they choose what the plan is about" in content  # why: the help text
    assert not Registration.objects.exists()


def test_script_typed_into_a_field_is_shown_as_text(client, registration_page):
    script = '<script>alert("x")</script><b>vet</b>'
    response = post(client, form_data(registrant_name=script, question=script, postcode="9999"))

    content = html(response)
    assert "<script>alert" not in content
    assert "<b>vet</b>" not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content


# --- Bots, double posts, busy offices --------------------------------------------------------


def test_bot_that_fills_the_honeypot_gets_an_ordinary_looking_page_and_nothing_is_stored(
    client, registration_page
):
    response = post(client, form_data(website="http://spam.example"))

    assert response.status_code == 302
    assert response["Location"] == "/aanmelden/bedankt/"
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "<h1>" in html(thanks)
    assert 'data-testid="reference"' not in html(thanks)
    assert "EKC-" not in html(thanks)
    assert not Registration.objects.exists()
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize("step", ["check", "send"])
@pytest.mark.parametrize(
    "stamp",
    ["1 second ago", "forged", None],
    ids=["1 second after it was shown", "forged time stamp", "no time stamp"],
)
def test_a_valid_form_sent_too_fast_comes_back_to_send_again_never_a_thank_you(
    client, registration_page, stamp, step
):
    if stamp == "1 second ago":
        stamp = started(seconds_ago=1)
    data = form_data(started=stamp, step=step)

    response = post(client, data, url=EN_URL)

    assert response.status_code == 200
    content = html(response)
    assert "Please check your answers and send the form again." in content
    assert re.search(r'<div class="form-errors"[^>]*tabindex="-1"', content)
    assert 'class="registration-form"' in content  # the form, not a confirmation
    assert "Thank you" not in content and "EKC-" not in content
    # The input is kept, the token too, and the stamp is new.
    assert 'value="Hilde Peeters"' in content
    assert f'value="{data["submission"]}"' in content
    assert hidden_value(content, "started") not in ("", data.get("started"))
    assert not Registration.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_sent_again_after_coming_back_it_goes_through_and_gets_a_reference(
    client, registration_page
):
    data = form_data(started=started(seconds_ago=1))
    del data["step"]  # the form's own button: step=check
    again = post(client, data)
    assert not Registration.objects.exists()

    # The visitor presses "Continue" again at once: the new stamp lets it through.
    check = post(client, {**data, "started": hidden_value(html(again), "started")})
    assert check.status_code == 200
    assert 'value="send"' in html(check)
    sent = post(client, {**hidden_fields(html(check)), "step": "send"})

    assert sent.status_code == 302
    registration = Registration.objects.get()
    assert re.fullmatch(r"EKC-\d{4}-0001", registration.reference)
    assert registration.reference in html(client.get(sent["Location"]))


def test_the_same_form_posted_twice_stores_one_registration_and_sends_one_set_of_mails(
    client, registration_page, django_capture_on_commit_callbacks
):
    data = form_data()

    with django_capture_on_commit_callbacks(execute=True):
        first = post(client, data)
        second = post(client, data)  # double click, back button, second tab

    assert first["Location"] == second["Location"]
    assert Registration.objects.count() == 1
    assert OutboxMessage.objects.count() == 2
    assert len(mail.outbox) == 2


def test_a_second_form_is_a_second_registration(client, registration_page):
    post(client, form_data())
    post(client, form_data())

    assert Registration.objects.count() == 2
    assert sorted(Registration.objects.values_list("reference", flat=True))[-1].endswith("0002")


def test_rate_limit_is_generous_enough_for_a_social_workers_office():
    assert registration_pages.RATE_LIMIT >= 20
    assert registration_pages.RATE_PERIOD <= 60 * 60


def test_over_the_rate_limit_the_visitor_keeps_their_input_and_gets_the_phone_number(
    client, registration_page, monkeypatch
):
    monkeypatch.setattr(registration_pages, "RATE_LIMIT", 2)
    for _ in range(2):
        assert post(client, form_data()).status_code == 302

    data = form_data(registrant_name="Derde Aanmelder")
    response = post(client, data)

    assert response.status_code == 429
    content = html(response)
    assert "form-errors" in content
    assert GENERAL_PHONE in content
    assert 'value="Derde Aanmelder"' in content
    assert Registration.objects.count() == 2


def test_rate_limit_counts_per_address(client, registration_page, monkeypatch):
    monkeypatch.setattr(registration_pages, "RATE_LIMIT", 1)
    assert post(client, form_data()).status_code == 302
    assert post(client, form_data()).status_code == 429

    other_office = client.post(PAGE_URL, form_data(), REMOTE_ADDR="192.0.2.7")

    assert other_office.status_code == 302


def test_a_double_post_over_the_rate_limit_still_gets_its_confirmation(
    client, registration_page, monkeypatch
):
    monkeypatch.setattr(registration_pages, "RATE_LIMIT", 1)
    data = form_data()
    first = post(client, data)

    again = post(client, data)

    assert again.status_code == 302
    assert again["Location"] == first["Location"]


# --- The confirmation page --------------------------------------------------------------------


def test_the_confirmation_is_private_and_passes_its_address_to_no_one(client, registration_page):
    sent = post(client, form_data())

    response = client.get(sent["Location"])

    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    assert response["Referrer-Policy"] == "no-referrer"


def test_unknown_confirmation_token_is_a_404(client, registration_page):
    client.raise_request_exception = False

    assert client.get(f"/aanmelden/bedankt/{uuid.uuid4()}/").status_code == 404
    assert client.get("/aanmelden/bedankt/not-a-token/").status_code == 404


# --- The page kept for its address (cms.routes) ---------------------------------------------------


def test_the_form_kept_for_its_address_shows_nobody_else_s_answers_and_its_thank_you_is_routed(
    client, registration_page, antwerpen, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    other = Client()
    with mock.patch.object(routes, "_route_to_keep", wraps=routes._route_to_keep) as build:
        assert client.get(PAGE_URL).status_code == 200
        refused = post(other, form_data(registrant_email="not an address"))
        assert refused.status_code == 200 and "Hilde" in html(refused)

        shown = client.get(PAGE_URL)
        assert shown.status_code == 200
        assert "Hilde" not in html(shown) and "not an address" not in html(shown)
        assert build.call_count == 1  # the second view came from the page kept

        response = post(client, form_data())
        assert response.status_code == 302
        for _ in range(2):  # the thank-you address with its token is routed every time
            confirmation = client.get(response["Location"])
            assert confirmation.status_code == 200
            assert Registration.objects.get().reference in html(confirmation)
        assert build.call_count == 3


def test_a_post_to_the_form_kept_for_its_address_is_not_routed_again_and_stops_when_unpublished(
    client, registration_page, antwerpen, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    assert client.get(PAGE_URL).status_code == 200

    with CaptureQueriesContext(connection) as captured:
        response = post(client, form_data())

    assert response.status_code == 302 and CONFIRMATION.match(response["Location"])
    assert Registration.objects.count() == 1
    assert not any('FROM "wagtailcore_page"' in query["sql"] for query in captured)

    registration_page.unpublish()
    client.raise_request_exception = False
    assert post(client, form_data()).status_code == 404
    assert Registration.objects.count() == 1
