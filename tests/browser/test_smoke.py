"""The first journey through Kring in a real browser: a Dutch visitor switches to French and a
coordinator logs in. Labels are translated, so elements are found by role, name or attribute,
never by English text."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

LOGIN_PATH = re.compile(r"/accounts/login/")


def test_visitor_switches_to_french_and_coordinator_logs_in(page: Page, kring_site) -> None:
    page.goto(kring_site.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", re.compile(r"^nl\b"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    french = page.get_by_role("link", name="Français")
    expect(french).to_have_attribute("hreflang", "fr")
    french.click()

    expect(page).to_have_url(re.compile(r"/fr/$"))
    expect(page.locator("html")).to_have_attribute("lang", re.compile(r"^fr\b"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # The log-in link in the French page keeps the language.
    page.locator('header a[href$="/accounts/login/"]').click()
    expect(page).to_have_url(re.compile(r"/fr/accounts/login/$"))
    expect(page.locator("html")).to_have_attribute("lang", re.compile(r"^fr\b"))

    login_form = page.locator('form:has(input[name="password"])')
    login_form.locator('input[name="login"]').fill(kring_site.coordinator_email)
    login_form.locator('input[name="password"]').fill(kring_site.password)
    login_form.locator('button[type="submit"]').click()

    expect(page).not_to_have_url(LOGIN_PATH)
    expect(page.locator('a[href$="/accounts/logout/"]').first).to_be_visible()
    expect(page.locator('header a[href$="/accounts/login/"]')).to_have_count(0)


def test_wrong_password_keeps_the_visitor_on_the_login_page(page: Page, kring_site) -> None:
    page.goto(kring_site.url + "/accounts/login/")
    login_form = page.locator('form:has(input[name="password"])')
    login_form.locator('input[name="login"]').fill(kring_site.coordinator_email)
    login_form.locator('input[name="password"]').fill("not-the-password")
    login_form.locator('button[type="submit"]').click()

    expect(page).to_have_url(LOGIN_PATH)
    expect(page.locator('a[href$="/accounts/logout/"]')).to_have_count(0)


def test_home_page_has_no_accessibility_violations(page: Page, kring_site, axe) -> None:
    page.goto(kring_site.url + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe.assert_no_violations(page)


def test_login_page_has_no_accessibility_violations(page: Page, kring_site, axe) -> None:
    page.goto(kring_site.url + "/accounts/login/")
    expect(page.locator('input[name="login"]')).to_be_visible()
    axe.assert_no_violations(page)
