"""cms's URLs hold their access rules (tests/cms/access_rules.py) for every persona, in each
language where they are localised, until the access matrix takes the rules over."""

from __future__ import annotations

import pytest
from django.urls import resolve

from tests.cms.access_rules import RULES
from tests.conftest import PERSONA_NAMES, log_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.route)
def test_public_cms_url_answers_every_persona(rule, client, personas, site_pages):
    failures = []
    for name in PERSONA_NAMES:
        log_in(client, personas[name])
        for url in rule.samples:
            urls = [url, "/fr" + url] if url.startswith("/zoeken/") else [url]
            for each in urls:
                response = client.get(each)
                if response.status_code != 200:
                    failures.append(f"{name} GET {each}: {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("url", "route"),
    [("/zoeken/", "zoeken/"), ("/sitemap.xml", "sitemap.xml"), ("/robots.txt", "robots.txt")],
)
def test_every_cms_url_has_a_rule(url, route):
    assert resolve(url).route.endswith(route)
    assert any(rule.route == route for rule in RULES)
