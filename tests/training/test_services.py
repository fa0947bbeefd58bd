"""application_submit and the e-mails it causes: one transaction, one application per form,
mails that carry a reference and a link but nothing the applicant typed."""

from __future__ import annotations

import logging
import threading
import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import translation

from people.factories import postcode
from people.models import OutboxMessage
from people.outbox import outbox_deliver
from training.factories import ApplicationFactory
from training.models import Application
from training.recruitment import services

pytestmark = pytest.mark.django_db


def submit(**overrides):
    data = {
        "submission_token": uuid.uuid4(),
        "language": "nl",
        "first_name": "Fatima",
        "last_name": "El Amrani",
        "email": "fatima@example.org",
        "phone": "+32470123456",
        "postcode": postcode("2000"),
        "languages": ["nl", "ar"],
        "motivation": "Ik wil gezinnen helpen.",
        "availability": ["weekend"],
        "heard_of_us": "website",
        "consent": True,
    }
    data.update(overrides)
    token = data.pop("submission_token")
    language = data.pop("language")
    return services.application_submit(data=data, submission_token=token, language=language)


def deliver_all() -> None:
    for message in OutboxMessage.objects.filter(sent_at__isnull=True):
        outbox_deliver(message_id=message.pk)


# --- Submitting -------------------------------------------------------------------------------


def test_submit_takes_the_region_from_the_postcode(antwerpen):
    application, created = submit(postcode=postcode("2800"))

    assert created is True
    assert application.region == postcode("2800").region


def test_submit_writes_one_outbox_message_per_mail_with_the_id_only():
    application, _ = submit()

    messages = OutboxMessage.objects.order_by("topic")
    assert [(m.topic, m.object_id) for m in messages] == [
        (services.TOPIC_CONFIRMATION, application.pk),
        (services.TOPIC_STAFF_NOTICE, application.pk),
    ]


def test_submit_with_a_token_that_was_used_returns_the_first_application_and_stores_nothing():
    token = uuid.uuid4()
    first, created_first = submit(submission_token=token)
    second, created_second = submit(submission_token=token, first_name="Someone else")

    assert (created_first, created_second) == (True, False)
    assert second.pk == first.pk
    assert second.first_name == "Fatima"
    assert Application.objects.count() == 1
    assert OutboxMessage.objects.count() == 2


def test_submit_without_consent_is_refused_and_stores_nothing():
    with pytest.raises(ValidationError) as error:
        submit(consent=False)

    assert "consent" in error.value.message_dict
    assert Application.objects.count() == 0
    assert OutboxMessage.objects.count() == 0


@pytest.mark.parametrize(
    "changes",
    [
        {"languages": []},
        {"languages": ["klingon"]},
        {"availability": ["never"]},
        {"heard_of_us": "x"},
    ],
    ids=["no-language", "unknown-language", "unknown-moment", "unknown-source"],
)
def test_submit_refuses_values_that_are_not_in_the_lists(changes):
    with pytest.raises(ValidationError):
        submit(**changes)

    assert Application.objects.count() == 0


def test_submit_with_an_unknown_language_stores_the_default():
    application, _ = submit(language="xx")

    assert application.language == "nl"


def test_submit_logs_no_personal_data(caplog, staff, antwerpen):
    antwerpen.contact = staff
    antwerpen.save()
    caplog.set_level(logging.DEBUG)

    application, _ = submit()
    deliver_all()

    for secret in ("Fatima", "El Amrani", "fatima@example.org", "+32470123456", "gezinnen"):
        assert secret not in caplog.text
    assert application.first_name not in str(application)


# --- The mail to the applicant ----------------------------------------------------------------


def test_applicant_gets_a_confirmation_with_the_reference_and_the_next_steps():
    application, _ = submit()

    deliver_all()

    [confirmation] = [m for m in mail.outbox if m.to == ["fatima@example.org"]]
    assert application.reference in confirmation.subject
    assert application.reference in confirmation.body
    assert "Antwerpen" in confirmation.body
    assert "info@eigenkrachtcentrale.be" in confirmation.body


def test_confirmation_repeats_nothing_the_applicant_typed():
    """A stranger's address typed into the form must not carry a text of the sender's choice."""
    submit(first_name="Buy cheap pills at spam.example", motivation="http://spam.example/now")

    deliver_all()

    [confirmation] = [m for m in mail.outbox if m.to == ["fatima@example.org"]]
    assert "spam.example" not in confirmation.subject + confirmation.body


def test_confirmation_is_written_in_the_language_of_the_page_it_came_from(monkeypatch):
    rendered_in: dict[str, str] = {}
    render = services.render_to_string

    def recording_render(template_name, context):
        if "confirmation" in template_name:
            rendered_in[context["reference"]] = translation.get_language()
        return render(template_name, context)

    monkeypatch.setattr(services, "render_to_string", recording_render)
    dutch, _ = submit(language="nl")
    french, _ = submit(language="fr", email="claire@example.org")
    english, _ = submit(language="en", email="sam@example.org")

    deliver_all()

    assert rendered_in == {dutch.reference: "nl", french.reference: "fr", english.reference: "en"}


def test_confirmation_of_an_erased_application_sends_nothing():
    application, _ = submit()
    pk = application.pk
    application.delete()

    assert services.application_confirmation_send(application_id=pk) is False
    assert mail.outbox == []


# --- The mail to the region's staff -----------------------------------------------------------


def test_regions_staff_contact_gets_a_link_and_the_date_but_no_personal_data(staff, antwerpen):
    antwerpen.contact = staff
    antwerpen.save()
    application, _ = submit(first_name="Fatima", motivation="Mijn geheime motivatie")

    deliver_all()

    [notice] = [m for m in mail.outbox if m.to == [staff.email]]
    assert f"http://testserver/staf/kandidaten/{application.pk}/" in notice.body
    assert application.reference in notice.subject
    for secret in ("Fatima", "El Amrani", "fatima@example.org", "470", "geheime", "2000"):
        assert secret not in notice.subject + notice.body


def test_staff_notice_goes_to_the_regions_address_when_it_has_no_staff_contact(antwerpen):
    antwerpen.contact = None
    antwerpen.email = "antwerpen@eigenkrachtcentrale.be"
    antwerpen.save()

    submit()
    deliver_all()

    assert ["antwerpen@eigenkrachtcentrale.be"] in [m.to for m in mail.outbox]


def test_staff_notice_with_nobody_to_tell_logs_the_region_and_id_only(antwerpen, caplog):
    antwerpen.contact = None
    antwerpen.email = ""
    antwerpen.save()
    application, _ = submit()

    assert services.application_staff_notify(application_id=application.pk) is False

    assert f"application {application.pk} waits" in caplog.text
    assert "Fatima" not in caplog.text


def test_staff_notice_uses_the_staff_members_language(staff, antwerpen):
    staff.preferred_language = "fr"
    staff.save()
    antwerpen.contact = staff
    antwerpen.save()
    application, _ = submit()

    deliver_all()

    [notice] = [m for m in mail.outbox if m.to == [staff.email]]
    assert f"http://testserver/fr/staf/kandidaten/{application.pk}/" in notice.body


def test_each_mail_is_sent_once_even_when_delivered_twice(staff, antwerpen):
    antwerpen.contact = staff
    antwerpen.save()
    submit()

    deliver_all()
    for message in OutboxMessage.objects.all():
        assert outbox_deliver(message_id=message.pk) is False

    assert len(mail.outbox) == 2


# --- Two posts of one form at the same moment (PostgreSQL) ------------------------------------


# serialized_rollback: like every transactional test here, it restores the migrations' data
# (regions, postcodes, roles) after its flush instead of re-creating it, which would clash with
# the next test that reloads it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_posts_of_one_form_store_one_application():
    if connection.vendor != "postgresql":
        pytest.skip("a race needs a database with concurrent writers: run on PostgreSQL")
    token = uuid.uuid4()
    barrier = threading.Barrier(2)
    results: list[tuple[int, bool]] = []
    errors: list[BaseException] = []

    def post() -> None:
        try:
            barrier.wait()
            application, created = submit(submission_token=token)
            results.append((application.pk, created))
        except BaseException as exc:  # pragma: no cover -- reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert Application.objects.count() == 1
    assert sorted(created for _pk, created in results) == [False, True]
    assert len({pk for pk, _created in results}) == 1
    assert OutboxMessage.objects.count() == 2


def test_factory_application_belongs_to_its_postcodes_region():
    application = ApplicationFactory(postcode=postcode("3500"))

    assert application.region.code == "limburg"
