"""The learning path's shape, kept in the process: which modules each track names and in which
order, which modules each module requires, every module and lesson page, each module's live
lessons and each lesson's quizzes.

None of it depends on the visitor: only on the pages (a module's prerequisites are saved with
the module) and on the tracks, a snippet whose modules are saved with it. ``learning_paths()``
reads it in four queries and keeps it while the page cache's generation lasts
(``cms.pagecache.kept``): a page published, unpublished, moved or deleted, a track or a track's
module saved or deleted starts a new one, seen at once by this process and within a second by
the others. Each request gets its own copies of the pages it is handed (``page()``,
``lessons_of()``...): what a request sets on a page stays with it.

The portal's home reads it instead of building the same pages for every visitor
(``training.portal.selectors``).
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from wagtail.models import Page

from cms.models import attach_locale
from cms.pagecache import kept
from training.languages import remember_locale_id
from training.learning.models import TrackModule
from training.learning.pages import LessonPage, ModulePage

KEPT_KEY = "learning_paths"


@dataclass(frozen=True)
class LearningPaths:
    """The shape of the learning path, read at once (``learning_paths``). Its pages are the
    kept ones: hand a request a copy (``page``), never the page itself."""

    # Track id: the ids of its modules, in the track's order.
    track_modules: dict[int, tuple[int, ...]] = field(default_factory=dict)
    # Module id: the ids of the modules to finish first, in the order they were chosen.
    prerequisites: dict[int, tuple[int, ...]] = field(default_factory=dict)
    # Every module page and every lesson page, live or not, by id.
    pages: dict[int, Page] = field(default_factory=dict)
    # Module id: the translation keys of its live lessons, in tree order.
    lesson_keys: dict[int, tuple[uuid.UUID, ...]] = field(default_factory=dict)
    # Translation key: the live lessons of that key (one per language), in tree order.
    live_lessons: dict[uuid.UUID, tuple[Page, ...]] = field(default_factory=dict)
    # (Translation key, locale id): the live module or lesson page in that language.
    live_translations: dict[tuple[uuid.UUID, int], Page] = field(default_factory=dict)
    # Lesson id: its quizzes' titles by block id.
    quiz_titles: dict[int, dict[str, str]] = field(default_factory=dict)
    # (Language code, locale id) of the pages read: ``training.languages`` needs no query.
    locales: tuple[tuple[str, int], ...] = ()

    def remember_locales(self) -> None:
        """Tells ``training.languages`` the locales of the pages (as reading them would)."""
        for code, locale_id in self.locales:
            remember_locale_id(code, locale_id)

    def page(self, page_id: int | None) -> Page | None:
        """A copy of the module or lesson page ``page_id`` (None when there is none)."""
        found = self.pages.get(page_id) if page_id is not None else None
        return copy.copy(found) if found is not None else None

    def localized(self, pages: Iterable[Page], locale_id: int | None) -> dict[uuid.UUID, Page]:
        """What ``learning.selectors.localized_pages`` gives, without a query: each page's live
        translation in the locale ``locale_id`` (a copy), else the page itself, by key."""
        pages = list(pages)
        result = {page.translation_key: page for page in pages}
        if locale_id is None:
            return result
        for key in {page.translation_key for page in pages if page.locale_id != locale_id}:
            found = self.live_translations.get((key, locale_id))
            if found is not None:
                result[key] = copy.copy(found)
        return result


def learning_paths() -> LearningPaths:
    """The learning path's shape (module docstring): four queries, kept until the pages or the
    tracks change."""
    return kept(KEPT_KEY, _read)


def _read() -> LearningPaths:
    track_modules: dict[int, list[int]] = {}
    for track_id, module_id in TrackModule.objects.order_by(
        "track_id", "sort_order", "pk"
    ).values_list("track_id", "module_id"):
        track_modules.setdefault(track_id, []).append(module_id)
    prerequisites: dict[int, list[int]] = {}
    through = ModulePage.prerequisites.through
    for from_id, to_id in through.objects.order_by("pk").values_list(
        "from_modulepage_id", "to_modulepage_id"
    ):
        prerequisites.setdefault(from_id, []).append(to_id)

    modules = list(ModulePage.objects.order_by("path"))
    lessons = list(LessonPage.objects.order_by("path"))
    pages: dict[int, Page] = {}
    locales: dict[tuple[str, int], None] = {}
    live_translations: dict[tuple[uuid.UUID, int], Page] = {}
    for page in [*modules, *lessons]:
        attach_locale(page)  # from the process's map of locales, no query
        pages[page.pk] = page
        if page.live:
            live_translations[(page.translation_key, page.locale_id)] = page
            locales[(page.locale.language_code, page.locale_id)] = None

    module_by_path = {module.path: module.pk for module in modules}
    lesson_keys: dict[int, list[uuid.UUID]] = {module.pk: [] for module in modules}
    live_lessons: dict[uuid.UUID, list[Page]] = {}
    for lesson in lessons:
        if not lesson.live:
            continue
        live_lessons.setdefault(lesson.translation_key, []).append(lesson)
        module_id = module_by_path.get(lesson.path[: -LessonPage.steplen])
        if module_id is not None:
            lesson_keys[module_id].append(lesson.translation_key)

    return LearningPaths(
        track_modules={key: tuple(value) for key, value in track_modules.items()},
        prerequisites={key: tuple(value) for key, value in prerequisites.items()},
        pages=pages,
        lesson_keys={key: tuple(value) for key, value in lesson_keys.items()},
        live_lessons={key: tuple(value) for key, value in live_lessons.items()},
        live_translations=live_translations,
        quiz_titles={
            lesson.pk: {block.id: block.value["title"] for block in lesson.quiz_blocks()}
            for lesson in lessons
        },
        locales=tuple(locales),
    )
