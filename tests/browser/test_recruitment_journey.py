"""The recruitment journey in a real browser: a citizen reads about the role and the open calls
at /word-vrijwilliger/, sends the form with a mistake, fixes it and gets the confirmation; the
region's staff member logs in (password and authenticator code) and finds the application in
/staf/kandidaten/; staff of another region get 404 on it. axe-core checks every state.

Labels are translated, so fields are found by name and elements by role or attribute.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from cms import forms as cms_forms
from tests.browser.conftest import log_in as browser_log_in

# The form posts to "#apply" (so that errors show at the form); the browser keeps that fragment
# through the redirect to the confirmation, where it points at nothing.
THANKS_PATH = re.compile(r"/word-vrijwilliger/bedankt/[0-9a-f-]{36}/(#apply)?$")


@dataclass(frozen=True)
class Staff:
    email: str
    secret: str


@dataclass(frozen=True)
class RecruitmentSite:
    url: str
    password: str
    staff: Staff
    other_staff: Staff


def _staff_with_authenticator(email: str, region_code: str) -> Staff:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from people.factories import StaffFactory, region

    user = StaffFactory(email=email, regions=[region(region_code)])
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return Staff(email=email, secret=secret)


@pytest.fixture
def recruitment_site(kring_site) -> RecruitmentSite:
    """The demo's recruitment page (with its open calls) and staff of Antwerpen, the region's
    contact, and of Limburg, each with an authenticator whose secret the test knows."""
    from people.factories import region
    from training.demo import seed_page

    seed_page()
    staff = _staff_with_authenticator("staf.antwerpen.browser@kring.example", "antwerpen")
    other_staff = _staff_with_authenticator("staf.limburg.browser@kring.example", "limburg")
    from people.models import User

    antwerpen = region("antwerpen")
    antwerpen.contact = User.objects.get(email=staff.email)
    antwerpen.save()
    return RecruitmentSite(
        url=kring_site.url, password=kring_site.password, staff=staff, other_staff=other_staff
    )


def log_in(page: Page, site: RecruitmentSite, staff: Staff) -> None:
    browser_log_in(page, site.url, staff.email, site.password, staff.secret)


def test_citizen_applies_and_the_regions_staff_member_finds_the_application(
    page: Page, browser: Browser, recruitment_site: RecruitmentSite, axe
) -> None:
    site = recruitment_site

    # A citizen reads what the role is and which regions are looking for volunteers.
    page.goto(site.url + "/word-vrijwilliger/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Word vrijwilliger")
    expect(page.locator(".stream")).to_contain_text("één traject tegelijk")
    calls = page.locator(".call")
    expect(calls).to_have_count(4)
    expect(calls.first).to_contain_text("Antwerpen")
    axe.assert_no_violations(page)

    # The form, with a postcode that does not exist.
    form = page.locator("form.application-form")
    form.locator('input[name="first_name"]').fill("Fatima")
    form.locator('input[name="last_name"]').fill("El Amrani")
    form.locator('input[name="email"]').fill("fatima.browser@example.org")
    form.locator('input[name="phone"]').fill("0470 12 34 56")
    form.locator('input[name="postcode"]').fill("9999")
    form.locator('input[name="languages"][value="nl"]').check()
    form.locator('input[name="languages"][value="ar"]').check()
    form.locator('textarea[name="motivation"]').fill(
        "Ik wil gezinnen helpen om zelf een plan te maken."
    )
    form.locator('input[name="availability"][value="weekday_evening"]').check()
    form.locator('input[name="heard_of_us"][value="website"]').check()
    form.locator('input[name="consent"]').check()
    # A person takes longer than a bot to fill in a form.
    page.wait_for_timeout((cms_forms.MINIMUM_FILL_SECONDS + 0.5) * 1000)
    form.locator('button[type="submit"]').click()

    # The error: in the summary at the top (a link to the field) and next to the field.
    summary = page.locator(".form-errors")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # GOV.UK: focus moves to the summary
    expect(summary.locator('a[href="#id_postcode"]')).to_have_count(1)
    expect(page.locator("#id_postcode_error")).to_be_visible()
    expect(page.locator("#id_postcode")).to_have_attribute("aria-invalid", "true")
    # What was typed is kept.
    expect(form.locator('input[name="first_name"]')).to_have_value("Fatima")
    expect(form.locator('textarea[name="motivation"]')).to_have_value(
        "Ik wil gezinnen helpen om zelf een plan te maken."
    )
    expect(form.locator('input[name="languages"][value="ar"]')).to_be_checked()
    expect(form.locator('input[name="consent"]')).to_be_checked()
    axe.assert_no_violations(page)

    # Fixed: the confirmation.
    summary.locator('a[href="#id_postcode"]').click()
    expect(page.locator("#id_postcode")).to_be_focused()
    page.locator("#id_postcode").fill("2000")
    form.locator('button[type="submit"]').click()
    expect(page).to_have_url(THANKS_PATH)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Antwerpen")
    axe.assert_no_violations(page)
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(["fatima.browser@example.org", site.staff.email])

    # The region's staff member logs in with password and authenticator code, and finds it.
    staff_page = browser.new_page(locale="nl-BE", timezone_id="Europe/Brussels")
    log_in(staff_page, site, site.staff)
    staff_page.goto(site.url + "/staf/kandidaten/")
    table = staff_page.locator("table.data-table")
    expect(table.locator("tbody tr")).to_have_count(1)
    link = table.get_by_role("link", name="Fatima El Amrani")
    expect(link).to_be_visible()
    axe.assert_no_violations(staff_page)

    link.click()
    expect(staff_page.get_by_role("heading", level=1)).to_have_text("Fatima El Amrani")
    expect(staff_page.locator("main")).to_contain_text("0470 12 34 56")
    axe.assert_no_violations(staff_page)
    detail_url = staff_page.url
    staff_page.close()

    # Staff of another region get 404 on it.
    other_page = browser.new_page(locale="nl-BE", timezone_id="Europe/Brussels")
    log_in(other_page, site, site.other_staff)
    response = other_page.goto(detail_url)
    assert response is not None and response.status == 404
    other_page.goto(site.url + "/staf/kandidaten/")
    expect(other_page.locator(".empty-state")).to_be_visible()
    expect(other_page.get_by_role("link", name="Fatima El Amrani")).to_have_count(0)
    other_page.close()


def test_an_application_sent_within_a_second_comes_back_to_send_again_then_goes_through(
    page: Page, recruitment_site: RecruitmentSite, axe
) -> None:
    import time

    from django.utils import translation

    from training.models import Application

    page.goto(recruitment_site.url + "/word-vrijwilliger/")
    form = page.locator("form.application-form")
    form.locator('input[name="first_name"]').fill("Fatima")
    form.locator('input[name="last_name"]').fill("El Amrani")
    form.locator('input[name="email"]').fill("fatima.fast@example.org")
    form.locator('input[name="phone"]').fill("0470 12 34 56")
    form.locator('input[name="postcode"]').fill("2000")
    form.locator('input[name="languages"][value="nl"]').check()
    form.locator('textarea[name="motivation"]').fill("Ik wil gezinnen helpen.")
    form.locator('input[name="availability"][value="weekend"]').check()
    form.locator('input[name="heard_of_us"][value="website"]').check()
    form.locator('input[name="consent"]').check()
    # Shown this instant, as with a browser's autofill: sent well within a second.
    token = form.locator('input[name="submission"]').input_value()
    stamp = cms_forms.sign_protection(token, time.time())
    form.locator('input[name="started"]').evaluate("(input, s) => input.value = s", stamp)
    form.locator('button[type="submit"]').click()

    summary = page.locator(".form-errors")
    with translation.override("nl"):
        expect(summary).to_contain_text(str(cms_forms.SEND_AGAIN_MESSAGE))
    expect(summary).to_be_focused()
    expect(page.get_by_test_id("reference")).to_have_count(0)
    expect(form.locator('input[name="first_name"]')).to_have_value("Fatima")
    expect(form.locator('input[name="consent"]')).to_be_checked()
    assert not Application.objects.exists()
    axe.assert_no_violations(page)

    form.locator('button[type="submit"]').click()
    expect(page).to_have_url(THANKS_PATH)
    expect(page.get_by_test_id("reference")).to_have_text(Application.objects.get().reference)
