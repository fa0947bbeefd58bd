"""Data-subject requests (people.privacy.services): finding, exporting and erasing one person,
and the bad input: an unknown person, something already erased, a second request."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.http import Http404
from django.test import override_settings
from django.utils import timezone

from people.audit.models import AccessAction, AccessEvent
from people.factories import CoachAssignmentFactory, StaffFactory, UserFactory
from people.models import CoachAssignment, OutboxMessage, User
from people.privacy import services
from people.privacy.models import ErasureRequest
from people.privacy.services import (
    AlreadyErased,
    ErasureAlreadyRequested,
    ReasonRequired,
    RequestClosed,
    SameStaffMember,
)
from trajects.factories import RegistrationFactory
from trajects.models import Registration

FILE_MAIL = "django.core.mail.backends.filebased.EmailBackend"


@pytest.fixture
def colleague(antwerpen):
    """A second staff member of Antwerpen, who confirms what ``staff`` asks."""
    return StaffFactory(email="colleague@kring.test", first_name="Cas", regions=[antwerpen])


@pytest.fixture
def registration(antwerpen):
    return RegistrationFactory(registrant_name="Griet Vermeulen", registrant_email="griet@ex.org")


# --- Finding ----------------------------------------------------------------------------------


def test_an_empty_query_finds_nothing(staff, registration):
    assert services.person_find(user=staff, query="   ") == []


def test_staff_find_a_registrant_by_name_in_their_region(staff, registration):
    found = {
        subject.kind: records
        for subject, records in services.person_find(user=staff, query="Vermeulen")
    }
    assert found["registration"] == [registration]


def test_staff_of_another_region_do_not_find_the_registrant(other_staff, registration):
    found = services.person_find(user=other_staff, query="Vermeulen", kinds=["registration"])
    assert found == []


def test_a_coordinator_finds_no_one(coordinator, registration):
    assert services.person_find(user=coordinator, query="Vermeulen") == []


# --- Exporting --------------------------------------------------------------------------------


def test_the_export_holds_the_registration_is_json_ready_and_is_logged(staff, registration):
    data = services.person_export(user=staff, request=None, kind="registration", pk=registration.pk)
    text = json.dumps(data)  # JSON-ready: no date or lazy text left
    assert "Griet Vermeulen" in text and "griet@ex.org" in text
    assert data["id"] == registration.pk and data["erased"] is False
    event = AccessEvent.objects.about(registration).get()
    assert (event.action, event.actor) == (AccessAction.EXPORT, staff)


@pytest.mark.parametrize(
    ("kind", "pk"),
    [("registration", 999_999), ("registration", "abc"), ("nobody", 1), ("", None)],
)
def test_an_export_for_an_unknown_person_is_not_found(staff, kind, pk):
    with pytest.raises(Http404):
        services.person_export(user=staff, request=None, kind=kind, pk=pk)
    assert not AccessEvent.objects.exists()


def test_an_export_out_of_scope_is_not_found(other_staff, coordinator, registration):
    for user in (other_staff, coordinator):
        with pytest.raises(Http404):
            services.person_export(user=user, request=None, kind="registration", pk=registration.pk)


# --- Erasing a registration: asked, then confirmed by a colleague -----------------------------


def test_a_registration_waits_for_a_colleague_then_is_erased(staff, colleague, registration):
    erasure = services.erasure_request(
        user=staff, request=None, kind="registration", pk=registration.pk, reason="Asked by mail"
    )
    registration.refresh_from_db()
    assert erasure.done_at is None and registration.anonymised_at is None

    with pytest.raises(SameStaffMember):
        services.erasure_confirm(user=staff, request=None, request_id=erasure.pk)

    done = services.erasure_confirm(user=colleague, request=None, request_id=erasure.pk)
    registration.refresh_from_db()
    assert done.done_at is not None and done.confirmed_by == colleague
    assert registration.anonymised_at is not None
    assert "Vermeulen" not in registration.registrant_name
    assert Registration.objects.filter(pk=registration.pk).exists()  # figures keep the row
    event = AccessEvent.objects.about(registration).get()
    assert (event.action, event.actor) == (AccessAction.ERASE, colleague)


def test_erasing_an_erased_registration_says_so(staff, colleague, registration):
    erasure = services.erasure_request(
        user=staff, request=None, kind="registration", pk=registration.pk, reason="Asked"
    )
    services.erasure_confirm(user=colleague, request=None, request_id=erasure.pk)
    with pytest.raises(AlreadyErased):
        services.erasure_request(
            user=staff, request=None, kind="registration", pk=registration.pk, reason="Again"
        )
    with pytest.raises(RequestClosed):
        services.erasure_confirm(user=colleague, request=None, request_id=erasure.pk)
    assert ErasureRequest.objects.count() == 1


def test_a_second_request_for_the_same_record_finds_the_first(staff, colleague, registration):
    first = services.erasure_request(
        user=staff, request=None, kind="registration", pk=registration.pk, reason="Asked"
    )
    with pytest.raises(ErasureAlreadyRequested) as raised:
        services.erasure_request(
            user=colleague, request=None, kind="registration", pk=registration.pk, reason="Too"
        )
    assert raised.value.request == first
    assert ErasureRequest.objects.count() == 1


def test_a_request_needs_a_reason(staff, registration):
    with pytest.raises(ReasonRequired):
        services.erasure_request(
            user=staff, request=None, kind="registration", pk=registration.pk, reason="  "
        )
    assert not ErasureRequest.objects.exists()


def test_a_cancelled_request_cannot_be_confirmed_and_a_new_one_can_be_made(
    staff, colleague, registration
):
    erasure = services.erasure_request(
        user=staff, request=None, kind="registration", pk=registration.pk, reason="Asked"
    )
    services.erasure_cancel(user=staff, request_id=erasure.pk)
    with pytest.raises(RequestClosed):
        services.erasure_confirm(user=colleague, request=None, request_id=erasure.pk)
    registration.refresh_from_db()
    assert registration.anonymised_at is None
    again = services.erasure_request(
        user=staff, request=None, kind="registration", pk=registration.pk, reason="Asked again"
    )
    assert again.pk != erasure.pk


def test_staff_of_another_region_cannot_confirm_or_cancel(staff, other_staff, registration):
    erasure = services.erasure_request(
        user=staff, request=None, kind="registration", pk=registration.pk, reason="Asked"
    )
    with pytest.raises(Http404):
        services.erasure_confirm(user=other_staff, request=None, request_id=erasure.pk)
    with pytest.raises(Http404):
        services.erasure_cancel(user=other_staff, request_id=erasure.pk)
    with pytest.raises(Http404):
        services.erasure_confirm(user=other_staff, request=None, request_id=987_654)
    erasure.refresh_from_db()
    assert erasure.is_open


def test_the_requests_list_shows_only_records_in_scope(staff, other_staff, registration):
    services.erasure_request(
        user=staff, request=None, kind="registration", pk=registration.pk, reason="Asked"
    )
    assert services.erasure_requests_visible_to(staff).count() == 1
    assert services.erasure_requests_visible_to(other_staff).count() == 0


def test_a_failing_erasure_leaves_the_request_open_and_the_record_whole(
    staff, colleague, registration, monkeypatch
):
    erasure = services.erasure_request(
        user=staff, request=None, kind="registration", pk=registration.pk, reason="Asked"
    )

    def broken_part(obj, now):
        raise RuntimeError("boom")

    from people.privacy.registry import SubjectPart

    monkeypatch.setitem(
        services.REGISTER.parts,
        "test.broken",
        SubjectPart(kind="registration", name="test.broken", collect=dict, erase=broken_part),
    )
    with pytest.raises(RuntimeError):
        services.erasure_confirm(user=colleague, request=None, request_id=erasure.pk)
    registration.refresh_from_db()
    erasure.refresh_from_db()
    assert registration.anonymised_at is None and "Vermeulen" in registration.registrant_name
    assert erasure.is_open
    assert not AccessEvent.objects.filter(action=AccessAction.ERASE).exists()


# --- The account and the stored mails ---------------------------------------------------------


def test_user_anonymise_blanks_the_account_and_ends_its_sessions(client, coach, antwerpen):
    volunteer = UserFactory(
        email="vera.volunteer@ex.org",
        first_name="Vera",
        last_name="Vrijwilliger",
        phone="0470 11 22 33",
        languages=["nl", "ar"],
    )
    Authenticator.objects.create(user=volunteer, type=Authenticator.Type.TOTP, data={"x": 1})
    CoachAssignmentFactory(coordinator=volunteer, coach=coach, handover_note="Vera is shy")
    client.force_login(volunteer)
    assert Session.objects.count() == 1
    now = timezone.now()

    services.user_anonymise(user=volunteer, now=now)

    volunteer.refresh_from_db()
    assert volunteer.email == f"erased-{volunteer.pk}@invalid.example"
    assert (volunteer.first_name, volunteer.last_name, volunteer.phone) == ("", "", "")
    assert volunteer.languages == [] and volunteer.postcode is None
    assert not volunteer.has_usable_password() and not volunteer.is_active
    assert volunteer.anonymised_at == now
    assert not EmailAddress.objects.filter(user=volunteer).exists()
    assert not Authenticator.objects.filter(user=volunteer).exists()
    assert not Session.objects.exists()
    assert CoachAssignment.objects.get(coordinator=volunteer).handover_note == ""
    assert User.objects.filter(pk=volunteer.pk).exists()


def _write_mail(folder: Path, name: str, body: str, *, encoded: bool = False) -> Path:
    path = folder / name
    if encoded:
        payload = base64.b64encode(body.encode()).decode()
        text = (
            "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n"
            f"Subject: hello\n\n{payload}\n"
        )
    else:
        text = f"Content-Type: text/plain; charset=utf-8\nSubject: hello\n\n{body}\n"
    path.write_text(text + "-" * 79 + "\n")
    return path


def test_mail_files_forget_deletes_the_mails_naming_someone(tmp_path):
    about = _write_mail(tmp_path, "a.log", "Dear Griet Vermeulen,")
    encoded = _write_mail(tmp_path, "b.log", "For griet@ex.org", encoded=True)
    other = _write_mail(tmp_path, "c.log", "Dear Jo,")
    with override_settings(EMAIL_BACKEND=FILE_MAIL, EMAIL_FILE_PATH=tmp_path):
        deleted = services.mail_files_forget(needles=["griet vermeulen", "GRIET@ex.org", "Jo", ""])
    assert deleted == 2
    assert not about.exists() and not encoded.exists() and other.exists()


def test_mail_files_forget_does_nothing_without_the_file_backend(tmp_path):
    kept = _write_mail(tmp_path, "a.log", "Dear Griet Vermeulen,")
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", EMAIL_FILE_PATH=tmp_path
    ):
        assert services.mail_files_forget(needles=["Griet Vermeulen"]) == 0
    assert kept.exists()


def test_outbox_forget_drops_only_unsent_messages_about_the_record(db):
    now = timezone.now()
    unsent = OutboxMessage.objects.create(topic="t.a", object_id=7)
    sent = OutboxMessage.objects.create(topic="t.b", object_id=7, sent_at=now)
    other = OutboxMessage.objects.create(topic="t.a", object_id=8)
    assert services.outbox_forget(topics=["t.a", "t.b"], object_id=7) == 1
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {sent.pk, other.pk}
    assert not OutboxMessage.objects.filter(pk=unsent.pk).exists()
