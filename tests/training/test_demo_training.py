"""training.demo: the e-learning, tracks, training days, certificates and the recruitment
pipeline of ``seed_demo``; idempotent, in three languages, and the volunteer's journey ready to
be played."""

from __future__ import annotations

import datetime
import random

import pytest
from django.utils import timezone
from wagtail.models import Locale, PageViewRestriction

from people import demo as people_demo
from people.models import OutboxMessage, User
from training import demo
from training.certificates.selectors import coordinators_with_valid_certificate, track_status
from training.learning.signals import progress_changed_send as progress_changed
from training.models import (
    Application,
    ApplicationStatus,
    ApplicationStep,
    Certificate,
    LessonPage,
    LessonProgress,
    ModulePage,
    QuizAttempt,
    ReflectionAnswer,
    Reminder,
    SeatStatus,
    Track,
    TrackEnrolment,
    TrackModule,
    TrainingDay,
    TrainingDayEnrolment,
    TrainingIndexPage,
)

COUNTED = [
    TrainingIndexPage,
    ModulePage,
    LessonPage,
    Track,
    TrackModule,
    TrackEnrolment,
    TrainingDay,
    TrainingDayEnrolment,
    LessonProgress,
    QuizAttempt,
    ReflectionAnswer,
    Certificate,
    Reminder,
    Application,
    ApplicationStep,
    User,
]


@pytest.fixture(scope="module")
def _demo_for_module(_demo_pages_for_module, django_db_blocker):
    """The demo people and training, seeded once per module inside the demo pages' transaction
    (rolled back when the module is done); each test runs in a savepoint inside it."""
    with django_db_blocker.unblock():
        people_demo.seed(rng=random.Random(2026))
        demo.seed(rng=random.Random(2026))
    return


@pytest.fixture
def seeded(_demo_for_module, db):
    return None


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def journey_volunteer() -> User:
    return User.objects.get(email=demo.JOURNEY_EMAIL)


def basic_track() -> Track:
    return Track.objects.get(code="basis")


def test_seeding_twice_creates_nothing_and_sends_nothing(seeded, mailoutbox):
    before = counts()
    passed_before = sorted(QuizAttempt.objects.values_list("user_id", "block_id", "passed"))

    result = demo.seed(rng=random.Random(7))

    assert counts() == before
    assert result.applications_created == 0
    assert result.learning_pages_created == 0
    assert sorted(QuizAttempt.objects.values_list("user_id", "block_id", "passed")) == (
        passed_before
    )
    assert mailoutbox == []
    assert not OutboxMessage.objects.exists()
    # Reminders that fell due before today count as sent: starting the worker sends nothing old.
    assert not Reminder.objects.filter(
        due_at__lte=timezone.now(), sent_at__isnull=True, cancelled_at__isnull=True
    ).exists()


def test_basic_track_has_at_least_four_modules_each_with_a_quiz_and_a_reflection(seeded):
    track = basic_track()
    assert track.name == "Basisopleiding Eigen Kracht-coördinator"
    assert (track.required_training_days, track.sign_off_required) == (2, True)
    assert track.validity_months == 24 and track.intervision_per_year == 4
    assert track.refresher_module.slug == "nazorg-en-evaluatie"
    modules = [item.module for item in track.track_modules.order_by("sort_order")]
    assert len(modules) >= 4
    for previous, module in zip([None, *modules], modules, strict=False):
        lessons = LessonPage.objects.child_of(module).live().order_by("path")
        assert 2 <= lessons.count() <= 3, module.title
        last = lessons.last()
        assert last.quiz_blocks(), f"{module.title} ends without a quiz"
        quiz = last.quiz_blocks()[0]
        assert quiz.value["pass_mark"] == 70
        kinds = {question["kind"] for question in quiz.value["questions"]}
        assert kinds == {"single", "multiple"}
        for question in quiz.value["questions"]:
            assert all(answer["feedback"] for answer in question["answers"])
        assert any(
            block.block_type == "reflection" for lesson in lessons for block in lesson.body
        ), f"{module.title} has no reflection question"
        expected = [previous.pk] if previous else []
        assert [m.pk for m in module.prerequisites.all()] == expected
    coach = Track.objects.get(code="coach")
    assert coach.track_modules.count() >= 1
    assert (coach.required_training_days, coach.sign_off_required) == (1, False)


def test_every_training_page_exists_in_dutch_french_and_english_with_the_same_block_ids(seeded):
    locales = {code: Locale.objects.get(language_code=code) for code in ("fr", "en")}
    index = TrainingIndexPage.objects.get(locale__language_code="nl")
    assert index.url == "/opleiding/"
    assert index.get_translation(locales["fr"]).url == "/fr/formation/"
    assert index.get_translation(locales["en"]).url == "/en/training/"
    for page in [
        *ModulePage.objects.filter(locale__language_code="nl"),
        *LessonPage.objects.filter(locale__language_code="nl"),
    ]:
        page = page.specific
        for code, locale in locales.items():
            translation = page.get_translation(locale).specific
            assert translation.live
            assert translation.title != page.title, (code, page.title)
            assert [block.id for block in translation.body] == [block.id for block in page.body]
            if isinstance(page, ModulePage) and page.prerequisites.exists():
                # A translated module waits for the translated module before it.
                (prerequisite,) = translation.prerequisites.all()
                assert prerequisite.locale == locale
                assert prerequisite.translation_key == page.prerequisites.get().translation_key
    # Members only, in every language.
    for page in TrainingIndexPage.objects.all():
        assert PageViewRestriction.objects.filter(
            page=page, restriction_type=PageViewRestriction.LOGIN
        ).exists()
    quiz = LessonPage.objects.get(locale__language_code="fr", slug="test-suivi").quiz_block(
        "m5-l3-quiz"
    )
    assert (
        quiz.value["questions"][0]["question"] == "Quand le coordinateur reprend-il contact\u00a0?"
    )


def test_journey_volunteer_has_all_but_the_last_lesson_and_quiz_one_day_and_the_sign_off(seeded):
    user = journey_volunteer()
    status = track_status(user, basic_track())

    assert [module.completed for module in status.modules] == [True, True, True, True, False]
    last = status.modules[-1]
    assert (last.lessons_done, last.lessons_total, last.locked) == (1, 3, False)
    assert not status.modules_complete
    assert status.days_attended == 1
    assert status.signed_off
    enrolment = TrackEnrolment.objects.get(user=user, track=basic_track())
    assert enrolment.signed_off_by.email == demo.JOURNEY_TRAINER_EMAIL
    assert not Certificate.objects.filter(user=user).exists()
    # "Continue where you left off": the last lesson opened is the next one to do.
    latest = LessonProgress.objects.filter(user=user).order_by("-last_opened_at").first()
    assert latest.lesson.slug == "opvolging-na-een-maand" and latest.completed_at is None
    # A quiz failed once, then passed.
    attempts = QuizAttempt.objects.filter(user=user, block_id="m2-l3-quiz").order_by("created_at")
    assert [attempt.passed for attempt in attempts] == [False, True]
    assert not QuizAttempt.objects.filter(user=user, block_id="m5-l3-quiz").exists()

    # Yesterday's day: a confirmed seat, attendance not recorded, the coach is the trainer.
    seat = TrainingDayEnrolment.objects.get(user=user, day__title=demo.JOURNEY_DAY)
    today = timezone.localdate()
    assert timezone.localtime(seat.day.starts_at).date() == today - datetime.timedelta(days=1)
    assert seat.status == SeatStatus.CONFIRMED and seat.attended is None
    assert seat.day.trainer.email == demo.JOURNEY_TRAINER_EMAIL


def test_finishing_the_last_lesson_quiz_and_attendance_issues_the_certificate(seeded):
    user = journey_volunteer()
    now = timezone.now()
    for slug in ("opvolging-na-een-maand", "toets-nazorg"):
        lesson = LessonPage.objects.get(locale__language_code="nl", slug=slug)
        LessonProgress.objects.update_or_create(
            user=user,
            lesson_key=lesson.translation_key,
            defaults={"lesson": lesson, "last_opened_at": now, "completed_at": now},
        )
    progress_changed(user=user)
    assert not Certificate.objects.filter(user=user).exists()  # the second day is missing

    seat = TrainingDayEnrolment.objects.get(user=user, day__title=demo.JOURNEY_DAY)
    seat.attended = True
    seat.attendance_recorded_at = now
    seat.attendance_recorded_by = seat.day.trainer
    seat.save()
    progress_changed(user=user)

    certificate = Certificate.objects.get(user=user)
    assert certificate.track == basic_track() and certificate.is_valid_on()
    assert user in coordinators_with_valid_certificate()


def test_certificates_expire_soon_expired_and_revoked(seeded):
    today = timezone.localdate()
    basis = Certificate.objects.filter(track=basic_track())
    assert basis.expiring_within(60).count() >= 3
    assert basis.expiring_within(14).count() == 1
    assert basis.filter(valid_until__lt=today).count() == 1
    revoked = basis.get(revoked_at__isnull=False)
    assert revoked.revoked_reason and revoked.revoked_by is not None
    assert not revoked.is_valid_on()
    assert basis.valid_on().count() >= 40


def test_pipeline_has_every_stage_with_its_history_and_accounts(seeded):
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == set(ApplicationStatus.values)
    for application in Application.objects.exclude(status=ApplicationStatus.NEW):
        steps = list(application.steps.all())
        assert steps and steps[-1].status == application.status
        assert [step.occurred_on for step in steps] == sorted(step.occurred_on for step in steps)
        assert all(step.recorded_by is not None for step in steps)
        if application.status == ApplicationStatus.STOPPED:
            assert application.stop_reason and steps[-1].stop_reason == application.stop_reason
    for status in (ApplicationStatus.IN_TRAINING, ApplicationStatus.CERTIFIED):
        application = Application.objects.get(status=status)
        assert application.user.email == application.email
        assert application.user.first_name == application.first_name
        assert TrackEnrolment.objects.filter(user=application.user, track=basic_track()).exists()
    certified = Application.objects.get(status=ApplicationStatus.CERTIFIED).user
    assert Certificate.objects.valid_on().filter(user=certified).exists()


def test_a_coming_training_day_is_full_with_a_waiting_list(seeded):
    day = TrainingDay.objects.get(title=demo.FULL_DAY)
    assert day.starts_at > timezone.now()
    assert day.seats.filter(status=SeatStatus.CONFIRMED).count() == day.capacity
    assert day.seats.filter(status=SeatStatus.WAITING, waiting_since__isnull=False).count() >= 2
    assert (
        TrainingDay.objects.filter(starts_at__lt=timezone.now()).values("region").distinct().count()
        >= 3
    )
    assert TrainingDay.objects.upcoming().values("region").distinct().count() >= 3


def test_quiz_answers_helper_gives_passing_and_failing_attempts():
    block_id, answers, correct = demo.quiz_answers("m1-l3")
    assert block_id == "m1-l3-quiz"
    assert answers["m1q2"] == ["m1q2a", "m1q2b"] and correct == 4
    _, wrong_answers, wrong_correct = demo.quiz_answers("m1-l3", wrong=2)
    assert wrong_answers["m1q1"] == ["m1q1b"] and wrong_correct == 2
