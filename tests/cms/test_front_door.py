"""The ways in: from the home page in each language a visitor reaches the registration form and
the recruitment page by following links; the header, the menu, the footer, the home page's call
to action, the region pages and the news item about the training all lead there.

``front_door`` adds the domain apps' demo pages (the registration form, the recruitment page) to
the module's demo pages and runs ``seed_front_door``, as ``seed_demo`` does."""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.utils import translation
from wagtail.models import Locale, Page, Site

from cms.demo import seed_front_door
from cms.models import FrontDoorSettings, HomePage, NewsPage, RegionPage

pytestmark = pytest.mark.django_db

HOMES = {"nl": "/", "fr": "/fr/", "en": "/en/"}
CRAWL_LIMIT = 80  # pages per language; the public site has about 30


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def _same_site(href: str) -> str | None:
    """The path of a link on this site, without fragment; None for mail, phone, other sites,
    the admin, log-in and files."""
    href = urldefrag(href)[0]
    parts = urlsplit(href)
    if parts.scheme not in ("", "http", "https") or (parts.netloc not in ("", "testserver")):
        return None
    path = parts.path
    if not path.startswith("/") or path.startswith(
        ("/admin", "/django-admin", "/static", "/media")
    ):
        return None
    if "/accounts/" in path or path.endswith((".pdf", ".ics", ".xml", ".txt")):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def crawl(client, start: str, limit: int = CRAWL_LIMIT) -> dict[str, int]:
    """Breadth first from ``start``, following <a href> on this site and redirects: each
    visited path's status code. Bounded by ``limit`` pages."""
    seen: dict[str, int] = {}
    queue = deque([start])
    while queue and len(seen) < limit:
        path = queue.popleft()
        if path in seen:
            continue
        response = client.get(path)
        seen[path] = response.status_code
        if response.status_code in (301, 302):
            target = _same_site(response["Location"])
            if target and target not in seen:
                queue.append(target)
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        found = [p for p in (_same_site(h) for h in links(response.content.decode())) if p]
        queue.extend(p for p in found if p not in seen)
    return seen


def translated(page: Page, code: str) -> Page:
    return page.get_translation(Locale.objects.get(language_code=code))


@pytest.fixture
def front_door(site_pages) -> dict[str, Page]:
    from training.demo import seed_page as seed_recruitment_page
    from trajects.demo import seed_page as seed_registration_page

    registration, _made = seed_registration_page(home=site_pages["home"])
    volunteer = seed_recruitment_page()
    seed_front_door()
    return {**site_pages, "registration": registration, "volunteer": volunteer}


def test_seed_points_the_ways_in_at_the_registration_form_and_the_recruitment_page(front_door):
    settings = FrontDoorSettings.for_site(Site.objects.get(is_default_site=True))
    assert settings.registration_page.pk == front_door["registration"].pk
    assert settings.volunteer_page.pk == front_door["volunteer"].pk
    assert settings.contact_page.pk == front_door["regions"].pk
    assert settings.privacy_page.slug == "privacy"
    assert settings.accessibility_page.slug == "toegankelijkheid"


def test_seed_front_door_twice_changes_nothing(front_door):
    revisions = front_door["home"].revisions.count()
    seed_front_door()
    assert front_door["home"].revisions.count() == revisions


@pytest.mark.parametrize("code", ["nl", "fr", "en"])
def test_a_crawl_from_the_home_page_reaches_both_forms(client, front_door, code):
    registration = translated(front_door["registration"], code) if code != "nl" else None
    volunteer = translated(front_door["volunteer"], code) if code != "nl" else None
    registration = registration or front_door["registration"]
    volunteer = volunteer or front_door["volunteer"]

    pages = crawl(client, HOMES[code])

    assert registration.url in pages, f"{registration.url} not reached from {HOMES[code]}"
    assert volunteer.url in pages, f"{volunteer.url} not reached from {HOMES[code]}"
    broken = {path: status for path, status in pages.items() if status >= 400}
    assert not broken, broken


@pytest.mark.parametrize("code", ["nl", "fr", "en"])
def test_the_registration_form_is_one_click_from_the_home_page(client, front_door, code):
    registration = front_door["registration"]
    if code != "nl":
        registration = translated(registration, code)

    html = client.get(HOMES[code]).content.decode()

    assert registration.url in links(html)
    assert client.get(registration.url).status_code == 200


def test_every_public_page_has_the_register_button_and_the_volunteer_link(client, front_door):
    for path in ("/", "/regios/", "/regios/antwerpen/", "/nieuws/", "/zoeken/", "/privacy/"):
        hrefs = links(client.get(path).content.decode())
        assert front_door["registration"].url in hrefs, path
        assert front_door["volunteer"].url in hrefs, path


def test_the_home_page_call_to_action_goes_to_the_registration_form(client, front_door):
    for code in ("nl", "fr", "en"):
        home = HomePage.objects.get(locale__language_code=code)
        ctas = [block for block in home.body if block.block_type == "call_to_action"]
        registration = translated(front_door["registration"], code).localized
        assert ctas[0].value["page"].localized.pk in (
            front_door["registration"].pk,
            registration.pk,
        )
        aside = home.split_body()[1]
        assert aside[0].block_type == "call_to_action"


def test_region_pages_link_to_the_form_and_show_the_contact(client, front_door):
    page = RegionPage.objects.get(locale__language_code="nl", region__code="antwerpen")
    page.contact_name = "Team Antwerpen"
    page.save_revision().publish()

    html = client.get(page.url).content.decode()

    assert front_door["registration"].url in links(html)
    assert "Team Antwerpen" in html
    assert f"mailto:{page.contact_email}" in html


def test_seed_names_the_regions_staff_contact_on_a_new_region_page(site_pages, staff):
    from cms.demo import seed_pages

    region = site_pages["antwerpen"].region
    region.contact = staff
    region.save()
    for page in site_pages["antwerpen"].get_translations(inclusive=True):
        page.delete()

    seed_pages()

    page = RegionPage.objects.get(locale__language_code="nl", region=region)
    assert page.contact_name == staff.get_full_name()
    assert page.get_translation(Locale.objects.get(language_code="fr")).contact_name == (
        staff.get_full_name()
    )


def test_the_news_about_the_training_links_to_the_recruitment_page(client, front_door):
    for code in ("nl", "fr", "en"):
        news = NewsPage.objects.get(
            locale__language_code=code, translation_key=_training_news().translation_key
        )
        volunteer = front_door["volunteer"]
        if code != "nl":
            volunteer = translated(volunteer, code)
        body = [b for b in news.body if b.block_type == "call_to_action"]
        assert [b.value["page"].pk for b in body] == [volunteer.pk]


def _training_news() -> NewsPage:
    return NewsPage.objects.get(
        locale__language_code="nl", slug="nieuwe-opleiding-eigen-kracht-coordinatoren"
    )


def test_the_footer_links_to_privacy_accessibility_and_contact(client, front_door):
    for code, home in HOMES.items():
        html = client.get(home).content.decode()
        footer = html[html.index('<footer class="site-footer"') :]
        for key in ("privacy", "accessibility", "contact"):
            page = getattr(
                FrontDoorSettings.for_site(Site.objects.get(is_default_site=True)), f"{key}_page"
            )
            if code != "nl":
                page = translated(page, code)
            assert page.url in links(footer), (code, key)
            assert client.get(page.url).status_code == 200


def test_the_privacy_and_accessibility_pages_exist_in_three_languages(front_door):
    settings = FrontDoorSettings.for_site(Site.objects.get(is_default_site=True))
    for page in (settings.privacy_page, settings.accessibility_page):
        assert not page.show_in_menus
        for code in ("fr", "en"):
            translation_ = translated(page, code)
            assert translation_.live
            assert translation_.title != page.title


def test_without_settings_the_header_shows_no_register_button(client, site_pages):
    with translation.override("en"):
        html = client.get("/en/").content.decode()
    assert "site-header__register" not in html


def test_a_chosen_page_that_is_unpublished_gives_no_link(client, front_door):
    front_door["volunteer"].unpublish()
    for translation_ in front_door["volunteer"].get_translations():
        translation_.unpublish()
    hrefs = links(client.get("/").content.decode())
    assert front_door["volunteer"].url not in hrefs
    assert front_door["registration"].url in hrefs


def test_the_links_cost_a_few_queries_once_per_request(
    client, front_door, django_assert_max_num_queries
):
    from django.test import RequestFactory

    from cms.templatetags.front_door_tags import front_door_links

    request = RequestFactory().get("/")
    site = Site.objects.get(is_default_site=True)
    request._wagtail_site = site
    settings = FrontDoorSettings.for_site(site)
    with django_assert_max_num_queries(6):
        links_ = settings.links(request)
    assert set(links_) == {"registration", "volunteer", "contact", "privacy", "accessibility"}
    front_door_links(request)
    with django_assert_max_num_queries(0):
        front_door_links(request)


def test_editors_choose_the_ways_in_in_the_admin(client, login, administrator, front_door):
    login(client, administrator)
    site = Site.objects.get(is_default_site=True)

    response = client.get(f"/admin/settings/cms/frontdoorsettings/{site.pk}/")

    assert response.status_code == 200


def test_an_outsider_cannot_edit_the_ways_in(client, front_door):
    site = Site.objects.get(is_default_site=True)
    response = client.get(f"/admin/settings/cms/frontdoorsettings/{site.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
