"""sitemap.xml lists every live, public page in every language; robots.txt keeps crawlers out
of the log-in, admin and staff areas and points at the sitemap."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from wagtail.models import Page, PageViewRestriction

pytestmark = pytest.mark.django_db

LOC = re.compile(r"<loc>([^<]+)</loc>")


def sitemap_urls(client) -> set[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return set(LOC.findall(response.content.decode()))


def test_sitemap_lists_every_live_page_in_every_language(client, site_pages):
    urls = sitemap_urls(client)

    live = Page.objects.live().filter(depth__gt=1)
    assert urls == {page.full_url for page in live}
    assert site_pages["home"].full_url in urls
    assert site_pages["fr_what_is"].full_url in urls
    assert site_pages["en_news_item"].full_url in urls


def test_sitemap_leaves_out_unpublished_and_private_pages(client, site_pages):
    site_pages["origin"].unpublish()
    PageViewRestriction.objects.create(
        page=site_pages["news"], restriction_type=PageViewRestriction.LOGIN
    )

    urls = sitemap_urls(client)

    assert site_pages["origin"].full_url not in urls
    assert site_pages["news"].full_url not in urls
    assert site_pages["news_item"].full_url not in urls
    assert site_pages["what_is"].full_url in urls


def test_robots_txt_keeps_crawlers_out_of_private_areas_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    for path in ("/admin/", "/django-admin/", "/accounts/", "/staf/", "/portaal/"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /fr/accounts/" in lines
    assert not any("zoeken" in line for line in lines)  # its noindex must stay readable
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /" not in lines  # the public pages stay open


@override_settings(SITE_URL="https://kring.example.be")
def test_sitemap_and_robots_name_site_url_whatever_the_requests_host(client, site_pages):
    urls = sitemap_urls(client)

    assert urls
    assert all(url.startswith("https://kring.example.be/") for url in urls), urls
    assert "https://kring.example.be/fr/" in urls
    robots = client.get("/robots.txt", HTTP_HOST="testserver").content.decode().splitlines()
    assert "Sitemap: https://kring.example.be/sitemap.xml" in robots


def test_robots_txt_keeps_crawlers_off_the_language_switch(client):
    lines = client.get("/robots.txt").content.decode().splitlines()

    assert "Disallow: /taal/" in lines
