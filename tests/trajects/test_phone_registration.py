"""Phone registrations on /staf/aanmeldingen/telefonisch/: staff type in what a caller says,
with the public form's fields and rules. The registration is stored as received by phone and
taken by the staff member, only with the core person's agreement and only for a postcode in
the staff member's regions (administrators: any). A confirmation e-mail goes out only when the
caller gave an e-mail address; the reference is on the page staff land on."""

from __future__ import annotations

import random
import re
import uuid

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.html import escape

from people.factories import StaffFactory
from people.models import OutboxMessage, Region
from trajects.demo import PHONE_CALLS, seed
from trajects.forms import RegistrationForm
from trajects.models import Channel, Registration, RegistrationStatus
from trajects.services import TOPIC_CONFIRMATION, TOPIC_STAFF_NOTIFICATION, registration_submit

from .conftest import assert_error_shown, form_data, html

pytestmark = pytest.mark.django_db

URL = "/en/staf/aanmeldingen/telefonisch/"
LIST_URL = "/en/staf/aanmeldingen/"


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English (on /en/): Dutch and French wording belongs to the
    translators."""
    with translation.override("en"):
        yield


def phone_data(**overrides) -> dict[str, object]:
    """What staff type in for a caller: the public form's post, without its bot protection."""
    data = form_data(**overrides)
    for name in ("website", "started", "step"):
        data.pop(name, None)
    return data


def detail_url(registration: Registration) -> str:
    return f"/en/staf/aanmeldingen/{registration.reference}/"


# --- Recording one ------------------------------------------------------------------------------


def test_staff_of_antwerpen_record_a_phone_registration_taken_by_them(client, login, staff):
    # A name the page escapes (CI drew "Sien D'Hondt" once, and the check without escape failed).
    staff.last_name = "D'Hondt"
    staff.save(update_fields=["last_name"])
    login(client, staff)
    assert client.get(URL).status_code == 200

    response = client.post(URL, phone_data(), follow=True)

    registration = Registration.objects.get()
    assert registration.channel == Channel.PHONE
    assert registration.taken_by == staff
    assert registration.status == RegistrationStatus.NEW
    assert registration.region.code == "antwerpen"
    assert registration.core_name == "Samira El Amrani"
    assert registration.core_person_agrees and registration.privacy_acknowledged
    assert response.redirect_chain == [(detail_url(registration), 302)]
    content = html(response)
    # The message names the reference, so staff can tell the caller.
    assert (
        f"The phone registration has been recorded with reference {registration.reference}"
        in content
    )
    assert f"Received by phone — call taken by {escape(staff.get_full_name())}" in content


def test_an_administrator_records_a_phone_registration_in_any_region(
    client, login, administrator, limburg
):
    login(client, administrator)

    response = client.post(URL, phone_data(postcode="3500", municipality="Hasselt"))

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(registration)
    assert (registration.region, registration.taken_by) == (limburg, administrator)


def test_without_the_core_persons_agreement_nothing_is_recorded(client, login, staff):
    login(client, staff)

    response = client.post(URL, phone_data(core_person_agrees="not_yet"))

    assert_error_shown(
        response,
        "core_person_agrees",
        "A registration is only recorded when the core person knows about it and agrees.",
    )
    assert not Registration.objects.exists()
    # What was typed is kept.
    assert 'value="Hilde Peeters"' in html(response)
    assert "Samira wil met haar familie een plan maken" in html(response)


def test_without_telling_the_caller_about_privacy_nothing_is_recorded(client, login, staff):
    login(client, staff)

    response = client.post(URL, phone_data(privacy_acknowledged=None))

    assert_error_shown(
        response,
        "privacy_acknowledged",
        "Tell the caller about the privacy notice, then tick the box to confirm.",
    )
    assert "I told the caller about the privacy notice" in html(response)
    assert not Registration.objects.exists()


def test_staff_cannot_record_a_postcode_outside_their_regions(client, login, staff, limburg):
    login(client, staff)

    response = client.post(URL, phone_data(postcode="3500", municipality="Hasselt"))

    assert_error_shown(
        response, "postcode", "Postcode 3500 belongs to the region Limburg, which is not one"
    )
    assert not Registration.objects.exists()
    assert 'value="3500"' in html(response)


def test_bad_input_is_shown_next_to_the_fields_with_the_input_kept(client, login, staff):
    login(client, staff)

    response = client.post(
        URL,
        phone_data(
            postcode="20x0",
            registrant_email="not-an-address",
            wished_start_date="someday",
            conference_language="xx",
            registrant_type="robot",
        ),
    )

    assert response.status_code == 200
    content = html(response)
    for field in ("postcode", "registrant_email", "wished_start_date", "conference_language"):
        assert re.search(
            rf'field--error[^"]*">\s*(?:(?!<div class="field[\s"]).)*?name="{field}"', content, re.S
        ), field
    assert 'value="not-an-address"' in content
    assert not Registration.objects.exists()


def test_an_empty_post_shows_errors_not_a_crash(client, login, staff):
    login(client, staff)

    response = client.post(URL, {})

    assert response.status_code == 200
    assert "Please check the following" in html(response)
    assert not Registration.objects.exists()


def test_sending_the_same_form_twice_records_one_registration(client, login, staff):
    login(client, staff)
    data = phone_data(submission=str(uuid.uuid4()))

    first = client.post(URL, data)
    second = client.post(URL, data, follow=True)

    registration = Registration.objects.get()
    assert first["Location"] == detail_url(registration)
    assert second.redirect_chain == [(detail_url(registration), 302)]
    assert f"already recorded, with reference {registration.reference}" in html(second)
    assert OutboxMessage.objects.filter(topic=TOPIC_STAFF_NOTIFICATION).count() == 1


def test_a_form_shown_again_with_errors_keeps_its_submission_token(client, login, staff):
    login(client, staff)
    token = str(uuid.uuid4())

    response = client.post(URL, phone_data(submission=token, core_name="", core_phone=""))

    assert response.status_code == 200
    assert f'name="submission" value="{token}"' in html(response)


def test_a_token_that_stored_another_regions_registration_names_nothing(
    client, login, staff, other_staff, limburg
):
    token = str(uuid.uuid4())
    login(client, other_staff)
    client.post(URL, phone_data(submission=token, postcode="3500", municipality="Hasselt"))
    limburg_one = Registration.objects.get()
    login(client, staff)

    response = client.post(URL, phone_data(submission=token))

    assert response.status_code == 200
    assert "This form was already sent." in html(response)
    assert limburg_one.reference not in html(response)
    assert Registration.objects.count() == 1


# --- E-mails ------------------------------------------------------------------------------------


def test_without_an_email_address_no_confirmation_is_sent_and_the_page_says_so(
    client, login, staff, django_capture_on_commit_callbacks
):
    login(client, staff)
    data = phone_data(
        registrant_type="family_or_friend",
        organisation_type="",
        organisation_name="",
        registrant_email="",
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data, follow=True)

    registration = Registration.objects.get()
    assert registration.registrant_email == ""
    assert not OutboxMessage.objects.filter(topic=TOPIC_CONFIRMATION).exists()
    # Only the region's staff are told; nobody else gets a mail.
    assert all(registration.reference in message.subject for message in mail.outbox)
    assert all("hilde" not in " ".join(message.to) for message in mail.outbox)
    assert not [m for m in mail.outbox if "Your reference is" in m.body]
    assert "The caller gave no e-mail address, so no confirmation is sent." in html(response)


def test_with_an_email_address_the_caller_gets_the_confirmation_with_the_status_link(
    client, login, staff, django_capture_on_commit_callbacks
):
    login(client, staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, phone_data(), follow=True)

    registration = Registration.objects.get()
    (confirmation,) = [m for m in mail.outbox if m.to == ["hilde.peeters@caw.example"]]
    assert registration.reference in confirmation.subject
    assert registration.reference in confirmation.body
    assert re.search(r"http://testserver/\S*aanvraag/\S+/", confirmation.body)
    assert "Samira" not in confirmation.body  # no family details in a mail
    assert "A confirmation e-mail with a link to follow the registration goes to" in html(response)


def test_a_french_caller_gets_the_confirmation_in_french(
    client, login, staff, django_capture_on_commit_callbacks
):
    login(client, staff)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, phone_data(conference_language="fr"))

    assert Registration.objects.get().language == "fr"


# --- Who may ------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client):
    for response in (client.get(URL), client.post(URL, phone_data())):
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/?next=")
    assert not Registration.objects.exists()


@pytest.mark.parametrize("persona", ["coordinator", "coach", "editor"])
def test_coordinators_coaches_and_editors_get_404(client, login, personas, persona):
    login(client, personas[persona])

    assert client.get(URL).status_code == 404
    assert client.post(URL, phone_data()).status_code == 404
    assert not Registration.objects.exists()


def test_staff_of_another_region_cannot_record_nor_see_an_antwerpen_registration(
    client, login, staff, other_staff
):
    login(client, staff)
    client.post(URL, phone_data())
    recorded = Registration.objects.get()
    login(client, other_staff)

    assert client.get(detail_url(recorded)).status_code == 404
    assert recorded.reference not in html(client.get(LIST_URL))

    response = client.post(URL, phone_data())

    assert_error_shown(
        response, "postcode", "Postcode 2000 belongs to the region Antwerp, which is not one"
    )
    assert Registration.objects.count() == 1


def test_the_service_refuses_a_call_taker_of_another_region(other_staff, antwerpen):
    form = RegistrationForm(form_data())
    assert form.is_valid(), form.errors

    with pytest.raises(PermissionDenied):
        registration_submit(
            data=form.submitted_data(),
            submission_token=uuid.uuid4(),
            language="nl",
            channel=Channel.PHONE,
            taken_by=other_staff,
        )
    with pytest.raises(ValueError, match="names who took the call"):
        registration_submit(
            data=form.submitted_data(),
            submission_token=uuid.uuid4(),
            language="nl",
            taken_by=other_staff,
        )
    assert not Registration.objects.exists()


# --- Where staff see it -------------------------------------------------------------------------


def test_the_list_links_to_the_phone_page_and_marks_phone_registrations(client, login, staff):
    login(client, staff)
    client.post(URL, phone_data())
    form_one = RegistrationForm(form_data(submission=str(uuid.uuid4())))
    assert form_one.is_valid(), form_one.errors
    registration_submit(
        data=form_one.submitted_data(), submission_token=uuid.uuid4(), language="nl"
    )

    content = html(client.get(LIST_URL))

    assert f'href="{URL}"' in content
    assert "Record a phone registration" in content
    assert content.count(f"Received by phone — call taken by {escape(staff.get_full_name())}") == 1


def test_the_demo_has_phone_registrations_taken_by_staff_of_their_region():
    for region in Region.objects.all():
        region.contact = StaffFactory(regions=[region])
        region.save(update_fields=["contact"])

    seed(rng=random.Random(2026))

    phoned = Registration.objects.filter(channel=Channel.PHONE).select_related("taken_by")
    assert phoned.count() == len(PHONE_CALLS)
    assert phoned.filter(region__code="antwerpen").exists()
    for registration in phoned:
        assert registration.taken_by.regions.filter(pk=registration.region_id).exists()
    assert not Registration.objects.filter(channel=Channel.FORM, taken_by__isnull=False).exists()
