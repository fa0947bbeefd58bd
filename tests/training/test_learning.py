"""training.learning: opening and completing lessons, quizzes and reflection answers."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from wagtail import hooks
from wagtail.models import PageViewRestriction

from training.factories import (
    TrackEnrolmentFactory,
    TrackFactory,
    lesson_page,
    module_page,
    quiz_value,
    training_index,
)
from training.learning import services as learning
from training.models import Certificate, LessonProgress, QuizAttempt, ReflectionAnswer

# The services' messages are compared with their English source text.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


TWO_QUESTIONS = [
    {
        "id": "q1",
        "question": "Wie maakt het plan?",
        "kind": "single",
        "answers": [
            {"id": "a1", "text": "De familie", "correct": True, "feedback": "Juist."},
            {"id": "a2", "text": "De hulpverlener", "correct": False, "feedback": "Nee."},
        ],
    },
    {
        "id": "q2",
        "question": "Wat toetst de coördinator?",
        "kind": "multiple",
        "answers": [
            {"id": "b1", "text": "Veilig", "correct": True, "feedback": "Ja."},
            {"id": "b2", "text": "Wettelijk", "correct": True, "feedback": "Ja."},
            {"id": "b3", "text": "Goedkoop", "correct": False, "feedback": "Nee."},
        ],
    },
]


@pytest.fixture
def module(home):
    return module_page(title="De route")


@pytest.fixture
def quiz_lesson(module):
    return lesson_page(
        module=module, title="Toets", quiz=quiz_value(questions=TWO_QUESTIONS, pass_mark=100)
    )


def test_opening_a_lesson_twice_keeps_the_first_moment(coordinator, module):
    lesson = lesson_page(module=module)
    first = learning.lesson_open(user=coordinator, lesson=lesson)
    second = learning.lesson_open(user=coordinator, lesson=lesson)

    assert LessonProgress.objects.filter(user=coordinator).count() == 1
    assert second.first_opened_at == first.first_opened_at
    assert second.last_opened_at >= first.last_opened_at
    assert second.lesson_key == lesson.translation_key


def test_completing_a_lesson_twice_counts_once(coordinator, module):
    lesson = lesson_page(module=module)
    first = learning.lesson_complete(user=coordinator, lesson=lesson)
    again = learning.lesson_complete(user=coordinator, lesson=lesson)

    assert LessonProgress.objects.filter(user=coordinator, completed_at__isnull=False).count() == 1
    assert again.completed_at == first.completed_at


def test_a_lesson_with_an_unpassed_quiz_cannot_be_completed(coordinator, quiz_lesson):
    with pytest.raises(ValidationError) as error:
        learning.lesson_complete(user=coordinator, lesson=quiz_lesson)

    assert "Pass the quiz “Quiz” before you complete this lesson." in error.value.messages
    assert not LessonProgress.objects.filter(user=coordinator, completed_at__isnull=False).exists()


def test_an_answer_of_another_question_is_refused_and_nothing_is_stored(coordinator, quiz_lesson):
    with pytest.raises(ValidationError) as error:
        learning.quiz_submit(
            user=coordinator,
            lesson=quiz_lesson,
            block_id="quiz1",
            answers={"q1": ["b1"], "q2": ["b1"]},
        )

    assert error.value.messages == [
        "An answer does not belong to the question “Wie maakt het plan?”."
    ]
    assert not QuizAttempt.objects.exists()


def test_every_question_must_be_answered(coordinator, quiz_lesson):
    with pytest.raises(ValidationError) as error:
        learning.quiz_submit(
            user=coordinator, lesson=quiz_lesson, block_id="quiz1", answers={"q1": ["a1"]}
        )

    assert error.value.code == "unanswered"
    assert "Answer every question" in error.value.messages[0]
    assert not QuizAttempt.objects.exists()


def test_a_single_choice_question_takes_one_answer(coordinator, quiz_lesson):
    with pytest.raises(ValidationError, match="Choose one answer"):
        learning.quiz_submit(
            user=coordinator,
            lesson=quiz_lesson,
            block_id="quiz1",
            answers={"q1": ["a1", "a2"], "q2": ["b1"]},
        )
    assert not QuizAttempt.objects.exists()


def test_a_question_that_is_not_in_the_quiz_is_refused(coordinator, quiz_lesson):
    with pytest.raises(ValidationError, match="not in this quiz"):
        learning.quiz_submit(
            user=coordinator,
            lesson=quiz_lesson,
            block_id="quiz1",
            answers={"q1": ["a1"], "q2": ["b1"], "q9": ["a1"]},
        )


def test_failing_then_passing_a_quiz_completes_the_lesson(coordinator, quiz_lesson):
    failed = learning.quiz_submit(
        user=coordinator,
        lesson=quiz_lesson,
        block_id="quiz1",
        answers={"q1": ["a1"], "q2": ["b1", "b3"]},
    )
    assert (failed.correct_count, failed.question_count, failed.score) == (1, 2, 50)
    assert not failed.passed and failed.pass_mark == 100
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()

    passed = learning.quiz_submit(
        user=coordinator,
        lesson=quiz_lesson,
        block_id="quiz1",
        answers={"q1": ["a1"], "q2": ["b2", "b1"]},
    )
    assert passed.passed and passed.score == 100
    assert passed.answers == {"q1": ["a1"], "q2": ["b2", "b1"]}
    progress = LessonProgress.objects.get(user=coordinator)
    assert progress.completed_at is not None
    # Completing it by hand afterwards changes nothing.
    assert learning.lesson_complete(user=coordinator, lesson=quiz_lesson).pk == progress.pk


def test_completing_the_last_lesson_issues_the_tracks_certificate(coordinator, module):
    lesson = lesson_page(module=module)
    TrackEnrolmentFactory(user=coordinator, track=TrackFactory(modules=[module]))

    learning.lesson_complete(user=coordinator, lesson=lesson)
    learning.lesson_complete(user=coordinator, lesson=lesson)

    assert Certificate.objects.filter(user=coordinator).count() == 1


def test_a_lesson_in_a_locked_module_cannot_be_completed(coordinator, module):
    later = module_page(title="De conferentie", prerequisites=[module])
    lesson_page(module=module)
    locked_lesson = lesson_page(module=later, quiz=quiz_value())

    with pytest.raises(ValidationError, match="still locked"):
        learning.lesson_complete(user=coordinator, lesson=locked_lesson)
    with pytest.raises(ValidationError, match="still locked"):
        learning.quiz_submit(
            user=coordinator, lesson=locked_lesson, block_id="quiz1", answers={"q1": ["a1"]}
        )
    assert not QuizAttempt.objects.exists()
    assert not LessonProgress.objects.exists()


def test_a_reflection_answer_is_saved_once_per_question(coordinator, module):
    lesson = lesson_page(module=module, reflection=True)
    learning.reflection_save(user=coordinator, lesson=lesson, block_id="r1", text="Mijn buren")
    learning.reflection_save(user=coordinator, lesson=lesson, block_id="r1", text=" Mijn zus ")

    (answer,) = ReflectionAnswer.objects.all()
    assert answer.text == "Mijn zus"
    with pytest.raises(ValidationError):
        learning.reflection_save(user=coordinator, lesson=lesson, block_id="r1", text="   ")
    with pytest.raises(ValidationError):
        learning.reflection_save(user=coordinator, lesson=lesson, block_id="nope", text="x")


def test_protecting_the_training_index_is_idempotent(home):
    index = training_index()
    assert len(learning.training_index_protect(index)) == 1
    assert learning.training_index_protect(index) == []
    restriction = PageViewRestriction.objects.get(page=index)
    assert restriction.restriction_type == PageViewRestriction.LOGIN


def test_creating_the_training_index_in_the_admin_protects_it(home, rf, editor):
    index = training_index()
    for hook in hooks.get_hooks("after_create_page"):
        hook(rf.get("/"), index)

    assert PageViewRestriction.objects.filter(page=index).exists()


def test_publishing_the_training_index_protects_it(home):
    index = training_index()
    index.save_revision().publish()

    assert PageViewRestriction.objects.filter(page=index).exists()


def test_a_lesson_done_again_after_certification_counts_as_a_refresher(coordinator, module):
    """Renewal needs the refresher module done within the certificate's period: a lesson done
    before the certificate and done again afterwards gets the new moment (still one row)."""
    import datetime

    from django.utils import timezone

    from training.certificates.selectors import renewal_status
    from training.certificates.services import certificate_issue

    lesson = lesson_page(module=module)
    track = TrackFactory(modules=[module], refresher_module=module)
    first = learning.lesson_complete(user=coordinator, lesson=lesson)
    LessonProgress.objects.filter(pk=first.pk).update(
        completed_at=timezone.now() - datetime.timedelta(days=30)
    )
    certificate = certificate_issue(user=coordinator, track=track)
    assert not renewal_status(certificate=certificate).refresher_done

    again = learning.lesson_complete(user=coordinator, lesson=lesson)

    assert again.pk == first.pk
    assert timezone.localdate(again.completed_at) == timezone.localdate()
    assert renewal_status(certificate=certificate).refresher_done
