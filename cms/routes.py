"""The page an address leads to, kept in the process while the page cache's generation lasts.

Wagtail finds the page of every request anew: the site root in the active language, the deepest
page of the address and its specific row (``HomePage.route``: two queries at least), and the
page's blocks are read from their JSON again. That is about a third of what an uncached public
page, a form or a lesson costs, and a fifth of accepting a form's submission.
``KeptRouteMiddleware`` keeps, per site, language and address, the page that a GET, HEAD or POST
led to (``cms.pagecache.kept``) and gives every later request a copy of it in the attribute where
Wagtail looks for a route it already found (``request._wagtail_route_for_request``); Wagtail's
view serves it as it would have (a form page handles a POST on its own copy).

- Only a page's own address is kept: an address that goes on inside a page (a routable page's
  sub-address, such as a form's thank-you page with its token) and an address that leads
  nowhere are routed by Wagtail every time, so the map never grows with what visitors type.
- Every request gets its own copy: what a request sets on its page stays with it. The copy
  shares the page's values (its blocks once read), which no request changes.
- The route itself does not depend on the visitor: a page's view restrictions and Kring's own
  checks (a lesson for members, a locked lesson) still run on every request, after the route.
  The restrictions they check are read with the page and kept with it (``KringPage
  .get_view_restrictions``); saving or deleting one starts a new generation.
- A page published, unpublished, moved or deleted starts a new generation: this process routes
  anew at once, the others within ``KEPT_CHECK_SECONDS``, and a page rendered for the page
  cache never uses a route from before the generation it is stored under
  (``PageCacheMiddleware``). Without the page cache's store (down), Wagtail routes every time,
  and reading what would be kept with the page (its view restrictions; the site root in
  another language) costs a query or two more.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from django.http import Http404
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from cms import pagecache
from cms.models import KEPT_VIEW_RESTRICTIONS

if TYPE_CHECKING:
    from django.http import HttpRequest

KEPT_METHODS = ("GET", "HEAD", "POST")
# Wagtail's cached properties that hold the page itself: a copy would point at the kept page,
# so each copy finds them again (for itself, without a query).
_SHARED_ATTRIBUTES = ("specific", "specific_deferred")


def _components(path: str) -> list[str]:
    return [component for component in path.split("/") if component]


def _route_to_keep(request: HttpRequest, site: Site, path: str) -> Page | None:
    """Wagtail's route for ``path`` (kept on ``request`` for this request), and a copy of its
    page to keep when the address is the page's own; None otherwise."""
    found = Page.route_for_request(request, path)
    if found is None:
        return None
    page = found[0]
    root = site.root_page.localized
    own_address = root.url_path + "".join(f"{component}/" for component in _components(path))
    if page.url_path != own_address:
        return None
    keep = copy.copy(page)
    # Its view restrictions, which every request checks (Wagtail's hook, and the page cache's
    # for a visitor), read once with it: a restriction saved starts a new generation.
    keep.__dict__[KEPT_VIEW_RESTRICTIONS] = tuple(page.get_view_restrictions())
    return keep


def kept_route(request: HttpRequest, path: str) -> Any:
    """The route of ``path`` for ``request`` from the page kept for it, or None when none is
    kept (then Wagtail routes it as always)."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    page = pagecache.kept(
        ("route", site.pk, get_language(), path),
        lambda: _route_to_keep(request, site, path),
        keep_none=False,
    )
    if page is None or hasattr(request, "_wagtail_route_for_request"):
        return None
    own = copy.copy(page)
    for name in _SHARED_ATTRIBUTES:
        own.__dict__.pop(name, None)
    try:
        # The page's own address: Wagtail's answer for it, as the first request had it (a
        # routable page resolves its own view again, for this copy).
        return own.route(request, [])
    except Http404:
        return None


class KeptRouteMiddleware:
    """Hands Wagtail's view the route of a GET, HEAD or POST from the page kept for its
    address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        if view_func is not wagtail_views.serve or request.method not in KEPT_METHODS:
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else None)
        if path is None or hasattr(request, "_wagtail_route_for_request"):
            return None
        route = kept_route(request, path)
        if route is not None:
            request._wagtail_route_for_request = route  # type: ignore[attr-defined]
        return None
