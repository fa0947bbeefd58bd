"""A traject's route, its pauses and its stop (through the services only), the three-week
promise with paused days left out, and the staff's list and page of trajects."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from people.factories import CoordinatorFactory, postcode
from trajects.factories import RegistrationFactory
from trajects.intake.services import registration_accept, registration_intake_start
from trajects.models import Phase, Step, StepKind, StopReason, Traject
from trajects.traject import services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English (on /en/ for pages): Dutch and French wording belongs to
    the translators."""
    with translation.override("en"):
        yield


def html(response) -> str:
    return response.content.decode()


def accepted(staff, registration=None, **registration_fields) -> Traject:
    registration = registration or RegistrationFactory(
        postcode=postcode("2000"), **registration_fields
    )
    registration_intake_start(registration=registration, by=staff)
    return registration_accept(registration=registration, by=staff)


@pytest.fixture
def traject(staff, antwerp_registration):
    return accepted(staff, antwerp_registration)


def move_url(traject, slug: str) -> str:
    return f"/en/staf/trajecten/{traject.reference}/{slug}/"


# --- The route ----------------------------------------------------------------------------------


def test_the_route_goes_one_phase_at_a_time_and_needs_a_coordinator_to_start(traject, staff):
    with pytest.raises(ValidationError, match="once a coordinator has been matched"):
        services.traject_advance(traject=traject, to=Phase.PREPARATION, by=staff)
    traject.coordinator = CoordinatorFactory()
    traject.save()
    with pytest.raises(ValidationError, match="one phase at a time"):
        services.traject_advance(traject=traject, to=Phase.PLAN_MADE, by=staff)

    for phase in (
        Phase.PREPARATION,
        Phase.CONFERENCE_PLANNED,
        Phase.PLAN_MADE,
        Phase.PLAN_DISTRIBUTED,
        Phase.FOLLOW_UP_DONE,
        Phase.CLOSED,
    ):
        traject = services.traject_advance(traject=traject, to=phase, by=staff)
        assert traject.phase == phase

    assert traject.started_at is not None
    assert list(Step.objects.filter(kind=StepKind.PHASE).values_list("phase", flat=True)) == [
        Phase.PREPARATION,
        Phase.CONFERENCE_PLANNED,
        Phase.PLAN_MADE,
        Phase.PLAN_DISTRIBUTED,
        Phase.FOLLOW_UP_DONE,
        Phase.CLOSED,
    ]
    with pytest.raises(ValidationError, match="has ended"):
        services.traject_pause(traject=traject, by=staff)


def test_a_paused_traject_does_not_move_until_it_is_resumed(traject, staff):
    traject.coordinator = CoordinatorFactory()
    traject.save()
    services.traject_pause(traject=traject, by=staff, note="Gezin vraagt tijd.")

    with pytest.raises(ValidationError, match="paused"):
        services.traject_advance(traject=traject, to=Phase.PREPARATION, by=staff)
    with pytest.raises(ValidationError, match="already paused"):
        services.traject_pause(traject=traject, by=staff)

    services.traject_resume(traject=traject, by=staff)
    traject = services.traject_advance(traject=traject, to=Phase.PREPARATION, by=staff)
    assert traject.phase == Phase.PREPARATION


def test_days_paused_before_the_start_move_the_promise(staff):
    start = timezone.now()
    traject = accepted(staff)
    registered = timezone.localdate(traject.registration.created_at)
    assert traject.start_due_on() == registered + timedelta(days=21)

    services.traject_pause(traject=traject, by=staff)
    with time_machine.travel(start + timedelta(days=5), tick=False):
        traject.refresh_from_db()
        # While paused, the due date moves along with each day.
        assert traject.start_due_on() == registered + timedelta(days=26)
        traject = services.traject_resume(traject=traject, by=staff)
    with time_machine.travel(start + timedelta(days=25), tick=False):
        traject.refresh_from_db()
        assert traject.paused_days == 5
        assert traject.start_due_on() == registered + timedelta(days=26)
        assert not traject.past_start_promise()
    with time_machine.travel(start + timedelta(days=27), tick=False):
        assert traject.past_start_promise()


def test_stop_needs_a_reason_and_a_note_for_other(traject, staff):
    with pytest.raises(ValidationError, match="Choose a reason"):
        services.traject_stop(traject=traject, by=staff, reason="")
    with pytest.raises(ValidationError, match="why the traject stops"):
        services.traject_stop(traject=traject, by=staff, reason=StopReason.OTHER, note=" ")

    traject = services.traject_stop(traject=traject, by=staff, reason=StopReason.NETWORK_TOO_SMALL)

    assert traject.phase == Phase.STOPPED
    assert traject.stop_reason == StopReason.NETWORK_TOO_SMALL
    with pytest.raises(ValidationError, match="already ended"):
        services.traject_stop(traject=traject, by=staff, reason=StopReason.OTHER, note="x")


def test_stopping_a_paused_traject_ends_the_pause(traject, staff):
    services.traject_pause(traject=traject, by=staff)

    traject = services.traject_stop(traject=traject, by=staff, reason=StopReason.SITUATION_CHANGED)

    assert traject.paused_at is None
    assert not traject.past_start_promise()


def test_the_database_holds_one_active_traject_per_coordinator(staff):
    coordinator = CoordinatorFactory()
    Traject.objects.filter(pk=accepted(staff).pk).update(
        coordinator=coordinator, phase=Phase.PREPARATION
    )
    second = accepted(staff)

    with pytest.raises(IntegrityError), transaction.atomic():
        Traject.objects.filter(pk=second.pk).update(
            coordinator=coordinator, phase=Phase.CONFERENCE_PLANNED
        )
    # Once the plan is distributed the coordinator's task has ended: a next one may begin.
    Traject.objects.filter(coordinator=coordinator).update(phase=Phase.PLAN_DISTRIBUTED)
    Traject.objects.filter(pk=second.pk).update(coordinator=coordinator, phase=Phase.PREPARATION)


def test_the_database_refuses_a_stop_without_reason(traject):
    with pytest.raises(IntegrityError), transaction.atomic():
        Traject.objects.filter(pk=traject.pk).update(phase=Phase.STOPPED)


# --- The pages ----------------------------------------------------------------------------------


def test_staff_pause_resume_and_stop_from_the_traject_page(client, login, staff, traject):
    login(client, staff)
    page = html(client.get(f"/en/staf/trajecten/{traject.reference}/"))
    assert move_url(traject, "pauzeren") in page

    response = client.post(
        move_url(traject, "pauzeren"), {"note": "Op vraag van moeder."}, follow=True
    )
    assert "The traject is paused." in html(response)
    assert move_url(traject, "hervatten") in html(response)
    assert "Op vraag van moeder." in html(response)

    response = client.post(move_url(traject, "hervatten"), {"note": ""}, follow=True)
    assert "The traject goes on." in html(response)

    response = client.post(
        move_url(traject, "stoppen"), {"reason": StopReason.PLAN_ELSEWHERE, "note": ""}, follow=True
    )
    content = html(response)
    assert "The traject has been stopped." in content
    assert "A plan was already made elsewhere" in content
    assert move_url(traject, "stoppen") not in content
    traject.refresh_from_db()
    assert traject.phase == Phase.STOPPED


def test_stop_with_other_and_no_note_is_refused_next_to_the_note(client, login, staff, traject):
    login(client, staff)

    response = client.post(move_url(traject, "stoppen"), {"reason": StopReason.OTHER, "note": ""})

    content = html(response)
    assert response.status_code == 200
    assert re.search(r'field--error[^"]*">\s*.*?name="note"', content, re.S)
    assert re.search(r'value="other"[^>]*checked', content)  # the choice kept
    traject.refresh_from_db()
    assert traject.phase == Phase.MATCHING


def test_the_list_shows_only_the_staff_members_regions(client, login, staff, other_staff):
    antwerp = accepted(staff)
    limburg = accepted(other_staff, RegistrationFactory(postcode=postcode("3500")))
    login(client, staff)

    content = html(client.get("/en/staf/trajecten/"))

    assert antwerp.reference in content
    assert limburg.reference not in content
    client.raise_request_exception = False
    assert client.get(f"/en/staf/trajecten/{limburg.reference}/").status_code == 404
    assert (
        client.post(move_url(limburg, "stoppen"), {"reason": "other", "note": "x"}).status_code
        == 404
    )
    limburg.refresh_from_db()
    assert limburg.phase == Phase.MATCHING


def test_the_list_filters_on_phase(client, login, staff):
    matching = accepted(staff)
    stopped = services.traject_stop(
        traject=accepted(staff), by=staff, reason=StopReason.SITUATION_CHANGED
    )
    login(client, staff)

    content = html(client.get("/en/staf/trajecten/?phase=stopped"))

    assert stopped.reference in content
    assert matching.reference not in content


def test_the_empty_list_says_how_trajects_begin(client, login, staff):
    login(client, staff)

    assert "they begin when a registration is accepted" in html(client.get("/en/staf/trajecten/"))


@pytest.mark.parametrize("url", ["/en/staf/trajecten/", "detail"])
def test_list_and_page_keep_their_query_count_as_trajects_grow(client, login, staff, url):
    login(client, staff)
    first = accepted(staff)
    services.traject_pause(traject=first, by=staff)
    target = f"/en/staf/trajecten/{first.reference}/" if url == "detail" else url

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(target).status_code == 200
        return len(queries)

    client.get(target)  # the session's first request: log-in and language look-ups
    small = count()
    for index in range(12):
        accepted(staff)
        # A longer timeline on the page: the first traject resumed and paused again.
        move = services.traject_resume if index % 2 == 0 else services.traject_pause
        move(traject=first, by=staff)
    assert count() == small
