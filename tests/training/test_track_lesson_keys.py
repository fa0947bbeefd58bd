"""``learning.selectors.track_lesson_keys`` (the staff's and coaches' volunteer lists) gives the
keys that ``track_modules`` and ``lessons_by_module`` give, without building the pages."""

from __future__ import annotations

import pytest

from training.factories import TrackFactory, lesson_page, module_page, training_index
from training.learning import selectors

pytestmark = pytest.mark.django_db


def test_the_keys_are_each_modules_live_lessons_in_the_tracks_order(home):
    index = training_index()
    first = module_page(index=index, title="De route")
    second = module_page(index=index, title="De conferentie")
    empty = module_page(index=index, title="Nog leeg")
    lesson_page(module=first, title="Aanmelding")
    lesson_page(module=first, title="Toets")
    draft = lesson_page(module=second, title="Concept")
    draft.unpublish()
    lesson_page(module=second, title="Besloten tijd")
    track = TrackFactory(modules=[second, empty, first])

    keys = selectors.track_lesson_keys(track)

    modules = selectors.track_modules(track)
    lessons = selectors.lessons_by_module(modules)
    assert list(keys) == [module.pk for module in modules] == [second.pk, empty.pk, first.pk]
    assert keys == {
        module.pk: [lesson.translation_key for lesson in lessons[module.pk]] for module in modules
    }
    assert len(keys[first.pk]) == 2 and len(keys[second.pk]) == 1 and keys[empty.pk] == []


def test_a_track_without_modules_has_no_keys(home):
    assert selectors.track_lesson_keys(TrackFactory(modules=[])) == {}
