"""The Wagtail site of a request, and the sites' root paths, from a map kept per process.

Wagtail looks the site up in the database on every request (``Site.find_for_request``: a query
that costs more to compile than the rest of the routing) and reads the sites' root paths from the
cache (another query with the database cache). Sites and their root pages change a few times in a
site's life, so each process keeps them in a map, which it reads again:

- at once in the process that changes them (a site saved or deleted, a page at the top of the
  tree saved, moved or deleted, a locale saved or deleted: the signals below);
- after ``MAX_AGE`` seconds in the other processes.

The map holds no page content: only each site's row and its root page's place in the tree
(``ROOT_PAGE_FIELDS``). Every request gets copies of its own, so nothing a request caches on
them (Wagtail's ``specific``, ``localized``) reaches another request; reading any other field of
the root page fetches it from the database.

``SiteMiddleware`` hands them to Wagtail (``request._wagtail_site`` and
``request._wagtail_cached_site_root_paths``, the attributes Wagtail itself keeps them in), and
``site_for_request`` to Kring's own code.
"""

from __future__ import annotations

import copy
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from django.utils.functional import cached_property
from wagtail.models import Locale, Page, Site
from wagtail.models.sites import SiteRootPath
from wagtail.signals import post_page_move

if TYPE_CHECKING:
    from django.http import HttpRequest

# The other processes read the sites again after this many seconds.
MAX_AGE = 60.0
# What routing and addresses read of a site's root page; everything else is read when asked.
ROOT_PAGE_FIELDS = (
    "path",
    "depth",
    "numchild",
    "translation_key",
    "locale",
    "live",
    "slug",
    "content_type",
    "url_path",
    "alias_of",
)
# A page this high in the tree may be (or become) a site's root page or a translation of one.
ROOT_DEPTH = 2


@dataclass(frozen=True)
class _Sites:
    loaded_at: float
    sites: tuple[Site, ...]
    root_paths: tuple[SiteRootPath, ...]


_lock = threading.Lock()
_sites: _Sites | None = None


def forget(**kwargs) -> None:
    """This process reads the sites again at the next request."""
    global _sites
    _sites = None


def _load() -> _Sites:
    sites = tuple(
        Site.objects.select_related("root_page").only(
            "hostname",
            "port",
            "site_name",
            "root_page",
            "is_default_site",
            *(f"root_page__{name}" for name in ROOT_PAGE_FIELDS),
        )
    )
    return _Sites(
        loaded_at=time.monotonic(),
        sites=sites,
        root_paths=tuple(Site.get_site_root_paths()),
    )


def _current() -> _Sites:
    global _sites
    current = _sites
    if current is None or time.monotonic() - current.loaded_at > MAX_AGE:
        with _lock:
            current = _sites
            if current is None or time.monotonic() - current.loaded_at > MAX_AGE:
                current = _sites = _load()
    return current


def _match(sites: tuple[Site, ...], hostname: str, port: int | None) -> Site | None:
    """``wagtail.models.sites.get_site_for_hostname``, on the map: the hostname and port,
    else the hostname on the default site, else the hostname alone when only one site has it,
    else the default site."""

    def rank(site: Site) -> int:
        if site.hostname == hostname and site.port == port:
            return 0
        if site.hostname == hostname and site.is_default_site:
            return 1
        return 2 if site.is_default_site else 3

    candidates = sorted(
        (site for site in sites if site.hostname == hostname or site.is_default_site),
        key=lambda site: (rank(site), site.pk),
    )
    if not candidates:
        return None
    if len(candidates) == 1 or rank(candidates[0]) in (0, 1):
        return candidates[0]
    if rank(candidates[0]) == 2:
        return candidates[len(candidates) == 2]
    return None


def _copy(site: Site) -> Site:
    """A copy of the site and of its root page for one request."""
    own = copy.copy(site)
    Site.root_page.field.set_cached_value(own, copy.copy(site.root_page))
    return own


def _site_of(request: HttpRequest) -> Site | None:
    """The request's site from the map, as Wagtail's ``Site.find_for_request`` finds it."""
    # As Wagtail: the raw host, without the ALLOWED_HOSTS check.
    hostname = split_domain_port(request._get_raw_host())[0]  # type: ignore[attr-defined]
    try:
        port = int(request.get_port())
    except (TypeError, ValueError):
        port = None
    site = _match(_current().sites, hostname, port)
    return _copy(site) if site is not None else None


def site_for_request(request: HttpRequest) -> Site | None:
    """The request's site (``Site.find_for_request``), from the map; kept on the request."""
    if "_wagtail_site" not in request.__dict__ and not isinstance(request, _SitesOnRequest):
        request._wagtail_site = _site_of(request)  # type: ignore[attr-defined]
    return request._wagtail_site  # type: ignore[attr-defined]


def site_root_paths() -> list[SiteRootPath]:
    """``Site.get_site_root_paths()``, from the map."""
    return list(_current().root_paths)


class _SitesOnRequest:
    """Wagtail's two attributes of a request, read from the map the first time Wagtail (or Kring)
    asks for them: a request that never looks at a site (a health check, a calendar feed, the
    503 page of a database outage) reads neither the map nor the database. ``cached_property``
    keeps the value in the request's own ``__dict__``, where Wagtail also writes it."""

    @cached_property
    def _wagtail_site(self) -> Site | None:
        return _site_of(self)  # type: ignore[arg-type]

    @cached_property
    def _wagtail_cached_site_root_paths(self) -> list[SiteRootPath]:
        return site_root_paths()


_request_classes: dict[type, type] = {}


def _with_sites(request_class: type) -> type:
    """The request's class with ``_SitesOnRequest`` in front (one subclass per request class)."""
    found = _request_classes.get(request_class)
    if found is None:
        found = _request_classes[request_class] = type(
            request_class.__name__, (_SitesOnRequest, request_class), {}
        )
    return found


class SiteMiddleware:
    """Gives Wagtail the request's site and the sites' root paths from the map when it first asks
    for them, so that routing a page and making its links ask the database for neither."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if not isinstance(request, _SitesOnRequest):
            request.__class__ = _with_sites(type(request))
        return self.get_response(request)


def _on_page_change(sender, instance=None, **kwargs) -> None:
    if isinstance(instance, Page) and (instance.depth or 0) <= ROOT_DEPTH:
        forget()


def connect() -> None:
    """Connected once (cms.apps): the changes that make this process read the sites again."""
    for signal in (post_save, post_delete):
        signal.connect(forget, sender=Site, dispatch_uid=f"kring-sites-site-{id(signal)}")
        signal.connect(forget, sender=Locale, dispatch_uid=f"kring-sites-locale-{id(signal)}")
        signal.connect(_on_page_change, dispatch_uid=f"kring-sites-page-{id(signal)}")
    post_page_move.connect(forget, dispatch_uid="kring-sites-move")
