"""The trajects app's URLs are in the project's access matrix (tests/config/test_access_matrix.py
imports ``access_rules.RULES`` and checks every persona against them)."""

from __future__ import annotations

from tests.config import test_access_matrix as matrix
from tests.trajects.access_rules import RULES


def test_every_staff_registration_and_traject_url_is_governed_by_a_trajects_rule():
    routes = [
        route
        for route in matrix.walk()
        if route.route.startswith(("staf/aanmeldingen/", "staf/trajecten/"))
    ]

    assert {route.name for route in routes} == {
        "registration_list",
        "registration_phone",
        "registration_detail",
        "registration_decide",
        "traject_list",
        "traject_detail",
        "traject_move",
        "traject_match",
        "status_link_revoke",
    }
    for route in routes:
        assert matrix.rule_for(route.route) in RULES, route.route


def test_made_up_staff_registration_urls_send_anonymous_visitors_to_log_in(client, db):
    for url in (
        "/staf/aanmeldingen/",
        "/staf/aanmeldingen/x1/",
        "/fr/staf/aanmeldingen/x1/",
        "/staf/aanmeldingen/x1/aanvaarden/",
        "/staf/trajecten/",
        "/staf/trajecten/x1/pauzeren/",
        "/staf/trajecten/x1/koppelen/",
        "/portaal/trajecten/",
        "/portaal/trajecten/voorstel/1/",
        "/portaal/trajecten/x1/",
    ):
        response = client.get(url)

        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"], url
