"""Kring on two web servers (A and B, one gunicorn worker each, production settings) with one
PostgreSQL database, Redis for the page cache and the broker, moto's S3 server for the files, a
Celery worker and beat (tests/scaleout/conftest.py starts them all).

A browser logs in on A and goes on on B; a coordinator uploads the plan on A and downloads it
through B (the file is in the bucket, on neither server's disk); a change published on the site
(by another process, then by an editor in A's admin) shows on both at once (the shared page cache
is invalidated for all); a task the web tier's
broker carries is taken by the worker, which both servers' /health/ see; and failed log-ins on A
and on B count against one limit.

The servers keep the wall clock; so do these tests (the second factor's codes follow it).
"""

from __future__ import annotations

import datetime
import json
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import authenticator_for, log_in, totp_code
from tests.scaleout.conftest import Stack

PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"% two web servers, one bucket\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
PAGE_CACHE = "x-kring-page-cache"


@dataclass(frozen=True)
class Coordinator:
    email: str
    password: str
    secret: str
    reference: str
    municipality: str


def coordinator_with_traject(tag: str, *, conference_held: bool = False) -> Coordinator:
    """A certified coordinator in Antwerpen who accepted a traject (so they must use their
    second factor: an authenticator whose secret the test knows); with ``conference_held`` the
    conference took place an hour ago, so the plan can be recorded."""
    from django.db import transaction

    with transaction.atomic():
        return _coordinator_with_traject(tag, conference_held=conference_held)


def _coordinator_with_traject(tag: str, *, conference_held: bool) -> Coordinator:
    from django.utils import timezone

    from people.factories import DEFAULT_PASSWORD, CoordinatorFactory, StaffFactory, postcode
    from people.factories import region as region_of
    from training.certificates.services import certificate_issue
    from training.factories import TrackFactory
    from trajects.factories import RegistrationFactory
    from trajects.intake.services import registration_accept, registration_intake_start
    from trajects.matching.services import proposal_accept, proposal_make
    from trajects.workspace.services import conference_held as hold
    from trajects.workspace.services import conference_plan

    antwerpen = region_of("antwerpen")
    staff = StaffFactory(email=f"staf.{tag}@kring.example", regions=[antwerpen])
    coordinator = CoordinatorFactory(email=f"coordinator.{tag}@kring.example", regions=[antwerpen])
    now = timezone.now()
    certificate_issue(
        user=coordinator,
        track=TrackFactory(code="matching-basis"),
        issued_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    registration = RegistrationFactory(
        postcode=postcode("2000"), created_at=now - datetime.timedelta(days=5)
    )
    registration_intake_start(registration=registration, by=staff)
    traject = registration_accept(registration=registration, by=staff)
    proposal_accept(
        proposal=proposal_make(traject=traject, coordinator=coordinator, by=staff), by=coordinator
    )
    if conference_held:
        conference_plan(
            traject=traject,
            by=coordinator,
            starts_at=now - datetime.timedelta(hours=1),
            place="Het buurthuis, Kerkstraat 1",
        )
        hold(traject=traject, by=coordinator)
    return Coordinator(
        email=coordinator.email,
        password=DEFAULT_PASSWORD,
        secret=authenticator_for(coordinator),
        reference=registration.reference,
        municipality=registration.municipality,
    )


def test_logged_in_on_one_server_a_person_goes_on_on_the_other(page: Page, scaleout: Stack) -> None:
    person = coordinator_with_traject("session")

    log_in(page, scaleout.a + "/en", person.email, person.password, person.secret)
    # The session cookie keeps its production form (__Host-, Secure, HttpOnly) on plain HTTP:
    # the browser takes it from 127.0.0.1, a secure context, and sends it to both ports.
    session = {cookie["name"]: cookie for cookie in page.context.cookies()}["__Host-sessionid"]
    assert session["secure"] and session["httpOnly"]
    assert session["domain"] == "127.0.0.1"

    # On B: the person's own trajects, not the log-in page.
    page.goto(scaleout.b + "/en/portaal/trajecten/")
    expect(page).to_have_url(scaleout.b + "/en/portaal/trajecten/")
    expect(
        page.get_by_role("link", name=f"{person.reference}, {person.municipality}", exact=True)
    ).to_be_visible()
    expect(page.locator('a[href$="/accounts/logout/"]').first).to_be_visible()

    # Logging out on B ends the session on A too (it lives in the shared database).
    page.goto(scaleout.b + "/en/accounts/logout/")
    page.locator('main form:has(input[name="csrfmiddlewaretoken"]) button[type="submit"]').click()
    expect(page.locator('a[href$="/accounts/logout/"]')).to_have_count(0)
    page.goto(scaleout.a + "/en/portaal/trajecten/")
    expect(page).to_have_url(f"{scaleout.a}/en/accounts/login/?next=/en/portaal/trajecten/")


def test_a_plan_uploaded_on_one_server_downloads_through_the_other(
    page: Page, scaleout: Stack, tmp_path: Path
) -> None:
    person = coordinator_with_traject("plan", conference_held=True)
    workspace = f"/en/portaal/trajecten/{person.reference}/"
    before = scaleout.bucket_objects()

    log_in(page, scaleout.a + "/en", person.email, person.password, person.secret)
    page.goto(scaleout.a + workspace)
    document = tmp_path / "Plan van de familie.pdf"
    document.write_bytes(PDF)
    page.get_by_label("The plan as a document (optional)").set_input_files(str(document))
    page.get_by_role("button", name="Save the plan", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("The plan has been saved.")

    # The document is in the bucket, and on no process's own disk.
    added = {key: data for key, data in scaleout.bucket_objects().items() if key not in before}
    assert list(added.values()) == [PDF], f"the bucket gained {sorted(added)}"
    on_disk = {p.name: p.files_on_disk() for p in scaleout.processes if p.files_on_disk()}
    assert on_disk == {}

    # B serves it, through the view that checks who asks.
    page.goto(scaleout.b + workspace)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the plan (PDF)").click()
    assert download.value.suggested_filename == f"plan-{person.reference}.pdf"
    assert Path(download.value.path()).read_bytes() == PDF

    # Anyone else asking B for it: nothing (the bucket is not public either).
    anonymous = page.context.browser.new_context()
    try:
        response = anonymous.request.get(scaleout.b + workspace + "plan/document/", max_redirects=0)
        assert response.status in (302, 404)
        assert response.body() != PDF
    finally:
        anonymous.close()


def _fetch(browser: Browser, url: str) -> tuple[str | None, str]:
    """A new visitor's view of ``url`` (a browser of their own: no copy in its HTTP cache, no
    cookies): the page cache's header and the page."""
    context = browser.new_context(locale="nl-BE", timezone_id="Europe/Brussels")
    try:
        page = context.new_page()
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        return response.headers.get(PAGE_CACHE), page.content()
    finally:
        context.close()


def test_a_published_change_shows_on_both_servers_at_once(
    browser: Browser, scaleout: Stack
) -> None:
    """Both servers answer the home page from the shared page cache (each under its own address:
    the key holds the host, which behind a proxy is the same for all); one publication, made in
    another process, empties it for both."""
    from cms.models import HomePage

    for server in (scaleout.a, scaleout.b):
        states = [_fetch(browser, server + "/")[0] for _ in range(2)]
        assert states[-1] == "hit", (server, states)

    new_intro = f"Kring op twee servers, gepubliceerd om {time.time_ns()}."
    home = HomePage.objects.get(locale__language_code="nl")
    home.intro = new_intro
    home.save_revision().publish()

    # The next visitor on A and on B sees the change, rendered anew, then served from the cache.
    for server in (scaleout.a, scaleout.b):
        state, html = _fetch(browser, server + "/")
        assert new_intro in html, server
        assert state == "miss", server
        state, html = _fetch(browser, server + "/")
        assert (state, new_intro in html) == ("hit", True), server


def test_an_editor_publishes_on_one_server_and_the_other_shows_it(
    page: Page, browser: Browser, scaleout: Stack
) -> None:
    """The same through Wagtail's admin: the invalidation runs inside server A, and B's visitors
    get the new page at once."""
    from cms.models import HomePage
    from people.factories import DEFAULT_PASSWORD, UserFactory
    from people.roles import Role

    editor = UserFactory(email="redacteur.scaleout@kring.example", roles=[Role.EDITOR])
    secret = authenticator_for(editor)
    home = HomePage.objects.get(locale__language_code="nl")
    for server in (scaleout.a, scaleout.b):
        states = [_fetch(browser, server + "/")[0] for _ in range(2)]
        assert states[-1] == "hit", (server, states)

    edit = f"/admin/pages/{home.pk}/edit/"
    page.goto(f"{scaleout.a}/accounts/login/?next={edit}")
    form = page.locator('form:has(input[name="password"])')
    form.locator('input[name="login"]').fill(editor.email)
    form.locator('input[name="password"]').fill(DEFAULT_PASSWORD)
    form.locator('button[type="submit"]').click()
    code_form = page.locator('form:has(input[name="code"])')
    code_form.locator('input[name="code"]').fill(totp_code(secret))
    code_form.locator('button[type="submit"]:not([form])').click()
    expect(page).to_have_url(scaleout.a + edit)

    new_intro = f"Gepubliceerd in de beheeromgeving van A om {time.time_ns()}."
    page.locator("#id_intro").fill(new_intro)
    # "Publish" is in the menu beside "Save draft" at the bottom.
    actions = page.locator(".w-dropdown", has=page.locator('button[name="action-publish"]'))
    actions.locator(".w-dropdown__toggle").first.click()
    actions.locator('button[name="action-publish"]').click()
    expect(page).not_to_have_url(scaleout.a + edit)
    expect(page.locator(".messages .success").first).to_be_visible()

    for server in (scaleout.b, scaleout.a):
        state, html = _fetch(browser, server + "/")
        assert (state, new_intro in html) == ("miss", True), server


def _health(url: str) -> dict:
    with urllib.request.urlopen(url + "/health/", timeout=5) as response:  # noqa: S310
        return json.load(response)


def test_the_worker_takes_the_tasks_of_both_servers_and_beat_keeps_the_schedule(
    scaleout: Stack,
) -> None:
    from django_celery_beat.models import PeriodicTask

    from people.tasks import heartbeat

    heartbeat.delay()
    deadline = time.monotonic() + 30
    states: list[dict] = []
    while time.monotonic() < deadline:
        states = [_health(scaleout.a), _health(scaleout.b)]
        if all(state["worker"]["status"] == "ok" for state in states):
            break
        time.sleep(0.5)
    for state in states:
        assert state["database"] == "ok"
        assert state["broker"] == "ok"
        assert state["worker"]["status"] == "ok", states
    # Beat wrote the schedule into the shared database (django-celery-beat's scheduler).
    assert PeriodicTask.objects.filter(name="worker-heartbeat", enabled=True).exists()


def test_failed_log_ins_on_both_servers_count_against_one_limit(
    page: Page, scaleout: Stack
) -> None:
    """allauth's limit: 10 failed log-ins per address in 5 minutes, kept in the shared database
    cache. Five on A and five on B use it up; then even the right password is refused on both."""
    from people.factories import DEFAULT_PASSWORD, UserFactory

    person = UserFactory(email="vrijwilliger.ratelimit@kring.example")

    def attempt(base: str, password: str) -> None:
        page.goto(base + "/en/accounts/login/")
        form = page.locator('form:has(input[name="password"])')
        form.locator('input[name="login"]').fill(person.email)
        form.locator('input[name="password"]').fill(password)
        form.locator('button[type="submit"]').click()

    for number in range(10):
        attempt(scaleout.a if number % 2 == 0 else scaleout.b, f"wrong-password-{number}")
        expect(
            page.get_by_text("The email address and/or password you specified are not correct.")
        ).to_be_visible()

    for server in (scaleout.b, scaleout.a):
        attempt(server, DEFAULT_PASSWORD)
        expect(page.get_by_text("Too many failed login attempts. Try again later.")).to_be_visible()
        expect(page.locator('a[href$="/accounts/logout/"]')).to_have_count(0)
