"""The page cache (cms.pagecache): anonymous visitors' public pages come from the shared cache,
per language, never for a logged-in user or a visitor with a session, never a response that
sets a cookie or used a CSRF token; every change the pages show empties it; a cache that is
down or hangs costs nothing but speed."""

from __future__ import annotations

import http.server
import re
import threading
import time
import uuid
from unittest import mock

import pytest
from django.core.cache import caches
from django.core.management.sql import emit_post_migrate_signal
from django.middleware.csrf import get_token
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Locale, Page, PageViewRestriction

from cms import pagecache
from cms.models import ContentPage, FrontDoorSettings, HomePage
from tests.faults import FaultProxy, hung_server

pytestmark = pytest.mark.django_db

HEADER = "X-Kring-Page-Cache"
REDIS = ("127.0.0.1", 6379)


def get(client, url: str, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response


def cached(client, url: str):
    """Views ``url`` until it is in the cache; returns the first (rendered) response."""
    first = get(client, url)
    assert first[HEADER] == "miss"
    assert get(client, url)[HEADER] == "hit"
    return first


def text(response) -> str:
    return response.content.decode()


def menu(response) -> str:
    """The header's main menu."""
    return text(response).split('class="site-nav"', 1)[1].split("</nav>", 1)[0]


def after_commit_pending() -> bool:
    from django.db import connection

    return any(entry[1] is pagecache._after_commit for entry in connection.run_on_commit)


# --- What is served from the cache ------------------------------------------------------------


def test_the_second_view_of_a_public_page_is_the_same_page_from_the_cache_in_at_most_one_query(
    client, site_pages, django_assert_max_num_queries
):
    first = get(client, "/")
    assert first[HEADER] == "miss"

    with django_assert_max_num_queries(1):
        second = get(client, "/")

    assert second[HEADER] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize(
    "name", ["home", "what_is", "news", "news_item", "regions", "antwerpen"], ids=str
)
def test_every_public_page_type_is_cached(client, site_pages, name):
    cached(client, site_pages[name].url)


def test_the_search_page_is_cached_without_a_query_and_never_with_one(client, site_pages):
    cached(client, "/zoeken/")
    cached(client, "/fr/zoeken/")

    for _ in range(2):
        response = get(client, "/zoeken/?q=kring")
        assert HEADER not in response
        assert "kring" in text(response).lower()


def test_the_news_overview_is_cached_per_page_number_and_other_queries_are_not(client, site_pages):
    from tests.cms.conftest import add_news

    add_news(site_pages["news"], 12)
    first = cached(client, "/nieuws/")
    second = cached(client, "/nieuws/?page=2")
    assert first.content != second.content

    for _ in range(2):
        assert HEADER not in get(client, "/nieuws/?utm_source=nieuwsbrief")
        assert HEADER not in get(client, "/?page=2")  # only the news overview has pages


def test_dutch_and_french_are_cached_apart(client, site_pages):
    dutch = cached(client, "/")
    french = cached(client, "/fr/")

    assert 'lang="nl-BE"' in text(dutch)
    assert 'lang="fr-BE"' in text(french)
    assert 'lang="fr-BE"' in text(get(client, "/fr/"))
    assert 'lang="nl-BE"' in text(get(client, "/"))


def test_the_address_without_prefix_is_dutch_whatever_the_browser_asks(client, site_pages):
    first = get(client, "/", HTTP_ACCEPT_LANGUAGE="fr-BE,fr;q=0.9")
    second = get(client, "/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    french = get(client, "/fr/", HTTP_ACCEPT_LANGUAGE="nl-BE")

    assert (first[HEADER], second[HEADER]) == ("miss", "hit")
    assert 'lang="nl-BE"' in text(first)
    assert 'lang="nl-BE"' in text(second)
    assert second["Content-Language"] == "nl"
    assert 'lang="fr-BE"' in text(french)
    assert "Accept-Language" not in first["Vary"]


def test_a_head_request_is_answered_from_the_cache(client, site_pages):
    cached(client, "/")

    assert client.head("/")[HEADER] == "hit"


def test_page_cache_seconds_0_turns_the_cache_off(client, site_pages, settings):
    settings.PAGE_CACHE_SECONDS = 0

    for _ in range(2):
        response = get(client, "/")
        assert HEADER not in response
        assert "s-maxage" not in response.get("Cache-Control", "")


# --- Who never gets a cached page, and what is never stored ---------------------------------


def test_a_logged_in_user_is_never_served_from_the_cache(client, login, coordinator, site_pages):
    cached(client, "/")
    login(client, coordinator)

    response = get(client, "/")

    assert HEADER not in response
    assert reverse("account_logout") in text(response)
    assert "no-store" in response["Cache-Control"]


def test_a_logged_in_user_never_fills_the_cache(client, login, coordinator, site_pages):
    login(client, coordinator)
    get(client, "/")
    get(client, "/")
    client.logout()

    response = get(client, "/")

    assert response[HEADER] == "miss"
    assert reverse("account_logout") not in text(response)


def test_a_visitor_with_a_message_waiting_gets_it_and_nobody_else_does(client, site_pages):
    from django.test import Client

    cached(Client(), "/fr/")
    # The language switch says the page has no French version: a message in a new session.
    client.get("/taal/fr/", {"next": "/fr/", "missing": "1"})

    with_message = get(client, "/fr/")
    assert HEADER not in with_message
    assert "message--info" in text(with_message)

    other = get(Client(), "/fr/")
    assert other[HEADER] == "hit"
    assert "message--info" not in text(other)


def test_a_response_that_sets_a_cookie_is_not_stored(client, site_pages, monkeypatch):
    serve = HomePage.serve

    def serve_with_cookie(self, request, *args, **kwargs):
        response = serve(self, request, *args, **kwargs)
        response.set_cookie("seen", "1")
        return response

    monkeypatch.setattr(HomePage, "serve", serve_with_cookie)

    for _ in range(2):
        response = get(client, "/")
        assert HEADER not in response
        assert "public" not in response.get("Cache-Control", "")


def test_a_response_that_used_a_csrf_token_is_not_stored(client, site_pages, monkeypatch):
    serve = HomePage.serve

    def serve_with_token(self, request, *args, **kwargs):
        get_token(request)
        return serve(self, request, *args, **kwargs)

    monkeypatch.setattr(HomePage, "serve", serve_with_token)

    for _ in range(2):
        assert HEADER not in get(client, "/")


def test_the_log_in_page_is_never_cached(client, site_pages):
    for _ in range(2):
        response = get(client, "/accounts/login/")
        assert HEADER not in response


def test_a_private_page_is_never_cached(client, site_pages):
    page = site_pages["what_is"]
    cached(client, page.url)

    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    for _ in range(2):
        response = client.get(page.url)
        assert response.status_code == 302
        assert HEADER not in response


def test_a_preview_shows_the_draft_not_the_cached_page(client, site_pages):
    page = site_pages["what_is"]
    cached(client, page.url)
    page.title = "Een titel die nog niet gepubliceerd is"

    response = page.make_preview_request()

    assert HEADER not in response
    assert "Een titel die nog niet gepubliceerd is" in response.content.decode()


# --- Headers ------------------------------------------------------------------------------


def test_a_cached_page_tells_a_cdn_how_long_to_keep_it(client, site_pages, settings):
    settings.PAGE_CACHE_SECONDS = 300
    miss = get(client, "/")
    hit = get(client, "/")

    for response in (miss, hit):
        assert response["Cache-Control"] == "public, max-age=60, s-maxage=300"
        assert response["Vary"] == "Cookie"


def test_a_hit_still_gets_the_security_headers_with_a_fresh_nonce(client, site_pages):
    cached(client, "/")
    one, two = get(client, "/"), get(client, "/")

    nonces = []
    for response in (one, two):
        assert response[HEADER] == "hit"
        assert "Permissions-Policy" in response
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        nonces.append(re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1])
    assert nonces[0] != nonces[1]
    # The page itself needs no nonce: no inline script or style.
    assert "nonce=" not in text(one)


# --- Invalidation -------------------------------------------------------------------------


def test_publishing_a_page_shows_the_change_at_once(client, site_pages):
    page = site_pages["news_item"]
    cached(client, page.url)
    cached(client, "/nieuws/")

    page.title = "Een nieuwe titel"
    page.save_revision().publish()

    assert "Een nieuwe titel" in text(get(client, page.url))
    assert "Een nieuwe titel" in text(get(client, "/nieuws/"))


def test_saving_a_draft_keeps_the_cache(client, site_pages):
    page = site_pages["news_item"]
    cached(client, page.url)

    page.title = "Nog een kladversie"
    page.save_revision()

    response = get(client, page.url)
    assert response[HEADER] == "hit"
    assert "Nog een kladversie" not in text(response)


def test_unpublishing_a_page_removes_it_and_its_menu_link(client, site_pages):
    page = site_pages["what_is"]
    cached(client, page.url)
    home = cached(client, "/")
    assert page.url in menu(home)

    page.unpublish()

    assert client.get(page.url).status_code == 404
    assert page.url not in menu(get(client, "/"))


def test_moving_a_page_empties_the_cache(client, site_pages):
    page, new_parent = site_pages["origin"], site_pages["what_is"]
    old_url = page.url
    cached(client, old_url)
    assert old_url in menu(cached(client, "/"))

    page.move(new_parent, pos="last-child")

    moved = client.get(old_url)
    assert moved.status_code == 301  # Wagtail's redirect to the new address
    assert HEADER not in moved
    assert old_url not in menu(get(client, "/"))


def test_deleting_a_page_empties_the_cache(client, site_pages):
    page = site_pages["news_item"]
    cached(client, "/nieuws/")

    Page.objects.get(pk=page.pk).delete()

    assert page.title not in text(get(client, "/nieuws/"))


def test_changing_a_site_setting_the_pages_show_empties_the_cache(client, site_pages):
    cached(client, "/")
    settings = FrontDoorSettings.for_site(site_pages["home"].get_site())
    settings.privacy_page = site_pages["origin"]
    settings.save()

    footer = text(get(client, "/")).split("site-footer", 1)[1]
    assert site_pages["origin"].url in footer


def test_changing_a_region_empties_the_cache(client, site_pages):
    page = site_pages["antwerpen"]
    cached(client, page.url)
    page.region.email = "nieuw.adres@kring.test"
    page.region.save()

    assert "nieuw.adres@kring.test" in text(get(client, page.url))


def test_translating_a_page_empties_the_cache(client, site_pages, settings):
    home = site_pages["home"]
    page = home.add_child(instance=ContentPage(title="Alleen in het Nederlands", slug="alleen-nl"))
    page.save_revision().publish()
    cached(client, page.url)

    french = page.copy_for_translation(Locale.objects.get(language_code="fr"))
    assert get(client, page.url)[HEADER] == "miss"  # the draft copy: its links may change
    assert get(client, page.url)[HEADER] == "hit"
    french.save_revision().publish()

    after = get(client, page.url)
    assert after[HEADER] == "miss"
    settings.PAGE_CACHE_SECONDS = 0
    assert after.content == get(client, page.url).content  # as rendered now


def test_migrate_empties_the_cache(client, site_pages):
    cached(client, "/")

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert get(client, "/")[HEADER] == "miss"


def test_a_new_release_starts_with_an_empty_cache(client, site_pages, settings):
    cached(client, "/")

    settings.KRING_RELEASE = "2026-12-07.1"

    assert get(client, "/")[HEADER] == "miss"


def test_invalidation_starts_a_new_generation_at_once_and_again_after_the_commit(site_pages):
    from django.db import transaction

    cache = pagecache.page_cache()
    cache.set(pagecache.GENERATION_KEY, "before")

    with transaction.atomic():
        pagecache.invalidate()
        pagecache.invalidate()
        during = cache.get(pagecache.GENERATION_KEY)
        assert after_commit_pending()
    pagecache._after_commit()  # what the commit runs (the test's transaction never commits)

    assert during != "before"
    assert cache.get(pagecache.GENERATION_KEY) not in ("before", during)


# --- Redis: shared, never cleared, and failing soft ---------------------------------------------


def redis_pages(host: str, port: int, prefix: str = "") -> dict:
    from django.conf import settings

    return {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://{host}:{port}/15",
            "KEY_PREFIX": prefix or f"kring-pages-test-{uuid.uuid4().hex}",
            "OPTIONS": settings.KRING_PAGE_CACHE_REDIS_OPTIONS,
        },
    }


def test_with_redis_a_page_is_cached_and_invalidation_leaves_other_keys_alone(client, site_pages):
    import redis

    raw = redis.Redis(*REDIS, db=15)
    other_key = f"not-a-page-{uuid.uuid4().hex}"
    raw.set(other_key, "kept", ex=60)
    prefix = f"kring-pages-test-{uuid.uuid4().hex}"
    try:
        with override_settings(CACHES=redis_pages(*REDIS, prefix)):
            cached(client, "/")
            pagecache.invalidate()
            assert get(client, "/")[HEADER] == "miss"
            assert get(client, "/")[HEADER] == "hit"
        assert raw.get(other_key) == b"kept"
    finally:
        raw.delete(other_key, *raw.keys(f"{prefix}:*"))


def test_a_refused_redis_still_gives_the_page(client, site_pages, caplog):
    with FaultProxy(*REDIS) as proxy, override_settings(CACHES=redis_pages(proxy.host, proxy.port)):
        proxy.refuse()
        started = time.monotonic()
        response = get(client, "/")
        elapsed = time.monotonic() - started

    assert response[HEADER] == "miss"
    assert "Eigen Kracht" in text(response)
    assert elapsed < 2
    assert "page cache could not be read" in caplog.text


def test_a_hung_redis_still_gives_the_page_within_a_second_and_then_is_left_alone(
    client, site_pages, caplog
):
    with hung_server() as (host, port), override_settings(CACHES=redis_pages(host, port)):
        started = time.monotonic()
        first = get(client, "/")
        first_took = time.monotonic() - started
        with mock.patch.object(pagecache, "page_cache", wraps=pagecache.page_cache) as used:
            second = get(client, "/")

    assert "Eigen Kracht" in text(first)
    assert first_took < 2.5
    # The process leaves the hung cache alone for a while: the second request does not touch it
    # (counted, not timed: a timing comparison fails on a loaded machine).
    assert used.call_count == 0
    assert "Eigen Kracht" in text(second)
    assert second[HEADER] == "miss"
    assert caplog.text.count("page cache could not be read") == 1


def test_redis_hanging_after_it_served_pages_still_gives_the_page(client, site_pages, caplog):
    with FaultProxy(*REDIS) as proxy, override_settings(CACHES=redis_pages(proxy.host, proxy.port)):
        cached(client, "/")
        proxy.freeze()
        started = time.monotonic()
        response = get(client, "/")
        elapsed = time.monotonic() - started
        proxy.thaw()

    assert response[HEADER] == "miss"
    assert "Eigen Kracht" in text(response)
    assert elapsed < 2.5


# --- The CDN in front ---------------------------------------------------------------------


class _PurgeRecorder(http.server.BaseHTTPRequestHandler):
    purged: list[tuple[str, str]] = []

    def do_PURGE(self):
        self.purged.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purging_proxy():
    _PurgeRecorder.purged = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _PurgeRecorder.purged
    server.shutdown()
    server.server_close()


def test_a_publish_purges_every_public_page_from_the_cdn_after_the_commit(
    site_pages, purging_proxy, settings
):
    location, purged = purging_proxy
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {"BACKEND": "cms.pagecache.HTTPPurgeBackend", "LOCATION": location}
    }
    page = site_pages["news_item"]
    page.title = "Gewijzigd"

    page.save_revision().publish()
    assert purged == []  # not before the commit
    assert after_commit_pending()
    pagecache._after_commit()  # what the commit runs (the test's transaction never commits)

    paths = {path for _host, path in purged}
    assert {"/", "/fr/", "/en/", "/nieuws/", page.url, "/zoeken/", "/fr/zoeken/"} <= paths
    assert {host for host, _path in purged} == {"testserver"}


def test_a_hung_purging_proxy_gives_up_on_each_address_after_its_time_out(
    site_pages, settings, monkeypatch, caplog
):
    monkeypatch.setattr(pagecache.HTTPPurgeBackend, "timeout", 0.1)
    monkeypatch.setattr(
        pagecache, "public_urls", lambda: ["http://testserver/", "http://testserver/fr/"]
    )
    with hung_server() as (host, port):
        settings.WAGTAILFRONTENDCACHE = {
            "proxy": {
                "BACKEND": "cms.pagecache.HTTPPurgeBackend",
                "LOCATION": f"http://{host}:{port}",
            }
        }
        started = time.monotonic()
        pagecache._after_commit()
        elapsed = time.monotonic() - started

    assert elapsed < 1
    assert "Could not purge http://testserver/fr/" in caplog.text


def test_without_a_cdn_nothing_is_purged(site_pages, settings, monkeypatch):
    settings.WAGTAILFRONTENDCACHE = {}
    monkeypatch.setattr(pagecache, "public_urls", lambda: pytest.fail("nothing to purge"))

    pagecache.purge_frontend_cache()


def test_the_page_cache_uses_its_own_cache_alias():
    assert "pages" in caches
    assert caches["pages"] is not caches["default"]


# --- Settings from the environment ------------------------------------------------------------


def base_settings(tmp_path, expression: str, **variables: str):
    """``expression`` evaluated on config.settings.base, imported fresh with ``variables``."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    environ = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "KRING_VAR_DIR": str(tmp_path / "var"),
        "PYTHONDONTWRITEBYTECODE": "1",
        **variables,
    }
    return subprocess.run(  # noqa: S603 -- our own interpreter, fixed arguments
        [sys.executable, "-c", f"import config.settings.base as s; print({expression})"],
        cwd=Path(__file__).resolve().parents[2],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_without_page_cache_url_the_pages_live_in_a_database_table_of_their_own(tmp_path):
    result = base_settings(tmp_path, "s.CACHES['pages'], s.WAGTAILFRONTENDCACHE")

    assert result.returncode == 0, result.stderr
    assert "'LOCATION': 'kring_page_cache'" in result.stdout
    assert "DatabaseCache" in result.stdout
    assert result.stdout.strip().endswith(" {}")  # no CDN configured


def test_page_cache_url_puts_the_pages_in_redis_with_short_time_outs(tmp_path):
    result = base_settings(tmp_path, "s.CACHES['pages']", PAGE_CACHE_URL="redis://127.0.0.1:6379/1")

    assert result.returncode == 0, result.stderr
    assert "RedisCache" in result.stdout
    assert "'socket_timeout': 0.5" in result.stdout
    assert "'LOCATION': 'redis://127.0.0.1:6379/1'" in result.stdout


@pytest.mark.parametrize(
    "variables",
    [
        {"PAGE_CACHE_URL": "127.0.0.1:6379"},
        {"FRONTEND_CACHE_PURGE_URL": "varnish:6081"},
        {"CLOUDFLARE_API_TOKEN": "token"},
        {"PAGE_CACHE_SECONDS": "-1"},
    ],
    ids=["no-scheme", "purge-without-scheme", "token-without-zone", "negative-seconds"],
)
def test_bad_page_cache_settings_stop_start_up(tmp_path, variables):
    result = base_settings(tmp_path, "1", **variables)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_a_purging_proxy_and_cloudflare_are_configured_from_the_environment(tmp_path):
    result = base_settings(
        tmp_path,
        "sorted((k, v['BACKEND']) for k, v in s.WAGTAILFRONTENDCACHE.items())",
        FRONTEND_CACHE_PURGE_URL="http://127.0.0.1:6081",
        CLOUDFLARE_API_TOKEN="token",
        CLOUDFLARE_ZONEID="zone",
    )

    assert result.returncode == 0, result.stderr
    assert "('cloudflare', 'wagtail.contrib.frontend_cache.backends.CloudflareBackend')" in (
        result.stdout
    )
    assert "('proxy', 'cms.pagecache.HTTPPurgeBackend')" in result.stdout


def test_a_migrations_historical_model_leaves_the_cache_alone(client, site_pages):
    """Wagtail's first migrations save a site and a root page before the page cache's table
    exists: a historical model's save must not try to empty the cache (post_migrate does)."""
    from django.apps import apps
    from django.db.migrations.state import ProjectState
    from django.db.models.signals import post_save

    historical_site = ProjectState.from_apps(apps).apps.get_model("wagtailcore", "Site")
    assert historical_site.__module__ == "__fake__"
    cached(client, "/")

    post_save.send(sender=historical_site, instance=historical_site(), created=True)

    assert get(client, "/")[HEADER] == "hit"


def test_make_run_renders_every_page_while_debug_is_on():
    """config.settings.dev turns DEBUG on after base.py read it: the page cache is off there."""
    import importlib
    import os
    from unittest import mock

    with mock.patch.dict(os.environ, {"DEBUG": "True"}):
        os.environ.pop("PAGE_CACHE_SECONDS", None)
        dev = importlib.reload(importlib.import_module("config.settings.dev"))

    assert dev.DEBUG is True
    assert dev.PAGE_CACHE_SECONDS == 0
