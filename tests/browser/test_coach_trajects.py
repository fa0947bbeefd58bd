"""The coach's read-only view of their coordinators' trajects, and the learning traject, in a real
browser.

The site's coordinator in Antwerpen has a coach and has done their track except the coach's
sign-off. A registration in Antwerpen is accepted as a traject; the Antwerpen staff member
(password and authenticator code) finds the coordinator on the shortlist as a first traject
taken as a learning traject and proposes them; the coordinator accepts (through the matching
service: the traject is marked a learning traject), and the traject is taken to closed through
the services.

The coach (password and authenticator code) follows "Their trajects" in the header, finds the
traject among the ended ones, marked a learning traject that waits for the sign-off, opens it
(read-only: no form in the workspace's sections) and signs off with a note; the coordinator now
holds a valid certificate. In a second tab opened before the sign-off, the form is sent again:
refused with the reason next to it. axe-core finds no violation on the list, the traject, or the
form with its error. Another coach gets 404 on that traject.

The pages are opened under /en/ so that the test can follow the links and buttons by their
(English) names, as a person would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, staff_with_authenticator

STAFF_EMAIL = "staf.antwerpen.coach@kring.example"
COACH_EMAIL = "coach.browser@kring.example"
OTHER_COACH_EMAIL = "andere.coach.browser@kring.example"
NOTE = "Goed voorbereid, rustig geleid."
LEARNING = "First traject as a learning traject"


@dataclass(frozen=True)
class CoachSite:
    url: str
    password: str
    reference: str
    staff_secret: str
    coach_secret: str
    other_coach_secret: str
    coordinator_email: str
    coordinator_name: str


def with_authenticator(factory, email: str) -> str:
    """A user made by ``factory`` in Antwerpen with an authenticator; returns its secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from people.factories import region

    user = factory(email=email, regions=[region("antwerpen")])
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def coach_site(kring_site) -> CoachSite:
    """The site's coordinator, coached by a coach with an authenticator, with the track that
    qualifies for matching done except the sign-off; a registration in Antwerpen accepted as a
    traject by the Antwerpen staff member; a second coach, of nobody."""
    from django.utils import timezone

    from people.factories import CoachAssignmentFactory, CoachFactory, postcode
    from people.models import User
    from training.factories import TrackEnrolmentFactory, TrackFactory, lesson_page, module_page
    from training.models import LessonProgress
    from trajects.factories import RegistrationFactory
    from trajects.intake.services import registration_accept, registration_intake_start
    from trajects.matching.selectors import learners

    coordinator = User.objects.get(email=kring_site.coordinator_email)
    coach_secret = with_authenticator(CoachFactory, COACH_EMAIL)
    CoachAssignmentFactory(coordinator=coordinator, coach=User.objects.get(email=COACH_EMAIL))
    other_coach_secret = with_authenticator(CoachFactory, OTHER_COACH_EMAIL)

    module = module_page(title="De route")
    lesson = lesson_page(module=module, title="Het begin")
    track = TrackFactory(code="matching-basis", modules=[module], sign_off_required=True)
    TrackEnrolmentFactory(user=coordinator, track=track)
    LessonProgress.objects.create(
        user=coordinator,
        lesson=lesson,
        lesson_key=lesson.translation_key,
        completed_at=timezone.now(),
    )
    assert coordinator in learners()

    staff_secret = staff_with_authenticator(STAFF_EMAIL, "antwerpen")
    staff = User.objects.get(email=STAFF_EMAIL)
    registration = RegistrationFactory(postcode=postcode("2000"))
    registration_intake_start(registration=registration, by=staff)
    registration_accept(registration=registration, by=staff)
    return CoachSite(
        url=kring_site.url,
        password=kring_site.password,
        reference=registration.reference,
        staff_secret=staff_secret,
        coach_secret=coach_secret,
        other_coach_secret=other_coach_secret,
        coordinator_email=coordinator.email,
        coordinator_name=coordinator.get_full_name(),
    )


def url_of(site: CoachSite, path: str) -> re.Pattern[str]:
    """The page's address, with or without a section's fragment (no query string)."""
    return re.compile("^" + re.escape(site.url + path) + "(#[-a-z]+)?$")


def accept_and_close(site: CoachSite) -> None:
    """The coordinator accepts the proposal (the matching service) and the traject goes the
    whole route to closed (the traject's services)."""
    from people.models import User
    from trajects.matching.models import Proposal
    from trajects.matching.services import proposal_accept
    from trajects.models import Phase
    from trajects.traject.services import traject_advance

    coordinator = User.objects.get(email=site.coordinator_email)
    proposal = Proposal.objects.get(
        traject__registration__reference=site.reference, coordinator=coordinator
    )
    traject = proposal_accept(proposal=proposal, by=coordinator)
    assert traject.is_learning
    for phase in (
        Phase.CONFERENCE_PLANNED,
        Phase.PLAN_MADE,
        Phase.PLAN_DISTRIBUTED,
        Phase.FOLLOW_UP_DONE,
        Phase.CLOSED,
    ):
        traject = traject_advance(traject=traject, to=phase, by=coordinator)


def test_the_coach_follows_the_learning_traject_and_signs_off(
    page: Page, new_context, coach_site: CoachSite, axe
) -> None:
    from people.models import User
    from training.certificates.selectors import coordinators_with_valid_certificate
    from training.models import TrackEnrolment

    site = coach_site
    reference = site.reference
    traject_path = f"/en/staf/trajecten/{reference}/"
    coach_path = f"/en/coach/trajecten/{reference}/"

    # 1. The staff member proposes the coordinator from the shortlist: a learning traject.
    log_in(page, site.url, STAFF_EMAIL, site.password, site.staff_secret)
    page.goto(site.url + traject_path)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Traject {reference}")
    page.get_by_role("link", name="Find a coordinator", exact=True).click()
    expect(page).to_have_url(url_of(site, traject_path + "koppelen/"))
    candidate = page.locator("table.shortlist tbody tr").filter(
        has=page.get_by_role("rowheader", name=site.coordinator_name, exact=True)
    )
    expect(candidate).to_contain_text(LEARNING)
    expect(candidate).not_to_contain_text("Valid certificate")
    candidate.get_by_role("button", name=f"Propose {site.coordinator_name}", exact=True).click()
    expect(page).to_have_url(url_of(site, traject_path))
    expect(page.locator(".messages")).to_contain_text(
        f"{site.coordinator_name} has been asked by e-mail"
    )

    # The coordinator says yes and the traject goes its route to closed.
    accept_and_close(site)
    coordinator = User.objects.get(email=site.coordinator_email)
    assert coordinator not in coordinators_with_valid_certificate()

    # 2. The coach: "Their trajects" in the header; the traject has ended and waits for them.
    page.context.clear_cookies()
    log_in(page, site.url, COACH_EMAIL, site.password, site.coach_secret)
    page.goto(site.url + "/en/")
    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Their trajects", exact=True
    ).click()
    expect(page).to_have_url(url_of(site, "/en/coach/trajecten/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Trajects of my coordinators")
    expect(page.get_by_role("table", name="Current trajects")).to_have_count(0)
    row = (
        page.get_by_role("table", name="Ended trajects", exact=True)
        .get_by_role("row")
        .filter(has=page.get_by_role("rowheader", name=reference, exact=True))
    )
    expect(row).to_have_count(1)
    expect(row).to_contain_text(site.coordinator_name)
    expect(row).to_contain_text("Closed")
    expect(row.locator(".status-badge--learning")).to_have_text("learning traject")
    expect(row).to_contain_text("Waiting for your sign-off")
    axe.assert_no_violations(page)

    # The traject, read-only: the one form is the sign-off's, outside the workspace's sections.
    row.get_by_role("link", name=reference, exact=True).click()
    expect(page).to_have_url(url_of(site, coach_path))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Traject {reference}")
    learning = page.locator("section", has=page.get_by_role("heading", name="Learning traject"))
    expect(learning.get_by_role("button", name="Sign off the first traject")).to_be_visible()
    expect(page.locator("section.workspace-section")).to_have_count(4)
    expect(page.locator("section.workspace-section form")).to_have_count(0)
    expect(page.locator("main form")).to_have_count(1)
    axe.assert_no_violations(page)

    # A second tab with the same page, still showing the form (for later).
    stale = page.context.new_page()
    stale.goto(site.url + coach_path)
    expect(stale.get_by_role("button", name="Sign off the first traject")).to_be_visible()

    # The sign-off, with a note.
    page.get_by_label("Note with the sign-off (optional)").fill(NOTE)
    page.get_by_role("button", name="Sign off the first traject", exact=True).click()
    expect(page).to_have_url(url_of(site, coach_path))
    expect(page.locator(".messages")).to_contain_text("The sign-off is recorded.")
    expect(learning).to_contain_text("The coordinator's track has been signed off.")
    expect(page.get_by_role("button", name="Sign off the first traject")).to_have_count(0)
    expect(page.locator("main form")).to_have_count(0)
    assert coordinator in coordinators_with_valid_certificate()
    enrolment = TrackEnrolment.objects.get(user=coordinator)
    assert enrolment.signed_off_by == User.objects.get(email=COACH_EMAIL)
    assert reference in enrolment.sign_off_note and NOTE in enrolment.sign_off_note

    # The list no longer waits for the coach.
    page.goto(site.url + "/en/coach/trajecten/")
    expect(page.get_by_role("rowheader", name=reference, exact=True)).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Waiting for your sign-off")

    # The stale tab sends the form again: refused, with the reason shown with the form.
    stale.get_by_role("button", name="Sign off the first traject", exact=True).click()
    expect(stale.locator("main")).to_contain_text(
        "The coordinator's track has been signed off already."
    )
    expect(stale.get_by_role("button", name="Sign off the first traject")).to_be_visible()
    axe.assert_no_violations(stale)
    stale.close()

    # 3. Another coach (of nobody) gets 404 on the traject.
    other = new_context().new_page()
    log_in(other, site.url, OTHER_COACH_EMAIL, site.password, site.other_coach_secret)
    response = other.goto(site.url + coach_path)
    assert response is not None and response.status == 404
    expect(other.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(other.get_by_text(reference)).to_have_count(0)
