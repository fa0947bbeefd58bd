"""axe-core on the training pages a journey test does not reach: the staff tables (applications,
volunteers, training days) and their detail and form pages, the coach's list, the volunteer's
training days, the e-learning's index and module pages, the portal in French and English, and
the public certificate look-up. Each must have 0 violations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in as browser_log_in


@dataclass(frozen=True)
class Person:
    email: str
    secret: str | None = None


@dataclass(frozen=True)
class TrainingSite:
    url: str
    password: str
    coordinator: Person
    coach: Person
    staff: Person
    application_pk: int
    coordinator_pk: int
    day_pk: int
    module_url: str


@pytest.fixture
def training_site(kring_site) -> TrainingSite:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.utils import timezone

    from people.factories import CoachAssignmentFactory, CoachFactory, StaffFactory, region
    from people.models import User
    from training.certificates.services import certificate_issue
    from training.factories import (
        ApplicationFactory,
        TrackEnrolmentFactory,
        TrackFactory,
        TrainingDayFactory,
        lesson_page,
        module_page,
        quiz_value,
        training_index,
    )
    from training.learning.services import training_index_protect
    from training.models import LessonProgress, TrainingDayEnrolment

    antwerpen = region("antwerpen")
    coordinator = User.objects.get(email=kring_site.coordinator_email)

    def with_authenticator(factory, email):
        user = factory(email=email, regions=[antwerpen])
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        return user, Person(email=email, secret=secret)

    coach, coach_person = with_authenticator(CoachFactory, "coach.axe@kring.example")
    _, staff_person = with_authenticator(StaffFactory, "staf.axe@kring.example")
    CoachAssignmentFactory(coordinator=coordinator, coach=coach)

    index = training_index()
    training_index_protect(index)
    first = module_page(index=index, title="De route", slug="de-route")
    second = module_page(
        index=index, title="De conferentie", slug="conferentie", prerequisites=[first]
    )
    lesson = lesson_page(module=first, title="De aanmelding", reflection=True)
    lesson_page(module=first, title="Toets", quiz=quiz_value())
    lesson_page(module=second, title="Drie delen")
    LessonProgress.objects.create(
        user=coordinator,
        lesson=lesson,
        lesson_key=lesson.translation_key,
        completed_at=timezone.now(),
    )
    track = TrackFactory(modules=[first, second], required_training_days=1, sign_off_required=True)
    TrackEnrolmentFactory(user=coordinator, track=track)
    day = TrainingDayFactory(track=track, trainer=coach)
    TrainingDayEnrolment.objects.create(day=day, user=coordinator)
    past = TrainingDayFactory(
        track=track, starts_at=timezone.localtime() - timedelta(days=30), capacity=2
    )
    TrainingDayEnrolment.objects.create(day=past, user=coordinator, attended=True)
    certificate_issue(user=coordinator, track=TrackFactory(code="coach", name="Coach"))
    application = ApplicationFactory()
    return TrainingSite(
        url=kring_site.url,
        password=kring_site.password,
        coordinator=Person(email=coordinator.email),
        coach=coach_person,
        staff=staff_person,
        application_pk=application.pk,
        coordinator_pk=coordinator.pk,
        day_pk=day.pk,
        module_url=second.url,
    )


def log_in(page: Page, site: TrainingSite, person: Person) -> None:
    page.context.clear_cookies()
    browser_log_in(page, site.url, person.email, site.password, person.secret)


def check(page: Page, site: TrainingSite, path: str, axe) -> None:
    response = page.goto(site.url + path)
    assert response is not None and response.status == 200, (
        f"{path}: {response and response.status}"
    )
    axe.assert_no_violations(page)


def test_training_pages_have_no_accessibility_violations(
    page: Page, training_site: TrainingSite, axe
) -> None:
    site = training_site

    log_in(page, site, site.staff)
    for path in (
        "/staf/kandidaten/",
        f"/staf/kandidaten/{site.application_pk}/",
        "/staf/vrijwilligers/",
        f"/staf/vrijwilligers/{site.coordinator_pk}/",
        "/staf/opleidingsdagen/",
        "/staf/opleidingsdagen/nieuw/",
        f"/staf/opleidingsdagen/{site.day_pk}/bewerken/",
    ):
        check(page, site, path, axe)

    # A form sent with mistakes: the errors are accessible too.
    page.goto(site.url + "/staf/opleidingsdagen/nieuw/")
    page.locator("main form[method='post'] button[type='submit']").click()
    expect(page.locator(".form-errors")).to_be_visible()
    axe.assert_no_violations(page)

    log_in(page, site, site.coach)
    for path in ("/coach/vrijwilligers/", f"/staf/vrijwilligers/{site.coordinator_pk}/"):
        check(page, site, path, axe)

    log_in(page, site, site.coordinator)
    for path in (
        "/portaal/opleidingsdagen/",
        f"/portaal/opleidingsdagen/{site.day_pk}/",
        "/opleiding/",
        site.module_url,  # locked: its prerequisite is not done
        "/fr/portaal/",
        "/en/portaal/",
    ):
        check(page, site, path, axe)

    page.context.clear_cookies()
    check(page, site, "/certificaat/", axe)
