"""Issue 11's journey in a real browser, once with JavaScript (the quick actions update the
dashboard in place with htmx) and once without (every form is its own page).

A coach (password and authenticator code) coaches three coordinators in Antwerpen, each holding
a certificate of a track that asks 4 intervision and 1 supervision sessions a year and that
expires within 60 days (so its renewal is open). The coach logs in and lands on the dashboard,
which flags all three (no contact yet, below the minimum, certificate expiring); logs a contact
with the first, whose "no contact" flag goes; schedules an intervision session for tomorrow for
the three. Two of them reply "coming" in their portal. The session then takes place: its times
are moved two days back in the database (the browser keeps the wall clock, see conftest.py). The
coach records attendance from the dashboard; the counts change on the dashboard, in the first
coordinator's portal and in what her certificate's renewal still needs. The weekly digest lists
the flags; the first coordinator's calendar feed holds the session. With JavaScript, axe-core
finds no violation on the dashboard (with flags), the session form with its errors, and the
portal's coaching part (axe runs as a script: not in the run without JavaScript).

The pages are opened under /en/ so that the test can follow the links and buttons by their
(English) names, as a person would.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import CspViolations, log_in

COACH_EMAIL = "coach.coaching@kring.example"
SECOND_EMAIL = "tweede.coordinator@kring.example"
THIRD_EMAIL = "derde.coordinator@kring.example"
PLACE = "EKC Antwerpen, zaal 2"


@dataclass(frozen=True)
class CoachingSite:
    url: str
    password: str
    coach_secret: str
    coordinators: tuple[tuple[int, str, str], ...]  # (pk, e-mail, full name)


@pytest.fixture
def coaching_site(kring_site) -> CoachingSite:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.utils import timezone

    from people.factories import CoachAssignmentFactory, CoachFactory, CoordinatorFactory, region
    from people.models import User
    from training.factories import CertificateFactory, TrackFactory

    antwerpen = region("antwerpen")
    coach = CoachFactory(email=COACH_EMAIL, regions=[antwerpen], preferred_language="en")
    secret = generate_totp_secret()
    TOTP.activate(coach, secret)
    track = TrackFactory(
        code="basis-coaching",
        intervision_per_year=4,
        supervision_per_year=1,
        qualifies_for_matching=True,
    )
    today = timezone.localdate()
    coordinators = [
        User.objects.get(email=kring_site.coordinator_email),
        CoordinatorFactory(email=SECOND_EMAIL, regions=[antwerpen]),
        CoordinatorFactory(email=THIRD_EMAIL, regions=[antwerpen]),
    ]
    for coordinator in coordinators:
        CoachAssignmentFactory(
            coordinator=coordinator, coach=coach, starts_on=today - datetime.timedelta(days=200)
        )
        CertificateFactory(
            user=coordinator,
            track=track,
            issued_on=today - datetime.timedelta(days=680),
            valid_until=today + datetime.timedelta(days=50),
        )
    return CoachingSite(
        url=kring_site.url,
        password=kring_site.password,
        coach_secret=secret,
        coordinators=tuple((c.pk, c.email, c.get_full_name()) for c in coordinators),
    )


def _row(page: Page, pk: int):
    return page.locator(f"#dashboard-row-{pk}")


def _reply_coming(browser: Browser, site: CoachingSite, email: str, javascript: bool) -> None:
    context = browser.new_context(java_script_enabled=javascript, locale="en-BE")
    page = context.new_page()
    log_in(page, site.url, email, site.password)
    page.goto(site.url + "/en/portaal/coaching/")
    session = page.locator("article.portal-session").first
    session.get_by_role("button", name=re.compile(r"^Coming")).click()
    expect(page.locator("article.portal-session").first).to_contain_text("Coming")
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_coach_logs_a_contact_schedules_intervision_and_records_attendance(
    browser: Browser, coaching_site: CoachingSite, axe, javascript: bool
) -> None:
    from django.core import mail
    from django.utils import timezone

    from coaching.dashboard.digest import weekly_digests_send
    from coaching.models import Invitation, Session

    site = coaching_site
    (first_pk, first_email, first_name), (second_pk, second_email, _n), (third_pk, *_rest) = (
        site.coordinators
    )
    context = browser.new_context(java_script_enabled=javascript, locale="en-BE")
    coach = context.new_page()
    csp_violations = CspViolations().watch(coach)

    # 1. The coach logs in and lands on the dashboard, every coordinator flagged.
    log_in(coach, site.url, COACH_EMAIL, site.password, site.coach_secret)
    expect(coach).to_have_url(re.compile(r"/coach/$"))
    coach.goto(site.url + "/en/coach/")
    expect(coach.get_by_role("heading", level=1)).to_have_text("My dashboard")
    for pk in (first_pk, second_pk, third_pk):
        flags = _row(coach, pk).locator("td.flags")
        expect(flags).to_contain_text("No contact for 30 days")
        expect(flags).to_contain_text("Below a minimum")
        expect(flags).to_contain_text("Certificate expiring")
        expect(_row(coach, pk).locator("td.intervision")).to_contain_text("0")
    if javascript:  # axe-core runs as a script in the page
        axe.assert_no_violations(coach)

    # 2. A contact with the first coordinator, from her row.
    _row(coach, first_pk).get_by_role("link", name=re.compile("Log a contact")).click()
    form = coach.locator('form:has(button:text("Save the contact"))')
    expect(form.get_by_label("Coordinator")).to_have_value(str(first_pk))
    form.get_by_label("Visit").check()
    form.get_by_label("Note (optional)").fill("Talked about EKC-2026-0042's next step.")
    form.get_by_role("button", name="Save the contact").click()
    expect(coach.get_by_text(re.compile(r"Contact with .* logged"))).to_be_visible()
    expect(_row(coach, first_pk).locator("td.flags")).not_to_contain_text("No contact")
    expect(_row(coach, second_pk).locator("td.flags")).to_contain_text("No contact")
    if javascript:
        expect(coach).to_have_url(re.compile(r"/en/coach/$"))  # never left the dashboard

    # 3. An intervision session for tomorrow, the three invited; first with a mistake.
    coach.get_by_role("link", name="Schedule an intervision session").click()
    session_form = coach.locator("form:has(button:text('Schedule the session'))")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    session_form.get_by_label("Date").fill(tomorrow.isoformat())
    session_form.get_by_label("Start time").fill("19:00")
    session_form.get_by_label("End time").fill("18:00")
    session_form.get_by_label(re.compile(r"^Place(?!s)")).fill(PLACE)
    for _pk, _email, name in site.coordinators:
        session_form.get_by_label(re.compile(re.escape(name))).check()
    session_form.get_by_role("button", name="Schedule the session").click()
    session_form = coach.locator("form:has(button:text('Schedule the session'))")
    expect(session_form).to_contain_text("The session must end after it starts.")
    expect(session_form.get_by_label(re.compile(r"^Place(?!s)"))).to_have_value(PLACE)  # input kept
    if javascript:  # axe-core runs as a script in the page
        axe.assert_no_violations(coach)
    session_form.get_by_label("End time").fill("21:00")
    session_form.get_by_role("button", name="Schedule the session").click()
    expect(coach.get_by_text(re.compile("The session is scheduled"))).to_be_visible()
    session = Session.objects.get(facilitator__email=COACH_EMAIL)
    assert session.invitations.count() == 3
    coach.goto(site.url + "/en/coach/")
    expect(coach.locator("#dashboard-sessions")).to_contain_text("3 without a reply")

    # 4. Two of the three reply in their portal.
    _reply_coming(browser, site, first_email, javascript)
    _reply_coming(browser, site, second_email, javascript)
    coach.reload()
    expect(coach.locator("#dashboard-sessions")).to_contain_text("2 coming")

    # 5. The session takes place: two days on, it lies a day behind us.
    Session.objects.filter(pk=session.pk).update(
        starts_at=session.starts_at - datetime.timedelta(days=2),
        ends_at=session.ends_at - datetime.timedelta(days=2),
    )
    Invitation.objects.filter(session=session).update(reminded_at=timezone.now())

    # 6. The coach records who attended, from the dashboard (prefilled from the replies).
    coach.reload()
    coach.get_by_role("link", name=re.compile("Record who attended")).click()
    attendance = coach.locator("form:has(button:text('Record attendance'))")
    expect(attendance.get_by_label(re.compile(re.escape(first_name)))).to_be_checked()
    attendance.get_by_role("button", name="Record attendance").click()
    expect(coach.get_by_text(re.compile("Attendance is recorded: 2 of 3"))).to_be_visible()
    if not javascript:
        coach.goto(site.url + "/en/coach/")
    expect(_row(coach, first_pk).locator("td.intervision")).to_contain_text("1")
    expect(_row(coach, second_pk).locator("td.intervision")).to_contain_text("1")
    expect(_row(coach, third_pk).locator("td.intervision")).to_contain_text("0")
    # The dashboard's htmx and our scripts ran under the Content-Security-Policy, refused nothing.
    assert not csp_violations, "\n".join(csp_violations)
    assert set(Invitation.objects.filter(attended=True).values_list("coordinator", flat=True)) == {
        first_pk,
        second_pk,
    }

    # 7. The first coordinator sees it in her portal, with what her renewal still needs.
    portal_context = browser.new_context(java_script_enabled=javascript, locale="en-BE")
    portal = portal_context.new_page()
    log_in(portal, site.url, first_email, site.password)
    portal.goto(site.url + "/en/portaal/coaching/")
    expect(portal.get_by_text("Intervision: 1 of 4")).to_be_visible()
    expect(portal.locator(".renewal__missing")).to_contain_text("(1 so far)")
    if javascript:
        axe.assert_no_violations(portal)

    # 8. Her calendar feed holds the session.
    portal.get_by_role("button", name="Make my calendar address").click()
    # The address is SITE_URL's (https://testserver in the tests): fetch its path here.
    feed_path = urlsplit(portal.locator("#feed-url").input_value()).path
    assert re.fullmatch(r"/agenda/[\w-]+\.ics", feed_path), feed_path
    feed = portal.request.get(site.url + feed_path)
    assert feed.status == 200
    assert f"session-{session.pk}@kring" in feed.text()
    assert PLACE in feed.text().replace("\\,", ",")
    portal_context.close()

    # 9. Monday morning's digest lists the flags, with links only.
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    outbox_before = len(mail.outbox)
    seven = datetime.time(7, 5, tzinfo=timezone.get_current_timezone())
    weekly_digests_send(now=datetime.datetime.combine(monday, seven))
    (digest,) = [m for m in mail.outbox[outbox_before:] if m.to == [COACH_EMAIL]]
    assert "No contact for 30 days" in digest.body
    assert "Below a minimum" in digest.body
    assert "/coach/" in digest.body
    context.close()
