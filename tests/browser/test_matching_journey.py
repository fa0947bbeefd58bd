"""Matching in a real browser: the Antwerpen staff member (password and authenticator code) opens
a traject that looks for a coordinator from the list of trajects, clicks "Find a coordinator",
proposes a certified coordinator from the shortlist and is back on the traject's page with the
confirmation. The coordinator, in a browser of their own, opens "My trajects" in the portal's
menu, opens the proposal (the municipality, not the family's name), accepts it and lands on the
traject's page in the portal, which now shows the core person's name. axe-core checks the
shortlist, the proposal page and the workspace page.

The pages are opened under /en/ so that the test can follow the links and buttons by their
(English) names, as a person would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import authenticator_for
from tests.browser.conftest import log_in as browser_log_in

CORE_NAME = "Samira El Amrani"
QUESTION = "Samira wil met haar familie een plan maken voor de zorg voor de kinderen."
MUNICIPALITY = "Berchem"


@dataclass(frozen=True)
class MatchingSite:
    url: str
    password: str
    reference: str
    staff_email: str
    staff_secret: str
    coordinator_email: str
    coordinator_secret: str
    coordinator_name: str


@pytest.fixture
def matching_site(kring_site) -> MatchingSite:
    """A traject in Berchem (Antwerpen) looking for a coordinator, Antwerpen staff with an
    authenticator whose secret the test knows, and the site's coordinator with a valid
    certificate of a track that qualifies for matching and an authenticator (a traject of their
    own asks for one)."""
    from people.factories import StaffFactory, postcode, region
    from people.models import User
    from training.factories import CertificateFactory, TrackFactory
    from trajects.factories import RegistrationFactory
    from trajects.intake.services import registration_accept, registration_intake_start

    antwerpen = region("antwerpen")
    staff = StaffFactory(email="staf.antwerpen.matching@kring.example", regions=[antwerpen])
    secret = authenticator_for(staff)

    coordinator = User.objects.get(email=kring_site.coordinator_email)
    CertificateFactory(user=coordinator, track=TrackFactory(code="matching-browser"))
    coordinator_secret = authenticator_for(coordinator)

    registration = RegistrationFactory(
        postcode=postcode("2600"),
        municipality=MUNICIPALITY,
        core_name=CORE_NAME,
        registrant_name=CORE_NAME,
        question=QUESTION,
    )
    registration_intake_start(registration=registration, by=staff)
    registration_accept(registration=registration, by=staff)
    return MatchingSite(
        url=kring_site.url,
        password=kring_site.password,
        reference=registration.reference,
        staff_email=staff.email,
        staff_secret=secret,
        coordinator_email=coordinator.email,
        coordinator_secret=coordinator_secret,
        coordinator_name=coordinator.get_full_name(),
    )


def url_of(site: MatchingSite, path: str) -> re.Pattern[str]:
    """The page's whole address (no query string, no fragment)."""
    return re.compile("^" + re.escape(site.url + path) + "$")


def main_menu(page: Page):
    return page.get_by_role("navigation", name="Main menu")


def test_staff_propose_a_coordinator_who_accepts(page: Page, new_context, matching_site, axe):
    site = matching_site
    reference = site.reference
    traject_path = f"/en/staf/trajecten/{reference}/"

    # The Antwerpen staff member logs in, goes to the staff area and its list of trajects.
    browser_log_in(page, site.url, site.staff_email, site.password, site.staff_secret)
    page.goto(site.url + "/en/")
    main_menu(page).get_by_role("link", name="Staff area", exact=True).click()
    expect(page).to_have_url(url_of(site, "/en/staf/aanmeldingen/"))
    page.get_by_role("navigation", name="Staff area").get_by_role(
        "link", name="Trajects", exact=True
    ).click()
    expect(page).to_have_url(url_of(site, "/en/staf/trajecten/"))
    rows = page.locator("table.data-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Matching")
    rows.get_by_role("link", name=reference, exact=True).click()

    # The traject's page: nobody asked yet.
    expect(page).to_have_url(url_of(site, traject_path))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Traject {reference}")
    expect(page.get_by_text("No coordinator has been asked yet.")).to_be_visible()
    page.get_by_role("link", name="Find a coordinator", exact=True).click()

    # The shortlist: the certified coordinator, with the reasons for their place.
    expect(page).to_have_url(url_of(site, traject_path + "koppelen/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Find a coordinator for {reference}")
    expect(page.locator(".result-count")).to_have_text("1 of 1 coordinators can be proposed now")
    candidate = page.locator("table.shortlist tbody tr").filter(
        has=page.get_by_role("rowheader", name=site.coordinator_name, exact=True)
    )
    expect(candidate).to_have_count(1)
    expect(candidate).to_contain_text("Works in the region")
    expect(candidate).to_contain_text("Valid certificate")
    axe.assert_no_violations(page)
    candidate.get_by_role("button", name=f"Propose {site.coordinator_name}", exact=True).click()

    # Back on the traject's page, with the confirmation; the proposal can be withdrawn.
    expect(page).to_have_url(url_of(site, traject_path))
    expect(page.locator(".messages")).to_contain_text(
        f"{site.coordinator_name} has been asked by e-mail"
    )
    expect(
        page.get_by_text(f"{site.coordinator_name} has been asked and can answer until")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Withdraw the proposal", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Find a coordinator", exact=True)).to_have_count(0)

    # The coordinator, in a browser of their own, opens "My trajects" in the portal's menu.
    coordinator_page = new_context().new_page()
    browser_log_in(
        coordinator_page,
        site.url,
        site.coordinator_email,
        site.password,
        site.coordinator_secret,
    )
    coordinator_page.goto(site.url + "/en/")
    main_menu(coordinator_page).get_by_role("link", name="My training", exact=True).click()
    expect(coordinator_page).to_have_url(url_of(site, "/en/portaal/"))
    coordinator_page.get_by_role("navigation", name="My training").get_by_role(
        "link", name="My trajects", exact=True
    ).click()
    expect(coordinator_page).to_have_url(url_of(site, "/en/portaal/trajecten/"))
    expect(coordinator_page.get_by_role("heading", level=1)).to_have_text("My trajects")
    expect(coordinator_page.locator("main")).not_to_contain_text(CORE_NAME)
    coordinator_page.get_by_role("link", name=f"A traject in {MUNICIPALITY}", exact=True).click()

    # The proposal: where and in which language, not who.
    expect(coordinator_page).to_have_url(re.compile(r"/en/portaal/trajecten/voorstel/\d+/$"))
    expect(coordinator_page.get_by_role("heading", level=1)).to_have_text(
        "A traject is proposed to you"
    )
    expect(coordinator_page.locator(".detail-list")).to_contain_text(MUNICIPALITY)
    expect(coordinator_page.locator("main")).not_to_contain_text(CORE_NAME)
    expect(coordinator_page.locator("main")).not_to_contain_text(QUESTION)
    axe.assert_no_violations(coordinator_page)
    coordinator_page.get_by_role("button", name="Accept the traject", exact=True).click()

    # The traject's page in the portal, with the family's details.
    expect(coordinator_page).to_have_url(url_of(site, f"/en/portaal/trajecten/{reference}/"))
    expect(coordinator_page.get_by_role("heading", level=1)).to_have_text(f"Traject {reference}")
    expect(coordinator_page.locator(".messages")).to_contain_text(
        "Thank you: the traject is yours."
    )
    expect(coordinator_page.locator(".detail-list").first).to_contain_text(CORE_NAME)
    expect(coordinator_page.locator("main")).to_contain_text(QUESTION)
    axe.assert_no_violations(coordinator_page)

    # Staff see the coordinator on the traject, now in preparation.
    page.reload()
    expect(page.locator(".detail-summary")).to_contain_text("Preparation")
    expect(page.locator(".detail-list")).to_contain_text(site.coordinator_name)
