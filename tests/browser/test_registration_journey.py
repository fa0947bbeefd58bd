"""The registration journey in a real browser: a visitor fills in /aanmelden/ wrongly, sees the
errors with a summary, fixes them and gets a reference; the Antwerpen staff member logs in
(with a second factor) and finds the registration; a Limburg staff member gets 404 on it.
axe-core checks every state. Labels are translated: fields are found by name, not by text."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in

SECRET_ANTWERPEN = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
SECRET_LIMBURG = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"
CONFIRMATION = re.compile(r"/aanmelden/bedankt/[0-9a-f-]{36}/$")
REFERENCE = re.compile(r"^EKC-\d{4}-\d{4}$")


@pytest.fixture
def journey(kring_site):
    """The registration pages and two staff members with a known TOTP secret each; the
    Antwerpen one is the region's contact."""
    from people.factories import StaffFactory, region
    from trajects.demo import seed_page

    seed_page()
    antwerpen, limburg = region("antwerpen"), region("limburg")
    antwerp_staff = StaffFactory(email="staf.antwerpen.browser@kring.example", regions=[antwerpen])
    limburg_staff = StaffFactory(email="staf.limburg.browser@kring.example", regions=[limburg])
    TOTP.activate(antwerp_staff, SECRET_ANTWERPEN)
    TOTP.activate(limburg_staff, SECRET_LIMBURG)
    antwerpen.contact = antwerp_staff
    antwerpen.save()
    return {
        "antwerpen": (antwerp_staff, SECRET_ANTWERPEN),
        "limburg": (limburg_staff, SECRET_LIMBURG),
    }


def test_visitor_registers_and_only_the_regions_staff_member_finds_the_registration(
    page: Page, kring_site, journey, axe
) -> None:
    mail.outbox.clear()

    # The visitor opens the form.
    page.goto(kring_site.url + "/aanmelden/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe.assert_no_violations(page)
    # A person takes more than the minimum fill time; Playwright would not.
    page.wait_for_timeout(3200)

    # ... and fills it in wrongly: no organisation, a postcode that does not exist, no agreement.
    page.locator('input[name="registrant_type"][value="professional"]').check()
    page.locator('input[name="registrant_name"]').fill("Hilde Peeters")
    page.locator('input[name="registrant_email"]').fill("hilde.peeters@caw.example")
    page.locator('input[name="core_name"]').fill("Samira El Amrani")
    page.locator('input[name="postcode"]').fill("9999")
    page.locator('input[name="municipality"]').fill("Antwerpen")
    page.locator('input[name="core_phone"]').fill("0470 12 34 56")
    page.locator('input[name="children_involved"][value="yes"]').check()
    page.locator('textarea[name="question"]').fill("Een plan voor de zorg voor de kinderen.")
    page.locator('input[name="core_person_agrees"][value="not_yet"]').check()
    page.locator("form.registration-form button[type='submit']").click()

    summary = page.locator(".form-errors")
    expect(summary).to_be_visible()
    expect(summary.locator('a[href="#id_postcode"]')).to_have_count(1)
    expect(summary.locator('a[href="#id_organisation_type"]')).to_have_count(1)
    expect(summary.locator('a[href="#id_core_person_agrees"]')).to_have_count(1)
    expect(summary.locator('a[href="#id_privacy_acknowledged"]')).to_have_count(1)
    expect(page.locator(".field--error")).to_have_count(5)
    # What was typed is still there.
    expect(page.locator('input[name="registrant_name"]')).to_have_value("Hilde Peeters")
    expect(page.locator('textarea[name="question"]')).to_have_value(
        "Een plan voor de zorg voor de kinderen."
    )
    axe.assert_no_violations(page)

    # The visitor fixes the errors.
    page.locator('select[name="organisation_type"]').select_option("caw")
    page.locator('input[name="organisation_name"]').fill("CAW Antwerpen")
    page.locator('input[name="postcode"]').fill("2000")
    page.locator('input[name="core_person_agrees"][value="yes"]').check()
    page.locator('input[name="privacy_acknowledged"]').check()
    page.locator("form.registration-form button[type='submit']").click()

    expect(page).to_have_url(CONFIRMATION)
    reference = page.get_by_test_id("reference").inner_text().strip()
    assert REFERENCE.match(reference)
    axe.assert_no_violations(page)
    # A confirmation for the visitor and a notice for the region's staff member.
    assert len(mail.outbox) == 2
    assert all(reference in message.subject for message in mail.outbox)

    # The Antwerpen staff member logs in and finds it in the inbox.
    antwerp_staff, secret = journey["antwerpen"]
    log_in(page, kring_site.url, antwerp_staff.email, kring_site.password, secret)
    page.goto(kring_site.url + "/staf/aanmeldingen/")
    link = page.get_by_role("link", name=reference)
    expect(link).to_be_visible()
    axe.assert_no_violations(page)
    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    expect(page.get_by_text("Samira El Amrani")).to_be_visible()
    axe.assert_no_violations(page)
    detail_url = page.url

    # A staff member of Limburg does not get to see it.
    page.context.clear_cookies()
    limburg_staff, secret = journey["limburg"]
    log_in(page, kring_site.url, limburg_staff.email, kring_site.password, secret)
    response = page.goto(detail_url)
    assert response is not None and response.status == 404
    page.goto(kring_site.url + "/staf/aanmeldingen/")
    expect(page.get_by_role("link", name=reference)).to_have_count(0)


def test_confirmation_page_for_a_bot_looks_ordinary_and_passes_axe(page: Page, kring_site, axe):
    from trajects.demo import seed_page

    seed_page()
    page.goto(kring_site.url + "/aanmelden/bedankt/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_test_id("reference")).to_have_count(0)
    axe.assert_no_violations(page)


def test_registration_page_on_a_phone_passes_axe(page: Page, kring_site, axe):
    from trajects.demo import seed_page

    seed_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(kring_site.url + "/en/register/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe.assert_no_violations(page)
