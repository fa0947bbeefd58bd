"""The staff's privacy pages (/staf/privacy/...): finding a person, a record's page (its opening
logged), the exports (JSON and printable, private, behind re-authentication), the erasure of a
registration with a colleague's confirmation (figures keep counting), refusals shown as
messages (same staff member, already erased, a second click), scope (404) and the retention
page's dry run."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone, translation

from people.audit.models import AccessAction, AccessEvent
from people.factories import postcode
from people.privacy.models import ErasureRequest, RetentionRun
from trajects.factories import RegistrationFactory
from trajects.figures.selectors import Period, figures
from trajects.models import Registration

pytestmark = pytest.mark.django_db

HOME = "/en/staf/privacy/"


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English (on /en/): Dutch and French wording belongs to the
    translators."""
    with translation.override("en"):
        yield


def subject_url(registration: Registration, rest: str = "") -> str:
    return f"/en/staf/privacy/registration/{registration.pk}/{rest}"


@pytest.fixture
def registration(antwerpen):
    return RegistrationFactory(
        registrant_name="Hilde Peeters",
        core_name="Hilde Peeters",
        registrant_email="hilde.peeters@caw.example",
        postcode=postcode("2000"),
    )


@pytest.fixture
def colleague(antwerpen):
    from people.factories import StaffFactory

    return StaffFactory(email="colleague@kring.test", first_name="Cas", regions=[antwerpen])


def request_erasure(client, registration, reason="The registrant asked by phone."):
    return client.post(subject_url(registration, "wissen/"), {"reason": reason, "understood": "on"})


# --- Finding ------------------------------------------------------------------------------------


def test_staff_find_a_registrant_by_name_grouped_by_kind(client, login, staff, registration):
    login(client, staff)
    response = client.get(HOME, {"q": "peeters"})
    assert response.status_code == 200
    content = response.content.decode()
    assert subject_url(registration) in content
    assert registration.reference in content
    assert 'id="results-registration"' in content
    assert response["Cache-Control"].count("no-store") == 1


def test_search_finds_nothing_in_another_region(client, login, other_staff, registration):
    login(client, other_staff)
    response = client.get(HOME, {"q": "peeters"})
    assert subject_url(registration) not in response.content.decode()
    assert "Nothing found in your regions" in response.content.decode()


def test_a_one_letter_search_asks_for_more_and_keeps_it(client, login, staff):
    login(client, staff)
    response = client.get(HOME, {"q": "p"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Type at least 2 characters." in content
    assert 'value="p"' in content


# --- Scope --------------------------------------------------------------------------------------


def test_limburg_staff_get_404_on_an_antwerpen_registration_even_after_the_password(
    client, login, other_staff, registration
):
    login(client, other_staff)
    for rest in ("", "export.json", "export/"):
        assert client.get(subject_url(registration, rest)).status_code == 404
    assert request_erasure(client, registration).status_code == 404
    assert not ErasureRequest.objects.exists()


def test_out_of_scope_is_404_before_the_password_is_asked(client, login, other_staff, registration):
    login(client, other_staff, reauthenticated=False)
    for rest in ("export.json", "export/"):
        assert client.get(subject_url(registration, rest)).status_code == 404
    assert request_erasure(client, registration).status_code == 404


def test_unknown_kind_or_record_is_404(client, login, staff, registration):
    login(client, staff)
    assert client.get(f"/en/staf/privacy/nothing/{registration.pk}/").status_code == 404
    assert client.get(f"/en/staf/privacy/registration/{registration.pk + 999}/").status_code == 404


def test_coordinator_cannot_open_privacy(client, login, coordinator, registration):
    login(client, coordinator)
    assert client.get(HOME).status_code == 404
    assert client.get(subject_url(registration)).status_code == 404


# --- The record's page and the exports ----------------------------------------------------------


def test_opening_the_record_page_is_logged(client, login, staff, registration):
    login(client, staff)
    response = client.get(subject_url(registration))
    assert response.status_code == 200
    assert "Export as JSON" in response.content.decode()
    event = AccessEvent.objects.about(registration).get()
    assert (event.actor, event.action) == (staff, AccessAction.VIEW)


def test_exports_ask_for_the_password_again(client, login, staff, registration):
    login(client, staff, reauthenticated=False)
    for rest in ("export.json", "export/"):
        response = client.get(subject_url(registration, rest))
        assert response.status_code == 302
        assert "/accounts/reauthenticate/" in response["Location"]
    assert not AccessEvent.objects.about(registration).filter(action=AccessAction.EXPORT).exists()


def test_json_export_is_a_private_download_with_the_persons_data(
    client, login, staff, registration
):
    login(client, staff)
    response = client.get(subject_url(registration, "export.json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "Hilde Peeters" in json.dumps(json.loads(response.content), ensure_ascii=False)
    assert (
        AccessEvent.objects.about(registration)
        .filter(action=AccessAction.EXPORT, actor=staff)
        .exists()
    )


def test_printable_export_shows_the_persons_data(client, login, staff, registration):
    login(client, staff)
    response = client.get(subject_url(registration, "export/"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "hilde.peeters@caw.example" in response.content.decode()


# --- Erasure ------------------------------------------------------------------------------------


def test_erasure_asks_for_the_password_again(client, login, staff, registration):
    login(client, staff, reauthenticated=False)
    response = request_erasure(client, registration)
    assert response.status_code == 302
    assert "/accounts/reauthenticate/" in response["Location"]
    assert not ErasureRequest.objects.exists()


def test_registration_erased_after_a_colleague_confirms_and_figures_keep_counting(
    client, login, staff, colleague, registration
):
    today = timezone.localdate()
    period = Period(start=today - datetime.timedelta(days=30), end=today)
    counted = figures(user=staff, period=period).registrations
    login(client, staff)
    response = request_erasure(client, registration)
    assert response.status_code == 302
    erasure = ErasureRequest.objects.get()
    registration.refresh_from_db()
    assert registration.anonymised_at is None  # waits for a colleague

    page = client.get(HOME).content.decode()
    assert f'id="erasure-request-{erasure.pk}"' in page
    assert "Cancel the request" in page

    login(client, colleague)
    assert "Confirm and erase" in client.get(HOME).content.decode()
    response = client.post(f"/en/staf/privacy/verzoeken/{erasure.pk}/bevestigen/", follow=True)
    assert "the record has been erased" in response.content.decode()
    registration.refresh_from_db()
    assert registration.anonymised_at is not None
    assert "Hilde Peeters" not in (registration.registrant_name, registration.core_name)
    assert figures(user=staff, period=period).registrations == counted
    erasure.refresh_from_db()
    assert erasure.confirmed_by == colleague and erasure.done_at is not None


def test_requester_cannot_confirm_their_own_request(client, login, staff, registration):
    login(client, staff)
    request_erasure(client, registration)
    erasure = ErasureRequest.objects.get()
    response = client.post(f"/en/staf/privacy/verzoeken/{erasure.pk}/bevestigen/", follow=True)
    assert response.status_code == 200
    assert "a colleague must confirm it" in response.content.decode()
    registration.refresh_from_db()
    assert registration.anonymised_at is None


def test_requesting_twice_is_harmless(client, login, staff, registration):
    login(client, staff)
    request_erasure(client, registration)
    response = request_erasure(client, registration)
    assert response.status_code == 302
    assert ErasureRequest.objects.count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "already been requested" in page


def test_confirming_twice_is_harmless(client, login, staff, colleague, registration):
    login(client, staff)
    request_erasure(client, registration)
    erasure = ErasureRequest.objects.get()
    login(client, colleague)
    url = f"/en/staf/privacy/verzoeken/{erasure.pk}/bevestigen/"
    client.post(url)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "already been erased" in response.content.decode()


def test_requester_can_cancel(client, login, staff, registration):
    login(client, staff)
    request_erasure(client, registration)
    erasure = ErasureRequest.objects.get()
    response = client.post(f"/en/staf/privacy/verzoeken/{erasure.pk}/annuleren/", follow=True)
    assert "cancelled" in response.content.decode()
    erasure.refresh_from_db()
    assert erasure.cancelled_at is not None
    registration.refresh_from_db()
    assert registration.anonymised_at is None


def test_a_colleague_who_disagrees_cancels_from_the_list(
    client, login, staff, colleague, registration
):
    login(client, staff)
    request_erasure(client, registration)
    erasure = ErasureRequest.objects.get()
    login(client, colleague)
    page = client.get("/en/staf/privacy/").content.decode()
    cancel = f"/en/staf/privacy/verzoeken/{erasure.pk}/annuleren/"
    assert f'action="{cancel}"' in page

    client.post(cancel)

    erasure.refresh_from_db()
    assert erasure.cancelled_at is not None
    registration.refresh_from_db()
    assert registration.anonymised_at is None


def test_already_erased_record_says_so_without_erase_form(
    client, login, staff, colleague, registration
):
    login(client, staff)
    request_erasure(client, registration)
    erasure = ErasureRequest.objects.get()
    login(client, colleague)
    client.post(f"/en/staf/privacy/verzoeken/{erasure.pk}/bevestigen/")
    content = client.get(subject_url(registration)).content.decode()
    assert "This record was erased on" in content
    assert "wissen/" not in content
    response = request_erasure(client, registration)
    assert "already been erased" in client.get(response["Location"]).content.decode()


def test_erasure_without_reason_keeps_the_form_and_says_why(client, login, staff, registration):
    login(client, staff)
    response = client.post(
        subject_url(registration, "wissen/"), {"reason": "Asked by phone.", "understood": ""}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Tick the box to confirm that you understand." in content
    assert "Asked by phone." in content  # the reason is kept
    response = client.post(subject_url(registration, "wissen/"), {"reason": "", "understood": "on"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not ErasureRequest.objects.exists()


def test_other_region_staff_do_not_see_the_request(client, login, staff, other_staff, registration):
    login(client, staff)
    request_erasure(client, registration)
    erasure = ErasureRequest.objects.get()
    login(client, other_staff)
    assert f"erasure-request-{erasure.pk}" not in client.get(HOME).content.decode()
    url = f"/en/staf/privacy/verzoeken/{erasure.pk}/bevestigen/"
    assert client.post(url).status_code == 404


# --- Retention ----------------------------------------------------------------------------------


def test_staff_cannot_open_retention(client, login, staff):
    login(client, staff)
    assert client.get("/en/staf/privacy/bewaartermijnen/").status_code == 404


def test_administrator_dry_run_changes_nothing_and_is_listed(client, login, administrator):
    login(client, administrator)
    before = Registration.objects.count()
    response = client.post("/en/staf/privacy/bewaartermijnen/", follow=True)
    assert response.status_code == 200
    run = RetentionRun.objects.get()
    assert run.dry_run
    assert "Dry run" in response.content.decode()
    assert Registration.objects.count() == before


def test_dry_run_lists_a_declined_registration_past_its_period_by_id_not_name(
    client, login, administrator
):
    from trajects.models import RegistrationStatus

    old = RegistrationFactory(
        registrant_name="Hilde Peeters",
        core_name="Hilde Peeters",
        status=RegistrationStatus.NOT_ACCEPTED,
        created_at=timezone.now() - datetime.timedelta(days=400),
    )
    login(client, administrator)
    response = client.post("/en/staf/privacy/bewaartermijnen/", follow=True)
    content = response.content.decode()
    assert f"#{old.pk}" in content
    assert "Hilde Peeters" not in content
    old.refresh_from_db()
    assert old.anonymised_at is None
    assert "no-store" in response["Cache-Control"]
