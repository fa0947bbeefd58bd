"""The access log on a record's page (staff and administrators only; the address for
administrators only) and the administrators' search (/staf/toegangslog/): filters, bad input
kept with its message, newest first, the same number of queries for few and many events."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from people.audit.models import AccessAction, AccessEvent
from people.audit.selectors import access_log_for
from people.factories import postcode
from trajects.factories import RegistrationFactory
from trajects.intake.services import registration_accept, registration_intake_start
from trajects.models import Phase, Traject

pytestmark = pytest.mark.django_db

SEARCH = "/en/staf/toegangslog/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def registration(antwerpen):
    return RegistrationFactory(postcode=postcode("2000"))


def event(actor, action=AccessAction.VIEW, *, record=None, days_ago=0, address="192.0.2.1"):
    return AccessEvent.objects.create(
        at=timezone.now() - datetime.timedelta(days=days_ago),
        actor=actor,
        action=action,
        object_type=record._meta.label_lower if record is not None else "",
        object_id=str(record.pk) if record is not None else "",
        address=address,
    )


def test_staff_see_who_opened_the_registration_on_its_page(
    client, login, staff, other_staff, registration
):
    other_staff.first_name, other_staff.last_name = "Lotte", "Lambrechts"
    other_staff.save()
    event(other_staff, record=registration, address="192.0.2.77")
    login(client, staff)

    content = client.get(f"/en/staf/aanmeldingen/{registration.reference}/").content.decode()

    assert 'data-testid="access-log"' in content
    assert "Lotte Lambrechts" in content
    assert staff.first_name in content.split('data-testid="access-log"')[1]
    assert "192.0.2.77" not in content  # the address: administrators only


def test_administrators_also_see_the_address(client, login, administrator, registration, staff):
    event(staff, record=registration, address="192.0.2.77")
    login(client, administrator)

    content = client.get(f"/en/staf/aanmeldingen/{registration.reference}/").content.decode()

    assert "192.0.2.77" in content


def test_a_coordinator_does_not_see_the_log_of_their_traject(client, login, coordinator, staff):
    registration = RegistrationFactory(postcode=postcode("2000"))
    registration_intake_start(registration=registration, by=staff)
    traject = registration_accept(registration=registration, by=staff)
    Traject.objects.filter(pk=traject.pk).update(
        coordinator=coordinator, phase=Phase.PREPARATION, started_at=timezone.now()
    )
    event(staff, record=traject)
    login(client, coordinator)

    content = client.get(f"/en/portaal/trajecten/{traject.reference}/").content.decode()

    assert 'data-testid="access-log"' not in content
    assert "Access log" not in content


def test_a_coach_does_not_see_the_log_on_a_volunteers_page(client, login, coach, coordinator):
    event(coach, record=coordinator)
    login(client, coach)

    response = client.get(f"/en/staf/vrijwilligers/{coordinator.pk}/")

    assert response.status_code == 200
    assert 'data-testid="access-log"' not in response.content.decode()


def test_staff_see_the_log_on_a_volunteers_page(client, login, staff, coordinator):
    login(client, staff)

    content = client.get(f"/en/staf/vrijwilligers/{coordinator.pk}/").content.decode()

    assert 'data-testid="access-log"' in content


# --- The administrators' search -------------------------------------------------------------


def rows(response) -> list:
    return list(response.context["table"].page.object_list)


def test_the_search_lists_events_newest_first(client, login, administrator, staff, registration):
    old = event(staff, record=registration, days_ago=3)
    new = event(staff, AccessAction.CHANGE, record=registration, days_ago=1)
    login(client, administrator)

    response = client.get(SEARCH)

    assert response.status_code == 200
    listed = [row.record.pk for row in rows(response)]
    assert listed.index(new.pk) < listed.index(old.pk)


def test_the_search_filters_by_who_what_record_and_period(
    client, login, administrator, staff, other_staff, registration, coordinator
):
    wanted = event(staff, AccessAction.CHANGE, record=registration, days_ago=2)
    event(other_staff, AccessAction.CHANGE, record=registration, days_ago=2)
    event(staff, AccessAction.VIEW, record=registration, days_ago=2)
    event(staff, AccessAction.CHANGE, record=coordinator, days_ago=2)
    event(staff, AccessAction.CHANGE, record=registration, days_ago=20)
    login(client, administrator)
    day = timezone.localdate() - datetime.timedelta(days=2)

    response = client.get(
        SEARCH,
        {
            "actor": staff.first_name,
            "object_type": "trajects.registration",
            "object_id": str(registration.pk),
            "action": "change",
            "since": day.isoformat(),
            "until": day.isoformat(),
        },
    )

    assert [row.record.pk for row in rows(response)] == [wanted.pk]


def test_a_period_ending_before_it_starts_is_refused_next_to_the_end(client, login, administrator):
    login(client, administrator)

    response = client.get(SEARCH, {"since": "2026-05-10", "until": "2026-05-01"})

    assert response.status_code == 200
    form = response.context["filter"].form
    assert form.errors["until"] == ["The end date lies before the start date."]
    assert 'value="2026-05-10"' in response.content.decode()


def test_a_malformed_date_is_refused_next_to_the_field_not_a_500(client, login, administrator):
    login(client, administrator)

    response = client.get(SEARCH, {"since": "yesterday-ish"})

    assert response.status_code == 200
    assert "since" in response.context["filter"].form.errors


def test_the_search_is_for_administrators_only(client, login, staff):
    login(client, staff)

    assert client.get(SEARCH).status_code == 404


def test_the_search_takes_as_many_queries_for_3_events_as_for_60(
    client, login, administrator, staff, other_staff, registration, coordinator
):
    login(client, administrator)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(SEARCH).status_code == 200
        return len(queries)

    client.get(SEARCH)  # the session's first request sets it up
    for n in range(3):
        event([staff, other_staff][n % 2], record=registration)
    few = count()
    for n in range(57):
        event([staff, other_staff, None][n % 3], record=[registration, coordinator][n % 2])
    assert count() == few


def test_a_records_log_takes_one_query_whatever_its_length(staff, other_staff, registration):
    for n in range(25):
        event([staff, other_staff][n % 2], record=registration)

    with CaptureQueriesContext(connection) as queries:
        log = access_log_for(registration)
        names = [item.actor.email for item in log]

    assert len(names) == 20
    assert len(queries) == 1
