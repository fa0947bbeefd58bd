"""The staff's dashboard and figures in a real browser: the Antwerpen staff member (password and
authenticator code) opens the dashboard from the staff area's menu, follows a traject at risk to
its page, comes back, opens the figures from the menu, filters them, and finds the charts with
their tables; axe-core finds no violation on the dashboard (with rows and empty) and on the
figures (with charts, and with an error in the form).

The pages are opened under /en/ so that the test can follow the links and buttons by their
(English) names, as a person would. The browser keeps the wall clock, so the data is made
relative to now: registered weeks ago, started, planned and stopped today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in

STAFF_EMAIL = "staf.antwerpen.cijfers@kring.example"


@dataclass(frozen=True)
class FiguresSite:
    url: str
    password: str
    secret: str
    late_reference: str
    waiting_reference: str


@pytest.fixture
def figures_site(kring_site) -> FiguresSite:
    """In Antwerpen: a traject registered four weeks ago and not started (late), one started
    today, one with its plan made today, one stopped today, a registration waiting, and a
    certified coordinator free to match; a staff member with an authenticator."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.utils import timezone

    from people.factories import CoordinatorFactory, StaffFactory, postcode, region
    from training.certificates.services import certificate_issue
    from training.factories import TrackFactory
    from trajects.factories import RegistrationFactory
    from trajects.intake.services import registration_accept, registration_intake_start
    from trajects.models import Phase, StopReason, Traject
    from trajects.traject.services import traject_advance, traject_stop

    antwerpen = region("antwerpen")
    staff = StaffFactory(email=STAFF_EMAIL, regions=[antwerpen])
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)

    def traject(days_ago: int) -> Traject:
        registration = RegistrationFactory(
            postcode=postcode("2000"), created_at=timezone.now() - timedelta(days=days_ago)
        )
        registration_intake_start(registration=registration, by=staff)
        return registration_accept(registration=registration, by=staff)

    def start(item: Traject) -> Traject:
        Traject.objects.filter(pk=item.pk).update(coordinator=CoordinatorFactory())
        item.refresh_from_db()
        return traject_advance(traject=item, to=Phase.PREPARATION, by=staff)

    late = traject(28)
    start(traject(10))
    planned = start(traject(20))
    for phase in (Phase.CONFERENCE_PLANNED, Phase.PLAN_MADE):
        planned = traject_advance(traject=planned, to=phase, by=staff)
    traject_stop(traject=traject(5), by=staff, reason=StopReason.NETWORK_TOO_SMALL)
    waiting = RegistrationFactory(
        postcode=postcode("2000"), created_at=timezone.now() - timedelta(days=3)
    )
    free = CoordinatorFactory(regions=[antwerpen])
    certificate_issue(
        user=free,
        track=TrackFactory(code="matching-basis"),
        issued_on=timezone.localdate() - timedelta(days=30),
    )
    return FiguresSite(
        url=kring_site.url,
        password=kring_site.password,
        secret=secret,
        late_reference=late.reference,
        waiting_reference=waiting.reference,
    )


def url_of(site: FiguresSite, path: str) -> re.Pattern[str]:
    """The page's whole address, with or without a query string."""
    return re.compile("^" + re.escape(site.url + path) + r"(\?.*)?$")


def staff_menu(page: Page):
    return page.get_by_role("navigation", name="Staff area")


def test_staff_open_the_dashboard_and_the_figures_from_the_menu(
    page: Page, figures_site: FiguresSite, axe
) -> None:
    site = figures_site
    log_in(page, site.url, STAFF_EMAIL, site.password, site.secret)

    # From another page of the staff area, the menu's first item leads to the dashboard.
    page.goto(site.url + "/en/staf/trajecten/")
    menu_items = staff_menu(page).get_by_role("link")
    expect(menu_items.first).to_have_text("Dashboard")
    staff_menu(page).get_by_role("link", name="Dashboard", exact=True).click()

    expect(page).to_have_url(url_of(site, "/en/staf/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(staff_menu(page).get_by_role("link", name="Dashboard", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    risk = page.get_by_role("region", name="Trajects at risk")
    expect(risk.get_by_role("link", name=site.late_reference, exact=True)).to_be_visible()
    expect(risk).to_contain_text("past the three-week promise")
    waiting = page.get_by_role("region", name="Registrations waiting")
    expect(waiting.get_by_role("link", name=site.waiting_reference, exact=True)).to_be_visible()
    expect(page.get_by_text("1 coordinator can be proposed today.")).to_be_visible()
    axe.assert_no_violations(page)

    # A traject at risk leads to its page, and back.
    risk.get_by_role("link", name=site.late_reference, exact=True).click()
    expect(page).to_have_url(url_of(site, f"/en/staf/trajecten/{site.late_reference}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Traject {site.late_reference}")
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")

    # The figures, from the menu: this year up to today, three charts each beside its table.
    staff_menu(page).get_by_role("link", name="Figures", exact=True).click()
    expect(page).to_have_url(url_of(site, "/en/staf/rapport/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Figures")
    charts = page.locator("svg[role='img']")
    expect(charts).to_have_count(3)
    expect(page.get_by_role("img", name="Median days from the registration")).to_be_visible()
    expect(page.get_by_role("table", name="Reasons for stopping")).to_contain_text(
        "The network is too small"
    )
    expect(page.get_by_role("table", name="Key figures")).to_contain_text("Trajects started")
    expect(page.locator("script[src*='pygal'], script[src^='http']")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^CSV"))).to_have_attribute(
        "href", re.compile(r"export=csv")
    )
    axe.assert_no_violations(page)

    # Filtered by who registered: the form keeps the choice.
    page.get_by_label("Registered by").select_option("professional")
    page.get_by_role("button", name="Show the figures", exact=True).click()
    expect(page).to_have_url(re.compile(r"registrant_type=professional"))
    expect(page.get_by_label("Registered by")).to_have_value("professional")
    expect(page.get_by_text("Nothing to draw for this period").first).to_be_visible()
    axe.assert_no_violations(page)

    # A period the wrong way round: the error next to the field, no figures.
    page.get_by_label("From:", exact=True).fill("2026-05-01")
    page.get_by_label("Up to and including:", exact=True).fill("2026-02-01")
    page.get_by_role("button", name="Show the figures", exact=True).click()
    expect(page.locator("#id_date_to_error")).to_have_text(
        "This date lies before the start of the period: swap them."
    )
    expect(page.locator("svg[role='img']")).to_have_count(0)
    axe.assert_no_violations(page)


def test_an_empty_dashboard_passes_axe(page: Page, kring_site, axe) -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from people.factories import StaffFactory, region

    email = "staf.west-vlaanderen.cijfers@kring.example"
    staff = StaffFactory(email=email, regions=[region("west-vlaanderen")])
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    log_in(page, kring_site.url, email, kring_site.password, secret)

    page.goto(kring_site.url + "/en/staf/")
    expect(page.get_by_text("No traject at risk")).to_be_visible()
    expect(page.locator(".empty-state")).to_have_count(4)
    axe.assert_no_violations(page)
