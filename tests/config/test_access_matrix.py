"""The access matrix: every URL pattern of the project has a declared access rule, and each rule
holds for each persona.

Adding a URL? Add one row to ``RULES`` below, or to ``tests/<app>/access_rules.py`` for an app's own URLs:

    Rule("trajects/", roles(Role.COORDINATOR, Role.COACH, Role.REGIONAL_STAFF), ["/trajects/"]),

- ``route``: a prefix of the pattern's full route string as Django spells it (``str()`` of each
  pattern, joined: ``"admin/pages/<int:page_id>/edit/"``, ``"accounts/^confirm-email/(?P<key>..."``).
  Patterns inside ``i18n_patterns`` are written without their language prefix. The longest
  matching prefix wins, so a specific row can override a broad one. A compiled regular
  expression (``re.compile(...)``, matched at the start) wins over every prefix.
- ``access``: ``PUBLIC`` (anyone), ``LOGGED_IN`` (any logged-in persona), ``NOBODY`` (answers
  404/403/log-in to everyone), or ``roles(...)`` (logged-in personas with one of the roles;
  administrators are not implied, list them).
- ``samples``: GET-able URLs checked for every persona (a callable ``personas -> url`` for URLs
  that need an object). Leave empty for POST-only or key-protected routes.
- ``only``: for object-level samples, the persona names allowed (default: all with ``access``).
- ``redirects_to``: for redirect-only routes, where every persona must be sent.
- ``fixtures``: names of pytest fixtures the samples need (``("home_page",)``); a callable
  sample receives the personas, so fixtures that hang objects on them work too.

What "allowed" and "denied" mean for a sample:
- allowed: 200, or a redirect that is not to a log-in page;
- denied: 403, 404, a redirect to a log-in page (allauth's, or an admin's, which sends on to
  allauth), or Wagtail's "no permission" redirect from an admin page to the admin's home.
  Anonymous visitors must be denied everything that is not ``PUBLIC``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

from people.access import access_for
from people.roles import Role
from tests.access import (
    ADMINISTRATOR,
    CMS,
    LOGGED_IN,
    NOBODY,
    PUBLIC,
    Rule,
    roles,
)
from tests.conftest import PERSONA_NAMES, log_in

# fmt: off
RULES: list[Rule] = [
    # --- Project-wide ------------------------------------------------------------------------
    Rule("health/", PUBLIC, ["/health/"], why="state of database and broker, no personal data"),
    Rule("health/live/", PUBLIC, ["/health/live/"], why="liveness: answers ok, reads nothing"),
    Rule("i18n/", PUBLIC, ["/i18n/setlang/?next=/"], why="language switch"),
    Rule("taal/", PUBLIC, ["/taal/fr/?next=/fr/"], redirects_to="/fr/",
         why="the language switch's links: a cookie, then the page in that language"),
    Rule("documents/", PUBLIC, why="Wagtail checks each document's collection privacy"),
    # --- Wagtail admin: editors and administrators -------------------------------------------
    Rule("admin/", CMS, ["/admin/", "/admin/pages/", "/admin/documents/"]),
    Rule("admin/login/", PUBLIC, ["/admin/login/?next=/admin/pages/"],
         redirects_to="/accounts/login/?next=/admin/pages/", why="one log-in: allauth's"),
    Rule("admin/password_reset/", NOBODY, ["/admin/password_reset/"],
         why="password reset goes through allauth (rate-limited), Wagtail's own is off"),
    Rule("admin/sprite/", PUBLIC, ["/admin/sprite/"], why="icons"),
    Rule("admin/jsi18n/", PUBLIC, ["/admin/jsi18n/"], why="JavaScript translations"),
    Rule("admin/^.*/$", NOBODY, ["/admin/no-such-thing/"], why="Wagtail admin's 404"),
    Rule("admin/users/", ADMINISTRATOR, ["/admin/users/"]),
    Rule("admin/groups/", ADMINISTRATOR, ["/admin/groups/"]),
    Rule("admin/sites/", ADMINISTRATOR, ["/admin/sites/"]),
    Rule("admin/collections/", ADMINISTRATOR, ["/admin/collections/"]),
    Rule("admin/workflows/", ADMINISTRATOR, ["/admin/workflows/list/"]),
    Rule("admin/redirects/", ADMINISTRATOR, ["/admin/redirects/"]),
    # --- Django admin: administrators only ---------------------------------------------------
    Rule("django-admin/", ADMINISTRATOR, [
        "/django-admin/", "/django-admin/people/user/", "/django-admin/people/coachassignment/",
        "/django-admin/auth/group/", "/django-admin/mfa/authenticator/",
        "/django-admin/usersessions/usersession/", "/django-admin/people/outboxmessage/",
        "/django-admin/people/outboxmessage/?state=failed",
    ]),
    Rule("django-admin/login/", PUBLIC, ["/django-admin/login/?next=/django-admin/"],
         redirects_to="/accounts/login/?next=/django-admin/", why="one log-in: allauth's"),
    Rule("django-admin/logout/", PUBLIC, why="POST only; a GET is sent to the admin index"),
    # --- allauth: the account pages ----------------------------------------------------------
    Rule("accounts/", LOGGED_IN, [
        "/accounts/email/", "/accounts/password/change/", "/accounts/password/set/",
        "/accounts/2fa/", "/accounts/reauthenticate/", "/accounts/sessions/",
    ]),
    Rule("accounts/login/", PUBLIC, ["/accounts/login/"]),
    Rule("accounts/login/code/", PUBLIC, why="log-in by code is off: sends to the log-in page"),
    Rule("accounts/logout/", PUBLIC, ["/accounts/logout/"], why="anonymous: sent home"),
    Rule("accounts/inactive/", PUBLIC, ["/accounts/inactive/"]),
    Rule("accounts/signup/", PUBLIC, ["/accounts/signup/"], why="says sign-up is closed"),
    Rule("accounts/confirm-email/", PUBLIC, ["/accounts/confirm-email/"]),
    Rule("accounts/^confirm-email/", PUBLIC, ["/accounts/confirm-email/not-a-key/"],
         why="the key is the credential"),
    Rule("accounts/password/reset/", PUBLIC, [
        "/accounts/password/reset/", "/accounts/password/reset/done/",
        "/accounts/password/reset/key/done/",
    ]),
    Rule("accounts/^password/reset/key/", PUBLIC, ["/accounts/password/reset/key/1-not-a-key/"],
         why="the key is the credential"),
    Rule("accounts/2fa/authenticate/", PUBLIC, why="second step of log-in; no pending log-in: back to log-in"),
    # --- Staff area: regional staff (and administrators, as require_role admits them) --------
    Rule("staf/", roles(Role.REGIONAL_STAFF, Role.ADMINISTRATOR),
         ["/staf/aanmeldingen/", "/staf/kandidaten/"]),
    # --- Wagtail's front end -----------------------------------------------------------------
    Rule("_util/login/", PUBLIC, ["/_util/login/?next=/"], redirects_to="/accounts/login/?next=/",
         why="Wagtail's own log-in form would bypass allauth's rate limits and MFA"),
    Rule("_util/authenticate_with_password/", PUBLIC, why="password-protected pages (POST)"),
    Rule(r"^((?:[\w\-]+/)*)$", PUBLIC, ["/", "/fr/", "/en/"], fixtures=("home_page",),
         why="Wagtail's pages"),
]
# fmt: on

# Each app declares the rules of its own URLs beside its tests (built from tests/access.py).
from tests.cms.access_rules import RULES as CMS_RULES  # noqa: E402
from tests.coaching.access_rules_dashboard import RULES as COACHING_DASHBOARD_RULES  # noqa: E402
from tests.coaching.access_rules_portal import RULES as COACHING_PORTAL_RULES  # noqa: E402
from tests.coaching.access_rules_sessions import RULES as COACHING_SESSION_RULES  # noqa: E402
from tests.coaching.access_rules_staff import RULES as COACHING_STAFF_RULES  # noqa: E402
from tests.people.access_rules_audit import RULES as PEOPLE_AUDIT_RULES  # noqa: E402
from tests.people.access_rules_privacy import RULES as PRIVACY_RULES  # noqa: E402
from tests.training.access_rules import RULES as TRAINING_RULES  # noqa: E402
from tests.training.access_rules_certificates import (  # noqa: E402
    RULES as TRAINING_CERTIFICATE_RULES,
)
from tests.training.access_rules_learning import RULES as TRAINING_LEARNING_RULES  # noqa: E402
from tests.training.access_rules_portal import RULES as TRAINING_PORTAL_RULES  # noqa: E402
from tests.training.access_rules_recruitment_delete import (  # noqa: E402
    RULES as TRAINING_RECRUITMENT_DELETE_RULES,
)
from tests.training.access_rules_volunteers import (  # noqa: E402
    RULES as TRAINING_VOLUNTEER_RULES,
)
from tests.trajects.access_rules import RULES as TRAJECTS_RULES  # noqa: E402

RULES += CMS_RULES + TRAINING_RULES + TRAJECTS_RULES
RULES += PEOPLE_AUDIT_RULES
RULES += TRAINING_RECRUITMENT_DELETE_RULES
RULES += (
    TRAINING_LEARNING_RULES
    + TRAINING_PORTAL_RULES
    + TRAINING_CERTIFICATE_RULES
    + TRAINING_VOLUNTEER_RULES
)
RULES += (
    COACHING_DASHBOARD_RULES + COACHING_SESSION_RULES + COACHING_PORTAL_RULES + COACHING_STAFF_RULES
)
RULES += PRIVACY_RULES

LOGIN_PATHS = {
    "/accounts/login/",
    "/fr/accounts/login/",
    "/en/accounts/login/",
    "/admin/login/",
    "/django-admin/login/",
}


@dataclass(frozen=True)
class Route:
    route: str
    name: str | None
    i18n: bool
    pattern: URLPattern


def walk(
    resolver: URLResolver | None = None, prefix: str = "", i18n: bool = False
) -> Iterator[Route]:
    """Every URL pattern of the project with its full route string (language prefix left out)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        localised = isinstance(entry.pattern, LocalePrefixPattern)
        part = "" if localised else str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk(entry, prefix + part, i18n or localised)
        else:
            yield Route(prefix + part, entry.name, i18n, entry)


def _matches(rule: Rule, route: str) -> bool:
    if isinstance(rule.route, re.Pattern):
        return rule.route.match(route) is not None
    return route.startswith(rule.route)


def rule_for(route: str) -> Rule | None:
    for rule in RULES:
        if isinstance(rule.route, re.Pattern) and _matches(rule, route):
            return rule
    matching = [rule for rule in RULES if _matches(rule, route)]
    return max(matching, key=lambda rule: len(rule.route), default=None)


def _rule_id(rule: Rule) -> str:
    return rule.route.pattern if isinstance(rule.route, re.Pattern) else rule.route


def test_every_url_pattern_has_an_access_rule():
    routes = list(walk())
    unclassified = sorted({r.route for r in routes if rule_for(r.route) is None})
    assert not unclassified, "URL patterns without an access rule:\n" + "\n".join(unclassified)


def test_every_rule_covers_a_url_pattern():
    routes = [r.route for r in walk()]
    stale = [_rule_id(rule) for rule in RULES if not any(_matches(rule, r) for r in routes)]
    assert not stale, f"rules that match no URL pattern: {stale}"


def _allowed(access: str | frozenset[str], user) -> bool:
    if access == PUBLIC:
        return True
    if access == NOBODY or user is None:
        return False
    if access == LOGGED_IN:
        return True
    return bool(access_for(user).roles & access)


def _outcome(url: str, response) -> str:
    if response.status_code == 200:
        return "allowed"
    if response.status_code in (403, 404):
        return "denied"
    if response.status_code in (301, 302, 303, 307, 308):
        target = urlsplit(response["Location"]).path
        if target in LOGIN_PATHS:
            return "denied"
        if target == "/admin/" and urlsplit(url).path != "/admin/" and url.startswith("/admin/"):
            return "denied"  # Wagtail: "Sorry, you do not have permission to access this area."
        return "allowed"
    return f"status {response.status_code}"


def _localised(url: str) -> str | None:
    """The French version of a default-language URL (None if it already names a language)."""
    if url.startswith(("/fr/", "/en/")):
        return None
    return "/fr" + url


ROUTES_I18N = {r.route: r.i18n for r in walk()}


@pytest.mark.parametrize("rule", [rule for rule in RULES if rule.samples], ids=_rule_id)
def test_rule_holds_for_every_persona(rule, _demo_pages_for_module, client, personas, request):
    # The demo pages are seeded once for this module, before each test's own transaction
    # (a fixture asked for inside the test would open the module's transaction too late).
    for fixture in rule.fixtures:
        request.getfixturevalue(fixture)
    i18n = any(i18n for route, i18n in ROUTES_I18N.items() if _matches(rule, route))
    failures = []
    for name in PERSONA_NAMES:
        user = personas[name]
        log_in(client, user)
        for sample in rule.samples:
            url = sample(personas) if callable(sample) else sample
            response = client.get(url)
            if rule.redirects_to is not None:
                if (
                    response.status_code not in (301, 302)
                    or response["Location"] != rule.redirects_to
                ):
                    failures.append(
                        f"{name} GET {url}: {response.status_code} "
                        f"{response.get('Location', '')}, expected {rule.redirects_to}"
                    )
                continue
            allowed = _allowed(rule.access, user)
            if rule.only is not None:
                allowed = allowed and name in rule.only
            expected = "allowed" if allowed else "denied"
            outcome = _outcome(url, response)
            if outcome != expected:
                failures.append(
                    f"{name} GET {url}: {outcome} ({response.status_code} "
                    f"{response.get('Location', '')}), expected {expected}"
                )
            french = _localised(url) if i18n else None
            if french and user is None:
                outcome = _outcome(french, client.get(french))
                if outcome != expected:
                    failures.append(f"{name} GET {french}: {outcome}, expected {expected}")
    assert not failures, f"rule {_rule_id(rule)!r} ({rule.access}):\n" + "\n".join(failures)


# --- Every pattern, with made-up arguments: anonymous visitors are denied what is not public,
# --- and nobody gets a server error. ------------------------------------------------------------

_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
_CHOICE = re.compile(r"\((?:\?P<\w+>)?(\w+)(?:\|\w+)+\)")
_GROUP = re.compile(r"\((?:\?P<\w+>)?[^()]*\)")


def _concrete(route: Route) -> str | None:
    """A URL that resolves to ``route``'s pattern, with made-up arguments; None if none found."""
    from django.urls import Resolver404, resolve

    text = route.route.replace("^", "").replace("$", "")
    text = text.replace("((?:[\\w\\-]+/)*)", "")  # Wagtail's pages: the home page
    # Regular expressions first: their named groups look like path converters.
    text = _CHOICE.sub(r"\1", text)  # (?P<app_label>auth|people|...): the first choice
    text = _GROUP.sub("1", text).replace("\\.", ".")
    text = _CONVERTER.sub(lambda m: "1" if m.group(1) == "int" else "x1", text)
    url = "/" + text
    try:
        match = resolve(url)
    except Resolver404:
        return None
    return url if match.func is route.pattern.callback else None


# Server errors that are Wagtail's, not Kring's, and reach only editors and administrators.
KNOWN_SERVER_ERRORS = {
    "/admin/failwhale/": "Wagtail's deliberate error page, to test error reporting",
    "/admin/documents/chooser/chosen/x1/": "Wagtail: a non-numeric id raises ValueError",
    "/admin/images/chooser/chosen/x1/": "Wagtail: a non-numeric id raises ValueError",
    "/admin/snippets/choose/training/track/chosen/x1/": "Wagtail: a non-numeric id raises "
    "ValueError",
}


# Patterns no URL reaches: the project's redirects (config/urls.py) come first.
SHADOWED = {"admin/login/", "django-admin/login/", "_util/login/"}


def test_made_up_urls_reach_every_pattern_but_the_shadowed_log_in_forms():
    unreached = {route.route for route in walk() if _concrete(route) is None}

    assert unreached == SHADOWED, "teach _concrete() to build a URL for these patterns"


def test_made_up_urls_deny_anonymous_visitors_and_never_crash(client, home_page):
    client.raise_request_exception = False
    checked, failures = 0, []
    for route in walk():
        rule = rule_for(route.route)
        url = _concrete(route)
        if url is None or rule is None:
            continue
        checked += 1
        response = client.get(url)
        if response.status_code >= 500:
            failures.append(f"GET {url}: {response.status_code}")
        elif rule.access != PUBLIC and _outcome(url, response) != "denied":
            failures.append(
                f"GET {url} ({_rule_id(rule)}): {response.status_code}, expected denied"
            )
    assert checked > 0, "the sweep reached no URL pattern"
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("persona", ["coordinator", "editor", "administrator"])
def test_made_up_urls_never_crash_for_logged_in_personas(persona, client, personas):
    client.raise_request_exception = False
    log_in(client, personas[persona])
    failures = []
    for route in walk():
        url = _concrete(route)
        if url is None or url in KNOWN_SERVER_ERRORS:
            continue
        response = client.get(url)
        if response.status_code >= 500:
            failures.append(f"GET {url}: {response.status_code}")
    assert not failures, "\n".join(failures)
