"""registration_submit and the two e-mails a registration causes: written in one transaction
with their outbox rows, sent once, and free of the family's details."""

from __future__ import annotations

import datetime
import logging
import re
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import transaction

from people.factories import StaffFactory, postcode
from people.models import OutboxMessage
from people.outbox import outbox_deliver
from trajects.forms import RegistrationForm
from trajects.models import Registration
from trajects.services import (
    TOPIC_CONFIRMATION,
    TOPIC_STAFF_NOTIFICATION,
    registration_confirmation_send,
    registration_staff_notify,
    registration_submit,
)

from .conftest import form_data

pytestmark = pytest.mark.django_db

SECRET_NAME = "Samira El Amrani"
SECRET_QUESTION = "Vertrouwelijke vraag over de kinderen"


def cleaned(**overrides) -> dict:
    form = RegistrationForm(form_data(core_name=SECRET_NAME, question=SECRET_QUESTION, **overrides))
    assert form.is_valid(), form.errors
    return form.submitted_data()


def submit(token=None, language="nl", **overrides):
    return registration_submit(
        data=cleaned(**overrides), submission_token=token or uuid.uuid4(), language=language
    )


@pytest.fixture
def antwerp_contact(antwerpen):
    contact = StaffFactory(email="staf.antwerpen@kring.test", regions=[antwerpen])
    antwerpen.contact = contact
    antwerpen.save()
    return contact


def test_submit_stores_the_registration_with_reference_region_and_two_outbox_rows(antwerpen):
    registration, created = submit()

    assert created
    assert registration.reference.startswith("EKC-")
    assert registration.region == antwerpen
    assert set(OutboxMessage.objects.values_list("topic", "object_id")) == {
        (TOPIC_CONFIRMATION, registration.pk),
        (TOPIC_STAFF_NOTIFICATION, registration.pk),
    }


def test_references_count_per_year_of_brussels_time(antwerpen, time_machine):
    brussels = ZoneInfo("Europe/Brussels")
    time_machine.move_to(datetime.datetime(2026, 12, 31, 23, 30, tzinfo=brussels), tick=False)
    last_of_the_year, _ = submit()
    # Half past midnight in Brussels is still New Year's Eve in UTC.
    time_machine.move_to(datetime.datetime(2027, 1, 1, 0, 30, tzinfo=brussels), tick=False)
    first_of_the_next, _ = submit()
    second_of_the_next, _ = submit()

    assert last_of_the_year.reference == "EKC-2026-0001"
    assert first_of_the_next.reference == "EKC-2027-0001"
    assert second_of_the_next.reference == "EKC-2027-0002"


def test_submit_with_a_used_token_returns_the_first_registration_and_writes_nothing(antwerpen):
    token = uuid.uuid4()
    first, _ = submit(token)

    again, created = submit(token, registrant_name="Iemand Anders")

    assert not created
    assert again == first
    assert Registration.objects.count() == 1
    assert OutboxMessage.objects.count() == 2


def test_submit_without_registrant_email_writes_only_the_staff_notification(antwerpen):
    registration, _ = submit(
        registrant_type="family_or_friend",
        organisation_type="",
        organisation_name="",
        registrant_email="",
    )

    assert list(OutboxMessage.objects.values_list("topic", flat=True)) == [TOPIC_STAFF_NOTIFICATION]
    assert registration.registrant_phone


def test_submit_stores_an_unknown_language_as_dutch(antwerpen):
    registration, _ = submit(language="xx")

    assert registration.language == "nl"


def test_mails_leave_only_after_the_registration_is_committed(
    antwerp_contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        submit()
        assert mail.outbox == []

    assert len(mail.outbox) == 2
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()


def test_confirmation_mail_gives_the_reference_and_next_steps_but_no_family_details(antwerpen):
    registration, _ = submit()

    assert registration_confirmation_send(registration_id=registration.pk)

    (message,) = mail.outbox
    assert message.to == ["hilde.peeters@caw.example"]
    assert registration.reference in message.subject
    assert registration.reference in message.body
    assert "info@eigenkrachtcentrale.be" in message.body
    for secret in (SECRET_NAME, SECRET_QUESTION, "Hilde", "0470", "2000", "Antwerpen"):
        assert secret not in message.subject + message.body


def test_confirmation_mail_is_in_the_language_of_the_form(antwerpen):
    registration, _ = submit(language="en")

    registration_confirmation_send(registration_id=registration.pk)

    assert "Your reference is" in mail.outbox[0].body
    assert "http://testserver/en/" in mail.outbox[0].body


def test_staff_mail_goes_to_the_regions_contact_with_only_reference_date_and_link(
    antwerp_contact,
):
    registration, _ = submit()

    assert registration_staff_notify(registration_id=registration.pk)

    (message,) = mail.outbox
    assert message.to == [antwerp_contact.email]
    assert registration.reference in message.subject
    link = re.search(r"https?://\S+", message.body).group(0)
    assert link == f"http://testserver/staf/aanmeldingen/{registration.reference}/"
    for secret in (SECRET_NAME, SECRET_QUESTION, "Hilde", "caw.example", "0470", "CAW"):
        assert secret not in message.subject + message.body


def test_staff_mail_goes_to_the_regions_general_address_without_a_contact(antwerpen):
    antwerpen.contact = None
    antwerpen.email = "antwerpen@eigenkrachtcentrale.be"
    antwerpen.save()
    registration, _ = submit()

    registration_staff_notify(registration_id=registration.pk)

    assert mail.outbox[0].to == ["antwerpen@eigenkrachtcentrale.be"]


def test_staff_mail_skips_an_inactive_contact(antwerp_contact, antwerpen):
    antwerp_contact.is_active = False
    antwerp_contact.save()
    registration, _ = submit()

    registration_staff_notify(registration_id=registration.pk)

    assert mail.outbox[0].to == [antwerpen.email]


def test_staff_mail_link_is_in_the_contacts_language(antwerp_contact):
    antwerp_contact.preferred_language = "fr"
    antwerp_contact.save()
    registration, _ = submit()

    registration_staff_notify(registration_id=registration.pk)

    assert f"/fr/staf/aanmeldingen/{registration.reference}/" in mail.outbox[0].body


def test_region_without_any_address_logs_ids_only_and_sends_nothing(antwerpen, caplog):
    antwerpen.contact = None
    antwerpen.email = ""
    antwerpen.save()
    registration, _ = submit()

    with caplog.at_level(logging.WARNING):
        assert not registration_staff_notify(registration_id=registration.pk)

    assert mail.outbox == []
    assert str(registration.pk) in caplog.text
    assert SECRET_NAME not in caplog.text and "Hilde" not in caplog.text


def test_delivering_an_outbox_message_twice_sends_one_mail(antwerp_contact):
    registration, _ = submit()
    message = OutboxMessage.objects.get(topic=TOPIC_STAFF_NOTIFICATION)

    assert outbox_deliver(message_id=message.pk)
    assert not outbox_deliver(message_id=message.pk)

    assert len(mail.outbox) == 1
    assert registration.reference in mail.outbox[0].subject


def test_registration_of_a_deleted_registration_sends_nothing(antwerp_contact):
    registration, _ = submit()
    pk = registration.pk
    registration.delete()

    assert not registration_confirmation_send(registration_id=pk)
    assert not registration_staff_notify(registration_id=pk)
    assert mail.outbox == []


def test_nothing_personal_is_logged_when_a_registration_is_stored(antwerpen, caplog):
    with caplog.at_level(logging.DEBUG, logger="trajects"):
        submit()

    for secret in (SECRET_NAME, SECRET_QUESTION, "Hilde", "caw.example", "0470"):
        assert secret not in caplog.text


def test_limburg_postcode_notifies_limburg(limburg):
    registration, _ = submit(postcode="3500", municipality="Hasselt")

    assert registration.region == limburg
    assert registration.postcode == postcode("3500")
