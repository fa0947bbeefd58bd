"""Two posts of the same form at the same moment store one registration; two different
registrations at the same moment get different references; two staff members proposing at the
same moment ask one coordinator about one traject. PostgreSQL only: SQLite takes one writer at a
time, so there is no race to test there."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone, translation

from people.factories import CoordinatorFactory, StaffFactory, postcode, region
from people.models import OutboxMessage
from tests.trajects.conftest import PAGE_URL, form_data
from training.certificates.services import certificate_issue
from training.factories import TrackFactory
from trajects.factories import RegistrationFactory
from trajects.forms import RegistrationForm
from trajects.intake.services import registration_accept, registration_intake_start
from trajects.matching.services import proposal_make
from trajects.models import (
    Phase,
    Proposal,
    ProposalState,
    Registration,
    Step,
    StepKind,
    StopReason,
    Traject,
)
from trajects.services import registration_submit
from trajects.traject.services import traject_pause, traject_stop

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="races are tested on PostgreSQL"),
]


def at_once(*calls):
    """Runs the calls in threads released together; returns their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def cleaned_data() -> dict:
    form = RegistrationForm(form_data())
    assert form.is_valid(), form.errors
    return form.submitted_data()


def test_two_submissions_of_one_token_at_once_store_one_registration():
    data, token = cleaned_data(), uuid.uuid4()

    def submit():
        registration, created = registration_submit(
            data=data, submission_token=token, language="nl"
        )
        return registration.pk, created

    results = at_once(submit, submit)

    assert Registration.objects.count() == 1
    assert sorted(created for _pk, created in results) == [False, True]
    assert {pk for pk, _created in results} == {Registration.objects.get().pk}
    assert OutboxMessage.objects.count() == 2


def test_two_different_registrations_at_once_get_different_references():
    data = cleaned_data()

    def submit():
        registration, _created = registration_submit(
            data=data, submission_token=uuid.uuid4(), language="nl"
        )
        return registration.reference

    references = at_once(submit, submit, submit)

    assert len(set(references)) == 3
    assert sorted(int(reference[-4:]) for reference in references) == [1, 2, 3]


def test_the_same_form_posted_from_two_tabs_at_once_stores_one_and_mails_once(
    registration_page,
):
    data = form_data()

    def post():
        response = Client().post(PAGE_URL, data)
        return response.status_code, response["Location"]

    (first, second) = at_once(post, post)

    assert first == second
    assert first[0] == 302
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 2


def test_two_staff_members_accepting_one_registration_at_once_make_one_traject(staff):
    with transaction.atomic():  # the factory takes a reference under a lock
        registration = RegistrationFactory(postcode=postcode("2000"))
    registration_intake_start(registration=registration, by=staff)
    other = StaffFactory(regions=[registration.region])

    def accept(by):
        def call():
            try:
                with translation.override("en"):
                    registration_accept(registration=registration, by=by)
            except ValidationError as error:
                return error.messages[0]
            return "accepted"

        return call

    results = at_once(accept(staff), accept(other))

    assert results.count("accepted") == 1
    refusal = next(result for result in results if result != "accepted")
    # The second waited for the lock, then read that the first had decided.
    assert refusal == "This registration has already been decided on: it is “Accepted”."
    assert Traject.objects.count() == 1
    assert Step.objects.filter(kind=StepKind.ACCEPTED).count() == 1


def test_pausing_and_stopping_one_traject_at_once_leave_a_consistent_traject(staff):
    with transaction.atomic():  # the factory takes a reference under a lock
        registration = RegistrationFactory(postcode=postcode("2000"))
    registration_intake_start(registration=registration, by=staff)
    traject = registration_accept(registration=registration, by=staff)

    def pause():
        try:
            traject_pause(traject=traject, by=staff)
        except ValidationError:
            return "refused"
        return "paused"

    def stop():
        traject_stop(traject=traject, by=staff, reason=StopReason.SITUATION_CHANGED)
        return "stopped"

    results = at_once(pause, stop)

    traject.refresh_from_db()
    assert traject.phase == Phase.STOPPED
    assert traject.paused_at is None  # a stop ends a pause that came first
    assert results[1] == "stopped"
    assert Step.objects.filter(kind=StepKind.STOPPED).count() == 1


# --- Matching: two staff members proposing at the same moment ---------------------------------


def matching_traject(staff) -> Traject:
    with transaction.atomic():  # the factory takes a reference under a lock
        registration = RegistrationFactory(postcode=postcode("2000"))
    registration_intake_start(registration=registration, by=staff)
    return registration_accept(registration=registration, by=staff)


def certified_coordinator():
    user = CoordinatorFactory(regions=[region("antwerpen")])
    certificate_issue(
        user=user,
        track=TrackFactory(code="matching-basis"),
        issued_on=timezone.localdate() - timedelta(days=30),
    )
    return user


def propose(traject, coordinator, by):
    def call():
        try:
            with translation.override("en"):
                proposal_make(traject=traject, coordinator=coordinator, by=by)
        except ValidationError as error:
            return error.messages[0]
        return "proposed"

    return call


def test_two_staff_members_proposing_one_coordinator_for_two_trajects_at_once_ask_once(staff):
    other = StaffFactory(regions=[region("antwerpen")])
    first, second = matching_traject(staff), matching_traject(staff)
    coordinator = certified_coordinator()

    results = at_once(propose(first, coordinator, staff), propose(second, coordinator, other))

    assert results.count("proposed") == 1
    refusal = next(result for result in results if result != "proposed")
    # The second waited for the coordinator's row, then read that they had been asked.
    assert refusal == (
        "This coordinator cannot be proposed now: waiting to answer about another traject."
    )
    (proposal,) = Proposal.objects.all()
    assert proposal.coordinator == coordinator
    assert proposal.state == ProposalState.PENDING
    assert Step.objects.filter(kind=StepKind.PROPOSED).count() == 1


def test_two_staff_members_proposing_two_coordinators_for_one_traject_at_once_ask_one(staff):
    other = StaffFactory(regions=[region("antwerpen")])
    traject = matching_traject(staff)
    one, two = certified_coordinator(), certified_coordinator()

    results = at_once(propose(traject, one, staff), propose(traject, two, other))

    assert results.count("proposed") == 1
    refusal = next(result for result in results if result != "proposed")
    assert (
        refusal
        == "A coordinator has been asked already: wait for the answer or withdraw the proposal."
    )
    (proposal,) = Proposal.objects.all()
    assert proposal.traject == traject
    assert proposal.coordinator in (one, two)
    assert Step.objects.filter(kind=StepKind.PROPOSED).count() == 1
