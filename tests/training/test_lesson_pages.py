"""The training pages as Wagtail serves them (index, module, lesson) and the lesson's actions:
members only, never public, locked modules refused with a clear message, answers private."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.models import Locale

from people.factories import UserFactory
from tests.text import nl, shows
from training.factories import lesson_page, module_page, quiz_value, training_index
from training.learning.services import training_index_protect
from training.models import LessonProgress, QuizAttempt, ReflectionAnswer

pytestmark = pytest.mark.django_db


RESULT_LINK = re.compile(r'<h2 class="search-result__title"><a href="([^"]+)">')


@pytest.fixture
def course(home):
    index = training_index()
    training_index_protect(index)
    first = module_page(index=index, title="De route")
    second = module_page(index=index, title="De conferentie", prerequisites=[first])
    return {
        "index": index,
        "first": first,
        "second": second,
        "intro": lesson_page(module=first, title="Aanmelding en match", reflection=True),
        "quiz": lesson_page(module=first, title="Toets over de route", quiz=quiz_value()),
        "locked": lesson_page(module=second, title="Besloten tijd"),
    }


def complete_url(lesson) -> str:
    return reverse("training:lesson_complete", kwargs={"pk": lesson.pk})


def quiz_url(lesson, block_id="quiz1") -> str:
    return reverse("training:quiz_submit", kwargs={"pk": lesson.pk, "block_id": block_id})


def reflection_url(lesson, block_id="r1") -> str:
    return reverse("training:reflection_save", kwargs={"pk": lesson.pk, "block_id": block_id})


# --- Who may read ------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, course):
    for page in (course["index"], course["first"], course["intro"]):
        response = client.get(page.url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_anonymous_visitors_are_sent_to_log_in_even_without_the_restriction(client, course):
    course["index"].get_view_restrictions().delete()

    response = client.get(course["intro"].url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_user_without_a_training_role_gets_404(client, login, course):
    login(client, UserFactory())

    assert client.get(course["intro"].url).status_code == 404
    assert client.get(course["index"].url).status_code == 404


@pytest.mark.parametrize("persona", ["coordinator", "coach", "staff", "editor", "administrator"])
def test_members_read_the_lesson_and_it_is_kept_from_search_engines(
    client, login, course, personas, persona
):
    login(client, personas[persona])

    response = client.get(course["intro"].url)

    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "Aanmelding en match" in response.content.decode()


def search_result_urls(client, query: str) -> list[str]:
    response = client.get("/zoeken/", {"q": query})
    assert response.status_code == 200
    return RESULT_LINK.findall(response.content.decode())


def test_lessons_are_in_neither_the_sitemap_nor_the_site_search(client, login, coordinator, course):
    lesson, index = course["intro"], course["index"]
    for user in (None, coordinator):
        login(client, user)
        sitemap = client.get("/sitemap.xml").content.decode()
        assert index.url not in sitemap and lesson.url not in sitemap
        assert not any(
            url.startswith(index.url) for url in search_result_urls(client, lesson.title)
        )


def test_without_the_restriction_the_search_would_find_the_lesson(client, course):
    """Shows that the search test above is meaningful: the log-in restriction keeps it out."""
    course["index"].get_view_restrictions().delete()

    assert course["intro"].url in search_result_urls(client, course["intro"].title)


# --- Opening and completing ------------------------------------------------------------------------


def test_opening_a_lesson_is_recorded_for_continue_where_you_left_off(
    client, login, coordinator, course
):
    login(client, coordinator)
    client.get(course["intro"].url)

    progress = LessonProgress.objects.get(user=coordinator)
    assert progress.lesson_key == course["intro"].translation_key
    assert progress.completed_at is None
    index = client.get(course["index"].url).content.decode()
    assert shows(nl("Continue where you left off"), index)
    assert course["intro"].url in index


def test_completing_a_lesson_twice_counts_once(client, login, coordinator, course):
    login(client, coordinator)
    lesson = course["intro"]

    first = client.post(complete_url(lesson))
    second = client.post(complete_url(lesson), follow=True)

    assert first.status_code == 302 and first["Location"].startswith(lesson.url)
    assert LessonProgress.objects.filter(user=coordinator, completed_at__isnull=False).count() == 1
    html = second.content.decode()
    assert shows(nl("Lesson completed. Well done!"), html)
    assert 'class="status status--done"' in html


def test_completing_a_lesson_with_an_unpassed_quiz_is_refused(client, login, coordinator, course):
    login(client, coordinator)

    response = client.post(complete_url(course["quiz"]), follow=True)

    html = response.content.decode()
    assert shows(nl("Pass the quiz “%(quiz)s” before you complete this lesson.", quiz="Quiz"), html)
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_completing_needs_post(client, login, coordinator, course):
    login(client, coordinator)

    assert client.get(complete_url(course["intro"])).status_code == 405


# --- Quizzes ------------------------------------------------------------------------------------


def test_a_quiz_answer_of_another_question_is_refused_with_a_clear_message(
    client, login, coordinator, course
):
    login(client, coordinator)

    response = client.post(quiz_url(course["quiz"]), {"q1": "b7"})

    assert response.status_code == 200
    html = response.content.decode()
    assert shows(nl("This answer does not belong to this question."), html)
    assert 'class="form-errors"' in html
    assert not QuizAttempt.objects.exists()


def test_an_unanswered_quiz_asks_to_answer_every_question(client, login, coordinator, course):
    login(client, coordinator)

    response = client.post(quiz_url(course["quiz"]), {})

    assert response.status_code == 200
    assert shows(nl("Answer this question."), response.content.decode())
    assert not QuizAttempt.objects.exists()


def test_failing_then_passing_a_quiz_shows_the_feedback_and_completes_the_lesson(
    client, login, coordinator, course
):
    login(client, coordinator)
    lesson = course["quiz"]

    failed = client.post(quiz_url(lesson), {"q1": "a2"})
    attempt = QuizAttempt.objects.get()
    assert failed.status_code == 302
    assert failed["Location"] == reverse("training:quiz_attempt", kwargs={"pk": attempt.pk})
    page = client.get(failed["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and page["X-Robots-Tag"] == "noindex, nofollow"
    assert "quiz-attempt__result--failed" in html
    assert "De hulpverlener" in html and "Nee." in html
    assert "status--wrong" in html

    passed = client.post(quiz_url(lesson), {"q1": "a1"}, follow=True)
    html = passed.content.decode()
    assert "quiz-attempt__result--passed" in html and "Juist." in html
    assert "status--wrong" not in html
    assert LessonProgress.objects.get(user=coordinator).completed_at is not None


def test_a_quiz_attempt_is_seen_by_its_owner_only(client, login, personas, course):
    lesson = course["quiz"]
    login(client, personas["coordinator"])
    client.post(quiz_url(lesson), {"q1": "a1"})
    url = reverse("training:quiz_attempt", kwargs={"pk": QuizAttempt.objects.get().pk})

    for name in ("other_coordinator", "coach", "staff", "editor", "administrator"):
        login(client, personas[name])
        assert client.get(url).status_code == 404, name
    login(client, None)
    assert client.get(url).status_code == 302


def test_an_unknown_quiz_is_404(client, login, coordinator, course):
    login(client, coordinator)

    assert client.post(quiz_url(course["quiz"], "nope"), {"q1": "a1"}).status_code == 404


# --- Locked modules -----------------------------------------------------------------------------


def test_a_lesson_of_a_locked_module_sends_to_the_module_which_says_what_to_finish(
    client, login, coordinator, course
):
    login(client, coordinator)

    response = client.get(course["locked"].url)

    assert response.status_code == 302
    assert response["Location"] == course["second"].url
    module = client.get(response["Location"])
    html = module.content.decode()
    assert module.status_code == 200
    message = nl(
        "The module “%(module)s” is still locked. Finish %(modules)s first.",
        module="De conferentie",
        modules="“De route”",
    )
    assert shows(message, html)
    assert 'class="panel panel--locked"' in html
    assert f'href="{course["locked"].url}"' not in html
    assert not LessonProgress.objects.filter(lesson_key=course["locked"].translation_key).exists()


def test_actions_on_a_locked_lesson_are_refused(client, login, coordinator, course):
    login(client, coordinator)

    response = client.post(complete_url(course["locked"]), follow=True)

    assert "De route" in response.content.decode()
    assert response.redirect_chain[-1][0] == course["second"].url
    assert not LessonProgress.objects.exists()


def test_a_module_opens_once_its_prerequisite_is_done(client, login, coordinator, course):
    login(client, coordinator)
    client.post(complete_url(course["intro"]))
    client.post(quiz_url(course["quiz"]), {"q1": "a1"})

    assert client.get(course["locked"].url).status_code == 200


@pytest.mark.parametrize("persona", ["staff", "editor", "administrator"])
def test_staff_and_editors_may_open_locked_modules(client, login, personas, persona, course):
    login(client, personas[persona])

    assert client.get(course["locked"].url).status_code == 200


# --- Reflection answers -----------------------------------------------------------------------


def test_a_reflection_answer_is_visible_to_its_author_only(client, login, personas, course):
    lesson = course["intro"]
    login(client, personas["coordinator"])
    response = client.post(reflection_url(lesson), {"text": "Mijn buurvrouw Mieke"})
    assert response.status_code == 302
    assert response["Location"] == f"{lesson.url}#reflection-r1"
    assert "Mijn buurvrouw Mieke" in client.get(lesson.url).content.decode()
    assert ReflectionAnswer.objects.get().user == personas["coordinator"]

    for name in ("other_coordinator", "coach", "staff", "editor", "administrator"):
        login(client, personas[name])
        assert "Mijn buurvrouw Mieke" not in client.get(lesson.url).content.decode(), name
        assert "Mijn buurvrouw Mieke" not in client.get("/portaal/").content.decode(), name


def test_an_empty_reflection_answer_is_refused_next_to_the_field(
    client, login, coordinator, course
):
    login(client, coordinator)

    response = client.post(reflection_url(course["intro"]), {"text": ""})

    assert response.status_code == 200
    assert shows(nl("Write an answer before you save it."), response.content.decode())
    assert not ReflectionAnswer.objects.exists()


# --- Languages ----------------------------------------------------------------------------------


def test_the_french_lesson_works_and_shares_progress_with_the_dutch_one(
    client, login, coordinator, course
):
    french_locale, _ = Locale.objects.get_or_create(language_code="fr")
    dutch = course["intro"]
    french = dutch.copy_for_translation(french_locale, copy_parents=True)
    french.title = "Inscription et attribution"
    french.save_revision().publish()
    french.refresh_from_db()
    assert french.translation_key == dutch.translation_key
    login(client, coordinator)
    client.post(complete_url(dutch))

    response = client.get(french.url)

    assert french.url.startswith("/fr/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Inscription et attribution" in html
    assert 'class="status status--done"' in html
    assert LessonProgress.objects.get(user=coordinator).lesson_id == french.pk


def test_a_preview_without_the_volunteers_context_shows_the_questions_read_only(rf, editor, course):
    """Wagtail's preview renders the template with the page only (no forms)."""
    request = rf.get("/")
    request.user = editor
    html = render_to_string(
        "training/lesson_page.html", {"page": course["quiz"], "request": request}
    )

    assert "Wie maakt het plan?" in html and "De hulpverlener" in html
    assert "<form" not in html.split('<div class="stream">', 1)[1]
