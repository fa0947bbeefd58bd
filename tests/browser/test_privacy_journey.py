"""Issue 12's data-subject request in a real browser ("Done when").

A staff member of Antwerpen (password and authenticator code) opens Privacy from the staff
menu, finds a registrant by name, opens the registration's privacy page, exports it (the
printable page opens with the person's data after the password is asked again; the JSON
download follows) and requests the erasure with a reason. A colleague of the same region logs
in, finds the request under Privacy and confirms it (her password asked again). The
registration's page then shows it anonymised, its access log names who read it, and the figures
still count it. The administrator's retention page lists, after a dry run, a declined
registration past its period, by id. axe-core finds no violation on the new pages.

The pages are opened under /en/ so that the test can follow the links and buttons by their
(English) names, as a person would. The browser contexts bypass the Content-Security-Policy so
that axe-core can be injected as a script (the pages' own scripts still carry its nonce).
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import log_in, staff_with_authenticator

STAFF_EMAIL = "staf.privacy@kring.example"
COLLEAGUE_EMAIL = "collega.privacy@kring.example"
ADMIN_EMAIL = "admin.privacy@kring.example"
NAME = "Hilde Peeters"
EMAIL = "hilde.peeters@caw.example"


@dataclass(frozen=True)
class PrivacySite:
    url: str
    password: str
    staff_secret: str
    colleague_secret: str
    admin_secret: str
    registration_pk: int
    reference: str
    old_pk: int


@pytest.fixture
def privacy_site(kring_site) -> PrivacySite:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.utils import timezone

    from people.factories import UserFactory, postcode
    from people.roles import Role
    from trajects.factories import RegistrationFactory
    from trajects.models import RegistrationStatus

    staff_secret = staff_with_authenticator(STAFF_EMAIL, "antwerpen")
    colleague_secret = staff_with_authenticator(COLLEAGUE_EMAIL, "antwerpen")
    admin = UserFactory(
        email=ADMIN_EMAIL, roles=[Role.ADMINISTRATOR], is_staff=True, is_superuser=True
    )
    admin_secret = generate_totp_secret()
    TOTP.activate(admin, admin_secret)
    registration = RegistrationFactory(
        registrant_name=NAME, core_name=NAME, registrant_email=EMAIL, postcode=postcode("2000")
    )
    old = RegistrationFactory(
        postcode=postcode("2000"),
        status=RegistrationStatus.NOT_ACCEPTED,
        created_at=timezone.now() - datetime.timedelta(days=400),
    )
    return PrivacySite(
        url=kring_site.url,
        password=kring_site.password,
        staff_secret=staff_secret,
        colleague_secret=colleague_secret,
        admin_secret=admin_secret,
        registration_pk=registration.pk,
        reference=registration.reference,
        old_pk=old.pk,
    )


def _reauthenticate(page: Page, password: str) -> None:
    """allauth's "enter your password again" page: the password, then on to where we were."""
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    form = page.locator('form:has(input[name="password"])')
    form.locator('input[name="password"]').fill(password)
    form.locator('button[type="submit"]').click()


def _registrations_counted(email: str) -> int:
    from django.utils import timezone

    from people.models import User
    from trajects.figures.selectors import Period, figures

    today = timezone.localdate()
    period = Period(start=today - datetime.timedelta(days=30), end=today)
    return figures(user=User.objects.get(email=email), period=period).registrations


def test_staff_export_and_erase_a_registration_a_colleague_confirms(
    browser: Browser, privacy_site: PrivacySite, axe
) -> None:
    from people.audit.models import AccessAction, AccessEvent
    from people.privacy.models import ErasureRequest
    from trajects.models import Registration

    site = privacy_site
    counted = _registrations_counted(STAFF_EMAIL)

    # --- The staff member finds the registrant and exports what Kring holds -----------------
    context = browser.new_context(locale="en-BE", accept_downloads=True)
    page = context.new_page()
    log_in(page, site.url, STAFF_EMAIL, site.password, site.staff_secret)
    page.goto(site.url + "/en/staf/aanmeldingen/")
    page.get_by_role("navigation", name="Staff area").get_by_role("link", name="Privacy").click()
    expect(page.get_by_role("heading", level=1, name="Privacy")).to_be_visible()
    axe.assert_no_violations(page)
    page.get_by_label("Name, e-mail address, phone number or reference").fill("peeters")
    page.get_by_role("button", name="Search").click()
    results = page.locator("section.privacy-results")
    expect(results).to_have_count(1)
    results.get_by_role("link", name=re.compile(site.reference)).click()
    expect(page).to_have_url(re.compile(rf"/en/staf/privacy/registration/{site.registration_pk}/$"))
    expect(page.get_by_role("heading", name="What Kring holds")).to_be_visible()
    axe.assert_no_violations(page)

    page.get_by_role("link", name="Export as readable page (HTML, printable)").click()
    _reauthenticate(page, site.password)
    expect(page).to_have_url(re.compile(r"/export/$"))
    expect(page.locator("main")).to_contain_text(NAME)
    expect(page.locator("main")).to_contain_text(EMAIL)
    axe.assert_no_violations(page)

    page.get_by_role("link", name="Back to the record").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export as JSON").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".json")
    exported = json.loads(open(download.path(), encoding="utf-8").read())  # noqa: SIM115
    assert exported["kind"] == "registration"
    assert NAME in json.dumps(exported, ensure_ascii=False)

    # --- ... and asks to erase it --------------------------------------------------------
    page.get_by_label("Reason").fill("The registrant asked by e-mail to be forgotten.")
    page.get_by_label("I understand that the erasure cannot be undone.").check()
    page.get_by_role("button", name="Request erasure").click()
    expect(page.locator(".messages")).to_contain_text("A colleague must confirm it")
    expect(page.get_by_test_id("erasure-pending")).to_be_visible()
    assert ErasureRequest.objects.filter(done_at__isnull=True).count() == 1
    context.close()

    # --- A colleague confirms --------------------------------------------------------------
    context = browser.new_context(locale="en-BE")
    page = context.new_page()
    log_in(page, site.url, COLLEAGUE_EMAIL, site.password, site.colleague_secret)
    page.goto(site.url + "/en/staf/privacy/")
    request_row = page.locator("tr[id^='erasure-request-']")
    expect(request_row).to_have_count(1)
    axe.assert_no_violations(page)
    request_row.get_by_role("button", name=re.compile("^Confirm and erase")).click()
    _reauthenticate(page, site.password)
    expect(page.locator(".messages")).to_contain_text("the record has been erased")
    expect(page.locator("tr[id^='erasure-request-']")).to_have_count(0)

    # The registration's page shows it anonymised, and who read it.
    page.goto(site.url + f"/en/staf/aanmeldingen/{site.reference}/")
    main = page.locator("main")
    expect(main).not_to_contain_text(NAME)
    expect(main).not_to_contain_text(EMAIL)
    log = page.get_by_test_id("access-log")
    expect(log).to_be_visible()
    expect(log).to_contain_text("exported")
    page.get_by_role("link", name="Privacy: export or erase").click()
    expect(page.get_by_test_id("erased")).to_be_visible()
    expect(page.get_by_role("button", name="Request erasure")).to_have_count(0)
    context.close()

    registration = Registration.objects.get(pk=site.registration_pk)
    assert registration.anonymised_at is not None
    staff_events = AccessEvent.objects.about(registration).filter(actor__email=STAFF_EMAIL)
    assert set(staff_events.values_list("action", flat=True)) >= {
        AccessAction.VIEW,
        AccessAction.EXPORT,
    }
    assert (
        AccessEvent.objects.about(registration)
        .filter(actor__email=COLLEAGUE_EMAIL, action=AccessAction.ERASE)
        .exists()
    )
    # The figures keep counting the anonymised registration.
    assert _registrations_counted(STAFF_EMAIL) == counted

    # --- The administrator's retention dry run lists what it would anonymise ---------------
    context = browser.new_context(locale="en-BE")
    page = context.new_page()
    log_in(page, site.url, ADMIN_EMAIL, site.password, site.admin_secret)
    page.goto(site.url + "/en/staf/privacy/")
    page.get_by_role("link", name="Retention periods and runs").click()
    page.get_by_role("button", name="Dry run now").click()
    expect(page.locator(".messages")).to_contain_text("Dry run done")
    run = page.get_by_test_id("retention-run").first
    expect(run).to_contain_text(f"#{site.old_pk}")
    axe.assert_no_violations(page)
    context.close()
    assert Registration.objects.get(pk=site.old_pk).anonymised_at is None
