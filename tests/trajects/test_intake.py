"""Intake on /staf/aanmeldingen/<reference>/: staff take a registration into intake, then accept
it (it becomes a traject), decline it with a reason, record it as withdrawn, or as a duplicate
of another registration. Each decision leaves a step in the timeline; nothing is decided twice."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from people.factories import postcode
from trajects.factories import RegistrationFactory
from trajects.intake import services
from trajects.models import Phase, RegistrationStatus, Step, StepKind, Traject

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English (on /en/ for pages): Dutch and French wording belongs to
    the translators."""
    with translation.override("en"):
        yield


def decide_url(registration, slug: str) -> str:
    return f"/en/staf/aanmeldingen/{registration.reference}/{slug}/"


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def in_intake(antwerp_registration, staff):
    services.registration_intake_start(registration=antwerp_registration, by=staff)
    antwerp_registration.refresh_from_db()
    return antwerp_registration


# --- The services -------------------------------------------------------------------------------


def test_intake_then_accept_makes_one_traject_looking_for_a_coordinator(in_intake, staff):
    traject = services.registration_accept(registration=in_intake, by=staff, note="Past goed.")

    in_intake.refresh_from_db()
    assert in_intake.status == RegistrationStatus.ACCEPTED
    assert traject.registration == in_intake
    assert traject.region_id == in_intake.region_id
    assert traject.phase == Phase.MATCHING
    assert traject.coordinator is None
    steps = list(Step.objects.filter(registration=in_intake).values_list("kind", "by", "note"))
    assert steps == [
        (StepKind.INTAKE_STARTED, staff.pk, ""),
        (StepKind.ACCEPTED, staff.pk, "Past goed."),
    ]


def test_a_new_registration_is_taken_into_intake_before_it_is_accepted(antwerp_registration, staff):
    with pytest.raises(ValidationError, match="into intake before accepting"):
        services.registration_accept(registration=antwerp_registration, by=staff)

    assert not Traject.objects.exists()
    antwerp_registration.refresh_from_db()
    assert antwerp_registration.status == RegistrationStatus.NEW


def test_accepting_twice_is_refused_and_keeps_one_traject(in_intake, staff):
    services.registration_accept(registration=in_intake, by=staff)

    with pytest.raises(ValidationError, match="already been decided"):
        services.registration_accept(registration=in_intake, by=staff)

    assert Traject.objects.count() == 1
    assert Step.objects.filter(kind=StepKind.ACCEPTED).count() == 1


def test_intake_cannot_start_twice(in_intake, staff):
    with pytest.raises(ValidationError, match="already in intake"):
        services.registration_intake_start(registration=in_intake, by=staff)


def test_decline_needs_a_reason_and_keeps_it_in_the_timeline(in_intake, staff):
    with pytest.raises(ValidationError, match="reason"):
        services.registration_decline(registration=in_intake, by=staff, reason="  ")

    services.registration_decline(
        registration=in_intake, by=staff, reason="Er loopt al een familiegroepsplan."
    )

    in_intake.refresh_from_db()
    assert in_intake.status == RegistrationStatus.NOT_ACCEPTED
    step = Step.objects.get(kind=StepKind.DECLINED)
    assert step.note == "Er loopt al een familiegroepsplan."
    assert not Traject.objects.exists()


@pytest.mark.parametrize("status", [RegistrationStatus.NEW, RegistrationStatus.IN_INTAKE])
def test_withdrawn_from_new_or_intake(antwerp_registration, staff, status):
    antwerp_registration.status = status
    antwerp_registration.save()

    services.registration_withdraw(registration=antwerp_registration, by=staff, note="Belde af.")

    antwerp_registration.refresh_from_db()
    assert antwerp_registration.status == RegistrationStatus.WITHDRAWN


def test_a_decided_registration_cannot_be_decided_again(in_intake, staff):
    services.registration_withdraw(registration=in_intake, by=staff)

    for decide in (
        lambda: services.registration_decline(registration=in_intake, by=staff, reason="x"),
        lambda: services.registration_accept(registration=in_intake, by=staff),
        lambda: services.registration_withdraw(registration=in_intake, by=staff),
    ):
        with pytest.raises(ValidationError, match="Withdrawn"):
            decide()
    assert Step.objects.filter(registration=in_intake).count() == 2


def test_a_duplicate_points_at_the_registration_that_goes_on(antwerp_registration, staff):
    first = RegistrationFactory(postcode=postcode("2000"))

    services.registration_mark_duplicate(registration=antwerp_registration, of=first, by=staff)

    antwerp_registration.refresh_from_db()
    assert antwerp_registration.status == RegistrationStatus.DUPLICATE
    assert antwerp_registration.duplicate_of == first


def test_a_registration_is_not_a_duplicate_of_itself_nor_of_a_duplicate(
    antwerp_registration, staff
):
    with pytest.raises(ValidationError, match="itself"):
        services.registration_mark_duplicate(
            registration=antwerp_registration, of=antwerp_registration, by=staff
        )
    first = RegistrationFactory(postcode=postcode("2000"))
    services.registration_mark_duplicate(registration=first, of=antwerp_registration, by=staff)
    third = RegistrationFactory(postcode=postcode("2000"))

    with pytest.raises(ValidationError, match="itself a duplicate"):
        services.registration_mark_duplicate(registration=third, of=first, by=staff)


# --- The pages ----------------------------------------------------------------------------------


def test_staff_take_a_new_registration_into_intake_and_accept_it(
    client, login, staff, antwerp_registration
):
    login(client, staff)
    page = html(client.get(f"/en/staf/aanmeldingen/{antwerp_registration.reference}/"))
    assert decide_url(antwerp_registration, "intake") in page
    assert decide_url(antwerp_registration, "aanvaarden") not in page

    response = client.post(decide_url(antwerp_registration, "intake"), {"note": ""}, follow=True)

    assert (
        response.redirect_chain[-1][0] == f"/en/staf/aanmeldingen/{antwerp_registration.reference}/"
    )
    assert "The registration is in intake." in html(response)
    assert decide_url(antwerp_registration, "aanvaarden") in html(response)

    response = client.post(
        decide_url(antwerp_registration, "aanvaarden"),
        {"note": "Kernpersoon akkoord."},
        follow=True,
    )

    traject_url = f"/en/staf/trajecten/{antwerp_registration.reference}/"
    assert response.redirect_chain[-1][0] == traject_url
    assert response.status_code == 200
    content = html(response)
    assert "looking for a coordinator" in content
    assert "Kernpersoon akkoord." in content  # the timeline
    assert Traject.objects.get().phase == Phase.MATCHING


def test_decline_without_a_reason_shows_the_message_next_to_the_field(
    client, login, staff, in_intake
):
    login(client, staff)

    response = client.post(decide_url(in_intake, "niet-aanvaard"), {"reason": ""})

    assert response.status_code == 200
    content = html(response)
    assert "Give the reason why the registration is not accepted." in content
    assert re.search(r'field--error[^"]*">\s*.*?name="reason"', content, re.S)
    in_intake.refresh_from_db()
    assert in_intake.status == RegistrationStatus.IN_INTAKE


def test_a_refused_decision_keeps_what_was_typed_and_says_why(client, login, staff, in_intake):
    services.registration_withdraw(registration=in_intake, by=staff)
    login(client, staff)

    response = client.post(decide_url(in_intake, "niet-aanvaard"), {"reason": "Mijn getypte reden"})

    assert response.status_code == 200
    content = html(response)
    assert "already been decided on" in content
    assert "Mijn getypte reden" in content
    assert not Step.objects.filter(kind=StepKind.DECLINED).exists()


def test_duplicate_of_a_registration_in_another_region_is_refused_as_unknown(
    client, login, staff, in_intake, limburg_registration
):
    login(client, staff)

    response = client.post(
        decide_url(in_intake, "dubbel"), {"reference": limburg_registration.reference}
    )

    assert response.status_code == 200
    assert f"There is no registration {limburg_registration.reference} in your regions." in html(
        response
    )
    in_intake.refresh_from_db()
    assert in_intake.duplicate_of is None


def test_duplicate_by_reference_links_to_the_other(client, login, staff, in_intake):
    first = RegistrationFactory(postcode=postcode("2000"))
    login(client, staff)

    response = client.post(
        decide_url(in_intake, "dubbel"), {"reference": first.reference.lower()}, follow=True
    )

    assert f'href="/en/staf/aanmeldingen/{first.reference}/"' in html(response)
    in_intake.refresh_from_db()
    assert in_intake.duplicate_of == first


def test_an_unknown_decision_is_404(client, login, staff, in_intake):
    client.raise_request_exception = False
    login(client, staff)

    assert client.get(decide_url(in_intake, "verwijderen")).status_code == 404


def test_staff_of_another_region_get_404_on_every_decision(client, login, other_staff, in_intake):
    client.raise_request_exception = False
    login(client, other_staff)

    for slug in ("intake", "aanvaarden", "niet-aanvaard", "ingetrokken", "dubbel"):
        assert client.post(decide_url(in_intake, slug), {"reason": "x"}).status_code == 404
    in_intake.refresh_from_db()
    assert in_intake.status == RegistrationStatus.IN_INTAKE


def test_a_new_registration_is_taken_into_intake_before_it_is_declined(antwerp_registration, staff):
    with pytest.raises(ValidationError, match="into intake before deciding"):
        services.registration_decline(registration=antwerp_registration, by=staff, reason="x")

    antwerp_registration.refresh_from_db()
    assert antwerp_registration.status == RegistrationStatus.NEW
