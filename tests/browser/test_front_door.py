"""The front door in a real browser: from the home page in each language the registration form
is one click away, on a 390 px phone and on a desktop; on a phone the header is compact and the
menu is a disclosure that opens; the volunteer portal's sub-menu folds the same way. axe-core
finds nothing with the menus open or closed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
HOMES = {"nl": "/", "fr": "/fr/", "en": "/en/"}
# "Register a question" is at most this tall on a phone, with the menu closed.
PHONE_HEADER_MAX = 120


@pytest.fixture
def front_door_site(kring_site):
    """The demo's public pages with the registration form and the recruitment page, and the
    ways in pointing at them (as ``seed_demo`` does)."""
    from cms.demo import seed_front_door
    from training.demo import seed_page as seed_recruitment_page
    from trajects.demo import seed_page as seed_registration_page

    registration, _made = seed_registration_page()
    seed_recruitment_page()
    seed_front_door()
    urls = {"nl": registration.url}
    for translation in registration.get_translations():
        urls[translation.locale.language_code] = translation.url
    return kring_site, urls


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("code", ["nl", "fr", "en"])
def test_the_registration_form_is_one_click_from_the_home_page(
    page: Page, front_door_site, code, viewport
) -> None:
    site, registration_urls = front_door_site
    page.set_viewport_size(viewport)
    page.goto(site.url + HOMES[code])

    button = page.locator(".site-header__register")
    expect(button).to_be_visible()
    button.click()

    expect(page).to_have_url(site.url + registration_urls[code])
    expect(page.locator("html")).to_have_attribute("lang", re.compile(rf"^{code}\b"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main form input:not([type=hidden])").first).to_be_visible()


def test_the_home_page_call_to_action_opens_the_registration_form(
    page: Page, front_door_site
) -> None:
    site, registration_urls = front_door_site
    page.set_viewport_size(PHONE)
    page.goto(site.url + "/")

    page.locator(".home__aside .block-cta .button").first.click()

    expect(page).to_have_url(site.url + registration_urls["nl"])
    expect(page.locator("main form input:not([type=hidden])").first).to_be_visible()


def test_on_a_phone_the_header_is_compact_and_the_menu_opens(
    page: Page, front_door_site, axe
) -> None:
    site, _urls = front_door_site
    page.set_viewport_size(PHONE)
    page.goto(site.url + "/")
    menu_link = page.locator(".site-nav a").first
    toggle = page.locator(".site-menu__toggle")

    expect(toggle).to_be_visible()
    expect(menu_link).to_be_hidden()
    height = page.locator(".site-header").evaluate("node => node.getBoundingClientRect().height")
    assert height <= PHONE_HEADER_MAX, f"the header is {height} px tall on a phone"
    axe.assert_no_violations(page)

    toggle.click()
    expect(menu_link).to_be_visible()
    expect(page.locator(".site-nav a")).not_to_have_count(0)
    axe.assert_no_violations(page)

    # A menu link leads on; the next page starts with the menu closed again.
    page.locator(".site-nav a[href='/regios/']").click()
    expect(page).to_have_url(site.url + "/regios/")
    expect(page.locator(".site-nav a").first).to_be_hidden()

    # Escape closes an open menu and gives the focus back to its button.
    page.locator(".site-menu__toggle").click()
    page.locator(".site-nav a").first.focus()
    page.keyboard.press("Escape")
    expect(page.locator(".site-nav a").first).to_be_hidden()
    expect(page.locator(".site-menu__toggle")).to_be_focused()


def test_the_menu_works_without_javascript(browser, front_door_site) -> None:
    site, _urls = front_door_site
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="nl-BE")
    try:
        page = context.new_page()
        page.goto(site.url + "/")
        expect(page.locator(".site-nav a").first).to_be_hidden()
        page.locator(".site-menu__toggle").click()
        expect(page.locator(".site-nav a").first).to_be_visible()

        page.set_viewport_size(DESKTOP)
        page.goto(site.url + "/")
        expect(page.locator(".site-menu__toggle")).to_be_hidden()
        expect(page.locator(".site-nav a").first).to_be_visible()
    finally:
        context.close()


def test_on_a_desktop_the_menu_is_open_without_a_button(page: Page, front_door_site, axe) -> None:
    site, _urls = front_door_site
    page.set_viewport_size(DESKTOP)
    page.goto(site.url + "/")

    expect(page.locator(".site-menu__toggle")).to_be_hidden()
    expect(page.locator(".site-nav a").first).to_be_visible()
    expect(page.locator(".site-footer__nav a")).to_have_count(3)
    axe.assert_no_violations(page)


def test_the_portal_sub_menu_folds_on_a_phone(page: Page, front_door_site, axe) -> None:
    site, _urls = front_door_site
    log_in(page, site.url, site.coordinator_email, site.password)
    page.set_viewport_size(PHONE)
    page.goto(site.url + "/portaal/")
    sub_link = page.locator(".sub-nav a").first
    toggle = page.locator(".sub-menu__toggle")

    expect(toggle).to_be_visible()
    expect(sub_link).to_be_hidden()
    axe.assert_no_violations(page)

    toggle.click()
    expect(sub_link).to_be_visible()
    axe.assert_no_violations(page)

    page.set_viewport_size(DESKTOP)
    page.reload()
    expect(page.locator(".sub-menu__toggle")).to_be_hidden()
    expect(page.locator(".sub-nav a").first).to_be_visible()
