"""The learning area's writes: a volunteer's work on a lesson (opening, completing, quizzes,
reflections), the sign-off of a track, and the log-in restriction that keeps the training tree
out of public lists.

Everything is keyed by the lesson's ``translation_key`` (see ``models.py``): a lesson done in
Dutch is done in French. Quiz answers are stored as the ids of the quiz's questions and
answers, never their text, so they stay valid when a lesson is translated. What can complete a
track sends ``signals.progress_changed``; the certificates area issues what was earned.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, PageViewRestriction

from people.models import User
from training.learning import selectors
from training.learning.blocks import QuizQuestion, quiz_questions
from training.learning.models import (
    REFLECTION_MAX_LENGTH,
    SIGN_OFF_NOTE_MAX_LENGTH,
    LessonProgress,
    QuizAttempt,
    ReflectionAnswer,
    TrackEnrolment,
)
from training.learning.signals import progress_changed_send, refresher_period_start


def training_index_protect(page: Page) -> list[PageViewRestriction]:
    """Give the training index, in every language, a log-in view restriction (unless it has a
    restriction already), so that Wagtail's ``public()`` filter (site search, sitemap) leaves
    the whole training tree out. Idempotent; returns the restrictions it created."""
    created = []
    for index in page.specific_class.objects.filter(translation_key=page.translation_key):
        if not PageViewRestriction.objects.filter(page=index).exists():
            created.append(
                PageViewRestriction.objects.create(
                    page=index, restriction_type=PageViewRestriction.LOGIN
                )
            )
    return created


def _require_unlocked(user, lesson: Page) -> None:
    reading = selectors.lesson_reading(user, lesson)
    if reading.locked and reading.status is not None:
        raise ValidationError(selectors.locked_message(reading.status), code="locked")


def lesson_open(*, user, lesson: Page) -> LessonProgress:
    """Record that the user opened the lesson: the first time once, the last time each time.
    Two queries when the lesson was opened before (the row, then its update)."""
    now = timezone.now()
    key = lesson.translation_key
    progress = LessonProgress.objects.filter(user=user, lesson_key=key).first()
    if progress is None:
        try:
            with transaction.atomic():
                return LessonProgress.objects.create(
                    user=user,
                    lesson_key=key,
                    lesson=lesson,
                    first_opened_at=now,
                    last_opened_at=now,
                )
        except IntegrityError:  # opened at the same moment in another tab
            progress = LessonProgress.objects.get(user=user, lesson_key=key)
    # Only these two columns: a completion saved meanwhile in another tab stays.
    LessonProgress.objects.filter(pk=progress.pk).update(last_opened_at=now, lesson=lesson)
    progress.last_opened_at, progress.lesson = now, lesson
    return progress


def _quiz_ids(lesson: Page) -> list[tuple[str, str]]:
    return [(block.id, block.value["title"]) for block in lesson.quiz_blocks()]


@transaction.atomic
def lesson_complete(*, user, lesson: Page) -> LessonProgress:
    """Mark the lesson completed, once. A lesson with quizzes can be completed only when each
    of its quizzes has a passed attempt by the user. Then issues any certificate now earned."""
    key = lesson.translation_key
    progress, _created = LessonProgress.objects.get_or_create(
        user=user, lesson_key=key, defaults={"lesson": lesson}
    )
    # Lock the row: two completions at once complete it once.
    progress = LessonProgress.objects.select_for_update().get(pk=progress.pk)
    since = None
    if progress.completed_at is not None:
        # Done again after the volunteer was certified: a refresher, which renewal counts
        # (training.certificates.selectors.renewal_status); otherwise nothing changes.
        since = refresher_period_start(user=user)
        if since is None or timezone.localdate(progress.completed_at) >= since:
            return progress
    _require_unlocked(user, lesson)
    quizzes = _quiz_ids(lesson)
    if quizzes:
        attempts = QuizAttempt.objects.filter(
            user=user, lesson_key=key, passed=True, block_id__in=[bid for bid, _t in quizzes]
        )
        if since is not None:
            attempts = attempts.filter(created_at__date__gte=since)
        passed = set(attempts.values_list("block_id", flat=True))
        missing = [title for block_id, title in quizzes if block_id not in passed]
        if missing:
            raise ValidationError(
                _("Pass the quiz “%(quiz)s” before you complete this lesson.")
                % {"quiz": missing[0]},
                code="quiz_not_passed",
            )
    progress.completed_at = timezone.now()
    progress.lesson = lesson
    progress.save(update_fields=["completed_at", "lesson"])
    progress_changed_send(user=user)
    return progress


def _clean_answers(questions: list[QuizQuestion], answers: dict) -> dict[str, list[str]]:
    """The answers, checked against the quiz; ValidationError with a clear message if not."""
    known = {question.id for question in questions}
    if not isinstance(answers, dict) or any(str(key) not in known for key in answers):
        raise ValidationError(
            _("An answer was sent for a question that is not in this quiz."), code="question"
        )
    cleaned: dict[str, list[str]] = {}
    unanswered = []
    for question in questions:
        chosen = answers.get(question.id) or []
        if isinstance(chosen, str):
            chosen = [chosen]
        chosen = list(dict.fromkeys(str(answer) for answer in chosen))
        allowed = {answer.id for answer in question.answers}
        if any(answer not in allowed for answer in chosen):
            raise ValidationError(
                _("An answer does not belong to the question “%(question)s”.")
                % {"question": question.text},
                code="answer",
            )
        if not chosen:
            unanswered.append(question)
        elif question.kind == "single" and len(chosen) > 1:
            raise ValidationError(
                _("Choose one answer to the question “%(question)s”.")
                % {"question": question.text},
                code="single",
            )
        cleaned[question.id] = chosen
    if unanswered:
        raise ValidationError(
            _("Answer every question. Not answered yet: “%(question)s”.")
            % {"question": unanswered[0].text},
            code="unanswered",
        )
    return cleaned


@transaction.atomic
def quiz_submit(*, user, lesson: Page, block_id: str, answers: dict[str, list[str]]) -> QuizAttempt:
    """Score an attempt at one of the lesson's quizzes and store it. Every question must be
    answered, with answers of that question only (one for a single-choice question), else a
    ValidationError and nothing is stored. Passing the last unpassed quiz completes the lesson."""
    quiz = lesson.quiz_block(block_id)
    if quiz is None:
        raise ValidationError(_("This quiz is not part of the lesson."), code="quiz")
    _require_unlocked(user, lesson)
    questions = quiz_questions(quiz)
    cleaned = _clean_answers(questions, answers)
    correct = sum(1 for q in questions if set(cleaned[q.id]) == q.correct_ids)
    count = len(questions)
    score = round(100 * correct / count) if count else 0
    pass_mark = int(quiz.value["pass_mark"] or 0)
    attempt = QuizAttempt.objects.create(
        user=user,
        lesson=lesson,
        lesson_key=lesson.translation_key,
        block_id=block_id,
        answers=cleaned,
        correct_count=correct,
        question_count=count,
        score=score,
        pass_mark=pass_mark,
        passed=score >= pass_mark,
    )
    if attempt.passed:
        passed = set(
            QuizAttempt.objects.filter(
                user=user, lesson_key=lesson.translation_key, passed=True
            ).values_list("block_id", flat=True)
        )
        if all(block_id in passed for block_id, _title in _quiz_ids(lesson)):
            lesson_complete(user=user, lesson=lesson)
    return attempt


@transaction.atomic
def reflection_save(*, user, lesson: Page, block_id: str, text: str) -> ReflectionAnswer:
    """Store (or replace) the user's own answer to a reflection question of the lesson."""
    if lesson.reflection_block(block_id) is None:
        raise ValidationError(_("This question is not part of the lesson."), code="question")
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write an answer before you save it."), code="empty")
    if len(text) > REFLECTION_MAX_LENGTH:
        raise ValidationError(
            _("Keep your answer under %(max)s characters.") % {"max": REFLECTION_MAX_LENGTH},
            code="long",
        )
    answer, _created = ReflectionAnswer.objects.update_or_create(
        user=user,
        lesson_key=lesson.translation_key,
        block_id=block_id,
        defaults={"text": text, "updated_at": timezone.now()},
    )
    return answer


@transaction.atomic
def track_enrolment_sign_off(
    *, enrolment: TrackEnrolment, signed_off_by: User, note: str = ""
) -> TrackEnrolment:
    """Records the track's sign-off (e.g. the coach confirms the first traject). Signing off
    twice keeps the first sign-off. The caller then calls ``signals.progress_changed_send``."""
    locked = (
        TrackEnrolment.objects.select_for_update(of=("self",))
        .select_related("track")
        .get(pk=enrolment.pk)
    )
    if not locked.track.sign_off_required:
        raise ValidationError(_("This track needs no sign-off."))
    note = (note or "").strip()
    if len(note) > SIGN_OFF_NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "note": _("The note can be at most %(max)d characters.")
                % {"max": SIGN_OFF_NOTE_MAX_LENGTH}
            }
        )
    if locked.signed_off_at is None:
        locked.signed_off_at = timezone.now()
        locked.signed_off_by = signed_off_by
        locked.sign_off_note = note
        locked.save(update_fields=["signed_off_at", "signed_off_by", "sign_off_note"])
    enrolment.signed_off_at = locked.signed_off_at
    enrolment.signed_off_by = locked.signed_off_by
    enrolment.sign_off_note = locked.sign_off_note
    return locked
