"""The language switch: on every page type each language's link leads to the page in that
language (its translation, the same view, or that language's home page with a notice), through
``switch_language``, which keeps the choice in the language cookie."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import translation
from wagtail.models import Locale, Page

from cms.views import NOT_TRANSLATED

LANGUAGES = ("nl", "fr", "en")
HTML_LANG = {"nl": "nl-BE", "fr": "fr-BE", "en": "en"}
SWITCH = re.compile(r'<nav class="language-switch"[^>]*>(.*?)</nav>', re.S)
LINK = re.compile(r"<a ([^>]*)>")
ATTR = re.compile(r'([\w-]+)(?:="([^"]*)")?')


@pytest.fixture(scope="module")
def _every_page_type(django_db_setup, django_db_blocker):
    """The demo site with every public page type: the cms pages, the registration page, the
    recruitment page and the training (index, modules, lessons). Once per module."""
    from cms.demo import seed_pages
    from training import demo as training_demo
    from trajects.demo import seed_page as seed_registration_page

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            home = seed_pages()
            seed_registration_page(home=home)
            training_demo.seed_page()
            training_demo.learning.seed()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def pages(_every_page_type, db) -> dict[str, Page]:
    """One Dutch page of each type, by type."""
    from cms.models import (
        ContentPage,
        HomePage,
        NewsIndexPage,
        NewsPage,
        RegionIndexPage,
        RegionPage,
    )
    from training.models import LessonPage, ModulePage, RecruitmentPage, TrainingIndexPage
    from trajects.pages import RegistrationPage

    types = {
        "home": HomePage,
        "content": ContentPage,
        "news_index": NewsIndexPage,
        "news": NewsPage,
        "regions": RegionIndexPage,
        "region": RegionPage,
        "registration": RegistrationPage,
        "recruitment": RecruitmentPage,
        "training": TrainingIndexPage,
        "module": ModulePage,
        "lesson": LessonPage,
    }
    return {
        name: model.objects.filter(locale__language_code="nl").live().order_by("path").first()
        for name, model in types.items()
    }


def switch_links(response) -> dict[str, dict[str, str]]:
    """The language switch's links by language: their attributes."""
    html = response.content.decode()
    nav = SWITCH.search(html)
    assert nav, "no language switch on the page"
    links = {}
    for attributes in LINK.findall(nav.group(1)):
        attrs = {name: unescape(value) for name, value in ATTR.findall(attributes)}
        links[attrs["data-language"]] = attrs
    return links


def next_of(href: str) -> tuple[str, bool]:
    query = parse_qs(urlsplit(href).query)
    return query["next"][0], "missing" in query


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


LEARNING = {"training", "module", "lesson"}


@pytest.mark.parametrize(
    "page_type",
    [
        "home",
        "content",
        "news_index",
        "news",
        "regions",
        "region",
        "registration",
        "recruitment",
        "training",
        "module",
        "lesson",
    ],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_link_leads_to_the_pages_translation(
    client, login, coordinator, pages, page_type, language
):
    if page_type in LEARNING:
        login(client, coordinator)  # members only
    source = pages[page_type]
    page = source.get_translation(Locale.objects.get(language_code=language))
    translations = {
        code: source.get_translation(Locale.objects.get(language_code=code)).url
        for code in LANGUAGES
    }

    response = client.get(page.url)

    assert response.status_code == 200
    links = switch_links(response)
    assert list(links) == list(LANGUAGES)
    for code, link in links.items():
        assert link["href"].startswith(f"/taal/{code}/?")
        assert next_of(link["href"]) == (translations[code], False)
        assert link["lang"] == code
        assert link["hreflang"] == code
        assert ("aria-current" in link) == (code == language)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_following_a_link_gives_the_translation_in_that_language(client, pages, language):
    response = client.get(pages["registration"].url)
    href = switch_links(response)[language]["href"]

    followed = client.get(href, follow=True)

    assert followed.status_code == 200
    assert followed.redirect_chain[-1][0] == next_of(href)[0]
    assert html_lang(followed) == HTML_LANG[language]
    translated = pages["registration"].get_translation(Locale.objects.get(language_code=language))
    assert translated.title in followed.content.decode()


def test_a_page_without_translation_falls_back_to_the_home_page_with_a_notice(client, pages):
    english = pages["content"].get_translation(Locale.objects.get(language_code="en"))
    english.unpublish()

    response = client.get(pages["content"].url)
    links = switch_links(response)

    assert next_of(links["en"]["href"]) == ("/en/", True)
    assert next_of(links["fr"]["href"])[1] is False
    arrived = client.get(links["en"]["href"], follow=True)
    assert arrived.redirect_chain[-1][0] == "/en/"
    assert arrived.status_code == 200
    assert html_lang(arrived) == "en"
    with translation.override("en"):
        notice = str(NOT_TRANSLATED["en"])
    assert notice == "This page is not available in English; you are on the home page."
    assert notice in arrived.content.decode()


# --- Views that are not Wagtail pages ----------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "path", "french", "english"),
    [
        ("coordinator", "/portaal/", "/fr/portaal/", "/en/portaal/"),
        ("staff", "/staf/aanmeldingen/", "/fr/staf/aanmeldingen/", "/en/staf/aanmeldingen/"),
        ("coach", "/coach/vrijwilligers/", "/fr/coach/vrijwilligers/", "/en/coach/vrijwilligers/"),
        ("anonymous", "/accounts/login/", "/fr/accounts/login/", "/en/accounts/login/"),
        ("anonymous", "/zoeken/?q=kring", "/fr/zoeken/?q=kring", "/en/zoeken/?q=kring"),
        ("anonymous", "/certificaat/", "/fr/certificaat/", "/en/certificaat/"),
    ],
)
def test_a_view_is_linked_in_each_language_and_answers_there(
    client, login, personas, _every_page_type, persona, path, french, english
):
    login(client, personas[persona])

    response = client.get(path)

    assert response.status_code == 200
    links = switch_links(response)
    expected = {"nl": path, "fr": french, "en": english}
    for code, link in links.items():
        assert next_of(link["href"]) == (expected[code], False)
        followed = client.get(link["href"], follow=True)
        assert followed.status_code == 200, link["href"]
        assert html_lang(followed) == HTML_LANG[code]


def test_the_switch_from_a_french_view_goes_back_to_dutch_without_prefix(
    client, login, coordinator, _every_page_type
):
    login(client, coordinator)

    links = switch_links(client.get("/fr/portaal/"))

    assert next_of(links["nl"]["href"]) == ("/portaal/", False)
    assert "aria-current" in links["fr"]


# --- The switch view ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_switching_keeps_the_language_in_the_cookie_and_redirects():
    from django.test import Client

    client = Client()
    response = client.get("/taal/fr/", {"next": "/fr/demande/"})

    assert response.status_code == 302
    assert response["Location"] == "/fr/demande/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"


@pytest.mark.django_db
def test_switching_updates_a_logged_in_users_interface_language(client, login, coordinator):
    login(client, coordinator)

    client.get("/taal/en/", {"next": "/en/portaal/"})

    coordinator.refresh_from_db()
    assert coordinator.preferred_language == "en"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "portaal/", ""]
)
def test_switching_never_redirects_off_the_site(client, unsafe):
    response = client.get("/taal/en/", {"next": unsafe})

    assert response.status_code == 302
    assert response["Location"] == "/en/"


@pytest.mark.django_db
def test_an_unknown_language_is_not_found(client):
    assert client.get("/taal/de/", {"next": "/"}).status_code == 404


@pytest.mark.django_db
def test_the_switch_only_answers_get(client):
    assert client.post("/taal/fr/", {"next": "/fr/"}).status_code == 405


@pytest.mark.django_db
def test_a_notice_is_only_shown_when_asked_for(client, _every_page_type):
    arrived = client.get("/taal/en/", {"next": "/en/"}, follow=True)

    with translation.override("en"):
        assert str(NOT_TRANSLATED["en"]) not in arrived.content.decode()
