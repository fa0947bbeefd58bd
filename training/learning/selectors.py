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
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    Subquery,
)
from django.utils.translation import gettext as _
from wagtail.models import Page

from cms.pagecache import kept
from training import access
from training.languages import (
    active_locale_id,
    default_locale_id,
    remember_locale,
    remember_locale_id,
)
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
    # The module's live lessons in tree order (``lesson_keys`` are theirs).
    lessons: list[Page] = field(default_factory=list)
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
    lessons = lesson_pages().objects.live().filter(condition).select_related("locale")
    for lesson in lessons.order_by("path"):
        result[by_path[lesson.path[: -lesson_pages().steplen]]].append(lesson)
        remember_locale(lesson.locale)  # the active language's, often: no query for it later
    return result


def lesson_keys_by_module(modules: Iterable[tuple[int, str, int]]) -> dict[int, list[uuid.UUID]]:
    """The translation keys of the live lessons under each module (given as its id, path and
    depth), in tree order: what ``lessons_by_module`` gives, without building the pages (a
    page costs more to build than its query). One query, kept in the process until the pages
    change (``cms.pagecache.kept``)."""
    modules = list(modules)
    result: dict[int, list[uuid.UUID]] = {module_id: [] for module_id, _path, _depth in modules}
    if not modules:
        return result
    by_path = {path: module_id for module_id, path, _depth in modules}
    steplen = lesson_pages().steplen

    def read() -> tuple[tuple[str, uuid.UUID, int, str], ...]:
        condition = Q()
        for _module_id, path, depth in modules:
            condition |= Q(path__startswith=path, depth=depth + 1)
        return tuple(
            lesson_pages()
            .objects.live()
            .filter(condition)
            .order_by("path")
            .values_list("path", "translation_key", "locale_id", "locale__language_code")
        )

    # Lessons change only when pages are published: kept in the process until then.
    rows = kept(("lesson_keys_by_module", tuple(modules)), read)
    for path, key, locale_id, language_code in rows:
        result[by_path[path[:-steplen]]].append(key)
        remember_locale_id(language_code, locale_id)  # as ``lessons_by_module`` does
    return result


def track_lesson_keys(track: Track) -> dict[int, list[uuid.UUID]]:
    """The track's modules (their ids, in the track's order, as ``track_modules`` gives them),
    each with the translation keys of its live lessons in tree order (``lesson_keys_by_module``).
    Two queries."""
    return lesson_keys_by_module(
        track.track_modules.order_by("sort_order").values_list(
            "module_id", "module__path", "module__depth"
        )
    )


def completed_lesson_keys(user_ids: Iterable[int]) -> dict[int, set[uuid.UUID]]:
    """The translation keys of the lessons each user completed; one query."""
    result: dict[int, set[uuid.UUID]] = defaultdict(set)
    rows = LessonProgress.objects.filter(
        user_id__in=list(user_ids), completed_at__isnull=False
    ).values_list("user_id", "lesson_key")
    for user_id, key in rows:
        result[user_id].add(key)
    return result


def modules_done_by_user(
    user_ids: Iterable[int], lesson_keys: dict[int, list[uuid.UUID]]
) -> dict[int, int]:
    """How many of the modules in ``lesson_keys`` (``track_lesson_keys``) each user completed:
    every live lesson of the module done (a module without lessons is never complete, as in
    ``ModuleStatus``). Counted in SQL, one query, a user with none left out: the same number
    as testing ``completed_lesson_keys`` against each module's keys, without reading the keys
    (one row per user and lesson: ``LessonProgress``'s constraint)."""
    modules = [set(keys) for keys in lesson_keys.values() if keys]
    user_ids = list(user_ids)
    if not modules or not user_ids:
        return {}
    counts = {
        f"module_{index}": Count("pk", filter=Q(lesson_key__in=keys))
        for index, keys in enumerate(modules)
    }
    rows = (
        LessonProgress.objects.filter(user_id__in=user_ids, completed_at__isnull=False)
        .order_by()
        .values("user_id")
        .annotate(**counts)
        .values_list("user_id", *counts)
    )
    return {
        user_id: sum(1 for count, keys in zip(done, modules, strict=True) if count == len(keys))
        for user_id, *done in rows
    }


def module_statuses(
    user,
    modules: Iterable[Page],
    *,
    done_keys: set[uuid.UUID] | None = None,
    with_lessons: bool = True,
) -> list[ModuleStatus]:
    """Each module's lessons, how many the user finished, and whether it is still locked.

    Three queries (lessons, progress, prerequisites), or two when ``done_keys`` is given.
    Without ``with_lessons`` the statuses hold the lessons' keys only (``lessons`` stays
    empty): cheaper where no lesson is shown.
    """
    modules = list(modules)
    if with_lessons:
        lessons = lessons_by_module(modules)
        keys = {
            pk: [lesson.translation_key for lesson in module_lessons]
            for pk, module_lessons in lessons.items()
        }
    else:
        lessons = {}
        keys = lesson_keys_by_module((module.pk, module.path, module.depth) for module in modules)
    if done_keys is None:
        done_keys = completed_lesson_keys([user.pk]).get(user.pk, set())
    statuses = {
        module.pk: ModuleStatus(
            module=module,
            lesson_keys=keys.get(module.pk, []),
            lessons=lessons.get(module.pk, []),
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
                lessons=outside_lessons[module.pk],
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
    """The lesson's module (its parent, as its specific page); one query."""
    module = module_pages().objects.filter(path=lesson.path[: -lesson.steplen]).first()
    if module is not None:
        return module
    parent = lesson.get_parent()
    return parent.specific if parent is not None else None


def module_lock(user, module: Page | None) -> ModuleStatus | None:
    """The module's status when it is locked for the user, else None (also for those who may
    preview everything)."""
    if module is None or access.may_preview_everything(user):
        return None
    status = module_statuses(user, [module])[0]
    return status if status.locked else None


@dataclass
class LessonReading:
    """Where a lesson stands for its reader: its module, the module's status for them (its
    live lessons in order, which are the lesson's siblings, and whether it is locked)."""

    module: Page | None
    status: ModuleStatus | None
    locked: bool = False

    @property
    def siblings(self) -> list[Page]:
        return self.status.lessons if self.status is not None else []


def lesson_reading(user, lesson: Page) -> LessonReading:
    """The lesson's module and the module's status for ``user`` in two queries: the module with
    its prerequisites, then their live lessons, each marked done or not for the user. Those who
    may preview everything never find a module locked."""
    parent_path = lesson.path[: -lesson.steplen]
    through = module_pages().prerequisites.through
    links = through.objects.filter(
        to_modulepage_id=OuterRef("pk"), from_modulepage__path=parent_path
    )
    modules = list(
        module_pages()
        .objects.filter(Q(path=parent_path) | Q(pk__in=links.values("to_modulepage_id")))
        .annotate(link=Subquery(links.order_by("pk").values("pk")[:1]))
        .order_by("path")
    )
    module = next((page for page in modules if page.path == parent_path), None)
    if module is None:
        module = lesson_module(lesson)
        if module is None:
            return LessonReading(module=None, status=None)
        statuses = module_statuses(user, [module])
        return LessonReading(
            module=module,
            status=statuses[0],
            locked=statuses[0].locked and not access.may_preview_everything(user),
        )
    prerequisites = sorted(
        (page for page in modules if page.link is not None), key=lambda page: page.link
    )
    condition = Q()
    for page in modules:
        condition |= Q(path__startswith=page.path, depth=page.depth + 1)
    completed = LessonProgress.objects.filter(
        user_id=user.pk, completed_at__isnull=False, lesson_key=OuterRef("translation_key")
    )
    lessons: dict[int, list[Page]] = {page.pk: [] for page in modules}
    by_path = {page.path: page.pk for page in modules}
    done_keys: set[uuid.UUID] = set()
    for item in (
        lesson_pages()
        .objects.live()
        .filter(condition)
        .annotate(done=Exists(completed))
        .order_by("path")
    ):
        lessons[by_path[item.path[: -item.steplen]]].append(item)
        if item.done:
            done_keys.add(item.translation_key)

    def status_of(page: Page) -> ModuleStatus:
        return ModuleStatus(
            module=page,
            lesson_keys=[item.translation_key for item in lessons[page.pk]],
            lessons=lessons[page.pk],
            done_keys=done_keys,
        )

    status = status_of(module)
    for prerequisite in prerequisites:
        if not status_of(prerequisite).completed:
            status.locked = True
            status.missing_prerequisites.append(prerequisite)
    return LessonReading(
        module=module,
        status=status,
        locked=status.locked and not access.may_preview_everything(user),
    )


def locked_message(status: ModuleStatus) -> str:
    titles = ", ".join(f"“{module.localized.title}”" for module in status.missing_prerequisites)
    return _("The module “%(module)s” is still locked. Finish %(modules)s first.") % {
        "module": status.module.title,
        "modules": titles,
    }


def localized_pages(pages: Iterable[Page], model=Page) -> dict[uuid.UUID, Page]:
    """Each page's live translation in the active language (or the page itself); one query,
    none when every page is in that language already (the locales come from ``cms.models``'s
    map, not from a query)."""
    pages = list(pages)
    result = {page.translation_key: page for page in pages}
    if not pages:
        return result
    # As Wagtail's Locale.get_active(): the default locale when the active language has none.
    locale_id = active_locale_id() or default_locale_id()
    if locale_id is None:
        return result
    wanted = [page.translation_key for page in pages if page.locale_id != locale_id]
    if wanted:
        for page in model.objects.live().filter(translation_key__in=wanted, locale_id=locale_id):
            result[page.translation_key] = page
    return result


def in_active_language(pages: list[Page]):
    """The page in the active language, else in the default language, else the first one."""
    if not pages:
        return None
    for find_locale_id in (active_locale_id, default_locale_id):
        locale_id = find_locale_id()
        for page in pages:
            if locale_id is not None and page.locale_id == locale_id:
                return page
    return pages[0]


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


_UNKNOWN = object()


def lesson_state(user, lesson: Page, *, progress=_UNKNOWN) -> LessonState:
    """The user's own progress (looked up unless given, e.g. by ``services.lesson_open``),
    latest quiz attempts and reflection answers on the lesson."""
    key = lesson.translation_key
    if progress is _UNKNOWN:
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


def first_open(
    statuses: list[ModuleStatus], done_keys: set[uuid.UUID]
) -> tuple[ModuleStatus, uuid.UUID] | None:
    """The first unlocked, unfinished module and its first lesson not done (its key); no
    query."""
    for status in statuses:
        if status.locked or status.completed or not status.lesson_keys:
            continue
        key = next((key for key in status.lesson_keys if key not in done_keys), None)
        return (status, key) if key is not None else None
    return None


def continue_lesson(user, statuses: list[ModuleStatus], done_keys: set[uuid.UUID]):
    """Where to continue: the lesson the user opened last and did not complete (when still
    live and open to them), else the next lesson in the first unlocked, unfinished module.
    Returns the lesson in the active language, or None. One query (two when the lesson is
    to be shown in another language than the one it is in), also when the statuses hold
    their lessons' keys only (``module_statuses(with_lessons=False)``): that next lesson
    comes in the same query."""
    locked_keys = {key for status in statuses if status.locked for key in status.lesson_keys}
    last = (
        LessonProgress.objects.filter(user=user, completed_at__isnull=True)
        .exclude(lesson_key__in=locked_keys)
        .order_by("-last_opened_at", "-pk")
        .values("lesson_key")[:1]
    )
    opened = Q(translation_key=Subquery(last))
    first = first_open(statuses, done_keys)
    condition = opened
    if first is not None and not first[0].lessons:
        module = first[0].module
        condition |= Q(
            translation_key=first[1], path__startswith=module.path, depth=module.depth + 1
        )
    # The live lessons (each language's) of the last one opened, in the same query.
    found = list(
        lesson_pages()
        .objects.live()
        .filter(condition)
        # Its title and address are shown: its body (the largest field to read and decode) is
        # read only if asked for.
        .defer("body")
        .annotate(opened=ExpressionWrapper(opened, output_field=BooleanField()))
    )
    lesson = in_active_language([page for page in found if page.opened])
    if lesson is None and first is not None:
        status, key = first
        lessons = status.lessons or [
            page for page in found if page.path[: -page.steplen] == status.module.path
        ]
        lesson = next((page for page in lessons if page.translation_key == key), None)
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
