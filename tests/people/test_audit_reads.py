"""The read audit: opening, exporting, downloading and changing a record each leave one event
naming who, which record (type and id, never a copy of its data) and from which address."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from people.audit.models import AccessAction, AccessEvent
from people.factories import postcode
from training.factories import ApplicationFactory
from trajects.factories import RegistrationFactory
from trajects.intake.services import registration_accept, registration_intake_start
from trajects.models import Phase, Plan, Registration, RegistrationStatus, Traject
from trajects.workspace import services as workspace

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def registration(antwerpen) -> Registration:
    return RegistrationFactory(postcode=postcode("2000"))


@pytest.fixture
def traject(staff, coordinator, antwerpen) -> Traject:
    """A traject in preparation with the ``coordinator`` persona."""
    registration = RegistrationFactory(
        postcode=postcode("2000"), created_at=timezone.now() - datetime.timedelta(days=5)
    )
    registration_intake_start(registration=registration, by=staff)
    made = registration_accept(registration=registration, by=staff)
    Traject.objects.filter(pk=made.pk).update(
        coordinator=coordinator, phase=Phase.PREPARATION, started_at=timezone.now()
    )
    return Traject.objects.get(pk=made.pk)


@pytest.fixture
def plan(traject, coordinator) -> Plan:
    workspace.conference_plan(
        traject=traject,
        by=coordinator,
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        place="Het buurthuis",
    )
    workspace.conference_held(traject=traject, by=coordinator)
    return workspace.plan_save(
        traject=traject,
        by=coordinator,
        actions=[{"what": "Children to grandmother on Wednesdays", "who": "Grandmother"}],
        checks={
            "safe": "yes",
            "safe_note": "",
            "legal": "yes",
            "legal_note": "",
            "workable": "yes",
            "workable_note": "",
        },
        reconvener="The aunt",
        document=SimpleUploadedFile("plan.pdf", PDF, "application/pdf"),
        document_type="pdf",
    )


def events(action: str | None = None):
    found = AccessEvent.objects.exclude(action__in=[AccessAction.LOGIN, AccessAction.LOGOUT])
    return list(found.filter(action=action) if action else found)


def test_staff_opening_a_registration_records_a_view_with_who_what_and_whence(
    client, login, staff, registration
):
    login(client, staff)

    response = client.get(
        f"/staf/aanmeldingen/{registration.reference}/", REMOTE_ADDR="198.51.100.4"
    )

    assert response.status_code == 200
    [event] = events()
    assert event.actor == staff
    assert event.action == AccessAction.VIEW
    assert (event.object_type, event.object_id) == ("trajects.registration", str(registration.pk))
    assert event.address == "198.51.100.4"


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_a_trusted_proxy_the_event_holds_the_clients_address(
    client, login, staff, registration
):
    login(client, staff)

    client.get(
        f"/staf/aanmeldingen/{registration.reference}/",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )

    [event] = events(AccessAction.VIEW)
    assert event.address == "203.0.113.9"


def test_an_event_holds_no_copy_of_the_records_data(client, login, staff, registration):
    login(client, staff)
    client.get(f"/staf/aanmeldingen/{registration.reference}/")

    [event] = events()
    stored = " ".join(
        str(value) for value in AccessEvent.objects.values().get(pk=event.pk).values()
    )
    for value in (registration.reference, registration.registrant_name, registration.question):
        if value:
            assert value not in stored
    assert event.object_id == str(registration.pk)


def test_a_registration_out_of_scope_records_nothing(client, login, other_staff, registration):
    login(client, other_staff)

    response = client.get(f"/staf/aanmeldingen/{registration.reference}/")

    assert response.status_code == 404
    assert events() == []


def test_staff_opening_a_traject_records_a_view(client, login, staff, traject):
    login(client, staff)

    assert client.get(f"/staf/trajecten/{traject.reference}/").status_code == 200

    [event] = events()
    assert (event.actor, event.action) == (staff, AccessAction.VIEW)
    assert (event.object_type, event.object_id) == ("trajects.traject", str(traject.pk))


def test_a_coordinator_opening_their_traject_records_a_view(client, login, coordinator, traject):
    login(client, coordinator)

    assert client.get(f"/portaal/trajecten/{traject.reference}/").status_code == 200

    [event] = events()
    assert (event.actor, event.action) == (coordinator, AccessAction.VIEW)
    assert (event.object_type, event.object_id) == ("trajects.traject", str(traject.pk))


def test_the_coach_opening_a_coordinators_traject_records_a_view(client, login, coach, traject):
    login(client, coach)

    assert client.get(f"/coach/trajecten/{traject.reference}/").status_code == 200

    [event] = events()
    assert (event.actor, event.object_type) == (coach, "trajects.traject")


def test_downloading_the_plan_records_a_download(client, login, coordinator, traject, plan):
    login(client, coordinator)

    response = client.get(f"/portaal/trajecten/{traject.reference}/plan/document/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    [event] = events(AccessAction.DOWNLOAD)
    assert (event.actor, event.object_type, event.object_id) == (
        coordinator,
        "trajects.plan",
        str(plan.pk),
    )


def test_a_coordinators_change_in_the_workspace_records_a_change(
    client, login, coordinator, traject
):
    login(client, coordinator)

    response = client.post(
        f"/portaal/trajecten/{traject.reference}/vraag/",
        {"agreed_question": "How do the children get to school safely?"},
    )

    assert response.status_code == 302
    [event] = events(AccessAction.CHANGE)
    assert (event.actor, event.object_type, event.object_id) == (
        coordinator,
        "trajects.traject",
        str(traject.pk),
    )


def test_a_staff_decision_on_a_registration_records_a_change(client, login, staff, registration):
    login(client, staff)

    response = client.post(
        f"/staf/aanmeldingen/{registration.reference}/intake/", {"note": "Called back."}
    )

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.IN_INTAKE
    [event] = events(AccessAction.CHANGE)
    assert (event.actor, event.object_id) == (staff, str(registration.pk))


def test_a_refused_change_records_no_change(client, login, staff, registration):
    login(client, staff)

    # Accepting needs the registration in intake first: the service refuses.
    client.post(f"/staf/aanmeldingen/{registration.reference}/aanvaarden/", {"note": ""})

    assert events(AccessAction.CHANGE) == []


def test_staff_opening_an_application_records_a_view(client, login, staff, antwerpen):
    application = ApplicationFactory()
    login(client, staff)

    assert client.get(f"/staf/kandidaten/{application.pk}/").status_code == 200

    [event] = events()
    assert (event.object_type, event.object_id) == ("training.application", str(application.pk))


def test_exporting_the_applications_records_an_export_of_the_list(client, login, staff, antwerpen):
    ApplicationFactory(last_name="Zeeuws")
    login(client, staff)

    response = client.get("/staf/kandidaten/?_export=csv&q=Zeeuws")

    assert response.status_code == 200
    [event] = events()
    assert (event.actor, event.action) == (staff, AccessAction.EXPORT)
    assert (event.object_type, event.object_id) == ("training.application", "")


def test_showing_the_applications_list_records_no_export(client, login, staff, antwerpen):
    ApplicationFactory()
    login(client, staff)

    assert client.get("/staf/kandidaten/").status_code == 200

    assert events() == []


def test_exporting_the_volunteers_records_an_export(
    client, login, reauthenticated, staff, coordinator
):
    login(client, staff)
    reauthenticated(client, staff)

    assert client.get("/staf/vrijwilligers/?_export=xlsx").status_code == 200

    [event] = events()
    assert (event.action, event.object_type, event.object_id) == (
        AccessAction.EXPORT,
        "people.user",
        "",
    )


def test_staff_opening_a_volunteer_records_a_view(client, login, staff, coordinator):
    login(client, staff)

    assert client.get(f"/staf/vrijwilligers/{coordinator.pk}/").status_code == 200

    [event] = events()
    assert (event.actor, event.object_type, event.object_id) == (
        staff,
        "people.user",
        str(coordinator.pk),
    )
