"""Intake and the traject in a real browser: the Antwerpen staff member (password and
authenticator code) finds a new registration in the inbox, takes it into intake, accepts it
with a note (it becomes a traject, looking for a coordinator), pauses the traject, tries to stop
it for "Other" without a note (refused next to the note), stops it for a reason from the list,
and finds it in the list of trajects; a staff member of Limburg gets 404 on it. axe-core checks
the registration page with its decisions, the decline form and the stop form with their errors,
the traject page and the list of trajects, empty and with one row.

The pages are opened under /en/ so that the test can follow the links and buttons by their
(English) names, as a person would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in as browser_log_in

NOTE = "Gebeld met de aanmelder: de familie wil een conferentie in het Nederlands."


@dataclass(frozen=True)
class Staff:
    email: str
    secret: str


@dataclass(frozen=True)
class IntakeSite:
    url: str
    password: str
    reference: str
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
def intake_site(kring_site) -> IntakeSite:
    """A new registration in Antwerpen, and staff of Antwerpen and of Limburg, each with an
    authenticator whose secret the test knows."""
    from people.factories import postcode
    from trajects.factories import RegistrationFactory

    registration = RegistrationFactory(postcode=postcode("2000"))
    return IntakeSite(
        url=kring_site.url,
        password=kring_site.password,
        reference=registration.reference,
        staff=_staff_with_authenticator("staf.antwerpen.intake@kring.example", "antwerpen"),
        other_staff=_staff_with_authenticator("staf.limburg.intake@kring.example", "limburg"),
    )


def log_in(page: Page, site: IntakeSite, staff: Staff) -> None:
    browser_log_in(page, site.url, staff.email, site.password, staff.secret)


def url_of(site: IntakeSite, path: str) -> re.Pattern[str]:
    """The page's whole address (no query string, no fragment)."""
    return re.compile("^" + re.escape(site.url + path) + "$")


def test_staff_take_a_registration_to_a_traject(page: Page, intake_site: IntakeSite) -> None:
    site = intake_site
    reference = site.reference
    registration_path = f"/en/staf/aanmeldingen/{reference}/"
    traject_path = f"/en/staf/trajecten/{reference}/"

    # The Antwerpen staff member logs in and opens the inbox: the new registration is there.
    log_in(page, site, site.staff)
    page.goto(site.url + "/en/staf/aanmeldingen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrations")
    page.get_by_role("link", name=reference, exact=True).click()

    # The registration's page: new, with the decisions that fit a new registration.
    expect(page).to_have_url(url_of(site, registration_path))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Registration {reference}")
    expect(page.get_by_role("link", name="Accept: start a traject")).to_have_count(0)
    page.get_by_role("link", name="Take into intake", exact=True).click()

    # Take into intake: a page with a form.
    expect(page).to_have_url(url_of(site, registration_path + "intake/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Take into intake: {reference}")
    page.get_by_role("button", name="Take into intake", exact=True).click()

    # Back on the registration, in intake; now it can be accepted.
    expect(page).to_have_url(url_of(site, registration_path))
    expect(page.locator(".messages")).to_contain_text("The registration is in intake.")
    expect(page.get_by_role("link", name="Take into intake", exact=True)).to_have_count(0)
    page.get_by_role("link", name="Accept: start a traject", exact=True).click()

    # Accept with a note: the registration becomes a traject.
    expect(page).to_have_url(url_of(site, registration_path + "aanvaarden/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Accept: start a traject: {reference}"
    )
    page.get_by_label("Note (optional)").fill(NOTE)
    page.get_by_role("button", name="Accept and start the traject", exact=True).click()

    # The traject's page: looking for a coordinator, the note in the timeline.
    expect(page).to_have_url(url_of(site, traject_path))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Traject {reference}")
    expect(page.locator(".messages")).to_contain_text("The registration has been accepted")
    expect(page.locator(".detail-summary")).to_contain_text("Matching")
    acceptance = page.locator("ol.timeline > li", has_text="Accepted: the traject begins")
    expect(acceptance).to_have_count(1)
    expect(acceptance.locator(".timeline__note")).to_have_text(NOTE)

    # Pause the traject.
    page.get_by_role("link", name="Pause the traject", exact=True).click()
    expect(page).to_have_url(url_of(site, traject_path + "pauzeren/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Pause the traject: {reference}")
    page.get_by_role("button", name="Pause", exact=True).click()

    expect(page).to_have_url(url_of(site, traject_path))
    expect(page.locator(".messages")).to_contain_text("The traject is paused.")
    expect(page.locator(".detail-summary")).to_contain_text("paused")
    expect(page.get_by_role("link", name="Resume the traject", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Pause the traject", exact=True)).to_have_count(0)

    # Stop it: "Other" without a note is refused, next to the note; what was chosen is kept.
    page.get_by_role("link", name="Stop the traject", exact=True).click()
    expect(page).to_have_url(url_of(site, traject_path + "stoppen/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Stop the traject: {reference}")
    page.get_by_label("Other", exact=True).check()
    page.get_by_role("button", name="Stop the traject", exact=True).click()

    expect(page).to_have_url(url_of(site, traject_path + "stoppen/"))
    note_error = page.locator("#id_note_error")
    expect(note_error).to_have_text("Say in the note why the traject stops.")
    expect(page.locator(".field--error").filter(has=page.locator("#id_note"))).to_contain_text(
        "Say in the note why the traject stops."
    )
    expect(page.locator("#id_note")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Other", exact=True)).to_be_checked()
    expect(page.locator(".messages")).not_to_contain_text("The traject has been stopped.")

    page.get_by_label("The situation has changed", exact=True).check()
    page.get_by_role("button", name="Stop the traject", exact=True).click()

    # Stopped: for good, so nothing more to do on the page.
    expect(page).to_have_url(url_of(site, traject_path))
    expect(page.locator(".messages")).to_contain_text("The traject has been stopped.")
    expect(page.locator(".detail-summary")).to_contain_text("Stopped")
    expect(page.locator(".detail-list")).to_contain_text("The situation has changed")
    expect(page.get_by_role("link", name="Resume the traject", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Stop the traject", exact=True)).to_have_count(0)

    # The list of trajects, from the staff area's sub-menu.
    page.get_by_role("navigation", name="Staff area").get_by_role(
        "link", name="Trajects", exact=True
    ).click()
    expect(page).to_have_url(url_of(site, "/en/staf/trajecten/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Trajects")
    rows = page.locator("table.data-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.get_by_role("link", name=reference, exact=True)).to_be_visible()
    expect(rows).to_contain_text("Stopped")

    # A staff member of Limburg gets 404 on the Antwerpen traject, and an empty list.
    page.context.clear_cookies()
    log_in(page, site, site.other_staff)
    response = page.goto(site.url + traject_path)
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_text(reference)).to_have_count(0)
    page.goto(site.url + "/en/staf/trajecten/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trajects")
    expect(page.locator(".empty-state")).to_be_visible()
    expect(page.get_by_role("link", name=reference)).to_have_count(0)


def test_intake_and_traject_pages_pass_axe(page: Page, intake_site: IntakeSite, axe) -> None:
    site = intake_site
    reference = site.reference
    registration_path = f"/en/staf/aanmeldingen/{reference}/"
    traject_path = f"/en/staf/trajecten/{reference}/"
    log_in(page, site, site.staff)

    # The list of trajects, still empty.
    page.goto(site.url + "/en/staf/trajecten/")
    expect(page.locator(".empty-state")).to_be_visible()
    axe.assert_no_violations(page)

    # The new registration with its decisions.
    page.goto(site.url + registration_path)
    expect(page.get_by_role("link", name="Take into intake", exact=True)).to_be_visible()
    axe.assert_no_violations(page)

    # The decision's page, then the registration in intake with its four decisions.
    page.get_by_role("link", name="Take into intake", exact=True).click()
    expect(page).to_have_url(url_of(site, registration_path + "intake/"))
    axe.assert_no_violations(page)
    page.get_by_role("button", name="Take into intake", exact=True).click()
    expect(page).to_have_url(url_of(site, registration_path))
    expect(page.locator(".messages")).to_contain_text("The registration is in intake.")
    expect(page.locator("#intake + ul.actions a")).to_have_count(4)
    axe.assert_no_violations(page)

    # Not accepted, without a reason: the error summary and the error at the field.
    page.goto(site.url + registration_path + "niet-aanvaard/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Not accepted: {reference}")
    page.get_by_role("button", name="Record as not accepted", exact=True).click()
    expect(page).to_have_url(url_of(site, registration_path + "niet-aanvaard/"))
    expect(page.locator(".form-errors")).to_be_visible()
    expect(page.locator("#id_reason_error")).to_have_text(
        "Give the reason why the registration is not accepted."
    )
    axe.assert_no_violations(page)

    # Accepted after all: the traject's page.
    page.goto(site.url + registration_path + "aanvaarden/")
    page.get_by_label("Note (optional)").fill(NOTE)
    page.get_by_role("button", name="Accept and start the traject", exact=True).click()
    expect(page).to_have_url(url_of(site, traject_path))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Traject {reference}")
    axe.assert_no_violations(page)

    # The stop form with its error: "Other" without a note.
    page.get_by_role("link", name="Stop the traject", exact=True).click()
    expect(page).to_have_url(url_of(site, traject_path + "stoppen/"))
    page.get_by_label("Other", exact=True).check()
    page.get_by_role("button", name="Stop the traject", exact=True).click()
    expect(page.locator("#id_note_error")).to_have_text("Say in the note why the traject stops.")
    axe.assert_no_violations(page)

    # ... and without any reason: the error is on the group of choices.
    page.goto(site.url + traject_path + "stoppen/")
    page.get_by_role("button", name="Stop the traject", exact=True).click()
    expect(page.locator("#id_reason_error")).to_have_text("Choose a reason for stopping.")
    axe.assert_no_violations(page)

    # The list of trajects with one row.
    page.goto(site.url + "/en/staf/trajecten/")
    expect(page.locator("table.data-table tbody tr")).to_have_count(1)
    axe.assert_no_violations(page)
