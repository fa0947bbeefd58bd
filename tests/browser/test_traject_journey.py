"""Issue 10's whole journey in a real browser, from a registration to a closed traject that the
figures count.

A registration in Antwerpen comes in through the form's service (its confirmation e-mail gives
the registrant the status link). The registrant, in a browser of their own, opens that link
after every step and sees it follow: received, in intake, coordinator found, conference
planned, plan made, closed. The Antwerpen staff member (password and authenticator code) reads
the figures first, takes the registration into intake, accepts it, and proposes a certified
coordinator from the shortlist. The coordinator, in a third browser, accepts the proposal in
the portal, ticks the checklist, records the agreed question, adds two participants (each
contacted beforehand and confirmed) and plans the conference a week ahead.

Then the clock moves (time-machine, in every thread of the process: the live server too; the
browsers come back with a fresh log-in, as after a week or a month): on the conference's day
the coordinator marks it held, records the plan (a PDF, an action, the three checks) and
distributes it; no follow-up reminder goes out that day. A month later the reminder service
(``trajects/workspace/reminders.py``) e-mails the coordinator, who follows the e-mail's link,
records the outcome, and the traject closes. The staff member finds it closed, and the figures
for the same period and region count it once more than before (axe-core finds no violation
there). A second coordinator and a staff member of Limburg get 404 on the traject.

The pages are opened under /en/ so that the test can follow the links and buttons by their
(English) names, as a person would.
"""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.browser.conftest import authenticator_for, log_in, staff_with_authenticator

BRUSSELS = ZoneInfo("Europe/Brussels")
CORE_NAME = "Samira El Amrani"
REGISTRANT_EMAIL = "hilde.peeters@caw.example"
MUNICIPALITY = "Antwerpen"
STAFF_EMAIL = "staf.antwerpen.traject@kring.example"
OTHER_STAFF_EMAIL = "staf.limburg.traject@kring.example"
OTHER_COORDINATOR_EMAIL = "tweede.coordinator.traject@kring.example"
NOTE = "Gebeld met de aanmelder en met Samira: de familie wil een conferentie."
PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
# The figures that this traject adds to, read before and after: (table, row).
COUNTED = (
    ("Key figures", "Trajects started"),
    ("Key figures", "Conferences held"),
    ("Key figures", "Plans made"),
    ("Key figures", "Plans distributed"),
    ("Follow-up outcomes", "Carried out fully"),
)


@dataclass(frozen=True)
class JourneySite:
    url: str
    password: str
    status_path: str  # the status link's path, as the confirmation e-mail gives it
    reference: str
    staff_secret: str
    other_staff_secret: str
    coordinator_email: str
    coordinator_secret: str
    coordinator_name: str


@pytest.fixture
def journey_site(kring_site) -> JourneySite:
    """A registration in Antwerpen sent through the form's service in Dutch (so its
    confirmation e-mail, with the status link, is written); staff of Antwerpen and of Limburg
    with authenticators; the site's coordinator with a valid certificate of a track that
    qualifies for matching and an authenticator, and a second coordinator in Antwerpen."""
    from django.utils import timezone

    from people.factories import CoordinatorFactory, region
    from people.models import User
    from tests.trajects.conftest import form_data
    from training.certificates.services import certificate_issue
    from training.factories import TrackFactory
    from trajects.forms import RegistrationForm
    from trajects.services import registration_submit

    form = RegistrationForm(
        form_data(core_name=CORE_NAME, registrant_email=REGISTRANT_EMAIL, municipality=MUNICIPALITY)
    )
    assert form.is_valid(), form.errors
    registration, _created = registration_submit(
        data=form.submitted_data(), submission_token=uuid.uuid4(), language="nl"
    )
    (confirmation,) = [message for message in mail.outbox if message.to == [REGISTRANT_EMAIL]]
    match = re.search(r"http://testserver(/aanvraag/[A-Za-z0-9_-]{43}/)", confirmation.body)
    assert match, confirmation.body

    coordinator = User.objects.get(email=kring_site.coordinator_email)
    certificate_issue(
        user=coordinator,
        track=TrackFactory(code="matching-basis"),
        issued_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    CoordinatorFactory(email=OTHER_COORDINATOR_EMAIL, regions=[region("antwerpen")])
    return JourneySite(
        url=kring_site.url,
        password=kring_site.password,
        status_path=match.group(1),
        reference=registration.reference,
        staff_secret=staff_with_authenticator(STAFF_EMAIL, "antwerpen"),
        other_staff_secret=staff_with_authenticator(OTHER_STAFF_EMAIL, "limburg"),
        coordinator_email=coordinator.email,
        coordinator_secret=authenticator_for(coordinator),
        coordinator_name=coordinator.get_full_name(),
    )


def url_of(site: JourneySite, path: str) -> re.Pattern[str]:
    """The page's address, with or without a section's fragment (no query string)."""
    return re.compile("^" + re.escape(site.url + path) + "(#[-a-z]+)?$")


def brussels(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BRUSSELS)


def expect_status(page: Page, site: JourneySite, step: str, next_text: str) -> None:
    """The registrant opens their link again (in English): ``step`` is the one marked now."""
    response = page.goto(site.url + "/en" + site.status_path)
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Where your question stands")
    current = page.locator('ol.status-steps > li[aria-current="step"]')
    expect(current).to_have_count(1)
    expect(current.locator(".status-steps__label")).to_have_text(step)
    expect(page.locator(".status-next")).to_contain_text(next_text)
    expect(page.locator("body")).not_to_contain_text(CORE_NAME)
    expect(page.locator("body")).not_to_contain_text(site.reference)


def staff_menu(page: Page):
    return page.get_by_role("navigation", name="Staff area")


def show_figures(page: Page, site: JourneySite, start: datetime.date, end: datetime.date) -> None:
    """The figures from the staff menu, for the period ``start``-``end``."""
    staff_menu(page).get_by_role("link", name="Figures", exact=True).click()
    expect(page).to_have_url(re.compile("^" + re.escape(site.url + "/en/staf/rapport/")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Figures")
    page.get_by_label("From:", exact=True).fill(start.isoformat())
    page.get_by_label("Up to and including:", exact=True).fill(end.isoformat())
    page.get_by_role("button", name="Show the figures", exact=True).click()
    expect(page).to_have_url(re.compile(r"date_to=" + end.isoformat()))
    # A staff member of one region chooses none: the figures are Antwerpen's, and say so.
    expect(page.get_by_label("Region", exact=True)).to_have_count(0)
    scope = page.locator(".figures-scope")
    expect(scope.locator("div", has_text="Region")).to_contain_text("Antwerp")


def counted(page: Page) -> dict[tuple[str, str], int]:
    """The figures of ``COUNTED`` on the figures page."""
    numbers = {}
    for table_name, row_name in COUNTED:
        row = (
            page.get_by_role("table", name=table_name, exact=True)
            .get_by_role("row")
            .filter(has=page.get_by_role("rowheader", name=row_name, exact=True))
        )
        expect(row).to_have_count(1)
        numbers[(table_name, row_name)] = int(row.locator("td").first.inner_text().strip())
    return numbers


def route_step(page: Page):
    return page.locator('.phase-route [aria-current="step"]')


def test_a_registration_goes_the_whole_route_to_a_closed_traject(
    page: Page, new_context, journey_site: JourneySite, axe, tmp_path: Path, time_machine
) -> None:
    from dateutil.relativedelta import relativedelta
    from django.utils import timezone

    from trajects.workspace.reminders import follow_ups_remind_due

    site = journey_site
    reference = site.reference
    registration_path = f"/en/staf/aanmeldingen/{reference}/"
    traject_path = f"/en/staf/trajecten/{reference}/"
    workspace = f"/en/portaal/trajecten/{reference}/"
    today = timezone.localdate()
    period = (today - datetime.timedelta(days=7), today + datetime.timedelta(days=60))
    conference_day = today + datetime.timedelta(days=7)

    # 1. The registrant opens the link from the confirmation e-mail: received.
    registrant = new_context().new_page()
    expect_status(registrant, site, "Received", "We have received the question.")

    # 2. The Antwerpen staff member logs in and reads the figures before anything happens.
    log_in(page, site.url, STAFF_EMAIL, site.password, site.staff_secret)
    page.goto(site.url + "/en/staf/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    show_figures(page, site, *period)
    before = counted(page)

    # The registration, from the staff area's inbox: into intake.
    staff_menu(page).get_by_role("link", name="Registrations", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrations")
    page.get_by_role("link", name=reference, exact=True).click()
    expect(page).to_have_url(url_of(site, registration_path))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Registration {reference}")
    page.get_by_role("link", name="Take into intake", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Take into intake: {reference}")
    page.get_by_role("button", name="Take into intake", exact=True).click()
    expect(page).to_have_url(url_of(site, registration_path))
    expect(page.locator(".messages")).to_contain_text("The registration is in intake.")
    expect_status(registrant, site, "In intake", "A staff member of the region is looking")

    # Accepted with a note: a traject, looking for a coordinator.
    page.get_by_role("link", name="Accept: start a traject", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Accept: start a traject: {reference}"
    )
    page.get_by_label("Note (optional)").fill(NOTE)
    page.get_by_role("button", name="Accept and start the traject", exact=True).click()
    expect(page).to_have_url(url_of(site, traject_path))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Traject {reference}")
    expect(page.locator(".messages")).to_contain_text("The registration has been accepted")
    expect(page.locator(".detail-summary")).to_contain_text("Matching")
    expect_status(registrant, site, "In intake", "The question has been accepted.")

    # 3. The shortlist: the certified coordinator is proposed.
    page.get_by_role("link", name="Find a coordinator", exact=True).click()
    expect(page).to_have_url(url_of(site, traject_path + "koppelen/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Find a coordinator for {reference}")
    candidate = page.locator("table.shortlist tbody tr").filter(
        has=page.get_by_role("rowheader", name=site.coordinator_name, exact=True)
    )
    expect(candidate).to_contain_text("Valid certificate")
    candidate.get_by_role("button", name=f"Propose {site.coordinator_name}", exact=True).click()
    expect(page).to_have_url(url_of(site, traject_path))
    expect(page.locator(".messages")).to_contain_text(
        f"{site.coordinator_name} has been asked by e-mail"
    )
    assert [m for m in mail.outbox if m.to == [site.coordinator_email]], "no proposal e-mail"

    # 4. The coordinator, in a browser of their own, accepts the proposal in the portal.
    coordinator = new_context().new_page()
    log_in(coordinator, site.url, site.coordinator_email, site.password, site.coordinator_secret)
    coordinator.goto(site.url + "/en/portaal/")
    coordinator.get_by_role("navigation", name="My training").get_by_role(
        "link", name="My trajects", exact=True
    ).click()
    expect(coordinator).to_have_url(url_of(site, "/en/portaal/trajecten/"))
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("My trajects")
    coordinator.get_by_role("link", name=f"A traject in {MUNICIPALITY}", exact=True).click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("A traject is proposed to you")
    coordinator.get_by_role("button", name="Accept the traject", exact=True).click()
    expect(coordinator).to_have_url(url_of(site, workspace))
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(f"Traject {reference}")
    expect(coordinator.locator(".messages")).to_contain_text("Thank you: the traject is yours.")
    expect(route_step(coordinator)).to_contain_text("Preparation")
    expect_status(registrant, site, "Coordinator found", "A volunteer coordinator has been found.")

    # 5. The preparation: the whole checklist, the agreed question, two participants.
    items = coordinator.locator(
        "form", has=coordinator.get_by_role("button", name="Save the checklist")
    )
    items = items.get_by_role("checkbox")
    expect(items.first).to_be_visible()
    for item in items.all():
        item.check()
    coordinator.get_by_role("button", name="Save the checklist", exact=True).click()
    expect(coordinator.locator(".messages")).to_contain_text("The checklist has been saved.")
    for item in items.all():
        expect(item).to_be_checked()

    coordinator.get_by_label("The question as agreed").fill(
        "Hoe zorgen we samen voor de kinderen wanneer Samira in het ziekenhuis ligt?"
    )
    coordinator.get_by_role("button", name="Save the question", exact=True).click()
    expect(coordinator.locator(".messages")).to_contain_text("The agreed question has been saved.")

    for name, relation in (("Tante Rita", "Family"), ("Buurman Jos", "Friend or neighbour")):
        coordinator.get_by_label("Name:", exact=True).fill(name)
        coordinator.get_by_label(relation, exact=True).check()
        coordinator.get_by_role("button", name="Add the participant", exact=True).click()
        expect(coordinator.locator(".messages")).to_contain_text("The participant has been added.")
        row = coordinator.locator("table.participant-table tbody tr", has_text=name)
        expect(row).to_contain_text("To invite")
        for state in ("Contacted beforehand", "Confirmed"):
            row.get_by_label(f"Next state for {name}").select_option(label=state)
            row.get_by_role("button", name=f"Save the state of {name}").click()
            expect(coordinator.locator(".messages")).to_contain_text(f"{name}: {state}.")
        expect(row.locator(".status-badge")).to_have_text("Confirmed")
        expect(row).to_contain_text("contacted on")

    # The conference, a week ahead.
    conference = coordinator.locator("form", has=coordinator.get_by_label("Place:", exact=True))
    conference.get_by_label("Date:", exact=True).fill(conference_day.isoformat())
    conference.get_by_label("Time:", exact=True).fill("14:00")
    conference.get_by_label("Place:", exact=True).fill("Het buurthuis, Kerkstraat 1, Antwerpen")
    coordinator.get_by_role("button", name="Save the conference", exact=True).click()
    expect(coordinator.locator(".messages")).to_contain_text("The conference has been planned.")
    expect(route_step(coordinator)).to_contain_text("Conference planned")
    expect_status(registrant, site, "Conference planned", "The conference has been planned.")

    # The conference's day, late afternoon: the coordinator comes back (a fresh log-in).
    time_machine.move_to(brussels(conference_day, 17), tick=True)
    coordinator.context.clear_cookies()
    log_in(coordinator, site.url, site.coordinator_email, site.password, site.coordinator_secret)
    coordinator.goto(site.url + "/en/portaal/trajecten/")
    coordinator.get_by_role("link", name=f"{reference}, {MUNICIPALITY}", exact=True).click()
    expect(coordinator).to_have_url(url_of(site, workspace))
    expect(route_step(coordinator)).to_contain_text("Conference planned")

    # Held, with the private time.
    coordinator.get_by_label("Private time began at (optional)").fill("15:00")
    coordinator.get_by_label("Private time ended at (optional)").fill("16:10")
    coordinator.get_by_role("button", name="Mark as held", exact=True).click()
    expect(coordinator.locator(".messages")).to_contain_text(
        "The conference has been recorded as held."
    )
    expect(coordinator.get_by_text("from 15:00 to 16:10")).to_be_visible()

    # The plan: a PDF, an action, the three checks each with a note, who reconvenes.
    document = tmp_path / "Plan van de familie.pdf"
    document.write_bytes(PDF)
    coordinator.get_by_label("The plan as a document (optional)").set_input_files(str(document))
    coordinator.get_by_label("What, action 1").fill("De kinderen gaan op woensdag naar oma")
    coordinator.get_by_label("Who, action 1").fill("Oma")
    for check, label in (("safe", "safety"), ("legal", "legality"), ("workable", "workability")):
        coordinator.get_by_role("group", name=f"Is the plan {check}?").get_by_label(
            "Yes", exact=True
        ).check()
        coordinator.get_by_label(f"Note on {label}").fill(
            f"Besproken tijdens de conferentie ({check})."
        )
    coordinator.get_by_label("Who reconvenes the network if the plan needs adjusting").fill(
        "Tante Rita"
    )
    coordinator.get_by_role("button", name="Save the plan", exact=True).click()
    expect(coordinator.locator(".messages")).to_contain_text("The plan has been saved.")
    expect(route_step(coordinator)).to_contain_text("Plan made")
    expect(coordinator.get_by_role("link", name="Download the plan (PDF)")).to_be_visible()
    expect_status(
        registrant, site, "Plan made", "The family and their network have made their plan."
    )

    # Distributed: the follow-up is due a month later; no reminder goes out today.
    coordinator.get_by_label("To whom was the plan distributed?").fill("Iedereen die er was")
    coordinator.get_by_role("button", name="Distribute the plan", exact=True).click()
    expect(coordinator.locator(".messages")).to_contain_text("The plan has been distributed.")
    expect(route_step(coordinator)).to_contain_text("Plan distributed")
    due_on = conference_day + relativedelta(months=1)
    expect(coordinator.locator("#follow-up ~ dl")).to_contain_text("Due on")
    assert follow_ups_remind_due(now=timezone.now()) == 0
    expect_status(
        registrant, site, "Plan made", "The family and their network have made their plan."
    )

    # 6. A month later, the reminder service's run that morning e-mails the coordinator.
    time_machine.move_to(brussels(due_on, 9, 15), tick=True)
    outbox_before = len(mail.outbox)
    assert follow_ups_remind_due(now=timezone.now()) == 1
    reminders = [m for m in mail.outbox[outbox_before:] if m.to == [site.coordinator_email]]
    assert len(reminders) == 1, [m.subject for m in mail.outbox[outbox_before:]]
    (reminder,) = reminders
    assert reference in reminder.subject
    assert CORE_NAME not in reminder.body
    link = re.search(r"http://testserver(/portaal/trajecten/[^/\s]+/)", reminder.body)
    assert link and link.group(1) == f"/portaal/trajecten/{reference}/", reminder.body
    assert follow_ups_remind_due(now=timezone.now()) == 0  # once only

    # The coordinator follows the e-mail's link (a fresh log-in), records the outcome: closed.
    coordinator.context.clear_cookies()
    log_in(coordinator, site.url, site.coordinator_email, site.password, site.coordinator_secret)
    coordinator.goto(site.url + "/en" + link.group(1))
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(f"Traject {reference}")
    expect(route_step(coordinator)).to_contain_text("Plan distributed")
    coordinator.get_by_label("Carried out fully", exact=True).check()
    coordinator.get_by_label("Note (optional)").fill("Oma haalt de kinderen elke woensdag op.")
    coordinator.get_by_role(
        "button", name="Record the follow-up and close the traject", exact=True
    ).click()
    expect(coordinator.locator(".messages")).to_contain_text(
        "The follow-up has been recorded and the traject is closed."
    )
    expect(coordinator.locator("#follow-up ~ dl")).to_contain_text("Carried out fully")
    expect(
        coordinator.get_by_role("button", name="Record the follow-up and close the traject")
    ).to_have_count(0)
    expect_status(registrant, site, "Closed", "The traject is complete")

    # 7. The staff member (a fresh log-in) finds the traject closed, and the figures count it.
    page.context.clear_cookies()
    log_in(page, site.url, STAFF_EMAIL, site.password, site.staff_secret)
    page.goto(site.url + "/en/staf/trajecten/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trajects")
    page.get_by_role("link", name=reference, exact=True).click()
    expect(page).to_have_url(url_of(site, traject_path))
    expect(page.locator(".detail-summary")).to_contain_text("Closed")
    show_figures(page, site, *period)
    after = counted(page)
    assert after == {key: number + 1 for key, number in before.items()}, (before, after)
    axe.assert_no_violations(page)

    # 8. A second coordinator gets 404 on the workspace, a staff member of Limburg on the traject.
    coordinator.context.clear_cookies()
    log_in(coordinator, site.url, OTHER_COORDINATOR_EMAIL, site.password)
    response = coordinator.goto(site.url + workspace)
    assert response is not None and response.status == 404
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(coordinator.get_by_text(reference)).to_have_count(0)

    page.context.clear_cookies()
    log_in(page, site.url, OTHER_STAFF_EMAIL, site.password, site.other_staff_secret)
    response = page.goto(site.url + traject_path)
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_text(reference)).to_have_count(0)
