"""The learning area's reads: the modules and lessons of the training tree, where a volunteer
stands on them (lessons done, modules locked, where to continue), and what they did on one
lesson (latest quiz attempts, reflection answers).

The pages (``pages.py``) build their context from these reads, so this module does not import
them: it names the page types through Django's app registry (``lesson_pages()``,
``module_pages()``), as the foreign keys in ``models.py`` do with ``"training.LessonPage"``.

Each function does a fixed number of queries whatever the number of modules, lessons or
volunteers, so the pages that call them keep their query budgets. Progress is keyed by
translation key: a lesson done in Dutch counts in French. A track names its modules in the
default language; the lessons that count are the live lessons of that module's locale.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from training import access
from training.learning.models import (
    LessonProgress,
    QuizAttempt,
    ReflectionAnswer,
    Track,
)

# The code of the basic training's track: new volunteers are enrolled in it.
BASIC_TRACK_CODE = "basis"


def lesson_pages() -> type[Page]:
    """The ``LessonPage`` model (``training.learning.pages``)."""
    return apps.get_model("training", "LessonPage")


def module_pages() -> type[Page]:
    """The ``ModulePage`` model (``training.learning.pages``)."""
    return apps.get_model("training", "ModulePage")


@dataclass
class ModuleStatus:
    module: Page
    lesson_keys: list[uuid.UUID] = field(default_factory=list)
    done_keys: set[uuid.UUID] = field(default_factory=set)
    locked: bool = False
    missing_prerequisites: list[Page] = field(default_factory=list)

    @property
    def lessons_total(self) -> int:
        return len(self.lesson_keys)

    @property
    def lessons_done(self) -> int:
        return sum(1 for key in self.lesson_keys if key in self.done_keys)

    @property
    def completed(self) -> bool:
        return bool(self.lesson_keys) and self.lessons_done == self.lessons_total

    @property
    def percent(self) -> int:
        if not self.lesson_keys:
            return 0
        return round(100 * self.lessons_done / self.lessons_total)


def lessons_by_module(modules: Iterable[Page]) -> dict[int, list[Page]]:
    """The live lessons under each module, in tree order; one query."""
    modules = list(modules)
    if not modules:
        return {}
    condition = Q()
    for module in modules:
        condition |= Q(path__startswith=module.path, depth=module.depth + 1)
    by_path = {module.path: module.pk for module in modules}
    result: dict[int, list[Page]] = {module.pk: [] for module in modules}
    for lesson in lesson_pages().objects.live().filter(condition).order_by("path"):
        result[by_path[lesson.path[: -lesson_pages().steplen]]].append(lesson)
    return result


def completed_lesson_keys(user_ids: Iterable[int]) -> dict[int, set[uuid.UUID]]:
    """The translation keys of the lessons each user completed; one query."""
    result: dict[int, set[uuid.UUID]] = defaultdict(set)
    rows = LessonProgress.objects.filter(
        user_id__in=list(user_ids), completed_at__isnull=False
    ).values_list("user_id", "lesson_key")
    for user_id, key in rows:
        result[user_id].add(key)
    return result


def module_statuses(
    user, modules: Iterable[Page], *, done_keys: set[uuid.UUID] | None = None
) -> list[ModuleStatus]:
    """Each module's lessons, how many the user finished, and whether it is still locked.

    Three queries (lessons, progress, prerequisites), or two when ``done_keys`` is given.
    """
    modules = list(modules)
    lessons = lessons_by_module(modules)
    if done_keys is None:
        done_keys = completed_lesson_keys([user.pk]).get(user.pk, set())
    statuses = {
        module.pk: ModuleStatus(
            module=module,
            lesson_keys=[lesson.translation_key for lesson in lessons.get(module.pk, [])],
            done_keys=done_keys,
        )
        for module in modules
    }
    _mark_locked(statuses, done_keys)
    return [statuses[module.pk] for module in modules]


def _mark_locked(statuses: dict[int, ModuleStatus], done_keys: set[uuid.UUID]) -> None:
    """A module is locked while one of its prerequisites is unfinished. Prerequisites outside
    the list are looked up too (their lessons), in two queries at most."""
    if not statuses:
        return
    through = module_pages().prerequisites.through
    pairs = list(
        through.objects.filter(from_modulepage_id__in=list(statuses)).values_list(
            "from_modulepage_id", "to_modulepage_id"
        )
    )
    outside_ids = {to_id for _, to_id in pairs if to_id not in statuses}
    outside = {}
    if outside_ids:
        outside_modules = list(module_pages().objects.filter(pk__in=outside_ids))
        outside_lessons = lessons_by_module(outside_modules)
        outside = {
            module.pk: ModuleStatus(
                module=module,
                lesson_keys=[lesson.translation_key for lesson in outside_lessons[module.pk]],
                done_keys=done_keys,
            )
            for module in outside_modules
        }
    for from_id, to_id in pairs:
        prerequisite = statuses.get(to_id) or outside.get(to_id)
        if prerequisite is not None and not prerequisite.completed:
            statuses[from_id].locked = True
            statuses[from_id].missing_prerequisites.append(prerequisite.module)


def track_modules(track: Track) -> list[Page]:
    return [
        track_module.module
        for track_module in track.track_modules.select_related("module").order_by("sort_order")
    ]


def lesson_module(lesson: Page) -> Page | None:
    parent = lesson.get_parent()
    return parent.specific if parent is not None else None


def module_lock(user, module: Page | None) -> ModuleStatus | None:
    """The module's status when it is locked for the user, else None (also for those who may
    preview everything)."""
    if module is None or access.may_preview_everything(user):
        return None
    status = module_statuses(user, [module])[0]
    return status if status.locked else None


def locked_message(status: ModuleStatus) -> str:
    titles = ", ".join(f"“{module.localized.title}”" for module in status.missing_prerequisites)
    return _("The module “%(module)s” is still locked. Finish %(modules)s first.") % {
        "module": status.module.title,
        "modules": titles,
    }


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


def lesson_state(user, lesson: Page) -> LessonState:
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


def module_lessons(module: Page, done_keys: set[uuid.UUID]) -> list[dict]:
    """The module's live lessons in order, each with whether the user completed it."""
    return [
        {"lesson": lesson, "done": lesson.translation_key in done_keys}
        for lesson in lesson_pages().objects.live().child_of(module).order_by("path")
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
            lesson_pages()
            .objects.live()
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
        candidates = list(lesson_pages().objects.live().filter(translation_key=last))
        lesson = in_active_language(candidates)
    if lesson is None:
        lesson = _first_open_lesson(statuses, done_keys)
        if lesson is not None:
            lesson = localized_pages([lesson], lesson_pages())[lesson.translation_key]
    return lesson


def index_modules(index: Page) -> list[Page]:
    return list(module_pages().objects.live().child_of(index).order_by("path"))


def attempts_name(attempts: list[QuizAttempt]) -> None:
    """Give each attempt ``local_lesson`` and ``quiz_title``: the lesson and the quiz's title in
    the active language. An attempt keeps the page it was taken on (often the Dutch one), so
    its own ``lesson.title`` would stay Dutch on French and English pages. One query."""
    lessons = localized_pages([a.lesson for a in attempts if a.lesson is not None], lesson_pages())
    for attempt in attempts:
        lesson = lessons.get(attempt.lesson_key, attempt.lesson)
        quiz = lesson.quiz_block(attempt.block_id) if lesson is not None else None
        attempt.local_lesson = lesson
        attempt.quiz_title = quiz.value["title"] if quiz is not None else ""


def default_track() -> Track | None:
    """The track a new volunteer is enrolled in: the active track with the code ``basis``
    (the basic training) if there is one, else the first active track by name, else none."""
    tracks = Track.objects.filter(is_active=True)
    return tracks.filter(code=BASIC_TRACK_CODE).first() or tracks.order_by("name", "pk").first()
