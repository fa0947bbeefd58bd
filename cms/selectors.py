"""Reads that every public page makes, written once with a query budget.

``page_chrome`` gathers what the frame of a page shows around its content (the main menu, the
ways in of the header and footer, the page's live translations and its breadcrumb) in ONE query,
kept on the request, so that the header, the footer, the head and the page body share it, and
kept in the process per page until the public pages change (``cms.pagecache.kept``). A page
that is not Wagtail's (portal, staff, coach, log-in) has only the menu and the ways in, the same
for the whole site in a language, kept the same way: no page makes a query for its frame once
it has been shown.
Pages behind a view restriction are left out inside the same query (Wagtail's ``.public()``
first reads every restriction in a query of its own; see also ``cms.models.public_q``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from django.db import connections
from django.urls import reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS
from wagtail.coreutils import WAGTAIL_APPEND_SLASH, get_supported_content_language_variant
from wagtail.models import Page, Site

from cms import pagecache
from cms.models import (
    FRONT_DOOR_LINKS,
    FrontDoorSettings,
    active_language,
    active_locale_id,
    attach_locale,
)

if TYPE_CHECKING:
    from django.http import HttpRequest


# What Wagtail's serve view accepts after the language prefix (wagtail.urls, with
# WAGTAIL_APPEND_SLASH): a page's address below its site's root.
_SERVE_PATH = re.compile(r"(?:[\w\-]+/)*")
# What Django's reverse() leaves unquoted in an address.
_URL_SAFE = RFC3986_SUBDELIMS + "/~:@"


def page_address(page: Page, request: HttpRequest | None) -> str | None:
    """``page.get_url(request)``, kept on the request per address and language: the header,
    the footer, the head and the body link to the same pages several times, and Wagtail reverses
    its serve view in the page's language each time."""
    if request is None or type(page).get_url_parts is not Page.get_url_parts:
        return page.get_url(request)
    language = translation.get_language()
    memo: dict[tuple[str, str | None], str | None]
    memo = request.__dict__.setdefault("_kring_page_addresses", {})
    key = (page.url_path, language)
    if key not in memo:
        memo[key] = _page_address(page, request, language)
    return memo[key]


def _page_address(page: Page, request: HttpRequest, language: str | None) -> str | None:
    """Wagtail's ``Page.get_url`` (``get_url_parts``) with its serve view reversed once per
    language and request; Wagtail's own for what this does not cover (several sites, an address
    the serve view would not take)."""
    root_paths = page._get_site_root_paths(request)
    possible = [path for path in root_paths if page.url_path.startswith(path.root_path)]
    if not possible:
        return None
    site_ids = {path.site_id for path in possible}
    rest = page.url_path[len(possible[0].root_path) :]
    if len(site_ids) > 1 or not WAGTAIL_APPEND_SLASH or not _SERVE_PATH.fullmatch(rest):
        return page.get_url(request)
    site_id, _root_path, root_url, language_code = possible[0]
    try:
        if get_supported_content_language_variant(language) == language_code:
            language_code = language
    except LookupError:
        pass
    prefixes: dict[str, str] = request.__dict__.setdefault("_kring_serve_prefixes", {})
    if language_code not in prefixes:
        with translation.override(language_code):
            prefixes[language_code] = reverse("wagtail_serve", args=("",))
    page_path = prefixes[language_code] + quote(rest, safe=_URL_SAFE)
    current_site = Site.find_for_request(request)
    if (current_site is not None and site_id == current_site.id) or len(
        {path.site_id for path in root_paths}
    ) == 1:
        return page_path
    return root_url + page_path


def localized_url(page: Page, request: HttpRequest | None = None) -> str:
    """The address of ``page``'s live translation in the active language, else of ``page``
    itself (what ``page.localized`` gives, without looking up the locale in the database)."""
    target: Page = page
    if page.locale_id != active_locale_id():
        found = (
            Page.objects.filter(
                translation_key=page.translation_key,
                locale__language_code=active_language(),
                live=True,
            )
            .only("url_path", "locale_id", "translation_key")
            .first()
        )
        target = found or page
    return page_address(target, request) or ""


@dataclass
class Chrome:
    """What the frame of one page shows, in the active language."""

    menu: list[tuple[str, str]] = field(default_factory=list)
    menu_pages: list[Page] = field(default_factory=list)
    door: dict[str, str] = field(default_factory=dict)
    translations: dict[str, Page] = field(default_factory=dict)
    ancestors: list[Page] = field(default_factory=list)


def _ancestor_paths(page: Page) -> list[str]:
    steplen = Page.steplen
    return [page.path[:end] for end in range(steplen, len(page.path), steplen)]


def page_chrome(request: HttpRequest | None, page: Page | None = None) -> Chrome:
    """The main menu, the ways in, the live translations of ``page`` and its ancestors: one
    query, kept in the process per site, page and language (``cms.pagecache.kept``); each
    request gets its own lists of the pages read then. Without a page, the menu and the ways in
    only (no ``menu_pages``), kept per site and language."""
    if request is None:
        return Chrome()
    language = active_language()
    page_key = page.pk if isinstance(page, Page) and page.pk else None
    memo: dict[Any, Chrome] = request.__dict__.setdefault("_kring_chrome", {})
    if (language, page_key) in memo:
        return memo[(language, page_key)]

    site = Site.find_for_request(request)
    if site is None:
        memo[(language, page_key)] = chrome = Chrome()
        return chrome
    if page_key is None:
        # A page that is not Wagtail's (portal, staff, coach, log-in): its frame is the same on
        # every such page of the site in this language.
        menu, door = pagecache.kept(
            ("chrome", site.pk, language),
            lambda: _site_chrome(request, site, language),
        )
        chrome = memo[(language, page_key)] = Chrome(menu=list(menu), door=dict(door))
        return chrome
    # A Wagtail page's frame depends on the page's place and translations, the site and the
    # language, never on the visitor: kept per page (cms.pagecache.kept), a copy per request.
    kept = pagecache.kept(
        ("page_chrome", site.pk, language, page_key),
        lambda: _build_chrome(request, site, site.root_page, language, page),
    )
    chrome = memo[(language, page_key)] = Chrome(
        menu=list(kept.menu),
        menu_pages=list(kept.menu_pages),
        door=dict(kept.door),
        translations=dict(kept.translations),
        ancestors=list(kept.ancestors),
    )
    return chrome


def _site_chrome(request, site: Site, language: str) -> tuple[tuple, tuple]:
    chrome = _build_chrome(request, site, site.root_page, language, None)
    return tuple(chrome.menu), tuple(chrome.door.items())


# One statement, written out: the ORM took ten times longer to compile it than the database to
# run it. Paths are Wagtail's base-36 digits, so a prefix test needs no escaping.
_RESTRICTED = (
    "EXISTS (SELECT 1 FROM wagtailcore_pageviewrestriction r"
    " JOIN wagtailcore_page rp ON rp.id = r.page_id"
    " WHERE substr(p.path, 1, length(rp.path)) = rp.path)"
)
_DOOR_IDS = ", ".join(f"d.{name}_page_id" for name in FRONT_DOOR_LINKS)
# Only constant names are formatted in (columns, the settings table); values are parameters.
_CHROME_SQL = f"""
SELECT * FROM (
  SELECT p.id, p.title, p.url_path, p.path, p.depth, p.translation_key, p.locale_id, p.live,
    l.language_code AS language_code,
    {", ".join(f"d.{name}_page_id AS door_{name}" for name in FRONT_DOOR_LINKS)},
    CASE WHEN p.live AND p.show_in_menus AND p.depth = %(menu_depth)s
      AND substr(p.path, 1, length(h.path)) = h.path AND NOT {_RESTRICTED}
      THEN 1 ELSE 0 END AS is_menu,
    CASE WHEN p.live AND p.id IN ({_DOOR_IDS}) THEN 1 ELSE 0 END AS is_door_source,
    CASE WHEN p.live AND NOT {_RESTRICTED} AND p.translation_key IN (
      SELECT s.translation_key FROM wagtailcore_page s WHERE s.live AND s.id IN ({_DOOR_IDS})
    ) THEN 1 ELSE 0 END AS is_door,
    CASE WHEN p.live AND p.translation_key = %(page_key)s THEN 1 ELSE 0 END AS is_translation,
    CASE WHEN p.path IN %(ancestors)s THEN 1 ELSE 0 END AS is_ancestor
  FROM wagtailcore_page p
  JOIN wagtailcore_locale l ON l.id = p.locale_id
  CROSS JOIN (
    SELECT COALESCE((
      SELECT h.path FROM wagtailcore_page h JOIN wagtailcore_locale hl ON hl.id = h.locale_id
      WHERE h.translation_key = %(root_key)s AND hl.language_code = %(language)s AND h.live
      LIMIT 1
    ), %(root_path)s) AS path
  ) h
  LEFT JOIN (SELECT * FROM {FrontDoorSettings._meta.db_table} WHERE site_id = %(site)s) d ON 1 = 1
  WHERE (p.depth = %(menu_depth)s AND p.show_in_menus)
    OR p.id IN ({_DOOR_IDS})
    OR (l.language_code = %(language)s AND p.translation_key IN (
      SELECT s.translation_key FROM wagtailcore_page s WHERE s.id IN ({_DOOR_IDS})))
    OR p.translation_key = %(page_key)s
    OR p.path IN %(ancestors)s
) chrome
WHERE is_menu = 1 OR is_door_source = 1 OR is_door = 1 OR is_translation = 1 OR is_ancestor = 1
ORDER BY path
"""  # noqa: S608


def _build_chrome(request, site: Site, root: Page, language: str, page: Page | None) -> Chrome:
    key_field = Page._meta.get_field("translation_key")
    connection = connections[Page.objects.db]

    def key(value):  # a UUID as the database stores it (hex text on SQLite, uuid on PostgreSQL)
        return key_field.get_db_prep_value(value, connection)

    params = {
        "menu_depth": root.depth + 1,
        "root_key": key(root.translation_key),
        "language": language,
        "root_path": root.path,
        "site": site.pk,
        # NULL, not "": PostgreSQL refuses "" as a uuid (a page that is not Wagtail's: log-in).
        "page_key": key(page.translation_key) if page is not None else None,
    }
    ancestors = _ancestor_paths(page) if page is not None else [""]
    params.update({f"ancestor{number}": path for number, path in enumerate(ancestors)})
    placeholders = ", ".join(f"%(ancestor{number})s" for number in range(len(ancestors)))
    sql = _CHROME_SQL.replace("%(ancestors)s", f"({placeholders})")
    rows = list(Page.objects.raw(sql, params))

    chrome = Chrome()
    for row in rows:
        attach_locale(row)
        if row.is_menu:
            chrome.menu_pages.append(row)
        if page is not None:
            if row.is_translation:
                chrome.translations[row.language_code] = row
            if row.is_ancestor:
                chrome.ancestors.append(row)
    chrome.menu = [
        (url, row.title) for row in chrome.menu_pages if (url := page_address(row, request))
    ]
    chrome.door = _door_links(request, rows, language)
    return chrome


def _door_links(request, rows: list[Page], language: str) -> dict[str, str]:
    """The chosen pages' addresses in ``language`` (their live, public translation, else the
    chosen page itself when it is public), by name."""
    if not rows:
        return {}
    first = rows[0]
    by_pk = {row.pk: row for row in rows}
    public_versions = {(row.translation_key, row.language_code): row for row in rows if row.is_door}
    links = {}
    for name in FRONT_DOOR_LINKS:
        chosen_pk = getattr(first, f"door_{name}")
        source = by_pk.get(chosen_pk) if chosen_pk else None
        if source is None or not source.is_door_source:
            continue
        target = public_versions.get((source.translation_key, language))
        if target is None and source.is_door:
            target = source
        if target is not None and (url := page_address(target, request)):
            links[name] = url
    return links
