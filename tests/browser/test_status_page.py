"""The registrant's status page in a real browser: the registrant opens the link from their
confirmation e-mail, sees the first step marked, later finds the coordinator found, switches
the page to English and to French with the language switch, and sees a stopped traject as a
neutral "closed"; an Antwerpen staff member revokes the link on the registration's page, after
which the link opens the "does not work" page (404). axe-core checks every state and language,
and the 404 page.

Step labels and sentences are checked on the English page: Dutch and French wording belongs to
the translators.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in

STAFF_EMAIL = "staf.antwerpen.status@kring.example"
CORE_NAME = "Samira El Amrani"
REGISTRANT_EMAIL = "hilde.peeters@caw.example"


@dataclass(frozen=True)
class StatusSite:
    url: str
    password: str
    link: str  # the status page's address as the e-mail gives it, on the live server
    reference: str
    registration_id: int
    staff_email: str
    staff_secret: str


@pytest.fixture
def status_site(kring_site) -> StatusSite:
    """A registration sent through the form's service in Dutch (so its confirmation e-mail is
    written), and a staff member of Antwerpen with an authenticator whose secret the test
    knows."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from people.factories import StaffFactory, region
    from tests.trajects.conftest import form_data
    from trajects.forms import RegistrationForm
    from trajects.services import registration_submit

    form = RegistrationForm(form_data(core_name=CORE_NAME, registrant_email=REGISTRANT_EMAIL))
    assert form.is_valid(), form.errors
    registration, _created = registration_submit(
        data=form.submitted_data(), submission_token=uuid.uuid4(), language="nl"
    )
    (confirmation,) = [message for message in mail.outbox if message.to == [REGISTRANT_EMAIL]]
    match = re.search(r"http://testserver(/aanvraag/[A-Za-z0-9_-]{43}/)", confirmation.body)
    assert match, confirmation.body

    staff = StaffFactory(email=STAFF_EMAIL, regions=[region("antwerpen")])
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    return StatusSite(
        url=kring_site.url,
        password=kring_site.password,
        link=kring_site.url + match.group(1),
        reference=registration.reference,
        registration_id=registration.pk,
        staff_email=STAFF_EMAIL,
        staff_secret=secret,
    )


def current_step(page: Page):
    return page.locator('ol.status-steps > li[aria-current="step"]')


def assert_current_step(page: Page, position: int) -> None:
    """Exactly one step is marked, the ``position``-th (1-6)."""
    expect(current_step(page)).to_have_count(1)
    expect(page.locator(f"ol.status-steps > li:nth-child({position})")).to_have_attribute(
        "aria-current", "step"
    )


def switch_language(page: Page, code: str) -> None:
    page.locator(f'.language-switch a[hreflang="{code}"]').click()


def test_the_registrant_follows_the_question_in_three_languages(
    page: Page, status_site: StatusSite, axe
) -> None:
    from people.models import User
    from trajects.intake.services import registration_accept, registration_intake_start
    from trajects.models import Phase, Registration, StopReason, Traject
    from trajects.traject.services import traject_stop

    site = status_site
    token_path = site.link.removeprefix(site.url)
    staff = User.objects.get(email=site.staff_email)
    registration = Registration.objects.get(pk=site.registration_id)

    # The link from the e-mail: the Dutch page, the question received.
    response = page.goto(site.link)
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "nl-BE")
    assert_current_step(page, 1)
    expect(page.locator("body")).not_to_contain_text(CORE_NAME)
    expect(page.locator("body")).not_to_contain_text(site.reference)
    axe.assert_no_violations(page)

    # Intake, acceptance, and a coordinator who took it on.
    registration_intake_start(registration=registration, by=staff)
    traject = registration_accept(registration=registration, by=staff)
    from people.factories import CoordinatorFactory, region

    coordinator = CoordinatorFactory(regions=[region("antwerpen")], last_name="Vandewalle")
    Traject.objects.filter(pk=traject.pk).update(phase=Phase.PREPARATION, coordinator=coordinator)
    page.reload()
    assert_current_step(page, 3)
    axe.assert_no_violations(page)

    # In English, through the language switch.
    switch_language(page, "en")
    expect(page).to_have_url(re.compile("^" + re.escape(site.url + "/en" + token_path) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Where your question stands")
    expect(current_step(page)).to_contain_text("Coordinator found")
    expect(page.locator(".status-next")).to_contain_text("A volunteer coordinator has been found.")
    expect(page.locator("body")).not_to_contain_text("Vandewalle")
    axe.assert_no_violations(page)

    # In French.
    switch_language(page, "fr")
    expect(page).to_have_url(re.compile("^" + re.escape(site.url + "/fr" + token_path) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr-BE")
    assert_current_step(page, 3)
    axe.assert_no_violations(page)

    # The traject stops: a neutral "closed", the reason never shown.
    traject_stop(
        traject=Traject.objects.get(pk=traject.pk),
        by=staff,
        reason=StopReason.SITUATION_CHANGED,
        note="Vertrouwelijk",
    )
    switch_language(page, "en")
    assert_current_step(page, 6)
    expect(current_step(page)).to_contain_text("Closed")
    expect(page.locator(".status-next")).to_contain_text("Contact the region")
    expect(page.locator("body")).not_to_contain_text("situation has changed")
    expect(page.locator("body")).not_to_contain_text("Vertrouwelijk")
    expect(page.locator("ol.status-steps > li.status-steps__step--not_reached")).to_have_count(3)
    axe.assert_no_violations(page)


def test_staff_revoke_the_link_and_it_stops_working(
    page: Page, status_site: StatusSite, axe
) -> None:
    site = status_site
    registration_path = f"/en/staf/aanmeldingen/{site.reference}/"

    log_in(page, site.url, site.staff_email, site.password, site.staff_secret)
    page.goto(site.url + registration_path)
    expect(page.get_by_role("heading", name="The registrant's status page")).to_be_visible()
    page.get_by_role("button", name="Revoke the status link", exact=True).click()

    expect(page).to_have_url(re.compile("^" + re.escape(site.url + registration_path) + "$"))
    expect(page.locator(".messages")).to_contain_text("The status link has been revoked")
    expect(page.get_by_role("button", name="Revoke the status link")).to_have_count(0)
    axe.assert_no_violations(page)

    # The registrant's link now opens the "does not work" page, in English too.
    page.context.clear_cookies()
    response = page.goto(site.link)
    assert response is not None and response.status == 404
    english = site.url + "/en" + site.link.removeprefix(site.url)
    response = page.goto(english)
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    expect(page.locator("ol.status-steps")).to_have_count(0)
    axe.assert_no_violations(page)
