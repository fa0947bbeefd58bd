"""The access log in a real browser: the administrator (password and authenticator code) opens
a registration, finds who opened it at the end of its page, follows the staff area's menu to
the access log, searches it, and gets a wrong period back with the message next to the field;
axe-core finds no violation on the record's page and on the search (with rows and with an
error). Pages under /en/, so links are followed by their English names."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in

ADMIN_EMAIL = "beheer.toegangslog@kring.example"


@pytest.fixture
def audit_site(kring_site):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from people.factories import UserFactory, postcode
    from people.roles import Role
    from trajects.factories import RegistrationFactory

    admin = UserFactory(
        email=ADMIN_EMAIL,
        first_name="Ada",
        last_name="Beheer",
        roles=[Role.ADMINISTRATOR],
        is_staff=True,
        is_superuser=True,
    )
    secret = generate_totp_secret()
    TOTP.activate(admin, secret)
    registration = RegistrationFactory(postcode=postcode("2000"))
    return kring_site, secret, registration.reference


def test_the_administrator_reads_a_records_log_and_searches_the_access_log(
    page: Page, audit_site, axe
) -> None:
    site, secret, reference = audit_site
    log_in(page, site.url, ADMIN_EMAIL, site.password, secret)

    page.goto(site.url + f"/en/staf/aanmeldingen/{reference}/")
    log = page.get_by_test_id("access-log")
    expect(log.get_by_role("heading", name="Access log")).to_be_visible()
    expect(log.get_by_role("cell", name="Ada Beheer")).to_be_visible()
    axe.assert_no_violations(page)

    page.get_by_role("navigation", name="Staff area").get_by_role("link", name="Access log").click()
    expect(page.get_by_role("heading", level=1, name="Access log")).to_be_visible()
    page.get_by_label("What").select_option("view")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".result-count")).to_have_text("1 event")
    expect(
        page.get_by_role("cell", name="Ada Beheer (beheer.toegangslog@kring.example)")
    ).to_be_visible()
    axe.assert_no_violations(page)

    page.get_by_label("From").fill("2026-05-10")
    page.get_by_label("Until").fill("2026-05-01")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#id_until_error")).to_contain_text(
        "The end date lies before the start date."
    )
    expect(page.get_by_label("From")).to_have_value("2026-05-10")
    axe.assert_no_violations(page)
