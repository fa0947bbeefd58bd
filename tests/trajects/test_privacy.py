"""trajects' part of the register of personal data: the registration and the participant as data
subjects (search within the staff's scope, collect, erase that keeps the rows for the figures),
and the retention of declined registrations and ended trajects."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from people.factories import postcode
from people.models import OutboxMessage
from people.privacy.registry import REGISTER, subject
from tests.trajects.test_figures import known, now, this_year  # noqa: F401 -- fixtures
from trajects.factories import RegistrationFactory
from trajects.figures.selectors import figures
from trajects.intake.services import (
    registration_accept,
    registration_decline,
    registration_intake_start,
    registration_withdraw,
)
from trajects.models import (
    Participant,
    Phase,
    Plan,
    Registration,
    StatusLink,
    Step,
    StopReason,
    Traject,
)
from trajects.privacy import declined_registrations_due, ended_traject_registrations_due
from trajects.services import TOPIC_CONFIRMATION
from trajects.status.services import status_link_ensure
from trajects.traject import services as traject_services
from trajects.workspace import services as workspace

pytestmark = pytest.mark.django_db

CANARY = "Canary"
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def full_traject(staff, coordinator, *, at_postcode: str = "2000") -> Traject:
    """A registration with a canary in every text it holds, taken to a distributed plan with a
    document, a participant and a follow-up."""
    registration = RegistrationFactory(
        postcode=postcode(at_postcode),
        created_at=timezone.now() - 40 * DAY,
        registrant_name="Canary Registrant",
        registrant_email="canary.registrant@example.org",
        registrant_phone="+32470999888",
        core_name="Canary Core",
        core_email="canary.core@example.org",
        core_phone="+32470111222",
        municipality="Canaryville",
        question="Canary question about the children",
        heard_of_us_other="Canary heard",
    )
    status_link_ensure(registration=registration)
    OutboxMessage.objects.create(topic=TOPIC_CONFIRMATION, object_id=registration.pk)
    registration_intake_start(registration=registration, by=staff, note="Canary intake note")
    traject = registration_accept(registration=registration, by=staff, note="Canary accept note")
    Traject.objects.filter(pk=traject.pk).update(
        coordinator=coordinator, phase=Phase.PREPARATION, started_at=timezone.now()
    )
    traject = Traject.objects.get(pk=traject.pk)
    workspace.question_save(traject=traject, by=coordinator, agreed_question="Canary agreed")
    workspace.participant_add(
        traject=traject,
        by=coordinator,
        name="Canary Participant",
        relation="family",
        reach="0470 55 44 33",
    )
    workspace.participant_add(traject=traject, by=coordinator, name="Other Aunt", relation="family")
    workspace.conference_plan(
        traject=traject,
        by=coordinator,
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        place="Canary place",
        language="Canary language",
    )
    workspace.conference_held(traject=traject, by=coordinator)
    workspace.plan_save(
        traject=traject,
        by=coordinator,
        document=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 Canary plan %%EOF"),
        document_type="pdf",
        actions=[{"what": "Canary what", "who": "Canary who"}],
        checks={
            "safe": "yes",
            "safe_note": "Canary safe",
            "legal": "yes",
            "legal_note": "Canary legal",
            "workable": "yes",
            "workable_note": "Canary workable",
        },
        reconvener="Canary reconvener",
    )
    workspace.plan_distribute(traject=traject, by=coordinator, distributed_to="Canary list")
    return Traject.objects.get(pk=traject.pk)


def canaries_left() -> list[str]:
    """Every text of trajects' tables that still holds a canary."""
    left = []
    for model in apps.get_app_config("trajects").get_models():
        for row in model.objects.all():
            for field in model._meta.concrete_fields:
                value = getattr(row, field.attname)
                if CANARY.lower() in str(value).lower():
                    left.append(f"{model._meta.label}.{field.name}")
    return left


# --- Finding ---------------------------------------------------------------------------------------


def test_staff_find_a_registration_of_their_region_by_reference_name_email_or_phone(staff):
    registration = RegistrationFactory(
        registrant_name="Hilde Peeters",
        core_name="Samira El Amrani",
        core_email="samira@example.org",
        core_phone="+32470123456",
    )
    search = subject("registration").search

    for query in (
        registration.reference,
        "samira amrani",
        "peeters",
        "SAMIRA@example.org",
        "0470 12 34 56",
    ):
        assert list(search(staff, query)) == [registration], query


def test_staff_of_limburg_cannot_find_an_antwerpen_registration(staff, other_staff):
    registration = RegistrationFactory(core_name="Samira El Amrani", postcode=postcode("2000"))
    limburg = RegistrationFactory(core_name="Samira Limburg", postcode=postcode("3500"))

    assert list(subject("registration").search(other_staff, "Samira")) == [limburg]
    assert list(subject("registration").search(staff, "Samira")) == [registration]
    assert not subject("registration").visible_to(other_staff).filter(pk=registration.pk).exists()


def test_erasing_a_registration_needs_a_second_staff_member():
    assert subject("registration").second_confirmation is True
    assert subject("participant").second_confirmation is False


def test_participants_are_found_by_name_within_the_staffs_region(staff, other_staff, coordinator):
    traject = full_traject(staff, coordinator)
    participant = Participant.objects.get(traject=traject, name="Canary Participant")

    assert list(subject("participant").search(staff, "canary participant")) == [participant]
    assert list(subject("participant").search(other_staff, "canary participant")) == []


# --- Collecting ------------------------------------------------------------------------------------


def test_the_export_of_a_registration_holds_everything_of_its_traject(staff, coordinator):
    traject = full_traject(staff, coordinator)

    text = repr(subject("registration").collect(traject.registration))

    for planted in (
        "Canary Registrant",
        "canary.core@example.org",
        "Canary question",
        "Canary accept note",
        "Canary agreed",
        "Canary Participant",
        "Canary place",
        "Canary safe",
        "Canary what",
        "Canary who",
        "Canary list",
        "plans/",
    ):
        assert planted in text, planted


# --- Erasing ---------------------------------------------------------------------------------------


def test_erasing_a_registration_removes_every_canary_and_keeps_the_rows(staff, coordinator):
    traject = full_traject(staff, coordinator)
    registration = traject.registration
    document = Plan.objects.get(traject=traject).document.name
    assert storages["private"].exists(document)
    counts = {
        model._meta.label: model.objects.count()
        for model in apps.get_app_config("trajects").get_models()
    }
    erased_at = timezone.now()

    subject("registration").erase(registration, erased_at)

    assert canaries_left() == []
    assert not storages["private"].exists(document)
    assert counts == {
        model._meta.label: model.objects.count()
        for model in apps.get_app_config("trajects").get_models()
    }
    stored = Registration.objects.get(pk=registration.pk)
    assert stored.anonymised_at == erased_at
    assert (stored.region_id, stored.status) == (registration.region_id, registration.status)
    assert StatusLink.objects.get(registration=registration).revoked_at == erased_at
    assert not OutboxMessage.objects.filter(topic=TOPIC_CONFIRMATION).exists()
    assert Traject.objects.get(pk=traject.pk).phase == Phase.PLAN_DISTRIBUTED
    assert set(Participant.objects.values_list("anonymised_at", flat=True)) == {erased_at}
    assert subject("registration").is_erased(stored)


def test_erasing_a_registration_twice_changes_nothing_the_second_time(staff, coordinator):
    traject = full_traject(staff, coordinator)
    first = timezone.now()
    subject("registration").erase(traject.registration, first)

    subject("registration").erase(Registration.objects.get(pk=traject.registration_id), first + DAY)

    assert Registration.objects.get(pk=traject.registration_id).anonymised_at == first


def test_erasing_one_participant_leaves_the_others_and_the_registration(staff, coordinator):
    traject = full_traject(staff, coordinator)
    participant = Participant.objects.get(traject=traject, name="Canary Participant")
    erased_at = timezone.now()

    subject("participant").erase(participant, erased_at)
    subject("participant").erase(participant, erased_at + DAY)

    stored = Participant.objects.get(pk=participant.pk)
    assert (stored.name, stored.reach, stored.anonymised_at) == ("-", "", erased_at)
    assert stored.relation == "family"
    assert Participant.objects.get(traject=traject, name="Other Aunt").anonymised_at is None
    assert Registration.objects.get(pk=traject.registration_id).anonymised_at is None


def test_the_figures_count_erased_registrations_as_before(known, staff, now):  # noqa: F811
    before = figures(user=staff, period=this_year())

    for registration in Registration.objects.all():
        subject("registration").erase(registration, now)

    assert figures(user=staff, period=this_year()) == before


# --- Retention -------------------------------------------------------------------------------------


def test_registrations_ended_without_traject_are_due_six_months_after_the_decision(
    staff, settings, time_machine
):
    settings.KRING_RETENTION_DECLINED_REGISTRATION_DAYS = 183
    start = timezone.now()

    def ended(days_ago: int, how) -> Registration:
        time_machine.move_to(start - days_ago * DAY, tick=False)
        registration = RegistrationFactory()
        registration_intake_start(registration=registration, by=staff)
        how(registration)
        return registration

    def decline(registration):
        registration_decline(registration=registration, by=staff, reason="Canary reason")

    def withdraw(registration):
        registration_withdraw(registration=registration, by=staff)

    old_declined = ended(184, decline)
    old_withdrawn = ended(200, withdraw)
    ended(182, decline)
    ended(400, lambda registration: None)  # still in intake
    ended(400, lambda registration: registration_accept(registration=registration, by=staff))
    # Came in long ago, declined only last week: counted from the decision.
    time_machine.move_to(start - 300 * DAY, tick=False)
    late = RegistrationFactory()
    registration_intake_start(registration=late, by=staff)
    time_machine.move_to(start - 7 * DAY, tick=False)
    decline(late)
    time_machine.move_to(start, tick=False)

    assert set(declined_registrations_due(start)) == {old_declined, old_withdrawn}

    rule = REGISTER.retention_rules["trajects.declined_registration"]
    for registration in rule.due(start):
        rule.apply(registration, start)
    assert list(rule.due(start)) == []
    assert Step.objects.get(registration=old_declined, kind="declined").note == ""


def test_registrations_of_trajects_ended_longer_than_the_retention_years_are_due(
    staff, settings, time_machine
):
    settings.KRING_RETENTION_TRAJECT_YEARS = 5
    start = timezone.now()

    def stopped(days_ago: int) -> Traject:
        time_machine.move_to(start - days_ago * DAY, tick=False)
        registration = RegistrationFactory()
        registration_intake_start(registration=registration, by=staff)
        traject = registration_accept(registration=registration, by=staff)
        return traject_services.traject_stop(
            traject=traject, by=staff, reason=StopReason.SITUATION_CHANGED
        )

    old = stopped(5 * 366)
    stopped(5 * 365 - 3)
    time_machine.move_to(start - 6 * 365 * DAY, tick=False)
    active = RegistrationFactory()
    registration_intake_start(registration=active, by=staff)
    registration_accept(registration=active, by=staff)
    time_machine.move_to(start, tick=False)

    assert list(ended_traject_registrations_due(start)) == [old.registration]
