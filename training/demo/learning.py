"""The demo's training pages: the training index "Opleiding", the five modules of the basic
training and a module for coaches, with their lessons and quizzes, in Dutch (the source) with
French and English translations made through Wagtail's localisation. The texts are data
(``data/learning/``, read by ``training.demo.content``).

Idempotent: pages are found by their place and slug (translations by their translation key) and
left as they are.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db.models.signals import post_save
from wagtail.models import Locale, Page, ReferenceIndex
from wagtail.search import index as search_index
from wagtail.search import signal_handlers as search_signal_handlers
from wagtail.signal_handlers import disable_reference_index_auto_update

from cms.models import HomePage
from training.demo.content import BASIC_MODULES, LANGUAGES, SOURCE, content
from training.learning.services import training_index_protect
from training.models import LessonPage, ModulePage, TrainingIndexPage

TRANSLATIONS = tuple(language for language in LANGUAGES if language != SOURCE)


@dataclass
class DemoLearning:
    index: TrainingIndexPage
    modules: dict[str, ModulePage] = field(default_factory=dict)  # Dutch, by key
    lessons: dict[str, LessonPage] = field(default_factory=dict)  # Dutch, by key
    created: int = 0
    # Pages made in this run, to index once at the end.
    new_pages: list[Page] = field(default_factory=list)


def _prerequisite(key: str) -> str | None:
    if key in BASIC_MODULES and BASIC_MODULES.index(key) > 0:
        return BASIC_MODULES[BASIC_MODULES.index(key) - 1]
    return None


def _fields(spec: dict) -> dict:
    values = {"title": spec["title"], "intro": spec["intro"], "body": spec["body"]}
    if "duration" in spec:
        values["duration_minutes"] = spec["duration"]
    return values


def _publish(page: Page, result: DemoLearning) -> None:
    page.save_revision().publish()
    result.created += 1
    result.new_pages.append(page)


@contextmanager
def _indexes_updated_once():
    """A page is saved several times on its way (created, copied, revision, published); the
    search and reference indexes are brought up to date once per page, at the end."""
    models = [TrainingIndexPage, ModulePage, LessonPage]
    disconnected = [
        model
        for model in models
        if post_save.disconnect(search_signal_handlers.post_save_signal_handler, sender=model)
    ]
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in disconnected:
            post_save.connect(search_signal_handlers.post_save_signal_handler, sender=model)


def _set_slug(page: Page, slug: str) -> None:
    """A fresh translation's own slug, written directly: saving a changed slug would add a
    redirect from an address that was never public."""
    page.slug = slug
    page.set_url_path(page.get_parent())
    Page.objects.filter(pk=page.pk).update(slug=slug, url_path=page.url_path)


def _child(parent: Page, model, slug: str):
    return model.objects.child_of(parent).filter(slug=slug).first()


def _add(parent: Page, model, spec: dict, result: DemoLearning):
    page = _child(parent, model, spec["slug"])
    if page is None:
        page = parent.add_child(
            instance=model(locale=parent.locale, slug=spec["slug"], live=False, **_fields(spec))
        )
        if model is ModulePage:
            prerequisite = _prerequisite(spec["key"])
            if prerequisite:
                page.prerequisites.set([result.modules[prerequisite]])
        _publish(page, result)
    return page


def _seed_source(home: HomePage, result: DemoLearning) -> None:
    texts = content()[SOURCE]
    result.index = _add(home, TrainingIndexPage, texts.index, result)
    for key, spec in texts.modules.items():
        module = result.modules[key] = _add(result.index, ModulePage, spec, result)
        for lesson_key, lesson in texts.lessons.items():
            if lesson["module"] == key:
                result.lessons[lesson_key] = _add(module, LessonPage, lesson, result)


def _translate(source: Page, spec: dict, locale: Locale, result: DemoLearning):
    """The page's translation in ``locale``, made from the Dutch one when missing."""
    translation = source.get_translation_or_none(locale)
    if translation is not None:
        return translation.specific
    translation = source.copy_for_translation(locale).specific
    _set_slug(translation, spec["slug"])
    for name, value in _fields(spec).items():
        setattr(translation, name, value)
    if isinstance(translation, ModulePage):
        prerequisite = _prerequisite(spec["key"])
        if prerequisite:
            translated = result.modules[prerequisite].get_translation_or_none(locale)
            translation.prerequisites.set([translated] if translated else [])
        else:
            translation.prerequisites.set([])
    _publish(translation, result)
    return translation


def seed() -> DemoLearning:
    """The training index with its modules and lessons in Dutch, French and English."""
    home = HomePage.objects.filter(locale__language_code=SOURCE).first()
    if home is None:
        raise LookupError("No Dutch home page: run cms.demo.seed_pages() first.")
    result = DemoLearning(index=None)  # type: ignore[arg-type]
    with _indexes_updated_once():
        _seed_source(home, result)
        for language in TRANSLATIONS:
            locale = Locale.objects.filter(language_code=language).first()
            if locale is None or not home.has_translation(locale):
                continue  # no home page in this language to hang the training under
            texts = content()[language]
            _translate(result.index, texts.index, locale, result)
            for key, spec in texts.modules.items():
                _translate(result.modules[key], spec, locale, result)
                for lesson_key, lesson in texts.lessons.items():
                    if lesson["module"] == key:
                        _translate(result.lessons[lesson_key], lesson, locale, result)
    # Members only: a log-in view restriction on the index in every language.
    training_index_protect(result.index)
    for page in result.new_pages:
        ReferenceIndex.create_or_update_for_object(page)
        search_index.insert_or_update_object(page)
    return result
