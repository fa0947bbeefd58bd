"""Page addresses kept on the request (cms.selectors.page_address) are Wagtail's own."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Page

from cms.selectors import page_address


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_page_address_is_wagtails_address_of_every_page(site_pages, language):
    request = RequestFactory().get("/")
    pages = list(Page.objects.all())
    assert len(pages) > 10
    with translation.override(language):
        for page in pages:
            expected = page.get_url(RequestFactory().get("/"))
            assert page_address(page, request) == expected, page.url_path
            assert page_address(page, request) == expected  # from the request's memo


def test_page_address_without_a_request_is_wagtails(site_pages):
    page = site_pages["what_is"]
    assert page_address(page, None) == page.get_url()


def test_an_address_follows_the_active_language(site_pages):
    request = RequestFactory().get("/")
    page = site_pages["home"]
    with translation.override("nl"):
        dutch = page_address(page, request)
    with translation.override("fr"):
        french = page_address(page, request)
    assert (dutch, french) == (page.get_url(), Page.objects.get(pk=page.pk).get_url())
