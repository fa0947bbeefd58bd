"""Search finds live, public pages in the visitor's language only, ten to a page."""

from __future__ import annotations

import re

import pytest
from wagtail.models import PageViewRestriction

from tests.cms.conftest import add_news, parse_head

pytestmark = pytest.mark.django_db

RESULT_LINK = re.compile(r'<h2 class="search-result__title"><a href="([^"]+)">')


def result_urls(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return RESULT_LINK.findall(response.content.decode())


def test_search_finds_a_page_by_a_word_in_its_body(client, site_pages):
    urls = result_urls(client, "/zoeken/?q=Maori")

    assert "/oorsprong-en-pijlers/" in urls


def test_search_finds_pages_in_the_current_language_only(client, site_pages):
    dutch = result_urls(client, "/zoeken/?q=coördinator")
    french = result_urls(client, "/fr/zoeken/?q=coordinateur")
    english = result_urls(client, "/en/zoeken/?q=coordinator")

    assert dutch and french and english
    assert not any(url.startswith(("/fr/", "/en/")) for url in dutch)
    assert all(url.startswith("/fr/") for url in french)
    assert all(url.startswith("/en/") for url in english)


def test_a_word_from_another_language_finds_nothing(client, site_pages):
    assert result_urls(client, "/fr/zoeken/?q=kernpersoon") == []


def test_search_leaves_out_unpublished_and_private_pages(client, site_pages):
    site_pages["origin"].unpublish()
    PageViewRestriction.objects.create(
        page=site_pages["news"], restriction_type=PageViewRestriction.LOGIN
    )

    urls = result_urls(client, "/zoeken/?q=besloten")

    assert "/oorsprong-en-pijlers/" not in urls
    assert not any(url.startswith("/nieuws/") for url in urls)
    assert "/wat-is-een-eigen-kracht-conferentie/" in urls


def test_search_without_a_query_shows_the_form_only(client, site_pages):
    html = client.get("/zoeken/").content.decode()

    assert 'role="search"' in html
    assert 'name="q"' in html
    assert "search-results" not in html


def test_search_with_no_match_says_so_and_offers_the_general_contact(client, site_pages):
    html = client.get("/zoeken/?q=xyzzyplugh").content.decode()

    assert "search-result__title" not in html
    assert "info@eigenkrachtcentrale.be" in html


def test_search_results_come_ten_to_a_page_and_keep_the_query(client, site_pages):
    add_news(site_pages["news"], 14)

    first = client.get("/zoeken/?q=kring").content.decode()
    second = result_urls(client, "/zoeken/?q=kring&page=2")

    assert len(RESULT_LINK.findall(first)) == 10
    assert second
    assert 'href="?q=kring&amp;page=2"' in first


def test_search_results_are_kept_out_of_search_engines(client, site_pages):
    head = parse_head(client.get("/zoeken/?q=plan"))

    assert head.first("robots") == "noindex, follow"
    assert head.canonical().endswith("/zoeken/")


def test_a_very_long_query_is_cut_short(client, site_pages):
    response = client.get("/zoeken/?q=" + "plan" * 200)

    assert response.status_code == 200


def test_search_answers_only_get(client, site_pages):
    assert client.post("/zoeken/", {"q": "plan"}).status_code == 405
