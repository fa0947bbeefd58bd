"""The registration journey in a real browser: a visitor fills in /aanmelden/ wrongly, sees the
errors with a summary (which gets focus), fixes them, checks the answers, sends and gets a
reference; the Antwerpen staff member logs in (with a second factor) and finds the
registration; a Limburg staff member gets 404 on it. A visitor who sends within a second gets
the form back to send again, never a thank-you; on "Check your answers" they change a group and
send. axe-core checks every state. Labels are translated: fields are found by name, not by
text."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from django.utils import translation
from playwright.sync_api import Page, expect

from cms.forms import SEND_AGAIN_MESSAGE
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
    # Focus moves to the summary (GOV.UK), which may lie below the first screen on a phone.
    expect(summary).to_be_focused()
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

    # Check the answers, then send.
    expect(page.locator(".registration-check")).to_be_visible()
    expect(page.locator('[data-answer="postcode"]')).to_have_text("2000")
    page.get_by_test_id("send").click()

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


def fill_in_valid_form(page: Page) -> None:
    page.locator('input[name="registrant_type"][value="family_or_friend"]').check()
    page.locator('input[name="registrant_name"]').fill("Jan Janssens")
    page.locator('input[name="registrant_phone"]').fill("03 123 45 67")
    page.locator('input[name="core_name"]').fill("Samira El Amrani")
    page.locator('input[name="postcode"]').fill("2000")
    page.locator('input[name="municipality"]').fill("Antwerpen")
    page.locator('input[name="core_phone"]').fill("0470 12 34 56")
    page.locator('input[name="languages"][value="ar"]').check()
    page.locator('input[name="children_involved"][value="yes"]').check()
    page.locator('textarea[name="question"]').fill("Een plan voor de zorg voor de kinderen.")
    page.locator('input[name="core_person_agrees"][value="yes"]').check()
    page.locator('input[name="privacy_acknowledged"]').check()


def shown_just_now(page: Page) -> None:
    """Marks the form as shown this instant, as if a person's browser had filled it in at once
    (autofill): the post comes well within a second."""
    from cms import forms as cms_forms

    token = page.locator('input[name="submission"]').input_value()
    stamp = cms_forms.sign_protection(token, time.time())
    page.locator('input[name="started"]').evaluate("(input, stamp) => input.value = stamp", stamp)


def test_a_form_sent_within_a_second_comes_back_to_send_again_then_goes_through(
    page: Page, kring_site, axe
) -> None:
    from trajects.demo import seed_page
    from trajects.models import Registration

    seed_page()
    mail.outbox.clear()
    page.goto(kring_site.url + "/aanmelden/")
    fill_in_valid_form(page)
    shown_just_now(page)
    page.locator("form.registration-form button[type='submit']").click()

    # Not a thank-you: the form again, with a short message that has focus, and the input kept.
    summary = page.locator(".form-errors")
    expect(summary).to_be_visible()
    with translation.override("nl"):
        expect(summary).to_contain_text(str(SEND_AGAIN_MESSAGE))
    expect(summary).to_be_focused()
    expect(page.locator("form.registration-form")).to_be_visible()
    expect(page.get_by_test_id("reference")).to_have_count(0)
    expect(page.locator('input[name="registrant_name"]')).to_have_value("Jan Janssens")
    expect(page.locator('input[name="languages"][value="ar"]')).to_be_checked()
    expect(page.locator('input[name="privacy_acknowledged"]')).to_be_checked()
    assert not Registration.objects.exists()
    assert mail.outbox == []
    axe.assert_no_violations(page)

    # Sent again at once: "Check your answers", then send.
    page.locator("form.registration-form button[type='submit']").click()
    expect(page.locator(".registration-check")).to_be_visible()
    page.get_by_test_id("send").click()

    expect(page).to_have_url(CONFIRMATION)
    reference = page.get_by_test_id("reference").inner_text().strip()
    assert REFERENCE.match(reference)
    assert Registration.objects.get().reference == reference


def test_check_your_answers_change_a_group_and_send(page: Page, kring_site, axe) -> None:
    from trajects.demo import seed_page
    from trajects.models import Registration

    seed_page()
    page.goto(kring_site.url + "/en/register/")
    fill_in_valid_form(page)
    page.wait_for_timeout(3200)  # a person's pace
    page.locator("form.registration-form button[type='submit']").click()

    # What was entered, grouped as on the form, choices in words; nothing stored yet.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending the registration"
    )
    expect(page.locator('[data-answer="registrant_type"]')).to_have_text(
        "A family member or friend"
    )
    expect(page.locator('[data-answer="languages"]')).to_have_text("Arabic")
    expect(page.locator('[data-answer="core_name"]')).to_have_text("Samira El Amrani")
    expect(page.locator(".check-section")).to_have_count(4)
    assert not Registration.objects.exists()
    axe.assert_no_violations(page)

    # Change the core person: back on the form at that group, everything kept.
    page.get_by_test_id("change-core_person").click()
    expect(page).to_have_url(re.compile(r"/en/register/#section-core_person$"))
    expect(page.locator("#section-core_person")).to_be_focused()
    expect(page.locator('input[name="registrant_name"]')).to_have_value("Jan Janssens")
    expect(page.locator('textarea[name="question"]')).to_have_value(
        "Een plan voor de zorg voor de kinderen."
    )
    page.locator('input[name="core_name"]').fill("Samira Janssens")
    page.locator("form.registration-form button[type='submit']").click()

    expect(page.locator('[data-answer="core_name"]')).to_have_text("Samira Janssens")
    page.get_by_test_id("send").click()

    expect(page).to_have_url(re.compile(r"/en/register/bedankt/[0-9a-f-]{36}/$"))
    reference = page.get_by_test_id("reference").inner_text().strip()
    assert REFERENCE.match(reference)
    registration = Registration.objects.get()
    assert (registration.reference, registration.core_name) == (reference, "Samira Janssens")


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
