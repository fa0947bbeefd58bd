"""The page cache: anonymous visitors' public pages, rendered once and shared by every web server
(docs/deployment.md#page-cache-and-cdn).

``PageCacheMiddleware`` answers an anonymous GET or HEAD of a public page from the ``"pages"``
cache (``CACHES``: a database table of its own, or Redis with ``PAGE_CACHE_URL``), before
sessions, log-in and CSRF run; the security headers (CSP with a fresh nonce, HSTS,
Permissions-Policy) are added above it as to any response. A response says
``X-Kring-Page-Cache: hit`` or ``miss`` when it is a cacheable public page.

What is stored: a 200 of one of ``cms``'s own page types (home, content, news, regions) without a
view restriction, or the search page without a query, for a request that carries no session
cookie, when the response sets no cookie, used no CSRF token and varies on nothing but the
cookie. A visitor with a session (logged in, or anonymous with a message waiting) is never
served from the cache and never fills it.

The key is the release (a deploy starts afresh), the scheme, host, path, query and language.
Every entry carries the generation it was made in; ``invalidate()`` starts a new generation,
which empties the cache for every server at once without ``clear()`` (the Redis database may
hold other things). Any change that the pages show invalidates: a page saved (published,
unpublished, moved, copied for translation, deleted), a site setting, a snippet (or one of its
inline rows), an image, a region, a redirect, a view restriction, and ``migrate``. After the
commit, the CDN in front (if any, ``WAGTAILFRONTENDCACHE``) is told to purge every public page.

The cache fails soft: when it cannot be read or written (Redis down or hung, with short
time-outs), the page is rendered as without it, a warning is logged, and the process leaves the
cache alone for ``KRING_PAGE_CACHE_RETRY_SECONDS``.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import time
import uuid
from collections.abc import Callable, Hashable
from pathlib import Path
from types import SimpleNamespace
from typing import Any, TypeVar
from urllib.error import URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_migrate, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse
from django.utils import translation
from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import COMMENTS_RELATION_NAME, Page
from wagtail.signals import (
    copy_for_translation_done,
    page_published,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)
from wagtail.snippets.models import get_snippet_models

from cms.models import (
    ContentPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    RegionIndexPage,
    RegionPage,
)

logger = logging.getLogger(__name__)
T = TypeVar("T")

CACHE_ALIAS = "pages"
HEADER = "X-Kring-Page-Cache"
GENERATION_KEY = "generation"

# The page types whose pages are the same for every anonymous visitor. Domain pages (the
# registration and recruitment forms, lessons) are not: they carry per-visitor tokens or
# personal content.
PUBLIC_PAGE_TYPES = (HomePage, ContentPage, NewsIndexPage, NewsPage, RegionIndexPage, RegionPage)
# The one query a public page reads: the news overview's page number. Any other query string is
# rendered without the cache (an unbounded set of keys would let anyone fill it).
PAGE_QUERY = re.compile(r"page=[1-9][0-9]{0,2}")
# Never a public page: not worth a look in the cache.
SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/health/", "/taal/", "/i18n/")
SEARCH_VIEW = "cms:search"
# Vary headers that a stored page may have: Cookie (the page differs for a logged-in user, who
# never gets it from here) and Accept-Language, which LocaleMiddleware adds to unprefixed
# addresses although they are always Dutch (i18n_patterns with prefix_default_language=False).
STORABLE_VARY = {"cookie", "accept-language", "accept-encoding"}
UNSTORED_HEADERS = {"set-cookie", "date", HEADER.lower()}
# A page's saves that change only its draft: they leave the live page as it is.
DRAFT_FIELDS = frozenset(
    {
        COMMENTS_RELATION_NAME,
        "draft_title",
        "has_unpublished_changes",
        "latest_revision",
        "latest_revision_created_at",
        "locked",
        "locked_at",
        "locked_by",
    }
)
# Models whose rows the public pages show, besides pages, settings and snippets: the site and
# its languages, who may see a page, images, documents (links and videos), redirects, and the
# regions with their postcodes and places (region pages).
SHOWN_MODELS = {
    "wagtailcore.site",
    "wagtailcore.locale",
    "wagtailcore.pageviewrestriction",
    "wagtailimages.image",
    "wagtaildocs.document",
    "wagtailredirects.redirect",
    "people.region",
    "people.postcode",
    "people.place",
}

# When the cache failed last, this process leaves it alone until this moment (time.monotonic).
_skip_until = 0.0


def page_cache():
    return caches[CACHE_ALIAS]


@functools.cache
def release() -> str:
    """What distinguishes this deploy: ``KRING_RELEASE``, else a hash of the collected static
    files' manifest (new static files, new release), else "-"."""
    if settings.KRING_RELEASE:
        return hashlib.sha256(settings.KRING_RELEASE.encode()).hexdigest()[:16]
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    try:
        return hashlib.sha256(manifest.read_bytes()).hexdigest()[:16]
    except OSError:
        return "-"


def reset() -> None:
    """Forgets a failure and the release (tests, and after the settings change)."""
    global _skip_until
    _skip_until = 0.0
    release.cache_clear()
    _forget_kept()


def _available() -> bool:
    return time.monotonic() >= _skip_until


def _failed(action: str) -> None:
    global _skip_until
    seconds = settings.KRING_PAGE_CACHE_RETRY_SECONDS
    _skip_until = time.monotonic() + seconds
    logger.warning(
        "The page cache could not %s: pages are rendered without it for %s s.",
        action,
        seconds,
        exc_info=True,
    )


# --- Serving -----------------------------------------------------------------------------------


def is_candidate(request: HttpRequest) -> bool:
    """Whether the request may be answered from the cache: an anonymous GET or HEAD, with no
    session (a logged-in user, or a visitor with a message waiting), of an address that may be a
    public page. Whether it is one, only the response tells."""
    if request.method not in ("GET", "HEAD") or getattr(request, "is_dummy", False):
        return False  # is_dummy: Wagtail's preview renders a draft at the page's own address
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_HX_REQUEST" in request.META:
        return False
    query = request.META.get("QUERY_STRING", "")
    if query and not PAGE_QUERY.fullmatch(query):
        return False
    return not request.path_info.startswith(SKIPPED_PREFIXES)


def page_key(request: HttpRequest) -> str | None:
    """The cache key of the request's page, or None for a host that is not allowed (the request
    then fails further on, as without the cache)."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    # The address's prefix is the language (an unprefixed address is Dutch, whatever the
    # browser asks for); LocaleMiddleware has not run yet.
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    address = f"{request.scheme}://{host}{request.path}?{request.META.get('QUERY_STRING', '')}"
    digest = hashlib.sha256(f"{language} {address}".encode()).hexdigest()
    return f"page:{release()}:{digest}"


def _lookup(key: str) -> tuple[Any, Any] | None:
    """``(generation, entry)`` from the cache, or None when it cannot be read now."""
    if not _available():
        return None
    try:
        found = page_cache().get_many([GENERATION_KEY, key])
    except Exception:
        _failed("be read")
        return None
    return found.get(GENERATION_KEY), found.get(key)


def _response_from(entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"])
    for name, value in entry["headers"]:
        response[name] = value
    return response


def _is_search_landing(request: HttpRequest) -> bool:
    match = request.resolver_match
    return (
        match is not None
        and match.view_name == SEARCH_VIEW
        and not request.META.get("QUERY_STRING")
    )


def is_storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether ``response`` is a public page that every anonymous visitor may get as it is."""
    if not (getattr(request, "kring_public_page", False) or _is_search_landing(request)):
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_USED"):
        return False  # a form with this visitor's token
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    return vary <= STORABLE_VARY


def make_public(response: HttpResponseBase, seconds: int) -> None:
    """Cache-Control for the browser (a short ``max-age``: its copy cannot be purged) and for a
    CDN or proxy in front (``s-maxage``: purged on every change when WAGTAILFRONTENDCACHE is
    set). Vary: Cookie, because a logged-in user's page differs; not Accept-Language, which
    the page does not depend on (the language is the address's prefix)."""
    browser = min(settings.KRING_PAGE_CACHE_BROWSER_SECONDS, seconds)
    response["Cache-Control"] = f"public, max-age={browser}, s-maxage={seconds}"
    vary = [
        part.strip()
        for part in response.get("Vary", "").split(",")
        if part.strip().lower() not in ("", "cookie", "accept-language")
    ]
    response["Vary"] = ", ".join(["Cookie", *vary])


def _store(key: str, generation: str, response: HttpResponseBase, seconds: int) -> None:
    entry = {
        "generation": generation,
        "content": response.content,  # type: ignore[attr-defined]
        "headers": [
            (name, value)
            for name, value in response.items()
            if name.lower() not in UNSTORED_HEADERS
        ],
    }
    try:
        page_cache().set(key, entry, seconds)
    except Exception:
        _failed("be written")


def _ensure_generation() -> str | None:
    """The generation key is missing (first use, or evicted): make one before the page is
    rendered, so that a change made meanwhile (a new generation) outdates what is stored."""
    cache = page_cache()
    try:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        return cache.get(GENERATION_KEY)
    except Exception:
        _failed("be written")
        return None


# --- Values kept per generation -----------------------------------------------------------------

# Another process sees a new generation after at most this many seconds; this one at once.
KEPT_CHECK_SECONDS = 1.0
# {key: (generation, value)}; a value counts only while its generation is the current one.
_kept: dict[Hashable, tuple[str, Any]] = {}
_kept_generation: str | None = None
_kept_checked_at = float("-inf")


def kept(key: Hashable, build: Callable[[], T], *, keep_none: bool = True) -> T:
    """``build()``, kept in this process under ``key`` while the page cache's generation lasts:
    every change that the public pages show (a page published, moved or deleted, a site setting,
    a snippet…) starts a new one for every web server (``invalidate``). This process sees its
    own changes at once and the other processes' within ``KEPT_CHECK_SECONDS``, so the
    generation is read at most once a second instead of on every request.

    For reads that every page makes and that depend only on the pages and settings, the site
    and the language, never on the user: the frame of every page
    (``cms.selectors.page_chrome``), the page an address leads to (``cms.routes``), the
    training index's address, the registration form's privacy link, the modules' live lessons,
    the learning path's shape (``training.learning.structure``).
    ``build`` must return a value that no request changes (tuples, strings; a caller that keeps
    pages hands each request a copy). Without the cache (down), ``build()`` every time. With
    ``keep_none=False`` a None is not kept: ``build`` runs again next time (for keys that
    visitors choose, such as an address, which must not grow the map)."""
    if time.monotonic() - _kept_checked_at >= KEPT_CHECK_SECONDS:
        generation = _current_generation()
        if generation is None:
            return build()
        _follow_generation(generation)
    generation = _kept_generation
    found = _kept.get(key)
    if found is not None and found[0] == generation:
        return found[1]
    value = build()  # from rows read after the generation was: never older than it
    if generation is not None and (keep_none or value is not None):
        _kept[key] = (generation, value)
    return value


def _follow_generation(generation: str) -> None:
    """The generation just read from the cache (by ``kept`` once a second, and by the page
    cache for a page about to be rendered and stored under it, so that the stored page is made
    from nothing older): what this process kept from an older one is forgotten now, because
    another process changed the pages and it is never read again."""
    global _kept_generation, _kept_checked_at
    if generation != _kept_generation:
        _kept.clear()
    _kept_generation, _kept_checked_at = generation, time.monotonic()


def _forget_kept() -> None:
    global _kept_generation, _kept_checked_at
    _kept.clear()
    _kept_generation, _kept_checked_at = None, float("-inf")


def _current_generation() -> str | None:
    """The generation now (made when missing), or None when the cache cannot be read."""
    if not _available():
        return None
    try:
        generation = page_cache().get(GENERATION_KEY)
    except Exception:
        _failed("be read")
        return None
    return generation if generation is not None else _ensure_generation()


class PageCacheMiddleware:
    """Answers anonymous visitors' public pages from the page cache (module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not is_candidate(request):
            return self.get_response(request)
        key = page_key(request)
        if key is None:
            return self.get_response(request)
        generation = None
        found = _lookup(key)
        if found is not None:
            generation, entry = found
            if generation is None:
                generation = _ensure_generation()
            elif isinstance(entry, dict) and entry.get("generation") == generation:
                response = _response_from(entry)
                response[HEADER] = "hit"
                return response
            if generation is not None:
                _follow_generation(generation)
        request.kring_page_candidate = True  # type: ignore[attr-defined]
        response = self.get_response(request)
        if not is_storable(request, response):
            return response
        make_public(response, seconds)
        if generation is not None and request.method == "GET":
            _store(key, generation, response, seconds)
        response[HEADER] = "miss"
        return response


def mark_public_page(page: Page, request: HttpRequest, serve_args, serve_kwargs) -> None:
    """Wagtail's ``before_serve_page`` hook: marks the request when ``page`` is a public page
    that the page cache may keep (its type, no view restriction on it or above it)."""
    if not getattr(request, "kring_page_candidate", False):
        return
    if not isinstance(page, PUBLIC_PAGE_TYPES):
        return
    query = request.META.get("QUERY_STRING", "")
    if query and not isinstance(page, NewsIndexPage):
        return
    if page.get_view_restrictions().exists():
        return
    request.kring_public_page = True  # type: ignore[attr-defined]


# --- Invalidation ------------------------------------------------------------------------------


def _new_generation() -> None:
    _forget_kept()
    try:
        page_cache().set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception:
        # Entries made before stay until they expire (PAGE_CACHE_SECONDS).
        logger.warning("The page cache could not be emptied.", exc_info=True)


def _after_commit() -> None:
    _new_generation()
    purge_frontend_cache()


def invalidate() -> None:
    """Empties the page cache for every web server: at once (for reads in this transaction), and
    again after the commit (pages other servers rendered meanwhile from the old rows), when the
    CDN is purged too: that once per transaction, however many rows change in it."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _after_commit()
        return
    _new_generation()
    if not any(entry[1] is _after_commit for entry in connection.run_on_commit):
        transaction.on_commit(_after_commit)


def public_urls() -> list[str]:
    """The addresses of every live public page and of the search page, in every language."""
    holder = SimpleNamespace()  # Wagtail keeps the site's root paths on it: one query in all
    urls = [
        url
        for page in Page.objects.live().public().filter(depth__gt=1).only("url_path")
        if (url := page.get_full_url(holder))
    ]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls.append(settings.SITE_URL + reverse(SEARCH_VIEW))
    return urls


def purge_frontend_cache() -> None:
    """Asks the CDN or proxy in front (WAGTAILFRONTENDCACHE) to forget every public page; a
    news overview's further pages (?page=2) follow within their s-maxage."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    try:
        purge_urls_from_cache(public_urls())
    except Exception:
        logger.warning("The front-end cache could not be purged.", exc_info=True)


class HTTPPurgeBackend(HTTPBackend):
    """Wagtail's HTTP ``PURGE`` backend (Varnish, nginx) with a time-out: a hung proxy must not
    hold an editor's publish."""

    timeout = 5

    def purge(self, url: str) -> None:
        parts = urlsplit(url)
        request = Request(  # noqa: S310 (the configured proxy's http or https address)
            urlunsplit((self.cache_scheme, self.cache_netloc, parts.path, parts.query, "")),
            headers={"Host": parts.netloc, "User-Agent": "Kring-frontendcache"},
            method="PURGE",
        )
        try:
            with urlopen(request, timeout=self.timeout):  # noqa: S310 (as above)
                pass
        except (URLError, OSError) as error:
            logger.warning("Could not purge %s from the proxy: %s", url, error)


# --- Signals ---------------------------------------------------------------------------------


def _shown_on_pages(sender, instance, update_fields) -> bool:
    if sender.__module__ == "__fake__":
        # A migration's historical model (Wagtail's first migrations make the root page and the
        # site, before the page cache's table exists): post_migrate empties the cache once.
        return False
    if isinstance(instance, Page):
        return not (update_fields and set(update_fields) <= DRAFT_FIELDS)
    if isinstance(instance, BaseSiteSetting | BaseGenericSetting):
        return True
    snippets = get_snippet_models()
    return (
        sender._meta.label_lower in SHOWN_MODELS
        or sender in snippets
        or any(parent in snippets for parent in _cluster_parents(sender))
    )


@functools.cache
def _cluster_parents(model: type[Model]) -> tuple[type, ...]:
    """The models ``model`` is an inline child of (its ``ParentalKey``s): a snippet's rows
    saved with it in the admin (a track's modules) are part of the snippet, also when saved
    on their own."""
    return tuple(
        field.related_model
        for field in model._meta.get_fields()
        if isinstance(field, ParentalKey) and isinstance(field.related_model, type)
    )


def _on_save(sender, instance=None, update_fields=None, **kwargs) -> None:
    if _shown_on_pages(sender, instance, update_fields):
        invalidate()


def _on_delete(sender, instance=None, **kwargs) -> None:
    if _shown_on_pages(sender, instance, None):
        invalidate()


def _on_page_event(sender=None, **kwargs) -> None:
    invalidate()


def _on_migrate(sender=None, **kwargs) -> None:
    invalidate()


def _on_setting_changed(setting: str, **kwargs) -> None:
    if setting in ("CACHES", "KRING_RELEASE", "STATIC_ROOT"):
        reset()


_connected = False


def connect(app_config) -> None:
    """Connects the invalidation to every change the pages show, and the hook that marks a
    public page (``cms.apps``; ``app_config`` is cms's, so that ``migrate`` empties the cache
    once, not once per app)."""
    global _connected
    if _connected:
        return
    _connected = True
    hooks.register("before_serve_page", mark_public_page)
    post_save.connect(_on_save, dispatch_uid="kring-pagecache-save")
    post_delete.connect(_on_delete, dispatch_uid="kring-pagecache-delete")
    for signal in (
        page_published,
        page_unpublished,
        post_page_move,
        copy_for_translation_done,
        published,
        unpublished,
    ):
        signal.connect(_on_page_event, dispatch_uid=f"kring-pagecache-{id(signal)}")
    post_migrate.connect(_on_migrate, sender=app_config, dispatch_uid="kring-pagecache-migrate")
    setting_changed.connect(_on_setting_changed, dispatch_uid="kring-pagecache-settings")
