"""A lesson that an editor translates in Wagtail's admin keeps the link to its Dutch original
(the same ``translation_key``), and with it every volunteer's progress: a lesson done in Dutch
shows as done in its French translation."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from training.factories import lesson_page, module_page, training_index
from training.models import LessonPage, LessonProgress

pytestmark = pytest.mark.django_db


@pytest.fixture
def french(db) -> Locale:
    return Locale.objects.get_or_create(language_code="fr")[0]


def translated(page, locale):
    """The page's French copy, published (what seed_demo does for the demo's own pages;
    publishing the training index also gives it, in every language, its log-in restriction)."""
    copy = page.copy_for_translation(locale)
    copy.save_revision().publish()
    return copy


@pytest.fixture
def course(home, french):
    """A Dutch training index and module with their French translations, and a new Dutch lesson
    that has none yet."""
    index = training_index(home)
    module = module_page(index=index, title="De route", slug="de-route")
    translated(home, french)
    translated(index, french)
    french_module = translated(module, french)
    lesson = lesson_page(module=module, title="Het familienetwerk", slug="familienetwerk")
    lesson.save_revision().publish()
    return {"module": module, "french_module": french_module, "lesson": lesson}


def translate_url(page) -> str:
    return reverse("simple_translation:submit_page_translation", args=[page.pk])


def translate_in_admin(client, page, locale) -> LessonPage:
    """Clicks "Translate" on ``page`` and chooses ``locale``; returns the new draft."""
    response = client.post(translate_url(page), {"locales": [locale.pk]})
    assert response.status_code == 302
    return page.get_translation(locale).specific


def publish_in_admin(client, lesson: LessonPage, title: str) -> None:
    """Posts the lesson's edit form with a new title and "Publish"."""
    data = nested_form_data(
        {
            "title": title,
            "slug": lesson.slug,
            "intro": "",
            "image": "",
            "image_alt": "",
            "body": streamfield([("paragraph", rich_text("<p>La famille fait le plan.</p>"))]),
            "duration_minutes": "",
            "seo_title": "",
            "search_description": "",
            "action-publish": "action-publish",
        }
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[lesson.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_lesson_translated_in_the_admin_keeps_the_volunteers_progress(
    client, login, editor, coordinator, course, french
):
    lesson = course["lesson"]
    login(client, coordinator)
    assert (
        client.post(reverse("training:lesson_complete", kwargs={"pk": lesson.pk})).status_code
        == 302
    )

    login(client, editor)
    french_lesson = translate_in_admin(client, lesson, french)
    publish_in_admin(client, french_lesson, "Le réseau familial")

    french_lesson.refresh_from_db()
    assert french_lesson.live
    assert french_lesson.title == "Le réseau familial"
    assert french_lesson.translation_key == lesson.translation_key
    assert french_lesson.get_parent().pk == course["french_module"].pk

    login(client, coordinator)
    module_html = client.get(course["french_module"].url).content.decode()
    lesson_response = client.get(french_lesson.url)

    assert course["french_module"].url.startswith("/fr/")
    assert french_lesson.url in module_html
    assert 'class="status status--done"' in module_html
    assert 'class="status status--todo"' not in module_html
    assert lesson_response.status_code == 200
    assert 'class="status status--done"' in lesson_response.content.decode()
    # Still one row: the French lesson is the same lesson, not a new one to do again.
    assert LessonProgress.objects.filter(user=coordinator).count() == 1


def test_a_lesson_copied_without_the_link_would_start_from_nothing(
    client, login, coordinator, course
):
    """Shows that the test above is meaningful: a French lesson made as a new page (its own
    translation key) is not done."""
    lesson = course["lesson"]
    login(client, coordinator)
    client.post(reverse("training:lesson_complete", kwargs={"pk": lesson.pk}))
    unlinked = lesson_page(module=course["french_module"], title="Le réseau familial")
    unlinked.save_revision().publish()

    module_html = client.get(course["french_module"].url).content.decode()

    assert unlinked.translation_key != lesson.translation_key
    assert 'class="status status--todo"' in module_html
    assert 'class="status status--done"' not in module_html


def test_a_lesson_whose_module_is_not_translated_offers_to_translate_the_module_first(
    client, login, editor, course, french
):
    """The French module must exist first: simple_translation greys French out and links to
    the module's own "Translate"."""
    other = module_page(index=course["module"].get_parent().specific, title="Ander")
    lesson = lesson_page(module=other, title="Zonder Franse module")
    login(client, editor)

    response = client.get(translate_url(lesson))

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(rf'<input[^>]*name="locales" value="{french.pk}"[^>]*disabled', html)
    assert f'href="{translate_url(other)}"' in html
    assert not lesson.has_translation(french)
