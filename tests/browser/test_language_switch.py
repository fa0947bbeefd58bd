"""The language switch on the demo site: on every public page type, on a portal page and on a
staff page, each language's link opens the page in that language (200, ``html[lang]``, the
translated heading), never a 404; a page without a translation falls back to the home page
with a notice. And staff land on their inbox after logging in."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in

LANGUAGES = ("nl", "fr", "en")
# Click order: from Dutch to French, to English, back to Dutch: every button once per page.
CLICKS = ("fr", "en", "nl")


@dataclass(frozen=True)
class Target:
    urls: dict[str, str]  # the page's address in each language
    headings: dict[str, str]  # its <h1> in each language


@dataclass(frozen=True)
class SwitchSite:
    url: str
    password: str
    coordinator_email: str
    staff_email: str
    staff_secret: str
    pages: dict[str, Target]
    untranslated: str  # a Dutch page without an English translation


def _translated(text: str) -> dict[str, str]:
    headings = {}
    for code in LANGUAGES:
        with translation.override(code):
            headings[code] = translation.gettext(text)
    return headings


@pytest.fixture
def switch_site(kring_site) -> SwitchSite:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from wagtail.models import Locale

    from cms.models import (
        ContentPage,
        HomePage,
        NewsIndexPage,
        NewsPage,
        RegionIndexPage,
        RegionPage,
    )
    from people.factories import StaffFactory, region
    from training import demo as training_demo
    from trajects.demo import seed_page as seed_registration_page

    home = HomePage.objects.get(locale__language_code="nl")
    seed_registration_page(home=home)
    training_demo.seed_page()
    from training.recruitment.pages import RecruitmentPage
    from trajects.pages import RegistrationPage

    locales = {code: Locale.objects.get(language_code=code) for code in LANGUAGES}
    pages = {}
    for name, model in {
        "home": HomePage,
        "content": ContentPage,
        "news_index": NewsIndexPage,
        "news": NewsPage,
        "regions": RegionIndexPage,
        "region": RegionPage,
        "registration": RegistrationPage,
        "recruitment": RecruitmentPage,
    }.items():
        source = model.objects.filter(locale=locales["nl"]).live().order_by("path").first()
        translations = {code: source.get_translation(locale) for code, locale in locales.items()}
        pages[name] = Target(
            urls={code: page.url for code, page in translations.items()},
            headings={code: page.title for code, page in translations.items()},
        )
    pages["search"] = Target(
        urls={"nl": "/zoeken/", "fr": "/fr/zoeken/", "en": "/en/zoeken/"},
        headings=_translated("Search"),
    )
    pages["certificate"] = Target(
        urls={"nl": "/certificaat/", "fr": "/fr/certificaat/", "en": "/en/certificaat/"},
        headings=_translated("Verify a certificate"),
    )

    untranslated = ContentPage.objects.filter(locale=locales["nl"]).live().order_by("-path")[0]
    untranslated.get_translation(locales["en"]).unpublish()

    staff = StaffFactory(email="staf.taal@kring.example", regions=[region("antwerpen")])
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    return SwitchSite(
        url=kring_site.url,
        password=kring_site.password,
        coordinator_email=kring_site.coordinator_email,
        staff_email=staff.email,
        staff_secret=secret,
        pages=pages,
        untranslated=untranslated.url,
    )


class Documents:
    """The status of every page the browser opened (redirects included)."""

    def __init__(self, page: Page):
        self.statuses: list[tuple[str, int]] = []
        page.on(
            "response",
            lambda response: (
                self.statuses.append((response.url, response.status))
                if response.request.resource_type == "document"
                else None
            ),
        )

    def assert_no_errors(self) -> None:
        errors = [(url, status) for url, status in self.statuses if status >= 400]
        assert errors == [], errors


def switch_to(page: Page, code: str) -> None:
    page.locator(f'.language-switch a[hreflang="{code}"]').click()


def assert_in_language(page: Page, base: str, target: Target, code: str) -> None:
    expect(page).to_have_url(base + target.urls[code])
    expect(page.locator("html")).to_have_attribute("lang", re.compile(f"^{code}"))
    expect(page.locator("h1").first).to_contain_text(target.headings[code])
    expect(page.locator(f'.language-switch a[hreflang="{code}"]')).to_have_attribute(
        "aria-current", "true"
    )


def test_every_language_button_on_every_public_page_type(page: Page, switch_site):
    documents = Documents(page)
    for name, target in switch_site.pages.items():
        page.goto(switch_site.url + target.urls["nl"])
        assert_in_language(page, switch_site.url, target, "nl")
        for code in CLICKS:
            switch_to(page, code)
            try:
                assert_in_language(page, switch_site.url, target, code)
            except AssertionError as error:
                raise AssertionError(f"{name}, to {code}: {error}") from error
    documents.assert_no_errors()


def test_a_page_without_translation_leads_to_the_home_page_with_a_notice(
    page: Page, switch_site, axe
):
    documents = Documents(page)
    page.goto(switch_site.url + switch_site.untranslated)

    switch_to(page, "en")

    expect(page).to_have_url(switch_site.url + "/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".messages")).to_contain_text(
        "This page is not available in English; you are on the home page."
    )
    documents.assert_no_errors()
    axe.assert_no_violations(page)


def test_language_buttons_on_a_portal_page(page: Page, switch_site):
    documents = Documents(page)
    log_in(page, switch_site.url, switch_site.coordinator_email, switch_site.password)
    portal = Target(
        urls={"nl": "/portaal/", "fr": "/fr/portaal/", "en": "/en/portaal/"},
        headings=_translated("Welcome, %(name)s"),
    )
    headings = {code: text.split("%")[0].strip() for code, text in portal.headings.items()}
    portal = Target(urls=portal.urls, headings=headings)

    page.goto(switch_site.url + "/portaal/")
    for code in CLICKS:
        switch_to(page, code)
        assert_in_language(page, switch_site.url, portal, code)
    documents.assert_no_errors()


def test_staff_land_on_their_inbox_and_can_switch_its_language(page: Page, switch_site):
    documents = Documents(page)
    inbox = Target(
        urls={
            "nl": "/staf/aanmeldingen/",
            "fr": "/fr/staf/aanmeldingen/",
            "en": "/en/staf/aanmeldingen/",
        },
        headings=_translated("Registrations"),
    )

    log_in(
        page,
        switch_site.url,
        switch_site.staff_email,
        switch_site.password,
        switch_site.staff_secret,
    )

    assert_in_language(page, switch_site.url, inbox, "nl")  # the landing after log-in
    for code in CLICKS:
        switch_to(page, code)
        assert_in_language(page, switch_site.url, inbox, code)
    documents.assert_no_errors()
