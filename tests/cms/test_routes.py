"""The page an address leads to, kept in the process (``cms.routes``): a later GET is served
from a copy of it without routing again; every request still gets its own copy and every
check; a change to the pages is seen at once in this process, within a second in the others,
and at once by a page rendered for the page cache."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction

from cms import pagecache, routes
from tests.cms.test_page_cache import HEADER, get, text

pytestmark = pytest.mark.django_db


def heading(response) -> str:
    """The page's own heading (the menu and the head read the titles apart)."""
    return text(response).split("<h1>", 1)[1].split("</h1>", 1)[0]


def reads_the_page_row(captured: CaptureQueriesContext) -> bool:
    """Whether a query read a content page's own row (routing does; the frame does not)."""
    return any('"cms_contentpage"' in query["sql"] for query in captured.captured_queries)


def reads_restrictions(captured: CaptureQueriesContext) -> bool:
    """Whether a query read the page's view restrictions (the frame's own query tests them for
    the menu, apart)."""
    return any(
        'FROM "wagtailcore_pageviewrestriction"' in query["sql"]
        for query in captured.captured_queries
    )


@pytest.mark.usefixtures("no_page_cache")
def test_the_second_view_of_a_page_is_served_without_routing_it_again(client, site_pages):
    page = site_pages["what_is"]

    with CaptureQueriesContext(connection) as first:
        get(client, page.url)
    with CaptureQueriesContext(connection) as second:
        response = get(client, page.url)

    assert reads_the_page_row(first)
    assert not reads_the_page_row(second)
    assert reads_restrictions(first)
    assert not reads_restrictions(second)
    assert len(second) < len(first)
    assert page.title in text(response)


@pytest.mark.usefixtures("no_page_cache")
def test_each_language_and_address_is_kept_apart(client, site_pages):
    for name in ("what_is", "fr_what_is", "origin", "home", "en_home"):
        get(client, site_pages[name].url)

    for name in ("what_is", "fr_what_is", "origin", "home", "en_home"):
        page = site_pages[name]
        assert f"<title>{page.seo_title or page.title}" in text(get(client, page.url)), name


@pytest.mark.usefixtures("no_page_cache")
def test_what_a_request_sets_on_its_page_stays_with_that_request(client, site_pages):
    page = site_pages["what_is"]
    get(client, page.url)

    def change_the_title(served, request, args, kwargs):
        served.title = "Door één verzoek veranderd"

    with hooks.register_temporarily("before_serve_page", change_the_title):
        assert heading(get(client, page.url)) == "Door één verzoek veranderd"

    assert heading(get(client, page.url)) == page.title


@pytest.mark.usefixtures("no_page_cache")
def test_a_published_change_is_served_at_once(client, site_pages):
    page = site_pages["what_is"]
    get(client, page.url)

    page.title = "Een nieuwe titel"
    page.save_revision().publish()

    assert heading(get(client, page.url)) == "Een nieuwe titel"


@pytest.mark.usefixtures("no_page_cache")
def test_an_unpublished_page_is_gone_at_once(client, site_pages):
    page = site_pages["what_is"]
    get(client, page.url)

    page.unpublish()

    assert client.get(page.url).status_code == 404


@pytest.mark.usefixtures("no_page_cache")
def test_a_page_kept_for_a_member_is_still_refused_to_a_visitor(
    client, login, coordinator, site_pages
):
    page = site_pages["what_is"]
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    login(client, coordinator)
    get(client, page.url)
    with CaptureQueriesContext(connection) as kept:
        get(client, page.url)  # served from the page kept, its restriction with it
    assert not reads_restrictions(kept)

    client.logout()
    response = client.get(page.url)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.usefixtures("no_page_cache")
def test_an_address_leading_nowhere_is_routed_every_time_and_never_kept(client, site_pages):
    page = site_pages["what_is"]
    with mock.patch.object(routes, "_route_to_keep", wraps=routes._route_to_keep) as build:
        for _ in range(2):
            assert client.get("/bestaat-niet/").status_code == 404
            assert client.get(f"{page.url}bestaat-niet/").status_code == 404
        assert build.call_count == 4

        for _ in range(2):
            get(client, page.url)
        assert build.call_count == 5


@pytest.mark.usefixtures("no_page_cache")
def test_another_server_change_is_served_within_a_second(client, site_pages, clock):
    page = site_pages["what_is"]
    get(client, page.url)

    # Another web server published: this process only sees the shared cache's new generation.
    Page.objects.filter(pk=page.pk).update(title="Elders gepubliceerd")
    pagecache.page_cache().set(pagecache.GENERATION_KEY, "from-another-server", None)

    clock[0] += pagecache.KEPT_CHECK_SECONDS / 2
    assert heading(get(client, page.url)) == page.title
    clock[0] += pagecache.KEPT_CHECK_SECONDS / 2
    assert heading(get(client, page.url)) == "Elders gepubliceerd"


def test_a_page_rendered_for_the_page_cache_is_never_made_from_an_older_generation(
    client, login, coordinator, site_pages, clock
):
    """The page cache stores a page under the generation it read: within the second in which
    this process would still use what it kept, the page must not come from before it."""
    page = site_pages["what_is"]
    login(client, coordinator)
    get(client, page.url)  # kept by a logged-in view, which the page cache leaves alone
    client.logout()

    Page.objects.filter(pk=page.pk).update(title="Elders gepubliceerd")
    pagecache.page_cache().set(pagecache.GENERATION_KEY, "from-another-server", None)

    response = get(client, page.url)
    assert response[HEADER] == "miss"
    assert heading(response) == "Elders gepubliceerd"
    stored = get(client, page.url)
    assert stored[HEADER] == "hit"
    assert heading(stored) == "Elders gepubliceerd"


@pytest.mark.usefixtures("no_page_cache")
def test_a_restriction_saved_after_the_page_was_kept_is_checked_at_once(client, site_pages):
    page = site_pages["what_is"]
    get(client, page.url)
    get(client, page.url)

    PageViewRestriction.objects.create(page=site_pages["home"], restriction_type="login")

    assert client.get(page.url).status_code == 302
