"""The e-learning: services that record a volunteer's work on a lesson (opening, completing,
quizzes, reflections) and the selectors that read it back for the lesson pages and the portal.

Everything is keyed by the lesson's ``translation_key`` (see ``training.models.learning``): a
lesson done in Dutch is done in French. Quiz answers are stored as the ids of the quiz's
questions and answers, never their text, so they stay valid when a lesson is translated.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, PageViewRestriction

from people.access import access_for
from people.roles import Role
from training.models import (
    Certificate,
    LessonPage,
    LessonProgress,
    ModulePage,
    QuizAttempt,
    ReflectionAnswer,
    SeatStatus,
    TrackEnrolment,
    TrackModule,
    TrainingDay,
    TrainingDayEnrolment,
    TrainingIndexPage,
)
from training.models.learning import REFLECTION_MAX_LENGTH
from training.progress import (
    ModuleStatus,
    TrackStatus,
    completed_lesson_keys,
    module_statuses,
    progress_changed,
)

# Who may read the training content: volunteers, coaches, staff, editors, administrators.
LEARNING_ROLES = (
    Role.COORDINATOR,
    Role.COACH,
    Role.REGIONAL_STAFF,
    Role.EDITOR,
    Role.ADMINISTRATOR,
)
# Who has a portal home: those who follow the training (and administrators).
PORTAL_ROLES = (Role.COORDINATOR, Role.COACH, Role.REGIONAL_STAFF, Role.ADMINISTRATOR)
# Who may open every module, locked or not, to check the content.
PREVIEW_ROLES = (Role.EDITOR, Role.REGIONAL_STAFF, Role.ADMINISTRATOR)

LATEST_ATTEMPTS = 5


# --- Keeping the training out of public lists ------------------------------------------------


def training_index_protect(page: Page) -> list[PageViewRestriction]:
    """Give the training index, in every language, a log-in view restriction (unless it has a
    restriction already), so that Wagtail's ``public()`` filter (site search, sitemap) leaves
    the whole training tree out. Idempotent; returns the restrictions it created."""
    created = []
    for index in TrainingIndexPage.objects.filter(translation_key=page.translation_key):
        if not PageViewRestriction.objects.filter(page=index).exists():
            created.append(
                PageViewRestriction.objects.create(
                    page=index, restriction_type=PageViewRestriction.LOGIN
                )
            )
    return created


# --- Locks --------------------------------------------------------------------------------------


def may_preview_everything(user) -> bool:
    return access_for(user).has(*PREVIEW_ROLES)


def lesson_module(lesson: LessonPage) -> ModulePage | None:
    parent = lesson.get_parent()
    return parent.specific if parent is not None else None


def module_lock(user, module: ModulePage | None) -> ModuleStatus | None:
    """The module's status when it is locked for the user, else None (also for those who may
    preview everything)."""
    if module is None or may_preview_everything(user):
        return None
    status = module_statuses(user, [module])[0]
    return status if status.locked else None


def locked_message(status: ModuleStatus) -> str:
    titles = ", ".join(f"“{module.localized.title}”" for module in status.missing_prerequisites)
    return _("The module “%(module)s” is still locked. Finish %(modules)s first.") % {
        "module": status.module.title,
        "modules": titles,
    }


def _require_unlocked(user, lesson: LessonPage) -> None:
    status = module_lock(user, lesson_module(lesson))
    if status is not None:
        raise ValidationError(locked_message(status), code="locked")


# --- Services -----------------------------------------------------------------------------------


@transaction.atomic
def lesson_open(*, user, lesson: LessonPage) -> LessonProgress:
    """Record that the user opened the lesson: the first time once, the last time each time."""
    now = timezone.now()
    key = lesson.translation_key
    updated = LessonProgress.objects.filter(user=user, lesson_key=key).update(
        last_opened_at=now, lesson=lesson
    )
    if not updated:
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
            pass
    return LessonProgress.objects.get(user=user, lesson_key=key)


def _quiz_ids(lesson: LessonPage) -> list[tuple[str, str]]:
    return [(block.id, block.value["title"]) for block in lesson.quiz_blocks()]


@transaction.atomic
def lesson_complete(*, user, lesson: LessonPage) -> LessonProgress:
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
        # (training.certification.renewal_status); otherwise nothing changes.
        since = _latest_certification_day(user)
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
    progress_changed(user=user)
    return progress


def _latest_certification_day(user) -> datetime.date | None:
    """The day of the user's latest certificate that was not revoked, if any."""
    return Certificate.objects.filter(user=user, revoked_at__isnull=True).aggregate(
        day=Max("issued_on")
    )["day"]


@dataclass
class QuizAnswerOption:
    id: str
    text: str
    correct: bool
    feedback: str


@dataclass
class QuizQuestion:
    id: str
    text: str
    kind: str
    answers: list[QuizAnswerOption]

    @property
    def correct_ids(self) -> set[str]:
        return {answer.id for answer in self.answers if answer.correct}


def quiz_questions(quiz_block) -> list[QuizQuestion]:
    """The questions of a quiz block (a StreamField child) with their ids."""
    questions = []
    for item in quiz_block.value["questions"].bound_blocks:
        value = item.value
        questions.append(
            QuizQuestion(
                id=str(item.id),
                text=value["question"],
                kind=value["kind"] or "single",
                answers=[
                    QuizAnswerOption(
                        id=str(answer.id),
                        text=answer.value["text"],
                        correct=bool(answer.value["correct"]),
                        feedback=answer.value["feedback"] or "",
                    )
                    for answer in value["answers"].bound_blocks
                ],
            )
        )
    return questions


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
def quiz_submit(
    *, user, lesson: LessonPage, block_id: str, answers: dict[str, list[str]]
) -> QuizAttempt:
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
def reflection_save(*, user, lesson: LessonPage, block_id: str, text: str) -> ReflectionAnswer:
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


# --- Selectors ----------------------------------------------------------------------------------


def localized_pages(pages: Iterable[Page], model=Page) -> dict[uuid.UUID, Page]:
    """Each page's live translation in the active language (or the page itself); one query."""
    pages = list(pages)
    result = {page.translation_key: page for page in pages}
    if not pages:
        return result
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        return result
    wanted = [page.translation_key for page in pages if page.locale_id != locale.pk]
    if wanted:
        for page in model.objects.live().filter(translation_key__in=wanted, locale=locale):
            result[page.translation_key] = page
    return result


@dataclass
class LessonState:
    """What the user did on one lesson: progress, the latest attempt per quiz, reflections."""

    progress: LessonProgress | None
    latest_attempts: dict[str, QuizAttempt]
    passed_quizzes: set[str]
    reflections: dict[str, ReflectionAnswer]

    @property
    def completed(self) -> bool:
        return self.progress is not None and self.progress.completed_at is not None


def lesson_state(user, lesson: LessonPage) -> LessonState:
    """The user's own progress, latest quiz attempts and reflection answers on the lesson."""
    key = lesson.translation_key
    progress = LessonProgress.objects.filter(user=user, lesson_key=key).first()
    latest: dict[str, QuizAttempt] = {}
    passed: set[str] = set()
    for attempt in QuizAttempt.objects.filter(user=user, lesson_key=key).order_by(
        "-created_at", "-pk"
    ):
        latest.setdefault(attempt.block_id, attempt)
        if attempt.passed:
            passed.add(attempt.block_id)
    reflections = {
        answer.block_id: answer
        for answer in ReflectionAnswer.objects.filter(user=user, lesson_key=key)
    }
    return LessonState(
        progress=progress, latest_attempts=latest, passed_quizzes=passed, reflections=reflections
    )


def module_lessons(module: ModulePage, done_keys: set[uuid.UUID]) -> list[dict]:
    """The module's live lessons in order, each with whether the user completed it."""
    return [
        {"lesson": lesson, "done": lesson.translation_key in done_keys}
        for lesson in LessonPage.objects.live().child_of(module).order_by("path")
    ]


def user_done_keys(user) -> set[uuid.UUID]:
    return completed_lesson_keys([user.pk]).get(user.pk, set())


def _first_open_lesson(statuses: list[ModuleStatus], done_keys: set[uuid.UUID]):
    """The first lesson not done in the first unlocked, unfinished module; one query."""
    for status in statuses:
        if status.locked or status.completed or not status.lesson_keys:
            continue
        todo = [key for key in status.lesson_keys if key not in done_keys]
        return (
            LessonPage.objects.live()
            .child_of(status.module)
            .filter(translation_key__in=todo)
            .order_by("path")
            .first()
        )
    return None


def continue_lesson(user, statuses: list[ModuleStatus], done_keys: set[uuid.UUID]):
    """Where to continue: the lesson the user opened last and did not complete (when still
    live and open to them), else the next lesson in the first unlocked, unfinished module.
    Returns the lesson in the active language, or None."""
    locked_keys = {key for status in statuses if status.locked for key in status.lesson_keys}
    last = (
        LessonProgress.objects.filter(user=user, completed_at__isnull=True)
        .exclude(lesson_key__in=locked_keys)
        .order_by("-last_opened_at", "-pk")
        .values_list("lesson_key", flat=True)
        .first()
    )
    lesson = None
    if last is not None:
        candidates = list(LessonPage.objects.live().filter(translation_key=last))
        lesson = in_active_language(candidates)
    if lesson is None:
        lesson = _first_open_lesson(statuses, done_keys)
        if lesson is not None:
            lesson = localized_pages([lesson], LessonPage)[lesson.translation_key]
    return lesson


def in_active_language(pages: list[Page]):
    if not pages:
        return None
    try:
        locale_id = Locale.get_active().pk
    except Locale.DoesNotExist:
        return pages[0]
    for page in pages:
        if page.locale_id == locale_id:
            return page
    default = Locale.get_default().pk if Locale.objects.exists() else None
    return next((page for page in pages if page.locale_id == default), pages[0])


def index_modules(index: TrainingIndexPage) -> list[ModulePage]:
    return list(ModulePage.objects.live().child_of(index).order_by("path"))


@dataclass
class PortalTrack:
    enrolment: TrackEnrolment
    status: TrackStatus


@dataclass
class PortalHome:
    tracks: list[PortalTrack] = field(default_factory=list)
    continue_lesson: LessonPage | None = None
    pages: dict[uuid.UUID, Page] = field(default_factory=dict)
    attempts: list[QuizAttempt] = field(default_factory=list)
    seats: list[TrainingDayEnrolment] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)


def portal_home(user) -> PortalHome:
    """Everything the portal home shows, in a fixed number of queries whatever the number of
    tracks' modules and lessons: tracks with their modules' progress and the track's three
    requirements, where to continue, the latest quiz attempts, upcoming training days with a
    seat, and certificates."""
    enrolments = list(
        TrackEnrolment.objects.filter(user=user, track__is_active=True)
        .select_related("track")
        .order_by("started_on", "pk")
    )
    tracks = [enrolment.track for enrolment in enrolments]
    modules_by_track: dict[int, list[ModulePage]] = {track.pk: [] for track in tracks}
    if tracks:
        for track_module in (
            TrackModule.objects.filter(track__in=tracks)
            .select_related("module")
            .order_by("track_id", "sort_order", "pk")
        ):
            modules_by_track[track_module.track_id].append(track_module.module)
    modules = list(
        {module.pk: module for ms in modules_by_track.values() for module in ms}.values()
    )
    done_keys = user_done_keys(user)
    statuses = {
        status.module.pk: status for status in module_statuses(user, modules, done_keys=done_keys)
    }
    days: dict[int, int] = {}
    if tracks:
        days = dict(
            TrainingDayEnrolment.objects.filter(
                user=user, day__track__in=tracks, attended=True, status=SeatStatus.CONFIRMED
            )
            .values("day__track_id")
            .annotate(days=Count("day_id", distinct=True))
            .values_list("day__track_id", "days")
        )
    home = PortalHome()
    ordered_statuses = []
    for enrolment in enrolments:
        track_statuses = [statuses[module.pk] for module in modules_by_track[enrolment.track_id]]
        ordered_statuses += track_statuses
        home.tracks.append(
            PortalTrack(
                enrolment=enrolment,
                status=TrackStatus(
                    track=enrolment.track,
                    modules=track_statuses,
                    days_attended=days.get(enrolment.track_id, 0),
                    signed_off=enrolment.signed_off_at is not None,
                ),
            )
        )
    prerequisites = [m for s in statuses.values() for m in s.missing_prerequisites]
    home.pages = localized_pages([*modules, *prerequisites], ModulePage)
    home.continue_lesson = continue_lesson(user, ordered_statuses, done_keys) if tracks else None
    home.attempts = list(
        QuizAttempt.objects.filter(user=user)
        .select_related("lesson")
        .order_by("-created_at", "-pk")[:LATEST_ATTEMPTS]
    )
    attempts_name(home.attempts)
    home.seats = list(
        TrainingDayEnrolment.objects.filter(
            user=user,
            status__in=[SeatStatus.CONFIRMED, SeatStatus.WAITING],
            day__in=TrainingDay.objects.upcoming(),
        )
        .select_related("day")
        .order_by("day__starts_at", "pk")
    )
    home.certificates = list(Certificate.objects.filter(user=user).order_by("-issued_on", "-pk"))
    return home


def attempts_name(attempts: list[QuizAttempt]) -> None:
    """Give each attempt ``local_lesson`` and ``quiz_title``: the lesson and the quiz's title in
    the active language. An attempt keeps the page it was taken on (often the Dutch one), so
    its own ``lesson.title`` would stay Dutch on French and English pages. One query."""
    lessons = localized_pages([a.lesson for a in attempts if a.lesson is not None], LessonPage)
    for attempt in attempts:
        lesson = lessons.get(attempt.lesson_key, attempt.lesson)
        quiz = lesson.quiz_block(attempt.block_id) if lesson is not None else None
        attempt.local_lesson = lesson
        attempt.quiz_title = quiz.value["title"] if quiz is not None else ""


def certificate_state(certificate: Certificate) -> str:
    """valid, expired, revoked or not_yet_valid (today)."""
    today = timezone.localdate()
    if certificate.revoked_at is not None:
        return "revoked"
    if certificate.valid_until < today:
        return "expired"
    if certificate.issued_on > today:
        return "not_yet_valid"
    return "valid"
