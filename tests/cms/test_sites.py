"""The request's site and the sites' root paths from the process's map (cms.sites): the same
answers as Wagtail's own look-ups, read again after a change, never shared between requests."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

from cms import sites

SITE_MIDDLEWARE = "cms.sites.SiteMiddleware"


def _request(host: str = "testserver", port: str = "80"):
    return RequestFactory().get("/", HTTP_HOST=host, SERVER_PORT=port)


@pytest.fixture
def with_site_middleware(settings):
    middleware = list(settings.MIDDLEWARE)
    if SITE_MIDDLEWARE not in middleware:
        middleware.insert(
            middleware.index("cms.pagecache.PageCacheMiddleware") + 1, SITE_MIDDLEWARE
        )
    settings.MIDDLEWARE = middleware


@pytest.fixture
def two_sites(home_page):
    other_root = Page.objects.get(depth=1).add_child(
        instance=Page(title="Other", slug="other", locale=home_page.locale)
    )
    Site.objects.create(hostname="other.example", port=80, root_page=other_root)
    Site.objects.create(hostname="other.example", port=8080, root_page=other_root)
    return home_page, other_root


@pytest.mark.parametrize(
    ("host", "port"),
    [
        ("testserver", "80"),
        ("other.example", "80"),
        ("other.example", "8080"),
        ("other.example", "9999"),
        ("unknown.example", "80"),
        ("localhost", "443"),
    ],
)
def test_site_for_request_is_wagtails_site(two_sites, host, port):
    request = _request(host, port)
    expected = get_site_for_hostname(host, request.get_port())
    assert sites.site_for_request(request).pk == expected.pk


def test_no_site_without_a_default_site(home_page):
    Site.objects.update(is_default_site=False)
    sites.forget()
    assert sites.site_for_request(_request("unknown.example")) is None


def test_site_root_paths_are_wagtails(two_sites):
    assert sites.site_root_paths() == Site.get_site_root_paths()


def test_the_site_is_read_once_per_process(home_page):
    sites.site_for_request(_request())
    with CaptureQueriesContext(connection) as queries:
        site = sites.site_for_request(_request())
        sites.site_root_paths()
    assert len(queries) == 0
    assert site.root_page_id == home_page.pk


def test_each_request_gets_its_own_site_and_root_page(home_page):
    first = sites.site_for_request(_request())
    first.root_page.specific  # noqa: B018 (cached on the instance)
    first.root_page.title = "Changed in this request"
    second = sites.site_for_request(_request())
    assert second is not first and second.root_page is not first.root_page
    assert "specific" not in second.root_page.__dict__
    assert second.root_page.title == home_page.title


def test_a_site_saved_is_read_again(two_sites):
    home, other_root = two_sites
    assert sites.site_for_request(_request("new.example")).root_page_id == home.pk
    Site.objects.create(hostname="new.example", port=80, root_page=other_root)
    assert sites.site_for_request(_request("new.example")).root_page_id == other_root.pk


def test_a_root_page_saved_is_read_again(home_page):
    assert home_page.url_path in {path.root_path for path in sites.site_root_paths()}
    home_page.slug = "thuis"
    home_page.save()
    home_page.refresh_from_db()
    assert home_page.url_path in {path.root_path for path in sites.site_root_paths()}


def test_other_processes_read_the_sites_again_after_max_age(home_page, monkeypatch):
    sites.site_for_request(_request())
    Site.objects.filter(pk=home_page.get_site().pk).update(site_name="Renamed quietly")
    monkeypatch.setattr(sites, "MAX_AGE", -1.0)
    assert sites.site_for_request(_request()).site_name == "Renamed quietly"


@pytest.mark.usefixtures("no_page_cache", "with_site_middleware")
def test_pages_are_the_same_with_the_site_middleware(client, site_pages, settings):
    pages = [site_pages[name] for name in ("home", "what_is", "antwerpen", "fr_news")]
    with_map = [client.get(page.url).content for page in pages]
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != SITE_MIDDLEWARE]
    client = Client()  # a client keeps the middleware it started with
    without = [client.get(page.url).content for page in pages]
    assert [len(page) for page in with_map] == [len(page) for page in without]


@pytest.mark.usefixtures("no_page_cache", "with_site_middleware")
def test_the_site_middleware_saves_the_site_queries(client, site_pages, settings):
    url = site_pages["what_is"].url
    client.get(url)
    with CaptureQueriesContext(connection) as with_map:
        client.get(url)
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != SITE_MIDDLEWARE]
    client = Client()  # a client keeps the middleware it started with
    client.get(url)
    with CaptureQueriesContext(connection) as without:
        client.get(url)
    assert len(with_map) <= len(without) - 1


def _through_middleware(request):
    seen = []
    sites.SiteMiddleware(lambda request: seen.append(request) or "response")(request)
    return seen[0]


def test_the_middleware_reads_nothing_until_asked(home_page):
    with CaptureQueriesContext(connection) as queries:
        request = _through_middleware(_request())
    assert len(queries) == 0
    assert sites._sites is None
    assert "_wagtail_site" not in request.__dict__


def test_wagtail_finds_the_site_of_the_map_once_the_middleware_ran(two_sites):
    home, other_root = two_sites
    sites.site_for_request(_request())  # the map is read
    request = _through_middleware(_request("other.example", "8080"))
    with CaptureQueriesContext(connection) as queries:
        site = Site.find_for_request(request)
        root_paths = request._wagtail_cached_site_root_paths
    assert len(queries) == 0
    assert site.root_page_id == other_root.pk
    assert Site.find_for_request(request) is site
    assert list(root_paths) == Site.get_site_root_paths()


def test_what_wagtail_sets_on_the_request_stays(home_page):
    request = _through_middleware(_request())
    request._wagtail_site = None
    assert Site.find_for_request(request) is None
