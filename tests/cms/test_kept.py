"""Values kept per page-cache generation (``cms.pagecache.kept``): the frame of the pages that
are not Wagtail's (menu and ways in), the training index's address, the registration form's
privacy link and the modules' live lessons are read once per process, and again as soon as the public pages change: at once in
the process that changed them, within a second in the others; with the cache down, every time."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms import pagecache
from cms.models import FrontDoorSettings
from tests.cms.test_page_cache import REDIS, menu, redis_pages, text
from tests.faults import FaultProxy, hung_server

pytestmark = pytest.mark.django_db


class Builds:
    """A ``build`` for ``kept`` that counts its calls and returns the current ``value``."""

    def __init__(self, value: str = "one") -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return self.value


def test_a_value_is_built_once_while_the_generation_lasts(clock):
    build = Builds()

    values = [pagecache.kept("key", build) for _ in range(3)]
    clock[0] += 60
    values.append(pagecache.kept("key", build))

    assert values == ["one"] * 4
    assert build.calls == 1


def test_keys_are_kept_apart(clock):
    first, second = Builds("one"), Builds("two")

    assert pagecache.kept(("chrome", 1, "nl"), first) == "one"
    assert pagecache.kept(("chrome", 1, "fr"), second) == "two"
    assert pagecache.kept(("chrome", 1, "nl"), first) == "one"
    assert (first.calls, second.calls) == (1, 1)


def test_a_change_in_this_process_is_seen_at_once(clock):
    build = Builds()
    pagecache.kept("key", build)

    build.value = "two"
    pagecache.invalidate()

    assert pagecache.kept("key", build) == "two"
    assert build.calls == 2


def test_another_process_change_is_seen_within_a_second(clock):
    """Another web server's invalidation only writes a new generation to the shared cache."""
    build = Builds()
    pagecache.kept("key", build)

    build.value = "two"
    pagecache.page_cache().set(pagecache.GENERATION_KEY, "from-another-server", None)

    clock[0] += pagecache.KEPT_CHECK_SECONDS / 2
    assert pagecache.kept("key", build) == "one"
    clock[0] += pagecache.KEPT_CHECK_SECONDS / 2
    assert pagecache.kept("key", build) == "two"
    assert build.calls == 2


def test_a_value_built_from_an_older_generation_is_not_kept_for_the_next(clock):
    """A value whose rows were read before a change (the build ran while it happened) counts
    for the generation read before it, never for the new one."""
    changed = Builds("new")

    def build_while_the_pages_change() -> str:
        pagecache.invalidate()  # another request of this process publishes meanwhile
        return "old"

    assert pagecache.kept("key", build_while_the_pages_change) == "old"
    assert pagecache.kept("key", changed) == "new"
    assert changed.calls == 1


def test_with_the_cache_refused_the_value_is_built_every_time(clock, caplog):
    build = Builds()
    with FaultProxy(*REDIS) as proxy, override_settings(CACHES=redis_pages(proxy.host, proxy.port)):
        proxy.refuse()
        values = [pagecache.kept("key", build) for _ in range(2)]
        clock[0] += 60
        values.append(pagecache.kept("key", build))

    assert values == ["one"] * 3
    assert build.calls == 3
    assert "page cache could not be read" in caplog.text


def test_with_the_cache_hung_the_value_is_built_and_the_cache_left_alone(clock, caplog):
    build = Builds()
    with hung_server() as (host, port), override_settings(CACHES=redis_pages(host, port)):
        values = [pagecache.kept("key", build) for _ in range(2)]

    assert values == ["one"] * 2
    assert build.calls == 2
    assert caplog.text.count("page cache could not be read") == 1  # the second did not wait


# --- What is kept ----------------------------------------------------------------------------


def footer(response) -> str:
    return text(response).split("site-footer", 1)[1]


def test_a_page_that_is_not_wagtails_reads_its_frame_once(
    client, site_pages, django_assert_num_queries
):
    login = reverse("account_login")
    first = client.get(login)
    assert site_pages["what_is"].url in menu(first)

    with django_assert_num_queries(0):
        second = client.get(login)

    assert menu(second) == menu(first)
    assert footer(second) == footer(first)


def test_a_published_menu_change_shows_at_once_on_a_page_that_is_not_wagtails(client, site_pages):
    login = reverse("account_login")
    page = site_pages["what_is"]
    assert page.url in menu(client.get(login))

    page.unpublish()
    assert page.url not in menu(client.get(login))

    page.save_revision().publish()
    assert page.url in menu(client.get(login))


def test_a_changed_way_in_shows_at_once_on_a_page_that_is_not_wagtails(client, site_pages):
    login = reverse("account_login")
    origin = site_pages["origin"]
    assert origin.url not in footer(client.get(login))

    settings = FrontDoorSettings.for_site(site_pages["home"].get_site())
    settings.privacy_page = origin
    settings.save()

    assert origin.url in footer(client.get(login))


def test_the_frame_is_kept_per_language(client, site_pages):
    assert site_pages["what_is"].url in menu(client.get("/accounts/login/"))
    french = client.get("/fr/accounts/login/")
    assert site_pages["fr_what_is"].url in menu(french)
    assert site_pages["what_is"].url not in menu(french)


def test_none_is_kept_unless_the_caller_says_not_to(clock):
    nothing = Builds(None)

    assert [pagecache.kept("kept", nothing) for _ in range(2)] == [None, None]
    assert nothing.calls == 1
    assert [pagecache.kept("asked", nothing, keep_none=False) for _ in range(2)] == [None, None]
    assert nothing.calls == 3


def chrome_queries(captured) -> int:
    """The frame's own query (``cms.selectors._CHROME_SQL``)."""
    return sum("AS is_menu" in query["sql"] for query in captured.captured_queries)


@pytest.mark.usefixtures("no_page_cache")
def test_a_wagtail_page_reads_its_frame_once_and_a_published_change_at_once(client, site_pages):
    page, section = site_pages["news_item"], site_pages["what_is"]
    with CaptureQueriesContext(connection) as first:
        shown = client.get(page.url)
    with CaptureQueriesContext(connection) as second:
        again = client.get(page.url)
    assert (chrome_queries(first), chrome_queries(second)) == (1, 0)
    assert menu(again) == menu(shown) and section.url in menu(again)

    section.title = "Een nieuwe naam in het menu"
    section.save_revision().publish()
    assert "Een nieuwe naam in het menu" in menu(client.get(page.url))

    section.unpublish()
    assert section.url not in menu(client.get(page.url))


@pytest.mark.usefixtures("no_page_cache")
def test_a_translation_unpublished_is_no_longer_offered_at_once(client, site_pages):
    page, french = site_pages["origin"], site_pages["fr_origin"]
    for _ in range(2):
        assert french.url in text(client.get(page.url))  # the language switch, hreflang

    french.unpublish()

    assert french.url not in text(client.get(page.url))
