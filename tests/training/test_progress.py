"""training.progress: lessons, modules (locked until their prerequisites are done) and the
three requirements of a track; and certificates issued once a track is complete."""

from __future__ import annotations

import pytest
from django.utils import timezone

from training.certificates.selectors import coordinators_with_valid_certificate, track_status
from training.certificates.services import certificates_award_due
from training.factories import (
    TrackEnrolmentFactory,
    TrackFactory,
    TrainingDayFactory,
    lesson_page,
    module_page,
    quiz_value,
)
from training.learning.selectors import module_statuses
from training.models import Certificate, LessonProgress, Reminder, TrainingDayEnrolment

pytestmark = pytest.mark.django_db


def complete(user, lesson):
    LessonProgress.objects.create(
        user=user, lesson=lesson, lesson_key=lesson.translation_key, completed_at=timezone.now()
    )


@pytest.fixture
def course():
    first = module_page(title="De route")
    second = module_page(title="De conferentie", prerequisites=[first])
    lessons = {
        "route": lesson_page(module=first, title="Aanmelding"),
        "quiz": lesson_page(module=first, title="Toets", quiz=quiz_value()),
        "conference": lesson_page(module=second, title="Drie delen"),
    }
    return first, second, lessons


def test_module_is_locked_until_its_prerequisite_is_complete(coordinator, course):
    first, second, lessons = course
    before = module_statuses(coordinator, [first, second])
    assert [status.locked for status in before] == [False, True]
    assert before[1].missing_prerequisites == [first]

    complete(coordinator, lessons["route"])
    halfway = module_statuses(coordinator, [first, second])
    assert (halfway[0].lessons_done, halfway[0].lessons_total, halfway[0].percent) == (1, 2, 50)
    assert halfway[1].locked

    complete(coordinator, lessons["quiz"])
    after = module_statuses(coordinator, [first, second])
    assert after[0].completed
    assert not after[1].locked


def test_another_volunteers_progress_does_not_count(coordinator, other_coordinator, course):
    first, _, lessons = course
    complete(other_coordinator, lessons["route"])
    assert module_statuses(coordinator, [first])[0].lessons_done == 0


def test_track_needs_modules_days_and_sign_off(coordinator, course, staff):
    first, second, lessons = course
    track = TrackFactory(modules=[first, second], required_training_days=1, sign_off_required=True)
    enrolment = TrackEnrolmentFactory(user=coordinator, track=track)
    for lesson in lessons.values():
        complete(coordinator, lesson)
    status = track_status(coordinator, track)
    assert status.modules_complete and not status.days_complete and not status.complete

    day = TrainingDayFactory(track=track)
    TrainingDayEnrolment.objects.create(day=day, user=coordinator, attended=True)
    assert track_status(coordinator, track).days_complete
    assert certificates_award_due(user=coordinator) == []  # the sign-off is still missing

    enrolment.signed_off_at = timezone.now()
    enrolment.signed_off_by = staff
    enrolment.save()
    assert track_status(coordinator, track).complete
    (certificate,) = certificates_award_due(user=coordinator)
    assert certificate.user == coordinator and certificate.is_valid_on()
    assert len(certificate.code) >= 22
    assert Reminder.objects.filter(certificate=certificate).count() == 2
    # Awarding again issues nothing new.
    assert certificates_award_due(user=coordinator) == []
    assert Certificate.objects.filter(user=coordinator).count() == 1
    assert list(coordinators_with_valid_certificate()) == [coordinator]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_completions_at_once_issue_one_certificate():
    """The last lesson and the last attendance recorded at the same moment both see a complete
    track: the enrolment's row lock lets exactly one of them issue the certificate."""
    import threading

    from django.db import connection, connections

    from people.factories import CoordinatorFactory, region

    if connection.vendor != "postgresql":
        pytest.skip("a race needs a database with concurrent writers: run on PostgreSQL")
    coordinator = CoordinatorFactory(regions=[region("antwerpen")])
    module = module_page(title="Enige module")
    complete(coordinator, lesson_page(module=module))
    track = TrackFactory(modules=[module])
    TrackEnrolmentFactory(user=coordinator, track=track)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def award() -> None:
        try:
            barrier.wait()
            certificates_award_due(user=coordinator)
        except BaseException as exc:  # pragma: no cover -- reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=award) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert Certificate.objects.filter(user=coordinator, track=track).count() == 1
