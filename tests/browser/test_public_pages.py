"""The public pages in a real browser: axe-core finds no accessibility violation on any page
type (Dutch, and the home page in French), answers open and close by keyboard, and a phone
shows no sideways scrolling."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

DUTCH_PAGES = {
    "home": "/",
    "content page": "/wat-is-een-eigen-kracht-conferentie/",
    "region index": "/regios/",
    "region page": "/regios/brussel-halle-vilvoorde/",
    "news index": "/nieuws/",
    "news page": "/nieuws/bijna-900-trajecten/",
    "search without results": "/zoeken/?q=xyzzyplugh",
    "search with results": "/zoeken/?q=besloten",
    "search form": "/zoeken/",
    "404": "/deze-pagina-bestaat-niet/",
}


def test_every_public_page_type_has_no_accessibility_violations(
    page: Page, kring_site, axe, csp_violations
) -> None:
    failures = []
    for name, path in DUTCH_PAGES.items():
        page.goto(kring_site.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        violations = axe.run(page)
        if violations:
            failures.append(f"{name} ({path}): " + ", ".join(v["id"] for v in violations))
    assert not failures, "\n".join(failures)
    # Our scripts (the menu) and styles load under the Content-Security-Policy, refused nothing.
    assert not csp_violations, "\n".join(csp_violations)


def test_open_answers_and_place_lists_have_no_accessibility_violations(
    page: Page, kring_site, axe
) -> None:
    for path in ("/wat-is-een-eigen-kracht-conferentie/", "/regios/antwerpen/"):
        page.goto(kring_site.url + path)
        page.locator("details").evaluate_all("nodes => nodes.forEach(n => n.open = true)")
        axe.assert_no_violations(page)


def test_french_home_page_has_no_accessibility_violations(page: Page, kring_site, axe) -> None:
    page.goto(kring_site.url + "/fr/")
    expect(page.locator("html")).to_have_attribute("lang", re.compile(r"^fr\b"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe.assert_no_violations(page)

    # The home page leads on to the French pages.
    page.get_by_role("link", name="Comment ça marche").click()
    expect(page).to_have_url(re.compile(r"/fr/quest-ce-quune-conference-eigen-kracht/$"))
    axe.assert_no_violations(page)


def test_faq_answer_opens_by_keyboard_without_javascript_of_ours(page: Page, kring_site) -> None:
    page.goto(kring_site.url + "/wat-is-een-eigen-kracht-conferentie/")
    question = page.locator(".faq-item summary").first
    answer = page.locator(".faq-item__answer").first
    expect(answer).to_be_hidden()

    question.focus()
    page.keyboard.press("Enter")

    expect(answer).to_be_visible()


def test_search_from_the_form_shows_results_in_the_pages_language(page: Page, kring_site) -> None:
    page.goto(kring_site.url + "/en/zoeken/")
    page.get_by_role("searchbox").fill("coordinator")
    page.get_by_role("search").get_by_role("button").click()

    results = page.locator(".search-result__title a")
    expect(results.first).to_be_visible()
    for href in results.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert href.startswith("/en/")


@pytest.mark.parametrize(
    "path", ["/", "/wat-is-een-eigen-kracht-conferentie/", "/regios/antwerpen/"]
)
def test_a_phone_shows_no_sideways_scrolling(page: Page, kring_site, path) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(kring_site.url + path)
    page.locator("details").evaluate_all("nodes => nodes.forEach(n => n.open = true)")

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")

    assert overflow <= 0
