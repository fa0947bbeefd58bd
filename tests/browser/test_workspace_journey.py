"""The coordinator's workspace in a real browser: a certified coordinator in Antwerpen, proposed by
staff and who said yes (through the matching services), opens "My trajects" and the traject,
ticks the checklist, adds a participant (after a first try without a name), contacts and
confirms them, plans the conference (a date before the registration is refused next to the
date; an hour ago is fine), marks it held with the private time, records the plan (a text file
named .pdf is refused; then a PDF, one action and the three checks), distributes it and
downloads the document. axe-core checks the workspace in each phase and with errors shown.

The pages are opened under /en/ so that the test can follow the links and buttons by their
(English) names, as a person would. The browser keeps the wall clock, so the dates are relative
to it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import authenticator_for, log_in

PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


@dataclass(frozen=True)
class WorkspaceSite:
    url: str
    email: str
    password: str
    secret: str
    reference: str
    municipality: str


@pytest.fixture
def workspace_site(kring_site) -> WorkspaceSite:
    """A traject in preparation with the site's coordinator, who got a valid certificate, was
    proposed by the Antwerpen staff and accepted (so they have an authenticator); registered five
    days ago."""
    from django.utils import timezone

    from people.factories import StaffFactory, postcode, region
    from people.models import User
    from training.certificates.services import certificate_issue
    from training.factories import TrackFactory
    from trajects.factories import RegistrationFactory
    from trajects.intake.services import registration_accept, registration_intake_start
    from trajects.matching.services import proposal_accept, proposal_make

    staff = StaffFactory(
        email="staf.antwerpen.workspace@kring.example", regions=[region("antwerpen")]
    )
    coordinator = User.objects.get(email=kring_site.coordinator_email)
    certificate_issue(
        user=coordinator,
        track=TrackFactory(code="matching-basis"),
        issued_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    registration = RegistrationFactory(
        postcode=postcode("2000"), created_at=timezone.now() - datetime.timedelta(days=5)
    )
    registration_intake_start(registration=registration, by=staff)
    traject = registration_accept(registration=registration, by=staff)
    proposal = proposal_make(traject=traject, coordinator=coordinator, by=staff)
    proposal_accept(proposal=proposal, by=coordinator)
    return WorkspaceSite(
        url=kring_site.url,
        email=kring_site.coordinator_email,
        password=kring_site.password,
        secret=authenticator_for(coordinator),
        reference=registration.reference,
        municipality=registration.municipality,
    )


def at_page(site: WorkspaceSite, path: str) -> re.Pattern[str]:
    """The page's address, with or without a section's fragment (no query string)."""
    return re.compile("^" + re.escape(site.url + path) + "(#[-a-z]+)?$")


def local(moment: datetime.datetime) -> datetime.datetime:
    from django.utils import timezone

    return timezone.localtime(moment)


def test_a_coordinator_works_through_the_workspace(
    page: Page, workspace_site: WorkspaceSite, axe, tmp_path: Path
) -> None:
    site = workspace_site
    reference = site.reference
    workspace = f"/en/portaal/trajecten/{reference}/"
    log_in(page, site.url, site.email, site.password, site.secret)

    # "My trajects" in the portal's menu, then the traject.
    page.goto(site.url + "/en/portaal/")
    page.get_by_role("navigation", name="My training").get_by_role(
        "link", name="My trajects", exact=True
    ).click()
    expect(page).to_have_url(at_page(site, "/en/portaal/trajecten/"))
    page.get_by_role("link", name=f"{reference}, {site.municipality}", exact=True).click()

    # Phase 1: the preparation.
    expect(page).to_have_url(at_page(site, workspace))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Traject {reference}")
    expect(page.locator('.phase-route [aria-current="step"]')).to_contain_text("Preparation")
    axe.assert_no_violations(page)

    page.get_by_label("Meet the core person and the family", exact=True).check()
    page.get_by_label("Gather and motivate the participants", exact=True).check()
    page.get_by_role("button", name="Save the checklist", exact=True).click()
    expect(page).to_have_url(at_page(site, workspace))
    expect(page.locator(".messages")).to_contain_text("The checklist has been saved.")
    expect(page.get_by_label("Meet the core person and the family", exact=True)).to_be_checked()
    expect(
        page.get_by_label("Prepare the professionals who will bring information")
    ).not_to_be_checked()

    # A participant without a name: refused next to the name, the rest kept.
    page.get_by_label("How to reach them (optional)").fill("0470 11 22 33")
    page.get_by_role("button", name="Add the participant", exact=True).click()
    expect(page.locator("#id_name_error")).to_have_text("Fill in the participant's name.")
    expect(page.locator("#id_name")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("How to reach them (optional)")).to_have_value("0470 11 22 33")
    axe.assert_no_violations(page)

    page.get_by_label("Name:", exact=True).fill("Aunt Rita")
    page.get_by_label("Family", exact=True).check()
    page.get_by_role("button", name="Add the participant", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("The participant has been added.")
    row = page.locator("table.participant-table tbody tr", has_text="Aunt Rita")
    expect(row).to_contain_text("To invite")

    # Contacted beforehand, then confirmed: each time only the next states are offered.
    state = row.get_by_label("Next state for Aunt Rita")
    expect(state.locator("option")).to_have_text(["Contacted beforehand", "Declined"])
    state.select_option(label="Contacted beforehand")
    row.get_by_role("button", name="Save the state of Aunt Rita").click()
    expect(page.locator(".messages")).to_contain_text("Aunt Rita: Contacted beforehand.")
    expect(row).to_contain_text("contacted on")
    row.get_by_label("Next state for Aunt Rita").select_option(label="Confirmed")
    row.get_by_role("button", name="Save the state of Aunt Rita").click()
    expect(page.locator(".messages")).to_contain_text("Aunt Rita: Confirmed.")
    expect(row.locator(".status-badge")).to_have_text("Confirmed")

    # The conference: a date before the registration is refused next to the date.
    from django.utils import timezone

    too_early = local(timezone.now() - datetime.timedelta(days=10))
    conference = page.locator("form", has=page.get_by_label("Place:", exact=True))
    conference.get_by_label("Date:", exact=True).fill(too_early.date().isoformat())
    conference.get_by_label("Time:", exact=True).fill("14:00")
    conference.get_by_label("Place:", exact=True).fill("Het buurthuis, Kerkstraat 1")
    conference.get_by_label("An interpreter is arranged").check()
    page.get_by_role("button", name="Save the conference", exact=True).click()
    expect(page.locator("#id_date_error")).to_have_text(
        "The conference cannot be before the registration."
    )
    expect(page.get_by_label("Place:", exact=True)).to_have_value("Het buurthuis, Kerkstraat 1")
    axe.assert_no_violations(page)

    # An hour ago: planned (the browser keeps the wall clock), and it can be marked as held.
    an_hour_ago = local(timezone.now() - datetime.timedelta(hours=1))
    page.get_by_label("Date:", exact=True).fill(an_hour_ago.date().isoformat())
    page.get_by_label("Time:", exact=True).fill(an_hour_ago.strftime("%H:%M"))
    page.get_by_role("button", name="Save the conference", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("The conference has been planned.")
    expect(page.locator('.phase-route [aria-current="step"]')).to_contain_text("Conference planned")
    expect(page.get_by_text("nothing of what is said there is recorded")).to_be_visible()
    axe.assert_no_violations(page)

    page.get_by_label("Private time began at (optional)").fill("15:00")
    page.get_by_label("Private time ended at (optional)").fill("16:10")
    page.get_by_role("button", name="Mark as held", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("The conference has been recorded as held.")
    expect(page.get_by_text("from 15:00 to 16:10")).to_be_visible()

    # The plan: a text file named .pdf is refused next to the document, the rest kept.
    fake = tmp_path / "plan.pdf"
    fake.write_bytes(b"Just some notes, not a PDF.\n")
    page.get_by_label("The plan as a document (optional)").set_input_files(str(fake))
    page.get_by_label("What, action 1").fill("Children to grandmother on Wednesdays")
    page.get_by_label("Who, action 1").fill("Grandmother")
    page.get_by_role("group", name="Is the plan safe?").get_by_label("Yes", exact=True).check()
    page.get_by_label("Note on safety").fill("Grandmother lives two streets away.")
    page.get_by_role("group", name="Is the plan legal?").get_by_label("Yes", exact=True).check()
    page.get_by_label("Note on legality").fill("Nothing against the law.")
    page.get_by_role("group", name="Is the plan workable?").get_by_label(
        "Yes, after adjusting the plan", exact=True
    ).check()
    page.get_by_label("Note on workability").fill("The uncle drives only at weekends.")
    page.get_by_label("Who reconvenes the network if the plan needs adjusting").fill("The aunt")
    page.get_by_role("button", name="Save the plan", exact=True).click()
    expect(page.locator("#id_document_error")).to_have_text(
        "Upload the plan as a PDF, Word (.docx) or OpenDocument (.odt) file."
    )
    expect(page.get_by_label("What, action 1")).to_have_value(
        "Children to grandmother on Wednesdays"
    )
    expect(
        page.get_by_label("Who reconvenes the network if the plan needs adjusting")
    ).to_have_value("The aunt")
    axe.assert_no_violations(page)

    # A real PDF (a browser never keeps a chosen file after a refusal: choose it again).
    real = tmp_path / "Plan van de familie.pdf"
    real.write_bytes(PDF)
    page.get_by_label("The plan as a document (optional)").set_input_files(str(real))
    page.get_by_role("button", name="Save the plan", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("The plan has been saved.")
    expect(page.locator('.phase-route [aria-current="step"]')).to_contain_text("Plan made")
    expect(page.get_by_role("link", name="Download the plan (PDF)")).to_be_visible()
    axe.assert_no_violations(page)

    # Distribute it: the coordinator's task ends, the workspace can be read only.
    page.get_by_label("To whom was the plan distributed?").fill("Everyone who attended")
    page.get_by_role("button", name="Distribute the plan", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("The plan has been distributed.")
    expect(page.locator('.phase-route [aria-current="step"]')).to_contain_text("Plan distributed")
    expect(page.get_by_role("button", name="Save the checklist")).to_have_count(0)
    expect(page.get_by_role("button", name="Save the plan")).to_have_count(0)
    expect(page.get_by_role("button", name="Add the participant")).to_have_count(0)
    expect(page.locator("#follow-up ~ dl")).to_contain_text("Due on")
    expect(
        page.get_by_role("button", name="Record the follow-up and close the traject")
    ).to_be_visible()
    axe.assert_no_violations(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the plan (PDF)").click()
    assert download.value.suggested_filename == f"plan-{reference}.pdf"
    assert Path(download.value.path()).read_bytes() == PDF

    # The follow-up without an outcome: the error at the group of choices.
    page.get_by_role("button", name="Record the follow-up and close the traject").click()
    expect(page.locator("#id_outcome_error")).to_have_text("Choose how the plan was carried out.")
    axe.assert_no_violations(page)
