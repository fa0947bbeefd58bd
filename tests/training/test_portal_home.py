"""The portal home (/portaal/): tracks with progress, where to continue, quiz results, training
days and certificates, for the volunteer alone, in a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.text import nl, shows
from training.factories import (
    CertificateFactory,
    TrackEnrolmentFactory,
    TrackFactory,
    TrainingDayFactory,
    lesson_page,
    module_page,
    quiz_value,
    training_index,
)
from training.learning import services as learning
from training.models import SeatStatus, TrainingDayEnrolment

pytestmark = pytest.mark.django_db

URL = "/portaal/"


@pytest.fixture
def track(home):
    index = training_index()
    learning.training_index_protect(index)
    first = module_page(index=index, title="De route")
    second = module_page(index=index, title="De conferentie", prerequisites=[first])
    lesson_page(module=first, title="Aanmelding")
    lesson_page(module=first, title="Toets", quiz=quiz_value())
    lesson_page(module=second, title="Besloten tijd")
    return TrackFactory(
        name="Basisopleiding",
        modules=[first, second],
        required_training_days=2,
        sign_off_required=True,
        sign_off_description="De coach bevestigt het eerste traject.",
    )


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_editor_has_no_portal(client, login, editor):
    login(client, editor)

    assert client.get(URL).status_code == 404


@pytest.mark.parametrize("persona", ["coordinator", "coach", "staff", "administrator"])
def test_volunteers_coaches_staff_and_administrators_have_a_portal(
    client, login, personas, persona, home
):
    login(client, personas[persona])

    response = client.get(URL)

    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_an_empty_portal_says_what_to_do(client, login, coordinator, home):
    login(client, coordinator)

    html = client.get(URL).content.decode()

    assert shows(nl("Welcome, %(name)s", name=coordinator.get_full_name()), html)
    for empty in (
        "You are not enrolled in a training track yet. The staff member of your region enrols "
        "you once your intake conversation is done; ask them, or write to "
        "info@eigenkrachtcentrale.be.",
        "You have not taken a quiz yet. Quizzes are part of the lessons.",
        "You are not enrolled in an upcoming training day.",
        "You have no certificate yet. Once you finish a track's modules, training days and "
        "sign-off, your certificate appears here.",
    ):
        assert shows(nl(empty), html), empty


def test_the_portal_shows_the_track_its_modules_and_where_to_continue(
    client, login, coordinator, track
):
    TrackEnrolmentFactory(user=coordinator, track=track)
    login(client, coordinator)

    html = client.get(URL).content.decode()

    assert "Basisopleiding" in html
    assert "De route" in html and "De conferentie" in html
    assert "status--locked" in html and shows(nl("finish first:"), html)
    assert shows(
        nl("Training days: %(attended)s of %(required)s attended", attended=0, required=2), html
    )
    assert "De coach bevestigt het eerste traject." in html
    assert f'href="{training_index().url}"' in html  # the sub-menu's e-learning link
    assert shows(nl("Continue where you left off"), html) and "Aanmelding" in html


def test_continue_goes_to_the_lesson_opened_last(client, login, coordinator, track):
    TrackEnrolmentFactory(user=coordinator, track=track)
    login(client, coordinator)
    first = track.track_modules.get(sort_order=0).module
    quiz_lesson = first.get_children().get(title="Toets").specific
    client.get(quiz_lesson.url)

    response = client.get(URL)

    assert response.context["continue_lesson"].pk == quiz_lesson.pk


def test_the_portal_shows_quiz_results_training_days_and_certificates(
    client, login, coordinator, other_coordinator, track
):
    TrackEnrolmentFactory(user=coordinator, track=track)
    quiz_lesson = track.track_modules.get(sort_order=0).module.get_children().get(title="Toets")
    learning.quiz_submit(
        user=coordinator, lesson=quiz_lesson.specific, block_id="quiz1", answers={"q1": ["a2"]}
    )
    day = TrainingDayFactory(track=track, title="Opleidingsdag Antwerpen")
    TrainingDayEnrolment.objects.create(day=day, user=coordinator, status=SeatStatus.WAITING)
    past = TrainingDayFactory(
        track=track,
        title="Voorbije dag",
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=3, hours=-6),
    )
    TrainingDayEnrolment.objects.create(day=past, user=coordinator, attended=True)
    today = timezone.localdate()
    CertificateFactory(user=coordinator, track=track, title="Gecertificeerd")
    CertificateFactory(
        user=coordinator,
        track=track,
        title="Oud certificaat",
        issued_on=today - datetime.timedelta(days=800),
        valid_until=today - datetime.timedelta(days=70),
    )
    CertificateFactory(user=other_coordinator, track=track, title="Van iemand anders")
    login(client, coordinator)

    response = client.get(URL)
    html = response.content.decode()

    assert "Toets" in html and "0%" in html
    assert "Opleidingsdag Antwerpen" in html and shows(nl("On the waiting list"), html)
    assert "Voorbije dag" not in html
    assert shows(
        nl("Training days: %(attended)s of %(required)s attended", attended=1, required=2), html
    )
    assert "Gecertificeerd" in html and "Oud certificaat" in html
    assert "Van iemand anders" not in html
    states = [item["state"] for item in response.context["certificates"]]
    assert states == ["valid", "expired"]


def _build_track(modules: int, user):
    index = training_index()
    pages = []
    previous = None
    for number in range(modules):
        module = module_page(
            index=index,
            title=f"Module {number}",
            prerequisites=[previous] if previous and number % 2 else (),
        )
        lesson_page(module=module, title=f"Les {number}a")
        lesson_page(module=module, title=f"Les {number}b", quiz=quiz_value())
        pages.append(module)
        previous = module
    track = TrackFactory(modules=pages, required_training_days=1, sign_off_required=True)
    TrackEnrolmentFactory(user=user, track=track)
    first_lesson = pages[0].get_children().first().specific
    learning.lesson_complete(user=user, lesson=first_lesson)
    learning.quiz_submit(
        user=user,
        lesson=pages[0].get_children().last().specific,
        block_id="quiz1",
        answers={"q1": ["a2"]},
    )
    day = TrainingDayFactory(track=track)
    TrainingDayEnrolment.objects.create(day=day, user=user)
    CertificateFactory(user=user, track=track)


def _count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


def test_the_portal_home_makes_the_same_number_of_queries_for_5_and_50_modules(
    client, login, coordinator, other_coordinator, home
):
    login(client, coordinator)
    _build_track(5, coordinator)
    client.get(URL)  # warm up: the site's root paths are cached after the first request
    small = _count_queries(client)

    login(client, other_coordinator)
    _build_track(50, other_coordinator)
    client.get(URL)
    large = _count_queries(client)

    assert small == large, f"{small} queries for 5 modules, {large} for 50"


def test_the_portal_says_what_is_still_needed_to_renew_a_certificate(
    client, login, coordinator, home
):
    from training.certificates.selectors import add_months
    from training.certificates.services import certificate_issue

    index = training_index()
    refresher = module_page(index=index, title="Nazorg")
    lesson_page(module=refresher, title="Opvolging")
    track = TrackFactory(modules=[refresher], refresher_module=refresher, intervision_per_year=2)
    soon = certificate_issue(
        user=coordinator,
        track=track,
        issued_on=add_months(timezone.localdate() + datetime.timedelta(days=30), -24),
    )
    later = certificate_issue(user=coordinator, track=TrackFactory(refresher_module=refresher))
    login(client, coordinator)

    response = client.get(URL)

    renewals = {
        item["certificate"].pk: item["renewal"] for item in response.context["certificates"]
    }
    assert renewals[later.pk] is None  # its renewal window is not open yet
    missing = renewals[soon.pk].missing
    assert len(missing) == 2  # the refresher module again, and intervision
    html = response.content.decode()
    assert shows(nl("To renew this certificate:"), html)
    assert all(shows(reason, html) for reason in missing)


def test_a_trainer_finds_the_training_days_they_give_from_the_portal(
    client, login, coach, coordinator, home
):
    TrainingDayFactory(trainer=coach)
    manage_link = 'href="/staf/opleidingsdagen/"'

    login(client, coach)
    assert manage_link in client.get(URL).content.decode()
    login(client, coordinator)
    assert manage_link not in client.get(URL).content.decode()


def test_continue_goes_to_the_first_lesson_not_done_when_none_is_in_progress(
    client, login, coordinator, track
):
    TrackEnrolmentFactory(user=coordinator, track=track)
    first = track.track_modules.get(sort_order=0).module
    lesson = first.get_children().get(title="Aanmelding").specific
    learning.lesson_open(user=coordinator, lesson=lesson)
    learning.lesson_complete(user=coordinator, lesson=lesson)
    login(client, coordinator)

    response = client.get(URL)

    assert response.context["continue_lesson"].title == "Toets"


def test_where_to_continue_costs_the_same_queries_with_or_without_a_lesson_in_progress(
    client, login, coordinator, track
):
    TrackEnrolmentFactory(user=coordinator, track=track)
    login(client, coordinator)
    client.get(URL)
    with CaptureQueriesContext(connection) as nothing_opened:
        client.get(URL)
    first = track.track_modules.get(sort_order=0).module
    client.get(first.get_children().get(title="Toets").specific.url)
    client.get(URL)
    with CaptureQueriesContext(connection) as one_opened:
        client.get(URL)

    assert len(nothing_opened) == len(one_opened)
