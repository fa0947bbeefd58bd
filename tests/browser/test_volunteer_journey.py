"""The volunteer's journey in a real browser: a coordinator logs in, opens the portal and a
module, completes a lesson, fails and then passes a quiz, and sees the progress; the trainer
(a coach, with an authenticator code) records attendance of yesterday's training day; the track
is then complete, the certificate is issued, its PDF downloads and its public verification page
says it is valid. axe-core checks the portal, a lesson, the quiz feedback, the staff's
attendance page and the verification page.

Labels are translated, so elements are found by their form's address, name or value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in as browser_log_in


@dataclass(frozen=True)
class Journey:
    url: str
    password: str
    coordinator_email: str
    trainer_email: str
    trainer_secret: str
    module_url: str
    lesson_url: str
    quiz_url: str
    day_pk: int
    seat_pk: int


@pytest.fixture
def journey(kring_site) -> Journey:
    """A track of one module (a lesson and a quiz lesson) and one training day, which started
    yesterday; the coordinator follows the track and had a place on the day."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.utils import timezone

    from people.factories import CoachFactory, region
    from people.models import User
    from training.factories import (
        TrackEnrolmentFactory,
        TrackFactory,
        TrainingDayFactory,
        lesson_page,
        module_page,
        quiz_value,
        training_index,
    )
    from training.learning.services import training_index_protect
    from training.models import TrainingDayEnrolment

    antwerpen = region("antwerpen")
    coordinator = User.objects.get(email=kring_site.coordinator_email)
    trainer = CoachFactory(email="trainer.browser@kring.example", regions=[antwerpen])
    secret = generate_totp_secret()
    TOTP.activate(trainer, secret)

    index = training_index()
    training_index_protect(index)
    module = module_page(index=index, title="De route", slug="de-route")
    lesson = lesson_page(module=module, title="De aanmelding", slug="de-aanmelding")
    quiz = lesson_page(
        module=module, title="Toets: de route", slug="toets-de-route", quiz=quiz_value()
    )
    track = TrackFactory(modules=[module], required_training_days=1)
    TrackEnrolmentFactory(user=coordinator, track=track)
    start = timezone.localtime() - timedelta(days=1)
    day = TrainingDayFactory(
        track=track, trainer=trainer, starts_at=start, ends_at=start + timedelta(hours=7)
    )
    seat = TrainingDayEnrolment.objects.create(day=day, user=coordinator)
    return Journey(
        url=kring_site.url,
        password=kring_site.password,
        coordinator_email=coordinator.email,
        trainer_email=trainer.email,
        trainer_secret=secret,
        module_url=module.url,
        lesson_url=lesson.url,
        quiz_url=quiz.url,
        day_pk=day.pk,
        seat_pk=seat.pk,
    )


def log_in(page: Page, journey: Journey, email: str, secret: str | None = None) -> None:
    browser_log_in(page, journey.url, email, journey.password, secret)


def log_out(page: Page, journey: Journey) -> None:
    """A new visitor in the same browser: the session cookie is gone."""
    page.context.clear_cookies()


def answer_quiz(page: Page, answer_id: str) -> None:
    quiz_form = page.locator("form.quiz__form")
    quiz_form.locator(f'input[value="{answer_id}"]').check()
    quiz_form.locator('button[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"/portaal/pogingen/\d+/(#.*)?$"))


def test_volunteer_learns_is_trained_and_gets_a_verifiable_certificate(
    page: Page, journey: Journey, axe
) -> None:
    from training.models import Certificate

    # The coordinator logs in and opens the portal: the track at 0%.
    log_in(page, journey, journey.coordinator_email)
    page.goto(journey.url + "/portaal/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("progress").first).to_have_attribute("value", "0")
    axe.assert_no_violations(page)

    # The module, then the first lesson, which they complete.
    page.locator(f'main a[href="{journey.module_url}"]').first.click()
    expect(page).to_have_url(journey.url + journey.module_url)
    page.locator(f'main a[href="{journey.lesson_url}"]').first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("De aanmelding")
    axe.assert_no_violations(page)
    page.locator('form[action*="/voltooien/"] button[type="submit"]').click()
    expect(page.locator(".messages")).not_to_be_empty()

    # The quiz: a wrong answer first, with feedback, then the right one.
    page.goto(journey.url + journey.quiz_url)
    axe.assert_no_violations(page)
    answer_quiz(page, "a2")
    expect(page.locator(".quiz-attempt__result--failed")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Nee.")
    axe.assert_no_violations(page)
    page.goto(journey.url + journey.quiz_url)
    answer_quiz(page, "a1")
    expect(page.locator(".quiz-attempt__result--passed")).to_be_visible()

    # The portal shows the module done; the day is still to be recorded: no certificate yet.
    page.goto(journey.url + "/portaal/")
    expect(page.locator("progress").first).not_to_have_attribute("value", "0")
    assert not Certificate.objects.exists()
    log_out(page, journey)

    # The trainer records attendance (a coach: password and authenticator code).
    log_in(page, journey, journey.trainer_email, journey.trainer_secret)
    page.goto(journey.url + f"/staf/opleidingsdagen/{journey.day_pk}/aanwezigheid/")
    axe.assert_no_violations(page)
    form = page.locator("main form[method='post']")
    form.locator(f'input[name="seat_{journey.seat_pk}"][value="present"]').check()
    form.locator('button[type="submit"]').click()
    expect(page.locator(".messages")).not_to_be_empty()
    log_out(page, journey)

    # The track is complete: the certificate was issued.
    certificate = Certificate.objects.get()
    assert certificate.is_valid_on()

    # The coordinator downloads the PDF from the portal.
    log_in(page, journey, journey.coordinator_email)
    page.goto(journey.url + "/portaal/")
    with page.expect_download() as download_info:
        page.locator(f'a[href$="/portaal/certificaten/{certificate.pk}/pdf/"]').click()
    download = download_info.value
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # Anyone with the code can check it: valid today.
    log_out(page, journey)
    page.goto(journey.url + f"/certificaat/{certificate.code}/")
    expect(page.locator("main")).to_contain_text(certificate.holder_name)
    expect(page.locator("main .badge")).to_have_count(1)
    expect(page.locator("main .badge--warning")).to_have_count(0)
    axe.assert_no_violations(page)

    # An unknown code says it cannot find the certificate.
    response = page.goto(journey.url + "/certificaat/" + "x" * 22 + "/")
    assert response is not None and response.status == 404
    axe.assert_no_violations(page)
