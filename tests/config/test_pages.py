"""The home page answers in Dutch at /, in French at /fr/ and in English at /en/."""

from __future__ import annotations

import re

import pytest
from django.utils.html import escape

from cms.models import HomePage

pytestmark = pytest.mark.django_db

HTML_LANG = re.compile(r"<html[^>]*\slang=\"([^\"]+)\"")


def html_lang(response) -> str:
    match = HTML_LANG.search(response.content.decode())
    assert match, "no <html lang=...>"
    return match.group(1)


def test_home_page_answers_in_dutch_french_and_english(client, home_page):
    # One test for the three languages: seeding the demo pages takes seconds.
    for url, language in [("/", "nl"), ("/fr/", "fr"), ("/en/", "en")]:
        response = client.get(url)

        assert response.status_code == 200, url
        assert html_lang(response).startswith(language), url
        page = HomePage.objects.get(locale__language_code=language)
        assert response.context["page"].pk == page.pk, url  # the translation, not the Dutch page
        assert escape(page.title) in response.content.decode(), url

    # The URL, not the browser's Accept-Language, chooses the language: / stays Dutch.
    french_browser = client.get("/", headers={"accept-language": "fr-BE,fr;q=0.9"})
    assert french_browser.status_code == 200
    assert html_lang(french_browser).startswith("nl")


def test_unknown_page_is_a_404_not_a_crash(client, db):
    client.raise_request_exception = False

    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/fr/no-such-page/").status_code == 404
