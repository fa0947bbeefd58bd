"""The learning path's shape kept in the process (``training.learning.structure``): the portal
home reads its tracks' modules, prerequisites, live lessons and quiz titles from it and gives
what the learning area's own reads give (``learning.selectors``, kept as the reference here), in
every language; a change to the pages or to a track shows at once in this process and within a
second in the others; each request gets its own copies of the pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale

from cms import pagecache
from training.factories import (
    TrackEnrolmentFactory,
    TrackFactory,
    lesson_page,
    module_page,
    quiz_value,
    training_index,
)
from training.learning import selectors as learning
from training.learning import services
from training.learning.models import QuizAttempt, TrackModule
from training.learning.pages import ModulePage
from training.learning.structure import learning_paths
from training.portal import selectors as portal

pytestmark = pytest.mark.django_db

URL = "/portaal/"


def translated(page, locale, **changes):
    """The page's translation in ``locale``, with ``changes`` (a French title...), published."""
    copy = page.copy_for_translation(locale)
    for name, value in changes.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return copy


@pytest.fixture
def course(home, coordinator):
    """A track of three modules (the second requires the first, the third a module outside
    the track), a lesson unpublished, French translations of the first module and its
    lessons, and the coordinator enrolled with a lesson done and a quiz taken."""
    french = Locale.objects.get_or_create(language_code="fr")[0]
    index = training_index(home)
    route = module_page(index=index, title="De route")
    outside = module_page(index=index, title="Voorbereiding")
    conference = module_page(index=index, title="De conferentie", prerequisites=[route])
    follow_up = module_page(index=index, title="Opvolging", prerequisites=[outside])
    intake = lesson_page(module=route, title="Aanmelding")
    quiz = lesson_page(module=route, title="Toets", quiz=quiz_value(title="Quiz over de route"))
    lesson_page(module=route, title="Nog niet klaar").unpublish()
    private = lesson_page(module=conference, title="Besloten tijd")
    lesson_page(module=outside, title="Het gesprek")
    plan = lesson_page(module=follow_up, title="Het plan")
    translated(home, french)
    translated(index, french)
    french_route = translated(route, french, title="La route")
    translated(intake, french, title="L'inscription")
    french_quiz = translated(
        quiz,
        french,
        title="Le test",
        body=[{"type": "quiz", "id": "quiz1", "value": quiz_value(title="Quiz sur la route")}],
    )
    track = TrackFactory(name="Basisopleiding", modules=[route, conference, follow_up])
    TrackEnrolmentFactory(user=coordinator, track=track)
    services.lesson_complete(user=coordinator, lesson=intake)
    services.quiz_submit(user=coordinator, lesson=quiz, block_id="quiz1", answers={"q1": ["a2"]})
    services.quiz_submit(
        user=coordinator, lesson=french_quiz, block_id="quiz1", answers={"q1": ["a1"]}
    )
    return {
        "user": coordinator,
        "index": index,
        "track": track,
        "route": route,
        "french_route": french_route,
        "conference": conference,
        "follow_up": follow_up,
        "quiz": quiz,
        "private": private,
        "plan": plan,
    }


def reference(user) -> dict:
    """What the learning area's own reads give for the portal (the way it was read before)."""
    enrolments = list(
        user.track_enrolments.filter(track__is_active=True).order_by("started_on", "pk")
    )
    modules = {}
    for enrolment in enrolments:
        for module in learning.track_modules(enrolment.track):
            modules.setdefault(module.pk, module)
    done_keys = learning.user_done_keys(user)
    statuses = learning.module_statuses(
        user, list(modules.values()), done_keys=done_keys, with_lessons=False
    )
    prerequisites = [page for status in statuses for page in status.missing_prerequisites]
    pages = learning.localized_pages([*modules.values(), *prerequisites], ModulePage)
    attempts = list(
        QuizAttempt.objects.filter(user=user)
        .select_related("lesson")
        .order_by("-created_at", "-pk")[: portal.LATEST_ATTEMPTS]
    )
    learning.attempts_name(attempts)
    return {
        "statuses": described(statuses),
        "pages": {key: page.pk for key, page in pages.items()},
        "continue": learning.continue_lesson(user, statuses, done_keys),
        "attempts": [(a.pk, a.local_lesson and a.local_lesson.pk, a.quiz_title) for a in attempts],
    }


def described(statuses) -> list:
    return [
        (
            status.module.pk,
            status.lesson_keys,
            status.lessons_done,
            status.locked,
            [page.pk for page in status.missing_prerequisites],
        )
        for status in statuses
    ]


def kept_way(user) -> dict:
    home = portal.portal_home(user)
    statuses = [status for track in home.tracks for status in track.status.modules]
    return {
        "statuses": described(statuses),
        "pages": {key: page.pk for key, page in home.pages.items()},
        "continue": home.continue_lesson,
        "attempts": [
            (a.pk, a.local_lesson and a.local_lesson.pk, a.quiz_title) for a in home.attempts
        ],
    }


def assert_same(user) -> None:
    expected, found = reference(user), kept_way(user)
    assert found["statuses"] == expected["statuses"]
    assert found["pages"] == expected["pages"]
    assert found["attempts"] == expected["attempts"]
    assert (found["continue"] and found["continue"].pk) == (
        expected["continue"] and expected["continue"].pk
    )


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_portal_reads_from_the_kept_shape_what_the_learning_reads_give(
    course, coordinator, language
):
    with translation.override(language):
        assert_same(coordinator)  # nothing opened: the first lesson not done
        services.lesson_open(user=coordinator, lesson=course["quiz"])
        assert_same(coordinator)  # the lesson opened last
        services.lesson_open(user=coordinator, lesson=course["plan"])
        assert_same(coordinator)  # opened last, but in a locked module: not that one
        for lesson in course["route"].get_children().live().specific():
            services.lesson_complete(user=coordinator, lesson=lesson)
        assert_same(coordinator)  # the second module is open now

    statuses = kept_way(coordinator)["statuses"]
    assert [status[3] for status in statuses] == [False, False, True]  # locked: the third


def test_the_portal_shows_the_french_module_and_the_quiz_in_french(client, login, course):
    login(client, course["user"])

    dutch = client.get(URL).content.decode()
    french = client.get("/fr" + URL).content.decode()

    assert "De route" in dutch and "La route" not in dutch
    assert "Quiz over de route" in dutch and "Quiz sur la route" not in dutch
    assert "La route" in french and "Quiz sur la route" in french
    assert "Le test" in french  # where to continue, in French


def page_queries(captured) -> list[str]:
    """The queries that read the learning path's shape: pages, tracks' modules,
    prerequisites."""
    return [
        query["sql"]
        for query in captured.captured_queries
        if any(
            table in query["sql"]
            for table in ("wagtailcore_page", "training_trackmodule", "_prerequisites")
        )
    ]


def test_once_kept_the_portal_reads_no_page_of_the_learning_path(client, login, course):
    login(client, course["user"])
    client.get(URL)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)

    assert response.status_code == 200
    assert page_queries(captured) == []
    assert "Quiz over de route" in response.content.decode()


def test_a_module_added_to_a_track_shows_at_once(client, login, course):
    login(client, course["user"])
    assert "Nieuwe module" not in client.get(URL).content.decode()

    added = module_page(index=course["index"], title="Nieuwe module")
    TrackModule.objects.create(track=course["track"], module=added, sort_order=9)
    assert "Nieuwe module" in client.get(URL).content.decode()

    TrackModule.objects.filter(module=added).delete()
    assert "Nieuwe module" not in client.get(URL).content.decode()


def test_a_track_module_saved_on_its_own_starts_a_new_generation(course):
    learning_paths()
    before = pagecache.page_cache().get(pagecache.GENERATION_KEY)

    TrackModule.objects.filter(track=course["track"]).update(sort_order=5)  # no signal
    assert pagecache.page_cache().get(pagecache.GENERATION_KEY) == before
    TrackModule.objects.filter(track=course["track"]).first().save()

    assert pagecache.page_cache().get(pagecache.GENERATION_KEY) != before


def test_a_lesson_published_or_unpublished_and_a_prerequisite_chosen_count_at_once(
    client, login, course
):
    login(client, course["user"])
    assert client.get(URL).status_code == 200
    # The quiz passed in French completed the first module: the second is open.
    assert lessons_and_locks(course) == [(2, False), (1, False), (1, True)]

    course["private"].unpublish()
    lesson_page(module=course["route"], title="Nog een les")
    assert lessons_and_locks(course) == [(3, False), (0, True), (1, True)]

    course["route"].prerequisites.set([course["follow_up"]])
    course["route"].save_revision().publish()
    assert lessons_and_locks(course) == [(3, True), (0, True), (1, True)]


def lessons_and_locks(course) -> list[tuple[int, bool]]:
    """Each module of the course's track: its live lessons and whether it is locked."""
    return [
        (len(keys), locked) for _pk, keys, _done, locked, _m in kept_way(course["user"])["statuses"]
    ]


def test_another_process_change_shows_within_a_second(monkeypatch, course):
    now = [1000.0]
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: now[0])
    user = course["user"]
    route = course["route"]
    assert portal.portal_home(user).tracks[0].status.modules[0].module.title == "De route"

    # Another web server publishes: the row changes, and only the shared generation says so.
    ModulePage.objects.filter(pk=route.pk).update(title="De weg")
    pagecache.page_cache().set(pagecache.GENERATION_KEY, "from-another-server", None)

    now[0] += pagecache.KEPT_CHECK_SECONDS / 2
    assert portal.portal_home(user).tracks[0].status.modules[0].module.title == "De route"
    now[0] += pagecache.KEPT_CHECK_SECONDS / 2
    assert portal.portal_home(user).tracks[0].status.modules[0].module.title == "De weg"


def test_each_request_gets_its_own_copies_of_the_pages(course, coordinator):
    route = course["route"]
    first = portal.portal_home(coordinator)
    module = first.tracks[0].status.modules[0].module
    module.title = "Changed by one request"
    first.continue_lesson.title = "Changed too"

    second = portal.portal_home(coordinator)

    assert module is not learning_paths().pages[route.pk]
    assert second.tracks[0].status.modules[0].module.title == "De route"
    assert second.continue_lesson.title != "Changed too"
    assert learning_paths().page(route.pk) is not learning_paths().page(route.pk)
