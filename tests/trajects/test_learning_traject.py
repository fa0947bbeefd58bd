"""The learning traject: a coordinator whose track is complete except the coach's sign-off may
be matched for a first traject; it is marked a learning traject, their coach is told, and the
coach's sign-off is recorded from it when it closes (which issues the certificate). And the
coach's read-only view of their coordinators' trajects."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from people.factories import CoachAssignmentFactory, CoordinatorFactory, postcode
from people.models import OutboxMessage
from people.outbox import outbox_deliver
from training.certificates.selectors import coordinators_with_valid_certificate
from training.certificates.services import certificate_issue
from training.factories import TrackEnrolmentFactory, TrackFactory, lesson_page, module_page
from training.models import LessonProgress, TrackEnrolment
from trajects.coach.services import learning_traject_sign_off
from trajects.factories import RegistrationFactory
from trajects.intake.services import registration_accept, registration_intake_start
from trajects.matching.selectors import candidate, learners, shortlist
from trajects.matching.services import proposal_accept, proposal_make
from trajects.models import Phase, Step, StepKind, StopReason, Traject
from trajects.traject.services import (
    TOPIC_LEARNING_CLOSED,
    TOPIC_LEARNING_STARTED,
    traject_advance,
    traject_stop,
)

pytestmark = pytest.mark.django_db

SECRET_NAME = "Samira El Amrani"
SECRET_QUESTION = "Vertrouwelijke vraag over de kinderen van Samira"
LEARNING = "First traject as a learning traject: the coach signs off from it"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def track():
    """The track that qualifies for matching: one module of one lesson, and a sign-off."""
    module = module_page(title="De route")
    lesson = lesson_page(module=module, title="Het begin")
    track = TrackFactory(code="matching-basis", modules=[module], sign_off_required=True)
    track.lesson = lesson
    return track


def finish_all_but_sign_off(user, track) -> TrackEnrolment:
    enrolment = TrackEnrolmentFactory(user=user, track=track)
    LessonProgress.objects.create(
        user=user,
        lesson=track.lesson,
        lesson_key=track.lesson.translation_key,
        completed_at=timezone.now(),
    )
    return enrolment


@pytest.fixture
def learner(coordinator, track):
    """``coordinator`` (coached by ``coach``): the track done except the sign-off."""
    finish_all_but_sign_off(coordinator, track)
    return coordinator


def new_traject(staff, **fields) -> Traject:
    registration = RegistrationFactory(
        postcode=postcode("2000"), core_name=SECRET_NAME, question=SECRET_QUESTION, **fields
    )
    registration_intake_start(registration=registration, by=staff)
    return registration_accept(registration=registration, by=staff)


def match(traject, coordinator, staff) -> Traject:
    proposal = proposal_make(traject=traject, coordinator=coordinator, by=staff)
    return proposal_accept(proposal=proposal, by=coordinator)


def close(traject, by) -> Traject:
    for phase in (
        Phase.CONFERENCE_PLANNED,
        Phase.PLAN_MADE,
        Phase.PLAN_DISTRIBUTED,
        Phase.FOLLOW_UP_DONE,
        Phase.CLOSED,
    ):
        traject = traject_advance(traject=traject, to=phase, by=by)
    return traject


def deliver(topic: str, traject) -> bool:
    message = OutboxMessage.objects.get(topic=topic, object_id=traject.pk)
    return outbox_deliver(message_id=message.pk)


# --- Who may take a learning traject ----------------------------------------------------------


def test_a_track_complete_but_the_sign_off_puts_the_coordinator_on_the_shortlist(
    learner, other_coordinator, track, staff
):
    finish_all_but_sign_off(other_coordinator, track)
    LessonProgress.objects.filter(user=other_coordinator).delete()  # a lesson still to do
    traject = new_traject(staff)
    rows = {row.coordinator: row for row in shortlist(traject=traject)}
    assert list(rows) == [learner]
    assert rows[learner].eligible
    texts = [reason.text for reason in rows[learner].reasons]
    assert LEARNING in texts and "Valid certificate" not in texts
    assert not candidate(traject=traject, coordinator=other_coordinator).eligible


def test_only_a_first_traject_is_a_learning_traject(learner, staff):
    done = match(new_traject(staff), learner, staff)
    close(done, learner)
    assert learner not in learners()
    assert candidate(traject=new_traject(staff), coordinator=learner).refusal == (
        "No valid certificate"
    )


def test_a_stopped_first_traject_leaves_the_way_to_a_learning_traject_open(learner, staff):
    first = match(new_traject(staff), learner, staff)
    traject_stop(traject=first, by=staff, reason=StopReason.SITUATION_CHANGED)
    assert learner in learners()


def test_without_a_coach_nobody_follows_a_learning_traject(track, staff, antwerpen):
    alone = CoordinatorFactory(regions=[antwerpen])
    finish_all_but_sign_off(alone, track)
    row = candidate(traject=new_traject(staff), coordinator=alone)
    assert row.refusal == "No coach to follow a learning traject"


def test_a_signed_off_track_is_no_learning_candidate(learner, coach):
    TrackEnrolment.objects.filter(user=learner).update(
        signed_off_at=timezone.now(), signed_off_by=coach
    )
    assert learner not in learners()


# --- The learning traject, from the proposal to the sign-off -----------------------------------


def test_accepting_marks_the_learning_traject_and_tells_the_coach(learner, coach, staff):
    traject = match(new_traject(staff), learner, staff)
    assert traject.is_learning
    assert Traject.objects.get(pk=traject.pk).is_learning
    assert deliver(TOPIC_LEARNING_STARTED, traject)
    (message,) = mail.outbox
    assert message.to == [coach.email]
    assert traject.reference in message.subject
    assert f"/coach/trajecten/{traject.reference}/" in message.body
    assert SECRET_NAME not in message.body and SECRET_QUESTION not in message.body


def test_a_certified_coordinator_takes_an_ordinary_traject(coordinator, track, staff):
    certificate_issue(
        user=coordinator, track=track, issued_on=timezone.localdate() - timedelta(days=3)
    )
    traject = match(new_traject(staff), coordinator, staff)
    assert not traject.is_learning
    assert not OutboxMessage.objects.filter(topic=TOPIC_LEARNING_STARTED).exists()


def test_the_coach_signs_off_from_the_closed_learning_traject(learner, coach, staff, client, login):
    traject = close(match(new_traject(staff), learner, staff), learner)
    assert deliver(TOPIC_LEARNING_CLOSED, traject)
    closed = mail.outbox[-1]
    assert closed.to == [coach.email]
    assert traject.reference in closed.subject  # in the coach's language (Dutch here)
    assert f"/coach/trajecten/{traject.reference}/" in closed.body
    assert SECRET_NAME not in closed.body and SECRET_QUESTION not in closed.body
    assert learner not in coordinators_with_valid_certificate()

    login(client, coach)
    url = f"/en/coach/trajecten/{traject.reference}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Sign off the first traject" in page.content.decode()

    response = client.post(url + "aftekenen/", {"note": "Goed gedaan."})
    assert response.status_code == 302
    enrolment = TrackEnrolment.objects.get(user=learner)
    assert enrolment.signed_off_by == coach
    assert (
        traject.reference in enrolment.sign_off_note and "Goed gedaan." in enrolment.sign_off_note
    )
    assert learner in coordinators_with_valid_certificate()
    assert Step.objects.filter(
        registration=traject.registration, kind=StepKind.SIGNED_OFF, by=coach
    ).exists()

    # Twice: refused with a message, nothing recorded again.
    again = client.post(url + "aftekenen/", {"note": ""})
    assert again.status_code == 400
    assert "has been signed off already" in again.content.decode()
    assert Step.objects.filter(kind=StepKind.SIGNED_OFF).count() == 1
    assert "Sign off the first traject" not in client.get(url).content.decode()


def test_no_sign_off_before_the_learning_traject_closes(learner, coach, staff, client, login):
    traject = match(new_traject(staff), learner, staff)
    with pytest.raises(Exception, match="once the learning traject has closed"):
        learning_traject_sign_off(traject=traject, coach=coach)
    login(client, coach)
    response = client.post(f"/en/coach/trajecten/{traject.reference}/aftekenen/", {"note": ""})
    assert response.status_code == 400
    assert TrackEnrolment.objects.get(user=learner).signed_off_at is None


def test_only_the_coordinators_coach_signs_off(learner, other_coach, staff, client, login):
    traject = close(match(new_traject(staff), learner, staff), learner)
    with pytest.raises(Exception, match="Only the coordinator's coach"):
        learning_traject_sign_off(traject=traject, coach=other_coach)
    login(client, other_coach)
    response = client.post(f"/coach/trajecten/{traject.reference}/aftekenen/", {"note": ""})
    assert response.status_code == 404
    assert TrackEnrolment.objects.get(user=learner).signed_off_at is None


def test_a_closing_ordinary_traject_tells_no_coach(coordinator, track, staff):
    certificate_issue(user=coordinator, track=track, issued_on=timezone.localdate())
    close(match(new_traject(staff), coordinator, staff), coordinator)
    assert not OutboxMessage.objects.filter(topic=TOPIC_LEARNING_CLOSED).exists()


# --- The coach's read-only view -----------------------------------------------------------------


def test_the_coach_reads_their_coordinators_trajects_only(
    learner, other_coordinator, coach, track, staff, client, login
):
    mine = match(new_traject(staff), learner, staff)
    certificate_issue(user=other_coordinator, track=track, issued_on=timezone.localdate())
    theirs = match(new_traject(staff), other_coordinator, staff)
    login(client, coach)
    listing = client.get("/en/coach/trajecten/").content.decode()
    assert mine.reference in listing and "learning traject" in listing
    assert theirs.reference not in listing
    page = client.get(f"/en/coach/trajecten/{mine.reference}/")
    content = page.content.decode()
    assert page.status_code == 200
    assert SECRET_NAME in content  # the coach supports the coordinator with the family's case
    assert "<form" not in content.split('id="preparation-heading"')[1]  # read-only
    assert client.get(f"/en/coach/trajecten/{theirs.reference}/").status_code == 404


def test_an_ended_coaching_ends_the_view(learner, coach, staff, client, login):
    traject = match(new_traject(staff), learner, staff)
    learner.coach_assignments.update(ends_on=timezone.localdate())
    login(client, coach)
    assert client.get(f"/coach/trajecten/{traject.reference}/").status_code == 404
    assert traject.reference not in client.get("/coach/trajecten/").content.decode()


def test_the_coach_list_costs_the_same_queries_at_two_sizes(coach, track, staff, client, login):
    def add(count: int) -> None:
        for _ in range(count):
            coordinator = CoordinatorFactory()
            CoachAssignmentFactory(coordinator=coordinator, coach=coach)
            certificate_issue(user=coordinator, track=track, issued_on=timezone.localdate())
            match(new_traject(staff), coordinator, staff)

    login(client, coach)
    add(1)
    client.get("/coach/trajecten/")  # the first request of a session reads a little more
    with CaptureQueriesContext(connection) as small:
        assert client.get("/coach/trajecten/").status_code == 200
    add(6)
    with CaptureQueriesContext(connection) as large:
        assert client.get("/coach/trajecten/").status_code == 200
    assert Traject.objects.for_coach(coach).count() == 7
    assert len(large) == len(small)
