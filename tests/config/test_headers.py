"""The security headers (config/headers.py): a Content-Security-Policy with a fresh nonce on every
response and no inline code without it on Kring's own pages, the admins' looser policy only under
their prefixes, a Permissions-Policy, and ``Cache-Control: no-store, private`` on every response
to a logged-in user and on every download (export, ``.ics``, PDF), also an anonymous one.

The walk reuses the access matrix's rules (tests/config/test_access_matrix.py): every sample URL,
requested by a logged-in persona that the rule lets in.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse, HttpResponseServerError
from django.test import RequestFactory

from config.headers import (
    ContentSecurityPolicyMiddleware,
    PrivateResponseMiddleware,
    error_page_style_hashes,
)
from people.access import access_for
from tests.access import LOGGED_IN, NOBODY, PUBLIC, Rule
from tests.config.test_access_matrix import RULES, _rule_id
from tests.conftest import log_in

ADMIN_PREFIXES = ("/admin/", "/django-admin/")
# Whom the walk asks as, in this order: the first that the rule lets in.
PREFERRED = (
    "staff",
    "coordinator",
    "coach",
    "administrator",
    "editor",
    "other_staff",
    "other_coordinator",
    "other_coach",
)


def directives(response) -> dict[str, list[str]]:
    """The response's Content-Security-Policy as ``{directive: [sources]}``."""
    header = response.get("Content-Security-Policy", "")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    parsed = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def nonce_of(policy: dict[str, list[str]]) -> str | None:
    for source in policy.get("script-src", []):
        match = re.fullmatch(r"'nonce-([^']+)'", source)
        if match:
            return match.group(1)
    return None


class InlineCode(HTMLParser):
    """Collects what a strict policy refuses unless it carries the nonce: inline ``<script>`` and
    ``<style>`` elements (with their ``nonce``), ``style`` attributes, event-handler attributes
    and ``javascript:`` links."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, str | None]] = []  # (tag, nonce)
        self.attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "style" or (tag == "script" and "src" not in values and _runs(values)):
            self.elements.append((tag, values.get("nonce")))
        for name, value in attrs:
            script_url = name in ("href", "src", "action") and (value or "").strip().lower()
            if (
                name == "style"
                or name.startswith("on")
                or str(script_url).startswith("javascript:")
            ):
                self.attributes.append(f"<{tag} {name}={value!r}>")


def _runs(attrs: dict[str, str | None]) -> bool:
    """A ``<script>`` the browser runs (a JSON data block is not)."""
    kind = (attrs.get("type") or "").lower()
    return kind in ("", "module", "text/javascript", "application/javascript")


def inline_code_problems(response) -> list[str]:
    """What a browser would refuse in an HTML response under its own policy."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    nonce = nonce_of(directives(response))
    parser = InlineCode()
    parser.feed(response.content.decode(response.charset or "utf-8"))
    problems = [
        f"<{tag}> without the response's nonce"
        for tag, element_nonce in parser.elements
        if element_nonce != nonce
    ]
    return problems + [f"inline code refused by the policy: {text}" for text in parser.attributes]


def header_problems(response, *, logged_in: bool) -> list[str]:
    """Whether ``response`` carries the headers every response must carry."""
    path = response.request["PATH_INFO"]
    problems = []
    policy = directives(response)
    if path.startswith(ADMIN_PREFIXES):
        if policy.get("frame-ancestors") != ["'self'"]:
            problems.append(f"admin frame-ancestors: {policy.get('frame-ancestors')}")
    else:
        script_src = policy.get("script-src", [])
        if "'unsafe-inline'" in script_src or "'unsafe-eval'" in script_src:
            problems.append(f"script-src allows inline code: {script_src}")
        if nonce_of(policy) is None:
            problems.append(f"script-src without a nonce: {script_src}")
        for name, expected in (
            ("default-src", ["'self'"]),
            ("object-src", ["'none'"]),
            ("frame-ancestors", ["'none'"]),
            ("base-uri", ["'self'"]),
            ("form-action", ["'self'"]),
        ):
            if policy.get(name) != expected:
                problems.append(f"{name}: {policy.get(name)}, expected {expected}")
        if response.status_code == 200:
            problems += inline_code_problems(response)
    if "camera=()" not in response.get("Permissions-Policy", ""):
        problems.append(f"Permissions-Policy: {response.get('Permissions-Policy')!r}")
    if logged_in:
        cache_control = response.get("Cache-Control", "")
        if "no-store" not in cache_control or "private" not in cache_control:
            problems.append(f"Cache-Control: {cache_control!r}")
    return problems


def _allowed(rule: Rule, name: str, user) -> bool:
    if rule.only is not None and name not in rule.only:
        return False
    if rule.access in (PUBLIC, LOGGED_IN):
        return True
    if rule.access == NOBODY:
        return False
    return bool(access_for(user).roles & rule.access)


def persona_for(rule: Rule, personas: dict) -> str:
    """The first persona in ``PREFERRED`` that ``rule`` lets in (the coordinator if nobody)."""
    for name in PREFERRED:
        if _allowed(rule, name, personas[name]):
            return name
    return "coordinator"


SAMPLED = [rule for rule in RULES if rule.samples]


@pytest.mark.parametrize("rule", SAMPLED, ids=_rule_id)
def test_every_sampled_url_carries_csp_permissions_policy_and_no_store_for_a_logged_in_persona(
    rule, _demo_pages_for_module, client, personas, request
):
    for fixture in rule.fixtures:
        request.getfixturevalue(fixture)
    name = persona_for(rule, personas)
    log_in(client, personas[name])
    failures = []
    for sample in rule.samples:
        url = sample(personas) if callable(sample) else sample
        response = client.get(url)
        failures += [
            f"{name} GET {url} ({response.status_code}): {problem}"
            for problem in header_problems(response, logged_in=True)
        ]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("rule", [r for r in SAMPLED if r.access == PUBLIC], ids=_rule_id)
def test_every_public_sample_carries_csp_and_permissions_policy_for_anonymous_visitors(
    rule, _demo_pages_for_module, client, personas, request
):
    for fixture in rule.fixtures:
        request.getfixturevalue(fixture)
    failures = []
    for sample in rule.samples:
        url = sample(personas) if callable(sample) else sample
        response = client.get(url)
        failures += [
            f"anonymous GET {url} ({response.status_code}): {problem}"
            for problem in header_problems(response, logged_in=False)
        ]
    assert not failures, "\n".join(failures)


def test_every_response_has_its_own_nonce(client, home_page):
    first, second = client.get("/"), client.get("/")

    assert nonce_of(directives(first)) != nonce_of(directives(second))


def test_every_inline_script_and_style_on_a_rendered_page_carries_the_responses_nonce():
    """The check the walk applies, on a page made for it: a script without the nonce is caught."""
    good = HttpResponse(
        '<script nonce="abc">x()</script><style nonce="abc">p{}</style>'
        '<script src="/static/js/menu.js"></script><script type="application/json">{}</script>'
    )
    bad = HttpResponse('<script>x()</script><p style="color: red" onclick="x()">')
    for response, nonce in ((good, "abc"), (bad, "abc")):
        response["Content-Security-Policy"] = f"script-src 'self' 'nonce-{nonce}'"
        response.request = {"PATH_INFO": "/"}

    assert inline_code_problems(good) == []
    assert len(inline_code_problems(bad)) == 3


def test_logged_in_pages_use_the_nonce_in_both_scripts_and_styles(client, login, coordinator):
    login(client, coordinator)

    policy = directives(client.get("/portaal/"))

    nonce = nonce_of(policy)
    assert f"'nonce-{nonce}'" in policy["style-src"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["img-src"] == ["'self'", "data:"]


@pytest.mark.parametrize("url", ["/admin/", "/django-admin/"])
def test_only_the_admins_allow_inline_code(client, login, administrator, url):
    login(client, administrator)

    policy = directives(client.get(url))

    assert "'unsafe-inline'" in policy["script-src"]
    assert nonce_of(policy) is None  # a nonce would switch 'unsafe-inline' off again
    assert policy["frame-ancestors"] == ["'self'"]  # Wagtail's preview is a frame of the admin
    assert policy["object-src"] == ["'none'"]


def test_the_error_page_style_is_allowed_by_its_hash_and_nothing_more():
    page = (settings.BASE_DIR / "site" / "templates" / "500.html").read_text(encoding="utf-8")
    style = re.search(r"<style>(.*?)</style>", page, re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    expected = f"'sha256-{digest}'"
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponseServerError(page))
    request = RequestFactory().get("/kapot/")

    response = middleware(request)

    assert error_page_style_hashes() == (expected,)
    style_src = directives(response)["style-src"]
    assert expected in style_src
    assert "'unsafe-inline'" not in style_src


# --- Downloads: private for anyone ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "disposition"),
    [
        ("text/csv; charset=utf-8", 'attachment; filename="a.csv"'),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ""),
        ("text/calendar; charset=utf-8", 'inline; filename="kring.ics"'),
        ("application/pdf", ""),
        ("application/octet-stream", 'attachment; filename="plan.docx"'),
    ],
)
def test_every_download_is_private_also_for_an_anonymous_visitor(rf, content_type, disposition):
    def view(request):
        response = HttpResponse(b"data", content_type=content_type)
        if disposition:
            response["Content-Disposition"] = disposition
        return response

    request = rf.get("/download/")
    request.user = AnonymousUser()

    response = PrivateResponseMiddleware(view)(request)

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_an_anonymous_page_may_be_cached(client, home_page):
    assert "no-store" not in client.get("/").get("Cache-Control", "")


@pytest.mark.django_db
def test_the_calendar_feed_is_private_for_its_anonymous_reader(client, coordinator):
    from coaching.portal.services import calendar_feed_create

    feed = calendar_feed_create(user=coordinator)

    response = client.get(f"/agenda/{feed.token}.ics")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_the_certificate_check_is_private_for_an_anonymous_visitor(client, personas):
    from tests.training.access_rules_certificates import certificate_verify_url

    response = client.get(certificate_verify_url(personas))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert header_problems(response, logged_in=True) == []


@pytest.mark.django_db
def test_the_certificate_pdf_is_private(client, login, personas):
    from tests.training.access_rules_certificates import certificate_pdf_url

    login(client, personas["coordinator"])

    response = client.get(certificate_pdf_url(personas))

    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]


def test_the_figures_charts_carry_the_nonce_and_no_style_attribute():
    from trajects.figures.charts import bar_chart

    svg = bar_chart(label="Aanmeldingen", categories=["a", "b"], series=[("n", [1, 2])], nonce="n0")

    assert re.findall(r"<style[^>]*>", svg) == ['<style type="text/css" nonce="n0">']
    assert "style=" not in svg.replace("<style", "")
    assert "<script" not in svg


def test_wagtails_preview_keeps_krings_policy_but_may_be_framed_by_the_admin():
    """Wagtail renders a preview on a made-up request (``is_dummy``) to the page's own address."""
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("<p>preview</p>"))
    request = RequestFactory().get("/wat-is-een-eigen-kracht-conferentie/")
    request.is_dummy = True

    policy = directives(middleware(request))

    assert policy["frame-ancestors"] == ["'self'"]
    assert nonce_of(policy) is not None
    assert "'unsafe-inline'" not in policy["script-src"]
