"""training's part of the register of personal data: the applicant and the volunteer as data
subjects (search within the staff's scope, collect, erase), the retention of stopped
applications, certificates of an erased volunteer no longer verifying, and the applicant's own
"delete my application" page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from people.factories import postcode
from people.models import OutboxMessage
from people.privacy.registry import subject
from training.factories import ApplicationFactory, CertificateFactory, TrackEnrolmentFactory
from training.learning.models import ReflectionAnswer, TrackEnrolment
from training.models import Application, ApplicationStatus, ApplicationStep, Certificate
from training.privacy import unsuccessful_applications_due
from training.recruitment import services
from training.recruitment.services import application_delete_token

from .conftest import PAGE_URL, application_post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MOTIVATION = "Canary-motivation: ik ken de buurt van de Seefhoek."
STEP_NOTE = "Canary-note: belt liefst na 18 uur."


def applicant(**overrides) -> Application:
    data = {
        "first_name": "Fatima",
        "last_name": "Canarywoman",
        "email": "fatima.canary@example.org",
        "phone": "+32470555666",
        "motivation": MOTIVATION,
    }
    data.update(overrides)
    application = ApplicationFactory(**data)
    ApplicationStep.objects.create(
        application=application,
        status=ApplicationStatus.INTAKE,
        occurred_on=timezone.localdate(),
        note=STEP_NOTE,
    )
    return application


def delete_url(application: Application, prefix: str = "") -> str:
    return f"{prefix}/vrijwilliger-worden/verwijderen/{application_delete_token(application)}/"


# --- The applicant ------------------------------------------------------------------------------


def test_staff_find_an_applicant_of_their_region_by_name_email_phone_or_reference(staff):
    application = applicant()
    search = subject("applicant").search

    for query in ("canarywoman", "Fatima Canary", "FATIMA.CANARY@example.org", "0470 55 56 66"):
        assert list(search(staff, query)) == [application], query
    assert list(search(staff, application.reference)) == [application]
    assert list(search(staff, "")) == []


def test_staff_of_another_region_cannot_find_the_applicant(other_staff, coordinator):
    applicant()

    assert list(subject("applicant").search(other_staff, "Canarywoman")) == []
    assert list(subject("applicant").search(coordinator, "Canarywoman")) == []
    assert not subject("applicant").visible_to(other_staff).exists()


def test_the_export_of_an_applicant_holds_the_application_and_its_steps(staff):
    application = applicant()

    collected = subject("applicant").collect(application)

    text = repr(collected)
    for planted in ("Canarywoman", "fatima.canary@example.org", MOTIVATION, STEP_NOTE):
        assert planted in text
    assert collected["Application"][0]["reference"] == application.reference


def test_erasing_an_applicant_keeps_the_row_for_the_figures_and_removes_the_person():
    application = applicant()
    now = timezone.now()
    OutboxMessage.objects.create(topic=services.TOPIC_CONFIRMATION, object_id=application.pk)

    subject("applicant").erase(application, now)

    stored = Application.objects.get(pk=application.pk)
    assert stored.anonymised_at == now
    assert (stored.first_name, stored.last_name, stored.email, stored.phone) == ("", "", "", "")
    assert stored.motivation == "" and stored.languages == [] and stored.availability == []
    assert stored.status == application.status and stored.region_id == application.region_id
    assert list(stored.steps.values_list("note", flat=True)) == [""]
    assert not OutboxMessage.objects.filter(object_id=application.pk).exists()
    assert subject("applicant").is_erased(stored)


def test_erasing_an_applicant_twice_changes_nothing_the_second_time():
    application = applicant()
    first = timezone.now()
    subject("applicant").erase(application, first)

    subject("applicant").erase(
        Application.objects.get(pk=application.pk), first + datetime.timedelta(days=1)
    )

    assert Application.objects.get(pk=application.pk).anonymised_at == first


# --- Retention of stopped applications ------------------------------------------------------------


def test_only_applications_stopped_longer_than_the_period_are_due(settings):
    settings.KRING_RETENTION_APPLICATION_DAYS = 365
    now = timezone.now()
    days = datetime.timedelta(days=1)

    def stopped(ago: int, **fields) -> Application:
        return ApplicationFactory(
            status=ApplicationStatus.STOPPED, status_changed_at=now - ago * days, **fields
        )

    past = stopped(366)
    stopped(364)
    stopped(400, anonymised_at=now - days)
    ApplicationFactory(status=ApplicationStatus.INTAKE, status_changed_at=now - 800 * days)
    # Stopped without a recorded change: counted from when it came in.
    never_changed = ApplicationFactory(
        status=ApplicationStatus.STOPPED, created_at=now - 500 * days
    )

    assert set(unsuccessful_applications_due(now)) == {past, never_changed}


def test_the_retention_rule_anonymises_one_application_with_the_same_erase(settings):
    from people.privacy.registry import REGISTER

    rule = REGISTER.retention_rules["training.unsuccessful_application"]
    now = timezone.now()
    application = applicant(
        status=ApplicationStatus.STOPPED, status_changed_at=now - datetime.timedelta(days=400)
    )

    [due] = rule.due(now)
    rule.apply(due, now)

    assert Application.objects.get(pk=application.pk).motivation == ""
    assert list(rule.due(now)) == []


# --- The volunteer ---------------------------------------------------------------------------------


def test_staff_find_a_volunteer_of_their_region_and_others_do_not(staff, other_staff, coordinator):
    search = subject("volunteer").search

    assert list(search(staff, coordinator.email)) == [coordinator]
    assert coordinator in search(staff, coordinator.first_name)
    assert list(search(other_staff, coordinator.email)) == []


def test_the_export_of_a_volunteer_holds_their_training(coordinator):
    enrolment = TrackEnrolmentFactory(user=coordinator)
    TrackEnrolment.objects.filter(pk=enrolment.pk).update(sign_off_note="Canary sign-off")
    ReflectionAnswer.objects.create(
        user=coordinator,
        lesson_key="00000000-0000-0000-0000-000000000001",
        block_id="r1",
        text="Canary reflection",
    )
    CertificateFactory(user=coordinator, holder_name="Cor Canary")

    text = repr(subject("volunteer").collect(coordinator))

    for planted in (coordinator.email, "Canary sign-off", "Canary reflection", "Cor Canary"):
        assert planted in text


def test_erasing_a_volunteer_blanks_their_training_texts_and_their_application(coordinator):
    enrolment = TrackEnrolmentFactory(user=coordinator)
    TrackEnrolment.objects.filter(pk=enrolment.pk).update(sign_off_note="Canary sign-off")
    ReflectionAnswer.objects.create(
        user=coordinator,
        lesson_key="00000000-0000-0000-0000-000000000001",
        block_id="r1",
        text="Canary reflection",
    )
    certificate = CertificateFactory(user=coordinator, holder_name="Cor Canary")
    application = applicant(user=coordinator)
    now = timezone.now()

    subject("volunteer").erase(coordinator, now)
    subject("volunteer").erase(coordinator, now)  # idempotent

    coordinator.refresh_from_db()
    assert coordinator.anonymised_at is not None and coordinator.first_name == ""
    assert ReflectionAnswer.objects.get(user=coordinator).text == ""
    assert TrackEnrolment.objects.get(pk=enrolment.pk).sign_off_note == ""
    assert Certificate.objects.get(pk=certificate.pk).holder_name == ""
    assert Application.objects.get(pk=application.pk).anonymised_at is not None
    assert subject("volunteer").is_erased(coordinator)


def test_a_certificate_of_an_erased_volunteer_no_longer_verifies(client, coordinator):
    certificate = CertificateFactory(user=coordinator, holder_name="Cor Canary")
    url = f"/certificaat/{certificate.code}/"
    assert client.get(url).status_code == 200

    subject("volunteer").erase(coordinator, timezone.now())

    response = client.get(url)
    assert response.status_code == 404
    assert "Cor Canary" not in response.content.decode()


# --- The applicant's own deletion -----------------------------------------------------------------


def test_the_confirmation_mail_and_the_thank_you_page_link_to_the_deletion(
    client, recruitment_page, django_capture_on_commit_callbacks, time_machine
):
    # The link's signature carries the second it was made in: the mail and the page, made a
    # moment apart, name the same link only within one second (a loaded CI machine crossed one).
    time_machine.move_to(timezone.now(), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE_URL, application_post())
    application = Application.objects.get()
    for message in OutboxMessage.objects.filter(sent_at__isnull=True):
        from people.outbox import outbox_deliver

        outbox_deliver(message_id=message.pk)

    thanks = client.get(response["Location"]).content.decode()
    [confirmation] = [m for m in mail.outbox if m.to == [application.email]]
    link = re.search(r"/vrijwilliger-worden/verwijderen/[^/\s]+/", confirmation.body)
    assert link, confirmation.body
    assert link.group(0) in thanks
    assert application.first_name not in confirmation.body


def test_the_applicant_deletes_their_application_with_the_button(client):
    application = applicant()
    url = delete_url(application, prefix="/en")

    asked = client.get(url)
    assert asked.status_code == 200
    assert "Delete your application" in asked.content.decode()
    assert 'method="post"' in asked.content.decode()
    assert Application.objects.get(pk=application.pk).anonymised_at is None

    done = client.post(url)

    assert done.status_code == 200
    assert "has been deleted" in done.content.decode()
    stored = Application.objects.get(pk=application.pk)
    assert stored.anonymised_at is not None and stored.motivation == ""
    assert "no-store" in done["Cache-Control"]
    # Not "no-referrer": the browser would post the button's form with "Origin: null".
    assert asked["Referrer-Policy"] == "same-origin"


def test_an_application_deleted_before_says_so_without_an_error(client):
    application = applicant()
    url = delete_url(application, prefix="/en")
    client.post(url)

    again = client.post(url)

    assert again.status_code == 200
    assert "already been deleted" in again.content.decode()
    assert "already been deleted" in client.get(url).content.decode()


def test_the_deletion_page_works_under_the_language_prefixes(client):
    application = applicant()

    assert client.get(delete_url(application, "/fr")).status_code == 200
    assert client.get(delete_url(application, "/en")).status_code == 200


@pytest.mark.parametrize("token", ["nonsense", "MQ:1tBad:forged-signature"])
def test_a_bad_deletion_token_is_404(client, token):
    applicant()

    assert client.get(f"/vrijwilliger-worden/verwijderen/{token}/").status_code == 404
    assert client.post(f"/vrijwilliger-worden/verwijderen/{token}/").status_code == 404


def test_an_expired_deletion_token_is_404(client, time_machine):
    application = applicant()
    url = delete_url(application)

    time_machine.move_to(timezone.now() + datetime.timedelta(days=367))

    assert client.post(url).status_code == 404
    assert Application.objects.get(pk=application.pk).anonymised_at is None


def test_the_deletion_page_is_rate_limited(client, settings):
    from training.recruitment import views

    application = applicant(postcode=postcode("2000"))
    url = delete_url(application)
    for _attempt in range(views.DELETE_RATE_LIMIT):
        assert client.get(url).status_code == 200

    response = client.get(url)

    assert response.status_code == 429
    assert Application.objects.get(pk=application.pk).anonymised_at is None
