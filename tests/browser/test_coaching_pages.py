"""Issue 11's pages checked with axe-core in a real browser, one test per person who uses them.

The coach (password and authenticator code) coaches four coordinators in Antwerpen whose rows
carry the six flags between them: one holds a certificate that expires within 60 days and asks
more intervision than she attended, and has never been contacted; one has a traject without a
step for 20 days; one a plan distributed 40 days ago whose follow-up is overdue; one a proposal
waiting for her answer on a traject registered 30 days ago. The coach leads an intervision
session tomorrow (two replies in), one that ended two days ago without its attendance recorded,
and one that ended an hour ago with its attendance and a shared summary. axe-core finds no
violation on the dashboard (every flag shown, then the contact form opened in place with an
error), the session list, the session form with its errors, a session's page (with the summary
and private note forms), the attendance page before the session ended (the refusal), and the
cancel page.

The first coordinator's coaching portal (her coach, the session with its reply form, the shared
summary, her attendance counts and, once made, her calendar address) passes axe too; and so do
the staff's coaching pages for Antwerpen: the assignments (a coordinator without a coach, the
coaches' loads), assigning a coach who is at capacity (the warning and "assign anyway"), and
the yearly overview.

The pages are opened under /en/ so that the test can follow the links and buttons by their
(English) names. The browser keeps the wall clock (see conftest.py), so every date is relative
to now; the traject helpers move the clock only while they build the past.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, staff_with_authenticator

COACH_EMAIL = "coach.pagina@kring.example"
STAFF_EMAIL = "staf.antwerpen.coaching@kring.example"
DAY = datetime.timedelta(days=1)
FLAG_LABELS = (
    "Promise at risk",
    "Follow-up overdue",
    "No step for 14 days",
    "Certificate expiring",
    "Below a minimum",
    "No contact for 30 days",
)
SUMMARY = "We talked about EKC-2026-0042's network and who could host the conference."


@dataclass(frozen=True)
class CoachingPages:
    url: str
    password: str
    coach_secret: str
    coordinator_email: str
    upcoming_pk: int  # tomorrow, not ended: its attendance is refused, it can be cancelled


@pytest.fixture
def coaching_pages(kring_site) -> CoachingPages:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.utils import timezone

    from coaching.models import Contact, ContactKind, Reply, SessionKind
    from coaching.portal.services import invitation_reply
    from coaching.sessions.services import (
        attendance_record,
        session_schedule,
        session_summary_save,
    )
    from people.factories import (
        CoachAssignmentFactory,
        CoachFactory,
        CoordinatorFactory,
        StaffFactory,
        region,
    )
    from people.models import User
    from tests.coaching.test_dashboard_selectors import distributed_traject, started_traject
    from tests.trajects.test_figures import accepted
    from training.factories import CertificateFactory, TrackFactory
    from trajects.matching.models import Proposal

    antwerpen = region("antwerpen")
    now = timezone.now()
    today = timezone.localdate()
    coach = CoachFactory(
        email=COACH_EMAIL, regions=[antwerpen], preferred_language="en", phone="03 123 45 67"
    )
    secret = generate_totp_secret()
    TOTP.activate(coach, secret)
    staff = StaffFactory(regions=[antwerpen])

    def coached(coordinator: User) -> User:
        CoachAssignmentFactory(coordinator=coordinator, coach=coach, starts_on=today - 365 * DAY)
        return coordinator

    # Certificate expiring, below a minimum, no contact (ever).
    first = coached(User.objects.get(email=kring_site.coordinator_email))
    CertificateFactory(
        user=first,
        track=TrackFactory(code="coaching-pages", intervision_per_year=4, supervision_per_year=1),
        issued_on=today - 700 * DAY,
        valid_until=today + 30 * DAY,
    )
    # No step for 14 days (contacted yesterday).
    stalled = coached(CoordinatorFactory(regions=[antwerpen]))
    started_traject(stalled, staff, now - 20 * DAY)
    Contact.objects.create(
        coach=coach, coordinator=stalled, occurred_on=today - DAY, kind=ContactKind.CALL
    )
    # Follow-up overdue: the plan distributed 40 days ago, its follow-up due a month later.
    follow_up = coached(CoordinatorFactory(regions=[antwerpen]))
    distributed_traject(follow_up, staff, now - 40 * DAY)
    # Promise at risk: a proposal waiting for her answer, registered 30 days ago.
    proposed = coached(CoordinatorFactory(regions=[antwerpen]))
    Proposal.objects.create(
        traject=accepted(staff, now - 30 * DAY),
        coordinator=proposed,
        proposed_by=staff,
        answer_due_at=now + 2 * DAY,
    )

    def schedule(starts_at: datetime.datetime, invitees: list[User]):
        return session_schedule(
            kind=SessionKind.INTERVISION,
            region=antwerpen,
            facilitator=coach,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
            invitees=invitees,
            place="EKC Antwerpen, zaal 2",
            created_by=coach,
        )

    tomorrow_evening = datetime.datetime.combine(
        today + DAY, datetime.time(19), tzinfo=timezone.get_current_timezone()
    )
    upcoming = schedule(tomorrow_evening, [first, stalled, follow_up])
    invitation_reply(
        invitation=upcoming.invitations.get(coordinator=first), reply=Reply.COMING, by=first
    )
    invitation_reply(
        invitation=upcoming.invitations.get(coordinator=stalled),
        reply=Reply.NOT_COMING,
        note="On holiday.",
        by=stalled,
    )
    schedule(now - 2 * DAY, [first, stalled])  # ended, its attendance to record
    # Ended an hour ago (this year, for the counts), attended, with a shared summary.
    held = schedule(now - datetime.timedelta(hours=3), [first])
    attendance_record(session=held, attended_ids=[first.pk], recorded_by=coach)
    session_summary_save(session=held, summary=SUMMARY, by=coach)
    return CoachingPages(
        url=kring_site.url,
        password=kring_site.password,
        coach_secret=secret,
        coordinator_email=first.email,
        upcoming_pk=upcoming.pk,
    )


def test_the_coachs_pages_pass_axe(page: Page, coaching_pages: CoachingPages, axe) -> None:
    from django.utils import timezone

    site = coaching_pages
    log_in(page, site.url, COACH_EMAIL, site.password, site.coach_secret)

    # The dashboard: every flag at least once, the upcoming session's replies, attendance due.
    page.goto(site.url + "/en/coach/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My dashboard")
    flags = page.locator("#dashboard-coordinators td.flags")
    expect(flags).to_have_count(4)
    for label in FLAG_LABELS:
        expect(flags.filter(has_text=label).first).to_be_visible()
    sessions = page.locator("#dashboard-sessions")
    expect(sessions).to_contain_text("1 coming, 1 not coming, 1 without a reply")
    expect(sessions.get_by_role("link", name=re.compile("Record who attended"))).to_have_count(1)
    axe.assert_no_violations(page)

    # The contact form, opened in place, with a date in the future.
    page.locator("#dashboard-coordinators tbody tr").first.get_by_role(
        "link", name=re.compile("Log a contact")
    ).click()
    panel = page.locator("#dashboard-contact-panel")
    form = panel.locator('form:has(button:text("Save the contact"))')
    expect(form).to_be_visible()
    form.get_by_label("Date").fill((timezone.localdate() + 5 * DAY).isoformat())
    form.get_by_role("button", name="Save the contact").click()
    expect(panel).to_contain_text("The date cannot be in the future.")
    expect(page).to_have_url(re.compile(r"/en/coach/$"))
    axe.assert_no_violations(page)

    # The session list: the upcoming session and the two past ones.
    page.goto(site.url + "/en/coach/sessies/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My sessions")
    expect(page.locator("table")).to_have_count(2)
    axe.assert_no_violations(page)

    # The session form, submitted empty: the errors next to the fields.
    page.goto(site.url + "/en/coach/sessies/nieuw/?kind=intervision")
    session_form = page.locator("form:has(button:text('Schedule the session'))")
    session_form.get_by_role("button", name="Schedule the session").click()
    expect(page.locator("#session-form")).to_contain_text("Fill in the date.")
    axe.assert_no_violations(page)

    # A session's page, with the summary and the private note forms.
    upcoming = f"{site.url}/en/coach/sessies/{site.upcoming_pk}/"
    page.goto(upcoming)
    expect(page.get_by_role("button", name="Save the summary")).to_be_visible()
    expect(page.get_by_role("button", name="Save my note")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("On holiday.")
    axe.assert_no_violations(page)

    # Its attendance, before it has ended: refused, with when to come back.
    page.goto(upcoming + "aanwezigheid/")
    expect(page.get_by_role("status").filter(has_text="once the session has ended")).to_be_visible()
    axe.assert_no_violations(page)

    # Cancelling it: the confirmation.
    page.goto(upcoming + "annuleren/")
    expect(page.get_by_role("button", name="Cancel the session")).to_be_visible()
    axe.assert_no_violations(page)


def test_the_coordinators_coaching_portal_passes_axe(
    page: Page, coaching_pages: CoachingPages, axe
) -> None:
    site = coaching_pages
    log_in(page, site.url, site.coordinator_email, site.password)

    page.goto(site.url + "/en/portaal/coaching/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My coaching")
    expect(page.get_by_role("link", name=COACH_EMAIL)).to_be_visible()
    session = page.locator("article.portal-session")
    expect(session).to_have_count(1)
    expect(session.get_by_role("button", name=re.compile(r"^Not coming"))).to_be_visible()
    expect(page.locator("article.portal-summary")).to_contain_text(SUMMARY)
    expect(page.get_by_text("Intervision: 1 of 4")).to_be_visible()
    axe.assert_no_violations(page)

    page.get_by_role("button", name="Make my calendar address").click()
    expect(page.locator("#feed-url")).to_have_value(re.compile(r"/agenda/[\w-]+\.ics$"))
    axe.assert_no_violations(page)


def test_the_staffs_coaching_pages_pass_axe(page: Page, kring_site, axe) -> None:
    from django.utils import timezone

    from coaching.models import CoachingProfile
    from people.factories import CoachAssignmentFactory, CoachFactory, CoordinatorFactory, region
    from people.models import User

    antwerpen = region("antwerpen")
    secret = staff_with_authenticator(STAFF_EMAIL, "antwerpen")
    coach = CoachFactory(regions=[antwerpen], first_name="Vera", last_name="Volzet")
    CoachingProfile.objects.create(user=coach, capacity=1)
    CoachAssignmentFactory(
        coordinator=CoordinatorFactory(regions=[antwerpen]),
        coach=coach,
        starts_on=timezone.localdate() - 100 * DAY,
    )
    without = User.objects.get(email=kring_site.coordinator_email)
    log_in(page, kring_site.url, STAFF_EMAIL, kring_site.password, secret)

    # The assignments: a coordinator without a coach, the coach at capacity.
    page.goto(kring_site.url + "/en/staf/coaching/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Coach assignments")
    without_coach = page.get_by_role("region", name="Coordinators without a coach")
    expect(without_coach).to_contain_text(str(without))
    expect(page.get_by_text("At capacity", exact=True)).to_be_visible()
    axe.assert_no_violations(page)

    # Assigning her the coach at capacity: the warning, and "assign anyway".
    page.goto(f"{kring_site.url}/en/staf/coaching/toewijzen/{without.pk}/")
    page.get_by_label("Coach").select_option(str(coach.pk))
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.get_by_label("Assign anyway, above capacity")).to_be_visible()
    axe.assert_no_violations(page)

    # The yearly overview.
    page.goto(kring_site.url + "/en/staf/coaching/overzicht/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Intervision and supervision")
    axe.assert_no_violations(page)
